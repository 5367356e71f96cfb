package io.faunus.fql;

import java.util.List;

/**
 * One entry of a response's {@code summary}: an error, warning, hint or info message with the source
 * location it is about, the call stack below it ({@code trace}, innermost first, not including
 * {@code at}) and attached hints. Rendered by {@link DiagnosticRenderer}.
 */
public record Diagnostic(Severity severity, String message, Location at, List<Location> trace,
                         List<Hint> hints) {

  public enum Severity {
    ERROR("error"), WARNING("warning"), HINT("hint"), PERFORMANCE_HINT("performance_hint"),
    /** log(): rendered short, "info at *query*:1: message". */
    INFO("info"),
    /** dbg(): rendered long like an error, labelled "info". */
    DEBUG("info");

    public final String label;

    Severity(String label) {
      this.label = label;
    }
  }

  /** A place in a source. */
  public record Location(Source source, Span span) {}

  /**
   * {@code <label>: <message>} followed by a snippet of {@code at} (which may be null: no snippet). The label is
   * {@code hint} unless made with {@link #cause}: Fauna labels "why this failed" notes (e.g. the statement that
   * makes a block lack a return value) {@code cause:}. {@code insert}, when not null, is a fix-it: the snippet
   * shows the source with that text inserted at {@code at}'s start, underlined with {@code +}.
   */
  public record Hint(String message, Location at, String label, String insert) {
    public Hint(String message, Location at, String label) {
      this(message, at, label, null);
    }

    public Hint(String message, Location at) {
      this(message, at, "hint");
    }

    public static Hint cause(String message, Location at) {
      return new Hint(message, at, "cause");
    }

    /** A fix-it hint: "Call the function." with {@code ()} inserted at {@code at}. */
    public static Hint insert(String message, Location at, String text) {
      return new Hint(message, at, "hint", text);
    }
  }

  public Diagnostic {
    trace = List.copyOf(trace);
    hints = List.copyOf(hints);
  }

  public static Diagnostic error(String message, Location at) {
    return new Diagnostic(Severity.ERROR, message, at, List.of(), List.of());
  }
}
