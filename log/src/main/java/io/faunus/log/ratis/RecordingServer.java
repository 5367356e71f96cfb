package io.faunus.log.ratis;

import java.io.IOException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.concurrent.CompletableFuture;
import org.apache.ratis.proto.RaftProtos.AppendEntriesRequestProto;
import org.apache.ratis.proto.RaftProtos.InstallSnapshotRequestProto;
import org.apache.ratis.proto.RaftProtos.RaftRpcRequestProto;
import org.apache.ratis.proto.RaftProtos.ReadIndexRequestProto;
import org.apache.ratis.proto.RaftProtos.RequestVoteRequestProto;
import org.apache.ratis.proto.RaftProtos.StartLeaderElectionRequestProto;
import org.apache.ratis.server.RaftServer;

/**
 * The Raft server as its gRPC services see it: every Raft message between two members passes here, so no
 * message counts before its receiver has its sender on disk ({@link HeardFrom}). A request (a vote request,
 * entries, a snapshot, a read index, a leadership transfer) is recorded by this node before it is handled; an
 * answer (a vote, an acknowledgement) leaves only after the peer that asked confirmed it recorded this node
 * ({@link Introductions}). A member's promises (its votes and the entries it acknowledged) therefore exist only
 * at peers that remember it, which is what {@link StartGate#bootstrap} asks them.
 */
final class RecordingServer implements InvocationHandler {
  private final RaftServer server;
  private final HeardFrom heard;
  private final Introductions introductions;

  private RecordingServer(RaftServer server, HeardFrom heard, Introductions introductions) {
    this.server = server;
    this.heard = heard;
    this.introductions = introductions;
  }

  static RaftServer wrap(RaftServer server, HeardFrom heard, Introductions introductions) {
    return (RaftServer) Proxy.newProxyInstance(RaftServer.class.getClassLoader(), new Class<?>[] {RaftServer.class},
        new RecordingServer(server, heard, introductions));
  }

  @Override
  public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
    String from = args != null && args.length == 1 ? requestor(args[0]) : null;
    if (from == null) return call(method, args); // not a Raft message between members
    heard.record(from);
    Object answer = call(method, args);
    if (answer instanceof CompletableFuture<?> later) {
      if (introductions.confirmed(from)) return later; // the usual case: told once per peer
      // Asked only once the answer exists: a node without the group fails every request, answers nothing,
      // and must not be remembered (a late initial member surveying its peers).
      return later.thenCompose(a -> introductions.ensure(from).thenApply(v -> a));
    }
    introductions.ensureNow(from);
    return answer;
  }

  private Object call(Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(server, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  /** The member that sent a Raft request, or null for anything else (clients, group management). */
  private static String requestor(Object request) throws IOException {
    RaftRpcRequestProto r = switch (request) {
      case RequestVoteRequestProto p -> p.getServerRequest();
      case AppendEntriesRequestProto p -> p.getServerRequest();
      case InstallSnapshotRequestProto p -> p.getServerRequest();
      case ReadIndexRequestProto p -> p.getServerRequest();
      case StartLeaderElectionRequestProto p -> p.getServerRequest();
      default -> null;
    };
    if (r == null) return null;
    String id = r.getRequestorId().toStringUtf8();
    if (id.isEmpty()) throw new IOException("a Raft request without its sender's id");
    return id;
  }
}
