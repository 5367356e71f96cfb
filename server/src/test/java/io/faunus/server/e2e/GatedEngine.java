package io.faunus.server.e2e;

import io.faunus.model.query.QueryEngine;
import io.faunus.model.query.QueryOutcome;
import io.faunus.model.query.QueryRequest;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Slow queries on demand: in front of a real node, a query whose text contains {@link #MARK} waits until
 * the gate opens, then runs on the node. Other queries run at once.
 */
final class GatedEngine implements QueryEngine {
  static final String MARK = "gated";
  /** A query that waits at the gate and then answers its own mark. */
  static final String QUERY = "\"" + MARK + "\"";

  private final QueryEngine node;
  private final CountDownLatch open = new CountDownLatch(1);
  private final AtomicInteger waiting = new AtomicInteger();

  GatedEngine(QueryEngine node) {
    this.node = node;
  }

  @Override
  public QueryOutcome execute(QueryRequest request) {
    if (request.source().contains(MARK)) {
      waiting.incrementAndGet();
      try {
        open.await(60, TimeUnit.SECONDS); // bounded: a test that forgets to open must not hang the build
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return node.execute(request);
  }

  @Override
  public boolean ready() {
    return node.ready();
  }

  void open() {
    open.countDown();
  }

  /** Waits up to {@code waitMs} until {@code n} queries wait at the gate; true if they do. */
  boolean awaitWaiting(int n, long waitMs) throws InterruptedException {
    long deadline = System.nanoTime() + waitMs * 1_000_000L;
    while (waiting.get() < n) {
      if (System.nanoTime() > deadline) return false;
      Thread.sleep(10);
    }
    return true;
  }
}
