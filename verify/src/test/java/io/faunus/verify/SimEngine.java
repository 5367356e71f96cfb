package io.faunus.verify;

import io.faunus.storage.Batch;
import io.faunus.storage.Cf;
import io.faunus.storage.Engine;
import io.faunus.storage.MemoryEngine;
import io.faunus.storage.Snapshot;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A replica's store in the simulation, with RocksDB's crash semantics: every batch is atomic and visible at
 * once, a synced batch survives a crash, and a crash keeps only a prefix of the batches written since the
 * last sync (the write-ahead log reaches the disk in order; a torn last record is dropped whole on
 * recovery, as RocksDB's checksums do). A crash can also hit inside a write ({@link #crashOnWrite}): that
 * batch never becomes visible and never survives.
 */
final class SimEngine implements Engine {
  /** Thrown from {@link #write} when the simulated process dies in the middle of writing. */
  static final class Crash extends RuntimeException {
    Crash() {
      super("simulated crash during a batch write", null, false, false);
    }
  }

  private final MemoryEngine live = MemoryEngine.create();
  /** Every batch made visible, in order; the first {@link #synced} are durable. */
  private final List<Batch> written = new ArrayList<>();
  private int synced;
  /** Writes left before the simulated process dies inside one; negative: none armed. */
  private int crashAfterWrites = -1;
  /**
   * Told first when the process dies inside a write, before {@link Crash} unwinds through the code that
   * called {@link #write}: that code belongs to a dead process, and nothing it does afterwards (such as
   * failing its waiters with the exception) may reach a client. Null: the caller handles {@link Crash}.
   */
  private Runnable onCrash;

  /** Sets what happens first when the process dies inside a write (see {@link #onCrash}). */
  void onCrash(Runnable hook) {
    onCrash = hook;
  }

  /** Arms a crash inside the write after {@code writes} more successful ones. */
  void crashOnWrite(int writes) {
    crashAfterWrites = writes;
  }

  /** Cancels an armed crash (the faults stopped). */
  void disarm() {
    crashAfterWrites = -1;
  }

  /** The store a restarted process finds: the synced batches and a random prefix of the others. */
  SimEngine recover(Random random) {
    int keep = synced + random.nextInt(written.size() - synced + 1);
    SimEngine next = new SimEngine();
    for (Batch b : written.subList(0, keep)) next.write(b, true);
    return next;
  }

  /** A background flush (RocksDB syncs its write-ahead log and memtables on its own schedule). */
  void sync() {
    synced = written.size();
  }

  int unsyncedBatches() {
    return written.size() - synced;
  }

  @Override
  public byte[] get(Cf cf, byte[] key) {
    return live.get(cf, key);
  }

  @Override
  public void write(Batch batch, boolean sync) {
    if (crashAfterWrites == 0) {
      crashAfterWrites = -1;
      if (onCrash != null) onCrash.run();
      throw new Crash();
    }
    if (crashAfterWrites > 0) crashAfterWrites--;
    live.write(batch, sync);
    written.add(batch);
    if (sync) synced = written.size();
  }

  @Override
  public Snapshot snapshot() {
    return live.snapshot();
  }

  @Override
  public long appliedIndex() {
    return live.appliedIndex();
  }

  @Override
  public void checkpoint(Path dir) {
    throw new UnsupportedOperationException("the simulation keeps the whole log: no snapshots");
  }

  @Override
  public void close() {
    live.close();
  }
}
