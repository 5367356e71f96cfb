package io.faunus.model.db;

import io.faunus.model.query.ErrorCode;

import io.faunus.fql.Span;
import io.faunus.model.eval.Interp;
import io.faunus.model.query.QueryOutcome.ConstraintFailure;
import io.faunus.model.schema.CollectionDef;
import io.faunus.model.value.Numbers;
import io.faunus.model.value.Value;
import io.faunus.model.value.Value.*;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** create / update / replace / delete of documents in user collections (spec §4.1, §4.2, §6.2). */
final class UserDocs {
  private UserDocs() {}

  /** Top-level names that create/update/replace reject (`id` only allowed at create, `ttl` is metadata). */
  static final Set<String> RESERVED = Set.of("id", "coll", "ts", "data", "delete", "update", "replace",
      "updateData", "replaceData", "exists");

  static DocV create(DbContext ctx, Interp in, CollectionDef def, ObjectV obj, boolean dataMode, Span site) {
    boolean withId = !dataMode && obj.get("id") != null && !(obj.get("id") instanceof NullV);
    Writes.checkWritable(ctx, in, def.name(), withId ? Action.CREATE_WITH_ID : Action.CREATE, () -> List.of(obj), site);
    Writes.checkPersistable(in, obj, site);
    String failMsg = "Failed to create document in collection `" + def.name() + "`.";
    Map<String, Value> data = new LinkedHashMap<>(obj.fields());
    long id;
    TimeV ttl = null;
    if (dataMode) {
      id = ctx.ids.getAsLong();
    } else {
      rejectReserved(in, data, Set.of("id"), failMsg, site);
      Value idv = data.remove("id");
      id = idv == null || idv instanceof NullV ? ctx.ids.getAsLong() : explicitId(in, idv, failMsg, site);
      ttl = ttl(in, data.remove("ttl"), failMsg, site);
    }
    if (ttl == null && def.ttlDays() != null) {
      ttl = new TimeV(ctx.snapshotTime().plus(java.time.Duration.ofDays(def.ttlDays())));
    }
    rejectComputed(in, def, data, failMsg, site);
    data = FieldChecks.apply(in, def, data, failMsg, site);
    DocV ref = DocV.byId(def.name(), id);
    if (ctx.unbilled(() -> ctx.state(ref, in)) != null) { // a write's own check, not a billed read
      throw in.error(ErrorCode.DOCUMENT_ID_EXISTS, "Document with id " + id + " already exists in collection `"
          + def.name() + "`.", site);
    }
    DocState neu = new DocState(new ObjectV(data), TxnTimeV.INSTANCE, ttl);
    Checks.run(ctx, in, def, ref, neu, failMsg, site);
    Writes.putUser(ctx, in, def, ref, null, neu, "create", site);
    return ref;
  }

  static DocV write(DbContext ctx, Interp in, CollectionDef def, DocV read, ObjectV obj, boolean replace,
                    boolean dataMode, Span site) {
    DocV ref = read.current();
    Writes.checkWritable(ctx, in, def.name(), Action.WRITE, () -> {
      DocState was = ctx.rawState(ref, in);
      if (was == null) return List.of(NullV.NULL, obj);
      return List.of(Render.fields(ctx, in, ref, was), replace ? obj : merge(was.data(), obj));
    }, site);
    DocState old = ctx.state(ref, in);
    if (old == null) throw ctx.notFound(in, ref, site);
    Writes.checkPersistable(in, obj, site);
    String failMsg = "Failed to update document with id " + ref.id() + " in collection `" + def.name() + "`.";
    Map<String, Value> patch = new LinkedHashMap<>(obj.fields());
    TimeV ttl = old.ttl();
    if (!dataMode) {
      rejectReserved(in, patch, Set.of(), failMsg, site);
      if (patch.containsKey("ttl")) ttl = ttl(in, patch.remove("ttl"), failMsg, site);
      else if (replace) ttl = null;
    }
    rejectComputed(in, def, patch, failMsg, site);
    ObjectV data = replace ? withoutNulls(patch) : merge(old.data(), new ObjectV(patch));
    data = new ObjectV(FieldChecks.apply(in, def, data.fields(), failMsg, site));
    DocState neu = new DocState(data, TxnTimeV.INSTANCE, ttl);
    Checks.run(ctx, in, def, ref, neu, failMsg, site);
    Writes.putUser(ctx, in, def, ref, old, neu, "update", site);
    return ref;
  }

