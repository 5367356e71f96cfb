package io.faunus.model.fsl;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The textual diff of two file sets (schema-v10.md §1.3 {@code textual}): per changed file, in name order
 * with a blank line between files, the file name and its hunks ({@code @ line a to b}, in the new file's
 * lines; 3 lines of context) of {@code + }, {@code - } and {@code   } lines.
 */
final class TextDiff {
  private TextDiff() {}

  static final int CONTEXT = 3;
  /** Files whose line-count product exceeds this are shown as removed and re-added (the table is quadratic). */
  static final long TABLE_CELLS_MAX = 4_000_000;

  static String of(Map<String, String> before, Map<String, String> after, boolean color) {
    TreeSet<String> names = new TreeSet<>(before.keySet());
    names.addAll(after.keySet());
    List<String> parts = new ArrayList<>();
    for (String name : names) {
      String a = before.getOrDefault(name, ""), b = after.getOrDefault(name, "");
      if (a.equals(b)) continue;
      parts.add(file(name, lines(a), lines(b), color));
    }
    return String.join("\n", parts);
  }

  private static List<String> lines(String text) {
    return text.lines().toList();
  }

  private enum Op { SAME, ADD, DEL }

  private record Line(Op op, String text, int newLine) {}

  private static String file(String name, List<String> a, List<String> b, boolean color) {
    List<Line> script = script(a, b);
    StringBuilder sb = new StringBuilder(color ? "\u001b[1m" + name + "\u001b[22m" : name).append('\n');
    int i = 0;
    while (i < script.size()) {
      if (script.get(i).op == Op.SAME) {
        i++;
        continue;
      }
      int start = Math.max(0, i - CONTEXT);
      int end = i; // extend while changes are separated by at most 2 * CONTEXT + 1 unchanged lines
      int j = i;
      while (j < script.size()) {
        if (script.get(j).op != Op.SAME) {
          end = j;
          j++;
          continue;
        }
        int k = j;
        while (k < script.size() && script.get(k).op == Op.SAME) k++;
        if (k == script.size() || k - j > 2 * CONTEXT + 1) break;
        j = k;
      }
      int stop = Math.min(script.size() - 1, end + CONTEXT);
      int first = script.get(start).newLine, last = first;
      for (int k = start; k <= stop; k++) if (script.get(k).op != Op.DEL) last = script.get(k).newLine;
      String header = "@ line " + first + " to " + last;
      sb.append(color ? "\u001b[36m" + header + "\u001b[0m" : header).append('\n');
      for (int k = start; k <= stop; k++) sb.append(render(script.get(k), color)).append('\n');
      i = stop + 1;
    }
    return sb.toString();
  }

  private static String render(Line l, boolean color) {
    String mark = switch (l.op) {
      case SAME -> " ";
      case ADD -> "+";
      case DEL -> "-";
    };
    String text = l.text.isEmpty() ? (l.op == Op.SAME ? "" : mark) : mark + " " + l.text;
    if (!color || l.op == Op.SAME) return text;
    return "\u001b[" + (l.op == Op.ADD ? "32" : "31") + "m" + text + "\u001b[0m";
  }

  /** A shortest edit script by longest common subsequence (common prefix and suffix trimmed first). */
  private static List<Line> script(List<String> a, List<String> b) {
    int pre = 0;
    while (pre < a.size() && pre < b.size() && a.get(pre).equals(b.get(pre))) pre++;
    int suf = 0;
    while (suf < a.size() - pre && suf < b.size() - pre
        && a.get(a.size() - 1 - suf).equals(b.get(b.size() - 1 - suf))) suf++;
    List<String> x = a.subList(pre, a.size() - suf), y = b.subList(pre, b.size() - suf);
    List<Line> out = new ArrayList<>();
    for (int i = 0; i < pre; i++) out.add(new Line(Op.SAME, a.get(i), i + 1));
    int n = x.size(), m = y.size();
    if ((long) n * m > TABLE_CELLS_MAX) {
      for (String s : x) out.add(new Line(Op.DEL, s, pre + 1));
      for (int j = 0; j < m; j++) out.add(new Line(Op.ADD, y.get(j), pre + j + 1));
    } else {
      int[][] lcs = new int[n + 1][m + 1];
      for (int i = n - 1; i >= 0; i--) {
        for (int j = m - 1; j >= 0; j--) {
          lcs[i][j] = x.get(i).equals(y.get(j)) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
        }
      }
      int i = 0, j = 0;
      while (i < n || j < m) {
        if (i < n && j < m && x.get(i).equals(y.get(j))) {
          out.add(new Line(Op.SAME, x.get(i), pre + j + 1));
          i++;
          j++;
        } else if (i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1])) { // removals before additions
          out.add(new Line(Op.DEL, x.get(i), pre + j + 1));
          i++;
        } else {
          out.add(new Line(Op.ADD, y.get(j), pre + j + 1));
          j++;
        }
      }
    }
    for (int k = 0; k < suf; k++) out.add(new Line(Op.SAME, b.get(b.size() - suf + k), b.size() - suf + k + 1));
    return out;
  }
}
