package io.faunus.fql;

import io.faunus.fql.ExprParser.ShortMode;
import io.faunus.fql.ast.Expr;
import io.faunus.fql.ast.Stmt;
import java.util.List;

/**
 * FQL v10 parser (spec §3). A hand-written scanner and recursive-descent parser over characters: FQL's significant
 * newlines and signed number literals depend on what the parser expects next, so there is no separate token
 * stream. Nesting is capped ({@link Cursor#MAX_DEPTH}) and flat chains are parsed by loops, so any input either
 * parses or yields a diagnostic — never a StackOverflowError.
 */
public final class Parser {
  /**
   * Template values appear in the source as {@code PLACEHOLDER + index + ">"}. NUL cannot occur in template text,
   * so users cannot forge one. Same constant as {@code io.faunus.model.query.QueryRequest.PLACEHOLDER}.
   */
  public static final String PLACEHOLDER = "\u0000value";

  private Parser() {}

  /** A whole query: statements, the last an expression. */
  public static Expr.Block parseQuery(Source src) {
    Cursor c = new Cursor(src);
    List<Stmt> stmts = new ExprParser(c).blocks.statements(true);
    expectEnd(c);
    Span span = stmts.get(0).span().to(stmts.get(stmts.size() - 1).span());
    return new Expr.Block(stmts, span);
  }

  /** A single expression, e.g. a UDF body {@code x => x * 2}. */
  public static Expr parseExpr(Source src) {
    Cursor c = new Cursor(src);
    c.skipNl();
    Expr e = new ExprParser(c).expr0(ShortMode.DENY);
    expectEnd(c);
    return e;
  }

  private static void expectEnd(Cursor c) {
    c.skipNl();
    if (!c.eof()) throw c.failHere("Expected end-of-input");
    if (!c.errors.isEmpty()) throw new ParseException(c.errors);
  }
}
