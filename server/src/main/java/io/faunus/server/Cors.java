package io.faunus.server;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.util.AsciiString;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * CORS headers (spec §1.0), only for origins the operator allowed ({@code --cors-origin}). Fauna reflects
 * any {@code Origin} with credentials allowed, which lets every web page a user visits call the node with
 * that user's browser; here a listed origin gets Fauna's headers, {@code *} lets any origin in without
 * credentials, and any other origin gets no CORS header at all, so the browser refuses to hand it the answer.
 */
final class Cors {

  /** Exactly Fauna's list and order: the v10 headers plus those of the v4 drivers. */
  static final String ALLOW_HEADERS = String.join(", ", "accept-encoding", "authorization", "content-type",
      "x-driver-env", "x-faunadb-api-version", "x-fauna-driver", "x-fauna-source", "x-fauna-tags", "x-format",
      "x-last-seen-txn", "x-last-txn-ts", "x-linearized", "x-max-contention-retries",
      "x-max-retries-on-contention", "x-query-tags", "x-query-timeout", "x-query-timeout-ms",
      "x-runtime-environment", "x-runtime-environment-os", "x-nodejs-version", "traceparent", "x-typecheck",
      "x-performance-hints");
  /** Fauna's list, kept for compatibility; an endpoint still answers 405 to a method it does not serve. */
  static final String ALLOW_METHODS = "GET, POST, PUT, PATCH, DELETE";
  static final String MAX_AGE_SECONDS = "86400";
  static final String ANY_ORIGIN = "*";

  private static final AsciiString EXPOSE_HEADERS = AsciiString.cached("access-control-expose-headers");
  private static final AsciiString ALLOW_ORIGIN = AsciiString.cached("access-control-allow-origin");
  private static final AsciiString ALLOW_CREDENTIALS = AsciiString.cached("access-control-allow-credentials");
  private static final AsciiString MAX_AGE = AsciiString.cached("access-control-max-age");
  private static final AsciiString ALLOW_HEADERS_NAME = AsciiString.cached("access-control-allow-headers");
  private static final AsciiString ALLOW_METHODS_NAME = AsciiString.cached("access-control-allow-methods");
  private static final AsciiString TRUE = AsciiString.cached("true");
  private static final AsciiString ANY = AsciiString.cached(ANY_ORIGIN);
  private static final AsciiString ALLOW_HEADERS_VALUE = AsciiString.cached(ALLOW_HEADERS);
  private static final AsciiString ALLOW_METHODS_VALUE = AsciiString.cached(ALLOW_METHODS);
  private static final AsciiString MAX_AGE_VALUE = AsciiString.cached(MAX_AGE_SECONDS);
  /** scheme://host[:port], as browsers send it: no path, no trailing slash. */
  private static final Pattern ORIGIN = Pattern.compile("[a-z][a-z0-9+.-]*://[^/?#\\s]+");

  private final Set<String> listed;
  private final boolean anyOrigin;

  private Cors(Set<String> listed, boolean anyOrigin) {
    this.listed = listed;
    this.anyOrigin = anyOrigin;
  }

  /** The policy for origins already checked by {@link #checkOrigin}. */
  static Cors of(List<String> origins) {
    Set<String> listed = new HashSet<>(origins);
    boolean any = listed.remove(ANY_ORIGIN);
    return new Cors(Set.copyOf(listed), any);
  }

  /**
   * The configured origin as browsers write it (scheme and host lower case), or an exception naming the
   * mistake. "null" is refused: sandboxed frames and local files send it, so allowing it allows anyone.
   */
  static String checkOrigin(String configured) {
    String o = configured.trim();
    if (o.equals(ANY_ORIGIN)) return o;
    String lower = o.toLowerCase(Locale.ROOT);
    if (!ORIGIN.matcher(lower).matches()) {
      throw new IllegalArgumentException("--cors-origin '" + configured
          + "' is not an origin: write scheme://host[:port] with no path or trailing slash, or *");
    }
    return lower;
  }

  /** Adds CORS headers to a response about to be sent for a request with these headers and method. */
  void apply(HttpHeaders request, HttpMethod method, HttpHeaders response) {
    String origin = request.get(HttpHeaderNames.ORIGIN);
    if (origin == null) return;
    boolean isListed = listed.contains(origin);
    if (!isListed && !anyOrigin) return;
    // Browsers may read only the headers named here: every "x-" header of this response.
    List<String> exposed = new ArrayList<>();
    for (Map.Entry<String, String> h : response) {
      String name = h.getKey().toLowerCase(Locale.ROOT);
      if (name.startsWith("x-") && !exposed.contains(name)) exposed.add(name);
    }
    response.set(EXPOSE_HEADERS, String.join(", ", exposed));
    if (isListed) {
      response.set(ALLOW_ORIGIN, origin);
      response.set(ALLOW_CREDENTIALS, TRUE);
      response.add(HttpHeaderNames.VARY, HttpHeaderNames.ORIGIN); // caches must not replay it to another origin
    } else {
      response.set(ALLOW_ORIGIN, ANY); // browsers refuse credentials with "*", so none are offered
    }
    if (HttpMethod.OPTIONS.equals(method)) {
      response.set(MAX_AGE, MAX_AGE_VALUE);
      response.set(ALLOW_HEADERS_NAME, ALLOW_HEADERS_VALUE);
      response.set(ALLOW_METHODS_NAME, ALLOW_METHODS_VALUE);
    }
  }
}
