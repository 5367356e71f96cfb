package io.faunus.storage;

import java.util.Iterator;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Upper bounds on the commit time of the newest version of recently read {@link Mvcc} keys, so that reading a
 * key's newest version is an exact RocksDB get at {@code head ~bound} (bloom filters, no iterator) instead of a
 * seek through every memtable and sorted run. Over HTTP a seek into SST files cost a point read about half again
 * its server CPU (docs/benchmarks.md, "The history effect").
 *
 * <p>The invariant: <b>a present bound is at least the time of every version of its key written so far</b>. It
 * holds because
 * <ul>
 *   <li>a writer announces its write ({@link #beginWrite}: the sequence number turns odd) and then raises every
 *       present bound of a key it writes, all before RocksDB makes the write visible; it never inserts a bound
 *       (a write may carry an old time: an index build, a restore);
 *   <li>a reader inserts a bound only for the newest version its snapshot holds, and only if no write began since
 *       just before it took the snapshot (the sequence number it read then was even and is unchanged), checked
 *       atomically with the insertion for that key, which the writer's raise of the same key waits for;
 *   <li>removing a bound is always safe (an absent bound means a seek), so bounds are dropped freely: when a get
 *       at the bound finds nothing (the version was written after the reader's snapshot, or deleted), and to stay
 *       within {@link #ENTRIES_MAX} per column family.
 * </ul>
 * A get at a bound that finds the version therefore found the newest version of its snapshot. Thread-safe.
 */
public final class NewestVersions {
  /** Bounds kept per column family (each about 100 bytes with its key); beyond it an eighth is dropped. */
  static final int ENTRIES_MAX = 1 << 16;

  private final ConcurrentHashMap<ByteKey, Long>[] bounds;
  /** Even between writes, odd while one is being applied ({@link RocksEngine#write} serializes writes). */
  private final AtomicLong sequence = new AtomicLong();

  @SuppressWarnings("unchecked")
  NewestVersions() {
    bounds = new ConcurrentHashMap[Cf.values().length];
    for (Cf cf : Cf.values()) if (tracks(cf)) bounds[cf.ordinal()] = new ConcurrentHashMap<>();
  }

  /** Documents and the partition times read by point reads (a query's schema time); not index entries. */
  static boolean tracks(Cf cf) {
    return cf == Cf.VERSIONS || cf == Cf.PARTITION_TS;
  }

  /** Before a write's bounds are raised. */
  void beginWrite() {
    long s = sequence.incrementAndGet();
    assert (s & 1) == 1 : "writes do not overlap";
  }

  /** After the write is visible, or failed. */
  void endWrite() {
    long s = sequence.incrementAndGet();
    assert (s & 1) == 0 : "writes do not overlap";
  }

  /** Between {@link #beginWrite} and {@link #endWrite}: the version with physical key {@code versionKey} is written. */
  void raise(Cf cf, byte[] versionKey) {
    long tsMicros = Mvcc.isVersionKey(versionKey) ? Mvcc.uncheckedTsOf(versionKey) : -1;
    if (tsMicros < 0) return; // not a version key (only Mvcc's readers use the bounds)
    // No shortcut for an empty map: an offer may be inserting this key right now, and computeIfPresent waits for
    // it (the offer read the sequence number before this write began, so its bound must be raised too).
    bounds[cf.ordinal()].computeIfPresent(new ByteKey(Mvcc.headOf(versionKey)), (k, old) -> Math.max(old, tsMicros));
  }

  /** For a snapshot about to be taken: what it must present when it offers a bound (see {@link View}). */
  View view() {
    long s = sequence.get();
    return new View(this, (s & 1) == 0 ? s : -1);
  }

  /**
   * One snapshot's access to the bounds. {@code sequence} is the sequence number read just before the snapshot
   * was taken, or -1 when a write was in progress then (such a snapshot never inserts a bound).
   */
  public static final class View {
    private final NewestVersions owner;
    private final long sequence;

    private View(NewestVersions owner, long sequence) {
      this.owner = owner;
      this.sequence = sequence;
    }

    /** The bound of {@code head} in a tracked column family, or -1 when none is kept. */
    long bound(Cf cf, byte[] head) {
      Long b = owner.bounds[cf.ordinal()].get(new ByteKey(head));
      return b == null ? -1 : b;
    }

    /** The newest version of {@code head} this snapshot holds is at {@code tsMicros}. */
    void offer(Cf cf, byte[] head, long tsMicros) {
      if (sequence < 0) return;
      var map = owner.bounds[cf.ordinal()];
      if (map.size() >= ENTRIES_MAX) trim(map);
      map.compute(new ByteKey(head), (k, old) -> {
        if (owner.sequence.get() != sequence) return old; // a write began since the snapshot: it may be newer
        return old == null ? tsMicros : Math.max(old, tsMicros);
      });
    }

    /** A get at {@code bound} found nothing: forget it (if it is still the bound). */
    void drop(Cf cf, byte[] head, long bound) {
      owner.bounds[cf.ordinal()].remove(new ByteKey(head), bound);
    }
  }

  private static void trim(ConcurrentHashMap<ByteKey, Long> map) {
    int drop = ENTRIES_MAX / 8;
    for (Iterator<ByteKey> it = map.keySet().iterator(); it.hasNext() && drop > 0; drop--) {
      it.next();
      it.remove();
    }
  }

  /** Bounds kept now, per column family (tests). */
  int size(Cf cf) {
    return tracks(cf) ? bounds[cf.ordinal()].size() : 0;
  }
}
