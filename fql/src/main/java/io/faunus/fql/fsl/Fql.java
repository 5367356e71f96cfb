package io.faunus.fql.fsl;

import io.faunus.fql.Source;
import io.faunus.fql.ast.Expr;
import io.faunus.fql.print.ExprPrinter;

/**
 * FQL embedded in FSL (a default, a lambda, a function body) with the source it was parsed from: spans
 * point into that source (the FSL file, or a stored definition's text), and number literals print as spelled.
 */
public record Fql(Expr expr, Source source) {
  /** Canonical text, as definition documents store it. */
  public String text() {
    return ExprPrinter.print(expr, source);
  }

  public Expr.Lambda lambda() {
    return (Expr.Lambda) expr;
  }
}
