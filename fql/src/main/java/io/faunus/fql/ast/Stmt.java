package io.faunus.fql.ast;

import io.faunus.fql.Span;

/** A statement of a block: {@code let name (: type)? = value} or an expression. */
public sealed interface Stmt {
  Span span();

  /** {@code type} is the annotation's source text (unchecked until the typechecker exists), or null. */
  record Let(String name, Span nameSpan, String type, Expr value, Span span) implements Stmt {}

  record ExprStmt(Expr expr) implements Stmt {
    public Span span() {
      return expr.span();
    }
  }
}
