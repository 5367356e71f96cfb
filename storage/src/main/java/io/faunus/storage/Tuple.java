package io.faunus.storage;

import java.util.ArrayList;
import java.util.List;

/**
 * An ordered key made of typed elements. {@link #encode()} is order-preserving: comparing two encodings
 * as unsigned bytes gives the same sign as {@link #compareTo}, and the encoding of a tuple is a byte
 * prefix of the encoding of every tuple that extends it, so tuple prefixes are key-range prefixes.
 */
public record Tuple(List<KeyElement> elements) implements Comparable<Tuple> {
  public static final Tuple EMPTY = new Tuple(List.of());

  public Tuple {
    elements = List.copyOf(elements);
  }

  /** Builds a tuple from plain Java values, see {@link KeyElement#from}. */
  public static Tuple of(Object... values) {
    var list = new ArrayList<KeyElement>(values.length);
    for (Object v : values) list.add(KeyElement.from(v));
    return new Tuple(list);
  }

  public static Tuple decode(byte[] encoded) {
    return KeyCodec.decode(encoded);
  }

  public byte[] encode() {
    return KeyCodec.encode(this);
  }

  public Tuple append(Object... values) {
    var list = new ArrayList<KeyElement>(elements.size() + values.length);
    list.addAll(elements);
    for (Object v : values) list.add(KeyElement.from(v));
    return new Tuple(list);
  }

  public int size() {
    return elements.size();
  }

  public KeyElement get(int index) {
    return elements.get(index);
  }

  @Override
  public int compareTo(Tuple other) {
    int n = Math.min(elements.size(), other.elements.size());
    for (int i = 0; i < n; i++) {
      int c = elements.get(i).compareTo(other.elements.get(i));
      if (c != 0) return c;
    }
    return Integer.compare(elements.size(), other.elements.size());
  }
}
