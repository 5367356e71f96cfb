package io.faunus.server;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Requests in flight, and the shutdown drain that waits for them. A request is accepted when its handling
 * starts ({@link #tryAccept}) and released when its response is written (or its connection is gone). Once
 * {@link #drain} has begun, no request is accepted any more: it is answered 503 instead, while those
 * already accepted finish.
 */
final class Drain {
  private final AtomicInteger running = new AtomicInteger();
  private volatile boolean draining;

  /**
   * True when the request may run; false once the drain has begun. Counting first and checking second
   * means a drain that sees no request running can never miss one that is just starting.
   */
  boolean tryAccept() {
    running.incrementAndGet();
    if (draining) {
      release();
      return false;
    }
    return true;
  }

  void release() {
    if (running.decrementAndGet() == 0 && draining) {
      synchronized (this) {
        notifyAll();
      }
    }
  }

  /** Stops accepting and waits up to {@code waitMs} for the requests accepted so far; false if some remain. */
  boolean drain(long waitMs) throws InterruptedException {
    draining = true;
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMs);
    synchronized (this) {
      while (running.get() > 0) {
        long leftMs = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (leftMs <= 0) return false;
        wait(leftMs);
      }
    }
    return true;
  }

  int running() {
    return running.get();
  }
}
