package io.faunus.log;

import io.faunus.storage.Engine;
import io.faunus.storage.Snapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The single-node log: a sequencer drains submitted intents into entries of up to {@link Entry#INTENTS_MAX},
 * stamps each with the node's commit clock, and applies it with the {@link Applier} in ONE storage batch with
 * one fsync (group commit).
 *
 * <p>On one node the applied batch is the durable log record: RocksDB's write-ahead log makes it durable
 * and atomic, and it carries the applied index and last commit time, so there is nothing to replay. A
 * replicated log orders the same entries and runs the same {@link Applier} on every replica.
 *
 * <p>The sequencer is a task on the {@link SequencerRuntime}'s executor, not a thread of its own, so the
 * deterministic simulation runs this very code on its scheduler: {@link #submit} schedules a drain when none
 * is queued, and each drain orders, applies and settles ONE entry, then schedules the next if intents are
 * waiting. Group commit stays: the intents that arrive while an entry is written form the next entry.
 * {@link #submitHere} runs one drain on the submitting thread instead, when the sequencer is idle.
 */
public final class LocalLog extends ListenedLog {
  /** Intents waiting to be ordered; beyond this, writers are refused with {@link Refusal#BUSY}. */
  public static final int QUEUE_MAX = 4096;
  /**
   * {@link #submitHere} writes on the caller's thread only while a storage write takes less than this on average
   * (recent writes): the caller (an event loop) is blocked meanwhile, so a slow disk keeps the sequencer thread.
   */
  static final long WRITE_HERE_MAX_NANOS = 1_000_000L;
  /** System property: true turns {@link #submitHere} into {@link #submit} (A/B measurements). */
  public static final String NO_WRITE_HERE_PROPERTY = "faunus.log.noWriteHere";
  /** A client's x-last-txn-ts may lead this node's clock by at most this much (µs) to be honoured. */
  static final long OBSERVE_LEAD_MAX_MICROS = 60_000_000L;

  private final Engine engine;
  private final CommitClock clock;
  private final boolean durable;
  private final SequencerRuntime runtime;
  private final ReadFloor readFloor;
  private final BlockingQueue<Pending> queue = new ArrayBlockingQueue<>(QUEUE_MAX);
  /** True while a drain is queued or running: at most one is, so entries are ordered one at a time. */
  private final AtomicBoolean drainScheduled = new AtomicBoolean();
  private final Object lock = new Object();
  /** Under {@link #lock}: the last commit time handed out, and the last one whose entry is settled. */
  private long lastAssigned;
  private long lastApplied;
  private long appliedIndex;
  private volatile boolean closed;
  private volatile long batches;
  private volatile long commits;
  private volatile long writeNanos;
  private volatile long conflicts;
  /** A moving average of the storage write's wall time (each write weighs 1/8), for {@link #submitHere}. */
  private volatile long recentWriteNanos;
  private final boolean writeHere = !Boolean.getBoolean(NO_WRITE_HERE_PROPERTY);

  /** A log on its own {@code faunus-sequencer} thread, following the machine's clock. */
  public LocalLog(Engine engine, boolean durable) {
    this(engine, durable, SequencerRuntime.production(CommitClock::nowMicros));
  }

  public LocalLog(Engine engine, boolean durable, SequencerRuntime runtime) {
    this.engine = engine;
    this.durable = durable;
    this.runtime = runtime;
    long lastCommit;
    try (Snapshot snap = engine.snapshot()) {
      this.readFloor = new ReadFloor(engine, durable, snap);
      lastCommit = Applier.lastCommitMicros(snap);
    }
    // Above every commit and every read time answered before a restart, whatever the wall clock says now.
    this.clock = new CommitClock(runtime.wallMicros(), Math.max(lastCommit, readFloor.persisted()));
    this.lastAssigned = lastCommit;
    this.lastApplied = lastCommit;
    this.appliedIndex = Math.max(0, engine.appliedIndex());
  }

  @Override
  public long beginRead() throws InterruptedException {
    long r;
    synchronized (lock) {
      r = clock.tick();
      long need = lastAssigned;
      while (lastApplied < need) lock.wait();
    }
    readFloor.cover(r);
    return r;
  }

  /** Empty also when the read time would need a new durable floor first (a write: the waiting path does it). */
  @Override
  public OptionalLong tryBeginRead() {
    synchronized (lock) {
      if (lastApplied < lastAssigned) return OptionalLong.empty();
      long r = clock.tick();
      return readFloor.covers(r) ? OptionalLong.of(r) : OptionalLong.empty();
    }
  }

  /** Times up to {@code lastApplied} are applied (entries apply in order); later ones may be in flight. */
  @Override
  public OptionalLong tryWriteSnapshot() {
    synchronized (lock) {
      return OptionalLong.of(lastApplied);
    }
  }

  /** Every time this node issued is at most its clock, so advancing the clock is enough. */
  @Override
  public void observe(long micros) {
    if (micros <= runtime.wallMicros().getAsLong() + OBSERVE_LEAD_MAX_MICROS) clock.advanceTo(micros);
  }

  @Override
  public Submission submit(Intent intent) {
    Submission s = Pending.enqueue(queue, closed, intent, runtime.futures());
    if (s instanceof Submission.Accepted) scheduleDrain();
    return s;
  }

  /**
   * With the sequencer idle and nothing queued, this thread takes the sequencer's place for one entry: the intent
   * (and whatever else arrives meanwhile) is ordered, written and settled here, and a drain for anything left is
   * queued as usual. This saves the two thread wake-ups of a lone write (the sequencer's, then the caller's for
   * the answer): a one-client insert or read-modify-write costs 13-15% less server CPU (docs/benchmarks.md,
   * "Recycled WAL files, and a lone write on the event loop").
   */
  @Override
  public Submission submitHere(Intent intent) {
    if (!writeHere || recentWriteNanos > WRITE_HERE_MAX_NANOS || !queue.isEmpty()
        || !drainScheduled.compareAndSet(false, true)) {
      return submit(intent);
    }
    Submission s = Pending.enqueue(queue, closed, intent, runtime.futures());
    if (s instanceof Submission.Accepted) {
      drain(); // clears the flag, and queues a drain on the sequencer for whatever came in meanwhile
    } else {
      drainScheduled.set(false);
      if (!queue.isEmpty()) scheduleDrain();
    }
    return s;
  }

  @Override
  public Status status() {
    synchronized (lock) {
      return new Status("single", "SINGLE", 0, "single", appliedIndex, appliedIndex, lastApplied);
    }
  }

  @Override
  public Stats stats() {
    return new Stats(commits, batches, writeNanos, queue.size(), conflicts);
  }

  /** Queues a drain unless one is queued or running (that one sees the new intent, or queues its successor). */
  private void scheduleDrain() {
    if (!drainScheduled.compareAndSet(false, true)) return;
    try {
      runtime.sequencer().execute(this::drain);
    } catch (RejectedExecutionException e) {
      // The executor is shut down: the log is closing, and nothing will order what is still queued.
      drainScheduled.set(false);
      failQueued();
    }
  }

  /**
   * Orders one entry from the queued intents (all of them, entry after entry, once the log is closing, so
   * close still orders what it accepted), then queues the next drain if intents are waiting.
   */
  private void drain() {
    List<Pending> group = new ArrayList<>(Entry.INTENTS_MAX);
    try {
      do {
        queue.drainTo(group, Entry.INTENTS_MAX);
        if (group.isEmpty()) break;
        try {
          order(group);
        } catch (RuntimeException | Error e) {
          // A failed write (disk full, storage closed) fails the entry's intents; nothing of it is visible.
          for (Pending p : group) p.result().completeExceptionally(e);
        } finally {
          group.clear();
        }
      } while (closed);
    } finally {
      // Cleared before looking at the queue: an intent offered after the look finds no drain and queues one.
      drainScheduled.set(false);
      if (!queue.isEmpty()) scheduleDrain();
    }
  }

  private void failQueued() {
    for (Pending p; (p = queue.poll()) != null; ) {
      p.result().completeExceptionally(new IllegalStateException("log closed"));
    }
  }

  /** Stamps the group's entry, applies it, and settles its times even when the write failed. */
  private void order(List<Pending> group) {
    List<Intent> intents = new ArrayList<>(group.size());
    for (Pending p : group) intents.add(p.intent());
    Entry entry;
    long last;
    synchronized (lock) {
      entry = new Entry(clock.tick(), intents);
      long[] times = Applier.commitTimes(lastAssigned, entry);
      last = times[times.length - 1];
      clock.advanceTo(last);
      assert last > lastAssigned : "commit times strictly increase";
      lastAssigned = last;
    }
    Applier.Applied applied = null;
    try {
      applied = apply(group, entry, last);
    } finally {
      // Settled either way (nothing at these times is visible if the write failed), so readers waiting
      // for them never hang.
      synchronized (lock) {
        lastApplied = last;
        lock.notifyAll();
      }
    }
    // Answered only now that the times are settled: a client that got its answer and asks again at once
    // finds nothing in flight (tryBeginRead need not give up on its own commit).
    for (int i = 0; i < group.size(); i++) group.get(i).result().complete(applied.outcomes().get(i));
    if (applied.committedAny()) listeners.applied(applied.changes(), applied.lastCommitMicros());
  }

  private Applier.Applied apply(List<Pending> group, Entry entry, long expectedLast) {
    Applier.Applied applied;
    try (Snapshot snap = engine.snapshot()) {
      applied = Applier.apply(snap, entry, appliedIndex + 1);
    }
    assert applied.lastCommitMicros() == expectedLast : "the applier's times are the ones handed out";
    // An entry in which every intent conflicted changes nothing a reader can see: skip its fsync.
    if (applied.committedAny()) {
      long start = System.nanoTime();
      engine.write(applied.batch(), durable);
      long took = System.nanoTime() - start;
      writeNanos += took; // one drain at a time (drainScheduled): no lost updates
      recentWriteNanos += (took - recentWriteNanos) / 8;
      observer.written(group.size(), took);
      appliedIndex++;
      batches++;
    }
    for (Outcome o : applied.outcomes()) {
      if (o instanceof Outcome.Committed) commits++;
      else if (o instanceof Outcome.Conflict) conflicts++;
    }
    return applied;
  }

  /** Refuses new intents, lets the sequencer order the accepted ones, and fails what it could not reach. */
  @Override
  public void close() {
    closed = true;
    runtime.sequencer().shutdown();
    try {
      runtime.sequencer().awaitTermination(THREAD_JOIN_MS, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    failQueued();
  }
}
