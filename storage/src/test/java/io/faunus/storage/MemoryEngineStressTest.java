package io.faunus.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Writers move money between accounts in atomic batches while readers take snapshots: every snapshot
 * must see the same total and every account at the same batch generation or not; trimming of version
 * chains must never lose a version a snapshot still needs.
 */
class MemoryEngineStressTest {
  private static final int ACCOUNTS = 16;
  private static final long TOTAL = ACCOUNTS * 100L;

  @Test
  void snapshotsStayConsistentUnderConcurrentTransfers() throws Exception {
    try (var engine = MemoryEngine.create()) {
      var init = new Batch();
      for (int i = 0; i < ACCOUNTS; i++) init.put(Cf.VERSIONS, account(i), Tuple.of(100L).encode());
      engine.write(init, false);
      var failure = new AtomicReference<Throwable>();
      var transfers = new AtomicInteger();
      var snapshotsChecked = new AtomicInteger();
      int writers = 2;
      int transfersPerWriter = 3_000;
      var threads = new ArrayList<Thread>();
      for (int w = 0; w < writers; w++) {
        int seed = w;
        threads.add(Thread.ofPlatform().start(() -> guard(failure, () -> {
          var random = new java.util.Random(seed);
          for (int t = 0; t < transfersPerWriter; t++) {
            // read-modify-write under a snapshot; lost updates would break the total, so serialize writers here
            synchronized (MemoryEngineStressTest.class) {
              int from = random.nextInt(ACCOUNTS);
              int to = random.nextInt(ACCOUNTS);
              long amount = random.nextInt(10);
              try (Snapshot s = engine.snapshot()) {
                long a = balance(s, from);
                long b = from == to ? a : balance(s, to);
                var batch = new Batch();
                if (from != to) {
                  batch.put(Cf.VERSIONS, account(from), Tuple.of(a - amount).encode());
                  batch.put(Cf.VERSIONS, account(to), Tuple.of(b + amount).encode());
                }
                engine.write(batch, false);
              }
            }
            transfers.incrementAndGet();
          }
        })));
      }
      var writersRunning = new ArrayList<>(threads);
      for (int r = 0; r < 2; r++) {
        threads.add(Thread.ofPlatform().start(() -> guard(failure, () -> {
          while (writersRunning.stream().anyMatch(Thread::isAlive)) {
            try (Snapshot s = engine.snapshot()) {
              long sumByGet = 0;
              for (int i = 0; i < ACCOUNTS; i++) sumByGet += balance(s, i);
              Thread.yield(); // let writers run between the two reads of the same snapshot
              long sumByScan = 0;
              int count = 0;
              try (var c = s.iterate(Cf.VERSIONS, null, null, false)) {
                while (c.hasNext()) {
                  sumByScan += ((KeyElement.Int) Tuple.decode(c.next().value()).get(0)).value();
                  count++;
                }
              }
              assertThat(sumByGet).isEqualTo(TOTAL);
              assertThat(sumByScan).isEqualTo(TOTAL);
              assertThat(count).isEqualTo(ACCOUNTS);
              snapshotsChecked.incrementAndGet();
            }
          }
        })));
      }
      for (Thread t : threads) t.join();
      assertThat(failure.get()).isNull();
      assertThat(transfers.get()).isEqualTo(writers * transfersPerWriter);
      assertThat(snapshotsChecked.get()).isGreaterThan(10);
      try (Snapshot s = engine.snapshot()) {
        long sum = 0;
        for (int i = 0; i < ACCOUNTS; i++) sum += balance(s, i);
        assertThat(sum).isEqualTo(TOTAL);
      }
    }
  }

  @Test
  void versionsAreTrimmedOnceNoSnapshotNeedsThem() {
    try (var engine = MemoryEngine.create()) {
      byte[] k = Tuple.of("k").encode();
      for (int i = 0; i < 100; i++) engine.write(new Batch().put(Cf.VERSIONS, k, Tuple.of((long) i).encode()), false);
      assertThat(engine.versionCount()).isEqualTo(1);
      Snapshot pinned = engine.snapshot();
      for (int i = 100; i < 200; i++) engine.write(new Batch().put(Cf.VERSIONS, k, Tuple.of((long) i).encode()), false);
      assertThat(engine.versionCount()).isEqualTo(101); // the pinned one plus every newer
      assertThat(Tuple.decode(pinned.get(Cf.VERSIONS, k))).isEqualTo(Tuple.of(99L));
      pinned.close();
      engine.write(new Batch().put(Cf.VERSIONS, Tuple.of("other").encode(), new byte[0]).delete(Cf.VERSIONS, Tuple.of("gone").encode()), false);
      assertThat(engine.versionCount()).isEqualTo(2);
      engine.write(new Batch().delete(Cf.VERSIONS, k), false);
      assertThat(engine.versionCount()).as("a deletion nobody can see past leaves nothing").isEqualTo(1);
    }
  }

  private static byte[] account(int i) {
    return Tuple.of("account", (long) i).encode();
  }

  private static long balance(Snapshot s, int i) {
    return ((KeyElement.Int) Tuple.decode(s.get(Cf.VERSIONS, account(i))).get(0)).value();
  }

  private static void guard(AtomicReference<Throwable> failure, Runnable body) {
    try {
      body.run();
    } catch (Throwable t) {
      failure.compareAndSet(null, t);
    }
  }
}
