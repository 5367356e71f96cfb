package io.faunus.model.db;

import io.faunus.fql.cache.ParseCache;
import io.faunus.fql.Span;
import io.faunus.model.eval.Env;
import io.faunus.model.eval.Interp;
import io.faunus.model.schema.CollectionDef;
import io.faunus.model.value.Value;
import io.faunus.model.value.Value.*;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A document's fields as FQL and the wire see them (spec §2.2, §4.2): {@code id} or {@code name},
 * {@code coll}, {@code ts}, {@code ttl}, computed fields, then user fields (colliding names under
 * {@code data}). Hidden definition fields (internal ids, secret hashes) never appear.
 */
final class Render {
  private Render() {}

  static ObjectV fields(DbContext ctx, Interp in, DocV doc, DocState s) {
    Map<String, Value> out = new LinkedHashMap<>();
    if (doc.named()) out.put("name", new StrV(doc.name()));
    else out.put("id", new IdV(doc.id()));
    out.put("coll", collModule(ctx, in, doc));
    out.put("ts", s.ts());
    if (s.ttl() != null) out.put("ttl", s.ttl());
    if (Natives.nativeId(doc.coll()) != null) {
      s.data().fields().forEach((k, v) -> {
        if (!k.startsWith("\u0000") && !k.equals("name")) out.put(k, v);
      });
      String secret = ctx.freshSecret(doc);
      if (secret != null) out.put("secret", new StrV(secret));
      return new ObjectV(out);
    }
    CollectionDef def = ctx.schema().collection(doc.coll());
    if (def != null) {
      for (String f : def.computedFields().keySet()) out.put(f, computed(ctx, in, def, doc, f));
    }
    out.putAll(DbContext.userFields(s.data()));
    return new ObjectV(out);
  }

  static Value field(DbContext ctx, Interp in, DocV doc, DocState s, String name) {
    switch (name) {
      case "id" -> {
        return doc.named() ? NullV.NULL : new IdV(doc.id());
      }
      case "coll" -> {
        return collModule(ctx, in, doc);
      }
      case "ts" -> {
        return s.ts();
      }
      case "ttl" -> {
        return s.ttl() == null ? NullV.NULL : s.ttl();
      }
      default -> { }
    }
    if (doc.named() && name.equals("name")) return new StrV(doc.name());
    boolean isNative = Natives.nativeId(doc.coll()) != null;
    if (!isNative) {
      if (name.equals("data")) return s.data();
      CollectionDef def = ctx.schema().collection(doc.coll());
      if (def != null && def.computedFields().containsKey(name)) return computed(ctx, in, def, doc, name);
    }
    if (name.startsWith("\u0000")) return NullV.NULL;
    if (isNative && name.equals("secret") && ctx.freshSecret(doc) != null) return new StrV(ctx.freshSecret(doc));
    return s.data().get(name);
  }

  private static Value collModule(DbContext ctx, Interp in, DocV doc) {
    Value m = ctx.global(in, doc.coll());
    return m != null ? m : new StrV(doc.coll());
  }

  private static Value computed(DbContext ctx, Interp in, CollectionDef def, DocV doc, String field) {
    String body = def.computedFields().get(field);
    // Parsed once per body text in the process (it was parsed on every read of the field).
    var parsed = ParseCache.shared().expr("*computed_field:" + field + "*", body);
    Value fn = in.evalIn(parsed.source(), parsed.tree(), Env.EMPTY);
    return in.call(fn, List.of(doc), Span.NONE);
  }
}
