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
}
