package io.faunus.fql;

import java.util.ArrayList;
import java.util.List;

/**
 * Source text with a name as shown in diagnostics ({@code *query*}, {@code *udf:Name*}, {@code *body*}).
 * Line and column numbers are 1-based; columns count UTF-16 chars, as Fauna's renderer does.
 */
public final class Source {
  private final String name;
  private final String text;
  private final int[] lineStarts;

  public Source(String name, String text) {
    this.name = name;
    this.text = text;
    List<Integer> starts = new ArrayList<>();
    starts.add(0);
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) == '\n') starts.add(i + 1);
    }
    this.lineStarts = starts.stream().mapToInt(Integer::intValue).toArray();
  }

  public static Source query(String text) {
    return new Source("*query*", text);
  }

  public String name() {
    return name;
  }

  public String text() {
    return text;
  }

  /** 1-based line containing offset. */
  public int line(int offset) {
    int lo = 0, hi = lineStarts.length - 1;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (lineStarts[mid] <= offset) lo = mid; else hi = mid - 1;
    }
    return lo + 1;
  }

  /** 1-based column of offset within its line. */
  public int column(int offset) {
    return offset - lineStarts[line(offset) - 1] + 1;
  }

  public int lineCount() {
    return lineStarts.length;
  }

  /** Text of 1-based line n without its terminator. */
  public String lineText(int n) {
    int s = lineStarts[n - 1];
    int e = n < lineStarts.length ? lineStarts[n] - 1 : text.length();
    if (e > s && text.charAt(e - 1) == '\r') e--;
    return text.substring(s, Math.max(s, e));
  }

  public String slice(Span span) {
    return text.substring(span.start(), Math.min(span.end(), text.length()));
  }
}
