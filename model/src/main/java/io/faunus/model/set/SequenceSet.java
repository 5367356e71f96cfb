package io.faunus.model.set;

import io.faunus.model.eval.Interp;
import io.faunus.model.value.Numbers;
import io.faunus.model.value.Value;
import java.util.Iterator;
import java.util.NoSuchElementException;

/** {@code Set.sequence(from, until)}: the integers from..until-1 (empty when until ≤ from), seekable. */
public final class SequenceSet extends LazySet {
  private final long from;
  private final long until;
  private final boolean reversed;

  public SequenceSet(long from, long until) {
    this(from, until, false);
  }

  /** The integers from..until-1, descending when reversed (cursors rebuild sequences with this). */
  public static SequenceSet of(long from, long until, boolean reversed) {
    return new SequenceSet(from, until, reversed);
  }

  private SequenceSet(long from, long until, boolean reversed) {
    this.from = from;
    this.until = Math.max(from, until);
    this.reversed = reversed;
  }

  public long from() {
    return from;
  }

  public long until() {
    return until;
  }

  public boolean reversed() {
    return reversed;
  }

  public long size() {
    return until - from;
  }

  @Override
  public Iterator<Value> iterator(Interp in) {
    return iterator(in, 0);
  }

  @Override
  public Iterator<Value> iterator(Interp in, long offset) {
    long start = Math.min(Math.max(0, offset), size());
    return new Iterator<>() {
      private long i = start;

      public boolean hasNext() {
        return i < size();
      }

      public Value next() {
        if (!hasNext()) throw new NoSuchElementException();
        long k = i++;
        return Numbers.of(reversed ? until - 1 - k : from + k);
      }
    };
  }

  @Override
  public LazySet reverse() {
    return new SequenceSet(from, until, !reversed);
  }

  @Override
  public String streamUnsupportedReason() {
    return "streaming is not supported on sets created from `Set.sequence()`.";
  }
}
