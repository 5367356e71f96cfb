package io.faunus.model.set;

import io.faunus.model.eval.Interp;
import io.faunus.model.eval.Limits;
import io.faunus.model.value.Value;
import io.faunus.model.value.Value.SetV;
import java.util.Iterator;

/**
 * A lazy sequence of values (spec §4.3). Iteration reads through the interpreter, so a set evaluated in
 * another query (a cursor replay) sees that query's snapshot. Iteration must be deterministic: the same
 * set at the same snapshot yields the same elements in the same order, which is what makes offset-based
 * cursors stable.
 */
public abstract class LazySet implements SetV {

  /** Elements from the start. Callers stop early; implementations must not materialize unboundedly. */
  public abstract Iterator<Value> iterator(Interp in);

  /** Elements from {@code offset} on. Sources that can seek override this; skipping is work like reading. */
  public Iterator<Value> iterator(Interp in, long offset) {
    Iterator<Value> it = iterator(in);
    for (long i = 0; i < offset && it.hasNext(); i++) {
      in.tick();
      it.next();
    }
    return it;
  }

  /**
   * This set in reverse order. The default materializes (at most 16000 elements); sets that can walk
   * backwards cheaply (arrays, sequences, index ranges) or that commute with reversal (where, map) override.
   */
  public LazySet reverse() {
    return new ReversedSet(this);
  }

  /** Page size used when the set is returned or paginated without a size. */
  public int pageSize() {
    return Limits.PAGE_SIZE_DEFAULT;
  }

  /**
   * Whether this set can be the source of an event stream; null when it can, otherwise the reason used in
   * "can't call `.toStream()` because …" (spec §4.12).
   */
  public String streamUnsupportedReason() {
    return "streaming is not supported on this set.";
  }

  @Override
  public boolean equals(Object o) {
    return this == o;
  }

  @Override
  public int hashCode() {
    return System.identityHashCode(this);
  }
}
