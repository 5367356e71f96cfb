package io.faunus.log.ratis;

import org.apache.ratis.retry.RetryPolicy;
import org.apache.ratis.util.TimeDuration;

/**
 * Retries a failed attempt after {@code sleepMs} until {@code budgetMs} have passed since the policy was made,
 * then gives up. A count of attempts is the wrong bound for a membership change: an attempt refused at once
 * (the previous change still in progress, no leader yet) costs milliseconds, one that waits for a new member
 * to catch up costs up to the staging timeout, so ten attempts may last 5 s or ten minutes.
 * Make one per request: the budget starts when it is constructed.
 */
final class DeadlineRetry implements RetryPolicy {
  private final long deadlineNs;
  private final TimeDuration sleep;

  DeadlineRetry(long budgetMs, long sleepMs) {
    assert budgetMs > 0 && sleepMs > 0 && sleepMs < budgetMs : "budget " + budgetMs + " ms, sleep " + sleepMs + " ms";
    this.deadlineNs = System.nanoTime() + budgetMs * 1_000_000;
    this.sleep = RatisProperties.ms(sleepMs);
  }

  @Override
  public Action handleAttemptFailure(Event event) {
    return deadlineNs - System.nanoTime() > sleep.toLong(java.util.concurrent.TimeUnit.NANOSECONDS) ? () -> sleep : NO_RETRY_ACTION;
  }

  @Override
  public String toString() {
    return "DeadlineRetry(sleep=" + sleep + ")";
  }
}
