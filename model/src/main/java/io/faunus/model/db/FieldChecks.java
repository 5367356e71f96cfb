package io.faunus.model.db;

import io.faunus.fql.cache.ParseCache;
import io.faunus.fql.Span;
import io.faunus.fql.fsl.FslType;
import io.faunus.model.eval.Env;
import io.faunus.model.eval.Interp;
import io.faunus.model.eval.QueryError;
import io.faunus.model.query.ErrorCode;
import io.faunus.model.query.QueryOutcome.ConstraintFailure;
import io.faunus.model.schema.CollectionDef;
import io.faunus.model.schema.DefinedFields;
import io.faunus.model.schema.TypeMatch;
import io.faunus.model.value.Value;
import io.faunus.model.value.Value.*;
import io.faunus.model.value.Values;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Defined fields at write time (schema-v10.md §5.2), whatever the typechecking setting: defaults fill absent
 * fields (also inside object-typed fields), then the whole resulting document is checked against the field
 * types and the wildcard. Every problem is collected; any makes the write a {@code constraint_failure}.
 */
final class FieldChecks {
  private FieldChecks() {}

  /** The document's user fields with defaults applied; fails when they do not fit the collection's fields. */
  static Map<String, Value> apply(Interp in, CollectionDef def, Map<String, Value> data, String failMsg, Span site) {
    DefinedFields fields = def.fields();
    if (!fields.enforced()) return data;
    List<ConstraintFailure> failures = new ArrayList<>();
    Map<String, Value> out = new LinkedHashMap<>(data);
    fields.fields().forEach((name, f) -> {
      Value v = out.get(name);
      if (v == null && f.defaultValue() != null) {
        v = evalDefault(in, def.name(), name, f.defaultValue(), failures);
        if (v != null && !(v instanceof NullV)) out.put(name, v);
      }
      if (v != null && !(v instanceof NullV) && f.type() instanceof FslType.Obj o && v instanceof ObjectV obj) {
        out.put(name, nestedDefaults(in, def.name(), name, obj, o, failures));
      }
    });
    check(out, fields, failures);
    if (!failures.isEmpty()) throw Writes.constraint(in, failMsg, site, failures);
    return out;
  }

  private static ObjectV nestedDefaults(Interp in, String coll, String field, ObjectV obj, FslType.Obj type,
                                        List<ConstraintFailure> failures) {
    Map<String, Value> out = null;
    for (FslType.ObjField f : type.fields()) {
      if (f.defaultValue() == null || obj.fields().containsKey(f.name())) continue;
      if (out == null) out = new LinkedHashMap<>(obj.fields());
      Value v = evalDefault(in, coll, field + "." + f.name(), io.faunus.fql.print.ExprPrinter.print(f.defaultValue(),
          f.source()), failures);
      if (v != null && !(v instanceof NullV)) out.put(f.name(), v);
    }
    return out == null ? obj : new ObjectV(out);
  }

  private static Value evalDefault(Interp in, String coll, String field, String source, List<ConstraintFailure> failures) {
    try {
      // Parsed once per default's text in the process (it was parsed on every write that used it).
      var parsed = ParseCache.shared().expr("*field:" + coll + ":" + field + "*", source);
      Value v = in.evalIn(parsed.source(), parsed.tree(), Env.EMPTY);
      if (!Values.persistable(v)) {
        failures.add(new ConstraintFailure(List.of(List.of(field)), "Value has type " + Values.typeName(v)
            + ", which cannot be persisted"));
        return null;
      }
      return v;
    } catch (QueryError e) {
      if (e.code() == ErrorCode.TIME_OUT || e.protocol()) throw e;
      failures.add(new ConstraintFailure(List.of(List.of(field)), "Default field evaluation failed.\n"
          + io.faunus.fql.DiagnosticRenderer.render(e.diagnostic())));
      return null;
    }
  }

  /** Missing required fields, wrong types, fields neither declared nor allowed by the wildcard. */
  static void check(Map<String, Value> data, DefinedFields fields, List<ConstraintFailure> failures) {
    fields.fields().forEach((name, f) -> value(data.get(name), f.type(), List.of(name), failures));
    for (Map.Entry<String, Value> e : data.entrySet()) {
      if (fields.fields().containsKey(e.getKey())) continue;
      if (fields.wildcard() == null) {
        failures.add(new ConstraintFailure(List.of(List.of(e.getKey())), "Unexpected field provided"));
      } else {
        value(e.getValue(), fields.wildcard(), List.of(e.getKey()), failures);
      }
    }
  }

  /** Objects against object types are checked field by field, so failures name the nested path. */
  private static void value(Value v, FslType type, List<Object> path, List<ConstraintFailure> failures) {
    if (v == null || v instanceof NullV) {
      if (!TypeMatch.matches(NullV.NULL, type)) {
        failures.add(new ConstraintFailure(List.of(path), "Missing required field of type " + type.display()));
      }
      return;
    }
    if (type instanceof FslType.Obj o && v instanceof ObjectV obj) {
      for (FslType.ObjField f : o.fields()) value(obj.fields().get(f.name()), f.type(), append(path, f.name()), failures);
      for (Map.Entry<String, Value> e : obj.fields().entrySet()) {
        if (o.fields().stream().anyMatch(f -> f.name().equals(e.getKey()))) continue;
        if (o.wildcard() == null) {
          failures.add(new ConstraintFailure(List.of(append(path, e.getKey())), "Unexpected field provided"));
        } else {
          value(e.getValue(), o.wildcard(), append(path, e.getKey()), failures);
        }
      }
      return;
    }
    if (!TypeMatch.matches(v, type)) failures.add(new ConstraintFailure(List.of(path), TypeMatch.mismatch(v, type)));
  }

  private static List<Object> append(List<Object> path, Object seg) {
    List<Object> p = new ArrayList<>(path);
    p.add(seg);
    return p;
  }
}
