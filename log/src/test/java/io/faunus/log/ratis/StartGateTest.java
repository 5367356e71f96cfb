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
    return new PeerState.InGroup(entryTerm, Set.of(members), leader, Set.of());
  }

  /** A member of a running cluster (term 4, all three in the configuration) that heard from {@code heard}. */
  private static PeerState running(String... heard) {
    return new PeerState.InGroup(4, Set.of("n1", "n2", "n3"), false, Set.of(heard));
  }

  private static Map<String, PeerState> answers(PeerState n1, PeerState n2) {
    Map<String, PeerState> m = new LinkedHashMap<>();
    m.put("n1", n1);
    m.put("n2", n2);
    return m;
  }

  @Test
  void aFirstStartGoesAheadWithAMajorityOfFreshInitialMembersAtOnce() {
    assertThat(StartGate.bootstrap(N3, answers(FRESH, FRESH))).isInstanceOf(Verdict.Proceed.class);
    // No grace period: a member that comes later joins as a late initial member (below).
    assertThat(StartGate.bootstrap(N3, answers(FRESH, DOWN))).isInstanceOf(Verdict.Proceed.class);
    // Members that already formed their group but heard from nobody and committed nothing are starting too.
    assertThat(StartGate.bootstrap(N3, answers(inGroup(0, false, "n1", "n2", "n3"), DOWN))).isInstanceOf(Verdict.Proceed.class);
    assertThat(StartGate.bootstrap(N3, answers(DOWN, DOWN))).isInstanceOf(Verdict.Wait.class);
  }

  @Test
  void aMemberThatAPeerHeardFromIsRefusedAsHavingLostItsData() {
    for (var a : java.util.List.of(answers(running("n2", "n3"), DOWN), answers(FRESH, running("n3")),
        answers(new PeerState.InGroup(0, Set.of("n1", "n2", "n3"), false, Set.of("n3")), FRESH))) {
      Verdict v = StartGate.bootstrap(N3, a);
      assertThat(v).isInstanceOf(Verdict.Refuse.class);
      assertThat(((Verdict.Refuse) v).message()).contains("has heard from n3 before", "lost its data", "admin remove-node",
          "--id n3", "--join", "--address 127.0.0.1:9445");
    }
    assertThat(((Verdict.Refuse) StartGate.bootstrap(N3, answers(running("n3"), running("n1")))).message())
        .contains("belongs to a running cluster (its log has entries of term 4)");
  }

  @Test
  void anInitialMemberStartingAfterTheOthersFormedTheClusterJoinsAsAVoterHoweverLate() {
    assertThat(StartGate.bootstrap(N3, answers(running("n2"), running("n1")))).isInstanceOf(Verdict.Proceed.class);
  }

  @Test
  void aLateMemberWaitsForEveryMemberSinceAnyMayBeTheOneThatRemembersIt() {
    // n2 may be the leader that counted n3's acknowledgements: without its answer nothing is known.
    Verdict v = StartGate.bootstrap(N3, answers(running("n2"), DOWN));
    assertThat(v).isInstanceOf(Verdict.Wait.class);
    assertThat(((Verdict.Wait) v).why()).contains("waiting for [n2]");
    // A peer without the group that the cluster heard from lost its record: wait until it is replaced.
    assertThat(StartGate.bootstrap(N3, answers(running("n2"), FRESH))).isInstanceOf(Verdict.Wait.class);
  }

  @Test
  void twoLateMembersDoNotWaitForEachOther() {
    ClusterConfig n5 = new ClusterConfig("n5", Map.of("n1", "h:1", "n2", "h:2", "n3", "h:3", "n4", "h:4", "n5", "h:5"),
        Path.of("raft"));
    Set<String> all = Set.of("n1", "n2", "n3", "n4", "n5");
    Map<String, PeerState> a = new LinkedHashMap<>();
    a.put("n1", new PeerState.InGroup(2, all, true, Set.of("n2", "n3")));
    a.put("n2", new PeerState.InGroup(2, all, false, Set.of("n1")));
    a.put("n3", new PeerState.InGroup(2, all, false, Set.of("n1")));
    a.put("n4", FRESH); // never heard from: it never took part, so it remembers nothing
    assertThat(StartGate.bootstrap(n5, a)).isInstanceOf(Verdict.Proceed.class);
    a.put("n4", DOWN);
    assertThat(StartGate.bootstrap(n5, a)).isInstanceOf(Verdict.Wait.class);
  }

  @Test
  void aMemberRemovedFromTheRunningClusterIsRefused() {
    PeerState without = new PeerState.InGroup(4, Set.of("n1", "n2"), true, Set.of("n2"));
    Verdict v = StartGate.bootstrap(N3, answers(without, running("n1")));
    assertThat(v).isInstanceOf(Verdict.Refuse.class);
    assertThat(((Verdict.Refuse) v).message()).contains("not a member of the running cluster", "--join");
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
