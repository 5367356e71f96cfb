package io.faunus.server.metrics;

import io.faunus.model.query.NodeMetrics;
import io.faunus.model.query.QueryEngine;

/**
 * One {@link NodeMetrics} shared by the gauges of a scrape: reading it costs RocksDB property reads, and
 * a scrape reads some twenty gauges, so a sample younger than {@link #FRESH_NANOS} is reused.
 */
final class NodeSampler {
  static final long FRESH_NANOS = 250_000_000L;

  private final QueryEngine engine;
  private NodeMetrics last;
  private long takenNanos;

  NodeSampler(QueryEngine engine, NodeMetrics first) {
    this.engine = engine;
    this.last = first;
    this.takenNanos = System.nanoTime();
  }

  synchronized NodeMetrics get() {
    long now = System.nanoTime();
    if (last == null || now - takenNanos > FRESH_NANOS) {
      NodeMetrics m = engine.metrics().orElse(null);
      if (m != null) last = m; // a closing engine keeps its last figures
      takenNanos = now;
    }
    return last;
  }
}
