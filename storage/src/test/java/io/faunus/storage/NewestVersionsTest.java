package io.faunus.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Newest-version bounds ({@link NewestVersions}) change how {@link Mvcc} finds a version, never which one: reads
 * and validation checks at snapshots taken before, between and after writes of new versions, tombstones, old-time
 * versions and the sweeper's deletions answer as the {@link MemoryEngine} does (which keeps no bounds); and under
 * a writer racing readers, every read through the bounds answers as a plain seek of the same snapshot.
 */
class NewestVersionsTest {
  @TempDir Path temp;

  private static final int KEYS = 12;

  private static byte[] key(int i) {
    return Tuple.of(0L, 77L, 1_000_000L + i).encode();
  }

  @Test
  void readsAndValidationAnswerAsTheMemoryEngineAcrossWritesAndOldSnapshots() {
    var random = new Random(5);
    try (var oracle = MemoryEngine.create(); var rocks = RocksEngine.open(temp.resolve("db"))) {
      List<Snapshot[]> open = new ArrayList<>(); // {oracle, rocks} pairs taken at the same point
      long ts = 100;
      int gets = 0;
      for (int step = 0; step < 3000; step++) {
        int op = random.nextInt(10);
        if (op < 4) {
          var batch = new Batch();
          ts += 1 + random.nextInt(3);
          int k = random.nextInt(KEYS);
          // mostly now; sometimes a version at an old time (an index build, a restore), never the newest
          long at = random.nextInt(8) == 0 ? Math.max(1, ts - 50 - random.nextInt(50)) : ts;
          if (random.nextInt(6) == 0) Mvcc.putTombstone(batch, Cf.VERSIONS, key(k), at);
          else Mvcc.putVersion(batch, Cf.VERSIONS, key(k), at, new byte[] {(byte) step});
          write(oracle, rocks, batch);
        } else if (op == 4) {
          var batch = new Batch(); // the sweeper: versions older than a cutoff, a tombstone floor too
          try (var s = rocks.snapshot()) {
            Mvcc.collectGarbage(s, batch, Cf.VERSIONS, new byte[0], ts - random.nextInt(30), 1000);
          }
          write(oracle, rocks, batch);
        } else if (op == 5 && open.size() < 6) {
          open.add(new Snapshot[] {oracle.snapshot(), rocks.snapshot()});
        } else if (op == 6 && !open.isEmpty()) {
          for (Snapshot s : open.remove(random.nextInt(open.size()))) s.close();
        } else {
          boolean fresh = open.isEmpty() || random.nextBoolean();
          Snapshot[] at = fresh ? new Snapshot[] {oracle.snapshot(), rocks.snapshot()} : open.get(random.nextInt(open.size()));
          try {
            int k = random.nextInt(KEYS);
            long readTs = random.nextInt(4) == 0 ? ts - random.nextInt(20) : ts + 5;
            String want = Mvcc.readAt(at[0], Cf.VERSIONS, key(k), readTs).toString(); // key, time, value in hex
            assertThat(Mvcc.readAt(at[1], Cf.VERSIONS, key(k), readTs).toString())
                .as("step %d key %d at %d", step, k, readTs).isEqualTo(want);
            long after = ts - random.nextInt(10);
            assertThat(Mvcc.writtenAfter(at[1], Cf.VERSIONS, key(k), after)).as("written after %d", after)
                .isEqualTo(Mvcc.writtenAfter(at[0], Cf.VERSIONS, key(k), after));
            gets++;
          } finally {
            if (fresh) for (Snapshot s : at) s.close();
          }
        }
      }
      for (Snapshot[] pair : open) for (Snapshot s : pair) s.close();
      assertThat(gets).isGreaterThan(1000);
    }
  }

