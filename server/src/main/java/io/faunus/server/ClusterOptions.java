package io.faunus.server;

import io.faunus.log.ratis.ClusterConfig;
import io.faunus.log.ratis.StartMode;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;

/** The options of {@code faunus start} that make a node a cluster member (docs/operations.md, "A cluster"). */
final class ClusterOptions {
  @Option(names = "--node-id", description = "This node's id in a cluster: a name and a number 1..1023, like n1.")
  String nodeId;

  @Option(names = "--peers", paramLabel = "ID=HOST:PORT,...",
      description = "Every member of the cluster with its Raft address, this node included, e.g. "
          + "n1=127.0.0.1:9443,n2=127.0.0.1:9444,n3=127.0.0.1:9445. Without it the node runs alone.")
  String peers;

  @Option(names = "--raft-port", description = "Port of this node's Raft server (must match its entry in --peers).")
  Integer raftPort;

  @Option(names = "--raft-listen", paramLabel = "HOST:PORT",
      description = "Where this node's Raft server listens, when that differs from its entry in --peers: the "
          + "entry is the address the other members are told (a proxy, a NAT or container port mapping in "
          + "between), and only it enters the group's configuration. Default: its entry in --peers.")
  String raftListen;

  @Option(names = "--join", description = "Join a running cluster: wait until a member adds this node "
      + "(./faunus admin add-node). --peers lists the members to contact, this node included. With an empty "
      + "data directory it is refused while a member still lists this node (remove it first).")
  boolean join;

  @Option(names = "--bootstrap", description = "First start of an initial member, also one started after the others "
      + "formed the cluster: accept an empty data directory once the peers confirm that none of them ever heard from "
      + "this member (refused if one did: a member that lost its data comes back with admin remove-node, then "
      + "--join). Ignored when the node already has its Raft state. "
      + "Without --bootstrap or --join, a member refuses to start with an empty data directory.")
  boolean bootstrap;

  enum ReadMode { linearizable, local }

  @Option(names = "--read-mode", defaultValue = "linearizable",
      description = "In a cluster: linearizable (every read confirms with the leader) or local (reads this "
          + "node's applied state, never older than x-last-txn-ts; x-linearized: true asks for a linearizable "
          + "one) (default: ${DEFAULT-VALUE}).")
  ReadMode readMode;

  @Option(names = "--raft-snapshot-every", defaultValue = "" + ClusterConfig.DEFAULT_SNAPSHOT_EVERY_ENTRIES,
      description = "Take a snapshot (and purge the Raft log) every this many entries (default: ${DEFAULT-VALUE}).")
  long snapshotEveryEntries;

  @Option(names = "--raft-segment-bytes", defaultValue = "" + ClusterConfig.DEFAULT_SEGMENT_BYTES_MAX,
      description = "Size of one Raft log file; only whole files are purged (default: ${DEFAULT-VALUE}).")
  long segmentBytesMax;

  /** The cluster this node belongs to, or null alone; a usage error is an IllegalArgumentException. */
  ClusterConfig cluster(Path dataDir, boolean memory) {
    if (peers == null) {
      if (nodeId != null || raftPort != null || raftListen != null || join || bootstrap) {
        throw new IllegalArgumentException("--node-id, --raft-port, --raft-listen, --bootstrap and --join need --peers");
      }
      return null;
    }
    if (nodeId == null) throw new IllegalArgumentException("--peers needs --node-id (this node's id in the list)");
    if (memory) throw new IllegalArgumentException("a cluster node keeps its data on disk: drop --memory");
    if (join && bootstrap) throw new IllegalArgumentException("--bootstrap (a first start) and --join (a new member) exclude each other");
    StartMode start = join ? StartMode.JOIN : bootstrap ? StartMode.BOOTSTRAP : StartMode.EXISTING;
    Map<String, String> members = ClusterConfig.parsePeers(peers);
    String self = members.get(nodeId);
    if (self == null) throw new IllegalArgumentException("--peers must include this node (" + nodeId + ")");
    if (raftPort != null && raftListen != null) throw new IllegalArgumentException("give --raft-port or --raft-listen, not both");
    if (raftPort != null && !self.endsWith(":" + raftPort)) {
      throw new IllegalArgumentException("--raft-port " + raftPort + " does not match " + nodeId + "=" + self + " in --peers");
    }
    return new ClusterConfig(nodeId, members, dataDir.resolve("raft"), snapshotEveryEntries, segmentBytesMax, start,
        readMode == ReadMode.local, raftListen == null ? self : raftListen);
  }
}
