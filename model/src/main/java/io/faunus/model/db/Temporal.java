package io.faunus.model.db;

import io.faunus.model.query.ErrorCode;

import io.faunus.fql.ast.Expr;
import io.faunus.model.eval.Env;
import io.faunus.model.eval.Interp;
import io.faunus.model.eval.QueryError;
import io.faunus.model.value.Value;
import io.faunus.model.value.Value.*;
import io.faunus.model.value.Values;
import io.faunus.model.set.LazySet;
import io.faunus.model.set.TimedSet;
import java.time.Duration;
import java.time.Instant;

/** {@code at (t) expr} (spec §3.7): reads inside see the database as of t; writes fail. */
final class Temporal {
  private Temporal() {}

  /** Minimum read-back window when a collection keeps no history (spec §8). */
  static final Duration MIN_HISTORY = Duration.ofMinutes(15);

  static Value at(DbContext ctx, Interp in, Expr.At at, Env env) {
    Value t = in.eval(at.time(), env);
    Instant when = switch (t) {
      case TimeV tv -> tv.value();
      case TxnTimeV x -> ctx.snapshotTime();
      default -> throw in.error(ErrorCode.TYPE_MISMATCH, "expected type: Time, received " + Values.typeName(t), at.time().span());
    };
    if (when.isAfter(ctx.snapshotTime())) {
      throw in.error(ErrorCode.INVALID_ARGUMENT, "invalid argument `at_time`: cannot evaluate `at` in the future", at.time().span());
    }
    Instant min = ctx.snapshotTime().minus(MIN_HISTORY).minus(Duration.ofDays(ctx.schema().historyDaysMax()));
    if (when.isBefore(min)) {
      // The floor is the longest history_days of the database's collections plus the minimum window.
      // Versions are never collected yet, so nothing older than the floor is ever needed by a read.
      throw QueryError.protocol(ErrorCode.INVALID_REQUEST, "Requested timestamp " + when
          + " less than minimum allowed timestamp " + min + "."); // a protocol error (spec §1.6)
    }
    long micros = when.getEpochSecond() * 1_000_000L + when.getNano() / 1_000;
    Value result = ctx.historyReading(() -> ctx.readingAt(micros, () -> in.eval(at.body(), env)));
    return keepTime(in, result, micros);
  }

  /**
   * What leaves {@code at()} stays read at its time: documents keep it, sets are read at it, also inside
   * arrays and objects. Other values were computed inside and need nothing. An array or object none of whose
   * elements changed is returned as it is: most results hold no document or set, and copying them would
   * cost their size again for nothing.
   */
  static Value keepTime(Interp in, Value v, long micros) {
    return switch (v) {
      case DocV d -> d.readAt(micros);
      case LazySet s -> new TimedSet(s, micros);
      case ArrayV a -> {
        java.util.List<Value> elems = a.elems();
        java.util.List<Value> out = null; // a copy only from the first changed element on
        for (int i = 0; i < elems.size(); i++) {
          in.tick();
          Value e = elems.get(i);
          Value kept = keepTime(in, e, micros);
          if (out == null && kept != e) {
            out = new java.util.ArrayList<>(elems.size());
            out.addAll(elems.subList(0, i));
          }
          if (out != null) out.add(kept);
        }
        yield out == null ? a : new ArrayV(out);
      }
      case ObjectV o -> {
        java.util.Map<String, Value> out = null;
        for (java.util.Map.Entry<String, Value> f : o.fields().entrySet()) {
          in.tick();
          Value kept = keepTime(in, f.getValue(), micros);
          if (out == null && kept != f.getValue()) out = copyBefore(o.fields(), f.getKey());
          if (out != null) out.put(f.getKey(), kept);
        }
        yield out == null ? o : new ObjectV(out);
      }
      default -> v;
    };
  }

  /** The fields of {@code fields} that come before {@code key}, in order, in a new map. */
  private static java.util.Map<String, Value> copyBefore(java.util.Map<String, Value> fields, String key) {
    java.util.Map<String, Value> out = new java.util.LinkedHashMap<>();
    for (java.util.Map.Entry<String, Value> f : fields.entrySet()) {
      if (f.getKey().equals(key)) break;
      out.put(f.getKey(), f.getValue());
    }
    return out;
  }
}