  @Test
  void boundsAreKeptForReadKeysOnlyAndStayBounded() {
    try (var rocks = RocksEngine.open(temp.resolve("db"))) {
      var batch = new Batch();
      for (int k = 0; k < KEYS; k++) Mvcc.putVersion(batch, Cf.VERSIONS, key(k), 10, new byte[] {1});
      rocks.write(batch, false);
      var view = rocks.snapshot();
      byte[] head = KeyCodec.escapeTerminated(key(3));
      assertThat(view.newest().bound(Cf.VERSIONS, head)).as("writes insert no bound").isEqualTo(-1);
      assertThat(Mvcc.readAt(view, Cf.VERSIONS, key(3), 20)).isPresent();
      assertThat(view.newest().bound(Cf.VERSIONS, head)).as("a read keeps one").isEqualTo(10);
      view.close();

      var newer = new Batch();
      Mvcc.putVersion(newer, Cf.VERSIONS, key(3), 15, new byte[] {2});
      rocks.write(newer, false);
      try (var s = rocks.snapshot()) {
        assertThat(s.newest().bound(Cf.VERSIONS, head)).as("a write raises it").isEqualTo(15);
        assertThat(((Version.Live) Mvcc.readAt(s, Cf.VERSIONS, key(3), 20).orElseThrow()).value()).containsExactly(2);
        assertThat(Mvcc.readAt(s, Cf.VERSIONS, key(3), 12).orElseThrow().tsMicros()).as("older times seek").isEqualTo(10);
      }
      var bounds = new NewestVersions();
      var v = bounds.view();
      for (int i = 0; i < NewestVersions.ENTRIES_MAX + 100; i++) v.offer(Cf.VERSIONS, Tuple.of((long) i).encode(), at(1));
      assertThat(bounds.size(Cf.VERSIONS)).isLessThanOrEqualTo(NewestVersions.ENTRIES_MAX);
    }
  }

  /** A snapshot taken while a write is in progress, or before one that began since, never inserts a bound. */
  @Test
  void aSnapshotOlderThanTheLastWriteOffersNothing() {
    var bounds = new NewestVersions();
    byte[] head = {1, 2, 3};
    var before = bounds.view();
    bounds.beginWrite();
    var during = bounds.view();
    bounds.endWrite();
    before.offer(Cf.VERSIONS, head, at(5));
    during.offer(Cf.VERSIONS, head, at(5));
    assertThat(bounds.size(Cf.VERSIONS)).isZero();
    var after = bounds.view();
    after.offer(Cf.VERSIONS, head, at(5));
    assertThat(after.bound(Cf.VERSIONS, head)).isEqualTo(5);
    assertThat(after.kept(Cf.VERSIONS, head, 10)).isNotNull();
    assertThat(before.kept(Cf.VERSIONS, head, 10)).as("kept for later snapshots only").isNull();
  }

  /** Kept versions stay within their byte budget; a version too large is not kept, its bound is. */
  @Test
  void keptVersionsStayWithinTheirByteBudget() {
    var bounds = new NewestVersions();
    var v = bounds.view();
    byte[] head = {1};
    v.offer(Cf.VERSIONS, head, new Version.Live(head, 5, new byte[NewestVersions.KEPT_VERSION_BYTES_MAX + 1]));
    assertThat(v.bound(Cf.VERSIONS, head)).isEqualTo(5);
    assertThat(v.kept(Cf.VERSIONS, head, 10)).as("too large to keep").isNull();

    byte[] value = new byte[8 << 10];
    int offered = (int) (2 * NewestVersions.KEPT_BYTES_MAX / value.length);
    for (int i = 0; i < offered; i++) v.offer(Cf.PARTITION_TS, Tuple.of((long) i).encode(), new Version.Live(head, 5, value));
    assertThat(bounds.size(Cf.PARTITION_TS)).isEqualTo(offered);
    assertThat(bounds.keptBytes()).isBetween(NewestVersions.KEPT_BYTES_MAX - value.length - 1, NewestVersions.KEPT_BYTES_MAX);
    for (int i = 0; i < offered; i++) v.drop(Cf.PARTITION_TS, Tuple.of((long) i).encode(), 5);
    assertThat(bounds.keptBytes()).isZero();
  }

  private static Version at(long ts) {
    return new Version.Live(new byte[] {9}, ts, new byte[] {1});
  }

