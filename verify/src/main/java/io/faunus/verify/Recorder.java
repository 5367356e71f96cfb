package io.faunus.verify;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Collects a history while clients run: thread-safe, one monotonic clock. Indexes and times are assigned
 * under one lock, so index order is time order.
 */
final class Recorder<V> {
  private final long startNs;
  private final LongSupplier nanoTime;
  private final List<Op<V>> ops = new ArrayList<>();

  Recorder(long startNs) {
    this(startNs, System::nanoTime);
  }

  /** With the clock {@code nanoTime} (the simulation records simulated time). */
  Recorder(long startNs, LongSupplier nanoTime) {
    this.startNs = startNs;
    this.nanoTime = nanoTime;
  }

  synchronized Op<V> invoke(int process, String f, V value, String node) {
    Op<V> op = new Op<>(ops.size(), process, Op.Type.INVOKE, f, value, nanoTime.getAsLong() - startNs, node, null);
    ops.add(op);
    return op;
  }

  synchronized Op<V> complete(Op<V> invoke, Op.Type type, V value, String error) {
    if (type == Op.Type.INVOKE) throw new IllegalArgumentException("a completion is ok, fail or info");
    Op<V> op = new Op<>(ops.size(), invoke.process(), type, invoke.f(), value, nanoTime.getAsLong() - startNs,
        invoke.node(), error);
    ops.add(op);
    return op;
  }

  synchronized History<V> history() {
    return new History<>(ops);
  }
}
