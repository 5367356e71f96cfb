package io.faunus.server.metrics;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The samples of a Prometheus text page ({@code name{labels} value}), for {@code faunus admin status} and
 * tests: enough to read /metrics back, not a full parser (no timestamps, exemplars or escapes in names).
 */
public final class Samples {
  private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})?\\s+(\\S+)$");
  private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

  /** One sample: its name and labels (sorted). */
  public record Sample(String name, Map<String, String> labels) {}

  private final Map<Sample, Double> values = new LinkedHashMap<>();

  public static Samples parse(String text) {
    Samples s = new Samples();
    for (String line : text.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) continue;
      Matcher m = SAMPLE.matcher(line.trim());
      if (!m.matches()) throw new IllegalArgumentException("not a Prometheus sample: " + line);
      Map<String, String> labels = new TreeMap<>();
      if (m.group(3) != null) {
        Matcher l = LABEL.matcher(m.group(3));
        while (l.find()) labels.put(l.group(1), l.group(2));
      }
      s.values.put(new Sample(m.group(1), labels), Double.parseDouble(m.group(4)));
    }
    return s;
  }

  /** The value of {@code name} with exactly these labels ({@code "k", "v", ...}); 0 when absent. */
  public double value(String name, String... labels) {
    Map<String, String> l = new TreeMap<>();
    for (int i = 0; i < labels.length; i += 2) l.put(labels[i], labels[i + 1]);
    return values.getOrDefault(new Sample(name, l), 0.0);
  }

  /** The sum of {@code name} over the samples whose labels pass {@code which}. */
  public double sum(String name, Predicate<Map<String, String>> which) {
    double total = 0;
    for (Map.Entry<Sample, Double> e : values.entrySet()) {
      if (e.getKey().name().equals(name) && which.test(e.getKey().labels())) total += e.getValue();
    }
    return total;
  }

  public boolean has(String name) {
    return values.keySet().stream().anyMatch(s -> s.name().equals(name));
  }

  public java.util.Set<Sample> all() {
    return values.keySet();
  }
}
