package io.faunus.model.value;

import java.util.AbstractList;
import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * The elements of every {@link Value.ArrayV}: a window of an array nobody else writes, read forwards or
 * backwards. {@code reversed()} and {@code subList()} share the array and answer another window, so
 * {@code reverse}, {@code slice}, {@code take} and {@code drop} cost O(1) and never stack: JDK views over
 * views did, and a fold reversing an array 100 000 times built a chain 200 000 views deep whose every
 * {@code size()} and {@code get()} walked the whole chain.
 */
final class ArrayElems extends AbstractList<Value> implements RandomAccess {
  static final ArrayElems EMPTY = new ArrayElems(new Value[0], 0, 0, false);

  private final Value[] array;
  private final int from;
  private final int size;
  private final boolean reversed;

  private ArrayElems(Value[] array, int from, int size, boolean reversed) {
    this.array = array;
    this.from = from;
    this.size = size;
    this.reversed = reversed;
  }

  /** {@code list} itself when it already is one, else a copy (the caller may still hold and change it). */
  static ArrayElems of(List<Value> list) {
    if (list instanceof ArrayElems e) return e;
    Value[] copy = list.toArray(new Value[0]);
    return copy.length == 0 ? EMPTY : new ArrayElems(copy, 0, copy.length, false);
  }

  @Override
  public Value get(int i) {
    Objects.checkIndex(i, size);
    return array[reversed ? from + size - 1 - i : from + i];
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public ArrayElems reversed() {
    return new ArrayElems(array, from, size, !reversed);
  }

  @Override
  public ArrayElems subList(int fromIndex, int toIndex) {
    Objects.checkFromToIndex(fromIndex, toIndex, size);
    int n = toIndex - fromIndex;
    // Positions [fromIndex, toIndex) of a reversed window are the array slots counted from its far end.
    int start = reversed ? from + size - toIndex : from + fromIndex;
    return new ArrayElems(array, start, n, reversed);
  }
}
