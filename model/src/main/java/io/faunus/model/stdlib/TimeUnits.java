package io.faunus.model.stdlib;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/** Time units accepted by Time/Date arithmetic (spec §4.8) and fractional offsets in them. */
final class TimeUnits {
  private TimeUnits() {}

  private static final Map<String, ChronoUnit> UNITS = Map.ofEntries(
      Map.entry("nanosecond", ChronoUnit.NANOS), Map.entry("nanoseconds", ChronoUnit.NANOS),
      Map.entry("microsecond", ChronoUnit.MICROS), Map.entry("microseconds", ChronoUnit.MICROS),
      Map.entry("millisecond", ChronoUnit.MILLIS), Map.entry("milliseconds", ChronoUnit.MILLIS),
      Map.entry("second", ChronoUnit.SECONDS), Map.entry("seconds", ChronoUnit.SECONDS),
      Map.entry("minute", ChronoUnit.MINUTES), Map.entry("minutes", ChronoUnit.MINUTES),
      Map.entry("hour", ChronoUnit.HOURS), Map.entry("hours", ChronoUnit.HOURS),
      Map.entry("half day", ChronoUnit.HALF_DAYS), Map.entry("half days", ChronoUnit.HALF_DAYS),
      Map.entry("day", ChronoUnit.DAYS), Map.entry("days", ChronoUnit.DAYS));

  private static final BigDecimal NANOS_PER_SECOND = BigDecimal.valueOf(1_000_000_000L);

  /** The unit named {@code name} (surrounding whitespace ignored, as in Fauna), or null. */
  static ChronoUnit parse(String name) {
    return UNITS.get(name.trim());
  }

  /**
   * {@code t} moved by a fractional {@code amount} of {@code unit}. Like Fauna, the whole part is scaled in
   * decimal (from the Double's shortest decimal form) and the fraction in binary floating point, so huge
   * Doubles land where Fauna puts them. Throws DateTimeException/ArithmeticException on Instant overflow
   * and NumberFormatException for NaN/Infinity.
   */
  static Instant plus(Instant t, double amount, ChronoUnit unit) {
    boolean back = amount < 0;
    double offset = Math.abs(amount);
    long unitNanos = unit.getDuration().toNanos();
    double whole = Math.floor(offset);
    BigDecimal[] secondsAndNanos = BigDecimal.valueOf(whole).multiply(BigDecimal.valueOf(unitNanos))
        .divideAndRemainder(NANOS_PER_SECOND);
    long seconds;
    long nanos;
    if (secondsAndNanos[0].compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) >= 0) {
      seconds = Long.MAX_VALUE;
      nanos = 0;
    } else {
      seconds = secondsAndNanos[0].longValue();
      nanos = secondsAndNanos[1].add(BigDecimal.valueOf(unitNanos * (offset - whole))).longValue();
    }
    return back ? t.minusSeconds(seconds).minusNanos(nanos) : t.plusSeconds(seconds).plusNanos(nanos);
  }
}
