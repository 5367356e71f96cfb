package io.faunus.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.faunus.model.query.QueryEngine;
import io.faunus.server.ConnectionLimits;
import io.faunus.server.e2e.E2E.InProcess;
import io.faunus.server.e2e.H2Client.Answer;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpMethod;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Hostile and careless clients (issue "step 7 part 1", item 4): idle connections, requests sent a byte at
 * a time, more connections than the node serves. Timeouts are small here; every wait for the node is
 * bounded by {@link #BOUND_MS}.
 */
class ConnectionsE2ETest {
  static final long BOUND_MS = 10_000;
  static final String PING = "GET";
  static final String QUERY_BODY = "{\"query\":\"1 + 1\"}";

  InProcess db;
  H2Client h2 = new H2Client();

  @AfterEach
  void stop() {
    h2.close();
    if (db != null) db.close();
  }

  void start(ConnectionLimits limits, UnaryOperator<QueryEngine> front) {
    db = InProcess.start(null, true, c -> c.withConnections(limits), front);
  }

  int port() {
    return db.server.port();
  }

  @Test
  void idleConnectionsAreClosedWhileConnectionsInUseStayOpen() throws Exception {
    start(new ConnectionLimits(500, 30_000, 4096), UnaryOperator.identity());
    List<RawHttp> idle = new ArrayList<>();
    try {
      for (int i = 0; i < 50; i++) {
        RawHttp c = new RawHttp(port());
        if (i % 2 == 0) assertThat(c.exchange(PING, "/ping", "").status()).isEqualTo(200); // then keep-alive idle
        idle.add(c);
      }
      // A connection that keeps asking, each gap well under the idle timeout, is never cut.
      try (RawHttp busy = new RawHttp(port())) {
        for (int i = 0; i < 15; i++) {
          assertThat(busy.exchange(PING, "/ping", "").status()).isEqualTo(200);
          Thread.sleep(100);
        }
      }
      for (RawHttp c : idle) assertThat(c.closedWithin(BOUND_MS)).as("idle connection closed").isTrue();
    } finally {
      for (RawHttp c : idle) c.close();
    }
  }

  @Test
  void requestsInFlightLongerThanTheIdleTimeoutKeepTheirConnections() throws Exception {
    GatedEngine[] gate = new GatedEngine[1];
    start(new ConnectionLimits(300, 30_000, 4096), node -> gate[0] = new GatedEngine(node));
    try (RawHttp http1 = new RawHttp(port())) {
      Channel conn = h2.connect("127.0.0.1", port());
      http1.request("POST", "/query/1", "{\"query\":" + E2E.JSON.writeValueAsString(GatedEngine.QUERY) + "}",
          "Authorization", "Bearer " + E2E.ROOT);
      CompletableFuture<Answer> overHttp2 = h2.send(conn, HttpMethod.POST, "/query/1",
          "{\"query\":" + E2E.JSON.writeValueAsString(GatedEngine.QUERY) + "}", "authorization", "Bearer " + E2E.ROOT);
      assertThat(gate[0].awaitWaiting(2, BOUND_MS)).isTrue();
      Thread.sleep(4 * 300); // four idle timeouts with a request in flight on each connection
      gate[0].open();
      RawHttp.Response r1 = http1.response();
      assertThat(r1.status()).as("%s", r1).isEqualTo(200);
      assertThat(r1.json().get("data").asText()).isEqualTo(GatedEngine.MARK);
      Answer r2 = overHttp2.get(BOUND_MS, TimeUnit.MILLISECONDS);
      assertThat(r2.status()).as("%s", r2).isEqualTo(200);
      assertThat(E2E.JSON.readTree(r2.body()).get("data").asText()).isEqualTo(GatedEngine.MARK);
      // Answered, both connections are idle again, and go.
      assertThat(http1.closedWithin(BOUND_MS)).isTrue();
      assertThat(conn.closeFuture().await(BOUND_MS)).isTrue();
      assertThat(H2Client.saidGoAway(conn)).as("HTTP/2 idle close says GOAWAY first").isTrue();
    }
  }

  @Test
  void slowRequestHeadsAndBodiesGet408AndAreClosed() throws Exception {
    start(new ConnectionLimits(60_000, 500, 4096), UnaryOperator.identity());
    String head = "POST /query/1 HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer secret\r\nContent-Length: "
        + QUERY_BODY.length() + "\r\n\r\n";
    List<RawHttp> slow = new ArrayList<>();
    List<String> rest = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      RawHttp c = new RawHttp(port());
      if (i % 2 == 0) {
        rest.add(head + QUERY_BODY); // the head itself, a byte at a time
      } else {
        c.write(head); // the head at once, then the body a byte at a time
        rest.add(QUERY_BODY);
      }
      slow.add(c);
    }
    // One byte per connection every 100 ms: whole requests would take seconds, far past the timeout.
    Thread trickle = Thread.ofPlatform().daemon().start(() -> {
      for (int pos = 0; pos < 200; pos++) {
        for (int i = 0; i < slow.size(); i++) {
          if (pos >= rest.get(i).length()) continue;
          try {
            slow.get(i).write(rest.get(i).substring(pos, pos + 1));
          } catch (IOException e) {
            rest.set(i, ""); // closed by the node: stop
          }
        }
        try {
          Thread.sleep(100);
        } catch (InterruptedException e) {
          return;
        }
      }
    });
    try {
      for (RawHttp c : slow) {
        RawHttp.Response r = c.response();
        assertThat(r.status()).as("%s", r).isEqualTo(408);
        assertThat(r.json().at("/error/code").asText()).isEqualTo("time_out");
        assertThat(r.json().at("/error/message").asText()).isEqualTo("The request did not arrive within 500 ms.");
        assertThat(r.header("connection")).isEqualTo("close");
        assertThat(c.closedWithin(BOUND_MS)).isTrue();
      }
    } finally {
      trickle.interrupt();
      for (RawHttp c : slow) c.close();
    }
    // The node still serves.
    try (RawHttp fresh = new RawHttp(port())) {
      RawHttp.Response ok = fresh.exchange("POST", "/query/1", QUERY_BODY, "Authorization", "Bearer secret");
      assertThat(ok.status()).as("%s", ok).isEqualTo(200);
    }
  }

  @Test
  void anHttp2StreamWhoseBodyNeverComesGets408AndTheConnectionLives() throws Exception {
    start(new ConnectionLimits(60_000, 500, 4096), UnaryOperator.identity());
    Channel conn = h2.connect("127.0.0.1", port());
    Answer stuck = h2.sendHeadOnly(conn, "/query/1", "authorization", "Bearer " + E2E.ROOT)
        .get(BOUND_MS, TimeUnit.MILLISECONDS);
    assertThat(stuck.status()).isEqualTo(408);
    assertThat(E2E.JSON.readTree(stuck.body()).at("/error/code").asText()).isEqualTo("time_out");
    Answer next = h2.send(conn, HttpMethod.POST, "/query/1", QUERY_BODY, "authorization", "Bearer " + E2E.ROOT)
        .get(BOUND_MS, TimeUnit.MILLISECONDS);
    assertThat(next.status()).isEqualTo(200);
    assertThat(conn.isActive()).isTrue();
  }

  @Test
  void connectionsOverTheCapAreToldWhyAndClosed() throws Exception {
    start(new ConnectionLimits(60_000, 500, 4), UnaryOperator.identity());
    List<RawHttp> admitted = new ArrayList<>();
    try {
      for (int i = 0; i < 4; i++) {
        RawHttp c = new RawHttp(port());
        assertThat(c.exchange(PING, "/ping", "").status()).isEqualTo(200);
        admitted.add(c);
      }
      try (RawHttp over = new RawHttp(port())) {
        RawHttp.Response r = over.exchange("POST", "/query/1", QUERY_BODY, "Authorization", "Bearer secret");
        assertThat(r.status()).as("%s", r).isEqualTo(503);
        assertThat(r.json().at("/error/code").asText()).isEqualTo("time_out");
        assertThat(r.json().at("/error/message").asText()).isEqualTo("Too many connections to this node; retry later.");
        assertThat(r.header("retry-after")).isEqualTo("1");
        assertThat(r.header("connection")).isEqualTo("close");
        assertThat(over.closedWithin(BOUND_MS)).isTrue();
      }
      try (RawHttp silent = new RawHttp(port())) { // over the cap and saying nothing: closed soon
        assertThat(silent.closedWithin(BOUND_MS)).isTrue();
      }
      admitted.remove(0).close();
      // The freed place goes to a new connection (once the node has seen the close).
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(BOUND_MS);
      int status = 0;
      while (status != 200 && System.nanoTime() < deadline) {
        try (RawHttp again = new RawHttp(port())) {
          status = again.exchange(PING, "/ping", "").status();
        }
        if (status != 200) Thread.sleep(20);
      }
      assertThat(status).isEqualTo(200);
      for (RawHttp c : admitted) assertThat(c.exchange(PING, "/ping", "").status()).isEqualTo(200);
    } finally {
      for (RawHttp c : admitted) c.close();
    }
  }
}
