package io.faunus.model.eval;

import io.faunus.fql.Span;

/** Spec §8 limits that values must respect. */
public final class Limits {
  private Limits() {}

  /** 16 MiB of characters. */
  public static final int STRING_LENGTH_MAX = 16 * 1024 * 1024;
  /** Eager materialization: toArray, order, distinct, Array.sequence. */
  public static final int MATERIALIZED_ELEMENTS_MAX = 16_000;
  public static final int PAGE_SIZE_DEFAULT = 16;
  public static final int PAGE_SIZE_MAX = 16_000;
  /** Sets nested deeper than this in a result are rendered as cursors. */
  public static final int SET_NESTING_MAX = 10;

  public static void checkString(long length, Span span, Interp in) {
    if (length > STRING_LENGTH_MAX) {
      throw in.error("value_too_large", "Value too large: string size " + length + " exceeds limit "
          + STRING_LENGTH_MAX + ".", span);
    }
  }

  public static void checkElements(long count, Span span, Interp in) {
    if (count > MATERIALIZED_ELEMENTS_MAX) {
      throw in.error("value_too_large", "Value too large: exceeded maximum number of elements (limit="
          + MATERIALIZED_ELEMENTS_MAX + ").", span);
    }
  }
}
