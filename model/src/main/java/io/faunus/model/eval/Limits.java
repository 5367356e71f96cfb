package io.faunus.model.eval;

import io.faunus.model.query.ErrorCode;

import io.faunus.fql.Span;

/** Spec §8 limits that values must respect. */
public final class Limits {
  private Limits() {}

  /** 16 MiB of characters. */
  public static final int STRING_LENGTH_MAX = 16 * 1024 * 1024;
  /** Spec §8: the writes of one transaction (checked as they grow, and again before the commit). */
  public static final long TXN_BYTES_MAX = 16L * 1024 * 1024;
  /** Eager materialization: toArray, order, distinct, Array.sequence. */
  public static final int MATERIALIZED_ELEMENTS_MAX = 16_000;
  public static final int PAGE_SIZE_DEFAULT = 16;
  public static final int PAGE_SIZE_MAX = 16_000;
  /** Sets nested deeper than this in a result are rendered as cursors. */
  public static final int SET_NESTING_MAX = 10;

  /**
   * What one query may hold for its answer: its materialized result (counted as the tree it encodes to,
   * however much of it is shared in memory) and its logs, in bytes of their text. Four times the largest
   * string (16 MiB): a page of large documents fits, a value doubled 24 times by sharing does not.
   */
  public static final long QUERY_HELD_BYTES_MAX = 64L * 1024 * 1024;
  /**
   * Nesting of arrays and objects in a result. JSON readers (Jackson on both ends) refuse deeper documents,
   * and walking deeper values recursively risks the stack.
   */
  public static final int RESULT_NESTING_MAX = 1000;

  /** Heap use above which running queries are stopped rather than letting the JVM run out of memory. */
  static final double HEAP_USED_MAX_FRACTION = 0.85;

  /**
   * Safety net for queries whose values grow past what the per-value caps catch (e.g. 16 000 arrays of
   * 16 000 elements): checked every few hundred evaluation steps; a query that fails it answers
   * value_too_large and its garbage is reclaimed, instead of the node dying of OutOfMemoryError.
   */
  static boolean heapExhausted() {
    Runtime rt = Runtime.getRuntime();
    long used = rt.totalMemory() - rt.freeMemory();
    if (used < rt.maxMemory() * HEAP_USED_MAX_FRACTION) return false;
    System.gc(); // garbage is not pressure: look again after a collection before failing anyone
    used = rt.totalMemory() - rt.freeMemory();
    return used >= rt.maxMemory() * HEAP_USED_MAX_FRACTION;
  }

  public static void checkString(long length, Span span, Interp in) {
    if (length > STRING_LENGTH_MAX) {
      throw in.error(ErrorCode.VALUE_TOO_LARGE, "Value too large: string size " + length + " exceeds limit "
          + STRING_LENGTH_MAX + ".", span);
    }
  }

  public static void checkElements(long count, Span span, Interp in) {
    if (count > MATERIALIZED_ELEMENTS_MAX) {
      throw in.error(ErrorCode.VALUE_TOO_LARGE, "Value too large: exceeded maximum number of elements (limit="
          + MATERIALIZED_ELEMENTS_MAX + ").", span);
    }
  }
}
