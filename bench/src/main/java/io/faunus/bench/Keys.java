package io.faunus.bench;

import java.util.SplittableRandom;

/**
 * How {@link Bench} picks the document, key or products of each operation, the same way for both peers: uniformly
 * over everything preloaded, or over the first {@link #HOT_KEYS} only (contention on a few rows: the sale of the day).
 */
enum Keys {
  UNIFORM,
  HOT;

  static final int HOT_KEYS = 10;

  /** An index in [0, n). */
  int pick(SplittableRandom r, int n) {
    return r.nextInt(this == HOT ? Math.min(HOT_KEYS, n) : n);
  }

  /** {@code k} distinct indexes in [0, n) (the products of one order). */
  int[] pickDistinct(SplittableRandom r, int n, int k) {
    int range = this == HOT ? Math.min(HOT_KEYS, n) : n;
    if (k > range) throw new IllegalArgumentException(k + " distinct picks from " + range);
    int[] out = new int[k];
    for (int i = 0; i < k; i++) {
      int v;
      boolean dup;
      do {
        v = r.nextInt(range);
        dup = false;
        for (int j = 0; j < i; j++) dup |= out[j] == v;
      } while (dup);
      out[i] = v;
    }
    return out;
  }

  static Keys parse(String s) {
    return switch (s) {
      case "uniform" -> UNIFORM;
      case "hot" -> HOT;
      default -> throw new IllegalArgumentException("--keys is uniform or hot, not '" + s + "'");
    };
  }
}
