package io.faunus.log.ratis;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Who this node is in a cluster and who its peers are.
 *
 * @param self     this node's id, e.g. {@code n1}; ids are a name followed by a number 1..1023, which keys
 *                 the node's document-id generator, so two nodes must never share the number
 * @param peers    every member of the initial cluster, id → {@code host:raftPort}, this node included
 * @param raftDir  where Ratis keeps the log, its metadata and snapshots
 * @param snapshotEveryEntries entries applied between two snapshots (after which the log is purged)
 * @param segmentBytesMax      size of one Raft log file; only whole closed files are purged
 * @param start    what an empty Raft directory means ({@link StartMode}): nothing (refused), a first start
 *                 ({@code --bootstrap}: the peers form the group themselves), or a new member ({@code --join}: it
 *                 starts outside the group and waits until a member adds it, {@code ./faunus admin add-node})
 * @param localReads reads use this node's applied state unless a request sends {@code x-linearized: true}
 *                 (serializable, may lag the cluster by the replication delay); false: every read is
 *                 linearizable (a ReadIndex round trip to the leader)
 * @param listen   {@code host:port} this node's Raft server binds; usually its own entry in {@code peers}. It
 *                 differs when the members reach this node through something in between (a proxy, a NAT or a
 *                 container's port mapping): {@code peers} holds the address the others are told, and only that
 *                 one ever enters the group's configuration
 */
public record ClusterConfig(String self, Map<String, String> peers, Path raftDir, long snapshotEveryEntries,
                            long segmentBytesMax, StartMode start, boolean localReads, String listen) {
  public static final long DEFAULT_SNAPSHOT_EVERY_ENTRIES = 20_000;
  public static final long DEFAULT_SEGMENT_BYTES_MAX = 8L * 1024 * 1024;

  private static final Pattern ID = Pattern.compile("[A-Za-z][A-Za-z_-]*([0-9]{1,4})");
  public static final int NODE_NUMBER_MAX = 1023;

  /** A member of a cluster started for the first time (tests, benchmarks): {@link StartMode#BOOTSTRAP}. */
  public ClusterConfig(String self, Map<String, String> peers, Path raftDir) {
    this(self, peers, raftDir, DEFAULT_SNAPSHOT_EVERY_ENTRIES, DEFAULT_SEGMENT_BYTES_MAX, StartMode.BOOTSTRAP, false);
  }

  /** A member that listens on its own address in {@code peers} (no proxy or port mapping in between). */
  public ClusterConfig(String self, Map<String, String> peers, Path raftDir, long snapshotEveryEntries,
                       long segmentBytesMax, StartMode start, boolean localReads) {
    this(self, peers, raftDir, snapshotEveryEntries, segmentBytesMax, start, localReads, peers.get(self));
  }

  public ClusterConfig {
    peers = Map.copyOf(new LinkedHashMap<>(peers));
    java.util.Objects.requireNonNull(start, "start");
    if (snapshotEveryEntries < 1) throw new IllegalArgumentException("snapshots must be taken every 1 or more entries");
    if (segmentBytesMax < 1024) throw new IllegalArgumentException("a Raft log segment must be at least 1024 bytes");
    number(self);
    if (!peers.containsKey(self)) throw new IllegalArgumentException("--peers must include this node (" + self + ")");
    address(java.util.Objects.requireNonNull(listen, "listen"));
    Map<Integer, String> numbers = new java.util.HashMap<>();
    for (var e : peers.entrySet()) {
      String clash = numbers.put(number(e.getKey()), e.getKey());
      if (clash != null) throw new IllegalArgumentException("node ids " + clash + " and " + e.getKey() + " share a number");
      address(e.getValue());
    }
  }

  public boolean join() {
    return start == StartMode.JOIN;
  }

  /** This node's number (1..1023), from its id. */
  public int selfNumber() {
    return number(self);
  }

  /** Parses {@code n1=127.0.0.1:9443,n2=127.0.0.1:9444}. */
  public static Map<String, String> parsePeers(String text) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String part : text.split(",")) {
      String p = part.trim();
      int eq = p.indexOf('=');
      if (eq <= 0 || eq == p.length() - 1) {
        throw new IllegalArgumentException("a peer is id=host:port, not '" + p + "'");
      }
      if (out.put(p.substring(0, eq), p.substring(eq + 1)) != null) {
        throw new IllegalArgumentException("peer " + p.substring(0, eq) + " is listed twice");
      }
    }
    return out;
  }

  static int number(String id) {
    Matcher m = ID.matcher(id == null ? "" : id);
    int n = m.matches() ? Integer.parseInt(m.group(1)) : 0;
    if (n < 1 || n > NODE_NUMBER_MAX) {
      throw new IllegalArgumentException("a node id is a name and a number 1.." + NODE_NUMBER_MAX + " (like n1), not '" + id + "'");
    }
    return n;
  }

  /** Validates {@code host:port} and returns the port. */
  static int address(String hostPort) {
    int colon = hostPort.lastIndexOf(':');
    try {
      int port = Integer.parseInt(hostPort.substring(colon + 1));
      if (colon <= 0 || port < 1 || port > 65535) throw new NumberFormatException();
      return port;
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("a peer address is host:port, not '" + hostPort + "'");
    }
  }
}
