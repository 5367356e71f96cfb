package io.faunus.server.metrics;

import io.faunus.model.query.NodeMetrics;
import io.faunus.model.query.QueryEngine;

/**
 * One {@link NodeMetrics} shared by the gauges of a scrape: reading it costs RocksDB property reads, and
 * a scrape reads some twenty gauges. {@link Metrics#scrape} takes a new sample first, so every scrape sees
 * the node as it is, and all its gauges see the same sample.
 */
final class NodeSampler {
  private final QueryEngine engine;
  private volatile NodeMetrics last;

  NodeSampler(QueryEngine engine, NodeMetrics first) {
    this.engine = engine;
    this.last = first;
  }

  void refresh() {
    NodeMetrics m = engine.metrics().orElse(null);
    if (m != null) last = m; // a closing engine keeps its last figures
  }

  NodeMetrics get() {
    return last;
  }
}
