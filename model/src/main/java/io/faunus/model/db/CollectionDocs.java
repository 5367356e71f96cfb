package io.faunus.model.db;

import io.faunus.fql.ParseException;
import io.faunus.fql.Parser;
import io.faunus.fql.Source;
import io.faunus.fql.Span;
import io.faunus.model.doc.Keys;
import io.faunus.model.eval.Interp;
import io.faunus.model.schema.FieldPath;
import io.faunus.model.value.Numbers;
import io.faunus.model.value.Value;
import io.faunus.model.value.Value.*;
import io.faunus.model.value.Values;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Collection definition documents (spec §5.1): create, update, replace, delete, with validation. */
final class CollectionDocs {
  private CollectionDocs() {}

  static final String READONLY = "Failed to update field because it is readonly";

  private static final Set<String> FIELDS = Set.of("name", "alias", "fields", "computed_fields", "wildcard", "indexes",
      "constraints", "migrations", "history_days", "ttl_days", "document_ttls", "data");

  static final NamedKind KIND = new NamedKind("Collection", Keys.COLLECTION) {
    @Override
    Map<String, Value> validate(DbContext ctx, ObjectV def, Failures f, String currentName) {
      return new LinkedHashMap<>(CollectionDocs.validate(ctx, def, f, currentName).fields());
    }

    /** An index's and a constraint's {@code status} are the database's (FaunaDB refuses them too). */
    @Override
    void checkReadonly(ObjectV input, Failures f) {
      if (input.get("constraints") instanceof ArrayV cs) {
        for (int i = 0; i < cs.elems().size(); i++) {
          if (cs.elems().get(i) instanceof ObjectV c && c.fields().containsKey("status")) {
            f.add(List.of("constraints", i, "status"), READONLY);
          }
        }
      }
      if (input.get("indexes") instanceof ObjectV idx) {
        idx.fields().forEach((name, spec) -> {
          if (spec instanceof ObjectV o && o.fields().containsKey("status")) f.add(List.of("indexes", name, "status"), READONLY);
        });
      }
    }

    @Override
    void complete(DbContext ctx, Interp in, Map<String, Value> def, ObjectV old, Span site) {
      def.put(SchemaView.HIDDEN_ID, old == null ? new IdV(ctx.ids.getAsLong()) : old.get(SchemaView.HIDDEN_ID));
      assignIndexIds(ctx, def, old);
      StagedIndexes.carry(old, def);
      // New collections have no documents; a changed definition indexes the existing ones (now, or in the
      // background for large collections, with status "building").
      if (old != null && IndexBuilds.onDefinitionChange(ctx, in, old, def, site)) {
        ctx.requestIndexBuild(SchemaView.str(def.get("name")));
      }
    }
    // Deleting leaves the documents under the collection's internal id, unreachable; version GC keeps them
    // until the node-wide cutoff passes. TODO: reclaim the documents of deleted collections.
  };

  /** Keeps the storage id of every index whose definition is unchanged; new or changed ones get new ids. */
  private static void assignIndexIds(DbContext ctx, Map<String, Value> data, ObjectV old) {
    Map<String, Value> ids = new LinkedHashMap<>();
    ObjectV oldIdx = old != null && old.get("indexes") instanceof ObjectV o ? o : ObjectV.EMPTY;
    ObjectV oldIds = old != null && old.get(SchemaView.HIDDEN_INDEXES) instanceof ObjectV o ? o : ObjectV.EMPTY;
    if (data.get("indexes") instanceof ObjectV idx) {
      idx.fields().forEach((n, spec) -> {
        boolean same = oldIdx.fields().containsKey(n) && sameShape(oldIdx.get(n), spec) && oldIds.fields().containsKey(n);
        Value staged = same ? null : StagedIndexes.adoptable(old, n, spec); // built while a schema was staged
        ids.put(n, same ? oldIds.get(n) : staged != null ? staged : new IdV(ctx.ids.getAsLong()));
      });
    }
    data.put(SchemaView.HIDDEN_INDEXES, new ObjectV(ids));
    List<Value> oldU = old != null && old.get(SchemaView.HIDDEN_UNIQUES) instanceof ArrayV a ? a.elems() : List.of();
    List<Value> oldUniques = uniqueSpecs(old == null ? null : old.get("constraints"));
    List<Value> uids = new ArrayList<>();
    for (Value u : uniqueSpecs(data.get("constraints"))) {
      int at = indexOf(oldUniques, u);
      uids.add(at >= 0 && at < oldU.size() ? oldU.get(at) : new IdV(ctx.ids.getAsLong()));
    }
    data.put(SchemaView.HIDDEN_UNIQUES, new ArrayV(uids));
  }

