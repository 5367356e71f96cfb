package io.faunus.log.ratis;

import org.apache.ratis.conf.Parameters;
import org.apache.ratis.grpc.GrpcFactory;
import org.apache.ratis.grpc.server.GrpcServices;
import org.apache.ratis.rpc.RpcFactory;
import org.apache.ratis.rpc.RpcType;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.leader.FollowerInfo;
import org.apache.ratis.server.leader.LeaderState;
import org.apache.ratis.server.leader.LogAppender;

/**
 * Ratis's gRPC transport with the server's services bound to a {@link RecordingServer}, and the leader's senders
 * to its followers {@link CatchUpAppender}s. Ratis instantiates an
 * RPC type named by its class ({@code raft.rpc.type}), so the record and the introductions travel in the
 * server's {@link Parameters}.
 */
public final class RecordingRpc implements RpcType {
  static final String HEARD = "faunus.heard-from", INTRODUCTIONS = "faunus.introductions";

  /** Ratis creates it by reflection. */
  public RecordingRpc() {}

  @Override
  public String name() {
    return RecordingRpc.class.getName();
  }

  @Override
  public RpcFactory newFactory(Parameters parameters) {
    return new Factory(parameters);
  }

  static Parameters parameters(HeardFrom heard, Introductions introductions) {
    Parameters p = new Parameters();
    p.put(HEARD, heard, HeardFrom.class);
    p.put(INTRODUCTIONS, introductions, Introductions.class);
    return p;
  }

  private static final class Factory extends GrpcFactory {
    private final HeardFrom heard;
    private final Introductions introductions;

    Factory(Parameters parameters) {
      super(parameters);
      this.heard = parameters == null ? null : parameters.get(HEARD, HeardFrom.class);
      this.introductions = parameters == null ? null : parameters.get(INTRODUCTIONS, Introductions.class);
    }

    @Override
    public GrpcServices newRaftServerRpc(RaftServer server) {
      if (heard == null || introductions == null) throw new IllegalStateException("a Faunus Raft server needs its heard-from record");
      return super.newRaftServerRpc(RecordingServer.wrap(server, heard, introductions));
    }

    @Override
    public LogAppender newLogAppender(RaftServer.Division server, LeaderState state, FollowerInfo follower) {
      return new CatchUpAppender(server, state, follower);
    }
  }
}
