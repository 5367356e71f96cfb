package io.faunus.log;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * An intent a log accepted and has not ordered yet, with the future its submitter waits on. {@link LocalLog}
 * and {@code ratis.RatisLog} both hold these in a bounded queue and refuse the same way when it is full.
 */
public record Pending(Intent intent, CompletableFuture<Outcome> result) {

  /**
   * The {@link CommitLog#submit} of a log that queues intents for one ordering thread: refused while the log
   * closes ({@code closed}), or when {@code queue} is at its bound; never blocks.
   */
  public static CommitLog.Submission enqueue(BlockingQueue<Pending> queue, boolean closed, Intent intent) {
    return enqueue(queue, closed, intent, CompletableFuture::new);
  }

  /** {@link #enqueue(BlockingQueue, boolean, Intent)} with the outcome future made by {@code futures}. */
  public static CommitLog.Submission enqueue(BlockingQueue<Pending> queue, boolean closed, Intent intent,
                                             Supplier<CompletableFuture<Outcome>> futures) {
    if (closed) return new CommitLog.Submission.Rejected(CommitLog.Refusal.UNAVAILABLE, "The node is shutting down.");
    Pending p = new Pending(intent, futures.get());
    if (!queue.offer(p)) return new CommitLog.Submission.Rejected(CommitLog.Refusal.BUSY, "Too many pending requests");
    return new CommitLog.Submission.Accepted(p.result());
  }
}
