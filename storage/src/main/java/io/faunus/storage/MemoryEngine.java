package io.faunus.storage;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

/**
 * The in-memory engine: one {@link ConcurrentSkipListMap} per column family, holding for each key an
 * immutable chain of versions (newest first) stamped with a batch sequence number.
 *
 * <p>Consistency: writers are serialized by a lock; a batch installs all its versions under sequence
 * {@code w = visible + 1} and only then publishes {@code visible = w}. A snapshot is just a sequence
 * number {@code s} and reads, per key, the newest version with {@code seq <= s}; so a snapshot sees a
 * batch entirely or not at all, whatever writers do meanwhile.
 *
 * <p>Memory: chains are trimmed so they keep only what some reader can still need: every version newer
 * than the oldest open snapshot (or than the last published batch) plus the newest one at or below it.
 * Chains are never mutated in place, only replaced, so a reader that already holds a chain is never
 * affected by trimming.
 */
public final class MemoryEngine implements Engine {
  private static final String CHECKPOINT_FILE = "memory-engine.bin";
  private static final long CHECKPOINT_MAGIC = 0x4641554e55534d31L; // "FAUNUSM1"
  private static final int CHECKPOINT_END = 0xFF;

  /** One version of a key; {@code value == null} is a deletion. Immutable. */
  private record Version(long seq, byte[] value, Version older) {}

  /** A key whose chain may hold versions that become garbage once no reader at or below seq remains. */
  private record Pending(Cf cf, byte[] key, long seq) {}

  private final EnumMap<Cf, ConcurrentSkipListMap<byte[], Version>> maps = new EnumMap<>(Cf.class);
  private final ReentrantLock lock = new ReentrantLock();
  private volatile long visibleSeq;
  private volatile boolean closed;
  /** Open snapshot sequence → how many snapshots hold it. Guarded by {@link #lock}. */
  private final TreeMap<Long, Integer> openSnapshots = new TreeMap<>();
  /** In sequence order. Guarded by {@link #lock}. */
  private final ArrayDeque<Pending> pending = new ArrayDeque<>();

  private MemoryEngine() {
    for (Cf cf : Cf.values()) maps.put(cf, new ConcurrentSkipListMap<>(Arrays::compareUnsigned));
  }

  public static MemoryEngine create() {
    return new MemoryEngine();
  }

  /** Loads a directory written by {@link #checkpoint}. */
  public static MemoryEngine open(Path checkpointDir) {
    Path file = checkpointDir.resolve(CHECKPOINT_FILE);
    var engine = new MemoryEngine();
    var crc = new CRC32();
    try (var in = new DataInputStream(new CheckedInputStream(new BufferedInputStream(Files.newInputStream(file)), crc))) {
      if (in.readLong() != CHECKPOINT_MAGIC) throw new StorageException("not a memory engine checkpoint: " + file);
      for (int tag = in.readUnsignedByte(); tag != CHECKPOINT_END; tag = in.readUnsignedByte()) {
        if (tag >= Cf.values().length) throw new StorageException("corrupt checkpoint " + file + ": column family " + tag);
        byte[] key = readChunk(in, Batch.MAX_KEY_BYTES, file);
        byte[] value = readChunk(in, Batch.MAX_VALUE_BYTES, file);
        engine.maps.get(Cf.values()[tag]).put(key, new Version(1, value, null));
      }
      long expected = crc.getValue();
      if (in.readLong() != expected) throw new StorageException("corrupt checkpoint " + file + ": checksum mismatch");
    } catch (IOException e) {
      throw new StorageException("cannot read memory engine checkpoint " + file + ": " + e.getMessage(), e);
    }
    engine.visibleSeq = 1;
    FormatUpgrade.run(engine); // a checkpoint written by an older Faunus
    return engine;
  }

  private static byte[] readChunk(DataInputStream in, int maxBytes, Path file) throws IOException {
    int length = in.readInt();
    if (length < 0 || length > maxBytes) throw new StorageException("corrupt checkpoint " + file + ": length " + length);
    byte[] bytes = in.readNBytes(length);
    if (bytes.length != length) throw new StorageException("truncated checkpoint " + file);
    return bytes;
  }

  @Override
  public byte[] get(Cf cf, byte[] key) {
    ensureOpen();
    // Unregistered read: take the chain first, then the published sequence. The chain was installed by
    // a batch w with every version newer than w - 1's view kept, and the sequence read afterwards is at
    // least w - 1, so the version we need is in the chain we hold.
    Version chain = maps.get(cf).get(key);
    long seq = visibleSeq;
    return copy(visible(chain, seq));
  }