  private static boolean sameShape(Value a, Value b) {
    if (!(a instanceof ObjectV x) || !(b instanceof ObjectV y)) return false;
    return Values.equal(x.get("terms"), y.get("terms")) && Values.equal(x.get("values"), y.get("values"));
  }

  private static List<Value> uniqueSpecs(Value constraints) {
    List<Value> out = new ArrayList<>();
    if (constraints instanceof ArrayV a) {
      for (Value c : a.elems()) if (c instanceof ObjectV o && o.get("unique") instanceof ArrayV u) out.add(u);
    }
    return out;
  }

  private static int indexOf(List<Value> list, Value v) {
    for (int i = 0; i < list.size(); i++) if (Values.equal(list.get(i), v)) return i;
    return -1;
  }

  // ---- validation ---------------------------------------------------------------------------------

  /** Validates a definition; returns it normalized (index status, constraint status) for storage. */
  private static ObjectV validate(DbContext ctx, ObjectV obj, Failures f, String currentName) {
    Map<String, Value> out = new LinkedHashMap<>();
    f.unexpected(obj, FIELDS);
    NamedDocs.nameAndAlias(ctx, obj, f, out, "Collection", currentName);
    copyIf(obj, out, "fields", f, ObjectV.class, "{ *: Any }");
    copyIf(obj, out, "wildcard", f, StrV.class, "String");
    Value computed = obj.get("computed_fields");
    if (f.expect(List.of("computed_fields"), computed, ObjectV.class, "{ *: Any }", true)) {
      computedFields((ObjectV) computed, f);
      out.put("computed_fields", computed);
    }
    Value indexes = obj.get("indexes");
    if (f.expect(List.of("indexes"), indexes, ObjectV.class, "{ *: Any }", true)) {
      out.put("indexes", indexes((ObjectV) indexes, f));
    }
    Value constraints = obj.get("constraints");
    if (f.expect(List.of("constraints"), constraints, ArrayV.class, "Array<Any>", true)) {
      out.put("constraints", constraints((ArrayV) constraints, f));
    }
    copyIf(obj, out, "migrations", f, ArrayV.class, "Array<Any>");
    Value hd = obj.get("history_days");
    if (f.expect(List.of("history_days"), hd, NumV.class, "Number", true)) {
      if (!Numbers.isIntegral((NumV) hd) || Numbers.asLong((NumV) hd) < 0) {
        f.add(List.of("history_days"), "Expected a non-negative integer, provided " + Numbers.display((NumV) hd));
      }
      out.put("history_days", hd);
    }
    copyIf(obj, out, "ttl_days", f, NumV.class, "Number");
    copyIf(obj, out, "document_ttls", f, BoolV.class, "Boolean");
    copyIf(obj, out, "data", f, ObjectV.class, "{ *: Any }");
    return new ObjectV(out);
  }

  private static void copyIf(ObjectV obj, Map<String, Value> out, String key, Failures f,
                             Class<? extends Value> kind, String type) {
    Value v = obj.get(key);
    if (f.expect(List.of(key), v, kind, type, true)) out.put(key, v);
  }

  private static void computedFields(ObjectV cf, Failures f) {
    cf.fields().forEach((k, v) -> {
      String err = Names.field(k);
      if (err != null) f.add(List.of("computed_fields", k), err);
      if (!(v instanceof ObjectV o) || !(o.get("body") instanceof StrV body)) {
        f.add(List.of("computed_fields", k, "body"), "Missing required field of type String");
        return;
      }
      parseBody(body.value(), List.of("computed_fields", k, "body"), f);
    });
  }

  static void parseBody(String body, List<Object> path, Failures f) {
    try {
      Parser.parseExpr(new Source("*body*", body));
    } catch (ParseException e) {
      f.add(path, "Unable to parse FQL source code.\n"
          + io.faunus.fql.DiagnosticRenderer.render(e.diagnostics()).indent(4).stripTrailing());
    }
  }

