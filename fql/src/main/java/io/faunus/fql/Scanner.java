package io.faunus.fql;

import io.faunus.fql.ExprParser.ShortMode;
import io.faunus.fql.ast.Expr;
import io.faunus.fql.ast.Stmt;
import java.util.List;

/**
 * The FQL scanner and expression parser, positioned anywhere in a source, for languages that embed FQL:
 * FSL (schema-v10.md §3) parses its own declarations with this and hands default values, lambdas and
 * function bodies to the FQL parser at the same position, so every span of an embedded expression points
 * into the FSL file. Whitespace rules, comments, literals and errors are FQL's: one lexical grammar.
 */
public final class Scanner {
  private final Cursor c;
  private final ExprParser exprs;

  public Scanner(Source source) {
    this.c = new Cursor(source);
    this.exprs = new ExprParser(c);
  }

  public Source source() {
    return c.source;
  }

  public int pos() {
    return c.pos;
  }

  public void pos(int pos) {
    c.pos = pos;
  }

  public boolean eof() {
    return c.eof();
  }

  public char peek() {
    return c.peek();
  }

  public char peek(int k) {
    return c.peek(k);
  }

  public boolean at(String s) {
    return c.at(s);
  }

  public boolean eat(String s) {
    return c.eat(s);
  }

  /** Fails with Fauna's "Expected `s`" pointing at the char under the cursor. */
  public void expect(String s) {
    c.expect(s);
  }

  public boolean atKeyword(String kw) {
    return c.atKeyword(kw);
  }

  /** Spaces, tabs and block comments. */
  public void skipWs() {
    c.skipWs();
  }

  /** Whitespace including newlines and line comments. */
  public void skipNl() {
    c.skipNl();
  }

  /** Identifier chars at the cursor (FQL's: a quote may follow the first char), or null. */
  public String ident() {
    return c.scanIdent();
  }

  public static boolean isIdentStart(char ch) {
    return Cursor.isIdentStart(ch);
  }

  public static boolean isKeyword(String name) {
    return ExprParser.KEYWORDS.contains(name);
  }

  public boolean atNumber() {
    return exprs.literals.atNumber();
  }

  public Expr.NumLit number() {
    return exprs.literals.number();
  }

  /** A quoted string at the cursor ({@code '} or {@code "}); a {@link Expr.StrTemplate} when it interpolates. */
  public Expr string() {
    return c.peek() == '\'' ? exprs.literals.singleQuoted() : exprs.string();
  }

  /** One FQL expression (spec §3.3) starting at the cursor; a short lambda here is an error, as in FQL. */
  public Expr expr() {
    return exprs.expr0(ShortMode.DENY);
  }

  /** The statements of a block whose {@code {} the cursor is on, through its {@code }}. */
  public Expr.Block block() {
    int start = c.pos;
    c.expect("{");
    List<Stmt> body = exprs.blocks.statements(false);
    c.skipNl();
    c.expect("}");
    return new Expr.Block(body, new Span(start, c.pos));
  }

  /** Counts one level of nesting (fails past {@link Cursor#MAX_DEPTH}); pair with {@link #leave}. */
  public void enter() {
    c.enter();
  }

  public void leave() {
    c.leave();
  }

  public Diagnostic.Location loc(Span span) {
    return c.loc(span);
  }

  /** A fatal error: includes every error reported so far. */
  public ParseException fail(String message, Span span, Diagnostic.Hint... hints) {
    return c.fail(message, span, hints);
  }

  public ParseException failHere(String message) {
    return c.failHere(message);
  }

  /** A non-fatal error, kept until {@link #errors} is read. */
  public void report(String message, Span span, Diagnostic.Hint... hints) {
    c.report(message, span, hints);
  }

  public List<Diagnostic> errors() {
    return c.errors;
  }
}
