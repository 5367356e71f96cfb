package io.faunus.model.set;

import io.faunus.fql.Span;
import io.faunus.model.eval.Fn;
import io.faunus.model.eval.Interp;
import io.faunus.model.eval.Limits;
import io.faunus.model.stdlib.Args;
import io.faunus.model.value.Value;
import io.faunus.model.value.Value.NullV;
import io.faunus.model.value.Values;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The eager operations arrays and sets share, written once over an iterator: an array passes its list's
 * iterator (or its reversed view for the *Right variants), a set its lazy iterator (or its reverse's).
 * Callbacks have already been arity-checked by the caller.
 */
public final class Iteration {
  private Iteration() {}

  /** An element found by a predicate and its position in the iteration. */
  public record Match(long index, Value value) {}

  public static Value fold(Interp in, Iterator<Value> it, Value seed, Fn reducer, Span site) {
    Value acc = seed;
    while (it.hasNext()) acc = Args.apply(in, reducer, site, acc, it.next());
    return acc;
  }

  /** Fold seeded with the first element; null (created at {@code site}) when there is none. */
  public static Value reduce(Interp in, Iterator<Value> it, Fn reducer, Span site) {
    if (!it.hasNext()) return new NullV(site);
    return fold(in, it, it.next(), reducer, site);
  }

  /**
   * {@code any} (every = false) / {@code every} (every = true): stops at the first element that decides
   * the answer. A null predicate result counts as false.
   */
  public static boolean anyEvery(Interp in, Iterator<Value> it, Fn pred, boolean every, Span site) {
    while (it.hasNext()) {
      if (Args.test(in, Args.apply(in, pred, site, it.next()), site) != every) return !every;
    }
    return every;
  }

  /** The first element for which pred returns true, or null. */
  public static Match find(Interp in, Iterator<Value> it, Fn pred, Span site) {
    for (long i = 0; it.hasNext(); i++) {
      Value v = it.next();
      if (Args.test(in, Args.apply(in, pred, site, v), site)) return new Match(i, v);
    }
    return null;
  }

  /** The value found by {@link #find}, or null (created at {@code site}). */
  public static Value findValue(Interp in, Iterator<Value> it, Fn pred, Span site) {
    Match m = find(in, it, pred, site);
    return m == null ? new NullV(site) : m.value();
  }

  public static boolean includes(Interp in, Iterator<Value> it, Value v) {
    while (it.hasNext()) {
      in.tick();
      if (Values.equal(it.next(), v, in)) return true;
    }
    return false;
  }

  public static void forEach(Interp in, Iterator<Value> it, Fn fn, Span site) {
    while (it.hasNext()) Args.apply(in, fn, site, it.next());
  }

  public static long count(Interp in, Iterator<Value> it) {
    long n = 0;
    for (; it.hasNext(); n++) {
      in.tick();
      it.next();
    }
    return n;
  }

  /**
   * {@code aggregate(seed, combiner)}: the combiner must be associative, so elements are combined
   * pairwise as a balanced tree (log depth). Elements are taken 16000 at a time to bound memory; each
   * chunk's result is combined with the running value, which starts as the seed: combiner(chunk, acc).
   */
  public static Value aggregate(Interp in, Iterator<Value> it, Value seed, Fn combiner, Span site) {
    Value acc = seed;
    while (it.hasNext()) {
      List<Value> chunk = new ArrayList<>();
      while (chunk.size() < Limits.MATERIALIZED_ELEMENTS_MAX && it.hasNext()) chunk.add(it.next());
      acc = Args.apply(in, combiner, site, tree(in, chunk, combiner, site), acc);
    }
    return acc;
  }

  private static Value tree(Interp in, List<Value> level, Fn combiner, Span site) {
    while (level.size() > 1) {
      List<Value> next = new ArrayList<>((level.size() + 1) / 2);
      for (int i = 0; i < level.size(); i += 2) {
        next.add(i + 1 < level.size() ? Args.apply(in, combiner, site, level.get(i), level.get(i + 1))
            : level.get(i));
      }
      level = next;
    }
    return level.get(0);
  }
}
