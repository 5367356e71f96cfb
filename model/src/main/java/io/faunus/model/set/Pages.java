package io.faunus.model.set;

import io.faunus.model.query.ErrorCode;

import io.faunus.fql.Span;
import io.faunus.model.eval.Display;
import io.faunus.model.eval.Interp;
import io.faunus.model.eval.Limits;
import io.faunus.model.value.Numbers;
import io.faunus.model.value.Value;
import io.faunus.model.value.Value.ArrayV;
import io.faunus.model.value.Value.NumV;
import io.faunus.model.value.Value.ObjectV;
import io.faunus.model.value.Value.StrV;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reading sets page by page and all at once: the single place that decides what a page holds, whether
 * an {@code after} cursor is due, and how materialization is capped. Used by {@code paginate()},
 * {@code Set.paginate(cursor)}, the materializing sets and the engine (first page of a returned set).
 */
public final class Pages {
  private Pages() {}

  /** Up to {@code size} elements of {@code set} from {@code offset} on; hasMore when at least one follows. */
  public record Page(List<Value> data, boolean hasMore) {}

  public static Page page(Interp in, LazySet set, long offset, int size) {
    Iterator<Value> it = set.iterator(in, offset);
    List<Value> data = new ArrayList<>(Math.min(size, Limits.PAGE_SIZE_DEFAULT));
    while (data.size() < size && it.hasNext()) {
      in.tick();
      data.add(it.next());
    }
    // Asking for one more element is the only way to know whether a cursor is needed.
    return new Page(data, it.hasNext());
  }

  /**
   * The page object of {@code paginate()} / {@code Set.paginate()}: {@code {data, after?}}, where the
   * cursor replays {@code set} at {@code snapshotMicros} from the next element with the same size.
   */
  public static ObjectV pageObject(Interp in, LazySet set, long offset, int size, long snapshotMicros) {
    Page p = page(in, set, offset, size);
    Map<String, Value> out = new LinkedHashMap<>();
    out.put("data", new ArrayV(p.data()));
    if (p.hasMore()) {
      out.put("after", new StrV(in.ctx().cursors().issue(in, set, offset + p.data().size(), size, snapshotMicros)));
    }
    return new ObjectV(out);
  }

  /** The running query's snapshot in microseconds since the epoch (what cursors are bound to). */
  public static long snapshotMicros(Interp in) {
    Instant t = in.ctx().snapshotTime();
    return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1_000);
  }

  /** A page size argument: an integer in 1..16000, else invalid_bounds naming argument {@code name}. */
  public static int checkPageSize(Interp in, NumV size, String name, Span site) {
    long n = Numbers.asLong(size);
    if (!Numbers.isIntegral(size) || n < 1 || n > Limits.PAGE_SIZE_MAX) {
      throw in.error(ErrorCode.INVALID_BOUNDS, "expected `" + name + "` to be between 1 and " + Limits.PAGE_SIZE_MAX
          + " (inclusive), received " + Display.debug(in, size), site);
    }
    return (int) n;
  }

  /**
   * Every element of {@code set}, failing with value_too_large past 16000. Reads one element over the
   * limit so that a large set fails rather than being silently cut.
   */
  public static List<Value> materialize(Interp in, LazySet set, Span site) {
    if (set instanceof ArraySet a && a.elems().size() <= Limits.MATERIALIZED_ELEMENTS_MAX) return a.elems();
    List<Value> out = new ArrayList<>();
    Iterator<Value> it = set.iterator(in);
    while (it.hasNext()) {
      in.tick();
      Value v = it.next();
      Limits.checkElements(out.size() + 1L, site, in);
      out.add(v);
    }
    return out;
  }
}
