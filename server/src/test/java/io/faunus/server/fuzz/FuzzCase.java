package io.faunus.server.fuzz;

import java.nio.charset.StandardCharsets;

/**
 * One fuzz input: the bytes written on a fresh connection (in {@code slices} writes), how the node's answer is
 * read, and how many HTTP/1 responses a node that understood every request would send (pipelining).
 *
 * @param kind      {@link Kind#HTTP1}: HTTP/1.x responses; {@link Kind#UPGRADE}: an h2c upgrade, answered by a
 *                  101 or an HTTP/1 error; {@link Kind#H2}: HTTP/2 with prior knowledge (frames)
 */
record FuzzCase(long index, String recipe, Kind kind, byte[] bytes, int slices, int expectedResponses) {
  enum Kind { HTTP1, UPGRADE, H2 }

  /** The input, printable: control and non-ASCII bytes escaped, cut to {@code max} characters. */
  String show(int max) {
    StringBuilder b = new StringBuilder();
    for (byte x : bytes) {
      int c = x & 0xff;
      if (c == '\r') b.append("\\r");
      else if (c == '\n') b.append("\\n");
      else if (c < 0x20 || c >= 0x7f) b.append(String.format("\\x%02x", c));
      else b.append((char) c);
      if (b.length() >= max) return b.append("... (").append(bytes.length).append(" bytes)").toString();
    }
    return b.toString();
  }

  static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }
}
