package io.faunus.server;

import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
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

  /** Adds CORS headers to a response about to be sent for a request with these headers and method. */
  static void apply(HttpHeaders request, HttpMethod method, HttpHeaders response) {
    String origin = request.get("origin");
    if (origin == null) return;
    // Browsers may read only the headers named here: every "x-" header of this response.
    List<String> exposed = new ArrayList<>();
    for (Map.Entry<String, String> h : response) {
      String name = h.getKey().toLowerCase();
      if (name.startsWith("x-") && !exposed.contains(name)) exposed.add(name);
    }
    response.set("access-control-expose-headers", String.join(", ", exposed));
    response.set("access-control-allow-origin", origin);
    response.set("access-control-allow-credentials", "true");
    if (HttpMethod.OPTIONS.equals(method)) {
      response.set("access-control-max-age", MAX_AGE_SECONDS);
      response.set("access-control-allow-headers", ALLOW_HEADERS);
      response.set("access-control-allow-methods", ALLOW_METHODS);
    }
  }
}
