package io.faunus.log.ratis;

import org.apache.ratis.grpc.server.GrpcLogAppender;
import org.apache.ratis.proto.RaftProtos.AppendEntriesRequestProto;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.leader.FollowerInfo;
import org.apache.ratis.server.leader.LeaderState;
import org.apache.ratis.server.raftlog.RaftLog;
import org.apache.ratis.server.raftlog.RaftLogIOException;
import org.apache.ratis.statemachine.SnapshotInfo;

/**
 * Ratis's gRPC log appender (the leader's sender to one follower), which also sends its snapshot to a follower whose
 * next entry is the first of the leader's purged log.
 *
 * <p>Ratis (3.2.2) sends a snapshot only to a follower whose next index is below the log's start. At the start
 * exactly, entries could follow, but an append names the entry before them, which the purge removed and which is not
 * the snapshot's last either (a purge removes whole log segments, up to the snapshot). Ratis then fails the append
 * with "Previous TermIndex not found" and stops its appender for that follower: the follower never catches up, and a
 * cluster with one more member down has no quorum. The usual way there: a leader is killed after its entries were
 * replicated; its successor's term begins a new log segment at the killed leader's next index; a snapshot purges the
 * segments before it; the old leader comes back (docs/verification.md, finding 12).
 */
final class CatchUpAppender extends GrpcLogAppender {
  CatchUpAppender(RaftServer.Division server, LeaderState leaderState, FollowerInfo follower) {
    super(server, leaderState, follower);
  }

  @Override
  public SnapshotInfo shouldInstallSnapshot() {
    SnapshotInfo snapshot = super.shouldInstallSnapshot();
    return snapshot != null ? snapshot : snapshotPastLostPrevious();
  }

  /**
   * An append built while the follower's next index moved to the log's start (the answer to an earlier append, on a
   * gRPC thread) fails as described above; none is sent then, and the next round sends the snapshot.
   */
  @Override
  public AppendEntriesRequestProto newAppendEntriesRequest(long callId, boolean heartbeat) throws RaftLogIOException {
    try {
      return super.newAppendEntriesRequest(callId, heartbeat);
    } catch (NullPointerException e) {
      if (snapshotPastLostPrevious() == null) throw e;
      return null;
    }
  }

  /** The snapshot to send instead of entries the follower cannot be sent, or null. */
  private SnapshotInfo snapshotPastLostPrevious() {
    RaftLog log = getRaftLog();
    SnapshotInfo snapshot = getServer().getStateMachine().getLatestSnapshot();
    long next = getFollower().getNextIndex();
    boolean previousInLog = next > RaftLog.LEAST_VALID_LOG_INDEX && log.getTermIndex(next - 1) != null;
    return previousLost(next, log.getNextIndex(), previousInLog, snapshot == null ? -1 : snapshot.getIndex())
        ? snapshot : null;
  }

  /**
   * Whether a follower expecting entry {@code next} can only be brought up to date by the snapshot at
   * {@code snapshotIndex} (-1: none): it lacks entries the leader has, and the entry before them is neither in the
   * leader's log nor the snapshot's last (then Ratis names it from the snapshot).
   */
  static boolean previousLost(long next, long logNext, boolean previousInLog, long snapshotIndex) {
    return next > RaftLog.LEAST_VALID_LOG_INDEX && next < logNext && !previousInLog && snapshotIndex >= next;
  }
}
