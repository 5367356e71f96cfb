package io.faunus.fql;

import java.util.ArrayList;
import java.util.List;

/**
 * The annotated source excerpt of a diagnostic frame, and the line/column it reports. A span within one line is
 * underlined with carets; a span running over several lines gets a bracket ({@code  ___^} … {@code |__^}).
 * Spans past the last visible character (an error at end of input) are moved back onto the last non-blank line.
 */
record Snippet(String text, int line, int column) {
  private record Row(String prefix, String gutter, String body) {}

  static Snippet of(Source source, Span span) {
    return of(source, span, '^');
  }

  /** {@code mark}: the underline character ({@code ^}; {@code +} for text a fix-it inserts). */
  static Snippet of(Source source, Span span, char mark) {
    String full = source.text();
    String trimmed = full.stripTrailing();
    int start = span.start();
    int end = span.end();
    if (start > trimmed.length()) { // keep the length, move it back to the end of the visible text
      int diff = start - trimmed.length();
      start -= diff;
      end -= diff;
      full = trimmed;
    }
    if (trimmed.isEmpty()) trimmed = " ";
    return build(full, trimmed, start, end - start, mark);
  }

  private static Snippet build(String full, String trimmed, int start, int length, char mark) {
    List<String> lines = linesWithSeparators(trimmed);
    int lineIndex = countNewlines(full, start);
    int scanned = lineStart(full, lineIndex);
    List<Row> rows = new ArrayList<>();
    rows.add(new Row("| ", "", ""));
    int lno = lineIndex, col = -1;
    for (int i = lineIndex; scanned <= start && i < lines.size(); i++) {
      String line = lines.get(i);
      boolean hasNext = i + 1 < lines.size();
      if (scanned + line.length() <= start && hasNext) {
        rows.add(new Row("| ", "", line));
      } else {
        int indent = start - scanned;
        lno = i + 1;
        col = indent + 1;
        rows.add(new Row(lno + " | ", "", display(line)));
        if (indent + length > line.length() && hasNext) {
          bracket(rows, lines, i, indent, length - (line.length() - indent));
        } else {
          rows.add(new Row("| ", "", " ".repeat(Math.max(0, indent)) + String.valueOf(mark).repeat(length)));
        }
      }
      scanned += line.length();
    }
    rows.add(new Row("| ", "", ""));
    return new Snippet(layout(rows), lno, col);
  }

  /** Multi-line underline: opens under the first char, closes under the last one on a later line. */
  private static void bracket(List<Row> rows, List<String> lines, int first, int indent, int remaining) {
    rows.add(new Row("| ", " _", "_".repeat(indent) + "^"));
    for (int i = first + 1; remaining > 0 && i < lines.size(); i++) {
      String line = lines.get(i);
      rows.add(new Row((i + 1) + " | ", "| ", display(line)));
      int left = remaining - line.length();
      if (left <= 0 || i + 1 == lines.size()) {
        rows.add(new Row("| ", "|_", "_".repeat(Math.max(0, remaining - 1)) + "^"));
        return;
      }
      remaining = left;
    }
  }

  /** Right-aligns prefixes and gutters to their widest, as the gutter width follows the largest line number. */
  private static String layout(List<Row> rows) {
    int pw = 0, gw = 0;
    for (Row r : rows) {
      pw = Math.max(pw, r.prefix.length());
      gw = Math.max(gw, r.gutter.length());
    }
    StringBuilder sb = new StringBuilder();
    for (Row r : rows) {
      if (!sb.isEmpty()) sb.append('\n');
      String s = " ".repeat(pw - r.prefix.length()) + r.prefix + " ".repeat(gw - r.gutter.length()) + r.gutter + r.body;
      sb.append(s.stripTrailing());
    }
    return sb.toString();
  }

  /** Template placeholders start with NUL; show them as {@code <value0>} like Fauna does. */
  private static String display(String line) {
    return line.replace('\0', '<');
  }

  private static List<String> linesWithSeparators(String s) {
    List<String> out = new ArrayList<>();
    int from = 0;
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) == '\n') {
        out.add(s.substring(from, i + 1));
        from = i + 1;
      }
    }
    if (from < s.length()) out.add(s.substring(from));
    return out;
  }

  private static int countNewlines(String s, int before) {
    int n = 0;
    for (int i = 0; i < Math.min(before, s.length()); i++) if (s.charAt(i) == '\n') n++;
    return n;
  }

  private static int lineStart(String s, int lineIndex) {
    int idx = 0;
    for (int n = 0; n < lineIndex; n++) idx = s.indexOf('\n', idx) + 1;
    return idx;
  }
}
