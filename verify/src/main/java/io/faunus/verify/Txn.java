package io.faunus.verify;

import java.util.List;

/**
 * A list-append transaction: micro-operations on keys, in order. Every value appended to a key is unique to
 * that key across the whole history, so a read tells exactly which transactions wrote the list it saw.
 */
record Txn(List<Mop> mops) {
  Txn {
    mops = List.copyOf(mops);
  }

  /** One micro-operation of a transaction. */
  sealed interface Mop {
    int key();

    /** Appends {@code value} to the list at {@code key}. */
    record Append(int key, long value) implements Mop {}

    /** Reads the list at {@code key}: null in an invocation, the list (empty if absent) once it completed. */
    record Read(int key, List<Long> values) implements Mop {}
  }
}
