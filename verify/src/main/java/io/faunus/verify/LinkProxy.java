package io.faunus.verify;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * A TCP forwarder for one direction of one link between two nodes' Raft ports: node A's connections to node
 * B go to this proxy, which forwards them to B's real Raft port. Cutting the link resets the connections it
 * carries and holds new ones open without forwarding a byte (as a network that drops packets would), until
 * the link heals; then those held connections are closed so their owner reconnects.
 *
 * <p>Ratis sends both requests and replies over the connection its sender opened, so cutting both
 * directions (A→B and B→A) separates two nodes completely. Loopback only.
 */
final class LinkProxy implements AutoCloseable {
  /** Connections at once; gRPC keeps one or two per peer, so more means something is wrong. */
  static final int CONNECTIONS_MAX = 64;
  static final int BUFFER_BYTES = 64 * 1024;

  final String name;
  private final int targetPort;
  private final ServerSocket server;
  private final Thread acceptor;
  private final List<Socket> open = new ArrayList<>(), held = new ArrayList<>();
  private boolean cut;
  private volatile boolean closed;
  private long accepted;

  /** Listens on a free loopback port and forwards to {@code targetPort} on loopback. */
  LinkProxy(String name, int targetPort) throws IOException {
    this.name = name;
    this.targetPort = targetPort;
    this.server = new ServerSocket();
    server.setReuseAddress(true);
    server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    this.acceptor = new Thread(this::acceptLoop, "proxy-" + name);
    acceptor.setDaemon(true);
    acceptor.start();
  }

  int port() {
    return server.getLocalPort();
  }

  synchronized boolean isCut() {
    return cut;
  }

  synchronized long accepted() {
    return accepted;
  }

  /** Resets what the link carries and holds new connections until {@link #heal}. */
  void cut() {
    List<Socket> reset;
    synchronized (this) {
      cut = true;
      reset = new ArrayList<>(open);
      open.clear();
    }
    reset.forEach(LinkProxy::abort);
  }

  void heal() {
    List<Socket> release;
    synchronized (this) {
      cut = false;
      release = new ArrayList<>(held);
      held.clear();
    }
    release.forEach(LinkProxy::abort);
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
        if (open.size() + held.size() >= CONNECTIONS_MAX) {
          abort(in);
          continue;
        }
        if (cut) {
          held.add(in);
          continue;
        }
      }
      forward(in);
    }
  }

  private void forward(Socket in) {
    Socket out = new Socket();
    try {
      out.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), 2_000);
      in.setTcpNoDelay(true);
      out.setTcpNoDelay(true);
    } catch (IOException e) {
      abort(in); // the target is down: its peer sees what a dead node gives, a reset
      abort(out);
      return;
    }
    synchronized (this) {
      if (cut || closed) {
        abort(in);
        abort(out);
        return;
      }
      open.add(in);
      open.add(out);
    }
    pump(in, out, "up");
    pump(out, in, "down");
  }

  private void pump(Socket from, Socket to, String dir) {
    Thread t = new Thread(() -> {
      byte[] buf = new byte[BUFFER_BYTES];
      try (InputStream i = from.getInputStream(); OutputStream o = to.getOutputStream()) {
        for (int n; (n = i.read(buf)) >= 0; ) o.write(buf, 0, n);
      } catch (IOException e) {
        // reset by a cut, or by either end: close both
      } finally {
        abort(from);
        abort(to);
        synchronized (this) {
          open.remove(from);
          open.remove(to);
        }
      }
    }, "proxy-" + name + "-" + dir);
    t.setDaemon(true);
    t.start();
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
    List<Socket> all;
    synchronized (this) {
      all = new ArrayList<>(open);
      all.addAll(held);
      open.clear();
      held.clear();
    }
    all.forEach(LinkProxy::abort);
  }
}
