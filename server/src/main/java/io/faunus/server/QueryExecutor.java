package io.faunus.server;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs queries off the event loop on a fixed set of threads with large stacks (the evaluator and the
 * encoders recurse). The wait queue is bounded: when it is full a query is refused at once (429) rather
 * than piling up memory and latency. Shutdown does not stop it early ({@link Drain} waits for the queries
 * instead): a query refused here would be told 429 "too many pending requests", which is not the reason.
 */
final class QueryExecutor implements AutoCloseable {

  private final ThreadPoolExecutor pool;

  QueryExecutor(int threads, int queueCapacity) {
    AtomicInteger n = new AtomicInteger();
    pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS,
        new ArrayBlockingQueue<>(queueCapacity),
        r -> {
          Thread t = new Thread(null, r, "faunus-query-" + n.incrementAndGet(), Limits.QUERY_THREAD_STACK_BYTES);
          t.setDaemon(true); // shutdown drains explicitly; a stuck query must not keep the JVM alive
          return t;
        },
        new ThreadPoolExecutor.AbortPolicy());
  }

  /** Runs {@code task} later; false when the queue is full or the executor is shutting down. */
  boolean trySubmit(Runnable task) {
    try {
      pool.execute(task);
      return true;
    } catch (RejectedExecutionException e) {
      return false;
    }
  }

  /** Queries waiting for a thread now. */
  int queued() {
    return pool.getQueue().size();
  }

  /** Queries running now. */
  int running() {
    return pool.getActiveCount();
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
