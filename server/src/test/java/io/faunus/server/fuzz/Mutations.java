package io.faunus.server.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

/** Body mutations and message framing for {@link FuzzCases}. */
final class Mutations {
  private Mutations() {}

  static byte[] randomBytes(Random r, int n) {
    byte[] b = new byte[n];
    r.nextBytes(b);
    return b;
  }

  /** One mutation of a JSON body: cut, flip, bad UTF-8, deep nesting, odd values, or something else entirely. */
  static byte[] body(Random r, byte[] body, List<String> recipe) {
    int kind = r.nextInt(12);
    recipe.add("body-" + kind);
    return switch (kind) {
      case 0 -> java.util.Arrays.copyOf(body, body.length == 0 ? 0 : r.nextInt(body.length)); // truncated
      case 1 -> {
        byte[] b = body.clone();
        if (b.length > 0) b[r.nextInt(b.length)] = (byte) r.nextInt(256); // one byte changed
        yield b;
      }
      case 2 -> concat(FuzzCase.ascii("{\"query\":\""), new byte[] {(byte) 0xc3, 0x28, (byte) 0xff, (byte) 0xc0, (byte) 0xaf},
          FuzzCase.ascii("\"}")); // invalid and overlong UTF-8
      case 3 -> FuzzCase.ascii("{\"query\":\"'\\ud800'\"}"); // a lone surrogate
      case 4 -> {
        int depth = 1_000 + r.nextInt(200_000);
        yield FuzzCase.ascii("{\"query\":\"1\",\"arguments\":{\"x\":" + "[".repeat(depth) + "]".repeat(depth) + "}}");
      }
      case 5 -> FuzzCase.ascii(FuzzCases.pick(r, new String[] {"{\"query\":5}", "{\"query\":null}", "[]", "null", "\"x\"",
          "{\"query\":\"1\",\"query\":\"2\"}", "{\"query\":\"1e999999\"}", "{\"query\":\"1\",\"arguments\":5}",
          "{\"query\":{\"fql\":5}}", "{\"query\":{\"fql\":[{\"value\":{\"@set\":\"x\"}}]}}", "{\"query\":\"1\"} trailing",
          "{\"query\":\"\\u0000\"}", "{}", "", "{\"query\":\"" + "9".repeat(5000) + "\"}"}));
      case 6 -> concat(new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf}, body); // a byte-order mark
      case 7 -> new String(body, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_16); // another encoding
      case 8 -> randomBytes(r, r.nextInt(2_000));
      case 9 -> {
        // Larger than the node's body limit: it must answer 413, not fail.
        byte[] big = new byte[8 * 1024 * 1024 + r.nextInt(1024 * 1024)];
        java.util.Arrays.fill(big, (byte) ' ');
        yield concat(FuzzCase.ascii("{\"query\":\"1\""), big, FuzzCase.ascii("}"));
      }
      case 10 -> FuzzCase.ascii("{\"query\":\"" + "(".repeat(10_000 + r.nextInt(50_000)) + "\"}"); // deep FQL
      default -> new byte[0];
    };
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) out.writeBytes(p);
    return out.toByteArray();
  }

  /** The request's head and body, framed as {@code framing} says (some framings are deliberately wrong). */
  static byte[] frame(Random r, String requestLine, List<String[]> headers, byte[] body, String framing) {
    StringBuilder head = new StringBuilder(requestLine).append("\r\n");
    for (String[] h : headers) head.append(h[0]).append(": ").append(h[1]).append("\r\n");
    byte[] payload = body;
    switch (framing) {
      case "length" -> head.append("Content-Length: ").append(body.length).append("\r\n");
      case "none" -> payload = new byte[0];
      case "both" -> {
        head.append("Content-Length: ").append(body.length).append("\r\nTransfer-Encoding: chunked\r\n");
        payload = chunked(r, body, "");
      }
      case "short" -> head.append("Content-Length: ").append(Math.max(0, body.length - 1 - r.nextInt(Math.max(1, body.length)))).append("\r\n");
      case "long" -> head.append("Content-Length: ").append(body.length + 1 + r.nextInt(100)).append("\r\n");
      case "negative" -> head.append("Content-Length: -").append(body.length).append("\r\n");
      case "junk" -> head.append("Content-Length: ").append(FuzzCases.pick(r, new String[] {"abc", "1e3", "0x10", "",
          "99999999999999999999", "1, 2"})).append("\r\n");
      case "double" -> head.append("Content-Length: ").append(body.length).append("\r\nContent-Length: ").append(body.length + 3).append("\r\n");
      case "chunked", "chunk-ext", "trailers", "bad-chunk", "no-last-chunk" -> {
        head.append("Transfer-Encoding: chunked\r\n");
        payload = chunked(r, body, framing);
      }
      case "te-gzip" -> {
        head.append("Transfer-Encoding: ").append(FuzzCases.pick(r, new String[] {"gzip, chunked", "chunked, gzip",
            "identity", "chunked, chunked", "xchunked"})).append("\r\n");
        payload = chunked(r, body, "");
      }
      default -> throw new IllegalArgumentException("unknown framing " + framing);
    }
    return concat(head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1), payload);
  }

  private static byte[] chunked(Random r, byte[] body, String how) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int pos = 0;
    while (pos < body.length) {
      int n = Math.min(body.length - pos, 1 + r.nextInt(64));
      String size = how.equals("bad-chunk") && r.nextInt(3) == 0
          ? FuzzCases.pick(r, new String[] {"zz", "-1", "ffffffffffffffff", "", " 1"}) : Integer.toHexString(n);
      out.writeBytes(FuzzCase.ascii(size + (how.equals("chunk-ext") ? ";a=b;c" : "") + "\r\n"));
      out.write(body, pos, n);
      out.writeBytes(FuzzCase.ascii("\r\n"));
      pos += n;
    }
    if (!how.equals("no-last-chunk")) {
      out.writeBytes(FuzzCase.ascii("0\r\n" + (how.equals("trailers") ? "x-trailer: 1\r\nx-more: 2\r\n" : "") + "\r\n"));
    }
    return out.toByteArray();
  }
}
