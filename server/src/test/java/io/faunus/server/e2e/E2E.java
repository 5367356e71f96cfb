package io.faunus.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.faunus.model.query.QueryEngine;
import io.faunus.server.FaunusServer;
import io.faunus.server.ServerConfig;
import io.faunus.node.Node;
import io.faunus.node.NodeRuntime;
import io.faunus.node.NodeConfig;
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
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Shared plumbing of the end-to-end tests: a real node (real storage engine, Netty, sockets) started in
 * this JVM ({@link InProcess}) or in a child JVM ({@link Child}), and a small HTTP client for /query/1.
 */
final class E2E {
  private E2E() {}

  static final ObjectMapper JSON = new ObjectMapper();
  static final String ROOT = "secret";

  /** One /query/1 answer. */
  record Resp(int status, JsonNode body, String raw) {
    JsonNode data() {
      return body.get("data");
    }

    long txnTs() {
      assertThat(body.has("txn_ts")).as("txn_ts in %s", raw).isTrue();
      return body.get("txn_ts").asLong();
    }

    String errorCode() {
      JsonNode e = body.path("error").path("code");
      return e.isMissingNode() ? null : e.asText();
    }

    String errorMessage() {
      return body.path("error").path("message").asText(null);
    }

    /** Asserts 200 and returns this (for chaining). */
    Resp ok() {
      assertThat(status).as("status of %s", raw).isEqualTo(200);
      return this;
    }

    /** Asserts a 400 query failure with this code and returns this. */
    Resp fails(String code) {
      assertThat(status).as("status of %s", raw).isEqualTo(400);
      assertThat(errorCode()).as("error code of %s", raw).isEqualTo(code);
      return this;
    }

    @Override
    public String toString() {
      return status + " " + raw;
    }
  }

  /** Posts queries to one node's /query/1 over HTTP/1.1. Thread-safe. */
  static final class Client {
    final int port;
    final String secret;
    final HttpClient http;

