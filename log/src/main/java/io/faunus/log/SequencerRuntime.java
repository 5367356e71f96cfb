package io.faunus.log;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * What {@link LocalLog}'s sequencer takes from its machine: where its drain tasks run, the wall clock its
 * commit clock follows, and where the futures its submitters wait on come from. Production uses one
 * {@code faunus-sequencer} thread, the machine's clock and plain futures ({@link #production}); the
 * deterministic simulation ({@code verify}'s SimulationTest, {@code -Dsim.log=local}) passes an executor it
 * runs itself, its simulated clock and futures whose {@code get} runs its scheduler, so the same sequencer
 * code runs in both (FoundationDB-style).
 *
 * @param sequencer  runs the log's drain tasks one at a time, in order; {@link LocalLog#close} shuts it down
 * @param wallMicros the wall clock in microseconds since the epoch
 * @param futures    a new, incomplete future for each accepted intent's outcome
 */
public record SequencerRuntime(ExecutorService sequencer, LongSupplier wallMicros,
                               Supplier<CompletableFuture<Outcome>> futures) {
  /**
   * Tasks the production executor holds besides the running one: the log keeps at most one drain queued
   * (a running drain may queue its successor), so two is already one more than it needs.
   */
  static final int QUEUED_TASKS_MAX = 2;

  public SequencerRuntime {
    if (sequencer == null || wallMicros == null || futures == null) {
      throw new IllegalArgumentException("every part of a sequencer runtime is required");
    }
  }

  /** One daemon thread named {@code faunus-sequencer}, the given wall clock, plain futures. */
  public static SequencerRuntime production(LongSupplier wallMicros) {
    ExecutorService thread = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
        new ArrayBlockingQueue<>(QUEUED_TASKS_MAX), r -> {
          Thread t = new Thread(r, "faunus-sequencer");
          t.setDaemon(true);
          return t;
        });
    return new SequencerRuntime(thread, wallMicros, CompletableFuture::new);
  }
}
