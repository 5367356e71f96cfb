package io.faunus.storage;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.Checkpoint;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.InfoLogLevel;
import org.rocksdb.LRUCache;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * The durable engine: one RocksDB database with a column family per {@link Cf}, the write-ahead log on.
 * Because every column family shares that one WAL, a {@link WriteBatch} spanning them recovers
 * atomically after a crash without atomic_flush.
 *
 * <p>Native handles are freed by {@link #close()}; a read/write lock makes close wait for calls in
 * flight and makes later calls fail with {@link IllegalStateException} instead of crashing the JVM on a
 * freed handle.
 */
public final class RocksEngine implements Engine {
  /**
   * Tuning, sized by default for a small (2-core) machine.
   *
   * @param blockCacheBytes shared LRU cache for uncompressed blocks
   * @param writeBufferBytes memtable size per column family; the memtables of all column families together are
   *     held to {@link #MEMTABLES_PER_BUDGET} times it (RocksDB's {@code db_write_buffer_size}: past it, the largest
   *     is flushed)
   * @param backgroundJobs flush and compaction threads
   * @param maxWalBytes total WAL size that forces flushes of column families holding old WAL files
   * @param prefixBloomBytes length of the key prefix the versioned column families' bloom filters hold, so point
   *     reads skip SST files without the key ({@link PrefixBloom}); 0 keeps whole-key filters only
   */
  public record Options(long blockCacheBytes, long writeBufferBytes, int backgroundJobs, long maxWalBytes,
                        int prefixBloomBytes) {
    /** System property overriding {@link #prefixBloomBytes} of {@link #defaults()}, for A/B measurements. */
    public static final String PREFIX_BLOOM_PROPERTY = "faunus.rocksdb.prefixBloomBytes";
    /** System property: true leaves whole keys out of the versioned column families' filters (A/B measurements). */
    public static final String NO_WHOLE_KEY_FILTERS_PROPERTY = "faunus.rocksdb.noWholeKeyFilters";
    /**
     * System property: the share of each memtable's size given to its bloom filter (RocksDB's
     * {@code memtable_prefix_bloom_size_ratio}); 0 turns memtable filters off (A/B measurements).
     */
    public static final String MEMTABLE_BLOOM_RATIO_PROPERTY = "faunus.rocksdb.memtableBloomRatio";
    /** System property: how many obsolete WAL files are kept to be overwritten; 0 deletes them (A/B measurements). */
    public static final String RECYCLED_WAL_FILES_PROPERTY = "faunus.rocksdb.recycledWalFiles";
    /** The memtable budget of the whole database, in units of {@link #writeBufferBytes}. */
    public static final int MEMTABLES_PER_BUDGET = 4;

    public Options {
      if (blockCacheBytes <= 0 || writeBufferBytes <= 0 || backgroundJobs <= 0 || maxWalBytes <= 0) {
        throw new IllegalArgumentException("RocksEngine options must be positive: " + this);
      }
      if (prefixBloomBytes < 0 || prefixBloomBytes > PrefixBloom.MAX_BYTES) {
        throw new IllegalArgumentException("prefixBloomBytes must be 0 (off) to " + PrefixBloom.MAX_BYTES + ": " + this);
      }
    }

    public Options(long blockCacheBytes, long writeBufferBytes, int backgroundJobs, long maxWalBytes) {
      this(blockCacheBytes, writeBufferBytes, backgroundJobs, maxWalBytes, PrefixBloom.DEFAULT_BYTES);
    }

    public static Options defaults() {
      // 64 MiB memtables (RocksDB's default; 16 MiB before): a point read of a document still in a memtable costs
      // about half the server CPU of one in SST files over HTTP, and fewer flushes mean less compaction
      // (docs/benchmarks.md, "The history effect"). All of them together stay within 256 MiB.
      return new Options(64L << 20, 64L << 20, 2, 128L << 20,
          Integer.getInteger(PREFIX_BLOOM_PROPERTY, PrefixBloom.DEFAULT_BYTES));
    }

    public Options withPrefixBloomBytes(int bytes) {
      return new Options(blockCacheBytes, writeBufferBytes, backgroundJobs, maxWalBytes, bytes);
    }

    public Options withBlockCacheBytes(long bytes) {
      return new Options(bytes, writeBufferBytes, backgroundJobs, maxWalBytes, prefixBloomBytes);
    }
  }

  private static final String DEFAULT_CF = "default";
  static final long REUSED_BATCH_MAX_BYTES = 4L << 20;

  private final Path dir;
  private final RocksDB db;
  private final EnumMap<Cf, ColumnFamilyHandle> handles;
  /** Everything native that is closed after the database, in reverse order of creation. */
  private final Deque<AutoCloseable> owned;
  private final WriteOptions syncWrite;
  private final WriteOptions asyncWrite;
  /**
   * One native batch reused by writes of up to {@link #REUSED_BATCH_MAX_BYTES} (cleared after each, under
   * {@link #writeLock}): a new {@code WriteBatch} per commit group cost a native allocation and free on the
   * sequencer's thread. Larger batches (imports, index builds) get their own, so that a cleared batch, which
   * keeps its buffer, never pins hundreds of MiB.
   */
  private final WriteBatch writeBatch;
  private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
  /** Serializes writes so the applied-index check and update are one step. */
  private final ReentrantLock writeLock = new ReentrantLock();
  private final Set<RocksSnapshot> openSnapshots = ConcurrentHashMap.newKeySet();
  /** Scan iterators kept between snapshots, re-pointed instead of built (see {@link ScanIterators}). */
  private final ScanIterators scanPool;
  /** Newest-version bounds of recently read keys: point reads as gets (see {@link NewestVersions}). */
  private final NewestVersions newest = new NewestVersions();
  /** {@link Options#prefixBloomBytes}: 0, or the prefix length of the versioned column families' extractor. */
  private final int prefixBloomBytes;
  private volatile long appliedIndex;
  private boolean closed; // guarded by lifecycle

  private RocksEngine(Path dir, RocksDB db, EnumMap<Cf, ColumnFamilyHandle> handles, Deque<AutoCloseable> owned,
                      int prefixBloomBytes, ScanIterators scanPool) {
    this.dir = dir;
    this.scanPool = scanPool;
    this.prefixBloomBytes = prefixBloomBytes;
    this.db = db;
    this.handles = handles;
    this.owned = owned;
    this.syncWrite = own(new WriteOptions().setSync(true));
    this.asyncWrite = own(new WriteOptions());
    this.writeBatch = own(new WriteBatch());
  }

  public static RocksEngine open(Path dir) {
    return open(dir, Options.defaults());
  }

  /** Opens or creates the database in {@code dir}; column families are created on first open. */
  public static RocksEngine open(Path dir, Options options) {
    return open(dir, options, null);
  }

  /** With RocksDB's statistics counted into {@code statistics} (tests of this package read its tickers). */
  static RocksEngine open(Path dir, Options options, org.rocksdb.Statistics statistics) {
    RocksDB.loadLibrary();
    Deque<AutoCloseable> owned = new ArrayDeque<>();
    var cfHandles = new ArrayList<ColumnFamilyHandle>();
    RocksDB db = null;
    try {
      Files.createDirectories(dir);
      var cache = push(owned, new LRUCache(options.blockCacheBytes()));
      var bloom = push(owned, new BloomFilter(10));
      var plainCf = push(owned, columnFamilyOptions(options, new BlockBasedTableConfig().setBlockCache(cache).setFilterPolicy(bloom)));
      var versionedCf = plainCf;
      if (options.prefixBloomBytes() != PrefixBloom.OFF) {
        // Filters of prefixes for seeks (a key's versions share its prefix) and of whole keys for gets: a point
        // read of a newest version is a get of the exact version key (NewestVersions), and with prefixes alone it
        // searched every SST file holding any version of the document (after updates, most of them). RocksDB
        // keeps reading older SST files, whose filters hold other things, with what their filter offers (it
        // records the extractor and the filter's contents in each file).
        var table = new BlockBasedTableConfig().setBlockCache(cache).setFilterPolicy(bloom)
            .setWholeKeyFiltering(!Boolean.getBoolean(Options.NO_WHOLE_KEY_FILTERS_PROPERTY));
        versionedCf = push(owned, columnFamilyOptions(options, table).useFixedLengthPrefixExtractor(options.prefixBloomBytes()));
      }
      var dbOptions = push(owned, new DBOptions()
          .setCreateIfMissing(true)
          .setCreateMissingColumnFamilies(true)
          .setMaxBackgroundJobs(options.backgroundJobs())
          .setMaxTotalWalSize(options.maxWalBytes())
          .setDbWriteBufferSize(options.writeBufferBytes() * Options.MEMTABLES_PER_BUDGET)
          .setBytesPerSync(1L << 20)
          .setKeepLogFileNum(4)
          .setRecycleLogFileNum(Integer.getInteger(Options.RECYCLED_WAL_FILES_PROPERTY, RECYCLED_WAL_FILES))
          .setInfoLogLevel(InfoLogLevel.WARN_LEVEL));
      if (statistics != null) dbOptions.setStatistics(statistics);
      var scanPool = new ScanIterators();
      dbOptions.setListeners(List.of(push(owned, scanPool.listener())));
      var descriptors = new ArrayList<ColumnFamilyDescriptor>();
      descriptors.add(new ColumnFamilyDescriptor(DEFAULT_CF.getBytes(), plainCf));
      for (Cf cf : Cf.values()) {
        descriptors.add(new ColumnFamilyDescriptor(cf.rocksName().getBytes(), cf.versioned() ? versionedCf : plainCf));
      }
      db = RocksDB.open(dbOptions, dir.toString(), descriptors, cfHandles);
      var handles = new EnumMap<Cf, ColumnFamilyHandle>(Cf.class);
      for (Cf cf : Cf.values()) handles.put(cf, cfHandles.get(cf.ordinal() + 1));
      var engine = new RocksEngine(dir, db, handles, owned, options.prefixBloomBytes(), scanPool);
      // the default column family stays unused, but RocksDB insists on opening it
      engine.own(cfHandles.get(0));
      engine.appliedIndex = AppliedIndex.decode(db.get(handles.get(Cf.META), AppliedIndex.KEY));
      try {
        FormatUpgrade.run(engine); // before anyone reads: a directory written by an older Faunus
      } catch (RuntimeException e) {
        engine.close();
        throw e;
      }
      return engine;
    } catch (RocksDBException | java.io.IOException | RuntimeException e) {
      for (ColumnFamilyHandle h : cfHandles) h.close();
      if (db != null) db.close();
      closeAll(owned);
      String hint = e.getMessage() != null && e.getMessage().contains("lock") ? " (is another process using it?)" : "";
      throw new StorageException("cannot open RocksDB data directory " + dir + ": " + e.getMessage() + hint, e);
    }
  }

  /**
   * Memtable filters of whole keys (and of prefixes where an extractor is set): a get, or a prefix-mode seek, skips
   * a memtable that cannot hold its key instead of searching its skip list. With 64 MiB memtables a search is about
   * twenty cache misses, and a point read of a document that has left the memtables searched both of its column
   * family's (docs/benchmarks.md, "Memtable filters"). 2% of a memtable is about 10 bits per key at ~100-byte
   * entries; writes pay a few hashes per key.
   */
  static final double MEMTABLE_BLOOM_RATIO = 0.02;

  /**
   * Obsolete WAL files kept and overwritten by the next ones instead of deleted. A synced append to a file that
   * grows also writes its inode (the new size) on every commit; overwriting a recycled file in place writes the
   * data alone: on this project's ext4 a synced commit cost 75-89 µs of CPU and 167-202 µs of wall time in a new
   * file, 49-63 and 115-141 in a recycled one (medians of two {@code bench/WalSyncBench} runs, docs/benchmarks.md
   * "Recycled WAL files, and a lone write on the event loop"). Each
   * record names its file's number, so recovery stops at the old file's leftovers; RocksDB fixed the
   * point-in-time-recovery hole with recycled files in 9.x (PR #12403; we recover in that mode, the default).
   * Costs the disk of two WAL files (at most {@code maxWalBytes} each).
   */
  static final int RECYCLED_WAL_FILES = 2;

  private static ColumnFamilyOptions columnFamilyOptions(Options options, BlockBasedTableConfig table) {
    double memtableBloom = Double.parseDouble(
        System.getProperty(Options.MEMTABLE_BLOOM_RATIO_PROPERTY, Double.toString(MEMTABLE_BLOOM_RATIO)));
    return new ColumnFamilyOptions()
        .setTableFormatConfig(table)
        .setMemtablePrefixBloomSizeRatio(memtableBloom)
        .setMemtableWholeKeyFiltering(memtableBloom > 0)
        .setWriteBufferSize(options.writeBufferBytes())
        .setMaxWriteBufferNumber(2)
        .setCompressionType(CompressionType.LZ4_COMPRESSION)
        .setLevelCompactionDynamicLevelBytes(true);
  }

  private static <T extends AutoCloseable> T push(Deque<AutoCloseable> owned, T resource) {
    owned.push(resource);
    return resource;
  }

  private <T extends AutoCloseable> T own(T resource) {
    return push(owned, resource);
  }

  @Override
  public byte[] get(Cf cf, byte[] key) {
    enter();
    try {
      return db.get(handles.get(cf), key);
    } catch (RocksDBException e) {
      throw failure("get", e);
    } finally {
      exit();
    }
  }

  @Override
  public void write(Batch batch, boolean sync) {
    enter();
    writeLock.lock();
    WriteBatch wb = batch.sizeBytes() <= REUSED_BATCH_MAX_BYTES ? writeBatch : new WriteBatch();
    newest.beginWrite(); // under the write lock: writes alternate with even sequence numbers
    try {
      long applied = batch.appliedIndex();
      if (applied != NO_APPLIED_INDEX && applied <= appliedIndex) {
        throw new IllegalStateException("applied index " + applied + " is not after the current " + appliedIndex);
      }
      for (Batch.Op op : batch.ops()) {
        switch (op) {
          case Batch.Put p -> {
            wb.put(handles.get(p.cf()), p.key(), p.value());
            if (NewestVersions.tracks(p.cf())) newest.raise(p.cf(), p.key());
          }
          case Batch.Delete d -> {
            wb.delete(handles.get(d.cf()), d.key());
            if (NewestVersions.tracks(d.cf())) newest.deleted(d.cf(), d.key()); // a kept version may be this one
          }
        }
      }
      if (applied != NO_APPLIED_INDEX) wb.put(handles.get(Cf.META), AppliedIndex.KEY, AppliedIndex.encode(applied));
      db.write(sync ? syncWrite : asyncWrite, wb);
      if (applied != NO_APPLIED_INDEX) appliedIndex = applied;
    } catch (RocksDBException e) {
      throw failure("write", e);
    } finally {
      newest.endWrite(); // before the lock: the next write's begin must find it even
      try {
        if (wb == writeBatch) wb.clear(); // also after a failure: the next write must not carry this one's ops
        else wb.close();
      } finally {
        writeLock.unlock();
      }
      exit();
    }
  }

  @Override
  public Snapshot snapshot() {
    enter();
    try {
      var snapshot = new RocksSnapshot();
      openSnapshots.add(snapshot);
      return snapshot;
    } finally {
      exit();
    }
  }

  @Override
  public long appliedIndex() {
    enter();
    try {
      return appliedIndex;
    } finally {
      exit();
    }
  }

  /** RocksDB properties of each column family, summed: what docs/operations.md lists as faunus_rocksdb_*. */
  static final List<String> PER_COLUMN_FAMILY = List.of("rocksdb.estimate-num-keys", "rocksdb.total-sst-files-size",
      "rocksdb.live-sst-files-size", "rocksdb.cur-size-all-mem-tables", "rocksdb.num-immutable-mem-table",
      "rocksdb.estimate-pending-compaction-bytes");
  /** RocksDB properties of the whole database (summing them per column family would count them six times). */
  static final List<String> PER_DATABASE = List.of("rocksdb.num-running-compactions", "rocksdb.num-running-flushes",
      "rocksdb.actual-delayed-write-rate", "rocksdb.is-write-stopped");

  @Override
  public java.util.Map<String, Long> properties() {
    if (!tryEnter()) return java.util.Map.of();
    try {
      var out = new java.util.LinkedHashMap<String, Long>();
      for (String p : PER_COLUMN_FAMILY) {
        long sum = 0;
        for (ColumnFamilyHandle h : handles.values()) sum += db.getLongProperty(h, p);
        out.put(p, sum);
      }
      for (String p : PER_DATABASE) out.put(p, db.getLongProperty(p));
      return out;
    } catch (RocksDBException e) {
      throw failure("read properties", e);
    } finally {
      exit();
    }
  }

  /** A RocksDB property of one column family as text, e.g. {@code rocksdb.levelstats} (files per level). */
  public String property(Cf cf, String name) {
    enter();
    try {
      return db.getProperty(handles.get(cf), name);
    } catch (RocksDBException e) {
      throw failure("read property " + name, e);
    } finally {
      exit();
    }
  }

  /**
   * Writes every memtable to an SST file and, with {@code compact}, compacts each column family's whole key range,
   * waiting for both. For tests and benchmarks that need data in SST files or in the bottom level.
   */
  public void flush(boolean compact) {
    enter();
    try (var flush = new org.rocksdb.FlushOptions().setWaitForFlush(true)) {
      for (ColumnFamilyHandle h : handles.values()) {
        db.flush(flush, h);
        if (compact) db.compactRange(h);
      }
    } catch (RocksDBException e) {
      throw failure(compact ? "flush and compact" : "flush", e);
    } finally {
      exit();
    }
  }

  /** Scan iterators kept for later snapshots now (tests). */
  int idleScanIterators() {
    return scanPool.idle();
  }

  @Override
  public void checkpoint(Path target) {
    if (Files.exists(target)) throw new StorageException("checkpoint directory already exists: " + target);
    enter();
    try (var checkpoint = Checkpoint.create(db)) {
      checkpoint.createCheckpoint(target.toString());
    } catch (RocksDBException e) {
      throw failure("checkpoint to " + target, e);
    } finally {
      exit();
    }
  }

  @Override
  public void close() {
    lifecycle.writeLock().lock();
    try {
      if (closed) return;
      closed = true;
      for (RocksSnapshot s : List.copyOf(openSnapshots)) s.release();
      openSnapshots.clear();
      scanPool.close(); // its iterators before the database
      StorageException failure = null;
      try {
        db.syncWal(); // writes made with sync=false survive a clean shutdown even if the OS crashes later
      } catch (RocksDBException e) {
        failure = failure("sync WAL on close", e);
      }
      for (ColumnFamilyHandle h : handles.values()) h.close();
      db.close();
      closeAll(owned);
      if (failure != null) throw failure;
    } finally {
      lifecycle.writeLock().unlock();
    }
  }

  private static void closeAll(Deque<AutoCloseable> resources) {
    while (!resources.isEmpty()) {
      try {
        resources.pop().close();
      } catch (Exception e) {
        throw new StorageException("cannot release RocksDB resource: " + e.getMessage(), e);
      }
    }
  }

  private void enter() {
    if (!tryEnter()) throw new IllegalStateException("storage engine is closed: " + dir);
  }

  /** Takes the lifecycle read lock unless the engine is closed; pair with {@link #exit()} when true. */
  private boolean tryEnter() {
    lifecycle.readLock().lock();
    if (closed) {
      lifecycle.readLock().unlock();
      return false;
    }
    return true;
  }

  private void exit() {
    lifecycle.readLock().unlock();
  }

  private StorageException failure(String what, RocksDBException e) {
    return new StorageException("RocksDB " + what + " failed in " + dir + ": " + e.getMessage(), e);
  }

  private final class RocksSnapshot implements Snapshot {
    private final org.rocksdb.Snapshot snapshot;
    /**
     * Gets and prefix-mode point iterators. With a prefix extractor configured, RocksDB's default iterator is in
     * prefix mode, whose answers past the seek key's prefix are undefined: it serves only ranges within one prefix.
     */
    private final ReadOptions readOptions;
    private final Set<RocksCursor> cursors = ConcurrentHashMap.newKeySet();
    /**
     * Point reads ({@link #first}) re-seek one unbounded iterator per column family, kept until the snapshot is
     * released: building an iterator (read options, bound slices, a merging iterator over every memtable and
     * level) cost more than the seek itself, and a query does several point reads (schema, key, documents).
     * Guarded by this snapshot's monitor, as {@link #release} is.
     */
    private final RocksIterator[] pointIterators = new RocksIterator[Cf.values().length];
    /**
     * The same, in prefix mode, for point reads whose range lies within one prefix ({@link PrefixBloom}): their
     * seeks skip SST files whose prefix filter rules the key out. Created on first use; guarded by this monitor.
     */
    private final RocksIterator[] prefixIterators = new RocksIterator[Cf.values().length];
    /**
     * Total-order point iterators when a prefix extractor is configured (else {@link #readOptions}, already total
     * order). Created on first use, so that a query whose reads all qualify for prefix mode (the root database's
     * documents) pays for one native ReadOptions per snapshot, as before prefix filters.
     */
    private ReadOptions totalOrderOptions;
    /**
     * Forward scans borrow one unbounded iterator per column family ({@link LentCursor}), one scan at a time,
     * for the same reason: an index lookup is one short scan, and building its iterator cost more than the
     * scan. Their read options give up after {@link #SCAN_SKIP_MAX} hidden keys, so a scan never walks far
     * past its range over deletion markers (the bound a fresh cursor sets); it then continues on a bounded
     * {@link RocksCursor}. Taken from the engine's {@link ScanIterators} on first use and given back on release;
     * guarded by this snapshot's monitor.
     */
    private final ScanIterators.Scan[] scans = new ScanIterators.Scan[Cf.values().length];
    private final boolean[] scanLent = new boolean[Cf.values().length];
    private volatile boolean released;

    /** Read before the native snapshot is taken, so that an offer can tell whether a write began since. */
    private final NewestVersions.View newestView = newest.view();

    RocksSnapshot() {
      snapshot = db.getSnapshot();
      readOptions = new ReadOptions().setSnapshot(snapshot);
    }

    @Override
    public byte[] get(Cf cf, byte[] key) {
      enterSnapshot();
      try {
        return db.get(handles.get(cf), readOptions, key);
      } catch (RocksDBException e) {
        throw failure("snapshot get", e);
      } finally {
        exit();
      }
    }

    @Override
    public NewestVersions.View newest() {
      return newestView;
    }

    @Override
    public Cursor<Entry> iterate(Cf cf, byte[] fromInclusive, byte[] toExclusive, boolean reverse) {
      enterSnapshot();
      try {
        if (!reverse) {
          RocksIterator lent = lend(cf);
          if (lent != null) return new LentCursor(this, cf, lent, fromInclusive, toExclusive);
        }
        return bounded(cf, fromInclusive, toExclusive, reverse);
      } finally {
        exit();
      }
    }

    /** A cursor with its own iterator and bounds. Caller holds the lifecycle lock. */
    RocksCursor bounded(Cf cf, byte[] fromInclusive, byte[] toExclusive, boolean reverse) {
      var cursor = new RocksCursor(this, cf, fromInclusive, toExclusive, reverse);
      cursors.add(cursor);
      return cursor;
    }

    /** The column family's scan iterator if no other scan holds it, else null. */
    private synchronized RocksIterator lend(Cf cf) {
      if (released) throw new IllegalStateException("snapshot is closed");
      int i = cf.ordinal();
      if (scanLent[i]) return null;
      if (scans[i] == null) scans[i] = scanPool.take(db, handles.get(cf), cf, snapshot, SCAN_SKIP_MAX);
      scanLent[i] = true;
      return scans[i].iterator();
    }

    synchronized void giveBack(Cf cf) {
      scanLent[cf.ordinal()] = false;
    }

    @Override
    public Entry first(Cf cf, byte[] fromInclusive, byte[] toExclusive) {
      enterSnapshot();
      try {
        synchronized (this) {
          if (released) throw new IllegalStateException("snapshot is closed");
          RocksIterator it = pointIterator(cf, fromInclusive, toExclusive);
          if (fromInclusive == null) it.seekToFirst();
          else it.seek(fromInclusive);
          if (!it.isValid()) {
            it.status(); // exhausted or failed; tell them apart
            return null;
          }
          byte[] key = it.key();
          if (toExclusive != null && Arrays.compareUnsigned(key, toExclusive) >= 0) return null;
          return new Entry(key, it.value());
        }
      } catch (RocksDBException e) {
        throw failure("point read", e);
      } finally {
        exit();
      }
    }

    /** The reused iterator for a point read of {@code [from, to)}: in prefix mode when the range allows it. */
    private RocksIterator pointIterator(Cf cf, byte[] from, byte[] to) {
      int i = cf.ordinal();
      if (cf.versioned() && PrefixBloom.withinOnePrefix(from, to, prefixBloomBytes)) {
        if (prefixIterators[i] == null) prefixIterators[i] = db.newIterator(handles.get(cf), readOptions);
        return prefixIterators[i];
      }
      if (totalOrderOptions == null) {
        totalOrderOptions = prefixBloomBytes == PrefixBloom.OFF ? readOptions
            : new ReadOptions().setSnapshot(snapshot).setTotalOrderSeek(true);
      }
      if (pointIterators[i] == null) pointIterators[i] = db.newIterator(handles.get(cf), totalOrderOptions);
      return pointIterators[i];
    }

    @Override
    public void close() {
      if (!tryEnter()) return; // the engine's close already released it
      try {
        release();
        openSnapshots.remove(this);
      } finally {
        exit();
      }
    }

    /** Frees the native snapshot and its cursors; idempotent. Caller holds the lifecycle lock. */
    synchronized void release() {
      if (released) return;
      released = true;
      for (RocksCursor c : List.copyOf(cursors)) c.release();
      cursors.clear();
      for (int i = 0; i < pointIterators.length; i++) {
        if (pointIterators[i] != null) pointIterators[i].close();
        pointIterators[i] = null;
        if (scans[i] != null) { // one still lent to an open cursor is not given to another snapshot
          if (scanLent[i]) scans[i].close();
          else scanPool.give(Cf.values()[i], scans[i]);
        }
        scans[i] = null;
        if (prefixIterators[i] != null) prefixIterators[i].close();
        prefixIterators[i] = null;
      }
      if (totalOrderOptions != null && totalOrderOptions != readOptions) totalOrderOptions.close();
      readOptions.close();
      db.releaseSnapshot(snapshot);
    }

    private void enterSnapshot() {
      enter();
      if (released) {
        exit();
        throw new IllegalStateException("snapshot is closed");
      }
    }
  }

  /**
   * Hidden keys (deletion markers, versions newer than the snapshot) a lent scan iterator steps over before it
   * gives up and the scan continues on a bounded cursor: past its range, an unbounded iterator would walk
   * every deletion marker up to the next live key.
   */
  static final long SCAN_SKIP_MAX = 256;
  /** How often a lent scan went on bounded (tests check that the path runs). */
  static final java.util.concurrent.atomic.LongAdder LENT_SCAN_FALLBACKS = new java.util.concurrent.atomic.LongAdder();

  /**
   * A forward scan on its snapshot's lent iterator ({@link RocksSnapshot#lend}): seeks the start, checks the
   * end itself, and when RocksDB reports too many hidden keys skipped ({@code Incomplete}) goes on from the
   * key after the last one it returned with a bounded {@link RocksCursor}. Closing gives the iterator back.
   */
  private final class LentCursor implements Cursor<Entry> {
    private final RocksSnapshot owner;
    private final Cf cf;
    private final RocksIterator iterator;
    private final byte[] from;
    private final byte[] to;
    private byte[] peeked; // the iterator's current key while it is in range and not yet returned
    private byte[] lastReturned;
    private RocksCursor fallback;
    private boolean done;
    private boolean closed;

    LentCursor(RocksSnapshot owner, Cf cf, RocksIterator iterator, byte[] fromInclusive, byte[] toExclusive) {
      this.owner = owner;
      this.cf = cf;
      this.iterator = iterator;
      this.from = fromInclusive;
      this.to = toExclusive;
      if (fromInclusive == null) iterator.seekToFirst();
      else iterator.seek(fromInclusive);
    }

    @Override
    public boolean hasNext() {
      if (fallback != null) return fallback.hasNext();
      enterCursor(); // first, so a closed snapshot or engine fails every call, as a bounded cursor does
      try {
        if (done) return false;
        if (peeked != null) return true;
        if (iterator.isValid()) {
          byte[] key = iterator.key();
          if (to != null && Arrays.compareUnsigned(key, to) >= 0) {
            done = true;
            return false;
          }
          peeked = key;
          return true;
        }
        try {
          iterator.status(); // exhausted, failed, or gave up after SCAN_SKIP_MAX hidden keys
        } catch (RocksDBException e) {
          if (e.getStatus() == null || e.getStatus().getCode() != org.rocksdb.Status.Code.Incomplete) throw failure("iterate", e);
          LENT_SCAN_FALLBACKS.increment();
          fallback = owner.bounded(cf, lastReturned == null ? from : successor(lastReturned), to, false);
          return fallback.hasNext();
        }
        done = true;
        return false;
      } finally {
        exit();
      }
    }

    @Override
    public Entry next() {
      if (!hasNext()) throw new NoSuchElementException();
      if (fallback != null) return fallback.next();
      enterCursor();
      try {
        var entry = new Entry(peeked, iterator.value());
        lastReturned = peeked;
        peeked = null;
        iterator.next();
        return entry;
      } finally {
        exit();
      }
    }

    @Override
    public void close() {
      if (closed) return;
      closed = true;
      if (fallback != null) fallback.close();
      if (!tryEnter()) return;
      try {
        owner.giveBack(cf);
      } finally {
        exit();
      }
    }

    private void enterCursor() {
      enter();
      if (closed || owner.released) {
        exit();
        throw new IllegalStateException(closed ? "cursor is closed" : "snapshot is closed");
      }
    }
  }

  /** The smallest key after {@code key} in unsigned byte order. */
  private static byte[] successor(byte[] key) {
    return Arrays.copyOf(key, key.length + 1);
  }

  /**
   * Bounds go into the ReadOptions (iterate_lower_bound / iterate_upper_bound) so RocksDB stops at
   * the range end instead of scanning deletion markers past it.
   */
  private final class RocksCursor implements Cursor<Entry> {
    private final RocksSnapshot owner;
    private final ReadOptions options;
    private final Slice lower;
    private final Slice upper;
    private final RocksIterator iterator;
    private final boolean reverse;
    private boolean released;

    RocksCursor(RocksSnapshot owner, Cf cf, byte[] fromInclusive, byte[] toExclusive, boolean reverse) {
      this.owner = owner;
      this.reverse = reverse;
      // Auto prefix mode: RocksDB consults prefix filters only when both bounds lie within one prefix, and is in
      // total order otherwise (no upper bound, a range across keys), so answers never depend on the extractor.
      options = new ReadOptions().setSnapshot(owner.snapshot).setAutoPrefixMode(true);
      lower = fromInclusive == null ? null : new Slice(fromInclusive);
      upper = toExclusive == null ? null : new Slice(toExclusive);
      if (lower != null) options.setIterateLowerBound(lower);
      if (upper != null) options.setIterateUpperBound(upper);
      iterator = db.newIterator(handles.get(cf), options);
      if (reverse) iterator.seekToLast();
      else iterator.seekToFirst();
    }

    @Override
    public boolean hasNext() {
      enterCursor();
      try {
        if (iterator.isValid()) return true;
        iterator.status(); // an invalid iterator is either exhausted or failed; tell them apart
        return false;
      } catch (RocksDBException e) {
        throw failure("iterate", e);
      } finally {
        exit();
      }
    }

    @Override
    public Entry next() {
      if (!hasNext()) throw new NoSuchElementException();
      enterCursor();
      try {
        var entry = new Entry(iterator.key(), iterator.value());
        if (reverse) iterator.prev();
        else iterator.next();
        return entry;
      } finally {
        exit();
      }
    }

    @Override
    public void close() {
      if (!tryEnter()) return;
      try {
        release();
        owner.cursors.remove(this);
      } finally {
        exit();
      }
    }

    synchronized void release() {
      if (released) return;
      released = true;
      iterator.close();
      options.close();
      if (lower != null) lower.close();
      if (upper != null) upper.close();
    }

    private void enterCursor() {
      enter();
      if (released) {
        exit();
        throw new IllegalStateException("cursor is closed");
      }
    }
  }
}
