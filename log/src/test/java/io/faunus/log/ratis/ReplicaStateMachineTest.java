package io.faunus.log.ratis;

import static org.assertj.core.api.Assertions.assertThat;

import io.faunus.log.AppliedListeners;
import io.faunus.log.StoreDigest;
import io.faunus.storage.Batch;
import io.faunus.storage.Cf;
import io.faunus.storage.Mvcc;
import io.faunus.storage.Tuple;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.lang.reflect.Proxy;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.storage.RaftStorage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A replica's store keeps the index of its last transaction, whoever took a snapshot after Ratis's own entries
 * (leader no-ops, commit-index records): replicas that applied the same log digest at the same index, and a restart
 * goes on from the snapshot's index without replacing the store (docs/verification.md, finding 13).
 */
class ReplicaStateMachineTest {
  @TempDir Path dir;
  private RaftStorage storage;

  private ReplicaStateMachine machine(ReplicaEngine engine) throws IOException {
    storage = RaftStorage.newBuilder().setDirectory(dir.resolve("raft").toFile())
        .setOption(RaftStorage.StartupOption.RECOVER).setStorageFreeSpaceMin(org.apache.ratis.util.SizeInBytes.ONE_MB).build();
    storage.initialize();
    var m = new ReplicaStateMachine(engine, new AppliedListeners(), HeardFrom.of(dir.resolve("raft")));
    m.initialize(server(), RatisLog.GROUP_ID, storage);
    return m;
  }

  /** The Raft server as the state machine's start sees it: only its id (the machine names itself after it). */
  private static RaftServer server() {
    return (RaftServer) Proxy.newProxyInstance(RaftServer.class.getClassLoader(), new Class<?>[] {RaftServer.class},
        (proxy, method, args) -> switch (method.getName()) {
          case "getId" -> RaftPeerId.valueOf("n1");
          case "toString" -> "n1";
          default -> throw new UnsupportedOperationException(method.getName());
        });
  }

  @Test
  void aSnapshotAfterRatissOwnEntriesLeavesTheStoreAtItsLastTransaction() throws Exception {
    Files.createDirectories(dir.resolve("raft"));
    var engine = new ReplicaEngine(dir.resolve("store"));
    try {
      var m = machine(engine);
      // A transaction at index 5 (what applyTransaction writes), then Ratis's own entries 6 and 7.
      Batch tx = new Batch().put(Cf.META, ReplicaStateMachine.TERM_KEY, new byte[] {0, 0, 0, 0, 0, 0, 0, 1});
      Mvcc.putVersion(tx, Cf.VERSIONS, Tuple.of(0L, 5L, 7L).encode(), 10, new byte[] {1});
      engine.write(tx.setAppliedIndex(5), false);
      m.notifyTermIndexUpdated(1, 5);
      String before;
      try (var snap = engine.snapshot()) {
        before = StoreDigest.of(snap).sha256();
      }
      m.notifyTermIndexUpdated(2, 7);

      assertThat(m.takeSnapshot()).isEqualTo(7);
      assertThat(dir.resolve("raft").resolve("sm").resolve("snapshot-2_7")).as("named after Raft's index").isDirectory();
      try (var snap = engine.snapshot()) {
        StoreDigest.Digest d = StoreDigest.of(snap);
        assertThat(d.appliedIndex()).as("a replica that took no snapshot digests at 5 too").isEqualTo(5);
        assertThat(d.sha256()).isEqualTo(before);
      }
      m.close();
      storage.close();

      var again = machine(engine); // a restart: goes on after the snapshot, from this store
      assertThat(again.getLastAppliedTermIndex()).isEqualTo(TermIndex.valueOf(2, 7));
      assertThat(engine.appliedIndex()).isEqualTo(5);
      again.close();
      storage.close();
    } finally {
      engine.close();
    }
  }
}
