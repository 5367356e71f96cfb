package io.faunus.storage;

import java.util.Arrays;
import java.util.HexFormat;

/** A key/value pair read from a snapshot. The arrays are fresh copies owned by the caller. */
public record Entry(byte[] key, byte[] value) {
  @Override public boolean equals(Object o) {
    return o instanceof Entry e && Arrays.equals(key, e.key) && Arrays.equals(value, e.value);
  }

  @Override public int hashCode() { return 31 * Arrays.hashCode(key) + Arrays.hashCode(value); }

  @Override public String toString() {
    return "Entry[" + HexFormat.of().formatHex(key) + " = " + HexFormat.of().formatHex(value) + "]";
  }
}
