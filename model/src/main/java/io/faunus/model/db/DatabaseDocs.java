package io.faunus.model.db;

import io.faunus.fql.Span;
import io.faunus.model.doc.Keys;
import io.faunus.model.eval.Arity;
import io.faunus.model.eval.Interp;
import io.faunus.model.eval.Member;
import io.faunus.model.stdlib.Args;
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

  static Value create(DbContext ctx, Interp in, ObjectV obj, Span site) {
    Failures f = new Failures();
    Map<String, Value> def = validate(ctx, obj, f, null);
    f.throwIfAny(in, "Failed to create Database.", site);
    long id = ctx.ids.getAsLong();
    def.put("global_id", new StrV(Long.toString(id, 36)));
    def.put(SchemaView.HIDDEN_ID, new IdV(id));
    String name = SchemaView.str(def.get("name"));
    NamedDocs.put(ctx, Keys.DATABASE, name, new ObjectV(def));
    register(ctx, id, ctx.db);
    return DocV.byName("Database", name);
  }

  /** Records (or with parent < 0, removes) a database in the registry that authentication walks. */
  private static void register(DbContext ctx, long id, long parent) {
    byte[] key = Keys.doc(Auth.ROOT_DB, Keys.DB_REGISTRY, id);
    if (parent < 0) {
      ctx.txn().delete(io.faunus.storage.Cf.VERSIONS, key);
      return;
    }
    Map<String, Value> m = new LinkedHashMap<>();
    m.put("parent", new IdV(parent));
    ctx.txn().put(io.faunus.storage.Cf.VERSIONS, key, new DocState(new ObjectV(m), TxnTimeV.INSTANCE, null).encode());
  }

  static Member member(DbContext ctx, DocV doc, String name) {
    return switch (name) {
      case "update", "replace" -> new Member.Method(name, Arity.exactly(1), (in, self, args, site) -> {
        Writes.checkWritable(ctx, in, "Database", site);
        DocState old = NamedDocs.read(ctx, Keys.DATABASE, doc.name());
        if (old == null) throw ctx.notFound(in, doc, site);
        ObjectV patch = Args.object(in, args, 0, "data", site);
        Map<String, Value> merged = new LinkedHashMap<>();
        merged.put("name", new StrV(doc.name()));
        merged.putAll((name.equals("replace") ? patch : UserDocs.merge(CollectionDocs.visible(old.data()), patch)).fields());
        merged.remove("global_id");
        Failures f = new Failures();
        Map<String, Value> def = validate(ctx, new ObjectV(merged), f, doc.name());
        f.throwIfAny(in, "Failed to update Database `" + doc.name() + "`.", site);
        def.put("global_id", old.data().get("global_id"));
        def.put(SchemaView.HIDDEN_ID, old.data().get(SchemaView.HIDDEN_ID));
        String newName = SchemaView.str(def.get("name"));
        if (!newName.equals(doc.name())) NamedDocs.delete(ctx, Keys.DATABASE, doc.name());
        NamedDocs.put(ctx, Keys.DATABASE, newName, new ObjectV(def));
        return DocV.byName("Database", newName);
      });
      case "delete" -> new Member.Method(name, Arity.exactly(0), (in, self, args, site) -> {
        Writes.checkWritable(ctx, in, "Database", site);
        long id = childId(ctx, doc.name());
        if (id < 0) throw ctx.notFound(in, doc, site);
        NamedDocs.delete(ctx, Keys.DATABASE, doc.name());
        register(ctx, id, -1);
        return doc;
      });
      default -> null;
    };
  }

  /** The global id of child database {@code name} at the query's snapshot, or -1. */
  static long childId(DbContext ctx, String name) {
    DocState s = NamedDocs.read(ctx, Keys.DATABASE, name);
    return s == null ? -1 : ((IdV) s.data().get(SchemaView.HIDDEN_ID)).value();
  }

  private static Map<String, Value> validate(DbContext ctx, ObjectV obj, Failures f, String currentName) {
    Map<String, Value> out = new LinkedHashMap<>();
    for (String k : obj.fields().keySet()) if (!FIELDS.contains(k)) f.add(List.of(k), "Unexpected field provided");
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
