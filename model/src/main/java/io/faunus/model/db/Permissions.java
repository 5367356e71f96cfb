package io.faunus.model.db;

import io.faunus.fql.Span;
import io.faunus.model.eval.Interp;
import io.faunus.model.eval.QueryError;
import io.faunus.model.query.ErrorCode;
import io.faunus.model.value.Value;
import io.faunus.model.value.Value.DocV;
import java.util.List;
import java.util.function.Supplier;

/**
 * What the caller may do (spec §7.3, §7.5), checked in one place: every read, scan, write and call asks
 * the caller's permissions with the action and the resource. Built-in key roles ({@link Builtin}) decide
 * by collection; custom roles ({@link RolePermissions}) by their documents' privileges, whose predicates
 * see the documents involved.
 */
sealed interface Permissions permits Permissions.Builtin, RolePermissions {
  String DENIED = "Insufficient privileges to perform the action.";

  /** The caller's permissions for a role as a key or a scoped secret names it: built-in or {@code @role/Name}. */
  static Permissions of(String role) {
    return switch (role) {
      case "admin" -> Builtin.ADMIN;
      case "server" -> Builtin.SERVER;
      case "server-readonly" -> Builtin.SERVER_READONLY;
      case "client" -> Builtin.CLIENT;
      // "@role/A,B": an access provider's JWT may act with several roles.
      default -> role.startsWith("@role/") ? new RolePermissions(List.of(role.substring("@role/".length()).split(",")))
          : Builtin.CLIENT; // Auth never hands out another name; nothing is the safe answer
    };
  }

  boolean admin();

  /** Whether diagnostics from log()/dbg() are returned. */
  boolean canLog();

  /**
   * May the caller see this document (its current version {@code state}, or null when there is none: then,
   * may it see the collection's documents at all)? A no makes it a null document with cause "permission
   * denied". {@code in} is null for reads outside evaluation, where predicates cannot run.
   */
  boolean mayRead(DbContext ctx, Interp in, DocV doc, DocState state);

  /** Sets: may the caller scan this collection at all (each document is then checked as it is read)? */
  void requireScan(DbContext ctx, Interp in, String coll, Span site);

  /** {@code args}: the action's predicate arguments (see {@link Action}). */
  void requireWrite(DbContext ctx, Interp in, String coll, Action action, Supplier<List<Value>> args, Span site);

  void requireCall(DbContext ctx, Interp in, String function, List<Value> args, Span site);

  static QueryError denied(Interp in, Span site) {
    return in.error(ErrorCode.PERMISSION_DENIED, DENIED, site);
  }

  /**
   * The built-in key roles: admin may do everything in its database; server everything except Database,
   * Key, Role, AccessProvider, Token and Credential documents; server-readonly reads what server reads and
   * calls nothing; client nothing.
   */
  enum Builtin implements Permissions {
    ADMIN, SERVER, SERVER_READONLY, CLIENT;

    private static final java.util.Set<String> ADMIN_ONLY =
        java.util.Set.of("Database", "Key", "Role", "AccessProvider", "Token", "Credential");

    @Override
    public boolean admin() {
      return this == ADMIN;
    }

    @Override
    public boolean canLog() {
      return this != CLIENT;
    }

    private boolean canRead(String coll) {
      return this == ADMIN || ((this == SERVER || this == SERVER_READONLY) && !ADMIN_ONLY.contains(coll));
    }

    @Override
    public boolean mayRead(DbContext ctx, Interp in, DocV doc, DocState state) {
      return canRead(doc.coll());
    }

    @Override
    public void requireScan(DbContext ctx, Interp in, String coll, Span site) {
      if (!canRead(coll)) throw denied(in, site);
    }

    @Override
    public void requireWrite(DbContext ctx, Interp in, String coll, Action action, Supplier<List<Value>> args, Span site) {
      if (!(this == ADMIN || (this == SERVER && !ADMIN_ONLY.contains(coll)))) throw denied(in, site);
    }

    @Override
    public void requireCall(DbContext ctx, Interp in, String function, List<Value> args, Span site) {
      if (this != ADMIN && this != SERVER) throw denied(in, site);
    }
  }
}
