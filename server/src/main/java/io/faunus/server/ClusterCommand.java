package io.faunus.server;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code faunus cluster --nodes 3}: a local cluster for development, each node a child process of this one
 * (the same jar and JVM), stopped together on Ctrl-C or SIGTERM.
 */
@Command(name = "cluster", mixinStandardHelpOptions = true,
    description = "Start a local cluster for development: N nodes on this machine, stopped together.")
final class ClusterCommand implements Callable<Integer> {
  @Option(names = "--nodes", defaultValue = "3", description = "Number of nodes, 1..9 (default: ${DEFAULT-VALUE}).")
  int nodes;

  @picocli.CommandLine.Mixin
  NodeBasics basics;

  @Option(names = "--raft-port", defaultValue = "9443",
      description = "Raft port of the first node; the others take the next ones (default: ${DEFAULT-VALUE}).")
  int raftPort;

  @Option(names = "--data-dir", defaultValue = "./faunus-cluster",
      description = "Each node keeps its data in a directory n1, n2, ... under this one (default: ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(names = "--log-dir", paramLabel = "DIR",
      description = "Each node writes its logs (faunus.log, query.log, audit.log) in DIR/n1, DIR/n2, ... "
          + "(default: none: each node's output goes to nN.log beside its data directory).")
  Path logDir;

  static final int NODES_MAX = 9;

  @Override
  public Integer call() throws Exception {
    if (nodes < 1 || nodes > NODES_MAX) {
      System.err.println("faunus: --nodes must be within 1.." + NODES_MAX);
      return 2;
    }
    int port = basics.port;
    StringBuilder peers = new StringBuilder();
    for (int i = 1; i <= nodes; i++) peers.append(i > 1 ? "," : "").append("n").append(i).append("=127.0.0.1:").append(raftPort + i - 1);
    String java = ProcessHandle.current().info().command().orElse("java");
    String jar = new File(ClusterCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getPath();
    List<Process> children = new ArrayList<>();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(children), "faunus-cluster-stop"));
    Files.createDirectories(dataDir);
    // Every node starts with --bootstrap: a new directory is a first start, an existing one restarts from its
    // state; a node whose directory was deleted meanwhile is refused (docs/operations.md, "Replacing a lost disk").
    System.out.println("faunus: starting " + nodes + " members with --bootstrap (new data directories form a new cluster)");
    for (int i = 1; i <= nodes; i++) {
      Path dir = dataDir.resolve("n" + i);
      List<String> cmd = new ArrayList<>(List.of(java, "-Xss16m", "-cp", jar, Main.class.getName(), "start", "--host", "127.0.0.1",
          "--port", String.valueOf(port + i - 1), "--data-dir", dir.toString(), "--root-secret", basics.rootSecret,
          "--node-id", "n" + i, "--peers", peers.toString(), "--bootstrap"));
      // Every node reads the same file (TLS, limits, logs...); the flags above override its per-node keys.
      if (basics.config != null) cmd.addAll(List.of("--config", basics.config.toString()));
      // Nodes must not share log files: each gets its own directory (the file's log.dir included).
      if (logDir != null) cmd.addAll(List.of("--log-dir", logDir.resolve("n" + i).toString()));
      File log = dataDir.resolve("n" + i + ".log").toFile();
      children.add(new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log)).start());
      System.out.printf("faunus: n%d  http://127.0.0.1:%d  raft 127.0.0.1:%d  data %s  log %s%n", i, port + i - 1,
          raftPort + i - 1, dir, log);
    }
    System.out.println("faunus: status:  ./faunus admin status --url http://127.0.0.1:" + port);
    System.out.println("faunus: Ctrl-C stops every node.");
    for (Process p : children) {
      int code = p.waitFor();
      if (code != 0) System.err.println("faunus: a node exited with status " + code + "; see its log");
    }
    return 0;
  }

  private static void stop(List<Process> children) {
    for (Process p : children) p.destroy();
    for (Process p : children) {
      try {
        if (!p.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) p.destroyForcibly();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
