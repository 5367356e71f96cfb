package io.faunus.fql;

import java.util.List;

/**
 * The query (or UDF body) is not valid FQL. Carries one diagnostic per problem found; the engine reports these
 * as code {@code invalid_query} with {@link #validationMessage(int)} as the message and the rendered diagnostics
 * as the summary.
 */
public final class ParseException extends RuntimeException {
  private final List<Diagnostic> diagnostics;

  public ParseException(List<Diagnostic> diagnostics) {
    super(diagnostics.isEmpty() ? "parse error" : diagnostics.get(0).message(), null, false, false);
    this.diagnostics = List.copyOf(diagnostics);
  }

  public List<Diagnostic> diagnostics() {
    return diagnostics;
  }

  /** Fauna's {@code error.message} for a query that fails n checks. */
  public static String validationMessage(int n) {
    return "The query failed " + n + " validation check" + (n == 1 ? "" : "s");
  }
}
