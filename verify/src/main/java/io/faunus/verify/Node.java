package io.faunus.verify;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One cluster member: a {@code faunus start} child process with a fixed HTTP port, Raft port and data
 * directory, so that it can be killed, paused and restarted as the same member.
 */
final class Node {
  /** The server's entry point, named rather than linked: this module does not depend on the server's. */
  static final String MAIN_CLASS = "io.faunus.server.Main";
  static final long START_TIMEOUT_MS = 120_000;
  static final String BOOTSTRAP = "--bootstrap", JOIN = "--join";

  final String id;
  final int httpPort, raftPort;
  final Path dataDir, log;
  private final List<String> command;
  private Process process;
  private boolean paused;
  /** Set when the run is over: a fault still in flight must not start the node again behind the cleanup. */
  private boolean retired;
  /** Set when the harness ended the process (a kill, a stop); a process that ended without it exited on its own. */
  private boolean endedByHarness;
  /** What the process was last started with ({@code --bootstrap} or {@code --join}): a restart uses the same. */
  private List<String> lastCommand;
  /** The node's clock skew in ms, written to {@link #skewFile}, which the node re-reads every second. */
  private long clockSkewMs;
  /** Beside the node's log, so that a wipe of the data directory keeps it. */
  private final Path skewFile;

  Node(String id, int httpPort, int raftPort, Path dataDir, Path log, List<String> command) {
    this.id = id;
    this.httpPort = httpPort;
    this.raftPort = raftPort;
    this.dataDir = dataDir;
    this.log = log;
    this.command = List.copyOf(command);
    this.skewFile = log.resolveSibling(id + ".clock-skew-ms");
  }

  /**
   * The command that starts a member: the same jar (class path) and JVM as this process. A "cluster" of one
   * ({@code peers} names only this node) is a plain single node, with its own log instead of Raft, so that
   * {@code --nodes 1} checks the single-node commit path users run with {@code faunus start}.
   */
  static List<String> command(String java, String classpath, String id, int httpPort, Path dataDir, String peers,
                              String raftListen, String secret, ReadMode readMode) {
    List<String> cmd = new java.util.ArrayList<>(List.of(java, "-Xss16m", "-Xmx512m", "-cp", classpath, MAIN_CLASS,
        "start", "--host", "127.0.0.1", "--port", String.valueOf(httpPort), "--data-dir", dataDir.toString(),
        "--root-secret", secret));
    // Every start says "first start" (--bootstrap): a new directory forms the cluster with the others, an
    // existing one restarts from its state, and a wiped one is refused, so it comes back with startJoining.
    // --raft-listen: the node binds its real Raft port while its --peers entry (what the others are told, and all
    // that enters the group's configuration) is its proxy.
    if (peers.contains(",")) {
      cmd.addAll(List.of("--node-id", id, "--peers", peers, "--raft-listen", raftListen, "--read-mode", readMode.name(), BOOTSTRAP));
    }
    return List.copyOf(cmd);
  }

  synchronized void start() throws IOException {
    start(command);
  }

  /** Starts a member whose data was lost as a new member ({@code --join}): it serves once a member adds it. */
  synchronized void startJoining() throws IOException {
    if (!command.contains(BOOTSTRAP)) throw new IllegalStateException(id + " is not a cluster member");
    start(command.stream().map(a -> a.equals(BOOTSTRAP) ? JOIN : a).toList());
  }

  private void start(List<String> command) throws IOException {
    if (retired) throw new IllegalStateException(id + " was stopped for good: the run is over");
    if (process != null && process.isAlive()) throw new IllegalStateException(id + " is running");
    Files.createDirectories(dataDir);
    List<String> withSkew = new java.util.ArrayList<>(command);
    withSkew.add(1, "-Dfaunus.clock-skew-file=" + skewFile); // a JVM option: right after the java binary
    process = new ProcessBuilder(withSkew).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    paused = false;
    endedByHarness = false;
    lastCommand = command;
  }

  /**
   * The exit status of a process that ended without the harness ending it (a crash, a refused start, an exit
   * after an error); empty while it runs, or when the harness killed or stopped it.
   */
  synchronized java.util.OptionalInt exitedOnItsOwn() {
    if (process == null || process.isAlive() || endedByHarness || retired) return java.util.OptionalInt.empty();
    return java.util.OptionalInt.of(process.exitValue());
  }

  /** Starts the process again the way it was last started (after it exited on its own). */
  synchronized void restartAsBefore() throws IOException {
    start(lastCommand);
  }

  synchronized boolean alive() {
    return process != null && process.isAlive();
  }

  synchronized boolean paused() {
    return paused;
  }

  synchronized long pid() {
    return process == null ? -1 : process.pid();
  }

  /** kill -9 (destroyForcibly is SIGKILL on Unix), and wait until it is gone. */
  synchronized void kill() throws InterruptedException {
    if (process == null) return;
    if (paused) signal("CONT"); // a stopped process dies of SIGKILL too, but leave nothing stopped behind
    endedByHarness = true;
    process.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) throw new IllegalStateException(id + " survived SIGKILL");
    paused = false;
  }

  /**
   * Steps the node's clock to {@code ms} ahead of the machine's (behind when negative), running or not: the
   * node re-reads the file within a second (test-only {@code -Dfaunus.clock-skew-file}, see CommitClock).
   */
  synchronized void jumpClock(long ms) throws IOException {
    Path tmp = skewFile.resolveSibling(skewFile.getFileName() + ".tmp");
    Files.writeString(tmp, Long.toString(ms));
    Files.move(tmp, skewFile, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    clockSkewMs = ms;
  }

  synchronized long clockSkewMs() {
    return clockSkewMs;
  }

  /** Deletes the data directory (the node must be dead): the disk was lost. */
  synchronized void wipe() throws IOException {
    if (alive()) throw new IllegalStateException(id + " is running: kill it before wiping its data");
    if (!Files.exists(dataDir)) return;
    try (var paths = Files.walk(dataDir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
    }
  }

  /** SIGSTOP: the process freezes, sockets stay open (a long GC pause or a stalled VM). */
  synchronized void pause() {
    if (alive() && !paused) paused = signal("STOP");
  }

  synchronized void resume() {
    if (alive() && paused) paused = !signal("CONT");
  }

  /** Stops the node for good: {@link #stop}, and no later {@link #start}. */
  synchronized void retire() throws InterruptedException {
    retired = true;
    try {
      stop();
    } finally {
      // An interrupted caller (a test's timeout) gets here without waiting: SIGKILL needs no wait, and a node
      // left behind would run on, and load the machine, long after its run ended.
      if (process != null && process.isAlive()) process.destroyForcibly();
    }
  }

  /** SIGTERM, then SIGKILL if it has not stopped within 20 s. */
  synchronized void stop() throws InterruptedException {
    if (process == null || !process.isAlive()) return;
    resume();
    endedByHarness = true;
    process.destroy();
    if (!process.waitFor(20, TimeUnit.SECONDS)) kill();
  }

  /** Sends a signal with kill(1): Java has no API for SIGSTOP/SIGCONT. */
  private boolean signal(String name) {
    try {
      Process k = new ProcessBuilder("kill", "-" + name, String.valueOf(process.pid()))
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      return k.waitFor(10, TimeUnit.SECONDS) && k.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  File logFile() {
    return log.toFile();
  }
}