  @Override
  public void write(Batch batch, boolean sync) {
    // sync has nothing to make durable here: a memory engine loses everything with the process anyway.
    lock.lock();
    try {
      ensureOpen();
      long applied = batch.appliedIndex();
      if (applied != NO_APPLIED_INDEX) {
        long current = AppliedIndex.decode(copy(visible(maps.get(Cf.META).get(AppliedIndex.KEY), visibleSeq)));
        if (applied <= current) {
          throw new IllegalStateException("applied index " + applied + " is not after the current " + current);
        }
      }
      long seq = visibleSeq + 1;
      long keepFrom = oldestNeededSeq();
      for (Batch.Op op : batch.ops()) {
        byte[] value = op instanceof Batch.Put put ? put.value() : null;
        install(op.cf(), op.key(), value, seq, keepFrom);
      }
      if (applied != NO_APPLIED_INDEX) install(Cf.META, AppliedIndex.KEY, AppliedIndex.encode(applied), seq, keepFrom);
      visibleSeq = seq; // publication point: the batch becomes visible as a whole
      collectGarbage();
    } finally {
      lock.unlock();
    }
  }

  private void install(Cf cf, byte[] key, byte[] value, long seq, long keepFrom) {
    assert lock.isHeldByCurrentThread();
    var map = maps.get(cf);
    Version head = map.get(key);
    // A second operation on the same key in one batch replaces the first: one version per batch.
    Version base = head != null && head.seq == seq ? head.older : head;
    Version older = trim(base, keepFrom);
    if (value == null && older == null) {
      map.remove(key); // a deletion nobody can see past is the same as absence
      return;
    }
    map.put(key, new Version(seq, value, older));
    if (older != null || value == null) pending.add(new Pending(cf, key, seq));
  }

  /** Drops versions that no open snapshot and no unregistered reader can reach anymore. */
  private void collectGarbage() {
    long keepFrom = oldestNeededSeq();
    while (!pending.isEmpty() && pending.peek().seq <= keepFrom) {
      Pending p = pending.poll();
      var map = maps.get(p.cf);
      Version head = map.get(p.key);
      if (head == null || head.seq != p.seq) continue; // rewritten since; that write queued itself
      Version trimmed = trim(head, keepFrom);
      if (trimmed == null) map.remove(p.key, head);
      else if (trimmed != head) map.put(p.key, trimmed);
    }
  }

  /** The oldest sequence a reader may still read at: the oldest open snapshot, else the published one. */
  private long oldestNeededSeq() {
    assert lock.isHeldByCurrentThread();
    return openSnapshots.isEmpty() ? visibleSeq : Math.min(openSnapshots.firstKey(), visibleSeq);
  }

  /**
   * The chain restricted to versions newer than {@code keepFrom} plus the newest at or below it (unless
   * that one is a deletion, which then shadows nothing). Returns the same chain when nothing is dropped.
   */
  private static Version trim(Version chain, long keepFrom) {
    int keep = 0;
    Version v = chain;
    while (v != null && v.seq > keepFrom) {
      keep++;
      v = v.older;
    }
    boolean keepFloor = v != null && v.value != null;
    if (keepFloor && v.older == null) return chain;
    if (v == null) return chain;
    var kept = new Version[keep + (keepFloor ? 1 : 0)];
    Version u = chain;
    for (int i = 0; i < kept.length; i++, u = u.older) kept[i] = u;
    Version result = null;
    for (int i = kept.length - 1; i >= 0; i--) result = new Version(kept[i].seq, kept[i].value, result);
    return result;
  }

  private static byte[] visible(Version chain, long seq) {
    Version v = chain;
    while (v != null && v.seq > seq) v = v.older;
    return v == null ? null : v.value;
  }

  private static byte[] copy(byte[] value) {
    return value == null ? null : value.clone();
  }

