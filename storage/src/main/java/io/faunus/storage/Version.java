package io.faunus.storage;

import java.util.HexFormat;

/** One version of a logical key read through {@link Mvcc}: a value, or a deletion (tombstone). */
public sealed interface Version permits Version.Live, Version.Deleted {
  byte[] logicalKey();

  long tsMicros();

  record Live(byte[] logicalKey, long tsMicros, byte[] value) implements Version {
    @Override public String toString() {
      return "Live[" + HexFormat.of().formatHex(logicalKey) + " @" + tsMicros + " = " + HexFormat.of().formatHex(value) + "]";
    }
  }

  record Deleted(byte[] logicalKey, long tsMicros) implements Version {
    @Override public String toString() {
      return "Deleted[" + HexFormat.of().formatHex(logicalKey) + " @" + tsMicros + "]";
    }
  }
}
