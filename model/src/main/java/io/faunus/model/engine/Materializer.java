package io.faunus.model.engine;

import io.faunus.model.eval.DocAccess;
import io.faunus.model.eval.Interp;
import io.faunus.model.eval.Limits;
import io.faunus.model.set.LazySet;
import io.faunus.model.set.Pages;
import io.faunus.model.value.Value;
import io.faunus.model.value.Value.*;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a query's result into what the codecs encode (spec §2.2): documents met in the result are read
 * and emitted whole, documents inside documents stay references, sets become their first page (nested
 * sets up to depth 10, then cursors).
 */
public final class Materializer {
  private final Interp in;
  private final long snapshotMicros;

  public Materializer(Interp in, long snapshotMicros) {
    this.in = in;
    this.snapshotMicros = snapshotMicros;
  }

  public Value materialize(Value v) {
    return mat(v, 0);
  }

  private Value mat(Value v, int setDepth) {
    // A value can share subtrees (a fold doubling { l: a, r: a } 40 times): walking it is the expensive part, so
    // it counts against the deadline.
    in.tick();
    return switch (v) {
      case ArrayV a -> {
        List<Value> out = new ArrayList<>(a.elems().size());
        for (Value x : a.elems()) out.add(mat(x, setDepth));
        yield new ArrayV(out);
      }
      case ObjectV o -> {
        Map<String, Value> out = new LinkedHashMap<>();
        o.fields().forEach((k, x) -> out.put(k, mat(x, setDepth)));
        yield new ObjectV(out);
      }
      case DocV d -> doc(d);
      case SetV s -> set((LazySet) s, setDepth);
      default -> v;
    };
  }

  private Value doc(DocV d) {
    DocAccess docs = in.ctx().docs();
    ObjectV fields = docs.read(in, d);
    return fields == null ? new MatNullDocV(d, docs.missingCause(in, d)) : new MatDocV(d, fields);
  }

  private Value set(LazySet s, int depth) {
    int size = s.pageSize();
    if (depth >= Limits.SET_NESTING_MAX) {
      return new MatSetCursorV(in.ctx().cursors().issue(in, s, 0, size, snapshotMicros));
    }
    Pages.Page page = Pages.page(in, s, 0, size);
    List<Value> data = new ArrayList<>(page.data().size());
    for (Value x : page.data()) data.add(mat(x, depth + 1));
    String after = page.hasMore() ? in.ctx().cursors().issue(in, s, size, size, snapshotMicros) : null;
    return new MatSetV(data, after);
  }

  /** Replaces {@code TransactionTime()} placeholders by the commit time once it is known. */
  public static Value resolveTxnTime(Value v, Instant commit) {
    return switch (v) {
      case TxnTimeV t -> new TimeV(commit);
      case ArrayV a -> {
        List<Value> out = new ArrayList<>(a.elems().size());
        for (Value x : a.elems()) out.add(resolveTxnTime(x, commit));
        yield new ArrayV(out);
      }
      case ObjectV o -> {
        Map<String, Value> out = new LinkedHashMap<>();
        o.fields().forEach((k, x) -> out.put(k, resolveTxnTime(x, commit)));
        yield new ObjectV(out);
      }
      case MatDocV d -> new MatDocV(d.ref(), (ObjectV) resolveTxnTime(d.fields(), commit));
      case MatSetV s -> new MatSetV(s.data().stream().map(x -> resolveTxnTime(x, commit)).toList(), s.after());
      default -> v;
    };
  }
}
