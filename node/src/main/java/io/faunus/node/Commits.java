package io.faunus.node;

import io.faunus.log.CommitLog;
import io.faunus.log.Intent;
import io.faunus.log.Outcome;
import io.faunus.model.eval.QueryError;
import io.faunus.model.query.ErrorCode;
import io.faunus.model.query.QueryEngine.Later;
import io.faunus.model.query.QueryOutcome.ProtocolError;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * How a client's writes (a query's or a {@code /schema/1} call's) go to the {@link CommitLog}: checked against
 * the transaction limits, handed over, and either followed through a future bounded by {@link CommitDeadlines}
 * (no thread waits) or waited for on the calling thread. Both ways report a failed commit the same way.
 */
final class Commits {
  /** Spec §8: the writes of one transaction may not exceed 16 MiB (checked as they grow, and here again). */
  static final long TXN_BYTES_MAX = io.faunus.model.eval.Limits.TXN_BYTES_MAX;
  /**
   * How long a client waits for its handed-over write. Once handed to the log the write may commit; waiting
   * past the deadline is better than answering "timed out" for a write that then commits, so the wait is
   * generous and bounded.
   */
  static final long COMMIT_WAIT_S = 30;
  static final String COMMIT_TIMED_OUT = "Write timed out waiting for commit.";

  private final CommitLog log;
  private final CommitDeadlines deadlines;

  Commits(CommitLog log, CommitDeadlines deadlines) {
    this.log = log;
    this.deadlines = deadlines;
  }

  /**
   * Hands the effects to the log without waiting: the outcome completes once the log settles them, or
   * exceptionally ({@link TimeoutException}) after {@link CommitDeadlines#timeoutMs()}; see {@link #failed}.
   *
   * @throws QueryError over a limit (400), or when the log refuses the intent (429 busy, 503 unavailable)
   */
  CompletableFuture<Outcome> submitBounded(Intent intent) {
    return deadlines.bounded(submit(intent, false));
  }

  /**
   * As {@link #submitBounded}, with {@code here} true when the caller is the node's only request in flight: the
   * log may then write the intent on this thread ({@link CommitLog#submitHere}), settling it before this returns.
   */
  CompletableFuture<Outcome> submitBounded(Intent intent, boolean here) {
    return deadlines.bounded(submit(intent, here));
  }

  /** Hands the effects to the log and waits for the outcome on this thread (start-up, the synchronous API). */
  Outcome await(Intent intent) {
    try {
      return submit(intent, false).get(deadlines.timeoutMs(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw QueryError.protocol(ErrorCode.UNAVAILABLE, COMMIT_TIMED_OUT);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw QueryError.protocol(ErrorCode.UNAVAILABLE, "Interrupted while waiting for commit.");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof CommitLog.UnavailableException u) throw QueryError.protocol(ErrorCode.UNAVAILABLE, u.getMessage());
      throw new IllegalStateException("commit failed", e.getCause());
    }
  }

  /** What {@link #await} reports for a failed wait, for a commit whose outcome arrived as a future instead. */
  static ProtocolError failed(Throwable error) {
    Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    return switch (cause) {
      case TimeoutException t -> new ProtocolError(ErrorCode.UNAVAILABLE, COMMIT_TIMED_OUT);
      case CommitLog.UnavailableException u -> new ProtocolError(ErrorCode.UNAVAILABLE, u.getMessage());
      default -> {
        org.slf4j.LoggerFactory.getLogger(Commits.class).error("commit failed", cause);
        yield new ProtocolError(ErrorCode.INTERNAL_ERROR, "Internal error: the commit failed ("
            + cause.getClass().getSimpleName() + ").");
      }
    };
  }

  /** Checks the effects against the limits and hands them to the log, without waiting. */
  private CompletableFuture<Outcome> submit(Intent intent, boolean here) {
    if (intent.sizeBytes() > TXN_BYTES_MAX) {
      throw QueryError.protocol(ErrorCode.INVALID_REQUEST, "Transaction exceeded limit: got " + intent.sizeBytes()
          + " bytes, limit is " + TXN_BYTES_MAX + " bytes.");
    }
    for (Intent.Write w : intent.writes()) {
      // Storage keys are escaped (at most doubling them) plus a timestamp; past Batch.MAX_KEY_BYTES the log
      // would fail to apply the write. Long index terms are the way to get there (spec §8: 400 invalid_request).
      if (2L * w.key().length + 16 > io.faunus.storage.Batch.MAX_KEY_BYTES) {
        throw QueryError.protocol(ErrorCode.INVALID_REQUEST, "Index entry or key of " + w.key().length
            + " bytes exceeds the limit of " + (io.faunus.storage.Batch.MAX_KEY_BYTES - 16) / 2 + " bytes.");
      }
    }
    return switch (here ? log.submitHere(intent) : log.submit(intent)) {
      case CommitLog.Submission.Accepted a -> a.outcome();
      case CommitLog.Submission.Rejected r -> throw QueryError.protocol(
          r.reason() == CommitLog.Refusal.BUSY ? ErrorCode.LIMIT_EXCEEDED : ErrorCode.UNAVAILABLE, r.message());
    };
  }

  /** The next attempts of a call whose commit conflicted; they may wait for a read barrier, not for a commit. */
  interface Attempts<T> {
    CompletableFuture<T> run() throws InterruptedException;
  }

  /**
   * Runs {@code next} on a query thread ({@link Later#mayWait}); never completes exceptionally: a full query
   * pool answers 429 as a new request would get, a log that cannot order anything 503, through {@code error}.
   */
  static <T> CompletableFuture<T> onQueryThread(Later later, Attempts<T> next, Function<ProtocolError, T> error) {
    try {
      return CompletableFuture.supplyAsync(() -> {
        try {
          return next.run();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return CompletableFuture.completedFuture(error.apply(
              new ProtocolError(ErrorCode.UNAVAILABLE, "Interrupted while waiting for the log.")));
        } catch (CommitLog.UnavailableException e) {
          return CompletableFuture.completedFuture(error.apply(new ProtocolError(ErrorCode.UNAVAILABLE, e.getMessage())));
        }
      }, later.mayWait()).thenCompose(answer -> answer);
    } catch (RejectedExecutionException e) {
      return CompletableFuture.completedFuture(error.apply(
          new ProtocolError(ErrorCode.LIMIT_EXCEEDED, "Too many pending requests")));
    }
  }
}
