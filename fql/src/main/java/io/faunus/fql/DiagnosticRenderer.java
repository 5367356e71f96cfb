package io.faunus.fql;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Renders diagnostics as the {@code summary} text of a response, byte-compatible with Fauna's renderer:
 *
 * <pre>
 * error: message
 * at *query*:1:15
 *   |
 * 1 | 70000000000 / 0
 *   |               ^
 *   |
 * </pre>
 *
 * Hints and trace frames follow the main frame; their {@code at} header is left out when they point at the same
 * line of the same source as the main frame.
 */
public final class DiagnosticRenderer {
  private DiagnosticRenderer() {}

  /**
   * Characters the trace frames of one diagnostic may cost. A frame's snippet scans its whole source and
   * shows the lines its span covers, so a trace of 2 000 distinct calls written on one 8 MiB line would
   * render 16 GB; frames past the budget are summarized in one line instead. Ordinary traces (a few
   * thousand frames of a query of kilobytes) fit with room to spare.
   */
  static final long TRACE_RENDER_CHARS_MAX = 64L * 1024 * 1024;
  /** What a frame is assumed to cost per character of its source: the scan, plus the lines it shows. */
  private static final int FRAME_CHARS_PER_SOURCE_CHAR = 3;

  /** All diagnostics, separated by a blank line. */
  public static String render(List<Diagnostic> diagnostics) {
    return diagnostics.stream().map(DiagnosticRenderer::render).collect(Collectors.joining("\n\n"));
  }

  public static String render(Diagnostic d) {
    StringBuilder sb = new StringBuilder();
    appendFrame(sb, d.severity().label, d.message(), d.at(), null);
    for (Diagnostic.Hint hint : d.hints()) {
      sb.append('\n');
      if (hint.insert() != null && hint.at() != null) {
        appendFixIt(sb, hint, d.at());
      } else {
        appendFrame(sb, hint.label(), hint.message(), hint.at(), d.at());
      }
    }
    long budget = TRACE_RENDER_CHARS_MAX;
    for (int i = 0; i < d.trace().size(); i++) {
      Diagnostic.Location frame = d.trace().get(i);
      long cost = frame == null ? 0 : (long) frame.source().text().length() * FRAME_CHARS_PER_SOURCE_CHAR;
      if (cost > budget) {
        sb.append("\n(").append(d.trace().size() - i).append(" more frames not shown)");
        break;
      }
      budget -= cost;
      sb.append('\n');
      // After hints, the first trace frame gets a "trace:" title so it is not read as part of the last hint.
      String label = i == 0 && !d.hints().isEmpty() ? "trace" : "";
      appendFrame(sb, label, "", frame, d.at());
    }
    return sb.toString();
  }

  /** The one-line form of a {@code log()} message: {@code info at *query*:3: text}. */
  public static String renderLog(Diagnostic.Location at, String message) {
    String where = at == null ? "<no source>" : at.source().name() + ":" + at.source().line(at.span().start());
    return "info at " + where + ": " + message;
  }

  /** A fix-it: the source with the hint's text inserted, the insertion underlined with {@code +}. */
  private static void appendFixIt(StringBuilder sb, Diagnostic.Hint hint, Diagnostic.Location parent) {
    Diagnostic.Location at = hint.at();
    String text = at.source().text();
    int pos = Math.min(at.span().start(), text.length());
    Source fixed = new Source(at.source().name(), text.substring(0, pos) + hint.insert() + text.substring(pos));
    Span inserted = new Span(pos, pos + hint.insert().length());
    sb.append(hint.label()).append(": ").append(hint.message()).append('\n');
    Snippet snippet = Snippet.of(fixed, inserted, '+');
    boolean sameLine = parent != null && parent.source() == at.source()
        && parent.source().line(parent.span().start()) == at.source().line(pos);
    if (!sameLine) {
      sb.append("at ").append(at.source().name()).append(':').append(snippet.line()).append(':')
          .append(snippet.column()).append('\n');
    }
    sb.append(snippet.text());
  }

  private static void appendFrame(StringBuilder sb, String label, String message, Diagnostic.Location at,
                                  Diagnostic.Location parent) {
    if (!label.isEmpty()) {
      sb.append(label).append(':');
      if (!message.isEmpty()) sb.append(' ').append(message);
      if (at != null) sb.append('\n');
    }
    if (at == null) return;
    Snippet snippet = Snippet.of(at.source(), at.span());
    boolean sameLine = parent != null && parent.source() == at.source()
        && parent.source().line(parent.span().start()) == snippet.line();
    if (!sameLine) {
      sb.append("at ").append(at.source().name()).append(':').append(snippet.line()).append(':')
          .append(snippet.column()).append('\n');
    }
    sb.append(snippet.text());
  }
}
