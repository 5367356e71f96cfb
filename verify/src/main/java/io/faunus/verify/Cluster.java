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
 * A cluster of real {@code faunus start} processes on loopback. Every node reaches every other node's Raft
 * port through its own {@link LinkProxy} (node i's {@code --peers} names, for each peer j, the proxy of link
 * i→j), so links can be cut one direction at a time.
 */
final class Cluster implements AutoCloseable {
  static final String SECRET = "secret";
  static final Duration STATUS_TIMEOUT = Duration.ofSeconds(3);

  final List<Node> nodes = new ArrayList<>();
  /** "n1>n2" → the proxy carrying n1's connections to n2. */
  final Map<String, LinkProxy> links = new LinkedHashMap<>();
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
    for (int i = 0; i < size; i++) {
      for (int j = 0; j < size; j++) {
        if (i != j) links.put(ids.get(i) + ">" + ids.get(j), new LinkProxy(ids.get(i) + ">" + ids.get(j), raft.get(j)));
      }
    }
    for (int i = 0; i < size; i++) {
      StringBuilder peers = new StringBuilder();
      for (int j = 0; j < size; j++) {
        int port = i == j ? raft.get(i) : links.get(ids.get(i) + ">" + ids.get(j)).port();
        peers.append(j == 0 ? "" : ",").append(ids.get(j)).append("=127.0.0.1:").append(port);
      }
      Path data = dataRoot.resolve(ids.get(i));
      nodes.add(new Node(ids.get(i), http.get(i), raft.get(i), data, logDir.resolve(ids.get(i) + ".log"),
          Node.command(java, classpath, ids.get(i), http.get(i), data, peers.toString(), SECRET, readMode)));
    }
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
    for (var e : links.entrySet()) {
      String[] ends = e.getKey().split(">");
      if (a.contains(ends[0]) != a.contains(ends[1])) e.getValue().cut();
    }
  }

  /**
   * Cuts only the links from {@code side} to the other nodes: {@code side} cannot open or use connections to
   * them, while their connections to {@code side} (requests and replies alike) still work.
   */
  void cutOneWay(Collection<String> side) {
    Set<String> a = new HashSet<>(side);
    for (var e : links.entrySet()) {
      String[] ends = e.getKey().split(">");
      if (a.contains(ends[0]) && !a.contains(ends[1])) e.getValue().cut();
    }
  }

  /** add-node and remove-node retry inside the node for up to 90 s, plus one attempt of up to 60 s. */
  static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(180);

  /**
   * Brings back a member whose data directory was lost, the safe way (docs/operations.md, "Replacing a lost
   * disk"): remove it from the group through a live member, start it empty with --join, add it back under its
   * id (its address is that member's proxy to it). Retried through other members for up to {@code timeoutMs}
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
        String address = "127.0.0.1:" + links.get(via.id + ">" + target.id).port();
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
    links.values().forEach(LinkProxy::heal);
  }

  /** Connections that bypass the proxies (see {@link LinkAudit}); empty when partitions are real. */
  List<LinkAudit.Bypass> bypasses() {
    Map<String, Long> pids = new HashMap<>();
    Map<String, Integer> ports = new HashMap<>();
    for (Node n : nodes) {
      if (n.alive()) pids.put(n.id, n.pid());
      ports.put(n.id, n.raftPort);
    }
    return LinkAudit.bypasses(pids, ports);
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
    links.values().forEach(LinkProxy::close);
  }
}
