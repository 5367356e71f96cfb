package io.faunus.log;

import static org.assertj.core.api.Assertions.assertThat;

import io.faunus.storage.Batch;
import io.faunus.storage.Cf;
import io.faunus.storage.Engine;
import io.faunus.storage.MemoryEngine;
import io.faunus.storage.Mvcc;
import io.faunus.storage.RocksEngine;
import io.faunus.storage.Snapshot;
import io.faunus.storage.Tuple;
import io.faunus.storage.Version;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class LocalLogTest {
  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) open.get(i).close();
  }

  private <T extends AutoCloseable> T track(T c) {
    open.add(c);
    return c;
  }

  private static byte[] key(String name) {
    return Tuple.of(0L, 99L, name).encode();
  }

  private static byte[] num(long n) {
    return ByteBuffer.allocate(8).putLong(n).array();
  }

  /** The counter at {@code key} as of {@code ts} (0 when absent). */
  private static long read(Engine engine, byte[] key, long ts) {
    try (Snapshot s = engine.snapshot()) {
      return Mvcc.readAt(s, Cf.VERSIONS, key, ts).filter(v -> v instanceof Version.Live)
          .map(v -> ByteBuffer.wrap(((Version.Live) v).value()).getLong()).orElse(0L);
    }
  }

  /** Read-modify-write of a counter: reads it at a fresh snapshot and writes value + 1. */
  private static Intent increment(LocalLog p, Engine engine, byte[] key) throws InterruptedException {
    long snap = p.beginRead();
    long v = read(engine, key, snap);
    return new Intent(snap, List.of(new Intent.Read(Cf.VERSIONS, key, "counter")),
        List.of(new Intent.Write(Cf.VERSIONS, key, num(v + 1))));
  }

  private static Outcome await(CommitLog.Submission s) throws Exception {
    assertThat(s).as("the log accepted the intent").isInstanceOf(CommitLog.Submission.Accepted.class);
    return ((CommitLog.Submission.Accepted) s).outcome().get(20, TimeUnit.SECONDS);
  }

  @Test
  void concurrentReadModifyWritesOnOneKeyCommitOncePerRound() throws Exception {
    Engine engine = track(MemoryEngine.create());
    LocalLog p = track(new LocalLog(engine, false));
    byte[] k = key("counter");
    int threads = 8, rounds = 25;
    CyclicBarrier readAll = new CyclicBarrier(threads), doneAll = new CyclicBarrier(threads);
    AtomicInteger committed = new AtomicInteger(), conflicted = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> fs = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        fs.add(pool.submit(() -> {
          for (int r = 0; r < rounds; r++) {
            Intent intent = increment(p, engine, k); // every thread reads the same value this round
            readAll.await();
            Outcome o = await(p.submit(intent));
            if (o instanceof Outcome.Committed) committed.incrementAndGet();
            else {
              assertThat(o).isEqualTo(new Outcome.Conflict("counter"));
              conflicted.incrementAndGet();
            }
            doneAll.await();
          }
          return null;
        }));
      }
      for (Future<?> f : fs) f.get(50, TimeUnit.SECONDS);
    } finally {
      pool.shutdownNow();
    }
    assertThat(committed.get()).isEqualTo(rounds);
    assertThat(conflicted.get()).isEqualTo(rounds * (threads - 1));
    assertThat(read(engine, k, p.beginRead())).isEqualTo(rounds);
    assertThat(p.stats().commits()).isEqualTo(rounds);
  }

  @Test
  void freeRunningIncrementersNeverLoseAnUpdate() throws Exception {
    Engine engine = track(MemoryEngine.create());
    LocalLog p = track(new LocalLog(engine, false));
    byte[] k = key("counter");
    int threads = 6, attempts = 100;
    AtomicInteger committed = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> fs = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        fs.add(pool.submit(() -> {
          for (int i = 0; i < attempts; i++) {
            if (await(p.submit(increment(p, engine, k))) instanceof Outcome.Committed) committed.incrementAndGet();
          }
          return null;
        }));
      }
      for (Future<?> f : fs) f.get(50, TimeUnit.SECONDS);
    } finally {
      pool.shutdownNow();
    }
    assertThat(committed.get()).isBetween(1, threads * attempts);
    assertThat(read(engine, k, p.beginRead())).isEqualTo(committed.get());
    assertThat(p.stats().commits()).isEqualTo(committed.get());
  }

  /** An engine whose first write of an entry blocks until released, to hold the sequencer inside a group. */
  private static final class GatedEngine implements Engine {
    final Engine inner = MemoryEngine.create();
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    final AtomicInteger writes = new AtomicInteger();

    public byte[] get(Cf cf, byte[] key) { return inner.get(cf, key); }

    public void write(Batch batch, boolean sync) {
      // Only the sequencer's writes: a reader's write of the read-time floor (ReadFloor) goes through.
      if (Thread.currentThread().getName().equals("faunus-sequencer") && writes.getAndIncrement() == 0) {
        entered.countDown();
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      inner.write(batch, sync);
    }

    public Snapshot snapshot() { return inner.snapshot(); }
    public long appliedIndex() { return inner.appliedIndex(); }
    public void checkpoint(Path dir) { inner.checkpoint(dir); }
    public void close() { inner.close(); }
  }

  private static Intent blindWrite(long snap, String k, long v, String... reads) {
    List<Intent.Read> rs = new ArrayList<>();
    for (String r : reads) rs.add(new Intent.Read(Cf.VERSIONS, key(r), r));
    return new Intent(snap, rs, List.of(new Intent.Write(Cf.VERSIONS, key(k), num(v))));
  }

  @Test
  void oneGroupCommitsNonConflictingIntentsTogetherAndRejectsInGroupConflicts() throws Exception {
    GatedEngine engine = track(new GatedEngine());
    LocalLog p = track(new LocalLog(engine, false));
    long snap = p.beginRead(); // every intent below read at this snapshot
    CommitLog.Submission first = p.submit(blindWrite(snap, "first", 1));
    assertThat(engine.entered.await(10, TimeUnit.SECONDS)).isTrue();
    List<CommitLog.Submission> group = new ArrayList<>();
    for (int i = 0; i < 10; i++) group.add(p.submit(blindWrite(snap, "k" + i, i, "r" + i)));
    // Reads k3, which an earlier intent of the same group writes: a conflict although storage is unchanged.
    CommitLog.Submission reader = p.submit(blindWrite(snap, "other", 0, "k3"));
    // Reads "first", committed (in the previous group) after its snapshot.
    CommitLog.Submission stale = p.submit(blindWrite(snap, "other2", 0, "first"));
    engine.release.countDown();

    long firstTs = ((Outcome.Committed) await(first)).commitMicros();
    List<Long> times = new ArrayList<>();
    for (var f : group) times.add(((Outcome.Committed) await(f)).commitMicros());
    assertThat(times).isSorted().doesNotHaveDuplicates().allMatch(t -> t > firstTs);
    assertThat(await(reader)).isEqualTo(new Outcome.Conflict("k3"));
    assertThat(await(stale)).isEqualTo(new Outcome.Conflict("first"));
    assertThat(p.stats().commits()).isEqualTo(11);
    assertThat(p.stats().batches()).isEqualTo(2);
    for (int i = 0; i < 10; i++) assertThat(read(engine, key("k" + i), p.beginRead())).isEqualTo(i);
    assertThat(read(engine, key("other"), p.beginRead())).isZero();
  }

  @Test
  void beginReadWaitsForOrderedCommitsToBeApplied() throws Exception {
    GatedEngine engine = track(new GatedEngine());
    LocalLog p = track(new LocalLog(engine, false));
    CommitLog.Submission f = p.submit(blindWrite(p.beginRead(), "x", 7));
    assertThat(engine.entered.await(10, TimeUnit.SECONDS)).isTrue();
    CompletableFuture<Long> read = CompletableFuture.supplyAsync(() -> {
      try {
        return p.beginRead();
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
    Thread.sleep(200);
    assertThat(read).as("beginRead must wait for the ordered commit").isNotDone();
    engine.release.countDown();
    long r = read.get(10, TimeUnit.SECONDS);
    long t = ((Outcome.Committed) await(f)).commitMicros();
    assertThat(r).isGreaterThan(t);
    assertThat(read(engine, key("x"), r)).isEqualTo(7);
  }

  @Test
  void snapshotsAfterACommitAreLaterThanIt() throws Exception {
    Engine engine = track(MemoryEngine.create());
    LocalLog p = track(new LocalLog(engine, false));
    for (int i = 0; i < 50; i++) {
      long before = p.beginRead();
      long t = ((Outcome.Committed) await(p.submit(blindWrite(before, "x", i, "x")))).commitMicros();
      assertThat(t).isGreaterThan(before);
      assertThat(p.beginRead()).isGreaterThan(t);
    }
  }

  @Test
  void readOnlyGroupsWriteNothing() throws Exception {
    Engine engine = track(MemoryEngine.create());
    LocalLog p = track(new LocalLog(engine, false));
    long snap = p.beginRead();
    await(p.submit(blindWrite(snap, "a", 1)));
    Intent conflicting = blindWrite(snap, "b", 1, "a");
    assertThat(await(p.submit(conflicting))).isEqualTo(new Outcome.Conflict("a"));
    assertThat(p.stats().batches()).isEqualTo(1);
    assertThat(p.stats().commits()).isEqualTo(1);
  }

  @Test
  void groupCommitFsyncsLessThanOncePerCommitUnderConcurrency(@TempDir Path dir) throws Exception {
    Engine engine = track(RocksEngine.open(dir));
    LocalLog p = track(new LocalLog(engine, true));
    int threads = 16, each = 40;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> fs = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int id = t;
        fs.add(pool.submit(() -> {
          for (int i = 0; i < each; i++) {
            Outcome o = await(p.submit(blindWrite(p.beginRead(), "t" + id + "-" + i, i)));
            assertThat(o).isInstanceOf(Outcome.Committed.class);
          }
          return null;
        }));
      }
      for (Future<?> f : fs) f.get(50, TimeUnit.SECONDS);
    } finally {
      pool.shutdownNow();
    }
    assertThat(p.stats().commits()).isEqualTo(threads * each);
    assertThat(p.stats().batches()).isLessThan(threads * each).isPositive();
  }

  @Test
  void reopenRestoresTheClockAndAppliedIndex(@TempDir Path dir) throws Exception {
    long lastCommit;
    long appliedBefore;
    try (Engine engine = RocksEngine.open(dir); LocalLog p = new LocalLog(engine, true)) {
      // Push the clock ~50 s ahead of the wall clock: only a persisted clock keeps later ticks above it.
      p.observe(CommitClock.nowMicros() + 50_000_000L);
      lastCommit = 0;
      for (int i = 0; i < 3; i++) {
        lastCommit = ((Outcome.Committed) await(p.submit(blindWrite(p.beginRead(), "x", i)))).commitMicros();
      }
      assertThat(lastCommit).isGreaterThan(CommitClock.nowMicros() + 40_000_000L);
      appliedBefore = engine.appliedIndex();
    }
    Engine engine = track(RocksEngine.open(dir));
    assertThat(engine.appliedIndex()).isEqualTo(appliedBefore).isPositive();
    LocalLog p = track(new LocalLog(engine, true));
    long r = p.beginRead();
    assertThat(r).isGreaterThan(lastCommit);
    assertThat(read(engine, key("x"), r)).isEqualTo(2);
    long t = ((Outcome.Committed) await(p.submit(blindWrite(r, "x", 9, "x")))).commitMicros();
    assertThat(t).isGreaterThan(r);
    assertThat(engine.appliedIndex()).isEqualTo(appliedBefore + 1);
  }

  @Test
  void listenersHearEveryCommittedWriteInLogOrderOnceItIsReadable() throws Exception {
    Engine engine = track(MemoryEngine.create());
    LocalLog p = track(new LocalLog(engine, false));
    List<String> heard = java.util.Collections.synchronizedList(new ArrayList<>());
    List<Long> readable = java.util.Collections.synchronizedList(new ArrayList<>());
    CommitLog.AppliedListener l = (changes, last) -> {
      for (Applier.Change c : changes) {
        heard.add(Tuple.decode(c.key()).get(2) + "@" + c.commitMicros());
        assertThat(c.commitMicros()).isLessThanOrEqualTo(last);
        readable.add(read(engine, c.key(), c.commitMicros()));
      }
    };
    p.addListener(l);
    p.addListener((changes, last) -> { throw new IllegalStateException("a broken listener"); });
    long t1 = ((Outcome.Committed) await(p.submit(blindWrite(p.beginRead(), "a", 1)))).commitMicros();
    // A conflicting intent writes nothing and is not heard.
    Outcome conflict = await(p.submit(blindWrite(t1 - 1, "b", 2, "a")));
    assertThat(conflict).isInstanceOf(Outcome.Conflict.class);
    long t2 = ((Outcome.Committed) await(p.submit(blindWrite(p.beginRead(), "c", 3)))).commitMicros();
    // The listener runs on the sequencer after the outcome was handed out: give it a moment.
    for (int i = 0; i < 200 && heard.size() < 2; i++) Thread.sleep(10);
    assertThat(heard).containsExactly("Text[value=a]@" + t1, "Text[value=c]@" + t2);
    assertThat(readable).containsExactly(1L, 3L); // what a read at the commit time sees when heard
    p.removeListener(l);
    await(p.submit(blindWrite(p.beginRead(), "d", 4)));
    Thread.sleep(50);
    assertThat(heard).hasSize(2);
  }
}
