package io.faunus.verify;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The independent check that partitions are real: no node holds a TCP connection straight to another node's
 * real Raft port (every one must go through that node's {@link LinkProxy}). The proxies decide cuts by who
 * connects; this audit looks from the other side, at the nodes' own sockets, so a node that learned a real
 * port somehow (Ratis spreads peer addresses in configuration entries) is reported rather than trusted.
 * Linux only ({@link ProcSockets}); elsewhere it reports nothing.
 */
final class LinkAudit {
  private LinkAudit() {}

  /** A connection a node should not have. */
  record Bypass(String node, int remotePort, String peer) {}

  /**
   * @param pids      node id → pid of its process (live ones)
   * @param raftPorts node id → its real Raft port (where it listens, behind its proxy)
   */
  static List<Bypass> bypasses(Map<String, Long> pids, Map<String, Integer> raftPorts) {
    Map<Long, Integer> remotePortByInode = new HashMap<>();
    for (ProcSockets.Conn c : ProcSockets.established()) remotePortByInode.put(c.inode(), c.remotePort());
    Map<Integer, String> owner = new HashMap<>();
    raftPorts.forEach((id, port) -> owner.put(port, id));
    List<Bypass> out = new ArrayList<>();
    for (var e : pids.entrySet()) {
      Set<Long> inodes = ProcSockets.socketInodes(e.getValue());
      for (long inode : inodes) {
        Integer remote = remotePortByInode.get(inode);
        if (remote == null) continue;
        String peer = owner.get(remote);
        // A node's connections to its own port never cross a link, so no cut could miss them.
        if (peer != null && !peer.equals(e.getKey())) out.add(new Bypass(e.getKey(), remote, peer));
      }
    }
    return out;
  }
}
