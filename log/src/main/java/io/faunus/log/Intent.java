package io.faunus.log;

import io.faunus.storage.Cf;
import java.util.List;

/**
 * The effects of one read-write query, as handed to the log (architecture: the log carries effects, not
 * queries). Applying it is deterministic: validate that no key in {@code reads} changed after
 * {@code snapshotMicros}, then write every entry of {@code writes} as a version at the commit time the
 * log assigns ({@link Applier}).
 */
public record Intent(long snapshotMicros, List<Read> reads, List<Write> writes) {
  public Intent {
    reads = List.copyOf(reads);
    writes = List.copyOf(writes);
  }

  /** A key whose newest version must not be newer than the snapshot; {@code what} names it in errors. */
  public record Read(Cf cf, byte[] key, String what) {}

  /** A new version of key; {@code value} null is a deletion. */
  public record Write(Cf cf, byte[] key, byte[] value) {}

  public long sizeBytes() {
    long n = 0;
    for (Write w : writes) n += w.key().length + (w.value() == null ? 0 : w.value().length);
    return n;
  }
}
