package io.faunus.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faunus.server.ServerConfig;
import io.faunus.server.e2e.E2E.InProcess;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Which method runs what (issue "step 7 part 1", item 5) and which browser origins may call the node
 * (item 6), over real sockets.
 */
class RoutingE2ETest {
  static final String AUTH = "Bearer " + E2E.ROOT;
  static final String ALLOWED = "https://app.example.com";

  InProcess db;

  @AfterEach
  void stop() {
    if (db != null) db.close();
  }

  void start(UnaryOperator<ServerConfig> tune) {
    db = InProcess.inMemory(tune);
  }

  RawHttp.Response call(String method, String path, String body, String... headers) throws Exception {
    try (RawHttp c = new RawHttp(db.server.port())) {
      return c.exchange(method, path, body, headers);
    }
  }

  @Test
  void onlyPostRunsAQuery() throws Exception {
    start(UnaryOperator.identity());
    db.query("Collection.create({ name: \"Hits\" })").ok();
    String write = "{\"query\":\"Hits.create({ n: 1 }) { n }\"}";
    for (String method : List.of("GET", "PUT", "PATCH", "DELETE", "TRACE", "HEAD")) {
      RawHttp.Response r = call(method, "/query/1", write, "Authorization", AUTH);
      assertThat(r.status()).as("%s %s", method, r).isEqualTo(405);
      assertThat(r.header("allow")).isEqualTo("POST, OPTIONS");
      if (!method.equals("HEAD")) {
        assertThat(r.json().at("/error/code").asText()).isEqualTo("method_not_allowed");
        assertThat(r.json().at("/error/message").asText())
            .isEqualTo("Method " + method + " is not allowed on /query/1; allowed: POST, OPTIONS.");
      }
    }
    RawHttp.Response options = call("OPTIONS", "/query/1", write, "Authorization", AUTH);
    assertThat(options.status()).isEqualTo(200);
    assertThat(options.header("allow")).isEqualTo("POST, OPTIONS");
    assertThat(options.body()).isEmpty();
    // None of them wrote anything; POST does.
    assertThat(db.query("Hits.all().count()").ok().data().asInt()).isZero();
    RawHttp.Response post = call("POST", "/query/1", write, "Authorization", AUTH);
    assertThat(post.status()).as("%s", post).isEqualTo(200);
    assertThat(db.query("Hits.all().count()").ok().data().asInt()).isEqualTo(1);
  }

