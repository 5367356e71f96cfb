package io.faunus.server;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Event streams open on this node, capped: past {@link #max} a new stream is refused with 429
 * {@code limit_exceeded} (bounded resources, docs/operations.md). Also hands out stream ids.
 */
final class OpenStreams {
  private final int max;
  private final AtomicInteger open = new AtomicInteger();
  private final AtomicLong ids = new AtomicLong();

  OpenStreams(int max) {
    this.max = max;
  }

  /** Counts a stream about to open; false (counting nothing) when the node is at its cap. */
  boolean tryOpen() {
    while (true) {
      int n = open.get();
      if (n >= max) return false;
      if (open.compareAndSet(n, n + 1)) return true;
    }
  }

  /** A stream counted by {@link #tryOpen} closed, or never opened. */
  void closed() {
    open.decrementAndGet();
  }

  int open() {
    return open.get();
  }

  int max() {
    return max;
  }

  long nextId() {
    return ids.incrementAndGet();
  }
}