  /**
   * The newest version a read found is kept and answers later snapshots without RocksDB (the same object); a write
   * of a newer version, or the sweep deleting it, makes the next read go to RocksDB again.
   */
  @Test
  void theNewestVersionFoundIsKeptUntilAWriteOrADeletionOfTheKey() {
    try (var rocks = RocksEngine.open(temp.resolve("db"))) {
      var batch = new Batch();
      Mvcc.putVersion(batch, Cf.VERSIONS, key(1), 10, new byte[] {1});
      rocks.write(batch, false);
      Version first;
      try (var s = rocks.snapshot()) {
        first = Mvcc.readAt(s, Cf.VERSIONS, key(1), 20).orElseThrow();
      }
      try (var s = rocks.snapshot()) {
        assertThat(Mvcc.readAt(s, Cf.VERSIONS, key(1), 20).orElseThrow()).as("kept").isSameAs(first);
        assertThat(Mvcc.readAt(s, Cf.VERSIONS, key(1), 9)).as("older times are not the kept version's").isEmpty();
      }
      var older = new Batch(); // an index build or a restore writing an old time: the newest is unchanged
      Mvcc.putVersion(older, Cf.VERSIONS, key(1), 5, new byte[] {0});
      rocks.write(older, false);
      try (var s = rocks.snapshot()) {
        assertThat(Mvcc.readAt(s, Cf.VERSIONS, key(1), 20).orElseThrow()).isSameAs(first);
      }

      var newer = new Batch();
      Mvcc.putTombstone(newer, Cf.VERSIONS, key(1), 15);
      rocks.write(newer, false);
      Version deleted;
      try (var s = rocks.snapshot()) {
        deleted = Mvcc.readAt(s, Cf.VERSIONS, key(1), 20).orElseThrow();
        assertThat(deleted).isInstanceOf(Version.Deleted.class);
      }
      try (var s = rocks.snapshot()) {
        assertThat(Mvcc.readAt(s, Cf.VERSIONS, key(1), 20).orElseThrow()).as("kept again").isSameAs(deleted);
      }
      var sweep = new Batch(); // the sweep past the tombstone: the key has no version left
      try (var s = rocks.snapshot()) {
        Mvcc.collectGarbage(s, sweep, Cf.VERSIONS, new byte[0], 30, 1000);
      }
      rocks.write(sweep, false);
      try (var s = rocks.snapshot()) {
        assertThat(Mvcc.readAt(s, Cf.VERSIONS, key(1), 40)).isEmpty();
      }
    }
  }

  @Test
  void underAWriterRacingReadersEveryReadAnswersAsAPlainSeekOfItsSnapshot() throws Exception {
    try (var rocks = RocksEngine.open(temp.resolve("db"))) {
      var ts = new AtomicLong(1);
      var stop = new AtomicBoolean();
      var failure = new AtomicReference<Throwable>();
      Thread writer = new Thread(() -> {
        var random = new Random(9);
        try {
          while (!stop.get()) {
            var batch = new Batch();
            long at = ts.incrementAndGet();
            for (int i = 0; i < 3; i++) {
              int k = random.nextInt(4);
              if (random.nextInt(10) == 0) Mvcc.putTombstone(batch, Cf.VERSIONS, key(k), at);
              else Mvcc.putVersion(batch, Cf.VERSIONS, key(k), at, Long.toString(at).getBytes());
            }
            rocks.write(batch, false);
            if (at % 200 == 0) {
              var sweep = new Batch();
              try (var s = rocks.snapshot()) {
                Mvcc.collectGarbage(s, sweep, Cf.VERSIONS, new byte[0], at - 20, 10_000);
              }
              rocks.write(sweep, false);
            }
          }
        } catch (Throwable t) {
          failure.compareAndSet(null, t);
        }
      });
      List<Thread> readers = new ArrayList<>();
      var reads = new AtomicLong();
      for (int r = 0; r < 3; r++) {
        int seed = r;
        readers.add(new Thread(() -> {
          var random = new Random(seed);
          try {
            while (!stop.get()) {
              try (var s = rocks.snapshot()) {
                int k = random.nextInt(4);
                long at = random.nextInt(5) == 0 ? Math.max(0, ts.get() - random.nextInt(30)) : Long.MAX_VALUE / 2;
                byte[] head = KeyCodec.escapeTerminated(key(k));
                Entry plain = s.first(Cf.VERSIONS, Mvcc.versionKey(head, at), KeyCodec.prefixEnd(head));
                String want = (plain == null ? Optional.empty() : Optional.of(Mvcc.decode(plain))).toString();
                String got = Mvcc.readAt(s, Cf.VERSIONS, key(k), at).toString();
                if (!got.equals(want)) throw new AssertionError("key " + k + " at " + at + ": " + got + ", a seek says " + want);
                reads.incrementAndGet();
              }
            }
          } catch (Throwable t) {
            failure.compareAndSet(null, t);
          }
        }));
      }
      writer.start();
      readers.forEach(Thread::start);
      long deadline = System.nanoTime() + 3_000_000_000L;
      while (System.nanoTime() < deadline && failure.get() == null) Thread.sleep(20);
      stop.set(true);
      writer.join();
      for (Thread t : readers) t.join();
      if (failure.get() != null) throw new AssertionError(failure.get());
      assertThat(reads.get()).as("reads done").isGreaterThan(1000);
      assertThat(ts.get()).as("writes done").isGreaterThan(100);
    }
  }

  private static void write(Engine oracle, Engine rocks, Batch batch) {
    oracle.write(batch, false);
    rocks.write(batch, false);
  }
}
