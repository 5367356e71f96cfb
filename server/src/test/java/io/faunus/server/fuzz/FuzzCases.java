package io.faunus.server.fuzz;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;

/**
 * Generates HTTP inputs from a seed: a well-formed request to one of the node's endpoints, then a few
 * mutations of its request line, headers, body, framing (Content-Length, chunked), or a pipeline of several,
 * an h2c upgrade, or HTTP/2 frames with prior knowledge. Case {@code i} of seed {@code s} is always the same
 * bytes, so a failure replays with {@code -Dhttpfuzz.seed=s -Dhttpfuzz.case=i}.
 */
final class FuzzCases {
  private FuzzCases() {}

  static final String SECRET = "fuzz-secret";
  /** Largest generated header value or path (past the node's limits: it must refuse them, not fail). */
  static final int HUGE_BYTES = 96 * 1024;

  private static final String[] PATHS = {"/query/1", "/query/1", "/query/1", "/ping", "/ping?scope=write",
      "/admin/status", "/admin/status?digest=true", "/feed/1", "/stream/1", "/schema/1/files", "/schema/1/validate",
      "/", "/query/1?x=%zz", "*", "http://x/query/1", "/../../etc/passwd", "/query/2", "/query/1/", "//query/1"};
  private static final String[] METHODS = {"POST", "POST", "POST", "GET", "PUT", "DELETE", "OPTIONS", "PATCH", "TRACE",
      "CONNECT", "HEAD", "", "G\u0000T", "post", "BREW"};
  private static final String[] VERSIONS = {"HTTP/1.1", "HTTP/1.1", "HTTP/1.1", "HTTP/1.0", "HTTP/0.9", "HTTP/2.0",
      "HTTP/9.9", "HTTP/1.1 extra", "", "http/1.1", "HTTP/1.10"};
  private static final String[] QUERIES = {"1 + 1", "Collection.all().toArray()", "Fuzz.all().count()",
      "Fuzz.create({ n: 1 })", "if (Collection.byName('Fuzz') == null) Collection.create({ name: 'Fuzz' }) else null",
      "abort('no')", "Time.now()", "[1, 2, 3].map(x => x * 2)", "'\u00e9\u4e2d\ud83d\ude00'", "let x = ", "Fuzz.byId('1')!",
      "newId()", "Math.pow(2, 1000)", "'a'.repeat(100000)", "Set.sequence(0, 1000000).count()", "dbg(1)", "null"};
  private static final String[] HEADER_NAMES = {"x-query-timeout-ms", "x-last-txn-ts", "x-format", "x-typecheck",
      "x-max-contention-retries", "x-linearized", "x-query-tags", "traceparent", "content-type", "accept-encoding",
      "x-performance-hints", "authorization", "x-driver", "connection", "expect", "origin", "transfer-encoding",
      "content-length", "host", "upgrade"};
  private static final String[] HEADER_VALUES = {"", "0", "-1", "1", "18446744073709551616", "abc", "true", "false",
      "simple", "tagged", "decorated", "1e9", " 5 ", "100-continue", "close", "keep-alive", "chunked", "gzip",
      "application/json", "text/plain; charset=utf-16", "Bearer " + SECRET, "Bearer wrong", "Basic Zm9vOmJhcg==",
      "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", "a=b,c=d", "h2c", "http://evil.example", "\u00ff\u00fe"};

