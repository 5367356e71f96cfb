package io.faunus.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faunus.server.e2e.E2E.InProcess;
import io.faunus.server.e2e.H2Client.Answer;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpMethod;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Shutdown under load (issue "step 7 part 1", item 7): requests already accepted finish with their real
 * answer; requests arriving during the drain get 503 {@code time_out} with {@code Retry-After} (spec
 * §1.6: shutdown), never 429 or a reset; then the node closes.
 */
class ShutdownE2ETest {
  static final long BOUND_MS = 10_000;
  static final String QUICK = "{\"query\":\"1 + 1\"}";
  static final String AUTH = "Bearer " + E2E.ROOT;

  InProcess db;
  GatedEngine gate;
  H2Client h2 = new H2Client();

  @AfterEach
  void stop() {
    if (gate != null) gate.open();
    h2.close();
    if (db != null) db.close();
  }

  void start(long drainMs) {
    db = InProcess.start(null, true, c -> c.withShutdownDrainMs(drainMs), node -> gate = new GatedEngine(node));
  }

  String gatedBody() throws Exception {
    return "{\"query\":" + E2E.JSON.writeValueAsString(GatedEngine.QUERY) + "}";
  }

  @Test
  void acceptedRequestsFinishAndNewOnesGet503UntilTheNodeCloses() throws Exception {
    start(30_000);
    int port = db.server.port();
    HttpClient http1 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    HttpRequest slow = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/query/1"))
        .header("Authorization", AUTH).POST(HttpRequest.BodyPublishers.ofString(gatedBody())).build();
    List<CompletableFuture<HttpResponse<String>>> inFlight = new ArrayList<>();
    for (int i = 0; i < 3; i++) inFlight.add(http1.sendAsync(slow, HttpResponse.BodyHandlers.ofString()));
    Channel conn = h2.connect("127.0.0.1", port);
    CompletableFuture<Answer> inFlightHttp2 = h2.send(conn, HttpMethod.POST, "/query/1", gatedBody(),
        "authorization", AUTH);
    RawHttp kept = new RawHttp(port); // a keep-alive connection, idle when the shutdown begins
    assertThat(kept.exchange("GET", "/ping", "").status()).isEqualTo(200);
    assertThat(gate.awaitWaiting(4, BOUND_MS)).isTrue();

    Thread closer = Thread.ofPlatform().start(db.server::close);

    RawHttp.Response refused = firstRefusal(port);
    assertUnavailable(refused);
    assertUnavailable(kept.exchange("POST", "/query/1", QUICK, "Authorization", AUTH));
    assertThat(kept.closedWithin(BOUND_MS)).isTrue();
    Answer overHttp2 = h2.send(conn, HttpMethod.POST, "/query/1", QUICK, "authorization", AUTH)
        .get(BOUND_MS, TimeUnit.MILLISECONDS);
    assertThat(overHttp2.status()).isEqualTo(503);
    assertThat(overHttp2.header("retry-after")).isEqualTo("5");
    assertThat(E2E.JSON.readTree(overHttp2.body()).at("/error/code").asText()).isEqualTo("time_out");
    assertThat(closer.isAlive()).as("the drain waits for the accepted requests").isTrue();

    gate.open();
    for (var f : inFlight) {
      HttpResponse<String> r = f.get(BOUND_MS, TimeUnit.MILLISECONDS);
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      assertThat(E2E.JSON.readTree(r.body()).get("data").asText()).isEqualTo(GatedEngine.MARK);
    }
    Answer h2Done = inFlightHttp2.get(BOUND_MS, TimeUnit.MILLISECONDS);
    assertThat(h2Done.status()).as(h2Done.body()).isEqualTo(200);
    closer.join(BOUND_MS);
    assertThat(closer.isAlive()).as("closed once the accepted requests were answered").isFalse();
    assertThatThrownBy(() -> new RawHttp(port).close()).isInstanceOf(ConnectException.class);
  }

  @Test
  void theDrainIsBounded() throws Exception {
    start(300);
    int port = db.server.port();
    RawHttp stuck = new RawHttp(port);
    stuck.request("POST", "/query/1", gatedBody(), "Authorization", AUTH);
    assertThat(gate.awaitWaiting(1, BOUND_MS)).isTrue();
    Thread closer = Thread.ofPlatform().start(db.server::close);
    closer.join(BOUND_MS);
    assertThat(closer.isAlive()).as("close gives up on a request that outlives the drain time").isFalse();
    assertThat(stuck.closedWithin(BOUND_MS)).isTrue();
  }

  /** Sends quick queries on new connections until one is not answered 200 (the drain has begun). */
  static RawHttp.Response firstRefusal(int port) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(BOUND_MS);
    while (true) {
      try (RawHttp c = new RawHttp(port)) {
        RawHttp.Response r = c.exchange("POST", "/query/1", QUICK, "Authorization", AUTH);
        if (r.status() != 200 || System.nanoTime() > deadline) {
          assertThat(c.closedWithin(BOUND_MS)).as("refused, then closed").isTrue();
          return r;
        }
      }
    }
  }

  static void assertUnavailable(RawHttp.Response r) throws Exception {
    assertThat(r.status()).as("%s", r).isEqualTo(503);
    assertThat(r.json()).isEqualTo(E2E.JSON.readTree("{\"error\":{\"code\":\"time_out\","
        + "\"message\":\"The node is shutting down; retry later or on another node.\"}}"));
    assertThat(r.header("retry-after")).isEqualTo("5");
    assertThat(r.header("connection")).isEqualTo("close");
  }
}
