package io.faunus.server;

import io.faunus.model.query.ErrorCode;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.faunus.model.query.QueryOutcome;
import io.faunus.model.query.QueryOutcome.ConstraintFailure;
import io.faunus.model.query.QueryOutcome.Failure;
import io.faunus.model.query.QueryOutcome.ProtocolError;
import io.faunus.model.query.QueryOutcome.Stats;
import io.faunus.model.query.QueryOutcome.Success;
import io.faunus.model.query.QueryRequest;
import io.faunus.model.value.Value;
import io.faunus.model.value.Value.DoubleV;
import io.faunus.model.value.Value.IntV;
import io.faunus.model.value.Value.ObjectV;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A real server on a free port, spoken to over HTTP/1.1 with java.net.http. */
class ServerHttp1Test {

  static final ObjectMapper JSON = new ObjectMapper();
  static final Stats STATS = new Stats(1, 2, 3, 4, 5, 6, 7, List.of("read"));

  FakeEngine engine;
  FaunusServer server;
  HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @BeforeEach
  void start() throws Exception {
    engine = new FakeEngine(r -> new Success(new IntV(2), "", 10, STATS, 5));
    server = startServer(engine, 4, 16);
  }

  static FaunusServer startServer(FakeEngine engine, int threads, int queue) throws InterruptedException {
    return new FaunusServer(ServerConfig.of("localhost", 0, Path.of("unused"), "secret", true)
        .withQueryThreads(threads, queue).withCorsOrigins(List.of("http://example.com", "http://a.b")), engine).start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.port() + path);
  }

  HttpResponse<String> post(String body, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri("/query/1")).POST(BodyPublishers.ofString(body));
    if (headers.length > 0) b.headers(headers);
    return client.send(b.build(), BodyHandlers.ofString());
  }

  static JsonNode json(HttpResponse<String> r) throws Exception {
    return JSON.readTree(r.body());
  }

  static String error(int code, String message) {
    return "{\"error\":{\"code\":\"" + code + "\",\"message\":\"" + message + "\"}}";
  }

  void assertInvalid(HttpResponse<String> r, String message) throws Exception {
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(json(r)).isEqualTo(JSON.readTree(
        JSON.writeValueAsString(Map.of("error", Map.of("code", "invalid_request", "message", message)))));
  }

  @Test
  void pingGetHeadAndScopes() throws Exception {
    var r = client.send(HttpRequest.newBuilder(uri("/ping")).build(), BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("{\"resource\":\"Scope write is OK\"}");
    assertThat(r.headers().firstValue("content-type")).hasValue("application/json;charset=utf-8");
    var read = client.send(HttpRequest.newBuilder(uri("/ping?scope=local")).build(), BodyHandlers.ofString());
    assertThat(read.body()).isEqualTo("{\"resource\":\"Scope read is OK\"}");
    var head = client.send(HttpRequest.newBuilder(uri("/ping")).method("HEAD", BodyPublishers.noBody()).build(),
        BodyHandlers.ofString());
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
    var post = client.send(HttpRequest.newBuilder(uri("/ping")).POST(BodyPublishers.noBody()).build(),
        BodyHandlers.ofString());
    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(json(post).at("/error/code").asText()).isEqualTo("method_not_allowed");
    engine.ready = false;
    var down = client.send(HttpRequest.newBuilder(uri("/ping")).build(), BodyHandlers.ofString());
    assertThat(down.statusCode()).isEqualTo(503);
  }

  @Test
  void resultNestedDeeperThanJsonAllowsIsA400() throws Exception { // found by EvalFuzzTest: was a 500
    Value deep = new IntV(1);
    for (int i = 0; i < 5000; i++) deep = io.faunus.model.value.Value.ArrayV.of(deep);
    Value result = deep; // e.g. Array.sequence(0, 5000).fold([], (a, _) => [a])
    engine.behaviour = r -> new Success(result, "", 10, STATS, 5);
    for (String format : List.of("simple", "tagged")) {
      var r = post("{\"query\":\"1\"}", "Authorization", "Bearer secret", "x-format", format);
      assertThat(r.statusCode()).isEqualTo(400);
      assertThat(json(r).at("/error/code").asText()).isEqualTo("value_too_large");
    }
  }

  @Test
  void unknownPathsAre404JsonAndStreamBodiesAreCheckedBeforeTheEngine() throws Exception {
    var r = client.send(HttpRequest.newBuilder(uri("/nope")).POST(BodyPublishers.ofString("{}")).build(),
        BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(json(r).at("/error/code").asText()).isEqualTo("not_found");
    for (String p : List.of("/stream/1", "/feed/1")) {
      for (String body : List.of("{}", "[]", "{\"token\": 2}", "{\"token\": \"t\", \"cursor\": \"c\", \"start_ts\": 1}")) {
        r = client.send(HttpRequest.newBuilder(uri(p)).POST(BodyPublishers.ofString(body)).build(),
            BodyHandlers.ofString());
        assertThat(r.statusCode()).as("%s %s", p, body).isEqualTo(400);
        assertThat(json(r).at("/error/code").asText()).isEqualTo("invalid_request");
      }
      // An engine without event sources says so.
      r = client.send(HttpRequest.newBuilder(uri(p)).POST(BodyPublishers.ofString("{\"token\": \"t\"}")).build(),
          BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(404);
    }
    for (String size : List.of("0", "16001")) {
      r = client.send(HttpRequest.newBuilder(uri("/feed/1"))
          .POST(BodyPublishers.ofString("{\"token\": \"t\", \"page_size\": " + size + "}")).build(), BodyHandlers.ofString());
      assertThat(json(r).at("/error/message").asText()).startsWith("Invalid request body: page size");
    }
  }

  @Test
  void corsPreflightAndCorsOnResponses() throws Exception {
    var r = client.send(HttpRequest.newBuilder(uri("/query/1")).method("OPTIONS", BodyPublishers.noBody())
        .header("Origin", "http://example.com").build(), BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEmpty();
    assertThat(r.headers().firstValue("access-control-allow-origin")).hasValue("http://example.com");
    assertThat(r.headers().firstValue("access-control-allow-credentials")).hasValue("true");
    assertThat(r.headers().firstValue("access-control-allow-methods")).hasValue("GET, POST, PUT, PATCH, DELETE");
    assertThat(r.headers().firstValue("access-control-max-age")).hasValue("86400");
    assertThat(r.headers().firstValue("access-control-allow-headers")).hasValue(
        "accept-encoding, authorization, content-type, x-driver-env, x-faunadb-api-version, x-fauna-driver, "
            + "x-fauna-source, x-fauna-tags, x-format, x-last-seen-txn, x-last-txn-ts, x-linearized, "
            + "x-max-contention-retries, x-max-retries-on-contention, x-query-tags, x-query-timeout, "
            + "x-query-timeout-ms, x-runtime-environment, x-runtime-environment-os, x-nodejs-version, "
            + "traceparent, x-typecheck, x-performance-hints");
    assertThat(engine.calls).hasValue(0);
    var q = post("{\"query\":\"1\"}", "Origin", "http://a.b");
    assertThat(q.headers().firstValue("access-control-allow-origin")).hasValue("http://a.b");
    assertThat(q.headers().firstValue("access-control-allow-headers")).isEmpty();
  }

  @Test
  void headerErrorsWinOverBodyAndAuth() throws Exception {
    assertInvalid(post("not json", "x-query-timeout-ms", "abc", "Authorization", "Bearer bad"),
        "Invalid header 'x-query-timeout-ms': Invalid number 'abc'.");
    assertInvalid(post("{\"query\":\"1\"}", "x-format", "xml"), "Invalid header 'x-format': Invalid format xml");
    assertInvalid(post("{\"query\":\"1\"}", "x-typecheck", "maybe"), "Invalid header 'x-typecheck': Must be a boolean value.");
    assertInvalid(post("{\"query\":\"1\"}", "x-max-contention-retries", "9"),
        "Invalid header 'x-max-contention-retries': Must be between 0 and 7.");
    assertInvalid(post("{\"query\":\"1\"}", "x-query-tags", "a=1,a=2"), "Invalid header 'x-query-tags': duplicate key");
    assertThat(engine.calls).hasValue(0);
  }

  @Test
  void bodyErrors() throws Exception {
    assertInvalid(post(""), "No request body provided");
    assertThat(json(post("{\"query\":")).at("/error/message").asText()).startsWith("Invalid request body: ");
    assertInvalid(post("[1]"), "Invalid request body: Unexpected JSON Array Start. Expected Object.");
    assertInvalid(post("{\"foo\":\"bar\"}"), "Invalid request body");
    assertInvalid(post("{\"query\":{\"fql\":[\"a\\u0000\"]}}"),
        "Invalid request body: FQL strings cannot contain NUL characters");
    assertInvalid(post("{\"query\":{\"object\":{\"k\":\"1\",\"k\":\"2\"}}}"),
        "Invalid request body: Duplicate object field `k`");
    assertInvalid(post("{\"query\":{\"fql\":[\"1\"],\"x\":1}}"), "Invalid request body: " + TemplateAssembler.BAD_PART);
    String deep = "[".repeat(1001) + "]".repeat(1001);
    assertInvalid(post("{\"query\":\"1\",\"arguments\":{\"a\":" + deep + "}}"),
        "Invalid request body: JSON exceeds nesting limit");
    String ok = "[".repeat(990) + "]".repeat(990);
    assertThat(post("{\"query\":\"1\",\"arguments\":{\"a\":" + ok + "}}").statusCode()).isEqualTo(200);
    assertThat(engine.calls).hasValue(1);
  }

  @Test
  void bodyTooLargeIs413() throws Exception {
    String big = "{\"query\":\"" + "x".repeat(Limits.BODY_SIZE_MAX_BYTES) + "\"}";
    var r = post(big);
    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(json(r)).isEqualTo(JSON.readTree(
        "{\"error\":{\"code\":\"request_size_exceeded\",\"message\":\"Request entity is too large\"}}"));
    assertThat(post("{\"query\":\"1\"}").statusCode()).isEqualTo(200); // the server (and pool) still serve
  }

  @Test
  void requestReachesEngineAsSpecified() throws Exception {
    long before = System.nanoTime();
    var r = post("{\"query\":{\"fql\":[\"x + \",{\"value\":{\"@int\":\"1\"}}]},\"arguments\":{\"x\":{\"@int\":\"2\"}},\"extra\":1}",
        "Authorization", "Bearer s", "x-format", "tagged", "x-query-timeout-ms", "5000", "x-last-txn-ts", "77",
        "x-query-tags", "a=b", "x-typecheck", "false");
    assertThat(r.statusCode()).isEqualTo(200);
    QueryRequest q = engine.last.get();
    assertThat(q.secret()).isEqualTo("s");
    assertThat(q.source()).isEqualTo("x + " + QueryRequest.PLACEHOLDER + "0>");
    assertThat(q.templateValues()).hasSize(1);
    assertThat(q.arguments().toString()).isEqualTo("{\"x\":{\"@int\":\"2\"}}");
    assertThat(q.format()).isEqualTo(QueryRequest.Format.TAGGED);
    assertThat(q.typecheck()).isFalse();
    assertThat(q.timeoutMs()).isEqualTo(5000);
    assertThat(q.lastTxnTs()).isEqualTo(77);
    assertThat(q.queryTags()).isEqualTo("a=b");
    assertThat(q.maxContentionRetries()).isEqualTo(QueryRequest.DEFAULT_MAX_CONTENTION_RETRIES);
    assertThat(q.receivedNanos()).isBetween(before, System.nanoTime());
  }

  @Test
  void successShape() throws Exception {
    engine.behaviour = r -> new Success(new ObjectV(Map.of("@a", new DoubleV(1.0))), "hint", 10, STATS, 5);
    var tagged = post("{\"query\":\"1\"}", "x-format", "tagged", "x-query-tags", "t=1");
    assertThat(tagged.statusCode()).isEqualTo(200);
    assertThat(tagged.body()).isEqualTo("{\"data\":{\"@object\":{\"@a\":{\"@double\":\"1.0\"}}},\"summary\":\"hint\","
        + "\"txn_ts\":10,\"stats\":{\"compute_ops\":1,\"read_ops\":2,\"write_ops\":3,\"query_time_ms\":4,"
        + "\"contention_retries\":5,\"storage_bytes_read\":6,\"storage_bytes_write\":7,\"rate_limits_hit\":[\"read\"]},"
        + "\"query_tags\":\"t=1\",\"schema_version\":5}");
    var simple = post("{\"query\":\"1\"}");
    assertThat(json(simple).get("data").toString()).isEqualTo("{\"@a\":1.0}");
    assertThat(json(simple).has("query_tags")).isFalse();
  }

  @Test
  void failureShapes() throws Exception {
    engine.behaviour = r -> new Failure(ErrorCode.CONSTRAINT_FAILURE, "Failed.", List.of(
        new ConstraintFailure(List.of(List.of("a", 0)), "bad")), null, "error: x", 11, Stats.ZERO, 6);
    var cf = post("{\"query\":\"1\"}");
    assertThat(cf.statusCode()).isEqualTo(400);
    assertThat(json(cf).get("error").toString()).isEqualTo("{\"code\":\"constraint_failure\",\"message\":\"Failed.\","
        + "\"constraint_failures\":[{\"paths\":[[\"a\",0]],\"message\":\"bad\"}]}");
    assertThat(json(cf).get("summary").asText()).isEqualTo("error: x");
    assertThat(json(cf).get("stats").size()).isEqualTo(8);
    engine.behaviour = r -> new Failure(ErrorCode.ABORT, "Query aborted.", List.of(), new IntV(3), "", 12, Stats.ZERO, 6);
    var abort = post("{\"query\":\"1\"}", "x-format", "tagged");
    assertThat(json(abort).get("error").toString())
        .isEqualTo("{\"code\":\"abort\",\"message\":\"Query aborted.\",\"abort\":{\"@int\":\"3\"}}");
    assertThat(json(abort).get("txn_ts").asLong()).isEqualTo(12);
  }

  /** A database over its rate limit: 429 with the query-failure body, so stats.rate_limits_hit reaches the driver. */
  @Test
  void rateLimitedShape() throws Exception {
    engine.behaviour = r -> new Failure(ErrorCode.LIMIT_EXCEEDED, "Rate limit exceeded", List.of(), null, "", 13,
        new Stats(0, 0, 0, 1, 0, 0, 0, List.of("write")), 6);
    var r = post("{\"query\":\"1\"}");
    assertThat(r.statusCode()).isEqualTo(429);
    assertThat(json(r).get("error").get("code").asText()).isEqualTo("limit_exceeded");
    assertThat(json(r).get("stats").get("rate_limits_hit").toString()).isEqualTo("[\"write\"]");
  }

  @Test
  void unauthorizedShape() throws Exception {
    engine.behaviour = r -> new ProtocolError(ErrorCode.UNAUTHORIZED, "Access token required");
    var r = post("{\"query\":\"1\"}", "Authorization", "Bearer nope");
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.body()).isEqualTo("{\"error\":{\"code\":\"unauthorized\",\"message\":\"Access token required\"}}");
    assertThat(r.headers().firstValue("www-authenticate")).hasValue("Bearer");
  }

  @Test
  void engineCrashIs500() throws Exception {
    engine.behaviour = r -> {
      throw new IllegalStateException("boom");
    };
    var r = post("{\"query\":\"1\"}");
    assertThat(r.statusCode()).isEqualTo(500);
    assertThat(json(r).at("/error/code").asText()).isEqualTo("internal_error");
  }

  @Test
  void traceparentContinuesTheCallersTrace() throws Exception {
    String in = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
    var r = post("{\"query\":\"1\"}", "traceparent", in);
    String out = r.headers().firstValue("traceparent").orElseThrow();
    assertThat(out).matches("00-0af7651916cd43dd8448eb211c80319c-[0-9a-f]{16}-01").isNotEqualTo(in);
    String fresh = post("{\"query\":\"1\"}", "traceparent", "garbage").headers().firstValue("traceparent").orElseThrow();
    assertThat(fresh).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-00");
  }

  @Test
  void fullQueueAnswers429() throws Exception {
    server.close();
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch started = new CountDownLatch(1);
    engine = new FakeEngine(r -> {
      started.countDown();
      try {
        release.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return new Success(new IntV(1), "", 1, Stats.ZERO, 1);
    });
    server = startServer(engine, 1, 1);
    List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
    HttpRequest q = HttpRequest.newBuilder(uri("/query/1")).POST(BodyPublishers.ofString("{\"query\":\"1\"}")).build();
    calls.add(client.sendAsync(q, BodyHandlers.ofString()));
    assertThat(started.await(5, TimeUnit.SECONDS)).isTrue(); // one running, so the queue is empty
    calls.add(client.sendAsync(q, BodyHandlers.ofString())); // waits in the queue
    Thread.sleep(200);
    var refused = client.send(q, BodyHandlers.ofString());
    assertThat(refused.statusCode()).isEqualTo(429);
    assertThat(refused.body()).isEqualTo(
        "{\"error\":{\"code\":\"limit_exceeded\",\"message\":\"Too many pending requests\"}}");
    release.countDown();
    for (var c : calls) assertThat(c.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    assertThat(engine.calls).hasValue(2);
  }

  @Test
  void pipelinedRequestsOnOneConnectionAnswerInOrder() throws Exception {
    engine.behaviour = r -> {
      if (r.source().equals("slow")) {
        try {
          Thread.sleep(200);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return new Success(new Value.StrV(r.source()), "", 1, Stats.ZERO, 1);
    };
    try (var s = new java.net.Socket("127.0.0.1", server.port())) {
      s.setSoTimeout(10_000);
      String body1 = "{\"query\":\"slow\"}";
      String body2 = "{\"query\":\"fast\"}";
      String req1 = "POST /query/1 HTTP/1.1\r\nHost: x\r\nContent-Length: " + body1.length() + "\r\n\r\n" + body1;
      String req2 = "POST /query/1 HTTP/1.1\r\nHost: x\r\nContent-Length: " + body2.length()
          + "\r\nConnection: close\r\n\r\n" + body2;
      s.getOutputStream().write((req1 + req2).getBytes());
      String all = new String(s.getInputStream().readAllBytes());
      assertThat(all.indexOf("\"slow\"")).isPositive().isLessThan(all.indexOf("\"fast\""));
    }
  }
}
