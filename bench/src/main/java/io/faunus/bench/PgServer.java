package io.faunus.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away PostgreSQL server for {@link Bench}: {@code initdb} into a fresh directory, then {@code postgres} on
 * 127.0.0.1 with the durable defaults (fsync on, synchronous_commit on, full_page_writes on) and every transaction
 * SERIALIZABLE. The binaries are Debian's ({@code apt-get install postgresql}); PostgreSQL refuses to run as
 * root, so as root both run as the {@code postgres} user through {@code setpriv}, which execs in place: the
 * process we start is the postmaster itself, and {@code taskset} pins it and every backend it forks.
 */
final class PgServer implements AutoCloseable {
  static final Path DEFAULT_BIN = Path.of("/usr/lib/postgresql/15/bin");
  static final String USER = "bench";
  private static final long START_TIMEOUT_MS = 60_000;

  final int port;
  final Path dataDir;
  private final Process postmaster;
  /** From starting {@code postgres} (after initdb) to the first accepted connection. */
  double startSecs;

  private PgServer(int port, Path dataDir, Process postmaster) {
    this.port = port;
    this.dataDir = dataDir;
    this.postmaster = postmaster;
  }

  long pid() {
    return postmaster.pid();
  }

  Connection connect() throws SQLException {
    // prepareThreshold=1: every statement is a server-side prepared statement from its first use on.
    Connection c = DriverManager.getConnection(
        "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=" + USER + "&prepareThreshold=1&tcpKeepAlive=true");
    c.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
    return c;
  }

  static PgServer start(Path bin, Path parent, int port, String cpus) throws IOException, InterruptedException {
    if (!Files.isExecutable(bin.resolve("postgres")) || !Files.isExecutable(bin.resolve("initdb"))) {
      throw new IOException("no PostgreSQL binaries in " + bin + " (Debian: apt-get install postgresql; or --pg-bin DIR)");
    }
    Path dataDir = Files.createTempDirectory(parent, "pg-");
    List<String> asUser = asPostgresUser(dataDir);
    List<String> initdb = new ArrayList<>(asUser);
    initdb.addAll(List.of(bin.resolve("initdb").toString(), "-D", dataDir.toString(), "-U", USER, "--auth=trust",
        "--encoding=UTF8", "--locale=C.UTF-8"));
    run(initdb, dataDir.resolveSibling(dataDir.getFileName() + ".initdb.log"));
    List<String> cmd = new ArrayList<>();
    if (cpus != null) cmd.addAll(List.of("taskset", "-c", cpus));
    cmd.addAll(asUser);
    cmd.addAll(List.of(bin.resolve("postgres").toString(), "-D", dataDir.toString(), "-p", String.valueOf(port),
        "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=" + dataDir,
        "-c", "fsync=on", "-c", "synchronous_commit=on", "-c", "default_transaction_isolation=serializable",
        "-c", "max_connections=200", "-c", "shared_buffers=256MB", "-c", "logging_collector=off"));
    long t0 = System.nanoTime();
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(dataDir.resolveSibling(dataDir.getFileName() + ".log").toFile()).start();
    PgServer s = new PgServer(port, dataDir, p);
    long deadline = System.currentTimeMillis() + START_TIMEOUT_MS;
    while (true) {
      try (Connection c = s.connect()) {
        s.startSecs = (System.nanoTime() - t0) / 1e9;
        return s;
      } catch (SQLException e) {
        if (!p.isAlive() || System.currentTimeMillis() > deadline) {
          s.close();
          throw new IOException("PostgreSQL did not start (see " + dataDir + ".log): " + e.getMessage());
        }
        Thread.sleep(100);
      }
    }
  }

  /** As root: run as the {@code postgres} user, who must own the directories. Otherwise as ourselves. */
  private static List<String> asPostgresUser(Path... dirs) throws IOException, InterruptedException {
    if (!"root".equals(System.getProperty("user.name"))) return List.of();
    for (Path d : dirs) run(List.of("chown", "-R", "postgres:postgres", d.toString()), null);
    return List.of("setpriv", "--reuid=postgres", "--regid=postgres", "--init-groups", "--");
  }

  private static void run(List<String> cmd, Path log) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    if (log != null) pb.redirectOutput(log.toFile());
    else pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
    Process p = pb.start();
    if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException(String.join(" ", cmd) + " failed" + (log != null ? " (see " + log + ")" : ""));
    }
  }

  /** Fast shutdown (SIGINT: abort open transactions, checkpoint, exit), then the data directory is removed. */
  @Override
  public void close() {
    try {
      new ProcessBuilder("kill", "-INT", String.valueOf(postmaster.pid())).start().waitFor();
      if (!postmaster.waitFor(30, TimeUnit.SECONDS)) postmaster.destroyForcibly().waitFor();
    } catch (IOException | InterruptedException e) {
      postmaster.destroyForcibly();
    }
    Bench.deleteTree(dataDir);
  }
}
