package io.faunus.storage;

import java.util.ArrayDeque;
import org.rocksdb.AbstractEventListener;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.CompactionJobInfo;
import org.rocksdb.FlushJobInfo;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;

/**
 * Scan iterators kept between snapshots: a snapshot's first forward scan of a column family takes an idle one and
 * re-points it at its own snapshot ({@link RocksIterator#refresh(org.rocksdb.Snapshot)}) instead of building one
 * (read options, then a merging iterator over every memtable and sorted run), and its release gives it back. An
 * index lookup is one short scan, and building and freeing its iterator was about a third of its RocksDB time
 * after the seek (docs/benchmarks.md, "Three runs, and the sweeper's bursts").
 *
 * <p>An idle iterator holds the memtables and SST files of the moment it was last re-pointed. So every idle one is
 * closed when a flush or compaction completes ({@link #listener}): it would have been rebuilt by its next refresh
 * anyway (RocksDB rebuilds a refreshed iterator whose column family changed), and nothing stays pinned past the
 * background job that replaced it. Thread-safe.
 */
final class ScanIterators implements AutoCloseable {
  /** Idle iterators kept per column family; more are closed when given back. */
  static final int IDLE_PER_CF_MAX = 8;
  /** System property: true keeps no iterator (every snapshot builds its own, as before; A/B measurements). */
  static final String OFF_PROPERTY = "faunus.rocksdb.noKeptScanIterators";

  private final boolean keep = !Boolean.getBoolean(OFF_PROPERTY);

  /** An iterator and the read options it was built with, which must outlive it. */
  record Scan(RocksIterator iterator, ReadOptions options) {
    void close() {
      iterator.close();
      options.close();
    }
  }

  @SuppressWarnings("unchecked")
  private final ArrayDeque<Scan>[] idle = new ArrayDeque[Cf.values().length];
  private boolean closed; // guarded by this

  ScanIterators() {
    for (int i = 0; i < idle.length; i++) idle[i] = new ArrayDeque<>(IDLE_PER_CF_MAX);
  }

  /** An iterator over {@code cf} reading at {@code snapshot}: an idle one re-pointed, or a new one. */
  Scan take(RocksDB db, ColumnFamilyHandle handle, Cf cf, org.rocksdb.Snapshot snapshot, long skipMax) {
    Scan kept;
    synchronized (this) {
      kept = idle[cf.ordinal()].pollFirst();
    }
    if (kept != null) {
      try {
        kept.iterator().refresh(snapshot);
        return kept;
      } catch (RocksDBException e) {
        kept.close(); // build a new one instead
      }
    }
    // unbounded, so total order (a prefix-mode iterator serves one prefix only)
    var options = new ReadOptions().setSnapshot(snapshot).setTotalOrderSeek(true).setMaxSkippableInternalKeys(skipMax);
    return new Scan(db.newIterator(handle, options), options);
  }

  /** Keeps {@code scan} for a later snapshot, or closes it when enough are kept or the engine is closing. */
  void give(Cf cf, Scan scan) {
    synchronized (this) {
      ArrayDeque<Scan> kept = idle[cf.ordinal()];
      if (keep && !closed && kept.size() < IDLE_PER_CF_MAX) {
        kept.addFirst(scan);
        return;
      }
    }
    scan.close();
  }

  /** Closes every idle iterator. */
  void clear() {
    ArrayDeque<Scan> dropped = new ArrayDeque<>();
    synchronized (this) {
      for (ArrayDeque<Scan> kept : idle) {
        dropped.addAll(kept);
        kept.clear();
      }
    }
    for (Scan s : dropped) s.close();
  }

  /** Idle iterators now (tests). */
  synchronized int idle() {
    int n = 0;
    for (ArrayDeque<Scan> kept : idle) n += kept.size();
    return n;
  }

  /** Empties the pool when a flush or compaction completes (see the class comment); runs on RocksDB's threads. */
  AbstractEventListener listener() {
    return new AbstractEventListener(AbstractEventListener.EnabledEventCallback.ON_FLUSH_COMPLETED,
        AbstractEventListener.EnabledEventCallback.ON_COMPACTION_COMPLETED) {
      @Override
      public void onFlushCompleted(RocksDB db, FlushJobInfo info) {
        clear();
      }

      @Override
      public void onCompactionCompleted(RocksDB db, CompactionJobInfo info) {
        clear();
      }
    };
  }

  /** Keeps nothing from now on; the engine closes this before the database. */
  @Override
  public void close() {
    synchronized (this) {
      closed = true;
    }
    clear();
  }
}
