package io.faunus.log.ratis;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.proto.RaftProtos.RaftConfigurationProto;
import org.apache.ratis.proto.RaftProtos.RaftPeerProto;
import org.apache.ratis.proto.RaftProtos.RaftPeerRole;
import org.apache.ratis.protocol.GroupInfoReply;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.retry.RetryPolicies;

/**
 * Asks the peers of a member with an empty Raft directory what they hold (Ratis group management: the group
 * list, then the group's info), until {@link StartGate} decides; bounded by {@link #WAIT_MS_MAX}.
 */
final class PeerSurvey {
  private PeerSurvey() {}

  /** As long as a starting member waits for a quorum (Node.START_WAIT_S). */
  static final long WAIT_MS_MAX = 120_000;
  static final long POLL_MS = 250;

  /**
   * Returns once the start may go ahead; throws {@link StartRefusedException} when it must not, and
   * IllegalStateException when the peers did not answer in time.
   */
  static void await(ClusterConfig config, StartMode mode) {
    List<RaftPeer> peers = new ArrayList<>();
    config.peers().forEach((id, address) -> peers.add(RaftPeer.newBuilder().setId(id).setAddress(address).build()));
    long startNs = System.nanoTime();
    boolean said = false;
    try (RaftClient client = RaftClient.newBuilder().setProperties(RatisProperties.client())
        .setRaftGroup(RaftGroup.valueOf(RatisLog.GROUP_ID, peers)).setRetryPolicy(RetryPolicies.noRetry()).build()) {
      while (true) {
        Map<String, StartGate.PeerState> answers = new LinkedHashMap<>();
        for (String id : StartGate.others(config)) answers.put(id, state(client, id, mode == StartMode.BOOTSTRAP));
        long waitedMs = (System.nanoTime() - startNs) / 1_000_000;
        StartGate.Verdict v = mode == StartMode.BOOTSTRAP ? StartGate.bootstrap(config, answers) : StartGate.join(config, answers);
        switch (v) {
          case StartGate.Verdict.Proceed p -> {
            return;
          }
          case StartGate.Verdict.Refuse r -> throw new StartRefusedException(r.message());
          case StartGate.Verdict.Wait w -> {
            if (waitedMs > WAIT_MS_MAX) throw new IllegalStateException("gave up after " + WAIT_MS_MAX + " ms " + w.why());
            if (!said) System.err.println("faunus: " + config.self() + " has an empty Raft directory; " + w.why());
            said = true;
          }
        }
        Thread.sleep(POLL_MS);
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("could not ask the peers of " + config.self(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while asking the peers of " + config.self(), e);
    }
  }

  /** {@code askHeard}: also ask whom it heard from (a peer that cannot say counts as not answering). */
  private static StartGate.PeerState state(RaftClient client, String id, boolean askHeard) {
    try {
      var api = client.getGroupManagementApi(RaftPeerId.valueOf(id));
      if (!api.list().getGroupIds().contains(RatisLog.GROUP_ID)) return new StartGate.PeerState.NoGroup();
      GroupInfoReply info = api.info(RatisLog.GROUP_ID);
      var log = info.getLogInfoProto();
      // Entries are only ever written by a leader (term >= 1); a fresh group's own bookkeeping is at term 0.
      // Several places, because a restarted member may have purged the entry its commit index points to.
      long entryTerm = -1;
      if (log != null) {
        if (log.hasLastEntry()) entryTerm = Math.max(entryTerm, log.getLastEntry().getTerm());
        if (log.hasCommitted()) entryTerm = Math.max(entryTerm, log.getCommitted().getTerm());
        if (log.hasApplied()) entryTerm = Math.max(entryTerm, log.getApplied().getTerm());
        if (log.hasLastSnapshot()) entryTerm = Math.max(entryTerm, log.getLastSnapshot().getTerm());
      }
      boolean leader = info.getRoleInfoProto() != null && info.getRoleInfoProto().getRole() == RaftPeerRole.LEADER;
      Set<String> members = members(info.getConf().orElse(null));
      // The group is the division's configuration (old and new peers); the conf proto is not always filled in.
      for (RaftPeer p : info.getGroup().getPeers()) members.add(p.getId().toString());
      Set<String> heard = Set.of();
      if (askHeard) {
        RaftClientReply reply = client.io().sendStaleRead(HeardMessages.list(), -1, RaftPeerId.valueOf(id));
        if (!reply.isSuccess()) return new StartGate.PeerState.Unreachable();
        var ids = HeardMessages.ids(reply.getMessage());
        if (ids.isEmpty()) return new StartGate.PeerState.Unreachable(); // an older version keeps no record
        heard = ids.get();
      }
      return new StartGate.PeerState.InGroup(entryTerm, members, leader, heard);
    } catch (IOException | RuntimeException e) {
      // Ratis reports a peer that is down or still starting in several ways (IOException, gRPC's
      // StatusRuntimeException...): all mean "no answer this round".
      return new StartGate.PeerState.Unreachable();
    }
  }

  private static Set<String> members(RaftConfigurationProto conf) {
    Set<String> out = new HashSet<>();
    if (conf == null) return out;
    for (RaftPeerProto p : conf.getPeersList()) out.add(p.getId().toStringUtf8());
    for (RaftPeerProto p : conf.getOldPeersList()) out.add(p.getId().toStringUtf8());
    return out;
  }
}
