package io.faunus.model.fsl;

import io.faunus.fql.Parser;
import io.faunus.fql.Source;
import io.faunus.fql.fsl.CollectionItem;
import io.faunus.fql.fsl.FslType;
import io.faunus.fql.fsl.Migration;
import io.faunus.fql.fsl.Path;
import io.faunus.model.eval.Env;
import io.faunus.model.eval.Interp;
import io.faunus.model.schema.TypeMatch;
import io.faunus.model.value.Value;
import io.faunus.model.value.Value.*;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The new migration statements of a push applied to one document's user fields (schema-v10.md §4.2), in order.
 * Faunus migrates eagerly, in the transaction that makes the schema live (Fauna migrates lazily as documents
 * are read; what reads return is the same). Backfill values are evaluated once per push.
 */
final class MigrationRun {
  private MigrationRun() {}

  static UnaryOperator<ObjectV> of(MigrationCheck.Plan plan, Interp in) {
    Map<Migration, Value> backfills = new HashMap<>();
    for (Migration m : plan.statements()) {
      if (m instanceof Migration.Backfill b) {
        Source src = new Source(b.value().source().name(), b.value().text());
        backfills.put(m, in.evalIn(src, Parser.parseExpr(src), Env.EMPTY));
      }
    }
    Map<String, FslType> types = new HashMap<>();
    for (CollectionItem.Field f : plan.submitted().fields()) types.put(f.name().text(), f.type());
    String conflicts = plan.statements().stream().filter(m -> m instanceof Migration.MoveConflicts)
        .map(m -> name(((Migration.MoveConflicts) m).into())).findFirst().orElse(null);
    return doc -> {
      Map<String, Value> d = new LinkedHashMap<>(doc.fields());
      for (Migration m : plan.statements()) {
        switch (m) {
          case Migration.Add a -> {
            String f = name(a.field());
            Value v = d.get(f);
            if (v != null && conflicts != null && !TypeMatch.matches(v, types.get(f))) {
              d.remove(f);
              d.put(conflicts, put(d.get(conflicts), f, v));
            }
          }
          case Migration.Backfill b -> d.putIfAbsent(name(b.field()), backfills.get(m));
          case Migration.Drop dr -> d.remove(name(dr.field()));
          case Migration.Move mv -> {
            Value v = d.remove(name(mv.field()));
            if (v != null) d.put(name(mv.to()), v);
          }
          case Migration.Split s -> {
            Value v = d.remove(name(s.field()));
            if (v != null) {
              for (Path t : s.to()) {
                FslType type = types.get(name(t));
                if (type != null && TypeMatch.matches(v, type)) {
                  d.put(name(t), v);
                  break;
                }
              }
            }
          }
          case Migration.MoveWildcard mw -> {
            String into = name(mw.into());
            for (String k : List.copyOf(d.keySet())) {
              if (!types.containsKey(k)) d.put(into, put(d.get(into), k, d.remove(k)));
            }
          }
          case Migration.MoveConflicts mc -> { } // with `add`, above
          case Migration.AddWildcard aw -> { }
        }
      }
      return new ObjectV(d);
    };
  }

  /** {@code key: value} added to an object field (absent: a new object); a taken key gets a leading `_`. */
  private static ObjectV put(Value target, String key, Value value) {
    Map<String, Value> m = new LinkedHashMap<>(target instanceof ObjectV o ? o.fields() : Map.of());
    String k = key;
    while (m.containsKey(k)) k = "_" + k;
    m.put(k, value);
    return new ObjectV(m);
  }

  private static String name(Path p) {
    return p.text().startsWith(".") ? p.text().substring(1) : p.text();
  }
}
