package io.faunus.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.faunus.model.query.QueryOutcome.Stats;
import io.faunus.model.query.QueryOutcome.Success;
import io.faunus.model.value.Value.IntV;
import io.faunus.server.e2e.H2Client;
import io.faunus.server.e2e.H2Client.Answer;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpMethod;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** HTTP/2 on the same port: prior knowledge (what the Node driver does) and the HTTP/1.1 Upgrade. */
class ServerHttp2Test {

  FakeEngine engine;
  FaunusServer server;
  H2Client h2;

  @BeforeEach
  void start() throws Exception {
    engine = new FakeEngine(r -> new Success(new IntV(2), "", 10, Stats.ZERO, 5));
    server = ServerHttp1Test.startServer(engine, 4, 16);
    h2 = new H2Client();
  }

  @AfterEach
  void stop() {
    h2.close();
    server.close();
  }

  Channel connect(String host) throws InterruptedException {
    return h2.connect(host, server.port());
  }

  CompletableFuture<Answer> send(Channel conn, HttpMethod method, String path, String body, String... headers)
      throws InterruptedException {
    return h2.send(conn, method, path, body, headers);
  }

  @Test
  void priorKnowledgeQueriesAndPing() throws Exception {
    Channel conn = connect("127.0.0.1");
    Answer ping = send(conn, HttpMethod.GET, "/ping", "").get(5, TimeUnit.SECONDS);
    assertThat(ping.status()).isEqualTo(200);
    assertThat(ping.body()).isEqualTo("{\"resource\":\"Scope write is OK\"}");
    assertThat(ping.header("traceparent")).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-00");

    // Several streams at once on one connection, as the Node driver multiplexes.
    List<CompletableFuture<Answer>> answers = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      answers.add(send(conn, HttpMethod.POST, "/query/1", "{\"query\":\"1 + 1\"}", "x-format", "tagged",
          "authorization", "Bearer secret"));
    }
    for (var a : answers) {
      Answer r = a.get(5, TimeUnit.SECONDS);
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.header("content-type")).isEqualTo("application/json;charset=utf-8");
      assertThat(r.body()).startsWith("{\"data\":{\"@int\":\"2\"},\"summary\":\"\",\"txn_ts\":10,");
    }
    assertThat(engine.calls).hasValue(10);

    Answer bad = send(conn, HttpMethod.POST, "/query/1", "{\"query\":\"1\"}", "x-format", "nope")
        .get(5, TimeUnit.SECONDS);
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.body()).isEqualTo(
        "{\"error\":{\"code\":\"invalid_request\",\"message\":\"Invalid header 'x-format': Invalid format nope\"}}");
    conn.close().sync();
  }

  @Test
  void priorKnowledgeOnIpv6LoopbackWhenAvailable() throws Exception {
    boolean v6 = server.addresses().stream().anyMatch(a -> a.getAddress() instanceof java.net.Inet6Address);
    if (!v6) return; // host without IPv6: the server skips ::1 quietly
    Channel conn = connect("::1");
    assertThat(send(conn, HttpMethod.GET, "/ping", "").get(5, TimeUnit.SECONDS).status()).isEqualTo(200);
    conn.close().sync();
  }

  @Test
  void http1UpgradeToH2c() throws Exception {
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
    URI ping = URI.create("http://127.0.0.1:" + server.port() + "/ping");
    HttpResponse<String> first = client.send(HttpRequest.newBuilder(ping).build(), BodyHandlers.ofString());
    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(first.body()).isEqualTo("{\"resource\":\"Scope write is OK\"}");
    assertThat(first.version()).isEqualTo(HttpClient.Version.HTTP_2);
    HttpResponse<String> query = client.send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + server.port() + "/query/1"))
        .POST(HttpRequest.BodyPublishers.ofString("{\"query\":\"1\"}")).build(), BodyHandlers.ofString());
    assertThat(query.statusCode()).isEqualTo(200);
    assertThat(query.version()).isEqualTo(HttpClient.Version.HTTP_2);
    assertThat(query.body()).startsWith("{\"data\":2,");
  }
}
