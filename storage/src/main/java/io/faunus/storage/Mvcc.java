package io.faunus.storage;

import java.util.Arrays;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Multi-version keys on top of an {@link Engine}: every write of a logical key at commit time T adds a
 * version, and a reader at time T sees the newest version at or before T.
 *
 * <p>Physical key: {@code escape(logicalKey) 0x00 0x00 ~T}, where escape turns 0x00 into 0x00 0xFF
 * (as {@link KeyCodec} does for strings) and {@code ~T} is the 8-byte big-endian complement of T. The
 * escaped, terminated logical key is prefix-free, so the versions of one logical key are contiguous and
 * never interleave with another key that merely extends it (for instance the tuple {@code (a)} and
 * {@code (a, b)}); logical keys keep their unsigned byte order; within a key versions run newest
 * first, so "newest at or before T" is a single seek to {@code escape(key) 00 00 ~T}.
 *
 * <p>Physical value: one marker byte (1 = value, 0 = tombstone) then the value, so an empty value and a
 * deletion stay distinct. Logical keys are opaque bytes; callers build them with {@link KeyCodec}.
 */
public final class Mvcc {
  private static final int TS_BYTES = Long.BYTES;
  private static final int TERMINATOR_BYTES = 2;
  private static final byte LIVE = 1;
  private static final byte DELETED = 0;

  private Mvcc() {}

  public static void putVersion(Batch batch, Cf cf, byte[] logicalKey, long tsMicros, byte[] value) {
    byte[] stored = new byte[value.length + 1];
    stored[0] = LIVE;
    System.arraycopy(value, 0, stored, 1, value.length);
    batch.putOwned(checkCf(cf), versionKey(keyHead(logicalKey), checkTs(tsMicros)), stored);
  }

  public static void putTombstone(Batch batch, Cf cf, byte[] logicalKey, long tsMicros) {
    batch.putOwned(checkCf(cf), versionKey(keyHead(logicalKey), checkTs(tsMicros)), new byte[] {DELETED});
  }

  /** The newest version at or before {@code tsMicros}, tombstones included; empty if there is none. */
  public static Optional<Version> readAt(Snapshot snapshot, Cf cf, byte[] logicalKey, long tsMicros) {
    byte[] head = keyHead(logicalKey);
    byte[] end = KeyCodec.prefixEnd(head);
    checkTs(tsMicros);
    NewestVersions.View newest = NewestVersions.tracks(checkCf(cf)) ? snapshot.newest() : null;
    if (newest != null) {
      NewestVersions.Newest entry = newest.entry(cf, head); // one lookup for the kept version and the bound
      Version kept = newest.kept(entry, tsMicros);
      if (kept != null) return Optional.of(kept);
      long bound = entry == null ? -1 : entry.bound();
      if (bound >= 0 && bound <= tsMicros) {
        // The bound is at least the newest version's time: if its version is in this snapshot, it is the newest.
        byte[] key = versionKey(head, bound);
        byte[] value = snapshot.get(cf, key);
        if (value != null) {
          Version found = decode(new Entry(key, value));
          newest.found(cf, head, found);
          return Optional.of(found);
        }
        newest.drop(cf, head, bound); // written after this snapshot, or deleted since: a seek finds out
      }
      if (bound < 0 || bound <= tsMicros) {
        // From the newest version of the key, which becomes its bound; usually also the answer.
        Entry top = snapshot.first(cf, head, end);
        if (top == null) return Optional.empty();
        Version topVersion = decode(top);
        newest.offer(cf, head, topVersion);
        if (topVersion.tsMicros() <= tsMicros) return Optional.of(topVersion);
      }
    }
    Entry e = snapshot.first(cf, versionKey(head, tsMicros), end);
    return e == null ? Optional.empty() : Optional.of(decode(e));
  }

  /**
   * The time of the newest version of the key, whatever it is (value or tombstone), for optimistic
   * validation: "was this key written after my snapshot?".
   */
  public static OptionalLong latestTs(Snapshot snapshot, Cf cf, byte[] logicalKey) {
    try (var c = snapshot.scanPrefix(checkCf(cf), keyHead(logicalKey), false)) {
      return c.hasNext() ? OptionalLong.of(tsOf(c.next().key())) : OptionalLong.empty();
    }
  }

