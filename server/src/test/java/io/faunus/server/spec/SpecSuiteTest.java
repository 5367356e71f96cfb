package io.faunus.server.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.faunus.server.FaunusServer;
import io.faunus.server.ServerConfig;
import io.faunus.node.Node;
import io.faunus.node.NodeConfig;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.opentest4j.AssertionFailedError;

/**
 * Data-driven conformance suite: every line of {@code src/test/resources/spec/<area>.jsonl} is one case that is
 * sent over HTTP to a real in-memory node. See {@code spec/README.md} for the case format.
 */
class SpecSuiteTest {

  static final ObjectMapper JSON = new ObjectMapper();
  static final List<String> AREAS = List.of("literals", "operators", "nulls", "functions", "arrays", "strings",
      "math", "objects", "time", "sets", "wire", "limits");

  static Node node;
  static FaunusServer server;
  static HttpClient client;

  @BeforeAll
  static void start() throws Exception {
    node = Node.open(new NodeConfig(null, true, "secret"));
    server = new FaunusServer(ServerConfig.of("localhost", 0, Path.of("unused"), "secret", true)
        .withQueryThreads(4, 64), node).start();
    client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  }

  @AfterAll
  static void stop() {
    if (server != null) server.close();
    if (node != null) node.close();
  }

  @TestFactory
  Stream<DynamicNode> spec() throws IOException {
    List<DynamicNode> areas = new ArrayList<>();
    for (String area : AREAS) {
      List<DynamicNode> cases = new ArrayList<>();
      for (JsonNode c : load(area)) {
        String id = c.path("id").asText();
        cases.add(DynamicTest.dynamicTest(id, () -> run(c)));
      }
      areas.add(DynamicContainer.dynamicContainer(area, cases));
    }
    return areas.stream();
  }

  static List<JsonNode> load(String area) throws IOException {
    List<JsonNode> out = new ArrayList<>();
    try (InputStream in = SpecSuiteTest.class.getResourceAsStream("/spec/" + area + ".jsonl")) {
      if (in == null) return out;
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      String line;
      int n = 0;
      while ((line = r.readLine()) != null) {
        n++;
        if (line.isBlank() || line.startsWith("//")) continue;
        try {
          out.add(JSON.readTree(line));
        } catch (IOException e) {
          throw new IOException(area + ".jsonl line " + n + ": " + e.getMessage(), e);
        }
      }
    }
    return out;
  }

  // ---------------------------------------------------------------------------------------------------------

  static void run(JsonNode c) throws Exception {
    if (c.has("skip")) Assumptions.abort(c.get("skip").asText());
    HttpResponse<String> r = send(c, Map.of());
    check(c, r);
    if (c.has("then")) {
      JsonNode body = JSON.readTree(r.body());
      JsonNode then = c.get("then");
      java.util.Map<String, JsonNode> bound = new java.util.LinkedHashMap<>();
      Iterator<Map.Entry<String, JsonNode>> it = then.path("bind").properties().iterator();
      while (it.hasNext()) {
        var e = it.next();
        JsonNode v = body.at(e.getValue().asText());
        if (v.isMissingNode()) throw new AssertionFailedError(c.get("id").asText() + ": nothing at "
            + e.getValue().asText() + " in " + r.body());
        bound.put(e.getKey(), v);
      }
      HttpResponse<String> r2 = send(then, bound);
      check(then, r2);
    }
  }

