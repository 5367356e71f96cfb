package io.faunus.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** /feed/1 and /stream/1 over real HTTP (spec §1.7, §1.8): HTTP/1.1 chunked and HTTP/2, limits, restarts. */
@Timeout(120)
class EventsE2ETest {

  static String token(E2E.Client c, String fql) {
    E2E.Resp r = c.query(fql, "x-format", "tagged").ok();
    return r.data().get("@stream").asText();
  }

  static HttpResponse<String> post(int port, String path, String secret, String body, HttpClient.Version v,
                                   String... headers) throws Exception {
    HttpClient http = HttpClient.newBuilder().version(v).build();
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + secret)
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (headers.length > 0) b.headers(headers);
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static String body(String token, Object... more) {
    ObjectNode b = E2E.JSON.createObjectNode().put("token", token);
    for (int i = 0; i < more.length; i += 2) b.set((String) more[i], E2E.JSON.valueToTree(more[i + 1]));
    return b.toString();
  }

  @Test
  void feedsPageThroughEventsWithTaggedDataStatsAndCursors() throws Exception {
    try (E2E.InProcess n = E2E.InProcess.start(null, true)) {
      n.query("Collection.create({ name: 'Orders' })").ok();
      String token = token(n.client, "Orders.all().eventSource()");
      n.query("Set.sequence(0, 3).forEach(i => Orders.create({ n: i, big: 9007199254740993 }))").ok();
      var r = post(n.server.port(), "/feed/1", E2E.ROOT, body(token, "page_size", 2), HttpClient.Version.HTTP_1_1);
      assertThat(r.statusCode()).isEqualTo(200);
      JsonNode page = E2E.JSON.readTree(r.body());
      assertThat(page.get("events")).hasSize(2);
      JsonNode first = page.get("events").get(0);
      assertThat(first.get("type").asText()).isEqualTo("add");
      assertThat(first.at("/data/@doc/n/@int").asText()).isEqualTo("0");
      assertThat(first.at("/data/@doc/big/@long").asText()).isEqualTo("9007199254740993");
      List<String> statKeys = new ArrayList<>();
      first.get("stats").fieldNames().forEachRemaining(statKeys::add);
      assertThat(statKeys).containsExactly("read_ops", "storage_bytes_read", "compute_ops", "processing_time_ms",
          "rate_limits_hit");
      assertThat(page.get("has_next").asBoolean()).isTrue();
      assertThat(page.get("stats").get("compute_ops").asLong()).isPositive();
      var next = E2E.JSON.readTree(post(n.server.port(), "/feed/1", E2E.ROOT,
          body(token, "cursor", page.get("cursor").asText()), HttpClient.Version.HTTP_1_1).body());
      assertThat(next.get("events")).hasSize(1);
      assertThat(next.at("/events/0/data/@doc/n/@int").asText()).isEqualTo("2");
      assertThat(next.get("has_next").asBoolean()).isFalse();
      // Refusals are protocol errors with Fauna's statuses.
      var bad = post(n.server.port(), "/feed/1", "nope", body(token), HttpClient.Version.HTTP_1_1);
      assertThat(bad.statusCode()).isEqualTo(401);
      assertThat(E2E.JSON.readTree(bad.body()).at("/error/message").asText())
          .isEqualTo("Invalid token, unable to authenticate request");
      var slow = post(n.server.port(), "/feed/1", E2E.ROOT, body(token), HttpClient.Version.HTTP_1_1,
          "x-query-timeout-ms", "1");
      assertThat(slow.statusCode()).isEqualTo(440);
      assertThat(E2E.JSON.readTree(slow.body()).has("stats")).isFalse();
    }
  }

  /** An open /stream/1 response whose lines a background thread parses into {@link #events}. */
  static final class OpenStream implements AutoCloseable {
    final HttpResponse<Stream<String>> response;
    final BlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();
    final Thread reader;

    OpenStream(int port, String secret, String body, HttpClient.Version v) throws Exception {
      HttpClient http = HttpClient.newBuilder().version(v).build();
      response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/stream/1"))
          .header("Authorization", "Bearer " + secret).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
          HttpResponse.BodyHandlers.ofLines());
      reader = new Thread(() -> {
        try {
          response.body().forEach(line -> {
            if (line.isBlank()) return;
            try {
              events.add(E2E.JSON.readTree(line));
            } catch (java.io.IOException e) {
              throw new java.io.UncheckedIOException(e);
            }
          });
        } catch (RuntimeException e) {
          // closed
        }
      });
      reader.setDaemon(true);
      reader.start();
    }

    JsonNode next() throws InterruptedException {
      JsonNode e = events.poll(20, TimeUnit.SECONDS);
      assertThat(e).as("an event within 20 s").isNotNull();
      return e;
    }