  private static ObjectV indexes(ObjectV idx, Failures f) {
    Map<String, Value> out = new LinkedHashMap<>();
    idx.fields().forEach((name, spec) -> {
      String err = Names.index(name);
      if (err != null) {
        f.add(List.of("indexes"), err);
        return;
      }
      List<Object> base = List.of("indexes", name);
      if (!(spec instanceof ObjectV s)) {
        f.add(base, "Expected { *: Any }, provided " + Failures.typeOf(spec));
        return;
      }
      for (String k : s.fields().keySet()) {
        if (!Set.of("terms", "values", "queryable", "status").contains(k)) { // status: see checkReadonly
          f.add(Failures.path(base, k), "Unexpected field provided");
        }
      }
      if (!s.fields().containsKey("terms") && !s.fields().containsKey("values")) {
        f.add(base, "Union requires fields [terms], [values], or [terms, values]");
        return;
      }
      Map<String, Value> norm = new LinkedHashMap<>();
      if (s.get("terms") instanceof ArrayV t) norm.put("terms", entries(t, Failures.path(base, "terms"), true, f));
      else if (!(s.get("terms") instanceof NullV)) f.add(Failures.path(base, "terms"), "Expected Array<Any> | Null, provided " + Failures.typeOf(s.get("terms")));
      if (s.get("values") instanceof ArrayV v) norm.put("values", entries(v, Failures.path(base, "values"), false, f));
      else if (!(s.get("values") instanceof NullV)) f.add(Failures.path(base, "values"), "Expected Array<Any> | Null, provided " + Failures.typeOf(s.get("values")));
      norm.put("queryable", s.get("queryable") instanceof BoolV b ? b : BoolV.TRUE);
      norm.put("status", new StrV("complete"));
      out.put(name, new ObjectV(norm));
    });
    return new ObjectV(out);
  }

  private static ArrayV entries(ArrayV list, List<Object> base, boolean terms, Failures f) {
    List<Value> out = new ArrayList<>();
    for (int i = 0; i < list.elems().size(); i++) {
      List<Object> p = Failures.path(base, i);
      if (!(list.elems().get(i) instanceof ObjectV e) || !(e.get("field") instanceof StrV field)) {
        f.add(Failures.path(p, "field"), "Missing required field of type String");
        continue;
      }
      FieldPath path = FieldPath.parse(field.value());
      if (path == null) {
        f.add(Failures.path(p, "field"), "Value `" + field.value() + "` is not a valid FQL path expression.");
        continue;
      }
      if (terms && path.isSingle("id")) {
        f.add(Failures.path(p, "field"), "`id` is not supported as an index term, use the native byId method to look up a document by its id.");
      } else if (terms && path.isSingle("ts")) {
        f.add(Failures.path(p, "field"), "`ts` may only be used as an index value, not as an index term.");
      } else if (path.isSingle("coll")) {
        f.add(Failures.path(p, "field"), "`coll` is not supported as a specified index " + (terms ? "term." : "value."));
      }
      Map<String, Value> norm = new LinkedHashMap<>();
      norm.put("field", field);
      if (!terms) {
        Value order = e.get("order");
        if (order instanceof StrV o && (o.value().equals("asc") || o.value().equals("desc"))) norm.put("order", o);
        else if (!(order instanceof NullV)) f.add(Failures.path(p, "order"), "Expected \"asc\" | \"desc\" | Null, provided " + Failures.typeOf(order));
        else norm.put("order", new StrV("asc"));
      }
      if (e.get("mva") instanceof BoolV mva) norm.put("mva", mva);
      else norm.put("mva", BoolV.FALSE);
      out.add(new ObjectV(norm));
    }
    return new ArrayV(out);
  }

  private static ArrayV constraints(ArrayV list, Failures f) {
    List<Value> out = new ArrayList<>();
    for (int i = 0; i < list.elems().size(); i++) {
      List<Object> p = List.of("constraints", i);
      if (!(list.elems().get(i) instanceof ObjectV c)) {
        f.add(p, "Expected { *: Any }, provided " + Failures.typeOf(list.elems().get(i)));
        continue;
      }
      // A "status" here is the stored one, merged into an update; what the user sent was checked by checkReadonly.
      Map<String, Value> norm = new LinkedHashMap<>();
      if (c.get("unique") instanceof ArrayV u) {
        List<Value> fields = new ArrayList<>();
        for (int j = 0; j < u.elems().size(); j++) {
          Value x = u.elems().get(j);
          String text = x instanceof StrV s ? s.value() : x instanceof ObjectV o && o.get("field") instanceof StrV s ? s.value() : null;
          if (text == null || FieldPath.parse(text) == null) {
            f.add(Failures.path(p, "unique"), "Value `" + text + "` is not a valid FQL path expression.");
          }
          fields.add(x);
        }
        norm.put("unique", new ArrayV(fields));
      } else if (c.get("check") instanceof ObjectV ch) {
        String err = Names.identifier(SchemaView.str(ch.get("name")));
        if (err != null) f.add(Failures.path(p, "check", "name"), err);
        if (ch.get("body") instanceof StrV body) parseBody(body.value(), Failures.path(p, "check", "body"), f);
        else f.add(Failures.path(p, "check", "body"), "Missing required field of type String");
        norm.put("check", ch);
      } else {
        f.add(p, "Union requires fields [unique] or [check]");
        continue;
      }
      norm.put("status", new StrV("active"));
      out.add(new ObjectV(norm));
    }
    return new ArrayV(out);
  }


}
