package io.faunus.verify;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A cluster of real {@code faunus start} processes on loopback. Each node listens for Raft on a port nobody is
 * told ({@code --raft-listen}) behind its one {@link LinkProxy}, and every {@code --peers} list, the node's own
 * entry included, names the proxies: so every address that can enter the group's configuration (initial
 * members, add-node) is a proxy, and whatever a node learns from it, its links pass a proxy that knows the
 * sender ({@link Senders#proc}) and can cut them one direction at a time.
 */
final class Cluster implements AutoCloseable {
  static final String SECRET = "secret";
  static final Duration STATUS_TIMEOUT = Duration.ofSeconds(3);

  final List<Node> nodes = new ArrayList<>();
  /** Node id → the proxy in front of its Raft port, carrying every node's connections to it. */
  final Map<String, LinkProxy> proxies = new LinkedHashMap<>();
  private final ReadMode readMode;

  /** Data directories go under {@code dataRoot}, node logs (n1.log, ...) into {@code logDir}. */
  Cluster(Path dataRoot, Path logDir, int size, String java, String classpath, ReadMode readMode) throws IOException {
    this.readMode = readMode;
    List<String> ids = new ArrayList<>();
    List<Integer> http = new ArrayList<>(), raft = new ArrayList<>();
    for (int i = 1; i <= size; i++) {
      ids.add("n" + i);
      http.add(freePort());
      raft.add(freePort());
    }
    Senders senders = Senders.proc(this::pids);
    StringBuilder peers = new StringBuilder();
    for (int i = 0; i < size; i++) {
      LinkProxy p = new LinkProxy(ids.get(i), raft.get(i), senders);
      proxies.put(ids.get(i), p);
      peers.append(i == 0 ? "" : ",").append(ids.get(i)).append("=").append(address(p));
    }
    for (int i = 0; i < size; i++) {
      Path data = dataRoot.resolve(ids.get(i));
      nodes.add(new Node(ids.get(i), http.get(i), raft.get(i), data, logDir.resolve(ids.get(i) + ".log"),
          Node.command(java, classpath, ids.get(i), http.get(i), data, peers.toString(), "127.0.0.1:" + raft.get(i),
              SECRET, readMode)));
    }
  }

  private static String address(LinkProxy p) {
    return "127.0.0.1:" + p.port();
  }

  /** Node id → pid of the live nodes, now (nodes restart with new pids). */
  private Map<String, Long> pids() {
    Map<String, Long> pids = new HashMap<>();
    for (Node n : nodes) {
      long pid = n.pid();
      if (pid > 0 && n.alive()) pids.put(n.id, pid);
    }
    return pids;
  }

  /** A port free right now on loopback (a node binds it moments later; the race is accepted). */
  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      return s.getLocalPort();
    }
  }

  /** Starts every node together (members wait for a quorum) and waits until each serves writes. */
  void start() throws IOException, InterruptedException {
    if (nodes.size() > 1) System.out.println("verify: starting " + nodes.size() + " fresh members with --bootstrap (a new cluster)");
    for (Node n : nodes) n.start();
    for (Node n : nodes) {
      if (!awaitServing(n, Node.START_TIMEOUT_MS)) throw new IllegalStateException(n.id + " did not start; see " + n.log);
    }
  }

  /** A client of one history process (a session in {@link ReadMode#local}). */
  NodeClient client(Node n) {
    return new NodeClient(n.id, n.httpPort, SECRET, readMode.sessions());
  }

  Node node(String id) {
    return nodes.stream().filter(n -> n.id.equals(id)).findFirst().orElseThrow();
  }

  /** Waits until the node answers /ping?scope=write (it knows a leader). Bounded by {@code timeoutMs}. */
  boolean awaitServing(Node n, long timeoutMs) throws InterruptedException {
    NodeClient c = client(n);
    long deadline = System.nanoTime() + timeoutMs * 1_000_000;
    while (System.nanoTime() < deadline) {
      if (!n.alive()) return false;
      if (c.get("/ping?scope=write", STATUS_TIMEOUT) != null) return true;
      Thread.sleep(200);
    }
    return false;
  }

  /** /admin/status of a node, or null if it does not answer. */
  JsonNode status(Node n, boolean digest) {
    if (!n.alive() || n.paused()) return null;
    return client(n).get("/admin/status" + (digest ? "?digest=true" : ""), digest ? Duration.ofSeconds(30) : STATUS_TIMEOUT);
  }

  /** The leader some live node reports, or null. */
  String leader() {
    for (Node n : nodes) {
      JsonNode s = status(n, false);
      if (s != null && s.hasNonNull("leader")) return s.get("leader").asText();
    }
    return null;
  }

  /** Cuts every link between {@code side} and the other nodes, both directions. */
  void partition(Collection<String> side) {
    Set<String> a = new HashSet<>(side);
    cutWhere((from, to) -> a.contains(from) != a.contains(to));
  }

  /** Cuts the link from → to of every pair of distinct nodes the predicate selects. */
  private void cutWhere(java.util.function.BiPredicate<String, String> cut) {
    for (Node from : nodes) {
      for (var to : proxies.entrySet()) {
        if (!from.id.equals(to.getKey()) && cut.test(from.id, to.getKey())) to.getValue().cut(from.id);
      }
    }
  }

  /**
   * Cuts only the links from {@code side} to the other nodes: {@code side} cannot open or use connections to
   * them, while their connections to {@code side} (requests and replies alike) still work.
   */
  void cutOneWay(Collection<String> side) {
    Set<String> a = new HashSet<>(side);
    cutWhere((from, to) -> a.contains(from) && !a.contains(to));
  }

  /** add-node and remove-node retry inside the node for up to 90 s, plus one attempt of up to 60 s. */
  static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(180);

  /**
   * Brings back a member whose data directory was lost, the safe way (docs/operations.md, "Replacing a lost
   * disk"): remove it from the group through a live member, start it empty with --join, add it back under its
   * id at its proxy's address (the one every member already uses for it). Retried through other members for up to {@code timeoutMs}
   * (a member may be paused or cut off by another fault). Returns what happened, for the fault log.
   */
  String replaceWiped(Node target, long timeoutMs) throws IOException, InterruptedException {
    if (target.alive()) throw new IllegalStateException(target.id + " is running: kill it and wipe it first");
    long deadline = System.nanoTime() + timeoutMs * 1_000_000;
    String last = "no live member answered";
    boolean removed = false, started = false;
    while (System.nanoTime() < deadline) {
      for (Node via : nodes) {
        if (via == target || !via.alive() || via.paused()) continue;
        NodeClient c = client(via);
        if (!removed) {
          var r = c.post("/admin/remove-node", "{\"node\":\"" + target.id + "\"}", ADMIN_TIMEOUT);
          removed = r.status() == 200 || r.body().contains("is not a member");
          last = "remove-node via " + via.id + ": " + r.status() + " " + r.body();
          if (!removed) continue;
        }
        if (!started) {
          target.startJoining();
          started = true;
        }
        String address = address(proxies.get(target.id));
        var a = c.post("/admin/add-node", "{\"node\":\"" + target.id + "\",\"address\":\"" + address + "\"}", ADMIN_TIMEOUT);
        if (a.status() == 200 || a.body().contains("already a member")) {
          return "removed, restarted with --join, added back via " + via.id;
        }
        last = "add-node via " + via.id + ": " + a.status() + " " + a.body();
      }
      Thread.sleep(500);
    }
    throw new IOException(target.id + " could not be replaced within " + timeoutMs + " ms: " + last);
  }

  void healNetwork() {
    proxies.values().forEach(LinkProxy::heal);
  }

  /** Connections that bypass the proxies (see {@link LinkAudit}); empty when partitions are real. */
  List<LinkAudit.Bypass> bypasses() {
    Map<String, Integer> ports = new HashMap<>();
    for (Node n : nodes) ports.put(n.id, n.raftPort);
    return LinkAudit.bypasses(pids(), ports);
  }

  /** Connections the proxies refused because they could not tell which node opened them. */
  long unidentifiedConnections() {
    return proxies.values().stream().mapToLong(LinkProxy::unidentified).sum();
  }

  @Override
  public void close() {
    healNetwork();
    for (Node n : nodes) {
      try {
        n.retire();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (RuntimeException e) {
        System.err.println("verify: could not stop " + n.id + ": " + e.getMessage());
      }
    }
    proxies.values().forEach(LinkProxy::close);
  }
}
