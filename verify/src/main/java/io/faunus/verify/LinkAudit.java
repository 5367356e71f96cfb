package io.faunus.verify;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Checks that partitions can work: no node holds a TCP connection straight to another node's real Raft port
 * (all of them must go through a {@link LinkProxy}). Ratis could learn peer addresses from another node
 * (configuration entries carry the leader's view), and a node that did would bypass the proxies. Linux only:
 * reads {@code /proc/net/tcp*} and the nodes' {@code /proc/<pid>/fd}, which needs no root for our own
 * children. Elsewhere it reports nothing.
 */
final class LinkAudit {
  private LinkAudit() {}

  /** A connection a node should not have. */
  record Bypass(String node, int remotePort, String peer) {}

  /**
   * @param pids      node id → pid of its process (live ones)
   * @param raftPorts node id → its real Raft port
   */
  static List<Bypass> bypasses(Map<String, Long> pids, Map<String, Integer> raftPorts) {
    Map<Long, Integer> remotePortByInode = established();
    Map<Integer, String> owner = new HashMap<>();
    raftPorts.forEach((id, port) -> owner.put(port, id));
    List<Bypass> out = new ArrayList<>();
    for (var e : pids.entrySet()) {
      for (long inode : socketInodes(e.getValue())) {
        Integer remote = remotePortByInode.get(inode);
        if (remote == null) continue;
        String peer = owner.get(remote);
        if (peer != null && !peer.equals(e.getKey())) out.add(new Bypass(e.getKey(), remote, peer));
      }
    }
    return out;
  }

  /** inode → remote port of every established TCP connection (IPv4 and IPv6 tables). */
  static Map<Long, Integer> established() {
    Map<Long, Integer> out = new HashMap<>();
    for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
      List<String> lines;
      try {
        lines = Files.readAllLines(Path.of(table));
      } catch (IOException e) {
        continue;
      }
      for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
        String[] f = line.trim().split("\\s+");
        if (f.length < 10 || !f[3].equals("01")) continue; // 01 = ESTABLISHED
        String remote = f[2];
        out.put(Long.parseLong(f[9]), Integer.parseInt(remote.substring(remote.indexOf(':') + 1), 16));
      }
    }
    return out;
  }

  static Set<Long> socketInodes(long pid) {
    Set<Long> out = new HashSet<>();
    try (Stream<Path> fds = Files.list(Path.of("/proc", String.valueOf(pid), "fd"))) {
      for (Path fd : (Iterable<Path>) fds::iterator) {
        try {
          String target = Files.readSymbolicLink(fd).toString();
          if (target.startsWith("socket:[")) out.add(Long.parseLong(target.substring(8, target.length() - 1)));
        } catch (IOException e) {
          // closed while we looked
        }
      }
    } catch (IOException e) {
      // not Linux, or the process is gone
    }
    return out;
  }
}
