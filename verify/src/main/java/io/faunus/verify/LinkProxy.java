package io.faunus.verify;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The one TCP forwarder in front of one node's real Raft port: every node, this one included, reaches it
 * through this proxy, and the proxy's address is the only one the group's configuration ever holds for it
 * (the node listens elsewhere with {@code --raft-listen}), so whatever address a node learns, it comes here.
 * Links are cut per sender: {@link Senders} says which node opened each connection. Cutting sender→this node
 * resets the connections that sender has open and holds its new ones open without forwarding a byte (as a
 * network that drops packets would) until the link heals; then those held connections are closed so their
 * owner reconnects. A connection whose sender cannot be told is refused (reset): letting it through could
 * carry traffic across a cut, and its owner simply reconnects.
 *
 * <p>Ratis sends requests and replies over the connection its sender opened, so cutting both directions
 * (A→B at B's proxy, B→A at A's) separates two nodes completely. Loopback only.
 */
final class LinkProxy implements AutoCloseable {
  /** Connections at once: gRPC keeps one or two per sender, so more means something is wrong. */
  static final int CONNECTIONS_MAX = 64;
  static final int BUFFER_BYTES = 64 * 1024;
  /** Looking a sender up races nothing the sender does (its fd exists before it connects); retries cover /proc reads under load. */
  static final int IDENTIFY_ATTEMPTS = 5;
  static final long IDENTIFY_RETRY_MS = 20;
  static final int CONNECT_TIMEOUT_MS = 2_000;

  /** The node behind this proxy. */
  final String destination;
  private final int targetPort;
  private final Senders senders;
  private final ServerSocket server;
  /** Per sender: its forwarded connections (both sockets of each) and the connections held by a cut. */
  private final Map<String, List<Socket>> open = new HashMap<>(), held = new HashMap<>();
  private final Set<String> cutFrom = new HashSet<>();
  private int connections;
  private volatile boolean closed;
  private long accepted, unidentified;

  /** Listens on a free loopback port and forwards to {@code targetPort} on loopback. */
  LinkProxy(String destination, int targetPort, Senders senders) throws IOException {
    this.destination = destination;
    this.targetPort = targetPort;
    this.senders = senders;
    this.server = new ServerSocket();
    server.setReuseAddress(true);
    server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    Thread acceptor = new Thread(this::acceptLoop, "proxy-" + destination);
    acceptor.setDaemon(true);
    acceptor.start();
  }

  int port() {
    return server.getLocalPort();
  }

  synchronized boolean isCut(String sender) {
    return cutFrom.contains(sender);
  }

  synchronized long accepted() {
    return accepted;
  }

  /** Connections refused because no node could be found behind them. */
  synchronized long unidentified() {
    return unidentified;
  }

  /** Cuts the link sender→destination: resets what it carries, holds its new connections until {@link #heal}. */
  void cut(String sender) {
    List<Socket> reset;
    synchronized (this) {
      cutFrom.add(sender);
      reset = take(open, sender);
    }
    reset.forEach(LinkProxy::abort);
  }

  /** Heals every link into the destination. */
  void heal() {
    List<Socket> release = new ArrayList<>();
    synchronized (this) {
      cutFrom.clear();
      held.values().forEach(release::addAll);
      held.clear();
    }
    release.forEach(this::release);
  }

  private void acceptLoop() {
    while (!closed) {
      Socket in;
      try {
        in = server.accept();
      } catch (IOException e) {
        if (closed) return;
        continue;
      }
      synchronized (this) {
        accepted++;
        if (connections >= CONNECTIONS_MAX) {
          abort(in);
          continue;
        }
        connections++;
      }
      // Identifying reads /proc: off the accept loop, so that one slow lookup does not delay other links.
      Thread t = new Thread(() -> admit(in), "proxy-" + destination + "-admit");
      t.setDaemon(true);
      t.start();
    }
  }

  private void admit(Socket in) {
    Optional<String> sender = identify(in);
    if (sender.isEmpty()) {
      synchronized (this) {
        unidentified++;
      }
      release(in);
      return;
    }
    String from = sender.get();
    synchronized (this) {
      if (closed) {
        release(in);
        return;
      }
      if (cutFrom.contains(from)) {
        held.computeIfAbsent(from, k -> new ArrayList<>()).add(in);
        return;
      }
    }
    forward(in, from);
  }

  private Optional<String> identify(Socket in) {
    for (int i = 0; i < IDENTIFY_ATTEMPTS && !closed; i++) {
      Optional<String> s = senders.of(in);
      if (s.isPresent()) return s;
      try {
        Thread.sleep(IDENTIFY_RETRY_MS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return Optional.empty();
  }

  private void forward(Socket in, String from) {
    Socket out = new Socket();
    try {
      out.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), CONNECT_TIMEOUT_MS);
      in.setTcpNoDelay(true);
      out.setTcpNoDelay(true);
    } catch (IOException e) {
      abort(out);
      release(in); // the target is down: its peer sees what a dead node gives, a reset
      return;
    }
    synchronized (this) {
      if (cutFrom.contains(from) || closed) { // cut while we connected
        abort(out);
        release(in);
        return;
      }
      List<Socket> mine = open.computeIfAbsent(from, k -> new ArrayList<>());
      mine.add(in);
      mine.add(out);
    }
    pump(in, out, () -> {
      // the upstream pump owns the connection: when it ends, both sockets go and the slot comes back
      abort(out);
      synchronized (this) {
        connections--;
        List<Socket> mine = open.get(from);
        if (mine != null) {
          mine.remove(in);
          mine.remove(out);
        }
      }
    }, from + ">" + destination + "-up");
    pump(out, in, () -> abort(out), from + ">" + destination + "-down");
  }

  /** Copies {@code src} to {@code dst} until either fails (a cut resets them), then closes both and runs {@code done}. */
  private static void pump(Socket src, Socket dst, Runnable done, String name) {
    Thread t = new Thread(() -> {
      byte[] buf = new byte[BUFFER_BYTES];
      try (InputStream i = src.getInputStream(); OutputStream o = dst.getOutputStream()) {
        for (int n; (n = i.read(buf)) >= 0; ) o.write(buf, 0, n);
      } catch (IOException e) {
        // reset by a cut, or by either end
      } finally {
        abort(src);
        abort(dst);
        done.run();
      }
    }, "proxy-" + name);
    t.setDaemon(true);
    t.start();
  }

  /** Resets a connection that was never forwarded and gives its slot back. */
  private void release(Socket s) {
    abort(s);
    synchronized (this) {
      connections--;
    }
  }

  private static List<Socket> take(Map<String, List<Socket>> bySender, String sender) {
    List<Socket> l = bySender.remove(sender);
    return l == null ? List.of() : l;
  }

  /** Closes with a reset (SO_LINGER 0), so the other end learns at once. */
  private static void abort(Socket s) {
    try {
      if (!s.isClosed()) {
        s.setSoLinger(true, 0);
        s.close();
      }
    } catch (IOException e) {
      // already gone
    }
  }

  @Override
  public void close() {
    closed = true;
    try {
      server.close();
    } catch (IOException e) {
      // nothing to do
    }
    List<Socket> all = new ArrayList<>();
    synchronized (this) {
      open.values().forEach(all::addAll);
      held.values().forEach(all::addAll);
      open.clear();
      held.clear();
    }
    all.forEach(LinkProxy::abort);
  }
}
