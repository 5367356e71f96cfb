package io.faunus.model.events;

import java.nio.ByteBuffer;
import java.util.Base64;

/**
 * Where an event stands in commit order: its transaction's commit time and its place among that
 * transaction's changes to the collection (spec §1.7: Fauna's cursor is (ts, ordinal)). A stream or feed
 * resumes strictly after a position. {@link #after} a time stands after every event of that time.
 * The cursor text is opaque to clients: base64url of version 1, the time and the ordinal.
 */
public record EventPosition(long tsMicros, int ordinal) implements Comparable<EventPosition> {
  private static final byte VERSION = 1;
  private static final int BYTES = 1 + Long.BYTES + Integer.BYTES;

  /** After every event at or before {@code tsMicros}. */
  public static EventPosition after(long tsMicros) {
    return new EventPosition(tsMicros, Integer.MAX_VALUE);
  }

  public String cursor() {
    byte[] b = ByteBuffer.allocate(BYTES).put(VERSION).putLong(tsMicros).putInt(ordinal).array();
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  /** The position a cursor names; {@link IllegalArgumentException} when it is not one. */
  public static EventPosition parse(String cursor) {
    byte[] b;
    try {
      b = Base64.getUrlDecoder().decode(cursor);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not a cursor");
    }
    if (b.length != BYTES || b[0] != VERSION) throw new IllegalArgumentException("not a cursor");
    ByteBuffer buf = ByteBuffer.wrap(b, 1, BYTES - 1);
    long ts = buf.getLong();
    int ordinal = buf.getInt();
    if (ts < 0 || ordinal < 0) throw new IllegalArgumentException("not a cursor");
    return new EventPosition(ts, ordinal);
  }

  @Override
  public int compareTo(EventPosition o) {
    int c = Long.compare(tsMicros, o.tsMicros);
    return c != 0 ? c : Integer.compare(ordinal, o.ordinal);
  }
}
