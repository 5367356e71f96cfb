package io.faunus.model.db;

import io.faunus.model.query.ErrorCode;

import io.faunus.fql.Span;
import io.faunus.model.eval.Interp;
import io.faunus.model.eval.QueryError;
import java.util.Set;

/**
 * The built-in key roles (spec §7.3): admin may do everything in its database; server everything except
 * Database, Key, Role and AccessProvider documents; server-readonly reads what server reads and cannot
 * call functions; client nothing by default. Custom roles ({@code @role/Name}) get client rights until
 * ABAC privileges are enforced (TODO step 7).
 */
final class Permissions {
  static final String DENIED = "Insufficient privileges to perform the action.";
  private static final Set<String> ADMIN_ONLY = Set.of("Database", "Key", "Role", "AccessProvider", "Token", "Credential");

  private final String role;

  private Permissions(String role) {
    this.role = role;
  }

  static Permissions of(String role) {
    return new Permissions(role);
  }

  boolean admin() {
    return role.equals("admin");
  }

  boolean canRead(String coll) {
    return switch (role) {
      case "admin" -> true;
      case "server", "server-readonly" -> !ADMIN_ONLY.contains(coll);
      default -> false;
    };
  }

  boolean canWrite(String coll) {
    return switch (role) {
      case "admin" -> true;
      case "server" -> !ADMIN_ONLY.contains(coll);
      default -> false;
    };
  }

  boolean canCall() {
    return role.equals("admin") || role.equals("server");
  }

  /** Whether diagnostics from log()/dbg() are returned (spec §7.3). */
  boolean canLog() {
    return role.equals("admin") || role.equals("server") || role.equals("server-readonly");
  }

  void requireRead(Interp in, String coll, Span site) {
    if (!canRead(coll)) throw denied(in, site);
  }

  void requireWrite(Interp in, String coll, Span site) {
    if (!canWrite(coll)) throw denied(in, site);
  }

  void requireCall(Interp in, Span site) {
    if (!canCall()) throw denied(in, site);
  }

  static QueryError denied(Interp in, Span site) {
    return in.error(ErrorCode.PERMISSION_DENIED, DENIED, site);
  }
}