  @Override
  public Snapshot snapshot() {
    lock.lock();
    try {
      ensureOpen();
      long seq = visibleSeq;
      openSnapshots.merge(seq, 1, Integer::sum);
      return new MemorySnapshot(seq);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public long appliedIndex() {
    return AppliedIndex.decode(get(Cf.META, AppliedIndex.KEY));
  }

  @Override
  public void checkpoint(Path dir) {
    if (Files.exists(dir)) throw new StorageException("checkpoint directory already exists: " + dir);
    try (Snapshot snapshot = snapshot()) {
      Files.createDirectories(dir);
      Path temp = dir.resolve(CHECKPOINT_FILE + ".tmp");
      var crc = new CRC32();
      try (var out = new DataOutputStream(new CheckedOutputStream(new BufferedOutputStream(Files.newOutputStream(temp)), crc))) {
        out.writeLong(CHECKPOINT_MAGIC);
        for (Cf cf : Cf.values()) {
          try (Cursor<Entry> cursor = snapshot.iterate(cf, null, null, false)) {
            while (cursor.hasNext()) {
              Entry e = cursor.next();
              out.writeByte(cf.ordinal());
              out.writeInt(e.key().length);
              out.write(e.key());
              out.writeInt(e.value().length);
              out.write(e.value());
            }
          }
        }
        out.writeByte(CHECKPOINT_END);
        out.flush();
        out.writeLong(crc.getValue());
      }
      Files.move(temp, dir.resolve(CHECKPOINT_FILE), StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new StorageException("cannot write memory engine checkpoint to " + dir + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    lock.lock();
    try {
      closed = true;
      for (var map : maps.values()) map.clear();
      openSnapshots.clear();
      pending.clear();
    } finally {
      lock.unlock();
    }
  }

  /** Versions held across all keys, for tests of trimming. */
  long versionCount() {
    long n = 0;
    for (var map : maps.values()) {
      for (Version v : map.values()) for (; v != null; v = v.older) n++;
    }
    return n;
  }

  private void ensureOpen() {
    if (closed) throw new IllegalStateException("storage engine is closed");
  }

  private final class MemorySnapshot implements Snapshot {
    private final long seq;
    private volatile boolean snapshotClosed;

    MemorySnapshot(long seq) { this.seq = seq; }

    @Override
    public byte[] get(Cf cf, byte[] key) {
      ensureUsable();
      return copy(visible(maps.get(cf).get(key), seq));
    }

    @Override
    public Cursor<Entry> iterate(Cf cf, byte[] fromInclusive, byte[] toExclusive, boolean reverse) {
      ensureUsable();
      ConcurrentNavigableMap<byte[], Version> range = maps.get(cf);
      if (fromInclusive != null && toExclusive != null && Arrays.compareUnsigned(fromInclusive, toExclusive) >= 0) {
        range = range.subMap(fromInclusive, true, fromInclusive, false); // empty; subMap rejects from > to
      } else if (fromInclusive != null && toExclusive != null) {
        range = range.subMap(fromInclusive, true, toExclusive, false);
      } else if (fromInclusive != null) {
        range = range.tailMap(fromInclusive, true);
      } else if (toExclusive != null) {
        range = range.headMap(toExclusive, false);
      }
      if (reverse) range = range.descendingMap();
      return new MemoryCursor(range.entrySet().iterator());
    }

    @Override
    public void close() {
      lock.lock();
      try {
        if (snapshotClosed) return;
        snapshotClosed = true;
        if (closed) return;
        int holders = openSnapshots.get(seq);
        if (holders == 1) openSnapshots.remove(seq);
        else openSnapshots.put(seq, holders - 1);
      } finally {
        lock.unlock();
      }
    }

    private void ensureUsable() {
      ensureOpen();
      if (snapshotClosed) throw new IllegalStateException("snapshot is closed");
    }

    /**
     * Walks the live map (weakly consistent) and filters by sequence: keys added after the snapshot
     * carry only newer versions and are skipped, keys removed since were invisible to it anyway.
     */
    private final class MemoryCursor implements Cursor<Entry> {
      private final Iterator<Map.Entry<byte[], Version>> entries;
      private Entry next;
      private boolean cursorClosed;

      MemoryCursor(Iterator<Map.Entry<byte[], Version>> entries) { this.entries = entries; }

      @Override
      public boolean hasNext() {
        ensureUsable();
        if (cursorClosed) throw new IllegalStateException("cursor is closed");
        while (next == null && entries.hasNext()) {
          var e = entries.next();
          byte[] value = visible(e.getValue(), seq);
          if (value != null) next = new Entry(e.getKey().clone(), value.clone());
        }
        return next != null;
      }

      @Override
      public Entry next() {
        if (!hasNext()) throw new NoSuchElementException();
        Entry e = next;
        next = null;
        return e;
      }

      @Override
      public void close() { cursorClosed = true; }
    }
  }
}
