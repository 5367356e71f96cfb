package io.faunus.log;

import io.faunus.storage.Batch;
import io.faunus.storage.Cf;
import io.faunus.storage.Engine;
import io.faunus.storage.Snapshot;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The durable bound on the read times one node hands out. A read-only query on one node reads at a fresh
 * tick R of the commit clock, which no batch records; without this, a restart whose wall clock is behind R
 * (a clock stepped back, found by the local-mode simulation) would commit later writes below R, and
 * {@code txn_ts} would go backwards: a snapshot a client already read at could change under it.
 *
 * <p>So no read time is answered before a floor at or above it is durable: the first read past the floor
 * writes a new one {@link #LEASE_MICROS} ahead (one small synced write per lease at most), and a restart
 * starts its clock above both the last commit time and this floor.
 */
final class ReadFloor {
  /** META key holding the floor (8 bytes, big-endian micros). */
  static final byte[] KEY = "read-floor".getBytes(StandardCharsets.UTF_8);
  /**
   * How far ahead of the read that needs it a new floor is written: bounds the extra writes to one per lease.
   * A read past the floor cannot be answered inline (it goes to a thread that writes the floor first), so a
   * short lease sends a read to the slow path after every short pause (with 1 s, `InlineCommitTest` failed under
   * load); a long one lets a quick restart start its clock up to a lease ahead of the wall clock.
   */
  static final long LEASE_MICROS = 5_000_000L;

  private final Engine engine;
  private final boolean durable;
  private final Object writing = new Object();
  /** Every read time at or below this may be answered. */
  private volatile long persisted;

  ReadFloor(Engine engine, boolean durable, Snapshot snap) {
    this.engine = engine;
    this.durable = durable;
    byte[] v = snap.get(Cf.META, KEY);
    this.persisted = v == null ? 0 : ByteBuffer.wrap(v).getLong();
  }

  long persisted() {
    return persisted;
  }

  boolean covers(long readMicros) {
    return readMicros <= persisted;
  }

  /**
   * Returns once {@code readMicros} is at or below a durable floor, writing one if needed.
   *
   * @throws CommitLog.UnavailableException when the floor could not be written (the read must not be answered)
   */
  void cover(long readMicros) {
    if (covers(readMicros)) return;
    synchronized (writing) {
      if (covers(readMicros)) return;
      long next = readMicros + LEASE_MICROS;
      try {
        engine.write(new Batch().put(Cf.META, KEY, ByteBuffer.allocate(Long.BYTES).putLong(next).array()), durable);
      } catch (RuntimeException e) {
        throw new CommitLog.UnavailableException("could not persist the read-time floor", e);
      }
      persisted = next;
    }
  }
}
