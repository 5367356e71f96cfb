package io.faunus.model.set;

import io.faunus.model.eval.Interp;
import io.faunus.model.value.Value;
import java.util.Iterator;

/** {@code set.drop(n)}: all but the first n elements (n ≤ 0 drops nothing). */
public final class DropSet extends SourcedSet {
  private final long count;

  public DropSet(LazySet source, long count) {
    super(source);
    this.count = Math.max(0, count);
  }

  @Override
  public Iterator<Value> iterator(Interp in) {
    return iterator(in, 0);
  }

  @Override
  public Iterator<Value> iterator(Interp in, long offset) {
    return source.iterator(in, saturatedAdd(count, offset));
  }

  private static long saturatedAdd(long a, long b) {
    long r = a + b;
    return r < 0 ? Long.MAX_VALUE : r;
  }

  @Override
  public String streamUnsupportedReason() {
    return "streaming is not supported on sets returned from `.drop()`.";
  }

  public long count() {
    return count;
  }
}
