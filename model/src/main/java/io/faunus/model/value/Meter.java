package io.faunus.model.value;

/**
 * Work accounting for operations whose cost grows with their input (walking a value, scanning a string,
 * sorting). The running query implements it ({@code eval.Interp}): work counts toward its deadline, never
 * toward billed compute ops, and charging may throw to stop the query. One unit is about one value node
 * visited, one comparison, or {@link #BYTES_PER_UNIT} characters or bytes scanned or copied.
 */
@FunctionalInterface
public interface Meter {
  /** Characters or bytes of bulk work (copying, scanning, encoding) that cost one unit. */
  int BYTES_PER_UNIT = 64;

  /** For work on values that are already bounded and not driven by a query (stored data, tests). */
  Meter NONE = units -> {};

  /** Records {@code units} of work done or about to be done; may throw (deadline passed). */
  void charge(long units);

  /** Records bulk work over {@code n} characters or bytes (at least one unit, even for empty input). */
  default void chargeBytes(long n) {
    charge(1 + n / BYTES_PER_UNIT);
  }
}
