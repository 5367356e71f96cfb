package io.faunus.server;

import io.faunus.model.query.QueryEngine;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code faunus} command line. */
@Command(name = "faunus", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = "Faunus: a database that speaks Fauna's FQL v10 wire protocol.",
    subcommands = {Main.Start.class})
public final class Main implements Runnable {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(new CommandLine(new Main()).execute(args));
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out); // "faunus" alone: show what it can do
  }

  @Command(name = "start", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
      description = "Start a node and serve HTTP until SIGTERM or Ctrl-C.")
  static final class Start implements Callable<Integer> {
    @Option(names = "--port", defaultValue = "8443", description = "TCP port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--host", defaultValue = "localhost",
        description = "Interface to listen on; localhost means 127.0.0.1 and ::1 (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--data-dir", defaultValue = "./faunus-data",
        description = "Data directory (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--root-secret", defaultValue = "${env:FAUNUS_ROOT_SECRET:-secret}",
        description = "Root key secret; env FAUNUS_ROOT_SECRET (default: secret).")
    String rootSecret;

    @Option(names = "--memory", description = "Keep nothing on disk.")
    boolean memory;

    @Override
    public Integer call() throws Exception {
      ServerConfig config = ServerConfig.of(host, port, dataDir, rootSecret, memory);
      IdleHeap.enablePeriodicCollection();
      QueryEngine engine;
      try {
        engine = EngineWiring.create(config);
      } catch (UnsupportedOperationException e) {
        System.err.println("faunus: " + e.getMessage());
        return 1;
      }
      FaunusServer server = new FaunusServer(config, engine);
      try {
        server.start();
      } catch (Exception e) {
        System.err.println("faunus: cannot listen on " + host + ":" + port + ": " + e.getMessage());
        closeEngine(engine);
        return 1;
      }
      CountDownLatch stopped = new CountDownLatch(1);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        System.err.println("faunus: stopping (finishing running queries)...");
        server.close();
        closeEngine(engine);
        stopped.countDown();
      }, "faunus-shutdown"));
      for (InetSocketAddress a : server.addresses()) {
        System.out.println("faunus: listening on http://" + hostText(a) + ":" + a.getPort());
      }
      System.out.println("faunus: " + (memory ? "in memory, nothing is kept on disk" : "data in " + dataDir));
      String url = "http://" + (host.equals("localhost") ? "localhost" : host) + ":" + server.port();
      System.out.println("faunus: try  curl -H 'Authorization: Bearer " + rootSecret
          + "' -d '{\"query\":\"1 + 1\"}' " + url + "/query/1");
      stopped.await(); // the shutdown hook ends the process
      return 0;
    }

    private static String hostText(InetSocketAddress a) {
      String h = a.getAddress().getHostAddress();
      return h.contains(":") ? "[" + h.replaceAll("%.*", "").replaceAll("^0:0:0:0:0:0:0:1$", "::1") + "]" : h;
    }
  }

  static void closeEngine(QueryEngine engine) {
    if (engine instanceof AutoCloseable c) {
      try {
        c.close();
      } catch (Exception e) {
        System.err.println("faunus: error closing the database: " + e);
      }
    }
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"faunus " + (v == null ? "(development build)" : v)};
    }
  }
}