    @Override
    public void close() {
      response.body().close();
    }
  }

  static void awaitOpenStreams(E2E.InProcess n, int expected) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (n.node.openStreams() != expected && System.nanoTime() < deadline) Thread.sleep(20);
    assertThat(n.node.openStreams()).isEqualTo(expected);
  }

  @Test
  void streamsDeliverLiveEventsOverHttp1AndHttp2AndClosingFreesThem() throws Exception {
    try (E2E.InProcess n = E2E.InProcess.start(null, true)) {
      n.query("Collection.create({ name: 'Orders' })").ok();
      String token = token(n.client, "Orders.where(.n > 0).map(.n).toStream()");
      for (HttpClient.Version v : List.of(HttpClient.Version.HTTP_1_1, HttpClient.Version.HTTP_2)) {
        try (OpenStream s = new OpenStream(n.server.port(), E2E.ROOT, body(token), v)) {
          assertThat(s.response.statusCode()).isEqualTo(200);
          assertThat(s.response.headers().firstValue("x-fauna-stream-id")).isPresent();
          assertThat(s.next().get("type").asText()).isEqualTo("status");
          n.query("Orders.create({ n: 0 }); Orders.create({ n: 5 })").ok();
          JsonNode add = s.next();
          assertThat(add.get("type").asText()).as(v.toString()).isEqualTo("add");
          assertThat(add.at("/data/@int").asText()).isEqualTo("5");
          n.query("Orders.all().forEach(.delete())").ok();
          assertThat(s.next().get("type").asText()).isEqualTo("remove");
          awaitOpenStreams(n, 1);
        }
        awaitOpenStreams(n, 0);
      }
    }
  }

  @Test
  void aNodeHoldsAtMostMaxStreamsAndABadTokenIsRefusedBeforeAnyEvent() throws Exception {
    try (E2E.InProcess n = E2E.InProcess.inMemory(c -> c.withMaxStreams(1))) {
      n.query("Collection.create({ name: 'Orders' })").ok();
      String token = token(n.client, "Orders.all().toStream()");
      var bad = post(n.server.port(), "/stream/1", E2E.ROOT, body("2"), HttpClient.Version.HTTP_1_1);
      assertThat(bad.statusCode()).isEqualTo(400);
      assertThat(E2E.JSON.readTree(bad.body()).at("/error/code").asText()).isEqualTo("invalid_request");
      try (OpenStream s = new OpenStream(n.server.port(), E2E.ROOT, body(token), HttpClient.Version.HTTP_1_1)) {
        s.next();
        var refused = post(n.server.port(), "/stream/1", E2E.ROOT, body(token), HttpClient.Version.HTTP_1_1);
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(E2E.JSON.readTree(refused.body()).at("/error/code").asText()).isEqualTo("limit_exceeded");
      }
      awaitOpenStreams(n, 0);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      int status;
      do {
        try (OpenStream again = new OpenStream(n.server.port(), E2E.ROOT, body(token), HttpClient.Version.HTTP_1_1)) {
          status = again.response.statusCode();
          if (status == 200) assertThat(again.next().get("type").asText()).isEqualTo("status");
        }
      } while (status == 429 && System.nanoTime() < deadline);
      assertThat(status).isEqualTo(200);
    }
  }

  @Test
  void aCursorResumesAStreamAfterTheNodeRestarts(@TempDir Path dir) throws Exception {
    String token;
    String cursor;
    try (E2E.InProcess n = E2E.InProcess.start(dir)) {
      n.query("Collection.create({ name: 'Orders' })").ok();
      token = token(n.client, "Orders.all().toStream()");
      try (OpenStream s = new OpenStream(n.server.port(), E2E.ROOT, body(token), HttpClient.Version.HTTP_1_1)) {
        s.next();
        n.query("Orders.create({ n: 1 })").ok();
        cursor = s.next().get("cursor").asText();
        n.query("Orders.create({ n: 2 })").ok(); // after the cursor: replayed after the restart
        assertThat(s.next().at("/data/@doc/n/@int").asText()).isEqualTo("2");
      }
    }
    try (E2E.InProcess n = E2E.InProcess.start(dir)) {
      try (OpenStream s = new OpenStream(n.server.port(), E2E.ROOT, body(token, "cursor", cursor),
          HttpClient.Version.HTTP_1_1)) {
        assertThat(s.next().get("type").asText()).isEqualTo("status");
        assertThat(s.next().at("/data/@doc/n/@int").asText()).isEqualTo("2");
        n.query("Orders.create({ n: 3 })").ok();
        assertThat(s.next().at("/data/@doc/n/@int").asText()).isEqualTo("3");
      }
    }
  }

  @Test
  void anOpenStreamDoesNotHoldUpShutdown() throws Exception {
    E2E.InProcess n = E2E.InProcess.inMemory(c -> c.withShutdownDrainMs(10_000));
    try {
      n.query("Collection.create({ name: 'Orders' })").ok();
      String token = token(n.client, "Orders.all().toStream()");
      OpenStream s = new OpenStream(n.server.port(), E2E.ROOT, body(token), HttpClient.Version.HTTP_1_1);
      s.next();
      long start = System.nanoTime();
      n.server.close();
      assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).as("close took").isLessThan(5_000);
      s.reader.join(10_000);
      assertThat(s.reader.isAlive()).as("the client saw its stream end").isFalse();
    } finally {
      n.close();
    }
  }
}
