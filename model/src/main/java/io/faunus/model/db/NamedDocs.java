package io.faunus.model.db;

import io.faunus.model.doc.Keys;
import io.faunus.model.doc.Txn;
import io.faunus.model.value.Value;
import io.faunus.model.value.Value.*;
import io.faunus.storage.Cf;

/** Reading and writing named schema documents (Collection, Function, Database, Role definitions). */
final class NamedDocs {
  private NamedDocs() {}

  static DocState read(DbContext ctx, long nativeId, String name) {
    return ctx.state(DocV.byName(collName(nativeId), name));
  }

  /**
   * Validates {@code def.name} of a Role or AccessProvider (role-name rules, unique among {@code nativeId}'s
   * documents unless it is {@code currentName}) into {@code out}; {@code kind} is "a Role", "an AccessProvider".
   */
  static void checkName(DbContext ctx, long nativeId, String kind, ObjectV def, Failures f, String currentName,
                        java.util.Map<String, io.faunus.model.value.Value> out) {
    io.faunus.model.value.Value name = def.get("name");
    if (!f.expect(java.util.List.of("name"), name, StrV.class, "String", false)) return;
    String n = ((StrV) name).value();
    String err = Names.role(n);
    if (err == null && !n.equals(currentName) && read(ctx, nativeId, n) != null) {
      err = kind.substring(0, 1).toUpperCase() + kind.substring(1) + " already exists with the name `" + n + "`";
    }
    if (err != null) f.add(java.util.List.of("name"), err);
    out.put("name", name);
  }

  static void put(DbContext ctx, long nativeId, String name, ObjectV data) {
    Writes.putNative(ctx, Keys.namedDoc(ctx.db, nativeId, name), nativeId, new DocState(data, TxnTimeV.INSTANCE, null));
  }

  static void delete(DbContext ctx, long nativeId, String name) {
    Writes.putNative(ctx, Keys.namedDoc(ctx.db, nativeId, name), nativeId, null);
  }

  /**
   * The kind ("Collection"/"Function") and role ("name"/"alias") already using {@code name} in the shared
   * collection/function namespace, or null. Reads the keys, so concurrent creators of a name conflict.
   */
  static String taken(DbContext ctx, String name, String ignoreKind, String ignoreName) {
    for (long kind : new long[] {Keys.COLLECTION, Keys.FUNCTION}) {
      String k = collName(kind);
      if (k.equals(ignoreKind) && name.equals(ignoreName)) continue;
      Txn.Read r = ctx.txn().get(Cf.VERSIONS, Keys.namedDoc(ctx.db, kind, name), k);
      if (r != null) return "A " + k + " already exists with the name `" + name + "`";
    }
    for (var c : ctx.schema().collections()) {
      if (name.equals(c.alias()) && !("Collection".equals(ignoreKind) && c.name().equals(ignoreName))) {
        return "A Collection already exists with the alias `" + name + "`";
      }
    }
    var f = ctx.schema().function(name);
    if (f != null && name.equals(f.alias()) && !("Function".equals(ignoreKind) && f.name().equals(ignoreName))) {
      return "A Function already exists with the alias `" + name + "`";
    }
    return null;
  }

  /**
   * Validates {@code name} and {@code alias} of a Collection or Function definition (spec §6.3: reserved
   * names, identifiers, one namespace shared by collections and functions and their aliases) into {@code out}.
   */
  static void nameAndAlias(DbContext ctx, ObjectV obj, Failures f, java.util.Map<String, Value> out, String kind,
                           String currentName) {
    Value name = obj.get("name");
    if (f.expect(java.util.List.of("name"), name, StrV.class, "String", false)) {
      String n = ((StrV) name).value();
      String err = Names.collectionOrFunction(n);
      if (err == null && !n.equals(currentName)) err = taken(ctx, n, kind, currentName);
      if (err != null) f.add(java.util.List.of("name"), err);
      out.put("name", name);
    }
    Value alias = obj.get("alias");
    if (f.expect(java.util.List.of("alias"), alias, StrV.class, "String", true)) {
      String a = ((StrV) alias).value();
      String err = Names.collectionOrFunction(a);
      if (err == null) err = taken(ctx, a, kind, currentName);
      if (err != null) f.add(java.util.List.of("alias"), err);
      out.put("alias", alias);
    }
  }

  static String collName(long nativeId) {
    return switch ((int) nativeId) {
      case (int) Keys.COLLECTION -> "Collection";
      case (int) Keys.FUNCTION -> "Function";
      case (int) Keys.DATABASE -> "Database";
      case (int) Keys.ROLE -> "Role";
      case (int) Keys.ACCESS_PROVIDER -> "AccessProvider";
      default -> throw new IllegalArgumentException("not a named collection: " + nativeId);
    };
  }
}
