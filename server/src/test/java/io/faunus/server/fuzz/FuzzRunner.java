package io.faunus.server.fuzz;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Sends one {@link FuzzCase} on a fresh connection and reads until the node answered what was asked, closed
 * the connection, or {@code boundMs} passed (a hang). Writing happens on its own virtual thread, so a node that
 * answers early (413) and stops reading cannot deadlock the reader.
 */
final class FuzzRunner {
  private FuzzRunner() {}

  /** Bytes of answer kept at most (a response body is never needed past its head). */
  static final int READ_MAX_BYTES = 4 * 1024 * 1024;

  /**
   * @param statuses the statuses of the responses read (HTTP/1 heads, or HTTP/2 :status values)
   * @param closed   the node closed or reset the connection
   * @param hung     neither answered nor closed within the bound
   */
  record Result(FuzzCase input, List<Integer> statuses, boolean closed, boolean hung, long elapsedMs) {
    boolean bad5xx() {
      return statuses.stream().anyMatch(s -> s >= 500 && s != 503);
    }
  }

  static Result run(int port, FuzzCase c, long boundMs) {
    long start = System.nanoTime();
    byte[] buf = new byte[64 * 1024];
    int len = 0;
    boolean closed = false;
    List<Integer> statuses = List.of();
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
      s.setTcpNoDelay(true);
      s.setSoTimeout(100);
      OutputStream out = s.getOutputStream();
      Thread writer = Thread.ofVirtual().start(() -> write(out, c));
      InputStream in = s.getInputStream();
      while (System.nanoTime() - start < boundMs * 1_000_000L) {
        int n;
        try {
          if (len == buf.length) {
            if (buf.length >= READ_MAX_BYTES) len = 0; // keep reading (to see the close) without keeping it all
            else buf = Arrays.copyOf(buf, buf.length * 2);
          }
          n = in.read(buf, len, buf.length - len);
        } catch (SocketTimeoutException e) {
          continue;
        } catch (IOException e) {
          closed = true; // reset by the node
          break;
        }
        if (n < 0) {
          closed = true;
          break;
        }
        len += n;
        statuses = c.kind() == FuzzCase.Kind.H2 ? H2Frames.statuses(buf, len) : http1Statuses(buf, len);
        if (satisfied(c, statuses)) break;
      }
      writer.interrupt();
      statuses = c.kind() == FuzzCase.Kind.H2 ? H2Frames.statuses(buf, len) : http1Statuses(buf, len);
      boolean hung = !closed && !satisfied(c, statuses);
      return new Result(c, statuses, closed, hung, (System.nanoTime() - start) / 1_000_000);
    } catch (IOException e) {
      throw new IllegalStateException("could not connect to the node: " + e, e);
    }
  }

  private static boolean satisfied(FuzzCase c, List<Integer> statuses) {
    return switch (c.kind()) {
      case HTTP1 -> statuses.size() >= c.expectedResponses();
      case UPGRADE, H2 -> !statuses.isEmpty();
    };
  }

  private static void write(OutputStream out, FuzzCase c) {
    byte[] b = c.bytes();
    int step = Math.max(1, b.length / c.slices());
    try {
      for (int pos = 0; pos < b.length; pos += step) {
        out.write(b, pos, Math.min(step, b.length - pos));
        out.flush();
      }
    } catch (IOException e) {
      // The node answered and closed before reading everything (e.g. 413): what it answered is what counts.
    }
  }

  /** Statuses of the HTTP/1 responses whose heads are complete in {@code buf}; stops at a 101 or at garbage (-1). */
  static List<Integer> http1Statuses(byte[] buf, int len) {
    List<Integer> statuses = new ArrayList<>();
    int pos = 0;
    while (pos < len) {
      int headEnd = indexOf(buf, len, pos, "\r\n\r\n");
      if (headEnd < 0) break;
      String head = new String(buf, pos, headEnd - pos, StandardCharsets.ISO_8859_1);
      if (!head.startsWith("HTTP/1.") || head.length() < 12) {
        statuses.add(-1);
        break;
      }
      int status = Integer.parseInt(head.substring(9, 12));
      statuses.add(status);
      if (status == 101) break; // HTTP/2 follows
      int bodyStart = headEnd + 4;
      if (status < 200) {
        pos = bodyStart;
        continue;
      }
      String lower = head.toLowerCase(java.util.Locale.ROOT);
      if (lower.contains("transfer-encoding: chunked")) {
        int p = bodyStart;
        while (true) {
          int lineEnd = indexOf(buf, len, p, "\r\n");
          if (lineEnd < 0) return statuses;
          int size = Integer.parseInt(new String(buf, p, lineEnd - p, StandardCharsets.ISO_8859_1).split(";")[0].trim(), 16);
          p = lineEnd + 2 + size + 2;
          if (size == 0) break;
          if (p > len) return statuses;
        }
        pos = p;
      } else {
        int i = lower.indexOf("content-length:");
        int length = 0;
        if (i >= 0) {
          int e = lower.indexOf("\r\n", i);
          length = Integer.parseInt(lower.substring(i + 15, e < 0 ? lower.length() : e).trim());
        }
        pos = bodyStart + length;
      }
    }
    return statuses;
  }

  private static int indexOf(byte[] buf, int len, int from, String what) {
    byte[] w = what.getBytes(StandardCharsets.ISO_8859_1);
    outer:
    for (int i = from; i + w.length <= len; i++) {
      for (int j = 0; j < w.length; j++) if (buf[i + j] != w[j]) continue outer;
      return i;
    }
    return -1;
  }
}
