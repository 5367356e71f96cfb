package io.faunus.storage;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * One typed element of a {@link Tuple} key. Elements order first by kind (ascending elements before
 * descending ones), then by type (null &lt; false &lt; true &lt; int &lt; real &lt; text &lt; bytes &lt;
 * nested), then by value. Ints and reals never compare numerically with each other: the storage layer
 * knows no FQL, so a caller that wants numeric order across types must normalize before encoding.
 */
public sealed interface KeyElement extends Comparable<KeyElement>
    permits KeyElement.Null, KeyElement.Bool, KeyElement.Int, KeyElement.Real, KeyElement.Text,
    KeyElement.Bytes, KeyElement.Nested, KeyElement.Desc {

  Null NULL = new Null();
  Bool FALSE = new Bool(false);
  Bool TRUE = new Bool(true);

  record Null() implements KeyElement {}

  record Bool(boolean value) implements KeyElement {}

  record Int(long value) implements KeyElement {}

  /** Ordered as {@link Double#compare}: -0.0 before 0.0, every NaN equal and after +Infinity. */
  record Real(double value) implements KeyElement {}

  /** Ordered by Unicode code point (= UTF-8 byte order). Unpaired surrogates are rejected. */
  record Text(String value) implements KeyElement {
    public Text {
      if (value == null) throw new IllegalArgumentException("text element must not be null; use KeyElement.NULL");
      KeyCodec.requireWellFormed(value);
    }
  }

  /** Unsigned lexicographic order. The array is copied in and out, so the element stays immutable. */
  record Bytes(byte[] value) implements KeyElement {
    public Bytes {
      if (value == null) throw new IllegalArgumentException("bytes element must not be null; use KeyElement.NULL");
      value = value.clone();
    }

    @Override public byte[] value() { return value.clone(); }
    @Override public boolean equals(Object o) { return o instanceof Bytes b && Arrays.equals(value, b.value); }
    @Override public int hashCode() { return Arrays.hashCode(value); }
    @Override public String toString() { return "Bytes[" + HexFormat.of().formatHex(value) + "]"; }
  }

  /** A tuple inside a tuple (arrays, composite index values). */
  record Nested(Tuple tuple) implements KeyElement {
    public Nested {
      if (tuple == null) throw new IllegalArgumentException("nested tuple must not be null");
    }
  }

  /**
   * The inner element in reverse order: encoded as the bitwise complement of the inner encoding, so a
   * key like {@code (doc, ~ts)} lists the newest version first. Desc of Desc is rejected rather than
   * silently normalized, because it almost always means a caller bug.
   */
  record Desc(KeyElement inner) implements KeyElement {
    public Desc {
      if (inner == null) throw new IllegalArgumentException("desc of null; use desc(KeyElement.NULL)");
      if (inner instanceof Desc) throw new IllegalArgumentException("desc of desc is not allowed");
    }
  }

  static Int of(long value) { return new Int(value); }

  static Real of(double value) { return new Real(value); }

  static Text of(String value) { return new Text(value); }

  static Desc desc(Object value) { return new Desc(from(value)); }

  /** Converts a plain Java value: null, Boolean, Byte/Short/Integer/Long, Float/Double, String, byte[], Tuple, KeyElement. */
  static KeyElement from(Object value) {
    return switch (value) {
      case null -> NULL;
      case KeyElement e -> e;
      case Boolean b -> b ? TRUE : FALSE;
      case Long l -> new Int(l);
      case Integer i -> new Int(i);
      case Short s -> new Int(s);
      case Byte b -> new Int(b);
      case Double d -> new Real(d);
      case Float f -> new Real(f);
      case String s -> new Text(s);
      case byte[] b -> new Bytes(b);
      case Tuple t -> new Nested(t);
      default -> throw new IllegalArgumentException("no key element for " + value.getClass().getName());
    };
  }

  @Override
  default int compareTo(KeyElement other) {
    return KeyCodec.compare(this, other);
  }
}
