package io.faunus.model.eval;

import io.faunus.fql.Span;
import io.faunus.model.value.Value.SetV;

/**
 * Turns a set position into an opaque {@code after} cursor and back. A cursor replays the same set at the
 * snapshot of the query that produced it (spec §4.3).
 */
public interface Cursors {
  /**
   * A cursor for {@code set}, continuing after {@code offset} elements, with page size {@code pageSize};
   * {@code in} is the issuing query (its template values are captured with the set's functions).
   */
  String issue(Interp in, SetV set, long offset, int pageSize, long snapshotMicros);

  /**
   * The position a cursor stands for, rebuilt in the replaying query {@code in}; errors of the replayed
   * set point at {@code site}. Throws invalid_cursor when malformed, expired, tampered with or foreign.
   */
  Position resolve(Interp in, String cursor, Span site);

  record Position(SetV set, long offset, int pageSize, long snapshotMicros) {}

  /**
   * An event-source token (spec §4.12) for {@code set}, watching {@code watched} field paths (as written,
   * e.g. {@code .a.b}; empty: every change), created at {@code createdMicros}.
   */
  String issueSource(Interp in, SetV set, java.util.List<String> watched, long createdMicros);

  /**
   * The event source a token stands for, rebuilt in the query {@code in}. Throws a protocol error
   * {@code invalid_request} when the token is malformed, tampered with or from another database.
   */
  SourceToken resolveSource(Interp in, String token);

  record SourceToken(SetV set, java.util.List<String> watched, long createdMicros) {}
}
