package io.faunus.model.set;

import io.faunus.model.eval.Interp;
import io.faunus.model.value.Value;
import java.util.Iterator;
import java.util.NoSuchElementException;

/** {@code set.take(n)}, n ≥ 1: the first n elements. */
public final class TakeSet extends SourcedSet {
  private final long limit;

  public TakeSet(LazySet source, long limit) {
    super(source);
    this.limit = limit;
  }

  @Override
  public Iterator<Value> iterator(Interp in) {
    return iterator(in, 0);
  }

  @Override
  public Iterator<Value> iterator(Interp in, long offset) {
    Iterator<Value> it = source.iterator(in, offset);
    return new Iterator<>() {
      private long remaining = Math.max(0, limit - offset);

      // Checks remaining first so the source (and its callbacks) is never asked for element n+1.
      public boolean hasNext() {
        return remaining > 0 && it.hasNext();
      }

      public Value next() {
        if (!hasNext()) throw new NoSuchElementException();
        remaining--;
        return it.next();
      }
    };
  }

  @Override
  public String streamUnsupportedReason() {
    return "streaming is not supported on sets returned from `.take()`.";
  }

  public long limit() {
    return limit;
  }
}
