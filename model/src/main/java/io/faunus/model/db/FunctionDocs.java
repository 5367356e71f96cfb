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

/** Function (UDF) definition documents (spec §4.10): create, update, replace, delete. */
final class FunctionDocs {
  private FunctionDocs() {}

  private static final Set<String> FIELDS = Set.of("name", "alias", "body", "signature", "role", "data");

  static Value create(DbContext ctx, Interp in, ObjectV obj, Span site) {
    Writes.checkPersistable(in, obj, site);
    Failures f = new Failures();
    ObjectV def = validate(ctx, obj, f, null);
    f.throwIfAny(in, "Failed to create Function.", site);
    String name = SchemaView.str(def.get("name"));
    NamedDocs.put(ctx, Keys.FUNCTION, name, def);
    return DocV.byName("Function", name);
  }

  static Member member(DbContext ctx, DocV doc, String name) {
    return switch (name) {
      case "update", "replace" -> new Member.Method(name, Arity.exactly(1), (in, self, args, site) -> {
        Writes.checkWritable(ctx, in, "Function", site);
        ObjectV patch = Args.object(in, args, 0, "data", site);
        Writes.checkPersistable(in, patch, site);
        DocState old = NamedDocs.read(ctx, Keys.FUNCTION, doc.name());
        if (old == null) throw ctx.notFound(in, doc, site);
        ObjectV merged = name.equals("replace") ? patch : UserDocs.merge(old.data(), patch);
        if (!merged.fields().containsKey("name")) merged = prepend(merged, "name", new StrV(doc.name()));
        Failures f = new Failures();
        ObjectV def = validate(ctx, merged, f, doc.name());
        f.throwIfAny(in, "Failed to update Function `" + doc.name() + "`.", site);
        String newName = SchemaView.str(def.get("name"));
        if (!newName.equals(doc.name())) NamedDocs.delete(ctx, Keys.FUNCTION, doc.name());
        NamedDocs.put(ctx, Keys.FUNCTION, newName, def);
        return DocV.byName("Function", newName);
      });
      case "delete" -> new Member.Method(name, Arity.exactly(0), (in, self, args, site) -> {
        Writes.checkWritable(ctx, in, "Function", site);
        if (NamedDocs.read(ctx, Keys.FUNCTION, doc.name()) == null) throw ctx.notFound(in, doc, site);
        NamedDocs.delete(ctx, Keys.FUNCTION, doc.name());
        return doc;
      });
      default -> null;
    };
  }

  private static ObjectV prepend(ObjectV o, String k, Value v) {
    Map<String, Value> m = new LinkedHashMap<>();
    m.put(k, v);
    m.putAll(o.fields());
    return new ObjectV(m);
  }

  private static ObjectV validate(DbContext ctx, ObjectV obj, Failures f, String currentName) {
    Map<String, Value> out = new LinkedHashMap<>();
    for (String k : obj.fields().keySet()) if (!FIELDS.contains(k)) f.add(List.of(k), "Unexpected field provided");
    Value name = obj.get("name");
    if (f.expect(List.of("name"), name, StrV.class, "String", false)) {
      String n = ((StrV) name).value();
      String err = Names.collectionOrFunction(n);
      if (err == null && !n.equals(currentName)) err = NamedDocs.taken(ctx, n, "Function", currentName);
      if (err != null) f.add(List.of("name"), err);
      out.put("name", name);
    }
    Value alias = obj.get("alias");
    if (f.expect(List.of("alias"), alias, StrV.class, "String", true)) {
      String err = Names.collectionOrFunction(((StrV) alias).value());
      if (err == null) err = NamedDocs.taken(ctx, ((StrV) alias).value(), "Function", currentName);
      if (err != null) f.add(List.of("alias"), err);
      out.put("alias", alias);
    }
    Value body = obj.get("body");
    if (f.expect(List.of("body"), body, StrV.class, "String", false)) {
      CollectionDocs.parseBody(((StrV) body).value(), List.of("body"), f);
      out.put("body", body);
    }
    for (String k : List.of("signature", "role")) {
      Value v = obj.get(k);
      if (f.expect(List.of(k), v, StrV.class, "String", true)) out.put(k, v);
    }
    if (obj.get("role") instanceof StrV r && r.value().equals("admin") && !ctx.perms.admin()) {
      f.add(List.of("role"), currentName == null ? "Cannot create a function with admin permissions using the server role."
          : "Cannot grant a function admin permissions using the server role.");
    }
    Value data = obj.get("data");
    if (f.expect(List.of("data"), data, ObjectV.class, "{ *: Any }", true)) out.put("data", data);
    return new ObjectV(out);
  }
}
