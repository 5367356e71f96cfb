package io.faunus.server.e2e;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Samples of a Prometheus text page, by name and labels: enough for tests to read /metrics. */
final class Prometheus {
  private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})?\\s+(\\S+)$");
  private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

  /** {@code name{a="1",b="2"}} (labels sorted) → value. */
  final Map<String, Double> samples = new LinkedHashMap<>();

  Prometheus(String text) {
    for (String line : text.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) continue;
      Matcher m = SAMPLE.matcher(line.trim());
      if (!m.matches()) throw new IllegalArgumentException("not a Prometheus sample: " + line);
      Map<String, String> labels = new TreeMap<>();
      if (m.group(3) != null) {
        Matcher l = LABEL.matcher(m.group(3));
        while (l.find()) labels.put(l.group(1), l.group(2));
      }
      samples.put(key(m.group(1), labels), Double.parseDouble(m.group(4)));
    }
  }

  private static String key(String name, Map<String, String> labels) {
    StringBuilder b = new StringBuilder(name);
    if (!labels.isEmpty()) {
      b.append('{');
      labels.forEach((k, v) -> b.append(k).append("=\"").append(v).append("\","));
      b.setLength(b.length() - 1);
      b.append('}');
    }
    return b.toString();
  }

  /** The value of {@code name} with exactly these labels ({@code "k", "v", ...}); 0 when absent. */
  double value(String name, String... labels) {
    Map<String, String> l = new TreeMap<>();
    for (int i = 0; i < labels.length; i += 2) l.put(labels[i], labels[i + 1]);
    return samples.getOrDefault(key(name, l), 0.0);
  }

  boolean has(String name) {
    return samples.keySet().stream().anyMatch(k -> k.equals(name) || k.startsWith(name + "{"));
  }
}
