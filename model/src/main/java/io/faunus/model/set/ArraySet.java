package io.faunus.model.set;

import io.faunus.model.eval.Interp;
import io.faunus.model.value.Value;
import java.util.Iterator;
import java.util.List;

/** {@code array.toSet()} and {@code Set.single(v)}: a set over values already in memory. */
public final class ArraySet extends LazySet {
  private final List<Value> elems;

  public ArraySet(List<Value> elems) {
    this.elems = List.copyOf(elems);
  }

  @Override
  public Iterator<Value> iterator(Interp in) {
    return elems.iterator();
  }

  @Override
  public Iterator<Value> iterator(Interp in, long offset) {
    return elems.subList((int) Math.min(offset, elems.size()), elems.size()).iterator();
  }

  @Override
  public LazySet reverse() {
    return new ArraySet(elems.reversed());
  }

  /** The elements, in order. */
  public List<Value> elems() {
    return elems;
  }

  @Override
  public String streamUnsupportedReason() {
    return "streaming is not supported on array sets.";
  }
}