  static HttpResponse<String> send(JsonNode c, Map<String, JsonNode> bound) throws Exception {
    String body;
    if (c.has("rawBody")) {
      body = c.get("rawBody").asText();
    } else if (c.has("bigBody")) {
      JsonNode b = c.get("bigBody");
      body = b.path("prefix").asText() + b.path("repeat").asText().repeat(b.path("count").asInt())
          + b.path("suffix").asText();
    } else {
      ObjectNode o = JSON.createObjectNode();
      if (c.has("template")) o.set("query", c.get("template"));
      else o.set("query", c.get("query"));
      ObjectNode args = c.has("arguments") ? ((ObjectNode) c.get("arguments")).deepCopy() : null;
      if (!bound.isEmpty()) {
        if (args == null) args = JSON.createObjectNode();
        for (var e : bound.entrySet()) args.set(e.getKey(), e.getValue());
      }
      if (args != null) o.set("arguments", args);
      body = JSON.writeValueAsString(o);
    }
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/query/1"))
        .POST(HttpRequest.BodyPublishers.ofString(body));
    boolean auth = true;
    String format = c.path("format").asText("simple");
    boolean formatSet = false;
    Iterator<Map.Entry<String, JsonNode>> hs = c.path("headers").properties().iterator();
    while (hs.hasNext()) {
      var h = hs.next();
      String name = h.getKey().toLowerCase();
      if (name.equals("authorization")) {
        auth = false;
        if (h.getValue().isNull()) continue;
      }
      if (name.equals("x-format")) formatSet = true;
      if (h.getValue().isNull()) {
        if (name.equals("x-format")) formatSet = true;
        continue;
      }
      b.header(h.getKey(), h.getValue().asText());
    }
    if (auth) b.header("Authorization", "Bearer secret");
    if (!formatSet) b.header("x-format", format);
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static void check(JsonNode c, HttpResponse<String> r) throws Exception {
    String id = c.path("id").asText("then");
    JsonNode ex = c.get("expect");
    int status = ex.path("status").asInt(200);
    JsonNode body;
    try {
      body = JSON.readTree(r.body());
    } catch (IOException e) {
      throw new AssertionFailedError(id + ": response is not JSON: " + r.statusCode() + " " + r.body());
    }
    String ctx = id + " (query " + c.path("query") + ")\n  got " + r.statusCode() + " " + r.body();
    if (r.statusCode() != status) throw new AssertionFailedError(ctx + "\n  expected status " + status);
    if (ex.has("body")) {
      if (!same(ex.get("body"), body, false))
        throw new AssertionFailedError(ctx + "\n  expected body " + ex.get("body"), ex.get("body"), body);
    }
    if (ex.has("data")) {
      if (!body.has("data")) throw new AssertionFailedError(ctx + "\n  expected data " + ex.get("data"));
      if (!same(ex.get("data"), body.get("data"), true))
        throw new AssertionFailedError(ctx + "\n  expected data " + ex.get("data"), ex.get("data"), body.get("data"));
    }
    if (ex.has("code")) {
      String code = body.path("error").path("code").asText(null);
      if (!ex.get("code").asText().equals(code))
        throw new AssertionFailedError(ctx + "\n  expected code " + ex.get("code"));
    }
    if (ex.has("message")) {
      JsonNode m = body.path("error").path("message");
      if (!ex.get("message").asText().equals(m.asText(null)))
        throw new AssertionFailedError(ctx + "\n  expected message " + ex.get("message"), ex.get("message").asText(),
            m.asText(null));
    }
    if (ex.has("messageContains")) {
      String m = body.path("error").path("message").asText("");
      if (!m.contains(ex.get("messageContains").asText()))
        throw new AssertionFailedError(ctx + "\n  expected message containing " + ex.get("messageContains"));
    }
    if (ex.has("abort")) {
      if (!same(ex.get("abort"), body.path("error").path("abort"), true))
        throw new AssertionFailedError(ctx + "\n  expected abort " + ex.get("abort"));
    }
    if (ex.has("summary")) {
      String s = body.path("summary").asText(null);
      if (!ex.get("summary").asText().equals(s))
        throw new AssertionFailedError(ctx + "\n  expected summary " + ex.get("summary"), ex.get("summary").asText(), s);
    }
    if (ex.has("summaryContains")) {
      String s = body.path("summary").asText("");
      if (!s.contains(ex.get("summaryContains").asText()))
        throw new AssertionFailedError(ctx + "\n  expected summary containing " + ex.get("summaryContains"));
    }
    for (JsonNode k : ex.path("keys")) {
      if (body.at(k.asText()).isMissingNode()) throw new AssertionFailedError(ctx + "\n  expected key " + k);
    }
    for (JsonNode k : ex.path("absent")) {
      if (!body.at(k.asText()).isMissingNode()) throw new AssertionFailedError(ctx + "\n  expected no key " + k);
    }
    Iterator<Map.Entry<String, JsonNode>> at = ex.path("at").properties().iterator();
    while (at.hasNext()) {
      var e = at.next();
      JsonNode got = body.at(e.getKey());
      if (!same(e.getValue(), got, true))
        throw new AssertionFailedError(ctx + "\n  expected " + e.getKey() + " = " + e.getValue(), e.getValue(), got);
    }
    Iterator<Map.Entry<String, JsonNode>> types = ex.path("types").properties().iterator();
    while (types.hasNext()) {
      var e = types.next();
      JsonNode got = body.at(e.getKey());
      if (!got.getNodeType().name().equalsIgnoreCase(e.getValue().asText()))
        throw new AssertionFailedError(ctx + "\n  expected " + e.getKey() + " of JSON type " + e.getValue());
    }
    if (ex.has("headers")) {
      Iterator<Map.Entry<String, JsonNode>> hs = ex.get("headers").properties().iterator();
      while (hs.hasNext()) {
        var e = hs.next();
        String got = r.headers().firstValue(e.getKey()).orElse(null);
        if (!e.getValue().asText().equals(got))
          throw new AssertionFailedError(ctx + "\n  expected header " + e.getKey() + ": " + e.getValue() + ", got " + got);
      }
    }
  }

  /**
   * Exact JSON equality, except that two numbers are equal when numerically equal (1 == 1.0). When
   * {@code ordered}, object keys must also appear in the same order (FQL objects keep insertion order).
   */
  static boolean same(JsonNode want, JsonNode got, boolean ordered) {
    if (want.isNumber() && got.isNumber()) return want.decimalValue().compareTo(got.decimalValue()) == 0;
    if (want.isObject() && got.isObject()) {
      if (want.size() != got.size()) return false;
      if (ordered) {
        Iterator<String> a = want.fieldNames();
        Iterator<String> b = got.fieldNames();
        while (a.hasNext()) if (!a.next().equals(b.next())) return false;
      }
      Iterator<Map.Entry<String, JsonNode>> it = want.properties().iterator();
      while (it.hasNext()) {
        var e = it.next();
        if (!got.has(e.getKey()) || !same(e.getValue(), got.get(e.getKey()), ordered)) return false;
      }
      return true;
    }
    if (want.isArray() && got.isArray()) {
      if (want.size() != got.size()) return false;
      for (int i = 0; i < want.size(); i++) if (!same(want.get(i), got.get(i), ordered)) return false;
      return true;
    }
    return want.equals(got);
  }
}
