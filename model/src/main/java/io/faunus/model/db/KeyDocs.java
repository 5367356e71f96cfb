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
 * Key documents (spec §4.10 Key, §7.1): {@code Key.create({ role, database?, ttl?, data? })} returns the
 * key with its secret, which is shown only in the creating query; storage keeps only its hash.
 */
final class KeyDocs {
  private KeyDocs() {}

  static final String HIDDEN_HASH = "\u0000hash";
  static final Set<String> BUILTIN_ROLES = Set.of("admin", "server", "server-readonly", "client");
  private static final Set<String> FIELDS = Set.of("role", "database", "ttl", "data");

  static Value create(DbContext ctx, Interp in, ObjectV obj, Span site) {
    Failures f = new Failures();
    Map<String, Value> def = validate(ctx, obj, f);
    f.throwIfAny(in, "Failed to create Key.", site);
    long id = ctx.ids.getAsLong();
    String secret = Secrets.generate(ctx.db, id);
    TimeV ttl = obj.get("ttl") instanceof TimeV t ? t : null;
    def.put(HIDDEN_HASH, new BytesV(Secrets.hash(secret)));
    Writes.putNative(ctx, Keys.doc(ctx.db, Keys.KEY, id), Keys.KEY, new DocState(new ObjectV(def), TxnTimeV.INSTANCE, ttl));
    DocV ref = DocV.byId("Key", id);
    ctx.freshSecret(ref, secret);
    return ref;
  }

  static Member member(DbContext ctx, DocV doc, String name) {
    return switch (name) {
      case "update", "replace" -> new Member.Method(name, Arity.exactly(1), (in, self, args, site) -> {
        Writes.checkWritable(ctx, in, "Key", Action.WRITE, site);
        DocState old = ctx.state(doc, in);
        if (old == null) throw ctx.notFound(in, doc, site);
        ObjectV patch = Args.object(in, args, 0, "data", site);
        ObjectV merged = name.equals("replace") ? patch : UserDocs.merge(NamedKind.visible(old.data()), patch);
        Failures f = new Failures();
        Map<String, Value> def = validate(ctx, merged, f);
        f.throwIfAny(in, "Failed to update Key with id " + doc.id() + ".", site);
        def.put(HIDDEN_HASH, old.data().get(HIDDEN_HASH));
        TimeV ttl = merged.fields().containsKey("ttl") ? (merged.get("ttl") instanceof TimeV t ? t : null) : old.ttl();
        Writes.putNative(ctx, Keys.doc(ctx.db, Keys.KEY, doc.id()), Keys.KEY,
            new DocState(new ObjectV(def), TxnTimeV.INSTANCE, ttl));
        return doc;
      });
      case "delete" -> new Member.Method(name, Arity.exactly(0), (in, self, args, site) -> {
        Writes.checkWritable(ctx, in, "Key", Action.DELETE, site);
        if (ctx.state(doc, in) == null) throw ctx.notFound(in, doc, site);
        Writes.putNative(ctx, Keys.doc(ctx.db, Keys.KEY, doc.id()), Keys.KEY, null);
        return doc;
      });
      default -> null;
    };
  }

  private static Map<String, Value> validate(DbContext ctx, ObjectV obj, Failures f) {
    Map<String, Value> out = new LinkedHashMap<>();
    f.unexpected(obj, FIELDS);
    Value role = obj.get("role");
    if (f.expect(List.of("role"), role, StrV.class, "String", false)) {
      String r = ((StrV) role).value();
      if (!BUILTIN_ROLES.contains(r) && NamedDocs.read(ctx, Keys.ROLE, r) == null) {
        f.add(List.of("role"), "Role `" + r + "` does not exist.");
      }
      out.put("role", role);
    }
    Value db = obj.get("database");
    if (f.expect(List.of("database"), db, StrV.class, "String", true)) {
      if (DatabaseDocs.childId(ctx, ((StrV) db).value()) < 0) {
        f.add(List.of("database"), "Database `" + ((StrV) db).value() + "` does not exist.");
      }
      out.put("database", db);
    }
    f.expect(List.of("ttl"), obj.get("ttl"), TimeV.class, "Time", true);
    Value data = obj.get("data");
    if (f.expect(List.of("data"), data, ObjectV.class, "{ *: Any }", true)) out.put("data", data);
    return out;
  }
}
