package io.faunus.fql.ast;

import io.faunus.fql.Span;
import java.util.List;

/**
 * FQL v10 expression tree. Every node keeps the span of source it came from so runtime errors can point at
 * it. The parser desugars short lambdas ({@code .name}) into {@link Lambda} with one synthetic parameter,
 * so the evaluator never sees them.
 */
public sealed interface Expr {
  Span span();

  // ---- literals -------------------------------------------------------------------------------
  record NullLit(Span span) implements Expr {}

  record BoolLit(boolean value, Span span) implements Expr {}

  /** Integer or float literal; value is an {@link Integer}, {@link Long} or {@link Double} (spec §2.4). */
  record NumLit(Number value, Span span) implements Expr {}

  record StrLit(String value, Span span) implements Expr {}

  /** {@code "a #{b} c"} or an interpolating heredoc: parts are StrLit pieces and expressions, in order. */
  record StrTemplate(List<Expr> parts, Span span) implements Expr {}

  record ArrayLit(List<Expr> elems, Span span) implements Expr {}

  record ObjectLit(List<Field> fields, Span span) implements Expr {}

  record Field(String key, Span keySpan, Expr value) {}

  // ---- names ----------------------------------------------------------------------------------
  record Ident(String name, Span span) implements Expr {}

  /** A bound template value ({@code {"value": …}} part of a template query), the index-th one. */
  record Placeholder(int index, Span span) implements Expr {}

  // ---- structure ------------------------------------------------------------------------------
  /** {@code { stmt; …; expr }} and the whole query; the last statement is an expression. */
  record Block(List<Stmt> stmts, Span span) implements Expr {}

  record If(Expr cond, Expr then, Expr orElse, Span span) implements Expr {} // orElse may be null

  record At(Expr time, Expr body, Span span) implements Expr {}

  /**
   * Function literal. {@code params} holds names, or null for the ignored parameter {@code _};
   * {@code rest} is the variadic parameter name or null. Short lambdas get the single parameter
   * {@link #SHORT_PARAM}.
   */
  record Lambda(List<String> params, String rest, Expr body, Span span) implements Expr {
    public static final String SHORT_PARAM = "\u0000this";

    public boolean isShort() {
      return params.size() == 1 && SHORT_PARAM.equals(params.get(0));
    }
  }

  // ---- operators ------------------------------------------------------------------------------
  record Unary(UnOp op, Expr operand, Span span) implements Expr {}

  /** Binary operator; {@code opSpan} covers the operator token. */
  record Binary(BinOp op, Expr left, Expr right, Span opSpan, Span span) implements Expr {}

  // ---- postfix chains -------------------------------------------------------------------------
  /** {@code recv.name} or {@code recv?.name}; nameSpan covers the name. */
  record Select(Expr receiver, String name, Span nameSpan, boolean optional, Span span) implements Expr {}

  /** {@code callee(args)} or {@code callee?.(args)}; argsSpan covers the parenthesised argument list. */
  record Call(Expr callee, List<Expr> args, Span argsSpan, boolean optional, Span span) implements Expr {}

  /** {@code recv[index]} or {@code recv?.[index]}; indexSpan covers the brackets. */
  record Index(Expr receiver, Expr index, Span indexSpan, boolean optional, Span span) implements Expr {}

  /** {@code expr!}. */
  record NonNull(Expr operand, Span span) implements Expr {}

  /**
   * Boundary of a postfix chain that contains {@code ?.}: when an optional link meets null, the rest of the
   * chain up to this node is skipped and the chain's value is null (spec §3.6).
   */
  record OptChain(Expr chain, Span span) implements Expr {}

  /** {@code expr { a, b { c }, d: e }} (spec §3.8). */
  record Project(Expr receiver, List<ProjField> fields, Span span) implements Expr {}

  /**
   * One projected field: {@code name} alone reads {@code this.name}; with {@code sub} it is
   * {@code this.name { … }}; with {@code value} it is {@code name: value}, evaluated with the projected
   * value bound to {@link Lambda#SHORT_PARAM} (so short-lambda-like field access works inside).
   */
  record ProjField(String name, Span nameSpan, List<ProjField> sub, Expr value) {}

  enum UnOp { NEG, NOT, BIT_NOT }

  enum BinOp {
    COALESCE("??"), OR("||"), AND("&&"), EQ("=="), NE("!="), MATCH("=~"), NOT_MATCH("!~"),
    LT("<"), GT(">"), LE("<="), GE(">="), ISA("isa"), BIT_OR("|"), BIT_XOR("^"), BIT_AND("&"),
    ADD("+"), SUB("-"), MUL("*"), DIV("/"), MOD("%"), POW("**");

    public final String symbol;

    BinOp(String symbol) {
      this.symbol = symbol;
    }

    /** FQL's binary precedence (spec §3.4), 1 (binds weakest) to 12; the parser and the printer both use it. */
    public int precedence() {
      return switch (this) {
        case COALESCE -> 1;
        case OR -> 2;
        case AND -> 3;
        case EQ, NE, MATCH, NOT_MATCH -> 4;
        case LT, GT, LE, GE -> 5;
        case ISA -> 6;
        case BIT_OR -> 7;
        case BIT_XOR -> 8;
        case BIT_AND -> 9;
        case ADD, SUB -> 10;
        case MUL, DIV, MOD -> 11;
        case POW -> 12;
      };
    }
  }
}
