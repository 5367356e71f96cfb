package io.faunus.server.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import io.faunus.node.Node;
import io.faunus.node.NodeConfig;
import io.faunus.server.ConnectionLimits;
import io.faunus.server.FaunusServer;
import io.faunus.server.ServerConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes the HTTP request path of a real node (Netty, in-memory storage) on loopback with raw sockets
 * (docs/verification.md, "HTTP fuzzing"): every input must be answered or its connection closed within
 * {@link #HANG_BOUND_MS}, no answer may be a 5xx other than 503, and the node must still answer queries
 * afterwards. {@code -Dhttpfuzz.cases=N} (default {@value #CASES_DEFAULT}), {@code -Dhttpfuzz.seed=S}; a failing case
 * prints itself and replays alone with {@code -Dhttpfuzz.seed=S -Dhttpfuzz.case=I}.
 */
class HttpFuzzE2ETest {
  static final int CASES_DEFAULT = 400;
  /** Short connection timeouts, so an incomplete request is refused (408) and an idle one closed quickly. */
  static final ConnectionLimits LIMITS = new ConnectionLimits(1_500, 1_000, 4_096);
  /** The idle and read timeouts plus a generous margin for a loaded machine: beyond this, the node hung. */
  static final long HANG_BOUND_MS = 20_000;
  static final int PARALLEL = 12;
  static final int SLOWEST_SHOWN = 8;

  @Test
  void everyInputIsAnsweredOrClosedNeverA5xx() throws Exception {
    long seed = Long.getLong("httpfuzz.seed", 1);
    String one = System.getProperty("httpfuzz.case");
    int cases = Integer.getInteger("httpfuzz.cases", CASES_DEFAULT);
    // A client must not be able to make the node log an exception at a pipeline's end (finding 4) or an ERROR
    // of Netty's HTTP/2 code (finding 5): either would let it flood the log.
    NettyLogRecorder nettyLog = NettyLogRecorder.attach();
    Node node = Node.open(new NodeConfig(null, true, FuzzCases.SECRET));
    FaunusServer server = new FaunusServer(ServerConfig.of("127.0.0.1", 0, null, FuzzCases.SECRET, true)
        .withConnections(LIMITS), node).start();
    try {
      Probe probe = new Probe(server.port());
      probe.ok("Collection.create({ name: 'Fuzz' }); 1");
      List<FuzzRunner.Result> results = new ArrayList<>();
      long start = System.nanoTime();
      if (one != null && !one.isBlank()) {
        FuzzCase c = FuzzCases.generate(seed, Long.parseLong(one.trim()));
        results.add(FuzzRunner.run(server.port(), c, HANG_BOUND_MS));
        System.out.println("fuzz: case " + one + " " + c.recipe() + "\n  input " + c.show(2_000) + "\n  " + results.get(0));
      } else {
        ExecutorService pool = Executors.newFixedThreadPool(PARALLEL);
        try {
          List<Future<FuzzRunner.Result>> futures = new ArrayList<>();
          for (long i = 0; i < cases; i++) {
            long index = i;
            futures.add(pool.submit(() -> FuzzRunner.run(server.port(), FuzzCases.generate(seed, index), HANG_BOUND_MS)));
          }
          for (Future<FuzzRunner.Result> f : futures) results.add(f.get());
        } finally {
          pool.shutdownNow();
        }
      }
      Map<Integer, Integer> byStatus = new TreeMap<>();
      int closed = 0;
      List<String> failures = new ArrayList<>();
      for (FuzzRunner.Result r : results) {
        r.statuses().forEach(s -> byStatus.merge(s, 1, Integer::sum));
        if (r.closed()) closed++;
        if (r.hung() || r.bad5xx()) {
          failures.add((r.hung() ? "HUNG" : "5xx " + r.statuses()) + " case " + r.input().index() + " (" + r.input().recipe()
              + "): replay with -Dhttpfuzz.seed=" + seed + " -Dhttpfuzz.case=" + r.input().index() + "\n  input " + r.input().show(400));
        }
      }
      System.out.printf("fuzz: %d cases (seed %d) in %d ms; statuses %s; %d connections closed by the node; %d failed%n",
          results.size(), seed, (System.nanoTime() - start) / 1_000_000, byStatus, closed, failures.size());
      failures.forEach(f -> System.out.println("fuzz: FAILED " + f));
      results.stream().sorted(java.util.Comparator.comparingLong(FuzzRunner.Result::elapsedMs).reversed()).limit(SLOWEST_SHOWN)
          .forEach(r -> System.out.println("fuzz: slow " + r.elapsedMs() + " ms case " + r.input().index() + " (" + r.input().recipe()
              + ") statuses " + r.statuses() + (r.closed() ? " closed" : "")));
      assertThat(failures).isEmpty();
      // The node is still there and still right.
      assertThat(probe.ok("1 + 1")).contains("\"data\":2");
      assertThat(probe.ok("Fuzz.create({ n: 7 }); Fuzz.where(.n == 7).count() >= 1")).contains("\"data\":true");
      // Checked after the probes: connections close on their own event loops after the client saw the close.
      assertThat(nettyLog.recorded()).as("Netty warnings of unhandled exceptions and HTTP/2 errors").isEmpty();
      if (results.size() >= 100) {
        // The inputs reached the query path and its refusals, not only the framing layer.
        assertThat(byStatus.getOrDefault(200, 0)).isGreaterThan(results.size() / 20);
        assertThat(byStatus.keySet().stream().filter(s -> s >= 400 && s < 500).count()).isGreaterThanOrEqualTo(4);
      }
    } finally {
      nettyLog.close();
      server.close();
      node.close();
    }
  }

  /** A well-behaved client for before and after the fuzzing. */
  record Probe(int port) {
    String ok(String fql) throws Exception {
      var http = java.net.http.HttpClient.newHttpClient();
      var req = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/query/1"))
          .header("Authorization", "Bearer " + FuzzCases.SECRET)
          .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
              new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode().put("query", fql).toString())).build();
      var resp = http.send(req, java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(resp.statusCode()).as(resp.body()).isEqualTo(200);
      return resp.body();
    }
  }
}
