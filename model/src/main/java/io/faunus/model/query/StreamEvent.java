package io.faunus.model.query;

import io.faunus.model.value.Value;

/**
 * One event of an event stream or feed (spec §1.7, §1.8), ready for the transport, which always encodes
 * {@code data} tagged. {@code data} is materialized; {@code error} is set only for {@link Type#ERROR}
 * events, which carry no time and no cursor.
 */
public record StreamEvent(Type type, Value data, long txnTs, String cursor, Stats stats, Error error) {

  public enum Type {
    STATUS, ADD, UPDATE, REMOVE, ERROR;

    /** The {@code type} field of the event. */
    public String wire() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** Event {@code stats}, keys in Fauna's order (stats-metering §4). */
  public record Stats(long readOps, long storageBytesRead, long computeOps, long processingTimeMs) {
    public static final Stats ZERO = new Stats(0, 0, 0, 0);

    public Stats plus(Stats o) {
      return new Stats(readOps + o.readOps, storageBytesRead + o.storageBytesRead, computeOps + o.computeOps,
          processingTimeMs + o.processingTimeMs);
    }
  }

  /** Why the stream ended: an evaluation failure ({@code abort} holds the aborted value) or a limit. */
  public record Error(ErrorCode code, String message, Value abort) {}

  public static StreamEvent status(long txnTs, String cursor, Stats stats) {
    return new StreamEvent(Type.STATUS, null, txnTs, cursor, stats, null);
  }

  public static StreamEvent error(ErrorCode code, String message, Value abort, Stats stats) {
    return new StreamEvent(Type.ERROR, null, 0, null, stats, new Error(code, message, abort));
  }
}
