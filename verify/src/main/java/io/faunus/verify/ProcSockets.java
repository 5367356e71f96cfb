package io.faunus.verify;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Which process holds which TCP connection, from {@code /proc} (Linux; no root needed for our own children):
 * {@code /proc/net/tcp*} maps each connection's ports to a socket inode, {@code /proc/<pid>/fd} lists the
 * inodes a process holds. Elsewhere both are empty.
 */
final class ProcSockets {
  private ProcSockets() {}

  static final Path TCP4 = Path.of("/proc/net/tcp"), TCP6 = Path.of("/proc/net/tcp6");

  /** One established connection as seen from one end: its local and remote port and its socket's inode. */
  record Conn(int localPort, int remotePort, long inode) {}

  static boolean available() {
    return Files.isReadable(TCP4);
  }

  /** Every established TCP connection of the machine (IPv4 and IPv6 tables), one entry per end. */
  static List<Conn> established() {
    List<Conn> out = new ArrayList<>();
    for (Path table : List.of(TCP4, TCP6)) {
      List<String> lines;
      try {
        lines = Files.readAllLines(table);
      } catch (IOException e) {
        continue;
      }
      for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
        String[] f = line.trim().split("\\s+");
        if (f.length < 10 || !f[3].equals("01")) continue; // 01 = ESTABLISHED
        out.add(new Conn(port(f[1]), port(f[2]), Long.parseLong(f[9])));
      }
    }
    return out;
  }

  /** "0100007F:1F90" (hex address:port) → 8080. */
  private static int port(String hexAddress) {
    return Integer.parseInt(hexAddress.substring(hexAddress.indexOf(':') + 1), 16);
  }

  /** The socket inodes process {@code pid} holds open; empty if it is gone. */
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
