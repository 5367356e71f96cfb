package io.faunus.log.ratis;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.ratis.proto.RaftProtos.AppendEntriesReplyProto;
import org.apache.ratis.proto.RaftProtos.AppendEntriesRequestProto;
import org.apache.ratis.proto.RaftProtos.RaftRpcRequestProto;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the proxy in front of the Raft server records, and when it makes the asker record this node. */
class RecordingServerTest {
  private final List<String> asked = new CopyOnWriteArrayList<>();

  private static AppendEntriesRequestProto entriesFrom(String leader) {
    return AppendEntriesRequestProto.newBuilder()
        .setServerRequest(RaftRpcRequestProto.newBuilder().setRequestorId(ByteString.copyFromUtf8(leader))).build();
  }

  /** A Raft server whose appendEntriesAsync answers with {@code answer}. */
  private static RaftServer server(CompletableFuture<AppendEntriesReplyProto> answer) {
    return (RaftServer) Proxy.newProxyInstance(RaftServer.class.getClassLoader(), new Class<?>[] {RaftServer.class},
        (p, m, a) -> m.getName().equals("appendEntriesAsync") ? answer : null);
  }

  private RaftServer recording(Path dir, CompletableFuture<AppendEntriesReplyProto> answer) {
    Introductions intro = new Introductions("n3", Map.of(), () -> null, (peer, c) -> {
      asked.add(peer);
      return CompletableFuture.completedFuture(null);
    });
    return RecordingServer.wrap(server(answer), HeardFrom.of(dir.resolve("raft")), intro);
  }

  @Test
  void aNodeWithoutTheGroupRecordsTheSenderButMakesNobodyRecordIt(@TempDir Path dir) throws Exception {
    // The late initial member's case: the leader's entries reach its server before it joined the group.
    var refused = CompletableFuture.<AppendEntriesReplyProto>failedFuture(new java.io.IOException("group not found"));
    var answer = recording(dir, refused).appendEntriesAsync(entriesFrom("n1"));
    assertThat(answer).isCompletedExceptionally();
    Thread.sleep(200); // an ask, had one been started, runs on its own thread
    assertThat(asked).as("no answer left, so n1 must not remember n3").isEmpty();
    assertThat(HeardFrom.of(dir.resolve("raft")).ids()).containsExactly("n1");
  }

  @Test
  void anAnswerLeavesOnlyOnceTheAskerRecordedThisNode(@TempDir Path dir) throws Exception {
    var ok = CompletableFuture.completedFuture(AppendEntriesReplyProto.getDefaultInstance());
    RaftServer s = recording(dir, ok);
    assertThat(s.appendEntriesAsync(entriesFrom("n1")).get()).isNotNull();
    assertThat(s.appendEntriesAsync(entriesFrom("n1")).get()).isNotNull();
    assertThat(asked).as("asked once per peer and configuration").containsExactly("n1");
    assertThat(HeardFrom.of(dir.resolve("raft")).ids()).containsExactly("n1");
  }
}
