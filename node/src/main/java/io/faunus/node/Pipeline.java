package io.faunus.node;

import io.faunus.model.doc.ByteKey;
import io.faunus.model.doc.Intent;
import io.faunus.storage.Batch;
import io.faunus.storage.Cf;
import io.faunus.storage.Engine;
import io.faunus.storage.Mvcc;
import io.faunus.storage.Snapshot;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The single-node transaction pipeline (architecture: order effects, validate, apply). One sequencer
 * thread drains submitted intents in groups: each gets a commit time T from the clock, is validated
 * against storage and against the earlier intents of its group (optimistic concurrency: nothing it read
 * changed after its snapshot), and the survivors are written in ONE storage batch with one fsync (group
 * commit) that also records the applied position and the clock, so recovery is exact.
 *
 * <p>On one node the applied batch is the durable log record; a replicated log (Ratis, step 4) will order
 * the same intents and run the same {@link #applyGroup} on every replica.
 */
public final class Pipeline implements AutoCloseable {
  /** Intents waiting to be ordered; beyond this, writers get 429 (bounded everything). */
  public static final int QUEUE_CAPACITY = 4096;
  /** Intents applied together with one fsync. */
  public static final int GROUP_MAX = 256;

  static final byte[] CLOCK_KEY = "clock".getBytes(StandardCharsets.UTF_8);

  /** Result of ordering one intent. */
  public sealed interface Outcome {
    record Committed(long commitMicros) implements Outcome {}

    record Conflict(String what) implements Outcome {}
  }

  private record Pending(Intent intent, CompletableFuture<Outcome> result) {}

  private final Engine engine;
  private final CommitClock clock;
  private final boolean durable;
  private final BlockingQueue<Pending> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
  private final Thread sequencer;
  private final Object lock = new Object();
  private long lastAssigned;
  private long lastApplied;
  private long appliedIndex;
  private volatile boolean closed;
  private volatile long fsyncs;
  private volatile long commits;

  public Pipeline(Engine engine, boolean durable) {
    this.engine = engine;
    this.durable = durable;
    byte[] c = engine.get(Cf.META, CLOCK_KEY);
    long floor = c == null ? 0 : ByteBuffer.wrap(c).getLong();
    this.clock = CommitClock.system(floor);
    this.lastAssigned = floor;
    this.lastApplied = floor;
    this.appliedIndex = Math.max(0, engine.appliedIndex());
    this.sequencer = new Thread(this::run, "faunus-sequencer");
    this.sequencer.setDaemon(true);
    this.sequencer.start();
  }

  /**
   * A fresh snapshot time R for a query: every commit ordered before R is applied when this returns, and
   * every later commit gets a time > R (conventions: strictly serializable reads on one node).
   */
  public long beginRead() {
    synchronized (lock) {
      long r = clock.tick();
      long need = lastAssigned;
      while (lastApplied < need) {
        try {
          lock.wait();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while waiting for applies", e);
        }
      }
      return r;
    }
  }

  /**
   * Like {@link #beginRead()} but never waits: -1 when a commit time is assigned and not yet applied (the
   * caller, e.g. an event-loop thread, then takes the waiting path elsewhere).
   */
  public long tryBeginRead() {
    synchronized (lock) {
      return lastApplied < lastAssigned ? -1 : clock.tick();
    }
  }

  /**
   * x-last-txn-ts: a client saw time {@code micros}; later snapshots must not be older. Every time this node
   * issued is at most its clock, so advancing the clock is enough; values far in the future are ignored
   * rather than letting one header drag the clock forward.
   */
  public void observe(long micros) {
    if (micros <= CommitClock.nowMicros() + 60_000_000L) clock.advanceTo(micros);
  }

  /** Queues an intent; null when the queue is full (caller answers 429). */
  public CompletableFuture<Outcome> submit(Intent intent) {
    if (closed) throw new IllegalStateException("pipeline closed");
    Pending p = new Pending(intent, new CompletableFuture<>());
    return queue.offer(p) ? p.result : null;
  }

  /** Batches written (each one fsync when durable): fewer than commits under concurrency = group commit. */
  public long fsyncs() {
    return fsyncs;
  }

  public long commits() {
    return commits;
  }

  private void run() {
    List<Pending> group = new ArrayList<>(GROUP_MAX);
    while (!closed || !queue.isEmpty()) {
      try {
        Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) continue;
        group.add(first);
        queue.drainTo(group, GROUP_MAX - 1);
        applyGroup(group);
      } catch (InterruptedException e) {
        if (closed) break;
      } catch (RuntimeException | Error e) {
        for (Pending p : group) p.result.completeExceptionally(e);
      } finally {
        group.clear();
      }
    }
  }

  /** Orders, validates and applies one group; deterministic given the storage state and the intents. */
  private void applyGroup(List<Pending> group) {
    long[] times = new long[group.size()];
    synchronized (lock) {
      for (int i = 0; i < times.length; i++) times[i] = clock.tick();
      lastAssigned = times[times.length - 1];
    }
    try {
      applyAt(group, times);
    } finally {
      // Even when the write failed, these times are settled (nothing at them is visible), so readers
      // waiting for them must not wait forever.
      synchronized (lock) {
        lastApplied = times[times.length - 1];
        lock.notifyAll();
      }
    }
  }

  private void applyAt(List<Pending> group, long[] times) {
    Batch batch = new Batch();
    Outcome[] outcomes = new Outcome[group.size()];
    Set<ByteKey> written = new HashSet<>();
    try (Snapshot snap = engine.snapshot()) {
      for (int i = 0; i < group.size(); i++) {
        Intent intent = group.get(i).intent();
        String conflict = validate(snap, intent, written);
        if (conflict != null) {
          outcomes[i] = new Outcome.Conflict(conflict);
          continue;
        }
        for (Intent.Write w : intent.writes()) {
          if (w.value() == null) Mvcc.putTombstone(batch, w.cf(), w.key(), times[i]);
          else Mvcc.putVersion(batch, w.cf(), w.key(), times[i], w.value());
          written.add(cfKey(w.cf(), w.key()));
        }
        outcomes[i] = new Outcome.Committed(times[i]);
      }
    }
    if (!written.isEmpty()) {
      batch.put(Cf.META, CLOCK_KEY, ByteBuffer.allocate(8).putLong(times[times.length - 1]).array());
      batch.setAppliedIndex(++appliedIndex);
      engine.write(batch, durable);
      fsyncs++; // one batch per group: one fsync when durable
    }
    for (int i = 0; i < group.size(); i++) {
      if (outcomes[i] instanceof Outcome.Committed) commits++;
      group.get(i).result().complete(outcomes[i]);
    }
  }

  /** The first read of the intent that changed after its snapshot, or null when it may commit. */
  private static String validate(Snapshot snap, Intent intent, Set<ByteKey> writtenInGroup) {
    for (Intent.Read r : intent.reads()) {
      // Earlier intents of this group commit after every snapshot taken before the group was ordered.
      if (writtenInGroup.contains(cfKey(r.cf(), r.key()))) return r.what();
      var latest = Mvcc.latestTs(snap, r.cf(), r.key());
      if (latest.isPresent() && latest.getAsLong() > intent.snapshotMicros()) return r.what();
    }
    return null;
  }

  private static ByteKey cfKey(Cf cf, byte[] key) {
    byte[] k = new byte[key.length + 1];
    k[0] = (byte) cf.ordinal();
    System.arraycopy(key, 0, k, 1, key.length);
    return new ByteKey(k);
  }

  @Override
  public void close() {
    closed = true;
    try {
      sequencer.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
