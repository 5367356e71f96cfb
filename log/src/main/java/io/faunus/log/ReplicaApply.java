package io.faunus.log;

import io.faunus.storage.Batch;
import io.faunus.storage.Engine;
import io.faunus.storage.Snapshot;
import java.util.function.UnaryOperator;

/**
 * How a replica applies the log's entry at one index to its store, exactly once. The store records the
 * index in the same atomic batch as the data, so after a crash (which may lose the store's newest, not yet
 * synced batches, each one whole) replaying the log from any earlier point skips what the store already has
 * and applies the rest: the store ends as if it had never crashed. {@code ratis.ReplicaStateMachine} applies
 * with this; the deterministic simulation ({@code verify}'s SimulationTest) drives the same code with crashes.
 */
public final class ReplicaApply {
  private ReplicaApply() {}

  /** True when the store already has the entry at {@code index} (a replay after a restart). */
  public static boolean alreadyApplied(Engine engine, long index) {
    return index <= engine.appliedIndex();
  }

  /**
   * Applies {@code entry} at {@code index}, adding the replica's own bookkeeping ({@code extra}, e.g. the Raft
   * term) to the same batch. The batch is not synced: the log, durable on a quorum, is the record.
   */
  public static Applier.Applied apply(Engine engine, Entry entry, long index, UnaryOperator<Batch> extra) {
    if (alreadyApplied(engine, index)) {
      throw new IllegalStateException("entry " + index + " is already applied (store at " + engine.appliedIndex() + ")");
    }
    Applier.Applied applied;
    try (Snapshot snap = engine.snapshot()) {
      applied = Applier.apply(snap, entry, index);
    }
    engine.write(extra.apply(applied.batch()), false);
    return applied;
  }
}
