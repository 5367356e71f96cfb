package io.faunus.node;

import io.faunus.log.CommitClock;
import io.faunus.model.engine.CursorTokens;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * What a node takes from its machine rather than from the log: the wall clock (document ids, the version
 * sweep's cutoff), the thread that runs index builds, whether the sweep runs on its own timer, and fresh
 * random keys. A production node uses the real ones ({@link #production()}); the deterministic simulation
 * ({@code verify}'s SimulationTest) passes a simulated clock, an executor it runs itself, no timer (it sweeps
 * when its seed says so) and seeded keys, so the same node code runs in both (FoundationDB-style).
 *
 * @param wallMicros     the wall clock in microseconds since the epoch
 * @param indexBuilds    runs background index builds one at a time; the node shuts it down on close
 * @param sweepTimer     true: the version sweep runs every {@link Sweeper#PERIOD_SECONDS} on its own thread
 * @param newCursorKey   a fresh random key of {@link CursorTokens#KEY_BYTES} bytes
 */
public record NodeRuntime(LongSupplier wallMicros, ExecutorService indexBuilds, boolean sweepTimer,
                          Supplier<byte[]> newCursorKey) {
  public NodeRuntime {
    if (wallMicros == null || indexBuilds == null || newCursorKey == null) {
      throw new IllegalArgumentException("every part of a node runtime is required");
    }
  }

  /** This runtime with another executor for index builds. */
  public NodeRuntime withIndexBuilds(ExecutorService builds) {
    return new NodeRuntime(wallMicros, builds, sweepTimer, newCursorKey);
  }

  /** The machine's clock, a daemon thread for index builds, the sweep timer, SecureRandom keys. */
  public static NodeRuntime production() {
    ExecutorService builds = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "faunus-index-builder");
      t.setDaemon(true);
      return t;
    });
    return new NodeRuntime(CommitClock::nowMicros, builds, true, CursorTokens::newKey);
  }
}
