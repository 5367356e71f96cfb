package io.faunus.log;

/** What applying one intent did: exactly one per intent of an entry. */
public sealed interface Outcome {
  /** Written at {@code commitMicros}. */
  record Committed(long commitMicros) implements Outcome {}

  /** Not written: {@code what} (a key's description from the read set) changed after the snapshot. */
  record Conflict(String what) implements Outcome {}
}
