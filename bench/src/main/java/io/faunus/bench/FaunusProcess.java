package io.faunus.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The Faunus node under test: {@link DbServer} from this jar, durable, in a fresh directory. */
final class FaunusProcess implements AutoCloseable {
  final int port;
  final double startSecs;
  private final Process process;
  private final Path dataDir;

  private FaunusProcess(int port, double startSecs, Process process, Path dataDir) {
    this.port = port;
    this.startSecs = startSecs;
    this.process = process;
    this.dataDir = dataDir;
  }

  long pid() {
    return process.pid();
  }

  static FaunusProcess start(Path dataRoot, String cpus) throws IOException, InterruptedException {
    Path dataDir = Files.createTempDirectory(dataRoot, "faunus-");
    int port = Bench.freePort();
    String java = ProcessHandle.current().info().command().orElse("java");
    String jar = Path.of(Bench.class.getProtectionDomain().getCodeSource().getLocation().getPath()).toString();
    List<String> cmd = new ArrayList<>();
    if (cpus != null) cmd.addAll(List.of("taskset", "-c", cpus));
    cmd.addAll(List.of(java, "-Xss16m"));
    // Extra JVM options for profiling the server (GC logs, JFR), e.g. FAUNUS_BENCH_SERVER_JAVA_OPTS="-Xlog:gc:gc.log".
    String extra = System.getenv().getOrDefault("FAUNUS_BENCH_SERVER_JAVA_OPTS", "").strip();
    if (!extra.isEmpty()) cmd.addAll(List.of(extra.split("\\s+")));
    cmd.addAll(List.of("-cp", jar, "io.faunus.bench.DbServer", "--host", "127.0.0.1",
        "--port", String.valueOf(port), "--stats-port", String.valueOf(Bench.freePort()), "--data-dir",
        dataDir.toString(), "--root-secret", Bench.SECRET));
    long t0 = System.nanoTime();
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(dataRoot.resolve(dataDir.getFileName() + ".log").toFile()).start();
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    long deadline = System.currentTimeMillis() + 120_000;
    while (true) {
      try {
        HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ping"))
            .build(), HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 200) return new FaunusProcess(port, (System.nanoTime() - t0) / 1e9, p, dataDir);
      } catch (IOException e) {
        // not listening yet
      }
      if (!p.isAlive() || System.currentTimeMillis() > deadline) {
        p.destroyForcibly();
        throw new IOException("the Faunus node did not start (see " + dataRoot.resolve(dataDir.getFileName() + ".log") + ")");
      }
      Thread.sleep(50);
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy(); // SIGTERM: DbServer closes the node cleanly
    if (!process.waitFor(30, TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
    Bench.deleteTree(dataDir);
  }
}
