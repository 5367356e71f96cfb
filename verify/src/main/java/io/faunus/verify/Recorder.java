package io.faunus.verify;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects a history while clients run: thread-safe, one monotonic clock. Indexes and times are assigned
 * under one lock, so index order is time order.
 */
final class Recorder<V> {
  private final long startNs;
  private final List<Op<V>> ops = new ArrayList<>();

  Recorder(long startNs) {
    this.startNs = startNs;
  }

  synchronized Op<V> invoke(int process, String f, V value, String node) {
    Op<V> op = new Op<>(ops.size(), process, Op.Type.INVOKE, f, value, System.nanoTime() - startNs, node, null);
    ops.add(op);
    return op;
  }

  synchronized Op<V> complete(Op<V> invoke, Op.Type type, V value, String error) {
    if (type == Op.Type.INVOKE) throw new IllegalArgumentException("a completion is ok, fail or info");
    Op<V> op = new Op<>(ops.size(), invoke.process(), type, invoke.f(), value, System.nanoTime() - startNs,
        invoke.node(), error);
    ops.add(op);
    return op;
  }

  synchronized History<V> history() {
    return new History<>(ops);
  }
}
