package io.faunus.server;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/** W3C trace context (spec §1.0): every response continues the caller's trace with a new span id. */
final class TraceParent {
  private TraceParent() {}

  private static final Pattern VALID = Pattern.compile("[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}");
  private static final String ZERO_TRACE = "0".repeat(32);
  private static final String ZERO_SPAN = "0".repeat(16);
  private static final HexFormat HEX = HexFormat.of();

  /** The traceparent for a response to a request that carried {@code incoming} (may be null). */
  static String respond(String incoming) {
    String traceId;
    String flags = "00";
    if (incoming != null && VALID.matcher(incoming).matches() && !incoming.startsWith("ff")
        && !incoming.substring(3, 35).equals(ZERO_TRACE) && !incoming.substring(36, 52).equals(ZERO_SPAN)) {
      traceId = incoming.substring(3, 35);
      flags = incoming.substring(53, 55);
    } else {
      traceId = randomHex(16);
    }
    return "00-" + traceId + "-" + randomHex(8) + "-" + flags;
  }

  private static String randomHex(int bytes) {
    byte[] b = new byte[bytes];
    do {
      ThreadLocalRandom.current().nextBytes(b);
    } while (allZero(b)); // all-zero ids are invalid in W3C trace context
    return HEX.formatHex(b);
  }

  private static boolean allZero(byte[] b) {
    for (byte x : b) if (x != 0) return false;
    return true;
  }
}
