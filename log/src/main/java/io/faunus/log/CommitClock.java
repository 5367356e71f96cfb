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

  /**
   * Added to the machine's clock: {@code -Dfaunus.clock-skew-ms=N} makes a node's wall clock run N ms ahead
   * (behind when negative), so tests (`faunus verify --faults clock`) can give cluster members clocks that
   * disagree. Commit times come from the log, so no skew may change what a query sees; 0 in production.
   */
  static final long SKEW_MICROS = Long.getLong("faunus.clock-skew-ms", 0L) * 1_000L;

  public static long nowMicros() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000 + SKEW_MICROS;
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
