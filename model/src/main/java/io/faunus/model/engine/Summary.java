package io.faunus.model.engine;

import io.faunus.fql.Diagnostic;
import io.faunus.fql.DiagnosticRenderer;
import java.util.ArrayList;
import java.util.List;

/** The response's {@code summary} text: logs first, then the error (spec §1.5). */
public final class Summary {
  private Summary() {}

  public static String render(List<Diagnostic> logs, Diagnostic error) {
    List<String> parts = new ArrayList<>();
    for (Diagnostic d : logs) {
      if (d.severity() == Diagnostic.Severity.INFO && d.at() != null) {
        parts.add("info at " + d.at().source().name() + ":" + d.at().source().line(d.at().span().start()) + ": "
            + d.message());
      } else {
        parts.add(DiagnosticRenderer.render(List.of(d)));
      }
    }
    if (error != null) parts.add(DiagnosticRenderer.render(List.of(error)));
    return String.join("\n\n", parts);
  }
}
