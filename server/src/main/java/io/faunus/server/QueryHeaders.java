package io.faunus.server;

import io.faunus.model.query.QueryRequest;
import io.faunus.model.query.QueryRequest.Format;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The /query/1 request headers after validation (spec §1.4). Headers are checked in the order Fauna checks
 * them (x-last-txn-ts, x-query-timeout-ms, x-max-contention-retries, x-query-tags, x-format, x-typecheck,
 * x-linearized, x-performance-hints), so the first bad one is the one reported.
 */
record QueryHeaders(String secret, long lastTxnTs, long timeoutMs, int maxContentionRetries, String queryTags,
                    Format format, Boolean typecheck, boolean linearized, boolean performanceHints) {

  // Header names as AsciiString constants: their (case-insensitive) hash is computed once, not per lookup.
  private static final AsciiString AUTHORIZATION = AsciiString.cached("authorization");
  private static final AsciiString LAST_TXN_TS = AsciiString.cached("x-last-txn-ts");
  private static final AsciiString QUERY_TIMEOUT_MS = AsciiString.cached("x-query-timeout-ms");
  private static final AsciiString MAX_CONTENTION_RETRIES = AsciiString.cached("x-max-contention-retries");
  private static final AsciiString QUERY_TAGS = AsciiString.cached("x-query-tags");
  private static final AsciiString FORMAT = AsciiString.cached("x-format");
  private static final AsciiString TYPECHECK = AsciiString.cached("x-typecheck");
  private static final AsciiString LINEARIZED = AsciiString.cached("x-linearized");
  private static final AsciiString PERFORMANCE_HINTS = AsciiString.cached("x-performance-hints");

  private static final Pattern TAG_WORD = Pattern.compile("[A-Za-z0-9_]+");

  static QueryHeaders parse(HttpHeaders h) throws BadRequest {
    String secret = secret(h.get(AUTHORIZATION));
    long lastTxnTs = Long.MIN_VALUE;
    String v = h.get(LAST_TXN_TS);
    if (v != null) {
      try {
        lastTxnTs = Long.parseLong(v);
      } catch (NumberFormatException e) {
        throw BadRequest.header("x-last-txn-ts", "Invalid timestamp '" + v + "'.");
      }
    }
    long timeoutMs = QueryRequest.DEFAULT_TIMEOUT_MS;
    v = h.get(QUERY_TIMEOUT_MS);
    if (v != null) {
      timeoutMs = parseLong("x-query-timeout-ms", v);
      if (timeoutMs <= 0) throw BadRequest.header("x-query-timeout-ms", "Must be greater than 0.");
      if (timeoutMs > Limits.QUERY_TIMEOUT_MAX_MS) {
        throw BadRequest.header("x-query-timeout-ms",
            "Must be less than or equal to " + Limits.QUERY_TIMEOUT_MAX_MS + ".");
      }
    }
    int retries = QueryRequest.DEFAULT_MAX_CONTENTION_RETRIES;
    v = h.get(MAX_CONTENTION_RETRIES);
    if (v != null) {
      long r;
      try {
        r = Integer.parseInt(v);
      } catch (NumberFormatException e) {
        throw BadRequest.header("x-max-contention-retries", "Invalid number '" + v + "'.");
      }
      if (r < 0 || r > Limits.CONTENTION_RETRIES_MAX) {
        throw BadRequest.header("x-max-contention-retries", "Must be between 0 and 7.");
      }
      retries = (int) r;
    }
    String tags = queryTags(h.get(QUERY_TAGS));
    Format format = Format.SIMPLE;
    v = h.get(FORMAT);
    if (v != null) {
      format = switch (v) {
        case "simple" -> Format.SIMPLE;
        case "tagged" -> Format.TAGGED;
        case "decorated" -> Format.DECORATED;
        default -> throw BadRequest.header("x-format", "Invalid format " + v);
      };
    }
    Boolean typecheck = bool(h, TYPECHECK);
    Boolean linearized = bool(h, LINEARIZED);
    Boolean hints = bool(h, PERFORMANCE_HINTS);
    return new QueryHeaders(secret, lastTxnTs, timeoutMs, retries, tags, format, typecheck,
        linearized != null && linearized, hints != null && hints);
  }

  private static long parseLong(String name, String v) throws BadRequest {
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw BadRequest.header(name, "Invalid number '" + v + "'.");
    }
  }

  private static Boolean bool(HttpHeaders h, AsciiString name) throws BadRequest {
    String v = h.get(name);
    if (v == null) return null;
    if (v.equalsIgnoreCase("true")) return Boolean.TRUE;
    if (v.equalsIgnoreCase("false")) return Boolean.FALSE;
    throw BadRequest.header(name.toString(), "Must be a boolean value.");
  }

  /** Normalized "k=v,k2=v2", or null when absent or empty. Checks mirror Fauna's, including their order. */
  static String queryTags(String v) throws BadRequest {
    if (v == null) return null;
    if (v.length() > Limits.QUERY_TAGS_MAX_BYTES) throw BadRequest.header("x-query-tags", "header is too long");
    if (v.isEmpty()) return null;
    String[] pairs = v.split(",", -1);
    for (String p : pairs) {
      int eq = p.indexOf('=');
      if (eq < 0 || !TAG_WORD.matcher(p.substring(0, eq)).matches()
          || !TAG_WORD.matcher(p.substring(eq + 1)).matches()) {
        throw BadRequest.header("x-query-tags", "invalid tags");
      }
    }
    if (pairs.length > Limits.QUERY_TAGS_MAX_PAIRS) throw BadRequest.header("x-query-tags", "too many tags");
    Set<String> seen = new HashSet<>();
    for (int i = pairs.length - 1; i >= 0; i--) { // Fauna folds from the right: the last pair is checked first
      int eq = pairs[i].indexOf('=');
      String key = pairs[i].substring(0, eq);
      if (key.length() > Limits.QUERY_TAG_KEY_MAX_BYTES) throw BadRequest.header("x-query-tags", "invalid key");
      if (pairs[i].length() - eq - 1 > Limits.QUERY_TAG_VALUE_MAX_BYTES) {
        throw BadRequest.header("x-query-tags", "invalid value");
      }
      if (!seen.add(key)) throw BadRequest.header("x-query-tags", "duplicate key");
    }
    return v;
  }

  /** The secret from "Bearer s" or Basic auth with the secret as user name; null when absent or malformed. */
  static String secret(String authorization) {
    if (authorization == null) return null;
    String a = authorization.strip();
    int sp = a.indexOf(' ');
    if (sp < 0) return null;
    String scheme = a.substring(0, sp);
    String rest = a.substring(sp + 1).strip();
    if (scheme.equalsIgnoreCase("bearer")) return rest.isEmpty() ? null : rest;
    if (scheme.equalsIgnoreCase("basic")) {
      try {
        String userPass = new String(Base64.getDecoder().decode(rest), StandardCharsets.UTF_8);
        int colon = userPass.indexOf(':');
        String user = colon < 0 ? userPass : userPass.substring(0, colon);
        return user.isEmpty() ? null : user;
      } catch (IllegalArgumentException e) {
        return null;
      }
    }
    return null;
  }
}