  /**
   * Whether the key has a version (value or tombstone) newer than {@code afterMicros}: optimistic validation.
   * Answered from the key's newest-version bound when that is old enough ({@link NewestVersions}).
   */
  public static boolean writtenAfter(Snapshot snapshot, Cf cf, byte[] logicalKey, long afterMicros) {
    NewestVersions.View newest = NewestVersions.tracks(checkCf(cf)) ? snapshot.newest() : null;
    if (newest != null) {
      long bound = newest.bound(cf, keyHead(logicalKey));
      if (bound >= 0 && bound <= afterMicros) return false;
    }
    OptionalLong latest = latestTs(snapshot, cf, logicalKey);
    return latest.isPresent() && latest.getAsLong() > afterMicros;
  }

  /** Every stored version of the key, newest first. */
  public static Cursor<Version> history(Snapshot snapshot, Cf cf, byte[] logicalKey) {
    var entries = snapshot.scanPrefix(checkCf(cf), keyHead(logicalKey), false);
    return new DerivedCursor<>(entries) {
      @Override Version computeNext() {
        return entries.hasNext() ? decode(entries.next()) : null;
      }
    };
  }

  /**
   * The versions of the key with {@code afterMicros < ts <= upToMicros}, tombstones included, oldest first:
   * one seek, then only the versions in the window are stepped over.
   */
  public static Cursor<Version> historyBetween(Snapshot snapshot, Cf cf, byte[] logicalKey, long afterMicros,
                                               long upToMicros) {
    byte[] head = keyHead(logicalKey);
    if (upToMicros <= afterMicros || upToMicros < 0) return emptyCursor();
    // Newest first in key order, so the window [~upTo, ~after) is walked backwards for ascending times.
    byte[] from = versionKey(head, checkTs(upToMicros));
    byte[] to = afterMicros < 0 ? KeyCodec.prefixEnd(head) : versionKey(head, afterMicros);
    var entries = snapshot.iterate(checkCf(cf), from, to, true);
    return new DerivedCursor<>(entries) {
      @Override Version computeNext() {
        return entries.hasNext() ? decode(entries.next()) : null;
      }
    };
  }

  private static <T> Cursor<T> emptyCursor() {
    return new Cursor<>() {
      @Override public boolean hasNext() { return false; }
      @Override public T next() { throw new NoSuchElementException(); }
      @Override public void close() {}
    };
  }

  /**
   * The distinct logical keys starting with {@code logicalPrefix}, in key order (descending when
   * {@code reverse}), each with its newest version at or before {@code tsMicros}; keys deleted at that
   * time are skipped. Lazy: cost is proportional to the versions stepped over, not the range size.
   */
  public static Cursor<Version.Live> scanAt(Snapshot snapshot, Cf cf, byte[] logicalPrefix, long tsMicros, boolean reverse) {
    checkTs(tsMicros);
    var entries = snapshot.scanPrefix(checkCf(cf), escapedPrefix(logicalPrefix), reverse);
    return reverse ? new ReverseScan(entries, tsMicros) : new ForwardScan(entries, tsMicros);
  }

  /**
   * Stages into {@code batch} the deletion of versions nobody reading at or after {@code cutoffMicros}
   * can see: for each logical key under the prefix, everything older than its newest version at or
   * before the cutoff, and that version too when it is a tombstone. Reads at any time at or after the
   * cutoff answer the same afterwards; reads before it are outside retention. Stops after {@code maxDeletes}
   * deletions (one more when that ends a key whose floor is a tombstone); call again (on a fresh snapshot) until it
   * returns 0.
   *
   * @return the number of deletions staged
   */
  public static int collectGarbage(Snapshot snapshot, Batch batch, Cf cf, byte[] logicalPrefix, long cutoffMicros, int maxDeletes) {
    return collectGarbage(snapshot, batch, cf, logicalPrefix, null, cutoffMicros, maxDeletes, Integer.MAX_VALUE).deleted();
  }

  /**
   * What a bounded pass of garbage collection did: {@code deleted} deletions staged, and where the next pass over
   * the same prefix goes on ({@code resumeAt}, a physical key), or null when this one reached the prefix's end.
   */
  public record Swept(int deleted, byte[] resumeAt) {}

