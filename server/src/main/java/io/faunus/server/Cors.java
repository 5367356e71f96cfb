package io.faunus.server;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.util.AsciiString;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** CORS headers as Fauna sends them (spec §1.0); only requests carrying {@code Origin} get any. */
final class Cors {
  private Cors() {}

  /** Exactly Fauna's list and order: the v10 headers plus those of the v4 drivers. */
  static final String ALLOW_HEADERS = String.join(", ", "accept-encoding", "authorization", "content-type",
      "x-driver-env", "x-faunadb-api-version", "x-fauna-driver", "x-fauna-source", "x-fauna-tags", "x-format",
      "x-last-seen-txn", "x-last-txn-ts", "x-linearized", "x-max-contention-retries",
      "x-max-retries-on-contention", "x-query-tags", "x-query-timeout", "x-query-timeout-ms",
      "x-runtime-environment", "x-runtime-environment-os", "x-nodejs-version", "traceparent", "x-typecheck",
      "x-performance-hints");
  static final String ALLOW_METHODS = "GET, POST, PUT, PATCH, DELETE";
  static final String MAX_AGE_SECONDS = "86400";

  private static final AsciiString EXPOSE_HEADERS = AsciiString.cached("access-control-expose-headers");
  private static final AsciiString ALLOW_ORIGIN = AsciiString.cached("access-control-allow-origin");
  private static final AsciiString ALLOW_CREDENTIALS = AsciiString.cached("access-control-allow-credentials");
  private static final AsciiString MAX_AGE = AsciiString.cached("access-control-max-age");
  private static final AsciiString ALLOW_HEADERS_NAME = AsciiString.cached("access-control-allow-headers");
  private static final AsciiString ALLOW_METHODS_NAME = AsciiString.cached("access-control-allow-methods");
  private static final AsciiString TRUE = AsciiString.cached("true");
  private static final AsciiString ALLOW_HEADERS_VALUE = AsciiString.cached(ALLOW_HEADERS);
  private static final AsciiString ALLOW_METHODS_VALUE = AsciiString.cached(ALLOW_METHODS);
  private static final AsciiString MAX_AGE_VALUE = AsciiString.cached(MAX_AGE_SECONDS);

  /** Adds CORS headers to a response about to be sent for a request with these headers and method. */
  static void apply(HttpHeaders request, HttpMethod method, HttpHeaders response) {
    String origin = request.get(HttpHeaderNames.ORIGIN);
    if (origin == null) return;
    // Browsers may read only the headers named here: every "x-" header of this response.
    List<String> exposed = new ArrayList<>();
    for (Map.Entry<String, String> h : response) {
      String name = h.getKey().toLowerCase();
      if (name.startsWith("x-") && !exposed.contains(name)) exposed.add(name);
    }
    response.set(EXPOSE_HEADERS, String.join(", ", exposed));
    response.set(ALLOW_ORIGIN, origin);
    response.set(ALLOW_CREDENTIALS, TRUE);
    if (HttpMethod.OPTIONS.equals(method)) {
      response.set(MAX_AGE, MAX_AGE_VALUE);
      response.set(ALLOW_HEADERS_NAME, ALLOW_HEADERS_VALUE);
      response.set(ALLOW_METHODS_NAME, ALLOW_METHODS_VALUE);
    }
  }
}
