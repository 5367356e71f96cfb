package io.faunus.model.doc;

import io.faunus.log.Intent;
import io.faunus.storage.ByteKey;
import io.faunus.storage.Cf;
import io.faunus.storage.Cursor;
import io.faunus.storage.KeyCodec;
import io.faunus.storage.Mvcc;
import io.faunus.storage.Snapshot;
import io.faunus.storage.Version;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NoSuchElementException;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * One query attempt's view of storage: reads at snapshot S (recording the read set), writes buffered in
 * an overlay that later reads and scans of the same query see. {@link #intent()} is what goes to the log.
 * Not thread-safe.
 */
public final class Txn implements AutoCloseable {
  /** Marks a deletion in the overlay. */
  private static final byte[] DELETED = new byte[0];

  private final Snapshot snap;
  private final long snapshotMicros;
  private final Map<Cf, NavigableMap<ByteKey, byte[]>> overlay = new LinkedHashMap<>();
  private final Map<ByteKey, Intent.Read> reads = new LinkedHashMap<>();
  private final Map<ByteKey, Intent.Write> touches = new LinkedHashMap<>();
  /** Per collection partition key: the ids of the documents written, in first-write order (its change log). */
  private final Map<ByteKey, java.util.LinkedHashSet<Long>> changed = new LinkedHashMap<>();
  private boolean changesSchema;
  private final boolean readOnly;
  private long bytesRead;
  private long readCount;
  /** Read ops billed as Fauna counts them (stats-metering §2.2), and the document reads already billed. */
  private long readOps;
  private final java.util.Set<BilledRead> billed = new java.util.HashSet<>();

  /** equals and hashCode written out: the generated ones go through method handles (see ParseCache.Key). */
  private record BilledRead(ByteKey key, long atMicros) {
    @Override
    public boolean equals(Object o) {
      return o instanceof BilledRead b && atMicros == b.atMicros && key.equals(b.key);
    }

    @Override
    public int hashCode() {
      return key.hashCode() * 31 + Long.hashCode(atMicros);
    }
  }

  /** Reads before {@link #beginBilling} (schema lookups) are not billed. */
  private long unbilledBytes;
  private long unbilledReads;
  /** Keys and values in the overlay now (a key written again counts once, with its last value). */
  private long writtenBytes;

  public Txn(Snapshot snap, long snapshotMicros, boolean readOnly) {
    this.snap = snap;
    this.snapshotMicros = snapshotMicros;
    this.readOnly = readOnly;
  }

  public long snapshotMicros() {
    return snapshotMicros;
  }

  public boolean readOnly() {
    return readOnly;
  }

  /** A stored or pending value, read at the snapshot. */
  public record Read(byte[] value, long tsMicros, boolean pending) {}


  /** The value of {@code key} in {@code cf} as this query sees it, or null; records the read. */
  public Read get(Cf cf, byte[] key, String what) {
    return get(cf, key, () -> what);
  }

  /** {@link #get(Cf, byte[], String)}, naming the read only the first time it enters the read set. */
  public Read get(Cf cf, byte[] key, Supplier<String> what) {
    byte[] pending = pending(cf, key);
    if (pending != null) return pending == DELETED ? null : new Read(pending, -1, true);
    reads.computeIfAbsent(new ByteKey(concat(cf, key)), k -> new Intent.Read(cf, key, what.get()));
    return readStored(cf, key, snapshotMicros);
  }

  /** The stored value at an earlier time (for at()); no read-set entry since history is immutable. */
  public Read getAt(Cf cf, byte[] key, long tsMicros) {
    return readStored(cf, key, tsMicros);
  }

  private Read readStored(Cf cf, byte[] key, long ts) {
    boolean memoable = cf == Cf.VERSIONS && ts == snapshotMicros;
    Read r = memoable ? storedReads.get(new ByteKey(key)) : null;
    if (r == null) {
      Version v = Mvcc.readAt(snap, cf, key, ts).orElse(null);
      r = v instanceof Version.Live l ? new Read(l.value(), l.tsMicros(), false) : ABSENT;
      if (memoable) memoize(key, r);
    }
    // Counted as a storage read every time, memoized or not: stats stay what they were before the memo.
    readCount++;
    if (r == ABSENT) return null;
    bytesRead += key.length + r.value().length;
    return r;
  }

  /**
   * Document versions read at the snapshot, by key: the storage snapshot never changes, so the same read
   * answers the same, and a query reads one document several times ({@code Coll.byK(k).first()!.v}: the
   * set's liveness check, {@code !}, {@code .v}). Pending writes are looked up before this (they win).
   * Returning the same {@link Read} object also lets callers keep what they decoded from it.
   */
  private final Map<ByteKey, Read> storedReads = new HashMap<>();
  private long storedReadBytes;
  /** A memoized "no version at the snapshot". */
  private static final Read ABSENT = new Read(new byte[0], -1, false);
  /** Bounds on the memo: a query reading many (up to 8 MiB) documents keeps only the first few alive. */
  static final int MEMO_MAX_ENTRIES = 256;
  static final long MEMO_MAX_BYTES = 4L << 20;

  private void memoize(byte[] key, Read r) {
    long bytes = key.length + r.value().length;
    if (storedReads.size() >= MEMO_MAX_ENTRIES || storedReadBytes + bytes > MEMO_MAX_BYTES) return;
    storedReads.put(new ByteKey(key), r);
    storedReadBytes += bytes;
  }

  /** True when the key was deleted in storage at the snapshot (rather than never written). */
  public boolean deletedAt(Cf cf, byte[] key, long ts) {
    byte[] pending = pending(cf, key);
    if (pending != null) return pending == DELETED;
    return Mvcc.readAt(snap, cf, key, ts).orElse(null) instanceof Version.Deleted;
  }

  public void recordRead(Cf cf, byte[] key, String what) {
    reads.putIfAbsent(new ByteKey(concat(cf, key)), new Intent.Read(cf, key, what));
  }

  public void put(Cf cf, byte[] key, byte[] value) {
    buffer(cf, key, value);
  }

  public void delete(Cf cf, byte[] key) {
    buffer(cf, key, DELETED);
  }

  private void buffer(Cf cf, byte[] key, byte[] value) {
    ByteKey k = new ByteKey(key);
    byte[] old = overlay(cf).put(k, value);
    writtenBytes += (old == null ? key.length : -old.length) + value.length;
    if (writingDocument != null) documentOf.put(k, writingDocument);
  }

  /** The document whose writes are being buffered (version, index entries), or null; see {@link #writeOps}. */
  private ByteKey writingDocument;
  /** Storage key → the document it was written for (keys written for no document are their own group). */
  private final Map<ByteKey, ByteKey> documentOf = new HashMap<>();

  /** Buffers {@code body}'s writes as those of the document stored at {@code documentKey} (write-op billing). */
  public void writingDocument(byte[] documentKey, Runnable body) {
    ByteKey saved = writingDocument;
    writingDocument = new ByteKey(documentKey);
    try {
      body.run();
    } finally {
      writingDocument = saved;
    }
  }

  /**
   * Write ops as Fauna bills them (stats-metering §2.3): the final writes grouped per document (its version and
   * its index entries; several updates of one document in a query are one version), each group
   * {@code ceil(bytes / 1024)}; a write for no document (schema, database records) is a group of its own.
   * Partition touches are bookkeeping and cost nothing. 0 when nothing is written.
   */
  public long writeOps() {
    Map<ByteKey, Long> bytes = new HashMap<>();
    overlay.forEach((cf, m) -> m.forEach((k, v) ->
        bytes.merge(documentOf.getOrDefault(k, k), (long) k.bytes().length + (v == DELETED ? 0 : v.length), Long::sum)));
    long ops = 0;
    for (long b : bytes.values()) ops += Math.max(1, (b + 1023) / 1024);
    return ops;
  }

  /** Bytes of the writes buffered so far, as the intent will count them (without partition touches). */
  public long writtenBytes() {
    return writtenBytes;
  }

  /** Marks a versioned partition (a collection, a schema) as changed by this query. */
  public void touch(byte[] partitionKey) {
    touches.put(new ByteKey(partitionKey), new Intent.Write(Cf.PARTITION_TS, partitionKey, new byte[0]));
  }

  /**
   * Marks an index partition ({@link Keys#partitionTs}) as changed by this query. Only its newest change time
   * is ever asked for (validation), so it is one plain key in {@link Cf#PARTITION_LATEST}, not a new version.
   */
  public void touchIndexPartition(byte[] partitionKey) {
    touches.put(new ByteKey(partitionKey), new Intent.Write(Cf.PARTITION_LATEST, partitionKey, new byte[0]));
  }

  /**
   * Marks a user collection as changed by a write of document {@code docId}: its partition touch carries the
   * ids written, which makes the collection's change log ({@link ChangeLog}).
   */
  public void touchCollection(byte[] collectionKey, long docId) {
    touch(collectionKey);
    changed.computeIfAbsent(new ByteKey(collectionKey), k -> new java.util.LinkedHashSet<>()).add(docId);
  }

  /** Marks the database's schema as changed by this query (its schema version becomes the commit time). */
  public void touchSchema(long db) {
    touch(Keys.schemaTs(db));
    changesSchema = true;
  }

  /** True when this query changes a schema (a collection, function or role definition). */
  public boolean changesSchema() {
    return changesSchema;
  }

  /**
   * A user collection's change-log commits with {@code afterMicros < ts <= upToMicros}, oldest first, at most
   * {@code max} (see {@link ChangeLog#between}); read at those times, whatever the snapshot.
   */
  public List<ChangeLog.Commit> changeLog(long db, long coll, long afterMicros, long upToMicros, int max) {
    List<ChangeLog.Commit> commits = ChangeLog.between(snap, db, coll, afterMicros, upToMicros, max);
    readCount++;
    for (ChangeLog.Commit c : commits) bytesRead += 16 + 8L * c.ids().size();
    return commits;
  }

  /** Storage bytes read so far (stats: storage_bytes_read), since {@link #beginBilling}. */
  public long bytesRead() {
    return bytesRead - unbilledBytes;
  }

  /** Reads from storage so far (point reads and scanned entries), since {@link #beginBilling}. */
  public long reads() {
    return readCount - unbilledReads;
  }

  /** Bytes a document read costs beyond its stored value: its row key (stats-metering §2.2: 14 B). */
  public static final int DOC_KEY_BYTES = 14;

  /**
   * Bills a document read by the query (stats-metering §2.2): one read op per 4 KiB of key and version, at
   * least one (a missing document costs its key); the same document at the same time once per query; a
   * read answered by the query's own writes ({@code pending}) is free.
   */
  public void billDocument(byte[] key, long atMicros, Read r) {
    if (r != null && r.pending()) return;
    if (!billed.add(new BilledRead(new ByteKey(key), atMicros))) return;
    long bytes = DOC_KEY_BYTES + (r == null ? 0 : r.value().length);
    readOps += Math.max(1, (bytes + 4095) / 4096);
  }

  /** Bills read ops of an index or collection page (see {@code db.DocSet}). */
  public void billReadOps(long ops) {
    readOps += ops;
  }

  /** Read ops billed so far (stats: read_ops). */
  public long readOps() {
    return readOps;
  }

  /**
   * What was read so far is the engine's own business (the schema, stats-metering §2.2), not the query's:
   * {@link #reads} and {@link #bytesRead} count from here.
   */
  public void beginBilling() {
    unbilledBytes = bytesRead;
    unbilledReads = readCount;
  }

  public boolean hasWrites() {
    return !touches.isEmpty() || overlay.values().stream().anyMatch(m -> !m.isEmpty());
  }

  /** One entry of a scan: the logical key and its value as this query sees it. */
  public record Entry(byte[] key, byte[] value, long tsMicros, boolean pending) {}

  /**
   * Live entries under {@code prefix} in key order (reversed when asked), stored ones at {@code tsMicros}
   * merged with this query's pending writes (only when reading at the snapshot).
   */
  public Iterator<Entry> scan(Cf cf, byte[] prefix, boolean reverse, long tsMicros) {
    Cursor<Version.Live> stored = Mvcc.scanAt(snap, cf, prefix, tsMicros, reverse);
    NavigableMap<ByteKey, byte[]> pendingInCf = overlay.get(cf);
    if (tsMicros != snapshotMicros || pendingInCf == null || pendingInCf.isEmpty()) {
      return new Merge(stored, java.util.Collections.emptyIterator(), reverse); // nothing to merge (reads only)
    }
    NavigableMap<ByteKey, byte[]> ov = subMap(pendingInCf, prefix);
    if (reverse) ov = ov.descendingMap();
    return new Merge(stored, ov.entrySet().iterator(), reverse);
  }

  private static NavigableMap<ByteKey, byte[]> subMap(NavigableMap<ByteKey, byte[]> m, byte[] prefix) {
    byte[] end = KeyCodec.prefixEnd(prefix);
    return end == null ? m.tailMap(new ByteKey(prefix), true) : m.subMap(new ByteKey(prefix), true, new ByteKey(end), false);
  }

  /** Merges stored entries with overlay entries (overlay wins on equal keys; deletions hide). */
  private final class Merge implements Iterator<Entry> {
    private final Cursor<Version.Live> stored;
    private final Iterator<Map.Entry<ByteKey, byte[]>> pending;
    private final int sign;
    private Version.Live s;
    private Map.Entry<ByteKey, byte[]> p;
    private Entry next;

    Merge(Cursor<Version.Live> stored, Iterator<Map.Entry<ByteKey, byte[]>> pending, boolean reverse) {
      this.stored = stored;
      this.pending = pending;
      this.sign = reverse ? -1 : 1;
      s = stored.hasNext() ? stored.next() : null;
      p = pending.hasNext() ? pending.next() : null;
      advance();
    }

    private void advance() {
      next = null;
      while (next == null && (s != null || p != null)) {
        int c = s == null ? 1 : p == null ? -1 : sign * Arrays.compareUnsigned(s.logicalKey(), p.getKey().bytes());
        if (c < 0) {
          next = new Entry(s.logicalKey(), s.value(), s.tsMicros(), false);
          s = stored.hasNext() ? stored.next() : null;
        } else {
          if (p.getValue() != DELETED) next = new Entry(p.getKey().bytes(), p.getValue(), -1, true);
          if (c == 0) s = stored.hasNext() ? stored.next() : null;
          p = pending.hasNext() ? pending.next() : null;
        }
      }
      if (next == null) stored.close();
    }

    public boolean hasNext() {
      return next != null;
    }

    public Entry next() {
      if (next == null) throw new NoSuchElementException();
      Entry e = next;
      if (!e.pending()) {
        readCount++;
        bytesRead += e.key().length + e.value().length;
      }
      advance();
      return e;
    }
  }

  /** The pending write of {@code key} (or {@link #DELETED}), or null; creates no overlay for a read. */
  private byte[] pending(Cf cf, byte[] key) {
    NavigableMap<ByteKey, byte[]> m = overlay.get(cf);
    return m == null ? null : m.get(new ByteKey(key));
  }

  private NavigableMap<ByteKey, byte[]> overlay(Cf cf) {
    return overlay.computeIfAbsent(cf, c -> new TreeMap<>());
  }

  private static byte[] concat(Cf cf, byte[] key) {
    byte[] out = new byte[key.length + 1];
    out[0] = (byte) cf.ordinal();
    System.arraycopy(key, 0, out, 1, key.length);
    return out;
  }

  /** The effects to order in the log. */
  public Intent intent() {
    List<Intent.Write> writes = new ArrayList<>();
    overlay.forEach((cf, m) -> m.forEach((k, v) -> writes.add(new Intent.Write(cf, k.bytes(), v == DELETED ? null : v))));
    touches.forEach((k, w) -> {
      var ids = changed.get(k);
      writes.add(ids == null ? w : new Intent.Write(w.cf(), w.key(), ChangeLog.encode(List.copyOf(ids))));
    });
    return new Intent(snapshotMicros, List.copyOf(reads.values()), writes);
  }

  @Override
  public void close() {
    snap.close();
  }
}
