package io.faunus.model.set;

import io.faunus.model.eval.Interp;
import io.faunus.model.value.Value;
import java.util.Iterator;
import java.util.NoSuchElementException;

/** {@code a.concat(b)}: the elements of a, then those of b. */
public final class ConcatSet extends LazySet {
  private final LazySet first;
  private final LazySet second;

  public ConcatSet(LazySet first, LazySet second) {
    this.first = first;
    this.second = second;
  }

  @Override
  public Iterator<Value> iterator(Interp in) {
    Iterator<Value> a = first.iterator(in);
    return new Iterator<>() {
      private Iterator<Value> cur = a;
      private boolean switched;

      public boolean hasNext() {
        // The second set is only opened once the first is exhausted: nothing of it runs before.
        if (!switched && !cur.hasNext()) {
          cur = second.iterator(in);
          switched = true;
        }
        return cur.hasNext();
      }

      public Value next() {
        if (!hasNext()) throw new NoSuchElementException();
        return cur.next();
      }
    };
  }

  @Override
  public LazySet reverse() {
    return new ConcatSet(second.reverse(), first.reverse());
  }

  @Override
  public String streamUnsupportedReason() {
    return "streaming is not supported on concatenated sets.";
  }

  public LazySet first() {
    return first;
  }

  public LazySet second() {
    return second;
  }
}
