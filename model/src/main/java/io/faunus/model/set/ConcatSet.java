package io.faunus.model.set;

import io.faunus.model.eval.Interp;
import io.faunus.model.value.Value;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.Iterator;
import java.util.NoSuchElementException;

/** {@code a.concat(b)}: the elements of a, then those of b. */
public final class ConcatSet extends LazySet {
  private final LazySet first;
  private final LazySet second;
  /**
   * This set reversed, built once: a set concatenated with itself n times is n sets in memory but 2^n
   * leaves as a tree, and reversing must follow the graph, not the tree.
   */
  private LazySet reversed;

  public ConcatSet(LazySet first, LazySet second) {
    this.first = first;
    this.second = second;
  }

  /**
   * Reads the sets left to right, opening each only once the ones before it are exhausted. Concatenations
   * nested in this one are opened here, from a stack of sets still to read, rather than through their own
   * iterators: a chain of n concatenations (or a set concatenated with itself n times) then costs O(1) per
   * element instead of n nested calls, and never more stack than one set's.
   */
  @Override
  public Iterator<Value> iterator(Interp in) {
    Deque<LazySet> pending = new ArrayDeque<>();
    pending.push(second);
    pending.push(first);
    return new Iterator<>() {
      private Iterator<Value> cur = Collections.emptyIterator();

      public boolean hasNext() {
        while (!cur.hasNext()) {
          LazySet next = pending.poll();
          if (next == null) return false;
          in.tick();
          if (next instanceof ConcatSet c) {
            pending.push(c.second);
            pending.push(c.first);
          } else {
            cur = next.iterator(in);
          }
        }
        return true;
      }

      public Value next() {
        if (!hasNext()) throw new NoSuchElementException();
        return cur.next();
      }
    };
  }

  @Override
  public LazySet reverse() {
    if (reversed == null) {
      ConcatSet r = new ConcatSet(second.reverse(), first.reverse());
      r.reversed = this;
      reversed = r;
    }
    return reversed;
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
