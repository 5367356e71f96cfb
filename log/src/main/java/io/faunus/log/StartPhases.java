package io.faunus.log;

import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * One line per start-up phase on the node's error stream, with the wall time it ended and its duration:
 * {@code faunus: start-up 2026-12-06T10:20:01.123Z raft-server-start 840 ms}. A member that takes minutes to
 * serve after a restart (docs/verification.md) shows here which phase took them; operators read the same lines.
 */
public final class StartPhases {
  private StartPhases() {}

  /** Marks the beginning of a phase (a monotonic time, for {@link #done}). */
  public static long begin() {
    return System.nanoTime();
  }

  /** Prints that {@code phase} (a word, no spaces) ended now, having begun at {@code beganNanos}. */
  public static void done(String phase, long beganNanos) {
    done(phase, beganNanos, "");
  }

  /** As {@link #done(String, long)}, with what the phase found (empty for nothing). */
  public static void done(String phase, long beganNanos, String detail) {
    print(phase, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - beganNanos), detail);
  }

  /** A phase measured some other way (the JVM's own start-up, before any of our code ran). */
  public static void print(String phase, long durationMs, String detail) {
    System.err.println("faunus: start-up " + Instant.now() + " " + phase + " " + durationMs + " ms"
        + (detail.isEmpty() ? "" : " (" + detail + ")"));
  }
}
