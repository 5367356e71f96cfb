package io.faunus.log.ratis;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Decides whether a member with an empty Raft directory may start (finding 3 of docs/verification.md): a voter
 * that lost its disk has forgotten the entries it acknowledged and the votes it cast, and Raft's safety assumes
 * it never does. So an empty directory is accepted only for a first start ({@link StartMode#BOOTSTRAP}, after
 * asking the peers) or outside the group ({@link StartMode#JOIN}, after checking that it was removed).
 * The decisions are pure functions of the peers' answers ({@link PeerSurvey} asks them).
 */
final class StartGate {
  private StartGate() {}

  /**
   * A first start waits this long for every initial member before going ahead with a majority of them. Long,
   * because a member that arrives after a majority went ahead finds an established cluster and is refused
   * (nothing tells its first start from a lost disk); 10 s was too short for three JVMs starting at once on a
   * loaded 2-core machine (a CI run of VerifyE2ETest lost a member that way). Only a first start with an
   * initial member down pays this wait.
   */
  static final long BOOTSTRAP_GRACE_MS = 60_000;

  /** What one peer said about the Raft group, or that it did not answer. */
  sealed interface PeerState {
    record Unreachable() implements PeerState {}

    /** Its Raft server runs without the group: an initial member asking its own peers, like this one. */
    record NoGroup() implements PeerState {}

    /**
     * It has the group. {@code entryTerm}: the highest term among its last log entry, commit, apply and
     * snapshot; below 1, no leader ever wrote to it (an initial member waiting for a quorum, or a node waiting to
     * be added). {@code members}: its configuration (old and new peers during a change).
     */
    record InGroup(long entryTerm, Set<String> members, boolean leader) implements PeerState {
      public InGroup {
        members = Set.copyOf(members);
      }

      /** A leader elected by a majority wrote to it: the cluster exists. */
      boolean established() {
        return entryTerm >= 1;
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
   * A first start: refused when any peer holds an established group (a leader wrote to it) that formed before
   * this survey ({@code seenFresh}: the peers this survey saw without the group so far; one of them now established means
   * the cluster formed while this node waited, fresh, so it is an initial member arriving a little late); goes ahead when every other initial
   * member answered as fresh too, or, after {@link #BOOTSTRAP_GRACE_MS}, when a majority (this node included)
   * did. (A majority of fresh members means a majority of disks is empty: nothing committed survived anyway.)
   */
  static Verdict bootstrap(ClusterConfig config, Map<String, PeerState> answers, Set<String> seenFresh, boolean graceOver) {
    int fresh = 1;
    for (var e : answers.entrySet()) {
      if (e.getValue() instanceof PeerState.InGroup g && g.established() && seenFresh.contains(e.getKey())) {
        // This peer was fresh earlier in this survey, while this node already ran without the group: the cluster
        // formed since (its members saw this node fresh too), so this node never took part in it and has
        // nothing to have forgotten. It joins as the initial member it is.
        return new Verdict.Proceed();
      }
    }
    for (var e : answers.entrySet()) {
      if (e.getValue() instanceof PeerState.InGroup g && g.established()) {
        return new Verdict.Refuse(config.self() + " was started with --bootstrap and an empty Raft directory, but "
            + "its peer " + e.getKey() + " belongs to a running cluster (its log has entries of term " + g.entryTerm()
            + "), so this is not a first start: " + config.self() + " may have lost its data. " + replaceAdvice(config)
            + " (An initial member started long after the others is refused too, and joins the same way.)");
      }
      if (!(e.getValue() instanceof PeerState.Unreachable)) fresh++;
    }
    int members = config.peers().size();
    if (fresh == members || (graceOver && fresh > members / 2)) return new Verdict.Proceed();
    return new Verdict.Wait("waiting for the initial members " + config.peers().keySet() + " to start (" + fresh
        + " of " + members + " answer)...");
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
