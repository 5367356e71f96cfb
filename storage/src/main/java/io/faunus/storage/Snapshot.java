package io.faunus.storage;

/**
 * A consistent, read-only, point-in-time view of every column family. Must be closed: an open snapshot
 * pins old data in both engines. Safe to use from several threads; its cursors are not.
 */
public interface Snapshot extends AutoCloseable {
  /** The value at this snapshot, or {@code null} when absent. */
  byte[] get(Cf cf, byte[] key);

  /**
   * Entries with {@code fromInclusive <= key < toExclusive} in unsigned byte order, ascending or (when
   * {@code reverse}) descending. A {@code null} bound is unbounded. Nothing is materialized up front.
   */
  Cursor<Entry> iterate(Cf cf, byte[] fromInclusive, byte[] toExclusive, boolean reverse);

  /**
   * The first entry with {@code fromInclusive <= key < toExclusive} (unsigned byte order), or null: a point
   * read (the newest version of a key at a time is one seek). An engine may serve it without opening a
   * cursor per call.
   */
  default Entry first(Cf cf, byte[] fromInclusive, byte[] toExclusive) {
    try (Cursor<Entry> c = iterate(cf, fromInclusive, toExclusive, false)) {
      return c.hasNext() ? c.next() : null;
    }
  }

  /** Entries whose key starts with {@code prefix}. */
  default Cursor<Entry> scanPrefix(Cf cf, byte[] prefix, boolean reverse) {
    return iterate(cf, prefix, KeyCodec.prefixEnd(prefix), reverse);
  }

  /**
   * Bounds on the newest version times of {@link Mvcc} keys as this snapshot may use them ({@link NewestVersions}),
   * or null when the engine keeps none: its point reads of a key's newest version are then plain seeks.
   */
  default NewestVersions.View newest() {
    return null;
  }

  /** The applied log position this snapshot reflects, or {@link Engine#NO_APPLIED_INDEX}. */
  default long appliedIndex() {
    return AppliedIndex.decode(get(Cf.META, AppliedIndex.KEY));
  }

  @Override
  void close();
}
