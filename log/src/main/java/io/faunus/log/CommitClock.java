package io.faunus.log;

import java.time.Instant;
import java.util.function.LongSupplier;

/**
 * The node's monotonic clock in microseconds (conventions: a tick is max(wall clock, last tick + 1)).
 * Commit times and read snapshots both come from here, so txn_ts strictly increases across queries.
 */
public final class CommitClock {
  private final LongSupplier wallMicros;
  private long last;

  public CommitClock(LongSupplier wallMicros, long floorMicros) {
    this.wallMicros = wallMicros;
    this.last = floorMicros;
  }

  public static CommitClock system(long floorMicros) {
    return new CommitClock(CommitClock::nowMicros, floorMicros);
  }

  public static long nowMicros() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000 + ClockSkew.micros(); // 0 outside tests
  }

  public synchronized long tick() {
    last = Math.max(wallMicros.getAsLong(), last + 1);
    return last;
  }

  /** Ensures later ticks are greater than {@code micros}. */
  public synchronized void advanceTo(long micros) {
    last = Math.max(last, micros);
  }

  public synchronized long last() {
    return last;
  }

  public static Instant toInstant(long micros) {
    return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
  }
}
