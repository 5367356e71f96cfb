package io.faunus.verify;

import java.util.List;
import java.util.Random;

/**
 * One consistency workload: the data it sets up, the operations its clients invoke (a generator shared by
 * every client, so it is thread-safe), how an operation runs as one FQL query, the final operations after
 * the cluster healed, and the checker for its histories.
 */
interface Workload<V> {
  String name();

  /** Idempotent FQL statements run in order, each until it answers 200, before clients start. */
  List<String> setup();

  /** The next operation to invoke; null when the workload has done all it means to (e.g. the set is full). */
  Invocation<V> next(Random random);

  /** Runs one operation as one query; a thrown exception would be a bug (every answer maps to a completion). */
  Completion<V> run(Queries client, Invocation<V> op);

  /** Operations each node runs once the faults stopped (final reads), or none. */
  List<Invocation<V>> finals();

  Checker<V> checker();

  /** The checker for histories of nodes in {@code mode}; workloads that read across clients override it. */
  default Checker<V> checker(ReadMode mode) {
    return checker();
  }

  /** Whether the checker is right for nodes in {@code mode} (see {@link ReadMode}). */
  default boolean checks(ReadMode mode) {
    return mode == ReadMode.linearizable;
  }

  /**
   * A query whose answer is this workload's whole state with commit times (documents' ts), run on every node
   * once the load stopped: replicas that applied the same log must answer identically.
   */
  String dumpQuery();

  record Invocation<V>(String f, V value) {}

  record Completion<V>(Op.Type type, V value, String error) {
    static <V> Completion<V> ok(V value) {
      return new Completion<>(Op.Type.OK, value, null);
    }

    /** The completion of a query that did not answer 200: fail or info, with the invoked value. */
    static <V> Completion<V> of(Reply r, V invoked) {
      return switch (r) {
        case Reply.Ok ok -> throw new IllegalArgumentException("an ok reply needs its value");
        case Reply.Fail f -> new Completion<>(Op.Type.FAIL, invoked, f.status() + " " + f.code());
        case Reply.Unknown u -> new Completion<>(Op.Type.INFO, invoked, u.why());
      };
    }
  }
}