  static FuzzCase generate(long seed, long index) {
    Random r = new Random(seed * 1_000_003L + index);
    int roll = r.nextInt(100);
    List<String> recipe = new ArrayList<>();
    if (roll < 8) return upgrade(index, r, recipe);
    if (roll < 16) return H2Frames.generate(index, r, recipe);
    int n = roll < 26 ? 2 + r.nextInt(4) : 1;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < n; i++) out.writeBytes(request(r, recipe, n > 1));
    int slices = r.nextInt(4) == 0 ? 2 + r.nextInt(20) : 1;
    return new FuzzCase(index, String.join(" ", recipe), FuzzCase.Kind.HTTP1, out.toByteArray(), slices, n);
  }

  /** One HTTP/1 request: a valid one, then 0-3 mutations. */
  private static byte[] request(Random r, List<String> recipe, boolean pipelined) {
    String method = "POST";
    String path = "/query/1";
    String version = "HTTP/1.1";
    List<String[]> headers = new ArrayList<>();
    headers.add(new String[] {"Host", "localhost"});
    headers.add(new String[] {"Authorization", "Bearer " + SECRET});
    headers.add(new String[] {"Content-Type", "application/json"});
    byte[] body = queryBody(r, recipe);
    String framing = "length";
    int mutations = r.nextInt(4);
    for (int m = 0; m < mutations; m++) {
      switch (r.nextInt(9)) {
        case 0 -> {
          method = pipelined && r.nextBoolean() ? "GET" : pick(r, METHODS);
          if (method.equals("HEAD") && pipelined) method = "GET"; // a HEAD answer's body is not sent: no pipelining
          recipe.add("method=" + method.replace("\u0000", "\\0"));
        }
        case 1 -> {
          path = r.nextInt(10) == 0 ? "/" + "a".repeat(r.nextInt(HUGE_BYTES)) : pick(r, PATHS);
          recipe.add("path=" + (path.length() > 40 ? path.length() + "B" : path));
        }
        case 2 -> {
          version = pick(r, VERSIONS);
          recipe.add("version=" + version);
        }
        case 3, 4 -> header(r, headers, recipe);
        case 5, 6 -> {
          body = Mutations.body(r, body, recipe);
        }
        case 7 -> {
          framing = pick(r, new String[] {"length", "chunked", "none", "both", "short", "long", "negative", "junk",
              "double", "bad-chunk", "no-last-chunk", "chunk-ext", "trailers", "te-gzip"});
          recipe.add("framing=" + framing);
        }
        default -> {
          if (headers.size() > 1) { // keep Host: a request without it is refused before anything else is read
            headers.remove(1 + r.nextInt(headers.size() - 1));
            recipe.add("drop-header");
          }
        }
      }
    }
    if (pipelined && framing.matches("long|no-last-chunk")) framing = "length"; // only the last may be incomplete
    return Mutations.frame(r, method + " " + path + (version.isEmpty() ? "" : " " + version), headers, body, framing);
  }

  private static void header(Random r, List<String[]> headers, List<String> recipe) {
    int kind = r.nextInt(8);
    switch (kind) {
      case 0 -> {
        String v = "v".repeat(8 * 1024 + r.nextInt(HUGE_BYTES));
        headers.add(new String[] {"x-big", v});
        recipe.add("huge-header=" + v.length());
      }
      case 1 -> {
        int count = 100 + r.nextInt(900);
        for (int i = 0; i < count; i++) headers.add(new String[] {"x-h" + i, "v"});
        recipe.add("many-headers=" + count);
      }
      case 2 -> {
        String bad = pick(r, new String[] {"bad name", "bad:name", "bad\u0000name", "\u00ff\u00fe", "", "x\u007f"});
        headers.add(new String[] {bad, "v"});
        recipe.add("bad-header-name");
      }
      case 3 -> {
        headers.add(new String[] {"x-fold", "a\r\n b"});
        recipe.add("obs-fold");
      }
      case 4 -> {
        headers.add(new String[] {"x-bytes", new String(Mutations.randomBytes(r, 1 + r.nextInt(64)), StandardCharsets.ISO_8859_1)
            .replace("\r", "").replace("\n", "")});
        recipe.add("binary-header-value");
      }
      default -> {
        String name = pick(r, HEADER_NAMES);
        String value = r.nextInt(4) == 0 ? Long.toString(r.nextLong()) : pick(r, HEADER_VALUES);
        headers.add(new String[] {name, value});
        recipe.add("header=" + name + ":" + value);
      }
    }
  }

  private static byte[] queryBody(Random r, List<String> recipe) {
    String q = new String(JsonStringEncoder.getInstance().quoteAsString(pick(r, QUERIES)));
    if (r.nextInt(5) == 0) {
      recipe.add("template");
      return ("{\"query\":{\"fql\":[\"" + q + " + \",{\"value\":" + pick(r, new String[] {"1", "{\"@int\":\"2\"}",
          "{\"@int\":\"x\"}", "{\"@time\":\"nope\"}", "{\"@mod\":\"Fuzz\"}", "[{\"@long\":\"9\"}]",
          "{\"@object\":{\"@int\":\"1\"}}", "null"}) + "}]}}").getBytes(StandardCharsets.UTF_8);
    }
    String args = "";
    if (r.nextInt(5) == 0) {
      recipe.add("arguments");
      args = ",\"arguments\":{\"x\":" + pick(r, new String[] {"1", "{\"@date\":\"2020-13-45\"}",
          "{\"@ref\":{\"id\":\"1\",\"coll\":{\"@mod\":\"Nope\"}}}", "{\"@bytes\":\"!!\"}", "[[[[]]]]"}) + "}";
    }
    return ("{\"query\":\"" + q + "\"" + args + "}").getBytes(StandardCharsets.UTF_8);
  }

  /** An h2c upgrade request (RFC 7540 §3.2), sometimes with a bad HTTP2-Settings header or a body. */
  private static FuzzCase upgrade(long index, Random r, List<String> recipe) {
    String settings = switch (r.nextInt(4)) {
      case 0 -> "!!!not-base64";
      case 1 -> Base64.getUrlEncoder().withoutPadding().encodeToString(Mutations.randomBytes(r, r.nextInt(40)));
      default -> "AAMAAABkAARAAAAAAAIAAAAA"; // a typical client's settings
    };
    String method = r.nextBoolean() ? "GET /ping" : "POST /query/1";
    String body = method.startsWith("POST") ? "{\"query\":\"1 + 1\"}" : "";
    String req = method + " HTTP/1.1\r\nHost: localhost\r\nConnection: Upgrade, HTTP2-Settings\r\nUpgrade: "
        + (r.nextInt(5) == 0 ? "h2" : "h2c") + "\r\nHTTP2-Settings: " + settings + "\r\nAuthorization: Bearer " + SECRET
        + "\r\n" + (body.isEmpty() ? "" : "Content-Length: " + body.length() + "\r\nContent-Type: application/json\r\n")
        + "\r\n" + body;
    recipe.add("h2c-upgrade " + method + " settings=" + settings);
    return new FuzzCase(index, String.join(" ", recipe), FuzzCase.Kind.UPGRADE, FuzzCase.ascii(req), 1, 1);
  }

  static String pick(Random r, String[] options) {
    return options[r.nextInt(options.length)];
  }
}
