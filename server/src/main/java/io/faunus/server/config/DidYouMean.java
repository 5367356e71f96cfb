package io.faunus.server.config;

import java.util.Collection;
import java.util.Optional;

/** The closest known name to a misspelt one, so an error can say {@code did you mean limits.max_streams?}. */
final class DidYouMean {
  private DidYouMean() {}

  /** Farther than this (edits), a suggestion would confuse more than help. */
  static final int DISTANCE_MAX = 3;

  static Optional<String> closest(String wrong, Collection<String> known) {
    for (String k : known) {
      if (k.endsWith("." + wrong)) return Optional.of(k); // the right name in the wrong section (or none)
    }
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String k : known) {
      int d = distance(wrong, k);
      if (d < bestDistance) {
        best = k;
        bestDistance = d;
      }
    }
    return bestDistance <= Math.max(DISTANCE_MAX, wrong.length() / 4) ? Optional.ofNullable(best) : Optional.empty();
  }

  /** Levenshtein distance, two rows. */
  static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) prev[j] = j;
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
