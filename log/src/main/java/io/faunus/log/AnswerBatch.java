package io.faunus.log;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Hand-offs to other threads made while a log's thread answers a group of commits, delivered once per target
 * executor when the whole group is answered. A commit's answer continues on the event loop that received its
 * query ({@code handleAsync(..., loop)}); handed over one by one, each wakes that loop, and on a server pinned
 * to one core each wake-up is a system call and two context switches in the middle of the group (profile of
 * place-order at 16 clients: a fifth of the server's samples were the event-fd writes of those wake-ups).
 * Inside {@link #deliverTogether} on a thread, executors wrapped by {@link #batched} queue their tasks instead,
 * and at its end each target gets one task that runs its queue in order.
 */
public final class AnswerBatch {
  private AnswerBatch() {}

  /** The open batch of this thread: queued tasks per target executor (by identity), or null. */
  private static final ThreadLocal<Map<Executor, List<Runnable>>> OPEN = new ThreadLocal<>();

  /**
   * Runs {@code answers}; the tasks it gives to {@link #batched} executors are handed to their targets when it
   * returns or throws, one hand-off per target. Nested calls join the outer batch.
   */
  public static void deliverTogether(Runnable answers) {
    if (OPEN.get() != null) {
      answers.run();
      return;
    }
    Map<Executor, List<Runnable>> queued = new IdentityHashMap<>();
    OPEN.set(queued);
    try {
      answers.run();
    } finally {
      OPEN.remove();
      deliver(queued);
    }
  }

  /** {@code target}, except that inside {@link #deliverTogether} on the calling thread its tasks wait for the end. */
  public static Executor batched(Executor target) {
    return task -> {
      Map<Executor, List<Runnable>> open = OPEN.get();
      if (open == null) target.execute(task);
      else open.computeIfAbsent(target, t -> new ArrayList<>()).add(task);
    };
  }

  private static void deliver(Map<Executor, List<Runnable>> queued) {
    for (Map.Entry<Executor, List<Runnable>> e : queued.entrySet()) {
      List<Runnable> tasks = e.getValue();
      Runnable all = () -> runAll(tasks);
      try {
        e.getKey().execute(all);
      } catch (RejectedExecutionException stopped) {
        // The target stopped (an event loop past its shutdown drain). Queued one by one, each task would have
        // been refused and its future failed; run here instead, they find the target stopped and give up.
        all.run();
      }
    }
  }

  /** Every task runs even when one throws; the first failure is rethrown at the end, with the others suppressed. */
  private static void runAll(List<Runnable> tasks) {
    RuntimeException first = null;
    for (Runnable t : tasks) {
      try {
        t.run();
      } catch (RuntimeException ex) {
        if (first == null) first = ex;
        else first.addSuppressed(ex);
      }
    }
    if (first != null) throw first;
  }
}
