package io.faunus.verify;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a checker concluded about a history.
 *
 * @param validity  VALID, INVALID (at least one anomaly) or UNKNOWN (the check could not decide, e.g. a
 *                  linearizability search hit its step bound, or a set had no final read)
 * @param anomalies every anomaly found (empty unless INVALID)
 * @param facts     counts worth printing in the summary (reads checked, graph size, ...)
 */
record Verdict(Validity validity, List<Anomaly> anomalies, Map<String, Object> facts) {
  enum Validity { VALID, INVALID, UNKNOWN }

  /**
   * One anomaly.
   *
   * @param type        e.g. "G1a", "G-single-realtime", "wrong-total", "lost"
   * @param explanation what was seen, with the operations' indexes, readable without the history at hand
   * @param ops         indexes of the invocations involved
   */
  record Anomaly(String type, String explanation, List<Integer> ops) {}

  Verdict {
    anomalies = List.copyOf(anomalies);
    facts = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(facts));
    if ((validity == Validity.INVALID) != !anomalies.isEmpty()) {
      throw new IllegalArgumentException(validity + " with " + anomalies.size() + " anomalies");
    }
  }

  /** INVALID if anything was found, else UNKNOWN if {@code undecided}, else VALID. */
  static Verdict of(List<Anomaly> anomalies, boolean undecided, Map<String, Object> facts) {
    Validity v = !anomalies.isEmpty() ? Validity.INVALID : undecided ? Validity.UNKNOWN : Validity.VALID;
    return new Verdict(v, anomalies, facts);
  }

  /** Anomaly counts by type, in the order first found. */
  Map<String, Integer> countsByType() {
    Map<String, Integer> out = new LinkedHashMap<>();
    for (Anomaly a : anomalies) out.merge(a.type(), 1, Integer::sum);
    return out;
  }

  /** Up to {@code perType} anomalies of each type (summaries stay readable when thousands are found). */
  List<Anomaly> sample(int perType) {
    Map<String, Integer> seen = new LinkedHashMap<>();
    List<Anomaly> out = new ArrayList<>();
    for (Anomaly a : anomalies) if (seen.merge(a.type(), 1, Integer::sum) <= perType) out.add(a);
    return out;
  }
}