  @Test
  void pingAnswersGetAndHeadOnlyAndUnknownPathsAre404() throws Exception {
    start(UnaryOperator.identity());
    assertThat(call("GET", "/ping", "").json()).isEqualTo(E2E.JSON.readTree("{\"resource\":\"Scope write is OK\"}"));
    RawHttp.Response head = call("HEAD", "/ping", "");
    assertThat(head.status()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
    for (String method : List.of("POST", "PUT", "DELETE")) {
      RawHttp.Response r = call(method, "/ping", "");
      assertThat(r.status()).as("%s %s", method, r).isEqualTo(405);
      assertThat(r.header("allow")).isEqualTo("GET, HEAD, OPTIONS");
      assertThat(r.json().at("/error/code").asText()).isEqualTo("method_not_allowed");
    }
    for (String method : List.of("GET", "POST", "DELETE", "OPTIONS")) {
      RawHttp.Response r = call(method, "/query/2", "{}", "Authorization", AUTH);
      assertThat(r.status()).as("%s %s", method, r).isEqualTo(404);
      assertThat(r.json().at("/error/code").asText()).isEqualTo("not_found");
    }
  }

  @Test
  void withoutConfigurationNoOriginGetsCorsHeaders() throws Exception {
    start(UnaryOperator.identity());
    RawHttp.Response q = call("POST", "/query/1", "{\"query\":\"1\"}", "Authorization", AUTH, "Origin", "https://evil.example");
    assertThat(q.status()).isEqualTo(200); // answered; the browser withholds it from the page
    assertThat(corsHeaders(q)).isEmpty();
    RawHttp.Response preflight = call("OPTIONS", "/query/1", "", "Origin", "https://evil.example",
        "Access-Control-Request-Method", "POST");
    assertThat(preflight.status()).isEqualTo(200);
    assertThat(corsHeaders(preflight)).isEmpty();
  }

  @Test
  void onlyConfiguredOriginsGetCorsHeaders() throws Exception {
    start(c -> c.withCorsOrigins(List.of(ALLOWED, "http://localhost:3000")));
    RawHttp.Response preflight = call("OPTIONS", "/query/1", "", "Origin", ALLOWED,
        "Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "authorization, x-format");
    assertThat(preflight.status()).isEqualTo(200);
    assertThat(preflight.header("access-control-allow-origin")).isEqualTo(ALLOWED);
    assertThat(preflight.header("access-control-allow-credentials")).isEqualTo("true");
    assertThat(preflight.header("access-control-allow-headers")).contains("authorization", "x-format");
    assertThat(preflight.header("vary")).isEqualToIgnoringCase("origin");
    RawHttp.Response q = call("POST", "/query/1", "{\"query\":\"1\"}", "Authorization", AUTH, "Origin", ALLOWED);
    assertThat(q.header("access-control-allow-origin")).isEqualTo(ALLOWED);
    assertThat(q.header("access-control-allow-credentials")).isEqualTo("true");
    for (String other : List.of("https://evil.example", "https://app.example.com.evil.example", "null",
        "http://app.example.com")) {
      RawHttp.Response r = call("POST", "/query/1", "{\"query\":\"1\"}", "Authorization", AUTH, "Origin", other);
      assertThat(corsHeaders(r)).as("origin %s", other).isEmpty();
      assertThat(corsHeaders(call("OPTIONS", "/query/1", "", "Origin", other))).as("preflight from %s", other)
          .isEmpty();
    }
  }

  @Test
  void aWildcardOriginNeverComesWithCredentials() throws Exception {
    start(c -> c.withCorsOrigins(List.of("*")));
    RawHttp.Response q = call("POST", "/query/1", "{\"query\":\"1\"}", "Authorization", AUTH, "Origin", "https://any.example");
    assertThat(q.header("access-control-allow-origin")).isEqualTo("*");
    assertThat(q.header("access-control-allow-credentials")).isNull();
  }

  @Test
  void absoluteFormTargetsAreRoutedByTheirPath() throws Exception { // RFC 9112 §3.2.2, what proxies send
    start(UnaryOperator.identity());
    int port = db.server.port();
    RawHttp.Response q = call("POST", "http://127.0.0.1:" + port + "/query/1", "{\"query\":\"1 + 1\"}",
        "Authorization", AUTH);
    assertThat(q.status()).isEqualTo(200);
    assertThat(q.json().get("data").asInt()).isEqualTo(2);
    assertThat(call("GET", "HTTP://localhost:" + port + "/ping?scope=node", "").status()).isEqualTo(200);
    assertThat(call("GET", "http://localhost:" + port + "/nope", "").status()).isEqualTo(404);
    assertThat(io.faunus.server.RequestHandlerAccess.originForm("http://h:1?scope=node")).isEqualTo("/?scope=node");
    assertThat(io.faunus.server.RequestHandlerAccess.originForm("/query/1")).isEqualTo("/query/1");
  }

  @Test
  void originsThatCannotMatchAreRefusedAtStart() {
    ServerConfig base = ServerConfig.of("127.0.0.1", 0, Path.of("unused"), E2E.ROOT, true);
    for (String bad : List.of("https://app.example.com/", "app.example.com", "null", "https://a.example/path")) {
      assertThatThrownBy(() -> base.withCorsOrigins(List.of(bad))).as(bad)
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is not an origin");
    }
    // Browsers send scheme and host in lower case; a configured mixed-case origin still matches.
    assertThat(base.withCorsOrigins(List.of("HTTPS://App.Example.com")).corsOrigins()).containsExactly(ALLOWED);
  }

  static Map<String, String> corsHeaders(RawHttp.Response r) {
    Map<String, String> cors = new java.util.TreeMap<>(r.headers());
    cors.keySet().removeIf(name -> !name.startsWith("access-control-"));
    return cors;
  }
}
