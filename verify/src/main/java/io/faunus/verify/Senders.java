package io.faunus.verify;

import java.net.Socket;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Tells a {@link LinkProxy} which node opened a connection it accepted, so that one proxy per destination can
 * cut the links of some senders and not others. Every node learns every peer address from the group's
 * configuration, so the address alone cannot say who is calling; the connection's other end can.
 */
@FunctionalInterface
interface Senders {
  /** The node that holds the other end of {@code accepted}, or empty if it is not (or no longer) known. */
  Optional<String> of(Socket accepted);

  /**
   * The real lookup (Linux): the connecting end is the established connection whose local port is the
   * accepted socket's remote port and whose remote port is the proxy's; its inode is among the fds of exactly
   * one process. {@code pids}: node id → pid of its live process, asked at each lookup (nodes restart).
   */
  static Senders proc(Supplier<Map<String, Long>> pids) {
    return accepted -> {
      int from = accepted.getPort(), to = accepted.getLocalPort();
      Long inode = null;
      for (ProcSockets.Conn c : ProcSockets.established()) {
        if (c.localPort() == from && c.remotePort() == to) inode = c.inode();
      }
      if (inode == null) return Optional.empty();
      for (var e : pids.get().entrySet()) {
        Set<Long> held = ProcSockets.socketInodes(e.getValue());
        if (held.contains(inode)) return Optional.of(e.getKey());
      }
      return Optional.empty();
    };
  }
}
