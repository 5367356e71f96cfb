package io.faunus.server;

import io.faunus.model.query.ErrorCode;
import io.faunus.model.query.SchemaRequest;
import io.faunus.model.query.SchemaRequest.*;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.List;
import java.util.Map;

/**
 * Turns a request under {@code /schema/1} into a {@link SchemaRequest} (schema-v10.md §1.0, §1.1): the route,
 * the query parameters with Fauna's parse rules, and the multipart files. What cannot be routed becomes a
 * {@link Refused} call, answered after the secret is checked, as Fauna orders it (401, 403, then 404/405).
 */
final class SchemaRoutes {
  private SchemaRoutes() {}

  static final String PREFIX = "/schema/1";

  static boolean matches(String path) {
    return path.equals(PREFIX) || path.startsWith(PREFIX + "/");
  }

  static SchemaRequest parse(InboundRequest req, QueryStringDecoder uri, String secret) {
    Map<String, List<String>> params = uri.parameters();
    long version = version(param(params, "version"));
    boolean force = "true".equals(param(params, "force"));
    return new SchemaRequest(secret, call(req, uri.path().substring(PREFIX.length()), params), version, force);
  }

  private static Call call(InboundRequest req, String route, Map<String, List<String>> params) {
    HttpMethod method = req.head().method();
    boolean staged = "true".equals(param(params, "staged"));
    boolean override = !"false".equals(param(params, "override"));
    boolean color = "ansi".equals(param(params, "color"));
    DiffFormat format = format(params);
    try {
      return switch (route) {
        case "/files" -> only(method, HttpMethod.GET, new ListFiles(staged));
        case "/update" -> method.equals(HttpMethod.POST) ? new Update(files(req), staged, override) : notAllowed();
        case "/diff", "/validate" -> method.equals(HttpMethod.POST)
            ? new Diff(files(req), staged, override, format == null ? DiffFormat.SEMANTIC : format, color) : notAllowed();
        case "/staged/status", "/status" -> only(method, HttpMethod.GET, new Status(format, color));
        case "/staged/commit", "/commit" -> only(method, HttpMethod.POST, new Commit());
        case "/staged/abandon", "/abandon" -> only(method, HttpMethod.POST, new Abandon());
        default -> {
          if (route.startsWith("/files/") && route.length() > "/files/".length()) {
            // The path is already percent-decoded, so app%2Fcoll.fsl arrives as app/coll.fsl.
            yield only(method, HttpMethod.GET, new GetFile(route.substring("/files/".length()), staged));
          }
          String[] item = route.startsWith("/items/") ? route.substring("/items/".length()).split("/", -1) : null;
          boolean validate = "true".equals(param(params, "validate"));
          String snippet = new String(req.body(), java.nio.charset.StandardCharsets.UTF_8);
          if (item != null && item.length == 1 && !item[0].isEmpty()) {
            yield only(method, HttpMethod.POST, new WriteItem(item[0], null, snippet, validate));
          }
          if (item != null && item.length == 2 && !item[1].isEmpty()) {
            if (method.equals(HttpMethod.GET)) yield new GetItem(item[0], item[1]);
            if (method.equals(HttpMethod.POST)) yield new WriteItem(item[0], item[1], snippet, validate);
            if (method.equals(HttpMethod.DELETE)) yield new WriteItem(item[0], item[1], null, validate);
            yield notAllowed();
          }
          yield new Refused(ErrorCode.NOT_FOUND, "Not found");
        }
      };
    } catch (BadRequest e) {
      return new Refused(ErrorCode.INVALID_REQUEST, e.getMessage());
    }
  }

  private static Call only(HttpMethod method, HttpMethod allowed, Call call) {
    return method.equals(allowed) ? call : notAllowed();
  }

  private static Call notAllowed() {
    return new Refused(ErrorCode.METHOD_NOT_ALLOWED, "Method not allowed");
  }

  private static List<Upload> files(InboundRequest req) throws BadRequest {
    return Multipart.parse(req.head().headers().get(HttpHeaderNames.CONTENT_TYPE), req.body());
  }

  /** {@code format} (semantic, summary, textual; others ignored), else the legacy {@code diff} (§1.0). */
  private static DiffFormat format(Map<String, List<String>> params) {
    DiffFormat f = switch (String.valueOf(param(params, "format"))) {
      case "semantic" -> DiffFormat.SEMANTIC;
      case "summary" -> DiffFormat.SUMMARY;
      case "textual" -> DiffFormat.TEXTUAL;
      default -> null;
    };
    if (f != null || params.containsKey("format")) return f;
    return switch (String.valueOf(param(params, "diff"))) {
      case "semantic", "true" -> DiffFormat.SEMANTIC;
      case "summary" -> DiffFormat.SUMMARY;
      case "textual" -> DiffFormat.TEXTUAL;
      default -> null;
    };
  }

  /** {@code toLong}; anything non-numeric is as if absent. */
  private static long version(String v) {
    if (v == null) return SchemaRequest.NO_VERSION;
    try {
      long n = Long.parseLong(v);
      return n < 0 ? SchemaRequest.NO_VERSION : n;
    } catch (NumberFormatException e) {
      return SchemaRequest.NO_VERSION;
    }
  }

  private static String param(Map<String, List<String>> params, String name) {
    List<String> v = params.get(name);
    return v == null || v.isEmpty() ? null : v.get(0);
  }
}
