package io.faunus.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The proxy and the audit on real loopback sockets, against an echo server. */
class LinkProxyTest {
  private final ServerSocket echo;
  private final Thread echoThread;

  LinkProxyTest() throws IOException {
    echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    echoThread = new Thread(() -> {
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

  private static Socket connect(LinkProxy p) throws IOException {
    Socket s = new Socket(InetAddress.getLoopbackAddress(), p.port());
    s.setSoTimeout(1_000);
    return s;
  }

  /** Sends one byte and reads the echo: true if it came back in time. */
  private static boolean roundTrip(Socket s) {
    try {
      s.getOutputStream().write(42);
      return s.getInputStream().read() == 42;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return false;
    }
  }

  @Test
  void forwardsUntilCutThenHoldsNewConnectionsUntilHealed() throws Exception {
    try (LinkProxy p = new LinkProxy("a>b", echo.getLocalPort())) {
      Socket before = connect(p);
      assertThat(roundTrip(before)).isTrue();

      p.cut();
      assertThat(roundTrip(before)).as("a connection the cut reset").isFalse();
      Socket during = connect(p); // accepted (the TCP handshake is the kernel's), but nothing gets through
      assertThat(roundTrip(during)).as("a connection made during the cut").isFalse();

      p.heal();
      assertThat(roundTrip(during)).as("held connections are closed on heal, so their owner reconnects").isFalse();
      Socket after = connect(p);
      assertThat(roundTrip(after)).isTrue();
      assertThat(p.accepted()).isEqualTo(3);
      for (Socket s : new Socket[] {before, during, after}) s.close();
    }
  }

  @Test
  void theAuditSeesAConnectionStraightToAWatchedPort() throws Exception {
    assumeTrue(Files.exists(Path.of("/proc/net/tcp")), "Linux only");
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
