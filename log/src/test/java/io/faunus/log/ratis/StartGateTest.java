package io.faunus.log.ratis;

import static org.assertj.core.api.Assertions.assertThat;

import io.faunus.log.ratis.StartGate.PeerState;
import io.faunus.log.ratis.StartGate.Verdict;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When a member with an empty Raft directory may start (finding 3 of docs/verification.md). */
class StartGateTest {
  private static final ClusterConfig N3 = new ClusterConfig("n3",
      Map.of("n1", "127.0.0.1:9443", "n2", "127.0.0.1:9444", "n3", "127.0.0.1:9445"), Path.of("raft"));
  private static final PeerState DOWN = new PeerState.Unreachable(), FRESH = new PeerState.NoGroup();

  private static PeerState inGroup(long entryTerm, boolean leader, String... members) {
    return new PeerState.InGroup(entryTerm, Set.of(members), leader);
  }

  private static Map<String, PeerState> answers(PeerState n1, PeerState n2) {
    Map<String, PeerState> m = new LinkedHashMap<>();
    m.put("n1", n1);
    m.put("n2", n2);
    return m;
  }

  @Test
  void aFirstStartGoesAheadWhenEveryInitialMemberIsFresh() {
    assertThat(StartGate.bootstrap(N3, answers(FRESH, FRESH), Set.of(), false)).isInstanceOf(Verdict.Proceed.class);
    // Members that already formed their group but committed nothing yet are starting too.
    assertThat(StartGate.bootstrap(N3, answers(inGroup(0, false, "n1", "n2", "n3"), FRESH), Set.of(), false))
        .isInstanceOf(Verdict.Proceed.class);
  }

  @Test
  void aFirstStartWaitsForAMajorityThenForTheGracePeriod() {
    assertThat(StartGate.bootstrap(N3, answers(DOWN, DOWN), Set.of(), true)).isInstanceOf(Verdict.Wait.class);
    assertThat(StartGate.bootstrap(N3, answers(FRESH, DOWN), Set.of(), false)).isInstanceOf(Verdict.Wait.class);
    assertThat(StartGate.bootstrap(N3, answers(FRESH, DOWN), Set.of(), true)).isInstanceOf(Verdict.Proceed.class);
  }

  @Test
  void aFirstStartIsRefusedWhenAnyPeerHoldsAnEstablishedGroup() {
    for (var a : java.util.List.of(answers(inGroup(1, false, "n1", "n2", "n3"), DOWN),
        answers(FRESH, inGroup(7, true, "n1", "n2", "n3")))) {
      Verdict v = StartGate.bootstrap(N3, a, Set.of(), true);
      assertThat(v).isInstanceOf(Verdict.Refuse.class);
      assertThat(((Verdict.Refuse) v).message()).contains("belongs to a running cluster", "admin remove-node",
          "--id n3", "--join", "--address 127.0.0.1:9445");
    }
  }

  @Test
  void aClusterThatFormedWhileThisNodeWaitedFreshIsJoinedAsAnInitialMember() {
    var formed = answers(inGroup(1, true, "n1", "n2", "n3"), inGroup(1, false, "n1", "n2", "n3"));
    assertThat(StartGate.bootstrap(N3, formed, Set.of("n1"), false)).isInstanceOf(Verdict.Proceed.class);
    assertThat(StartGate.bootstrap(N3, formed, Set.of(), false)).as("formed before this node asked")
        .isInstanceOf(Verdict.Refuse.class);
  }

  @Test
  void aJoinIsRefusedWhileAPeerStillListsTheNode() {
    Verdict v = StartGate.join(N3, answers(inGroup(10, false, "n1", "n2", "n3"), inGroup(10, true, "n1", "n2")));
    assertThat(v).isInstanceOf(Verdict.Refuse.class);
    assertThat(((Verdict.Refuse) v).message()).contains("still lists it as a member", "admin remove-node");
  }

  @Test
  void aJoinGoesAheadOnceTheLeaderSaysTheNodeIsNotAMember() {
    assertThat(StartGate.join(N3, answers(inGroup(10, false, "n1", "n2"), DOWN))).isInstanceOf(Verdict.Wait.class);
    assertThat(StartGate.join(N3, answers(inGroup(10, false, "n1", "n2"), inGroup(10, true, "n1", "n2"))))
        .isInstanceOf(Verdict.Proceed.class);
  }

  @Test
  void withoutAFlagAnEmptyDirectoryIsRefusedWithTheProcedure() {
    assertThat(StartGate.noStateMessage(N3)).contains("without --bootstrap or --join", "admin remove-node", "add-node");
  }

  @Test
  void raftStateIsAnyFileUnderTheGroupsDirectory(@TempDir Path raft) throws Exception {
    assertThat(StartGate.hasRaftState(raft)).isFalse();
    Path group = raft.resolve(RatisLog.GROUP_ID.getUuid().toString());
    Files.createDirectories(group.resolve("current"));
    assertThat(StartGate.hasRaftState(raft)).as("empty directories hold no term or vote").isFalse();
    Files.writeString(group.resolve("current").resolve("raft-meta"), "term=3");
    assertThat(StartGate.hasRaftState(raft)).isTrue();
  }
}
