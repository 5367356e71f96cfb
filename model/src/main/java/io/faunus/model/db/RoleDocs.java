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
 * Role documents (spec §7.5). Stored and validated for shape so keys can name custom roles.
 * TODO(step 7, ABAC): enforce privileges and membership predicates.
 */
final class RoleDocs {
  private RoleDocs() {}

  private static final Set<String> FIELDS = Set.of("name", "privileges", "membership", "data");

  static Value create(DbContext ctx, Interp in, ObjectV obj, Span site) {
    Writes.checkPersistable(in, obj, site);
    Failures f = new Failures();
    ObjectV def = validate(ctx, obj, f, null);
    f.throwIfAny(in, "Failed to create Role.", site);
    String name = SchemaView.str(def.get("name"));
    NamedDocs.put(ctx, Keys.ROLE, name, def);
    return DocV.byName("Role", name);
  }

  static Member member(DbContext ctx, DocV doc, String name) {
    return switch (name) {
      case "update", "replace" -> new Member.Method(name, Arity.exactly(1), (in, self, args, site) -> {
        Writes.checkWritable(ctx, in, "Role", site);
        DocState old = NamedDocs.read(ctx, Keys.ROLE, doc.name());
        if (old == null) throw ctx.notFound(in, doc, site);
        ObjectV patch = Args.object(in, args, 0, "data", site);
        Map<String, Value> merged = new LinkedHashMap<>();
        merged.put("name", new StrV(doc.name()));
        merged.putAll((name.equals("replace") ? patch : UserDocs.merge(old.data(), patch)).fields());
        Failures f = new Failures();
        ObjectV def = validate(ctx, new ObjectV(merged), f, doc.name());
        f.throwIfAny(in, "Failed to update Role `" + doc.name() + "`.", site);
        String newName = SchemaView.str(def.get("name"));
        if (!newName.equals(doc.name())) NamedDocs.delete(ctx, Keys.ROLE, doc.name());
        NamedDocs.put(ctx, Keys.ROLE, newName, def);
        return DocV.byName("Role", newName);
      });
      case "delete" -> new Member.Method(name, Arity.exactly(0), (in, self, args, site) -> {
        Writes.checkWritable(ctx, in, "Role", site);
        if (NamedDocs.read(ctx, Keys.ROLE, doc.name()) == null) throw ctx.notFound(in, doc, site);
        NamedDocs.delete(ctx, Keys.ROLE, doc.name());
        return doc;
      });
      default -> null;
    };
  }

  private static ObjectV validate(DbContext ctx, ObjectV obj, Failures f, String currentName) {
    Map<String, Value> out = new LinkedHashMap<>();
    for (String k : obj.fields().keySet()) if (!FIELDS.contains(k)) f.add(List.of(k), "Unexpected field provided");
    Value name = obj.get("name");
    if (f.expect(List.of("name"), name, StrV.class, "String", false)) {
      String n = ((StrV) name).value();
      String err = Names.role(n);
      if (err == null && !n.equals(currentName) && NamedDocs.read(ctx, Keys.ROLE, n) != null) {
        err = "A Role already exists with the name `" + n + "`";
      }
      if (err != null) f.add(List.of("name"), err);
      out.put("name", name);
    }
    for (String k : List.of("privileges", "membership")) {
      Value v = obj.get(k);
      if (v instanceof ObjectV || v instanceof ArrayV) out.put(k, v);
      else if (v != null && !(v instanceof NullV)) f.add(List.of(k), "Expected Array<Any> | { *: Any } | Null, provided " + Failures.typeOf(v));
    }
    Value data = obj.get("data");
    if (f.expect(List.of("data"), data, ObjectV.class, "{ *: Any }", true)) out.put("data", data);
    return new ObjectV(out);
  }
}