  static Value delete(DbContext ctx, Interp in, CollectionDef def, DocV read, Span site) {
    DocV ref = read.current();
    Writes.checkWritable(ctx, in, def.name(), Action.DELETE, () -> {
      DocState was = ctx.rawState(ref, in);
      return List.of(was == null ? NullV.NULL : Render.fields(ctx, in, ref, was));
    }, site);
    DocState old = ctx.state(ref, in);
    if (old == null) throw ctx.notFound(in, ref, site);
    Writes.putUser(ctx, in, def, ref, old, null, "delete", site);
    return ref;
  }

  /** Computed fields are derived on read; writing one is an error (spec §5.1). */
  private static void rejectComputed(Interp in, CollectionDef def, Map<String, Value> fields, String failMsg, Span site) {
    List<ConstraintFailure> failures = new ArrayList<>();
    for (String k : fields.keySet()) {
      if (def.computedFields().containsKey(k)) {
        failures.add(new ConstraintFailure(List.of(List.of(k)), "Cannot write to a computed field"));
      }
    }
    if (!failures.isEmpty()) throw Writes.constraint(in, failMsg, site, failures);
  }

  private static void rejectReserved(Interp in, Map<String, Value> fields, Set<String> allowed, String failMsg, Span site) {
    List<ConstraintFailure> failures = new ArrayList<>();
    for (String k : fields.keySet()) {
      if (RESERVED.contains(k) && !allowed.contains(k)) {
        failures.add(new ConstraintFailure(List.of(List.of(k)), "Is a reserved field and cannot be used"));
      }
    }
    if (!failures.isEmpty()) throw Writes.constraint(in, failMsg, site, failures);
  }

  private static long explicitId(Interp in, Value v, String failMsg, Span site) {
    try {
      long id = switch (v) {
        case IdV i -> i.value();
        case NumV n when Numbers.isIntegral(n) -> Numbers.asLong(n);
        case StrV s -> Long.parseLong(s.value());
        default -> throw new NumberFormatException();
      };
      if (id < 0) {
        throw Writes.constraint(in, failMsg, site, List.of(new ConstraintFailure(List.of(List.of("id")), "id must be nonnegative")));
      }
      return id;
    } catch (NumberFormatException e) {
      throw in.error(ErrorCode.INVALID_ID, "The ID `" + (v instanceof StrV s ? s.value() : v.toString()) + "` is invalid.", site);
    }
  }

  private static TimeV ttl(Interp in, Value v, String failMsg, Span site) {
    if (v == null || v instanceof NullV) return null;
    if (v instanceof TimeV t) return t;
    throw Writes.constraint(in, failMsg, site, List.of(new ConstraintFailure(List.of(List.of("ttl")),
        "Expected Time | Null, provided " + io.faunus.model.value.Values.typeName(v))));
  }

  /** update(): deep merge; null removes a field; nested objects merge; everything else replaces. */
  static ObjectV merge(ObjectV base, ObjectV patch) {
    Map<String, Value> out = new LinkedHashMap<>(base.fields());
    patch.fields().forEach((k, v) -> {
      if (v instanceof NullV) out.remove(k);
      else if (v instanceof ObjectV po && out.get(k) instanceof ObjectV bo) out.put(k, merge(bo, po));
      else out.put(k, v instanceof ObjectV po ? withoutNulls(po.fields()) : v);
    });
    return new ObjectV(out);
  }

  static ObjectV withoutNulls(Map<String, Value> fields) {
    return withoutNulls(fields, new java.util.IdentityHashMap<>());
  }

  /**
   * {@code cleaned}: objects already copied. An object met again is shared in the copy too, so a value
   * sharing its parts is copied in the size it has in memory; the version size limit then stops it as it
   * is encoded, long before its tree would have been built here.
   */
  private static ObjectV withoutNulls(Map<String, Value> fields, Map<ObjectV, ObjectV> cleaned) {
    Map<String, Value> out = new LinkedHashMap<>();
    fields.forEach((k, v) -> {
      if (v instanceof NullV) return;
      if (v instanceof ObjectV o) {
        ObjectV c = cleaned.get(o);
        if (c == null) {
          c = withoutNulls(o.fields(), cleaned);
          cleaned.put(o, c);
        }
        out.put(k, c);
      } else {
        out.put(k, v);
      }
    });
    return new ObjectV(out);
  }
}
