package io.faunus.server.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * HTTP/2 with prior knowledge for {@link FuzzCases}: the connection preface, SETTINGS, a request on stream 1
 * (HPACK literals, RFC 7541 §6.2.2) and its body, with a few mutations of the frames and headers. Also reads
 * the node's answer: the {@code :status} of its response HEADERS, when the encoding shows it.
 */
final class H2Frames {
  private H2Frames() {}

  static final byte[] PREFACE = FuzzCase.ascii("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");
  static final int DATA = 0, HEADERS = 1, RST_STREAM = 3, SETTINGS = 4, PING = 6, GOAWAY = 7, WINDOW_UPDATE = 8, CONTINUATION = 9;
  static final int END_STREAM = 0x1, END_HEADERS = 0x4;

  static FuzzCase generate(long index, Random r, List<String> recipe) {
    List<String[]> headers = new ArrayList<>(List.of(new String[] {":method", "POST"}, new String[] {":scheme", "http"},
        new String[] {":path", "/query/1"}, new String[] {":authority", "localhost"},
        new String[] {"authorization", "Bearer " + FuzzCases.SECRET}, new String[] {"content-type", "application/json"}));
    byte[] body = FuzzCase.ascii("{\"query\":\"1 + 1\"}");
    int streamId = 1;
    int headerFlags = END_HEADERS;
    boolean settings = true;
    byte[] extra = new byte[0];
    int mutations = r.nextInt(3);
    for (int m = 0; m < mutations; m++) {
      int kind = r.nextInt(9);
      recipe.add("h2-" + kind);
      switch (kind) {
        case 0 -> headers.remove(r.nextInt(4)); // a pseudo-header missing
        case 1 -> headers.add(new String[] {"X-Upper", "v"}); // upper case is illegal in HTTP/2
        case 2 -> headers.add(new String[] {"x-big", "v".repeat(8 * 1024 + r.nextInt(FuzzCases.HUGE_BYTES))});
        case 3 -> streamId = FuzzCases.pick(r, new String[] {"0", "2", "2147483647"}).transform(Integer::parseInt);
        case 4 -> headerFlags = 0; // HEADERS without END_HEADERS and no CONTINUATION
        case 5 -> settings = false;
        case 6 -> extra = frame(r.nextInt(256), r.nextInt(256), r.nextInt(4), Mutations.randomBytes(r, r.nextInt(64)));
        case 7 -> body = Mutations.body(r, body, recipe);
        default -> extra = switch (FuzzCases.pick(r, new String[] {"ping", "rst", "goaway", "window0"})) {
          case "ping" -> frame(PING, 0, 0, new byte[8]);
          case "rst" -> frame(RST_STREAM, 0, 1, new byte[4]); // on a stream not opened yet
          case "goaway" -> frame(GOAWAY, 0, 0, new byte[8]);
          default -> frame(WINDOW_UPDATE, 0, 1, new byte[4]); // an increment of 0: a protocol error
        };
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(PREFACE);
    if (settings) out.writeBytes(frame(SETTINGS, 0, 0, new byte[0]));
    out.writeBytes(extra);
    byte[] block = hpack(headers);
    if (headerFlags == END_HEADERS && block.length > 1 && r.nextInt(4) == 0) {
      // A valid split: HEADERS, then CONTINUATION with END_HEADERS.
      int cut = 1 + r.nextInt(block.length - 1);
      out.writeBytes(frame(HEADERS, 0, streamId, java.util.Arrays.copyOfRange(block, 0, cut)));
      out.writeBytes(frame(CONTINUATION, END_HEADERS, streamId, java.util.Arrays.copyOfRange(block, cut, block.length)));
    } else {
      out.writeBytes(frame(HEADERS, headerFlags, streamId, block));
    }
    for (int pos = 0; pos < body.length; pos += 16_384) {
      int n = Math.min(16_384, body.length - pos);
      byte[] chunk = java.util.Arrays.copyOfRange(body, pos, pos + n);
      out.writeBytes(frame(DATA, pos + n == body.length ? END_STREAM : 0, streamId, chunk));
    }
    if (body.length == 0) out.writeBytes(frame(DATA, END_STREAM, streamId, new byte[0]));
    return new FuzzCase(index, "h2 " + String.join(" ", recipe), FuzzCase.Kind.H2, out.toByteArray(), 1, 1);
  }

  static byte[] frame(int type, int flags, int stream, byte[] payload) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int n = payload.length;
    out.write(n >>> 16);
    out.write(n >>> 8);
    out.write(n);
    out.write(type);
    out.write(flags);
    out.write(stream >>> 24 & 0x7f);
    out.write(stream >>> 16);
    out.write(stream >>> 8);
    out.write(stream);
    out.writeBytes(payload);
    return out.toByteArray();
  }

  static byte[] hpack(List<String[]> headers) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (String[] h : headers) {
      out.write(0x00); // literal without indexing, new name
      string(out, h[0]);
      string(out, h[1]);
    }
    return out.toByteArray();
  }

  private static void string(ByteArrayOutputStream out, String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    integer(out, b.length, 7, 0x00);
    out.writeBytes(b);
  }

  /** RFC 7541 §5.1: an integer with an N-bit prefix. */
  private static void integer(ByteArrayOutputStream out, int value, int prefixBits, int firstByteHigh) {
    int max = (1 << prefixBits) - 1;
    if (value < max) {
      out.write(firstByteHigh | value);
      return;
    }
    out.write(firstByteHigh | max);
    value -= max;
    while (value >= 128) {
      out.write(value % 128 + 128);
      value /= 128;
    }
    out.write(value);
  }

  /**
   * The statuses of the response HEADERS frames in {@code in}, where the first header field shows it: an
   * indexed static {@code :status} (RFC 7541 Appendix A, indexes 8-14) or a literal with a static {@code :status}
   * name. Other encodings (dynamic-table references) are skipped.
   */
  static List<Integer> statuses(byte[] in, int length) {
    List<Integer> statuses = new ArrayList<>();
    int[] indexed = {200, 204, 206, 304, 400, 404, 500};
    for (int pos = 0; pos + 9 <= length; ) {
      int n = (in[pos] & 0xff) << 16 | (in[pos + 1] & 0xff) << 8 | (in[pos + 2] & 0xff);
      int type = in[pos + 3] & 0xff, flags = in[pos + 4] & 0xff;
      int start = pos + 9;
      if (start + n > length) break;
      if (type == HEADERS && n > 0) {
        int p = start;
        if ((flags & 0x8) != 0) p++; // padded
        if ((flags & 0x20) != 0) p += 5; // priority
        int b = in[p] & 0xff;
        if (b >= 0x88 && b <= 0x8e) statuses.add(indexed[b - 0x88]);
        else if ((b & 0xc0) == 0x40 && (b & 0x3f) >= 8 && (b & 0x3f) <= 14 || (b & 0xf0) == 0 && (b & 0x0f) >= 8 && (b & 0x0f) <= 14) {
          int len = in[p + 1] & 0x7f;
          if ((in[p + 1] & 0x80) == 0 && len == 3 && p + 5 <= start + n) {
            statuses.add(Integer.parseInt(new String(in, p + 2, 3, StandardCharsets.ISO_8859_1)));
          }
        }
      }
      pos = start + n;
    }
    return statuses;
  }
}
