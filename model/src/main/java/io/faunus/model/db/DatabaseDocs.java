package io.faunus.model.db;

import io.faunus.fql.Span;
import io.faunus.model.doc.Keys;
import io.faunus.model.eval.Interp;
import io.faunus.model.value.Value;
import io.faunus.model.value.Value.*;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Child database documents (spec §4.10 Database). Each child gets a global internal id that prefixes all of
 * its keys, so deleting the document makes the whole subtree unreachable at once.
 * TODO(step 9, GC): reclaim the storage of deleted databases.
 */
final class DatabaseDocs {
  private DatabaseDocs() {}

  private static final Set<String> FIELDS = Set.of("name", "typechecked", "protected", "priority", "data");

  static final NamedKind KIND = new NamedKind("Database", Keys.DATABASE) {
    @Override
    Map<String, Value> validate(DbContext ctx, ObjectV def, Failures f, String currentName) {
      return DatabaseDocs.validate(ctx, def, f, currentName);
    }

    @Override
    void complete(DbContext ctx, Interp in, Map<String, Value> def, ObjectV old, Span site) {
      long id = old == null ? ctx.ids.getAsLong() : ((IdV) old.get(SchemaView.HIDDEN_ID)).value();
      def.put("global_id", new StrV(Long.toString(id, 36)));
      def.put(SchemaView.HIDDEN_ID, new IdV(id));
      // Re-registered on every change: the registry also carries the typechecked setting (schema-v10.md §6.1).
      register(ctx, id, ctx.db, def.get("typechecked"));
    }

    @Override
    void afterDelete(DbContext ctx, ObjectV old) {
      register(ctx, ((IdV) old.get(SchemaView.HIDDEN_ID)).value(), -1, null);
    }
  };

  /**
   * Records (or with parent < 0, removes) a database in the registry that authentication walks, with its
   * {@code typechecked} setting when set (null: inherited), so queries find the effective setting without
   * reading every ancestor's definition.
   */
  private static void register(DbContext ctx, long id, long parent, Value typechecked) {
    byte[] key = Keys.doc(Auth.ROOT_DB, Keys.DB_REGISTRY, id);
    if (parent < 0) {
      ctx.txn().delete(io.faunus.storage.Cf.VERSIONS, key);
      return;
    }
    Map<String, Value> m = new LinkedHashMap<>();
    m.put("parent", new IdV(parent));
    if (typechecked instanceof BoolV) m.put("typechecked", typechecked);
    ctx.txn().put(io.faunus.storage.Cf.VERSIONS, key, new DocState(new ObjectV(m), TxnTimeV.INSTANCE, null).encode());
  }

  /** The global id of child database {@code name} at the query's snapshot, or -1. */
  static long childId(DbContext ctx, String name) {
    DocState s = NamedDocs.read(ctx, Keys.DATABASE, name);
    return s == null ? -1 : ((IdV) s.data().get(SchemaView.HIDDEN_ID)).value();
  }

  private static Map<String, Value> validate(DbContext ctx, ObjectV obj, Failures f, String currentName) {
    Map<String, Value> out = new LinkedHashMap<>();
    for (String k : obj.fields().keySet()) {
      // global_id is derived from the database's internal id (see hidden()); it is not taken from users.
      if (!FIELDS.contains(k) && !k.equals("global_id")) f.add(List.of(k), "Unexpected field provided");
    }
    Value name = obj.get("name");
    if (f.expect(List.of("name"), name, StrV.class, "String", false)) {
      String n = ((StrV) name).value();
      String err = Names.identifier(n);
      if (err == null && !n.equals(currentName) && NamedDocs.read(ctx, Keys.DATABASE, n) != null) {
        err = "A Database already exists with the name `" + n + "`";
      }
      if (err != null) f.add(List.of("name"), err);
      out.put("name", name);
    }
    for (String k : List.of("typechecked", "protected")) {
      Value v = obj.get(k);
      if (f.expect(List.of(k), v, BoolV.class, "Boolean", true)) out.put(k, v);
    }
    Value priority = obj.get("priority");
    if (f.expect(List.of("priority"), priority, NumV.class, "Number", true)) out.put("priority", priority);
    Value data = obj.get("data");
    if (f.expect(List.of("data"), data, ObjectV.class, "{ *: Any }", true)) out.put("data", data);
    return out;
  }
}
