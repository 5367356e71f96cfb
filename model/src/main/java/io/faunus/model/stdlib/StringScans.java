package io.faunus.model.stdlib;

import io.faunus.model.eval.Interp;
import io.faunus.model.value.Meter;

/**
 * String searches that keep the query's deadline in sight. The JDK's searches are naive (a 16 MiB run of
 * {@code a} searched for 8 Mi {@code a}s then a {@code b} is 10^13 comparisons in one call), and a regular
 * expression can backtrack exponentially on a 30-character input; neither can be interrupted. Literal
 * searches therefore run over windows of start positions sized so that one window is a bounded amount of
 * work, charged before it runs, and regular expressions read their input through {@link #metered}, which
 * charges as the matcher reads.
 */
final class StringScans {
  private StringScans() {}

  /** Worst-case character comparisons of one search window: about a millisecond. */
  static final int WINDOW_COMPARES = 1 << 20;
  /** Characters a matcher reads between two charges. */
  private static final int READS_PER_CHARGE = 4096;

  /** {@code s.indexOf(pattern, from)}, charged window by window. */
  static int indexOf(Interp in, String s, String pattern, int from) {
    int m = pattern.length();
    int starts = Math.max(1, WINDOW_COMPARES / Math.max(1, m));
    for (int lo = Math.max(0, from); lo <= s.length() - m; lo += starts) {
      int end = (int) Math.min(s.length(), (long) lo + starts - 1 + m);
      in.chargeBytes((long) (end - lo) * Math.max(1, Math.min(m, starts)));
      int i = s.indexOf(pattern, lo, end);
      if (i >= 0) return i;
    }
    return -1;
  }

  /** {@code s.lastIndexOf(pattern, from)}: the last match starting at or before {@code from}, charged likewise. */
  static int lastIndexOf(Interp in, String s, String pattern, int from) {
    int m = pattern.length();
    int starts = Math.max(1, WINDOW_COMPARES / Math.max(1, m));
    for (int hi = Math.min(from, s.length() - m); hi >= 0; hi -= starts) {
      int lo = Math.max(0, hi - starts + 1);
      in.chargeBytes((long) (hi - lo + m) * Math.max(1, Math.min(m, starts)));
      int i = s.indexOf(pattern, lo, hi + m) < 0 ? -1 : s.substring(lo, hi + m).lastIndexOf(pattern);
      if (i >= 0) return lo + i;
    }
    return -1;
  }

  /** {@code s} as a matcher's input that charges the query for every few thousand characters read. */
  static CharSequence metered(Interp in, String s) {
    return new Metered(in, s);
  }

  private static final class Metered implements CharSequence {
    private final Interp in;
    private final String s;
    private int reads;

    Metered(Interp in, String s) {
      this.in = in;
      this.s = s;
    }

    @Override
    public char charAt(int index) {
      if (++reads == READS_PER_CHARGE) {
        reads = 0;
        in.charge(READS_PER_CHARGE / Meter.BYTES_PER_UNIT);
      }
      return s.charAt(index);
    }

    @Override
    public int length() {
      return s.length();
    }

    @Override
    public CharSequence subSequence(int start, int end) {
      return s.subSequence(start, end);
    }

    @Override
    public String toString() {
      return s;
    }
  }
}
