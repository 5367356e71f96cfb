package io.faunus.storage;

import java.util.Iterator;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Upper bounds on the commit time of the newest version of recently read {@link Mvcc} keys, so that reading a
 * key's newest version is an exact RocksDB get at {@code head ~bound} (bloom filters, no iterator) instead of a
 * seek through every memtable and sorted run. Over HTTP a seek into SST files cost a point read about half again
 * its server CPU (docs/benchmarks.md, "The history effect"). A bound that a reader found to be the newest version
 * also keeps that version, and later readers take it from here without RocksDB (each get cost a query 2–4 µs: the
 * document's, and the schema time every query reads; docs/benchmarks.md, "Newest versions kept").
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
 * A get at a bound that finds the version therefore found the newest version of its snapshot.
 *
 * <p>A kept version is <b>the newest version of its key in every snapshot whose view sequence is at least its
 * {@code visibleFrom}</b>: a reader keeps it under the same condition as it inserts a bound (no write began since
 * its view's sequence number, so the version's write had ended before that number was read, and every later
 * snapshot holds it); a write of a newer version turns the entry back into a bare bound before RocksDB makes it
 * visible (a write of an older time leaves it: the newest is unchanged); a deletion of any version of the key
 * removes the entry (the version sweep may delete a tombstone that is a key's newest version). Thread-safe.
 */
public final class NewestVersions {
  /** Bounds kept per column family (each about 100 bytes with its key, plus a kept version's value); beyond it an
   * eighth is dropped. */
  static final int ENTRIES_MAX = 1 << 16;
  /** The kept versions' keys and values, in bytes, at most (both column families); beyond it bounds are bare. */
  static final long KEPT_BYTES_MAX = 32L << 20;
  /** A version larger than this is not kept (a large document is read from RocksDB each time). */
  static final int KEPT_VERSION_BYTES_MAX = 16 << 10;

  /**
   * A key's bound, with the version at it when a reader found that to be the newest ({@code version} null: not
   * known), for snapshots whose view sequence is at least {@code visibleFrom}.
   */
  record Newest(long bound, Version version, long visibleFrom) {
    static Newest bare(long bound) {
      return new Newest(bound, null, Long.MAX_VALUE);
    }
  }

  private final ConcurrentHashMap<ByteKey, Newest>[] bounds;
  /** The bytes of the kept versions (approximately: each entry's change is added as it happens). */
  private final AtomicLong keptBytes = new AtomicLong();
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
    bounds[cf.ordinal()].computeIfPresent(new ByteKey(Mvcc.headOf(versionKey)),
        (k, old) -> tsMicros < old.bound() ? old : replaced(old, Newest.bare(tsMicros)));
  }

  /** Between {@link #beginWrite} and {@link #endWrite}: the version with physical key {@code versionKey} is deleted. */
  void deleted(Cf cf, byte[] versionKey) {
    if (!Mvcc.isVersionKey(versionKey)) return;
    bounds[cf.ordinal()].computeIfPresent(new ByteKey(Mvcc.headOf(versionKey)), (k, old) -> replaced(old, null));
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

    /** The entry of {@code head} in a tracked column family, or null when none is kept. */
    Newest entry(Cf cf, byte[] head) {
      return owner.bounds[cf.ordinal()].get(new ByteKey(head));
    }

    /** The bound of {@code head} in a tracked column family, or -1 when none is kept. */
    long bound(Cf cf, byte[] head) {
      Newest n = entry(cf, head);
      return n == null ? -1 : n.bound();
    }

    /** The newest version in this snapshot of the key of {@code n} when it is kept and at or before {@code tsMicros}, else null. */
    Version kept(Newest n, long tsMicros) {
      return sequence >= 0 && n != null && n.version() != null && n.visibleFrom() <= sequence && n.bound() <= tsMicros
          ? n.version() : null;
    }

    /** {@link #kept(Newest, long)} of {@code head}'s entry. */
    Version kept(Cf cf, byte[] head, long tsMicros) {
      return kept(entry(cf, head), tsMicros);
    }

    /** The newest version of {@code head} this snapshot holds is {@code version} (found by a seek). */
    void offer(Cf cf, byte[] head, Version version) {
      if (sequence < 0) return;
      var map = owner.bounds[cf.ordinal()];
      if (map.size() >= ENTRIES_MAX) owner.trim(map);
      long ts = version.tsMicros();
      map.compute(new ByteKey(head), (k, old) -> {
        if (owner.sequence.get() != sequence) return old; // a write began since the snapshot: it may be newer
        return old == null || old.bound() <= ts ? owner.replaced(old, owner.keeping(version, sequence)) : old;
      });
    }

    /** A get at the bound found {@code version}, the newest of this snapshot: keep it if the bound is unchanged. */
    void found(Cf cf, byte[] head, Version version) {
      if (sequence < 0) return;
      long ts = version.tsMicros();
      owner.bounds[cf.ordinal()].computeIfPresent(new ByteKey(head), (k, old) ->
          owner.sequence.get() == sequence && old.bound() == ts && old.version() == null
              ? owner.replaced(old, owner.keeping(version, sequence)) : old);
    }

    /** A get at {@code bound} found nothing: forget it (if it is still the bound). */
    void drop(Cf cf, byte[] head, long bound) {
      owner.bounds[cf.ordinal()].computeIfPresent(new ByteKey(head), (k, old) -> old.bound() == bound ? owner.replaced(old, null) : old);
    }
  }

  private void trim(ConcurrentHashMap<ByteKey, Newest> map) {
    int drop = ENTRIES_MAX / 8;
    for (Iterator<ByteKey> it = map.keySet().iterator(); it.hasNext() && drop > 0; drop--) {
      map.computeIfPresent(it.next(), (k, old) -> replaced(old, null));
    }
  }

  /** {@code version} as an entry kept for snapshots from {@code visibleFrom} on, or a bare bound beyond the budget. */
  private Newest keeping(Version version, long visibleFrom) {
    long bytes = bytes(version);
    if (bytes > KEPT_VERSION_BYTES_MAX || keptBytes.get() + bytes > KEPT_BYTES_MAX) return Newest.bare(version.tsMicros());
    return new Newest(version.tsMicros(), version, visibleFrom);
  }

  /** Accounts for {@code old} giving way to {@code now} (null: the entry goes) and returns {@code now}. */
  private Newest replaced(Newest old, Newest now) {
    long delta = (now == null ? 0 : bytes(now.version())) - (old == null ? 0 : bytes(old.version()));
    if (delta != 0) keptBytes.addAndGet(delta);
    return now;
  }

  private static long bytes(Version v) {
    return switch (v) {
      case null -> 0;
      case Version.Live l -> l.logicalKey().length + l.value().length;
      case Version.Deleted d -> d.logicalKey().length;
    };
  }

  /** Bytes of the versions kept now (tests). */
  long keptBytes() {
    return keptBytes.get();
  }

  /** Bounds kept now, per column family (tests). */
  int size(Cf cf) {
    return tracks(cf) ? bounds[cf.ordinal()].size() : 0;
  }
}
