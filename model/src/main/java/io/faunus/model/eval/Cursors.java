package io.faunus.model.eval;

import io.faunus.model.value.Value.SetV;

/**
 * Turns a set position into an opaque {@code after} cursor and back. A cursor replays the same set at the
 * snapshot of the query that produced it (spec §4.3).
 */
public interface Cursors {
  /** A cursor for {@code set}, continuing after {@code offset} elements, with page size {@code pageSize}. */
  String issue(SetV set, long offset, int pageSize, long snapshotMicros);

  /** The position a cursor stands for; throws invalid_cursor when unknown, expired or tampered. */
  Position resolve(String cursor);

  record Position(SetV set, long offset, int pageSize, long snapshotMicros) {}
}
