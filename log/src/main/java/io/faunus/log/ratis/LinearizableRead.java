package io.faunus.log.ratis;

import io.faunus.log.CommitLog.UnavailableException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Waits for one linearizable read's time: a ReadIndex round through this node's own Raft server, asked again
 * when it is refused (no leader known during an election) and, without abandoning the first attempt, when the
 * leadership changes while it waits.
 *
 * <p>Why the second: a follower forwards the read index to the leader it knows. When that leader has just died
 * (kill -9, or removed from the group and stopped), the forward fails in the transport, and Ratis (3.1.3, same
 * in 3.2.2) loses the reply to our client: the attempt then ends only by its client timeout, the whole read
 * budget, though a new leader was elected within a second (found by ClusterE2ETest in CI:
 * docs/verification.md, finding 10). A read index is only good for the term it was asked in, so a new term or
 * leader is the signal that an outstanding attempt may never be answered. The same loss follows any failed
 * forward (a reset connection, a leader cut off until its 2 s deadline), so an attempt still unanswered past
 * that deadline is asked again too, once per deadline. Asking again never abandons an attempt: a loaded node
 * whose attempt is slow keeps waiting for it as well (finding 6: abandoning slow attempts failed every read).
 */
final class LinearizableRead {
  private LinearizableRead() {}

  /** How often a waiting read looks at the leadership. */
  static final long POLL_MS = 50;
  /** Between an attempt refused at once and the next (Ratis's client waits as long between its own). */
  static final long RETRY_MS = 100;
  /**
   * An attempt unanswered this long may have lost its reply: the server's forward of the read index to the
   * leader has failed by then (its deadline, {@link RatisProperties#SERVER_REQUEST_TIMEOUT_MS}, plus a margin).
   */
  static final long FORWARD_LOST_MS = RatisProperties.SERVER_REQUEST_TIMEOUT_MS + 500;
  /** Attempts one read leaves waiting when it asks again, at most: bounds them when leaders keep changing. */
  static final int UNANSWERED_MAX = 8;

  /** Who leads in which term, as this node sees it; {@code leader} is null while none is known. */
  record Leadership(long term, String leader) {}

  /** This node's server, as a read sees it. */
  interface Server {
    /** Starts one attempt; it completes with the read time, or exceptionally when refused or failed. */
    CompletableFuture<Long> send();

    Leadership leadership();
  }

  /** The read time, once some attempt is answered; {@link UnavailableException} when none is in {@code budgetMs}. */
  static long await(Server server, long budgetMs) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(budgetMs);
    CompletableFuture<Long> answered = new CompletableFuture<>();
    Throwable refused = null;
    int unanswered = 0;
    while (true) {
      if (deadline - System.nanoTime() <= 0) throw timedOut(refused);
      refused = null; // the error names what happened to the last attempt
      Leadership sentUnder = server.leadership();
      long sentNanos = System.nanoTime();
      CompletableFuture<Long> attempt = server.send();
      attempt.thenAccept(answered::complete);
      while (true) {
        long leftNanos = deadline - System.nanoTime();
        if (leftNanos <= 0) throw timedOut(refused);
        Long answer = answerWithin(answered, Math.min(leftNanos, TimeUnit.MILLISECONDS.toNanos(POLL_MS)));
        if (answer != null) return answer;
        if (attempt.isCompletedExceptionally()) {
          refused = attempt.exceptionNow();
          // Wait before asking again, unless an earlier attempt is answered meanwhile.
          answer = answerWithin(answered, Math.min(TimeUnit.MILLISECONDS.toNanos(RETRY_MS), deadline - System.nanoTime()));
          if (answer != null) return answer;
          break;
        }
        boolean maybeLost = System.nanoTime() - sentNanos > TimeUnit.MILLISECONDS.toNanos(FORWARD_LOST_MS);
        if (unanswered < UNANSWERED_MAX && (maybeLost || !server.leadership().equals(sentUnder))) {
          unanswered++; // left waiting: it may still be answered first
          break;
        }
      }
    }
  }

  /** The first attempt's answer, if there is one within {@code nanos}; else null. */
  private static Long answerWithin(CompletableFuture<Long> answered, long nanos) {
    try {
      return answered.get(Math.max(0, nanos), TimeUnit.NANOSECONDS);
    } catch (TimeoutException stillWaiting) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UnavailableException("interrupted while confirming a read with the cluster", e);
    } catch (ExecutionException e) {
      throw new AssertionError("answered only completes normally", e);
    }
  }

  private static UnavailableException timedOut(Throwable refused) {
    return refused == null
        ? new UnavailableException("This node could not confirm a read with the cluster in time (no quorum reachable?).", null)
        : new UnavailableException("This node could not confirm a read with the cluster: " + refused, refused);
  }
}
