package io.faunus.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The proxy, its sender lookup and the audit on real loopback sockets, against an echo server. */
class LinkProxyTest {
  /** Generous: a held connection is only ever detected by this timeout, and the machine may be loaded. */
  private static final int READ_TIMEOUT_MS = 2_000;
  private final ServerSocket echo;
  /** The fake lookup: the local port of a test's client socket → the "node" that opened it. */
  private final Map<Integer, String> byClientPort = new ConcurrentHashMap<>();
  private final Senders fake = accepted -> Optional.ofNullable(byClientPort.get(accepted.getPort()));

  LinkProxyTest() throws IOException {
    echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread echoThread = new Thread(() -> {
      while (!echo.isClosed()) {
        try {
          Socket s = echo.accept();
          Thread t = new Thread(() -> {
            try (s; InputStream in = s.getInputStream()) {
              byte[] b = new byte[1024];
              for (int n; (n = in.read(b)) >= 0; ) s.getOutputStream().write(b, 0, n);
            } catch (IOException e) {
              // the test closed it
            }
          });
          t.setDaemon(true);
          t.start();
        } catch (IOException e) {
          return;
        }
      }
    });
    echoThread.setDaemon(true);
    echoThread.start();
  }

  @AfterEach
  void close() throws IOException {
    echo.close();
  }

  /** A connection to the proxy that the fake lookup attributes to {@code node} (registered before it connects). */
  private Socket connectAs(String node, LinkProxy p) throws IOException {
    Socket s = new Socket();
    s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    byClientPort.put(s.getLocalPort(), node);
    s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), p.port()));
    s.setSoTimeout(READ_TIMEOUT_MS);
    return s;
  }

  /** Sends one byte and reads the echo: true if it came back in time. */
  private static boolean roundTrip(Socket s) {
    try {
      s.getOutputStream().write(42);
      return s.getInputStream().read() == 42;
    } catch (IOException e) { // a reset, or the read timed out
      return false;
    }
  }

  /** The refusal is counted just before the reset; a loaded machine may time the read out first. */
  private static void awaitUnidentified(LinkProxy p, long expected) throws InterruptedException {
    for (int i = 0; i < 200 && p.unidentified() < expected; i++) Thread.sleep(50);
    assertThat(p.unidentified()).isEqualTo(expected);
  }

  @Test
  void cutsOneSenderAndHoldsItsNewConnectionsUntilHealedWhileOthersPass() throws Exception {
    try (LinkProxy p = new LinkProxy("n2", echo.getLocalPort(), fake)) {
      Socket before = connectAs("n1", p), other = connectAs("n3", p);
      assertThat(roundTrip(before)).isTrue();
      assertThat(roundTrip(other)).isTrue();

      p.cut("n1");
      assertThat(p.isCut("n1")).isTrue();
      assertThat(roundTrip(before)).as("n1's connection open when the cut began is reset").isFalse();
      assertThat(roundTrip(other)).as("n3's connection to the same node is untouched").isTrue();
      Socket during = connectAs("n1", p); // accepted (the handshake is the kernel's), but nothing gets through
      assertThat(roundTrip(during)).as("a connection n1 made during the cut").isFalse();
      Socket otherDuring = connectAs("n3", p);
      assertThat(roundTrip(otherDuring)).as("n3 still connects during n1's cut").isTrue();

      p.heal();
      assertThat(p.isCut("n1")).isFalse();
      assertThat(roundTrip(during)).as("held connections are closed on heal, so their owner reconnects").isFalse();
      Socket after = connectAs("n1", p);
      assertThat(roundTrip(after)).isTrue();
      assertThat(p.accepted()).isEqualTo(5);
      assertThat(p.unidentified()).isZero();
      for (Socket s : new Socket[] {before, other, during, otherDuring, after}) s.close();
    }
  }

  @Test
  void refusesAConnectionWhoseSenderIsUnknown() throws Exception {
    try (LinkProxy p = new LinkProxy("n2", echo.getLocalPort(), fake)) {
      // Not registered with the fake lookup: as if it failed (/proc unreadable, the process gone).
      Socket unknown = new Socket(InetAddress.getLoopbackAddress(), p.port());
      unknown.setSoTimeout(READ_TIMEOUT_MS);
      assertThat(roundTrip(unknown)).as("refused: it could carry traffic across a cut").isFalse();
      awaitUnidentified(p, 1);
      unknown.close();
    }
  }

  @Test
  void theProcLookupFindsTheProcessBehindAConnection() throws Exception {
    assumeTrue(ProcSockets.available(), "Linux only");
    long self = ProcessHandle.current().pid();
    Senders proc = Senders.proc(() -> Map.of("n9", Long.MAX_VALUE, "n1", self));
    try (LinkProxy p = new LinkProxy("n2", echo.getLocalPort(), proc);
         Socket s = new Socket(InetAddress.getLoopbackAddress(), p.port())) {
      s.setSoTimeout(READ_TIMEOUT_MS);
      assertThat(roundTrip(s)).as("this process is n1, so the connection is forwarded").isTrue();
      p.cut("n1");
      assertThat(roundTrip(s)).as("and cutting n1 resets it").isFalse();
      assertThat(p.unidentified()).isZero();
    }
    Senders nobody = Senders.proc(Map::of);
    try (LinkProxy p = new LinkProxy("n2", echo.getLocalPort(), nobody);
         Socket s = new Socket(InetAddress.getLoopbackAddress(), p.port())) {
      s.setSoTimeout(READ_TIMEOUT_MS);
      assertThat(roundTrip(s)).as("no node holds this connection: refused").isFalse();
      awaitUnidentified(p, 1);
    }
  }

  @Test
  void theAuditSeesAConnectionStraightToAWatchedPort() throws Exception {
    assumeTrue(ProcSockets.available(), "Linux only");
    try (Socket direct = new Socket(InetAddress.getLoopbackAddress(), echo.getLocalPort())) {
      long self = ProcessHandle.current().pid();
      var found = LinkAudit.bypasses(Map.of("n1", self), Map.of("n1", 1, "n2", echo.getLocalPort()));
      assertThat(found).contains(new LinkAudit.Bypass("n1", echo.getLocalPort(), "n2"));
      // A node's connections to its own port are not bypasses.
      assertThat(LinkAudit.bypasses(Map.of("n2", self), Map.of("n2", echo.getLocalPort()))).isEmpty();
      assertThat(direct.isConnected()).isTrue();
    }
  }
}