  /**
   * As {@link #collectGarbage(Snapshot, Batch, Cf, byte[], long, int)}, one bounded step of a walk over the prefix:
   * starts at {@code resumeAt} (null: the prefix's start), and stops before the first logical key it reaches after
   * reading {@code maxScanned} entries, or as soon as it has staged {@code maxDeletes} deletions; the next step
   * starts at that key's head (before its newest version, also one written since). A step therefore reads about {@code maxScanned}
   * entries however large the store, and a walk never skips a key. A key's tombstone floor is deleted only in the
   * step that reaches the end of the key, with everything older: deleted alone, the next step would take the older
   * live version for the floor and keep it, and readers at the cutoff would see the document again.
   */
  public static Swept collectGarbage(Snapshot snapshot, Batch batch, Cf cf, byte[] logicalPrefix, byte[] resumeAt,
                                     long cutoffMicros, int maxDeletes, int maxScanned) {
    checkTs(cutoffMicros);
    if (maxDeletes <= 0) throw new IllegalArgumentException("maxDeletes must be positive: " + maxDeletes);
    if (maxScanned <= 0) throw new IllegalArgumentException("maxScanned must be positive: " + maxScanned);
    byte[] prefix = escapedPrefix(logicalPrefix);
    assert resumeAt == null || Arrays.compareUnsigned(resumeAt, prefix) >= 0 : "a resumed walk stays in its prefix";
    int deleted = 0, scanned = 0;
    byte[] group = null;
    boolean floorSeen = false;
    byte[] floorTombstone = null; // deleted only once the key's older versions are: at the end of the key
    try (var c = snapshot.iterate(checkCf(cf), resumeAt == null ? prefix : resumeAt, KeyCodec.prefixEnd(prefix), false)) {
      while (c.hasNext()) {
        Entry e = c.next();
        if (group == null || !sameKey(group, e.key())) {
          if (floorTombstone != null) { // the previous key was judged whole
            batch.delete(cf, floorTombstone);
            deleted++;
            floorTombstone = null;
          }
          group = headOf(e.key());
          // its head sorts before every version of the key, also one written since
          if (deleted >= maxDeletes || scanned >= maxScanned) return new Swept(deleted, group);
          floorSeen = false;
        } else if (deleted >= maxDeletes) {
          return new Swept(deleted, group); // within a key: its tombstone floor, if any, still shadows the rest
        }
        scanned++;
        if (tsOf(e.key()) > cutoffMicros) continue;
        boolean isFloor = !floorSeen;
        floorSeen = true;
        if (isFloor) {
          if (e.value()[0] != LIVE) floorTombstone = e.key();
          continue;
        }
        batch.delete(cf, e.key());
        deleted++;
      }
    }
    if (floorTombstone != null) {
      batch.delete(cf, floorTombstone);
      deleted++;
    }
    return new Swept(deleted, null);
  }

  /** The escaped logical key with its terminator: the common prefix of all its versions. */
  private static byte[] keyHead(byte[] logicalKey) {
    return KeyCodec.escapeTerminated(logicalKey);
  }

  /** Escaped without terminator: every logical key extending the prefix has a head extending this. */
  static byte[] escapedPrefix(byte[] logicalPrefix) {
    byte[] head = KeyCodec.escapeTerminated(logicalPrefix);
    return Arrays.copyOf(head, head.length - TERMINATOR_BYTES);
  }

  static byte[] versionKey(byte[] head, long tsMicros) {
    byte[] key = Arrays.copyOf(head, head.length + TS_BYTES);
    long inverted = ~tsMicros;
    for (int i = 0; i < TS_BYTES; i++) key[head.length + i] = (byte) (inverted >>> (56 - 8 * i));
    return key;
  }

  /** Long enough to be {@code head ~ts} (whether it is one is the writer's business). */
  static boolean isVersionKey(byte[] key) {
    return key.length >= TERMINATOR_BYTES + TS_BYTES;
  }

  static long tsOf(byte[] versionKey) {
    long ts = uncheckedTsOf(versionKey);
    if (ts < 0) throw new StorageException("corrupt version key: negative timestamp");
    return ts;
  }

