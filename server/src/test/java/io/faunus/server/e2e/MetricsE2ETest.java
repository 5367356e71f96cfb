package io.faunus.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.faunus.server.e2e.E2E.InProcess;
import io.faunus.server.metrics.Samples;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GET /metrics after a known workload: the counters moved by exactly what the workload did. */
class MetricsE2ETest {
  @TempDir
  Path dir;

  private static HttpResponse<String> get(int port, String secret) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
        .timeout(Duration.ofSeconds(30)).GET();
    if (secret != null) b.header("Authorization", "Bearer " + secret);
    return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static Samples scrape(int port) throws Exception {
    HttpResponse<String> r = get(port, E2E.ROOT);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("content-type").orElse("")).startsWith("text/plain; version=0.0.4");
    return Samples.parse(r.body());
  }

  @Test
  void countersFollowAKnownWorkload() throws Exception {
    try (InProcess n = InProcess.start(dir.resolve("data"))) {
      int port = n.client.port;
      assertThat(n.query("Collection.create({ name: 'Things' })").status()).isEqualTo(200);
      Samples before = scrape(port);

      long writeOps = 0;
      long computeOps = 0;
      long readOps = 0;
      for (int i = 0; i < 3; i++) {
        E2E.Resp r = n.query("Things.create({ i: " + i + " })");
        assertThat(r.status()).isEqualTo(200);
        writeOps += r.body().path("stats").path("write_ops").asLong();
        computeOps += r.body().path("stats").path("compute_ops").asLong();
        readOps += r.body().path("stats").path("read_ops").asLong();
      }
      for (int i = 0; i < 5; i++) {
        E2E.Resp r = n.query("1 + " + i);
        assertThat(r.status()).isEqualTo(200);
        computeOps += r.body().path("stats").path("compute_ops").asLong();
        readOps += r.body().path("stats").path("read_ops").asLong();
      }
      for (int i = 0; i < 2; i++) {
        E2E.Resp r = n.query("abort('no')");
        assertThat(r.errorCode()).isEqualTo("abort");
        computeOps += r.body().path("stats").path("compute_ops").asLong();
        readOps += r.body().path("stats").path("read_ops").asLong();
      }
      E2E.Resp invalid = n.query("1 +");
      assertThat(invalid.errorCode()).isEqualTo("invalid_query");
      computeOps += invalid.body().path("stats").path("compute_ops").asLong();
      readOps += invalid.body().path("stats").path("read_ops").asLong();
      assertThat(n.as("not-a-secret").query("1").status()).isEqualTo(401);

      Samples after = scrape(port);
      assertThat(delta(before, after, "faunus_queries_total", "code", "ok", "endpoint", "query")).isEqualTo(8);
      assertThat(delta(before, after, "faunus_queries_total", "code", "abort", "endpoint", "query")).isEqualTo(2);
      assertThat(delta(before, after, "faunus_queries_total", "code", "invalid_query", "endpoint", "query")).isEqualTo(1);
      assertThat(delta(before, after, "faunus_queries_total", "code", "unauthorized", "endpoint", "query")).isEqualTo(1);
      assertThat(delta(before, after, "faunus_requests_seconds_count", "endpoint", "query", "status", "200")).isEqualTo(8);
      assertThat(delta(before, after, "faunus_requests_seconds_count", "endpoint", "query", "status", "400")).isEqualTo(3);
      assertThat(delta(before, after, "faunus_requests_seconds_count", "endpoint", "query", "status", "401")).isEqualTo(1);
      // the 200 scrape before this one is counted once it is answered
      assertThat(delta(before, after, "faunus_requests_seconds_count", "endpoint", "metrics", "status", "200")).isEqualTo(1);
      assertThat(after.has("faunus_requests_seconds_bucket")).isTrue();
      assertThat(delta(before, after, "faunus_commits_total")).isEqualTo(3);
      double entries = delta(before, after, "faunus_log_entries_total");
      assertThat(entries).isBetween(1.0, 3.0); // group commit may share one fsync among the three
      assertThat(delta(before, after, "faunus_storage_write_seconds_total")).isPositive();
      assertThat(delta(before, after, "faunus_group_commit_size_count")).isEqualTo(entries);
      assertThat(delta(before, after, "faunus_group_commit_size_sum")).isEqualTo(3);
      assertThat(delta(before, after, "faunus_log_entry_write_seconds_count")).isEqualTo(entries);
      // exactly what the clients were told their queries cost
      assertThat(writeOps).isGreaterThanOrEqualTo(3);
      assertThat(delta(before, after, "faunus_query_ops_total", "kind", "write")).isEqualTo(writeOps);
      assertThat(delta(before, after, "faunus_query_ops_total", "kind", "compute")).isEqualTo(computeOps);
      assertThat(delta(before, after, "faunus_query_ops_total", "kind", "read")).isEqualTo(readOps);
      assertThat(after.value("faunus_raft_role", "role", "single")).isEqualTo(1);
      assertThat(after.value("faunus_raft_role", "role", "leader")).isEqualTo(0);
      assertThat(after.value("faunus_raft_applied_index")).isEqualTo(after.value("faunus_raft_commit_index"));
      assertThat(after.value("faunus_raft_apply_lag")).isEqualTo(0);
      assertThat(after.value("faunus_rocksdb_estimate_num_keys")).isPositive();
      assertThat(after.value("faunus_connections_open")).isGreaterThanOrEqualTo(1);
      assertThat(after.value("faunus_streams_open")).isEqualTo(0);
      assertThat(after.value("faunus_commit_queue_depth")).isEqualTo(0);
      assertThat(after.has("faunus_jvm_memory_used_bytes")).isTrue();
      assertThat(after.has("faunus_jvm_gc_pause_seconds_count") || after.has("faunus_jvm_gc_memory_allocated_bytes_total")).isTrue();
      assertThat(after.all()).allMatch(k -> k.name().startsWith("faunus_"));

      // the Grafana dashboard charts only names the node exports (GC pauses appear after the first collection)
      String dashboard = java.nio.file.Files.readString(Path.of("..", "docs", "grafana-dashboard.json"));
      java.util.regex.Matcher names = java.util.regex.Pattern.compile("faunus_[a-z0-9_]+").matcher(dashboard);
      int charted = 0;
      while (names.find()) {
        if (names.group().startsWith("faunus_jvm_gc_")) continue;
        assertThat(after.has(names.group())).as("dashboard metric %s is exported", names.group()).isTrue();
        charted++;
      }
      assertThat(charted).isGreaterThan(20);

      // faunus admin status: the human summary carries the same figures
      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
      java.io.PrintStream saved = System.out;
      System.setOut(new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8));
      int code;
      try {
        code = io.faunus.server.Main.run(new String[] {"admin", "status", "--url", "http://127.0.0.1:" + port,
            "--secret", E2E.ROOT}, java.util.Map.of());
      } finally {
        System.setOut(saved);
      }
      String summary = out.toString(java.nio.charset.StandardCharsets.UTF_8);
      assertThat(code).as(summary).isZero();
      assertThat(summary).contains("node single: SINGLE").containsPattern("queries \\d+ \\(\\d+ failed\\)")
          .containsPattern("commits \\d+ in \\d+ log entries").contains("connections").contains("keys");
    }
  }

  @Test
  void openStreamsAndTheirOpeningAreCounted() throws Exception {
    try (InProcess n = InProcess.start(dir.resolve("data"), true)) {
      n.query("Collection.create({ name: 'Things' })");
      String token = EventsE2ETest.token(n.client, "Things.all().toStream()");
      Samples before = scrape(n.client.port);
      try (var s = new EventsE2ETest.OpenStream(n.client.port, E2E.ROOT, EventsE2ETest.body(token),
          java.net.http.HttpClient.Version.HTTP_1_1)) {
        assertThat(s.next().path("type").asText()).isEqualTo("status");
        Samples open = scrape(n.client.port);
        assertThat(open.value("faunus_streams_open")).isEqualTo(1);
        assertThat(delta(before, open, "faunus_requests_seconds_count", "endpoint", "stream", "status", "200")).isEqualTo(1);
      }
    }
  }

  @Test
  void metricsNeedARootAdminSecret() throws Exception {
    try (InProcess n = InProcess.start(dir.resolve("data"), true)) {
      String server = n.query("Key.create({ role: 'server' }).secret").data().asText();
      assertThat(get(n.client.port, null).statusCode()).isEqualTo(401);
      assertThat(get(n.client.port, server).statusCode()).isEqualTo(401);
      assertThat(get(n.client.port, E2E.ROOT).statusCode()).isEqualTo(200);
    }
  }

  private static double delta(Samples before, Samples after, String name, String... labels) {
    return after.value(name, labels) - before.value(name, labels);
  }
}
