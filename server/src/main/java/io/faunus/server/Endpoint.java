package io.faunus.server;

import io.faunus.server.console.ConsoleFiles;
import io.netty.handler.codec.http.HttpMethod;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The paths a node serves (spec §1.1) and the methods each accepts. Fauna runs a query whatever the method;
 * here only POST does, so a link, a prefetch or a crawler's GET can never run one. OPTIONS is answered on
 * every known path (CORS preflight); any other method gets 405 with {@code Allow}.
 */
enum Endpoint {
  QUERY("/query/1", HttpMethod.POST),
  STREAM("/stream/1", HttpMethod.POST),
  FEED("/feed/1", HttpMethod.POST),
  PING("/ping", HttpMethod.GET, HttpMethod.HEAD),
  /** This node's replica status (docs/operations.md), for the root database's admin secret. */
  ADMIN_STATUS("/admin/status", HttpMethod.GET),
  /** Prometheus text (docs/operations.md, "Metrics"): a root admin secret, unless metrics.public. */
  METRICS("/metrics", HttpMethod.GET),
  /** Cluster membership changes (docs/operations.md), for the root database's admin secret. */
  ADMIN_ADD_NODE("/admin/add-node", HttpMethod.POST),
  ADMIN_REMOVE_NODE("/admin/remove-node", HttpMethod.POST),
  /** Start (POST) or release (DELETE) an online backup (docs/operations.md), root admin only. */
  ADMIN_BACKUP("/admin/backup", HttpMethod.POST, HttpMethod.DELETE),
  /** One chunk of one file of the backup in progress. */
  ADMIN_BACKUP_FILE("/admin/backup/file", HttpMethod.GET),
  /** Every path under /schema/1 (schema-v10.md §1); routes and their methods are checked after auth. */
  SCHEMA(SchemaRoutes.PREFIX, HttpMethod.GET, HttpMethod.POST, HttpMethod.DELETE),
  /** The web console's static files, {@code /console} and below (404 when the node serves no console). */
  CONSOLE(ConsoleFiles.BARE, HttpMethod.GET, HttpMethod.HEAD),
  /** Any other path: 404 whatever the method. */
  UNKNOWN("");

  final String path;
  /** The endpoint as metrics and logs name it: {@code query}, {@code admin_status}, ... */
  final String label = name().toLowerCase(java.util.Locale.ROOT);
  private final List<HttpMethod> methods;
  /** The {@code Allow} header: the endpoint's methods and OPTIONS. */
  final String allow;

  Endpoint(String path, HttpMethod... methods) {
    this.path = path;
    this.methods = List.of(methods);
    this.allow = Stream.concat(Stream.of(methods), Stream.of(HttpMethod.OPTIONS)).map(HttpMethod::name)
        .collect(Collectors.joining(", "));
  }

  static Endpoint at(String path) {
    if (SchemaRoutes.matches(path)) return SCHEMA;
    if (ConsoleFiles.matches(path)) return CONSOLE;
    for (Endpoint e : values()) {
      if (e.path.equals(path)) return e;
    }
    return UNKNOWN;
  }

  boolean allows(HttpMethod method) {
    return methods.contains(method);
  }
}
