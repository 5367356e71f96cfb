package io.faunus.server;

import io.netty.util.AsciiString;
import java.util.concurrent.ThreadLocalRandom;

/** W3C trace context (spec §1.0): every response continues the caller's trace with a new span id. */
final class TraceParent {
  private TraceParent() {}

  static final AsciiString NAME = AsciiString.cached("traceparent");
  private static final int LENGTH = 55; // "vv-" 32 hex "-" 16 hex "-ff"
  private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  /**
   * The traceparent for a response to a request that carried {@code incoming} (may be null): the caller's
   * trace id and flags when {@code incoming} is valid (lower-case hex, version not ff, ids not all zero),
   * else a fresh trace id and flags 00; always a fresh non-zero span id.
   */
  static AsciiString respond(CharSequence incoming) {
    byte[] out = new byte[LENGTH];
    out[0] = '0';
    out[1] = '0';
    out[2] = '-';
    out[35] = '-';
    out[52] = '-';
    ThreadLocalRandom rnd = ThreadLocalRandom.current();
    if (valid(incoming)) {
      for (int i = 3; i < 35; i++) out[i] = (byte) incoming.charAt(i);
      out[53] = (byte) incoming.charAt(53);
      out[54] = (byte) incoming.charAt(54);
    } else {
      long hi;
      long lo;
      do {
        hi = rnd.nextLong();
        lo = rnd.nextLong();
      } while (hi == 0 && lo == 0); // all-zero ids are invalid in W3C trace context
      hex(hi, out, 3);
      hex(lo, out, 19);
      out[53] = '0';
      out[54] = '0';
    }
    long span;
    do {
      span = rnd.nextLong();
    } while (span == 0);
    hex(span, out, 36);
    return new AsciiString(out, false);
  }

  private static void hex(long v, byte[] out, int at) {
    for (int i = 15; i >= 0; i--) {
      out[at + i] = HEX[(int) (v & 0xf)];
      v >>>= 4;
    }
  }

  /** Same as matching {@code [0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}}, version not ff, ids not zero. */
  static boolean valid(CharSequence s) {
    if (s == null || s.length() != LENGTH) return false;
    if (s.charAt(2) != '-' || s.charAt(35) != '-' || s.charAt(52) != '-') return false;
    if (s.charAt(0) == 'f' && s.charAt(1) == 'f') return false;
    boolean traceZero = true;
    boolean spanZero = true;
    for (int i = 0; i < LENGTH; i++) {
      if (i == 2 || i == 35 || i == 52) continue;
      char c = s.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
      if (c != '0') {
        if (i > 2 && i < 35) traceZero = false;
        else if (i > 35 && i < 52) spanZero = false;
      }
    }
    return !traceZero && !spanZero;
  }
}
