package io.faunus.node;

import io.faunus.log.CommitClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ClockAndIdsTest {
  @Test
  void clockTicksStrictlyIncreaseEvenWhenTheWallClockStallsOrGoesBack() {
    AtomicLong wall = new AtomicLong(1_000);
    CommitClock c = new CommitClock(wall::get, 0);
    assertThat(c.tick()).isEqualTo(1_000);
    assertThat(c.tick()).isEqualTo(1_001);
    wall.set(500);
    assertThat(c.tick()).isEqualTo(1_002);
    wall.set(5_000);
    assertThat(c.tick()).isEqualTo(5_000);
    c.advanceTo(9_000);
    assertThat(c.tick()).isEqualTo(9_001);
    c.advanceTo(10); // never goes back
    assertThat(c.last()).isEqualTo(9_001);
  }

  @Test
  void clockStartsAboveItsFloor() {
    CommitClock c = new CommitClock(() -> 10, 1_000_000);
    assertThat(c.tick()).isEqualTo(1_000_001);
  }

  @Test
  void microsToInstant() {
    assertThat(CommitClock.toInstant(1_500_001L)).isEqualTo(Instant.ofEpochSecond(1, 500_001_000));
    assertThat(CommitClock.toInstant(-1L)).isEqualTo(Instant.ofEpochSecond(-1, 999_999_000));
  }

  @Test
  void idsStrictlyIncreaseAndArePositiveOnOneThread() {
    IdGenerator g = new IdGenerator(0);
    long prev = 0;
    for (int i = 0; i < 100_000; i++) { // > 4096 per ms exercises sequence exhaustion
      long id = g.next();
      assertThat(id).isGreaterThan(prev);
      prev = id;
    }
  }

  @Test
  void idsAreUniqueAcrossThreads() throws Exception {
    IdGenerator g = new IdGenerator(1023);
    ConcurrentLinkedQueue<Long> all = new ConcurrentLinkedQueue<>();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      threads.add(Thread.ofPlatform().start(() -> {
        long prev = 0;
        for (int i = 0; i < 20_000; i++) {
          long id = g.next();
          if (id <= prev) throw new AssertionError("not increasing within a thread");
          prev = id;
          all.add(id);
        }
      }));
    }
    for (Thread t : threads) t.join();
    Set<Long> distinct = new HashSet<>(all);
    assertThat(distinct).hasSize(8 * 20_000);
    assertThat(distinct).allMatch(id -> id > 0 && ((id >> IdGenerator.SEQ_BITS) & 1023) == 1023);
  }

  @Test
  void nodeIdRange() {
    assertThatThrownBy(() -> new IdGenerator(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new IdGenerator(1024)).isInstanceOf(IllegalArgumentException.class);
  }
}
