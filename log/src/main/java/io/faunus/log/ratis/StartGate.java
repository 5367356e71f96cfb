package io.faunus.log.ratis;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Decides whether a member with an empty Raft directory may start (finding 3 of docs/verification.md): a voter
 * that lost its disk has forgotten the entries it acknowledged and the votes it cast, and Raft's safety assumes
 * it never does. So an empty directory is accepted only for a first start ({@link StartMode#BOOTSTRAP}, after
 * asking the peers whether any heard from this member: {@link HeardFrom}) or outside the group
 * ({@link StartMode#JOIN}, after checking that it was removed).
 * The decisions are pure functions of the peers' answers ({@link PeerSurvey} asks them).
 */
final class StartGate {
  private StartGate() {}

  /** What one peer said about the Raft group, or that it did not answer. */
  sealed interface PeerState {
    record Unreachable() implements PeerState {}

    /** Its Raft server runs without the group: an initial member asking its own peers, like this one. */
    record NoGroup() implements PeerState {}

    /**
     * It has the group. {@code entryTerm}: the highest term among its last log entry, commit, apply and
     * snapshot; below 1, no leader ever wrote to it (an initial member waiting for a quorum, or a node waiting to
     * be added). {@code members}: its configuration (old and new peers during a change). {@code heardFrom}: the
     * members it ever exchanged a Raft message with ({@link HeardFrom}; asked only for a bootstrap).
     */
    record InGroup(long entryTerm, Set<String> members, boolean leader, Set<String> heardFrom) implements PeerState {
      public InGroup {
        members = Set.copyOf(members);
        heardFrom = Set.copyOf(heardFrom);
      }

      /** A leader elected by a majority wrote to it: the cluster exists. */
      boolean established() {
        return entryTerm >= 1;
      }

      /** It took part in a cluster: a leader wrote to it, or it exchanged messages with another member. */
      boolean running() {
        return established() || !heardFrom.isEmpty();
      }
    }
  }

  sealed interface Verdict {
    record Proceed() implements Verdict {}

    /** Ask again; {@code why} is said once to the operator. */
    record Wait(String why) implements Verdict {}

    record Refuse(String message) implements Verdict {}
  }

  /** True when Ratis has kept anything for the group in {@code raftDir} (a term, a vote, log entries, a snapshot). */
  static boolean hasRaftState(Path raftDir) {
    Path group = raftDir.resolve(RatisLog.GROUP_ID.getUuid().toString());
    if (!Files.isDirectory(group)) return false;
    try (Stream<Path> files = Files.walk(group)) {
      return files.anyMatch(Files::isRegularFile);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot read the Raft directory " + group, e);
    }
  }

  /** Neither flag and no state: refused outright (nothing the peers say can make it safe). */
  static String noStateMessage(ClusterConfig config) {
    return config.self() + " has no Raft state in " + config.raftDir() + " (its data directory is new, or was lost), "
        + "and it was started without --bootstrap or --join. " + replaceAdvice(config)
        + " For the first start of a new cluster, start every initial member with --bootstrap.";
  }

  /**
   * A first start (an empty Raft directory, {@code --bootstrap}). Every Raft message is on disk at its receiver
   * before it counts ({@link RecordingServer}), so a member that ever voted, acknowledged an entry or led is
   * remembered by the peer that counted it; one whose data was lost is refused when any peer remembers it. When
   * no peer ran a cluster yet, a majority of fresh initial members (this one included) goes ahead at once.
   * When a cluster runs and no peer remembers this member, it is an initial member that started late and joins
   * as the voter it is, however late, once every other member of the configuration answered (the one that
   * counted a lost member's promises may be the one that does not answer). A peer without the group counts as
   * answered only when no running member heard from it either: then it never took part, so it remembers nothing
   * (another late member); otherwise it lost its record and this member waits until it is replaced.
   */
  static Verdict bootstrap(ClusterConfig config, Map<String, PeerState> answers) {
    String self = config.self();
    for (var e : answers.entrySet()) {
      if (e.getValue() instanceof PeerState.InGroup g && g.heardFrom().contains(self)) {
        return new Verdict.Refuse(self + " was started with --bootstrap and an empty Raft directory, but its peer "
            + e.getKey() + (g.established() ? " belongs to a running cluster (its log has entries of term " + g.entryTerm() + ") and" : "")
            + " has heard from " + self + " before (it voted, acknowledged entries or led there), so this is not a first "
            + "start: " + self + " has lost its data. " + replaceAdvice(config));
      }
    }
    int members = config.peers().size();
    boolean running = answers.values().stream().anyMatch(s -> s instanceof PeerState.InGroup g && g.running());
    if (!running) {
      int fresh = 1 + (int) answers.values().stream().filter(s -> !(s instanceof PeerState.Unreachable)).count();
      // A majority of fresh members means a majority of empty disks: nothing committed survived anyway.
      if (fresh > members / 2) return new Verdict.Proceed();
      return new Verdict.Wait("waiting for a majority of the initial members " + config.peers().keySet() + " to start ("
          + fresh + " of " + members + " answer)...");
    }
    Set<String> configuration = new TreeSet<>(), heardByCluster = new HashSet<>();
    for (var e : answers.entrySet()) {
      if (!(e.getValue() instanceof PeerState.InGroup g)) continue;
      if (g.established() && !g.members().isEmpty() && !g.members().contains(self)) {
        return new Verdict.Refuse(self + " was started with --bootstrap and an empty Raft directory, but it is not a "
            + "member of the running cluster " + new TreeSet<>(g.members()) + " (as its peer " + e.getKey() + " says: it "
            + "was removed). " + replaceAdvice(config));
      }
      configuration.addAll(g.members());
      heardByCluster.addAll(g.heardFrom());
    }
    Set<String> waitingFor = new TreeSet<>();
    for (String m : configuration) {
      if (m.equals(self)) continue;
      PeerState s = answers.getOrDefault(m, new PeerState.Unreachable());
      boolean answered = s instanceof PeerState.InGroup || (s instanceof PeerState.NoGroup && !heardByCluster.contains(m));
      if (!answered) waitingFor.add(m);
    }
    if (waitingFor.isEmpty()) return new Verdict.Proceed();
    return new Verdict.Wait("a cluster runs and no member that answered has heard from " + self + " (an initial member "
        + "starting late); waiting for " + waitingFor + " to answer too, since any member may be the one that remembers it"
        + (config.peers().keySet().containsAll(configuration) ? "" : " (members missing from --peers cannot be asked: list every current member)")
        + "...");
  }

  /** A join: refused while a peer still lists this node as a member; goes ahead once a leader says it does not. */
  static Verdict join(ClusterConfig config, Map<String, PeerState> answers) {
    boolean leaderSeen = false;
    for (var e : answers.entrySet()) {
      if (e.getValue() instanceof PeerState.InGroup g) {
        if (g.members().contains(config.self())) {
          return new Verdict.Refuse(config.self() + " was started with --join and an empty Raft directory, but its peer "
              + e.getKey() + " still lists it as a member: it must be removed first (it may have lost its data). "
              + replaceAdvice(config));
        }
        leaderSeen |= g.leader();
      }
    }
    return leaderSeen ? new Verdict.Proceed()
        : new Verdict.Wait("waiting to reach the leader of the cluster among " + others(config) + "...");
  }

  private static String replaceAdvice(ClusterConfig config) {
    return "A member whose data was lost must not rejoin under its old identity (it has forgotten its log and "
        + "its votes). Replace it: ./faunus admin remove-node --url http://<a live member> --id " + config.self()
        + ", then start it with --join (same --node-id and --peers), then ./faunus admin add-node --url "
        + "http://<a live member> --id " + config.self() + " --address " + config.peers().get(config.self())
        + " (docs/operations.md, \"Replacing a lost disk\").";
  }

  static Set<String> others(ClusterConfig config) {
    Set<String> out = new HashSet<>(config.peers().keySet());
    out.remove(config.self());
    return out;
  }
}
