package io.faunus.verify;

import io.faunus.log.Applier;
import io.faunus.log.CommitLog;
import io.faunus.log.Intent;
import io.faunus.log.ListenedLog;
import java.util.List;
import java.util.OptionalLong;

/**
 * The {@link CommitLog} one incarnation of a simulated member hands to its node, with the replicated log's
 * contract ({@code ratis.RatisLog}): a read is a ReadIndex (the member applies everything the log holds, then
 * reads at its last commit time), a submitted intent completes once the member itself applied the entry
 * that ordered it, and after a crash the old incarnation's view refuses everything.
 */
final class SimLog extends ListenedLog {
  private final SimCluster cluster;
  private final SimReplica replica;
  private final int incarnation;

  SimLog(SimCluster cluster, SimReplica replica) {
    this.cluster = cluster;
    this.replica = replica;
    this.incarnation = replica.incarnation;
  }

  private boolean current() {
    return replica.incarnation == incarnation;
  }

  @Override
  public Submission submit(Intent intent) {
    if (!current()) return new Submission.Rejected(Refusal.UNAVAILABLE, "the node crashed");
    if (replica.pending.size() >= SimReplica.PENDING_MAX) return new Submission.Rejected(Refusal.BUSY, "too many pending");
    SimFuture future = new SimFuture(cluster);
    replica.pending.addLast(new SimReplica.Pending(intent, future));
    return new Submission.Accepted(future);
  }

  @Override
  public long beginRead() {
    if (!current()) throw new UnavailableException("the node crashed", null);
    if (cluster.staleReads && cluster.faultsOn) return replica.lastCommitMicros; // the planted bug: no barrier
    if (!cluster.catchUp(replica, cluster.logSize())) throw new UnavailableException("crashed while catching up", null);
    return replica.lastCommitMicros;
  }

  @Override
  public OptionalLong tryBeginRead() {
    return OptionalLong.empty(); // as in a cluster: a read barrier always asks the log
  }

  @Override
  public void observe(long micros) {}

  @Override
  public Status status() {
    return new Status(replica.name, "FOLLOWER", 1, "n1", cluster.logSize(), replica.appliedIndex(), replica.lastCommitMicros);
  }

  /** The cluster applied an entry on this member: its node's listeners hear of it as on a real replica. */
  void applied(List<Applier.Change> changes, long lastCommitMicros) {
    listeners.applied(changes, lastCommitMicros);
  }

  @Override
  public Stats stats() {
    return new Stats(0, 0);
  }

  @Override
  public void close() {}
}
