package io.faunus.node;

import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The deadline of every commit a query hands to the log without waiting for it: one daemon thread sweeps the
 * pending commits every {@code sweepPeriodMs} and fails those older than {@code timeoutMs} with a
 * {@link TimeoutException}. It replaces a {@code CompletableFuture.orTimeout} per commit, which armed (and
 * cancelled) a task of the JDK's delay scheduler for every write: about 2% of a core at full load.
 *
 * <p>A commit fails at most {@code sweepPeriodMs} after its deadline. Every commit gets the same timeout, so
 * the queue is in deadline order and a sweep stops at the first commit still in time, after dropping the
 * settled ones it passed. At most {@link #PENDING_MAX} commits are tracked; past that (a log that stopped
 * answering while clients keep writing), a commit falls back to its own {@code orTimeout}, so none goes
 * without a deadline and memory stays bounded.
 */
final class CommitDeadlines implements AutoCloseable {
  /** Commits tracked at most (the log refuses intents far earlier: its queue holds thousands, not this many). */
  static final int PENDING_MAX = 1 << 16;
  /** How often the production sweep runs: a timed-out commit is reported this much late at most. */
  static final long SWEEP_PERIOD_MS = 1_000;

  private record Pending(CompletableFuture<?> commit, long deadlineNanos) {}

  private final long timeoutMs;
  private final ConcurrentLinkedQueue<Pending> pending = new ConcurrentLinkedQueue<>();
  private final AtomicInteger size = new AtomicInteger();
  private final Thread sweeper;
  private volatile boolean closed;

  CommitDeadlines(long timeoutMs, long sweepPeriodMs) {
    if (timeoutMs <= 0 || sweepPeriodMs <= 0) throw new IllegalArgumentException("timeout and sweep period must be positive");
    this.timeoutMs = timeoutMs;
    this.sweeper = Thread.ofPlatform().name("faunus-commit-deadlines").daemon().unstarted(() -> {
      while (!closed) {
        try {
          Thread.sleep(sweepPeriodMs);
        } catch (InterruptedException e) {
          return; // closed
        }
        sweep(System.nanoTime());
      }
    });
    sweeper.start();
  }

  /** The production deadlines: {@link Commits#COMMIT_WAIT_S}, swept every {@link #SWEEP_PERIOD_MS}. */
  static CommitDeadlines standard() {
    return new CommitDeadlines(TimeUnit.SECONDS.toMillis(Commits.COMMIT_WAIT_S), SWEEP_PERIOD_MS);
  }

  long timeoutMs() {
    return timeoutMs;
  }

  /** {@code commit}, failed with a {@link TimeoutException} if it is not settled within the timeout. */
  <T> CompletableFuture<T> bounded(CompletableFuture<T> commit) {
    if (commit.isDone()) return commit;
    if (closed || size.incrementAndGet() > PENDING_MAX) {
      if (!closed) size.decrementAndGet();
      return commit.orTimeout(timeoutMs, TimeUnit.MILLISECONDS);
    }
    pending.add(new Pending(commit, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs)));
    return commit;
  }

  /** Commits tracked now (settled ones leave at the next sweep). */
  int tracked() {
    return size.get();
  }

  /** Fails the commits past their deadline at {@code nowNanos} and forgets settled ones; package-private for tests. */
  void sweep(long nowNanos) {
    for (Iterator<Pending> it = pending.iterator(); it.hasNext(); ) {
      Pending p = it.next();
      boolean overdue = nowNanos - p.deadlineNanos() >= 0;
      if (!p.commit().isDone() && !overdue) break; // every later one has a later deadline
      if (overdue) p.commit().completeExceptionally(new TimeoutException("commit not settled within " + timeoutMs + " ms"));
      it.remove();
      size.decrementAndGet();
    }
  }

  @Override
  public void close() {
    closed = true;
    sweeper.interrupt();
  }
}
