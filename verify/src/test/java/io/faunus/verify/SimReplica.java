package io.faunus.verify;

import io.faunus.log.Applier;
import io.faunus.log.CommitClock;
import io.faunus.log.Intent;
import io.faunus.node.Node;
import io.faunus.storage.Snapshot;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * One simulated cluster member: its store, the node (the production query coordinator) over it while it
 * runs, its proposer clock (the simulated wall clock plus this member's skew), and the intents its
 * coordinator submitted that the log has not ordered yet.
 */
final class SimReplica {
  /** Intents waiting to be ordered, per member; beyond this the log answers BUSY (as the real batcher does). */
  static final int PENDING_MAX = 64;

  record Pending(Intent intent, SimFuture future) {}

  final int number;
  final String name;
  SimEngine engine = new SimEngine();
  /** The running node, or null while the member is down (crashed, not restarted yet). */
  Node node;
  /** Counts restarts: a log view of an older incarnation refuses everything. */
  int incarnation;
  long skewMicros;
  final CommitClock clock;
  final Deque<Pending> pending = new ArrayDeque<>();
  long lastCommitMicros;

  SimReplica(int number, SimCluster cluster) {
    this.number = number;
    this.name = "n" + (number + 1);
    this.clock = new CommitClock(() -> cluster.nowMicros() + skewMicros, 0);
  }

  boolean up() {
    return node != null;
  }

  /** The last log index applied (the log starts at 1; 0 before the first). */
  long appliedIndex() {
    return Math.max(engine.appliedIndex(), 0);
  }

  /** Reads the last commit time from the store, as a restarted replica does. */
  void reloadCommitMicros() {
    try (Snapshot snap = engine.snapshot()) {
      lastCommitMicros = Applier.lastCommitMicros(snap);
    }
  }
}