    Client(int port, String secret) {
      this(port, secret, HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5)).build());
    }

    private Client(int port, String secret, HttpClient http) {
      this.port = port;
      this.secret = secret;
      this.http = http;
    }

    /** The same node, another secret (shares the connection pool). */
    Client as(String otherSecret) {
      return new Client(port, otherSecret, http);
    }

    Resp query(String fql, String... headers) {
      return send(body(fql, null), headers);
    }

    /** A query with `arguments` (simple JSON values). */
    Resp query(String fql, Map<String, ?> arguments, String... headers) {
      return send(body(fql, arguments), headers);
    }

    /** Like {@link #query} but lets I/O failures through (crash tests expect them). */
    Resp tryQuery(String fql, String... headers) throws IOException, InterruptedException {
      return sendRaw(body(fql, null), headers);
    }

    private static String body(String fql, Map<String, ?> arguments) {
      ObjectNode b = JSON.createObjectNode();
      b.put("query", fql);
      if (arguments != null) b.set("arguments", JSON.valueToTree(arguments));
      return b.toString();
    }

    private Resp send(String body, String... headers) {
      try {
        return sendRaw(body, headers);
      } catch (IOException e) {
        throw new RuntimeException("POST /query/1 failed: " + body, e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new RuntimeException(e);
      }
    }

    private Resp sendRaw(String body, String... headers) throws IOException, InterruptedException {
      HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/query/1"))
          .timeout(Duration.ofSeconds(60))
          .header("Authorization", "Bearer " + secret)
          .POST(HttpRequest.BodyPublishers.ofString(body));
      if (headers.length > 0) b.headers(headers);
      HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
      JsonNode json = r.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(r.body());
      return new Resp(r.statusCode(), json, r.body());
    }

    boolean ping() {
      try {
        var r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ping"))
            .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
        return r.statusCode() == 200;
      } catch (IOException e) {
        return false;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
  }

  /** A node in this JVM: {@link Node} on RocksDB (or memory) behind a {@link FaunusServer} on a free port. */
  static final class InProcess implements AutoCloseable {
    final Node node;
    final FaunusServer server;
    final Client client;

    private InProcess(Node node, FaunusServer server) {
      this.node = node;
      this.server = server;
      this.client = new Client(server.port(), ROOT);
    }

    /** A durable node whose data lives in {@code dataDir} (RocksDB). */
    static InProcess start(Path dataDir) {
      return start(dataDir, false);
    }

    static InProcess start(Path dataDir, boolean memory) {
      return start(dataDir, memory, UnaryOperator.identity(), UnaryOperator.identity());
    }

    /** A node in memory whose server settings {@code tune} changes (e.g. small timeouts). */
    static InProcess inMemory(UnaryOperator<ServerConfig> tune) {
      return start(null, true, tune, UnaryOperator.identity());
    }

    /** {@code front} may put something between the server and the node (see {@link GatedEngine}). */
    static InProcess start(Path dataDir, boolean memory, UnaryOperator<ServerConfig> tune,
                           UnaryOperator<QueryEngine> front) {
      return start(Node.open(new NodeConfig(dataDir, memory, ROOT)), dataDir, memory, tune, front);
    }

    /** A node whose background index builds run on {@code builds} (see {@link PausableBuilds}). */
    static InProcess start(Path dataDir, boolean memory, java.util.concurrent.ExecutorService builds) {
      Node node = Node.open(new NodeConfig(dataDir, memory, ROOT), NodeRuntime.production().withIndexBuilds(builds));
      return start(node, dataDir, memory, UnaryOperator.identity(), UnaryOperator.identity());
    }

    private static InProcess start(Node node, Path dataDir, boolean memory, UnaryOperator<ServerConfig> tune,
                                   UnaryOperator<QueryEngine> front) {
      try {
        ServerConfig config = tune.apply(ServerConfig.of("127.0.0.1", 0, dataDir, ROOT, memory));
        FaunusServer server = new FaunusServer(config, front.apply(node)).start();
        return new InProcess(node, server);
      } catch (Exception e) {
        node.close();
        throw new RuntimeException(e);
      }
    }

    Resp query(String fql, String... headers) {
      return client.query(fql, headers);
    }

    Client as(String secret) {
      return client.as(secret);
    }

    @Override
    public void close() {
      server.close();
      node.close();
    }
  }

  /** {@code io.faunus.server.Main start} in a child JVM, so it can be killed with SIGKILL. */
  static final class Child implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)");
    final Process process;
    final Client client;

    private Child(Process process, int port, String secret) {
      this.process = process;
      this.client = new Client(port, secret);
    }

    /** {@code options}: more options of {@code faunus start}. */
    static Child start(Path dataDir, Path log, String... options) throws Exception {
      return launch(dataDir, log, options).await();
    }

    /**
     * Starts the process without waiting for it to serve (cluster members wait for each other, so they are
     * launched together and awaited after).
     */
    static Launch launch(Path dataDir, Path log, String... options) throws IOException {
      return launchAs(ROOT, dataDir, log, options);
    }

    /** A child whose root secret is {@code rootSecret}. */
    static Launch launchAs(String rootSecret, Path dataDir, Path log, String... options) throws IOException {
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      // Surefire may run tests from a manifest-only jar; its real class path is in this property.
      String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
      List<String> cmd = new ArrayList<>(List.of(java, "-Xmx512m", "-cp", cp, "io.faunus.server.Main", "start",
          "--host", "127.0.0.1", "--port", "0", "--data-dir", dataDir.toString(), "--root-secret", rootSecret));
      cmd.addAll(List.of(options));
      long from = Files.exists(log) ? Files.size(log) : 0; // the log may hold earlier runs' lines
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
      return new Launch(p, log, from, rootSecret);
    }

    /** A launched child whose "listening" line is looked for in {@code log} after byte {@code from}. */
    record Launch(Process process, Path log, long from, String rootSecret) {
      Child await() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
          if (!process.isAlive()) {
            throw new IllegalStateException("child node exited with " + process.exitValue() + ":\n" + Files.readString(log));
          }
          String text = Files.readString(log);
          Matcher m = LISTENING.matcher(text.substring((int) Math.min(from, text.length())));
          String port = null;
          while (m.find()) port = m.group(1);
          if (port != null) {
            Child c = new Child(process, Integer.parseInt(port), rootSecret);
            if (c.client.ping()) return c;
          }
          Thread.sleep(50);
        }
        process.destroyForcibly();
        throw new IllegalStateException("child node did not start:\n" + Files.readString(log));
      }
    }

    /** kill -9. */
    void kill() throws InterruptedException {
      process.destroyForcibly();
      assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }

    @Override
    public void close() throws InterruptedException {
      if (process.isAlive()) {
        process.destroy();
        if (!process.waitFor(15, TimeUnit.SECONDS)) kill();
      }
    }
  }

  /**
   * Runs {@code task(i)} for i in [0, threads) on that many threads released together, and returns the
   * results in order. Fails if any task throws.
   */
  static <T> List<T> concurrently(int threads, IntTask<T> task) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(threads);
      List<Future<T>> fs = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        int n = i;
        Callable<T> c = () -> {
          start.await();
          return task.run(n);
        };
        fs.add(pool.submit(c));
      }
      List<T> out = new ArrayList<>();
      for (Future<T> f : fs) out.add(f.get(5, TimeUnit.MINUTES));
      return out;
    } finally {
      pool.shutdownNow();
    }
  }

  @FunctionalInterface
  interface IntTask<T> {
    T run(int i) throws Exception;
  }

  /** Sends until the answer is not 409 contended_transaction (a client-side retry loop); at most 200 tries. */
  static Resp retryOn409(Client c, String fql, String... headers) throws InterruptedException {
    Resp r = null;
    for (int i = 0; i < 200; i++) {
      r = c.query(fql, headers);
      if (r.status() != 409) return r;
      assertThat(r.errorCode()).isEqualTo("contended_transaction");
      Thread.sleep(i < 5 ? 0 : Math.min(20, i));
    }
    return r;
  }
}