  /** The time a version key ends with; negative when the key is not a version key. */
  static long uncheckedTsOf(byte[] versionKey) {
    long inverted = 0;
    for (int i = versionKey.length - TS_BYTES; i < versionKey.length; i++) inverted = inverted << 8 | (versionKey[i] & 0xFF);
    return ~inverted;
  }

  static byte[] headOf(byte[] versionKey) {
    return Arrays.copyOf(versionKey, versionKey.length - TS_BYTES);
  }

  static boolean sameKey(byte[] head, byte[] versionKey) {
    return Arrays.equals(head, 0, head.length, versionKey, 0, versionKey.length - TS_BYTES);
  }

  static Version decode(Entry e) {
    byte[] key = e.key();
    if (key.length < TERMINATOR_BYTES + TS_BYTES) throw new StorageException("corrupt version key: too short");
    byte[] logicalKey = KeyCodec.unescapeTerminated(key, 0, key.length - TS_BYTES);
    long ts = tsOf(key);
    byte[] v = e.value();
    if (v.length == 0) throw new StorageException("corrupt version value: empty");
    return switch (v[0]) {
      case LIVE -> new Version.Live(logicalKey, ts, Arrays.copyOfRange(v, 1, v.length));
      case DELETED -> {
        if (v.length != 1) throw new StorageException("corrupt tombstone: " + v.length + " bytes");
        yield new Version.Deleted(logicalKey, ts);
      }
      default -> throw new StorageException("corrupt version value: marker " + v[0]);
    };
  }

  private static long checkTs(long tsMicros) {
    // ~ts must sort descending as unsigned bytes, which holds only for non-negative times
    if (tsMicros < 0) throw new IllegalArgumentException("timestamp must be >= 0 microseconds: " + tsMicros);
    return tsMicros;
  }

  private static Cf checkCf(Cf cf) {
    if (!cf.versioned()) throw new IllegalArgumentException(cf + " holds plain keys, not versions");
    return cf;
  }

  /** A cursor computed from an entry cursor, one element ahead; closing it closes the source. */
  private abstract static class DerivedCursor<T> implements Cursor<T> {
    private final Cursor<Entry> source;
    private T next;

    DerivedCursor(Cursor<Entry> source) { this.source = source; }

    /** The next element, or null when the source is exhausted. */
    abstract T computeNext();

    @Override public final boolean hasNext() {
      if (next == null) next = computeNext();
      return next != null;
    }

    @Override public final T next() {
      if (!hasNext()) throw new NoSuchElementException();
      T t = next;
      next = null;
      return t;
    }

    @Override public final void close() { source.close(); }
  }

  /** Versions arrive newest first: the first one at or before T decides the key, the rest are skipped. */
  private static final class ForwardScan extends DerivedCursor<Version.Live> {
    private final Cursor<Entry> entries;
    private final long tsMicros;
    private byte[] decided;

    ForwardScan(Cursor<Entry> entries, long tsMicros) {
      super(entries);
      this.entries = entries;
      this.tsMicros = tsMicros;
    }

    @Override Version.Live computeNext() {
      while (entries.hasNext()) {
        Entry e = entries.next();
        if (decided != null && sameKey(decided, e.key())) continue;
        if (tsOf(e.key()) > tsMicros) continue;
        decided = headOf(e.key());
        if (decode(e) instanceof Version.Live live) return live;
      }
      return null;
    }
  }

  /**
   * Versions arrive oldest first: the last one at or before T seen before the key changes decides it,
   * which needs one entry of look-ahead.
   */
  private static final class ReverseScan extends DerivedCursor<Version.Live> {
    private final Cursor<Entry> entries;
    private final long tsMicros;
    private Entry lookahead;

    ReverseScan(Cursor<Entry> entries, long tsMicros) {
      super(entries);
      this.entries = entries;
      this.tsMicros = tsMicros;
    }

    @Override Version.Live computeNext() {
      for (;;) {
        if (lookahead == null) {
          if (!entries.hasNext()) return null;
          lookahead = entries.next();
        }
        byte[] head = headOf(lookahead.key());
        Entry floor = null;
        while (lookahead != null && sameKey(head, lookahead.key())) {
          if (tsOf(lookahead.key()) <= tsMicros) floor = lookahead;
          lookahead = entries.hasNext() ? entries.next() : null;
        }
        if (floor != null && decode(floor) instanceof Version.Live live) return live;
      }
    }
  }
}
