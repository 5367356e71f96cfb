package io.faunus.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.faunus.storage.Batch;
import io.faunus.storage.Cf;
import io.faunus.storage.MemoryEngine;
import io.faunus.storage.Mvcc;
import io.faunus.storage.Tuple;
import io.faunus.storage.Version;
import org.junit.jupiter.api.Test;

class SweeperTest {
  private static final long DAY_MICROS = 86_400L * 1_000_000L;

  @Test
  void keepsWhatReadsAfterTheCutoffCanSeeAndRemovesTheRest() {
    try (MemoryEngine engine = MemoryEngine.create()) {
      byte[] key = Tuple.of(0L, 100L, 1L).encode();
      Batch b = new Batch();
      for (long ts = 1; ts <= 5; ts++) Mvcc.putVersion(b, Cf.VERSIONS, key, ts * 1_000_000L, new byte[] {(byte) ts});
      engine.write(b, false);
      long now = Sweeper.RETAIN_MIN_MICROS + 3_500_000L; // cutoff = 3.5 s: versions at 1 s and 2 s are unreadable
      Sweeper sweeper = new Sweeper(engine, () -> now, () -> 0);
      assertThat(sweeper.sweep()).isEqualTo(2);
      try (var snap = engine.snapshot()) {
        assertThat(((Version.Live) Mvcc.readAt(snap, Cf.VERSIONS, key, 3_600_000L).orElseThrow()).value())
            .containsExactly(3); // reads at the cutoff still see the same answer
        assertThat(Mvcc.readAt(snap, Cf.VERSIONS, key, 2_000_000L)).isEmpty();
      }
      assertThat(sweeper.sweep()).isZero();
    }
  }

  /** A pass reads a bounded slice of each range and the next goes on from there, round to the start again. */
  @Test
  void passesWalkALargeStoreInSlicesAndComeRound() {
    try (MemoryEngine engine = MemoryEngine.create()) {
      int keys = Sweeper.SCANNED_PER_PASS; // two versions each: one pass reads half of them
      Batch b = new Batch();
      for (long k = 0; k < keys; k++) {
        byte[] key = Tuple.of(0L, 100L, k).encode();
        Mvcc.putVersion(b, Cf.VERSIONS, key, 1_000_000L, new byte[] {1});
        Mvcc.putVersion(b, Cf.VERSIONS, key, 2_000_000L, new byte[] {2});
      }
      engine.write(b, false);
      long now = Sweeper.RETAIN_MIN_MICROS + 3_000_000L; // cutoff 3 s: every key's version at 1 s is garbage
      Sweeper sweeper = new Sweeper(engine, () -> now, () -> 0);
      assertThat(sweeper.sweep()).as("the first slice").isEqualTo(Sweeper.SCANNED_PER_PASS / 2);
      assertThat(sweeper.sweep()).as("the rest, from where the first stopped").isEqualTo(keys - Sweeper.SCANNED_PER_PASS / 2);
      assertThat(sweeper.sweep()).as("round again: nothing left").isZero();
      try (var snap = engine.snapshot()) {
        for (long k = 0; k < keys; k += 997) {
          assertThat(((Version.Live) Mvcc.readAt(snap, Cf.VERSIONS, Tuple.of(0L, 100L, k).encode(), 3_000_000L)
              .orElseThrow()).value()).containsExactly(2);
        }
      }
    }
  }

  @Test
  void historyDaysMoveTheCutoffBack() {
    try (MemoryEngine engine = MemoryEngine.create()) {
      byte[] key = Tuple.of(0L, 100L, 1L).encode();
      Batch b = new Batch();
      for (long ts = 1; ts <= 3; ts++) Mvcc.putVersion(b, Cf.VERSIONS, key, ts * 1_000_000L, new byte[] {(byte) ts});
      engine.write(b, false);
      long now = Sweeper.RETAIN_MIN_MICROS + 10_000_000L;
      assertThat(new Sweeper(engine, () -> now, () -> 1).sweep()).isZero(); // one day of history keeps all
      assertThat(new Sweeper(engine, () -> now + DAY_MICROS, () -> 1).sweep()).isEqualTo(2);
    }
  }

  @Test
  void collectionChangeLogsAreKeptForTheHistoryWindowOtherPartitionKeysOnlyTheirNewest() {
    try (MemoryEngine engine = MemoryEngine.create()) {
      byte[] changes = io.faunus.model.doc.Keys.collectionTs(0, 100);
      // Index-partition times are plain keys since step 8 (nothing to sweep); the schema time is still versioned.
      byte[] partition = io.faunus.model.doc.Keys.schemaTs(0);
      Batch b = new Batch();
      for (long ts = 1; ts <= 3; ts++) {
        Mvcc.putVersion(b, Cf.PARTITION_TS, changes, ts * 1_000_000L, new byte[] {(byte) ts});
        Mvcc.putVersion(b, Cf.PARTITION_TS, partition, ts * 1_000_000L, new byte[0]);
      }
      engine.write(b, false);
      long now = Sweeper.PARTITION_RETAIN_MICROS + 10_000_000L; // well inside the history window
      assertThat(new Sweeper(engine, () -> now, () -> 0).sweep()).isEqualTo(2); // the partition's two older
      try (var snap = engine.snapshot(); var h = Mvcc.history(snap, Cf.PARTITION_TS, changes)) {
        int n = 0;
        while (h.hasNext()) {
          h.next();
          n++;
        }
        assertThat(n).isEqualTo(3);
      }
      long later = Sweeper.RETAIN_MIN_MICROS + 10_000_000L;
      assertThat(new Sweeper(engine, () -> later, () -> 0).sweep()).isEqualTo(2); // now the change log's too
    }
  }
}
