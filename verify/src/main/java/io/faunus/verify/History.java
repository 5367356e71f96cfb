package io.faunus.verify;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A finished history: operations in the order they happened. The constructor checks that it is well formed
 * (indexes 0.., times never decrease, each process alternates invoke and completion of the same f), so a
 * checker never has to guess what a malformed history means.
 */
final class History<V> {
  private final List<Op<V>> ops;
  private final List<Pair<V>> pairs;

  History(List<Op<V>> ops) {
    this.ops = List.copyOf(ops);
    List<Pair<V>> out = new ArrayList<>();
    Map<Integer, Integer> pending = new HashMap<>(); // process → index into out of its open invocation
    long lastNs = Long.MIN_VALUE;
    for (int i = 0; i < this.ops.size(); i++) {
      Op<V> op = this.ops.get(i);
      if (op.index() != i) throw new IllegalArgumentException("op " + i + " has index " + op.index());
      if (op.timeNs() < lastNs) throw new IllegalArgumentException("op " + i + " goes back in time");
      lastNs = op.timeNs();
      Integer open = pending.get(op.process());
      if (op.isInvoke()) {
        if (open != null) throw new IllegalArgumentException("process " + op.process() + " invokes op " + i + " with op " + out.get(open).invoke().index() + " in flight");
        pending.put(op.process(), out.size());
        out.add(new Pair<>(op, null));
      } else {
        if (open == null) throw new IllegalArgumentException("op " + i + " completes nothing");
        Op<V> invoke = out.get(open).invoke();
        if (!invoke.f().equals(op.f())) throw new IllegalArgumentException("op " + i + " completes a " + invoke.f() + " as " + op.f());
        out.set(open, new Pair<>(invoke, op));
        pending.remove(op.process());
      }
    }
    this.pairs = List.copyOf(out);
  }

  List<Op<V>> ops() {
    return ops;
  }

  /** Every invocation with its completion (null if none), in invocation order. */
  List<Pair<V>> pairs() {
    return pairs;
  }

  Op<V> op(int index) {
    return ops.get(index);
  }

  /**
   * Builds hand-made histories for tests and examples: each call appends one op at the next tick of a fake
   * clock (1 µs apart), so the order of calls is the real-time order.
   */
  static final class Builder<V> {
    private final List<Op<V>> ops = new ArrayList<>();
    private final Map<Integer, Op<V>> open = new HashMap<>();

    Builder<V> invoke(int process, String f, V value) {
      Op<V> op = new Op<>(ops.size(), process, Op.Type.INVOKE, f, value, ops.size() * 1_000L, null, null);
      ops.add(op);
      open.put(process, op);
      return this;
    }

    Builder<V> ok(int process, V value) {
      return complete(process, Op.Type.OK, value);
    }

    /** Completes ok with the value the invocation carried. */
    Builder<V> ok(int process) {
      return complete(process, Op.Type.OK, open.get(process).value());
    }

    Builder<V> fail(int process) {
      return complete(process, Op.Type.FAIL, open.get(process).value());
    }

    Builder<V> info(int process) {
      return complete(process, Op.Type.INFO, open.get(process).value());
    }

    private Builder<V> complete(int process, Op.Type type, V value) {
      Op<V> inv = open.remove(process);
      if (inv == null) throw new IllegalStateException("process " + process + " has nothing in flight");
      ops.add(new Op<>(ops.size(), process, type, inv.f(), value, ops.size() * 1_000L, null, null));
      return this;
    }

    History<V> build() {
      return new History<>(ops);
    }
  }
}
