package io.faunus.model.eval;

import io.faunus.model.query.ErrorCode;

import io.faunus.fql.Span;
import io.faunus.fql.ast.Expr.Binary;
import io.faunus.fql.ast.Expr.Unary;
import io.faunus.model.value.Numbers;
import io.faunus.model.value.Value;
import io.faunus.model.value.Value.*;
import io.faunus.model.value.Values;

/** Unary and binary operators (spec §3.4, numbers §2.4). */
final class Operators {
  private Operators() {}

  static Value unary(Interp in, Unary u, Value v) {
    // Fauna parses a prefix operator as a call of the operator method on the operand: a receiver without that
    // method fails with "The function `!` does not exist on `Int`", pointing at the operator token.
    Span opSpan = new Span(u.span().start(), u.span().start() + 1);
    return switch (u.op()) {
      case NEG -> {
        if (v instanceof NumV n) yield Numbers.negate(n);
        throw notDefined(in, "-", v, opSpan);
      }
      case NOT -> {
        if (v instanceof BoolV b) yield BoolV.of(!b.value());
        throw notDefined(in, "!", v, opSpan);
      }
      case BIT_NOT -> Numbers.of(~integral(in, v, "~", u.span()));
    };
  }

  static Value binary(Interp in, Binary b, Env env) {
    switch (b.op()) {
      case COALESCE -> {
        Value l = in.eval(b.left(), env);
        return in.nullish(l) ? in.eval(b.right(), env) : l;
      }
      case AND -> {
        if (!in.truth(in.eval(b.left(), env), b.left().span())) return BoolV.FALSE;
        return BoolV.of(in.truth(in.eval(b.right(), env), b.right().span()));
      }
      case OR -> {
        if (in.truth(in.eval(b.left(), env), b.left().span())) return BoolV.TRUE;
        return BoolV.of(in.truth(in.eval(b.right(), env), b.right().span()));
      }
      default -> {
        return strict(in, b, in.eval(b.left(), env), in.eval(b.right(), env));
      }
    }
  }

  private static Value strict(Interp in, Binary b, Value l, Value r) {
    return switch (b.op()) {
      case EQ -> BoolV.of(equal(in, l, r));
      case NE -> BoolV.of(!equal(in, l, r));
      case LT -> compare(in, l, r, c -> c < 0);
      case GT -> compare(in, l, r, c -> c > 0);
      case LE -> compare(in, l, r, c -> c <= 0);
      case GE -> compare(in, l, r, c -> c >= 0);
      case ISA -> isa(in, l, r, b);
      case MATCH, NOT_MATCH -> throw in.error(ErrorCode.INVALID_FUNCTION_INVOCATION,
          "The function `" + b.op().symbol + "` does not exist on `" + Values.typeName(l) + "`", b.opSpan());
      case BIT_OR -> Numbers.of(integral(in, l, "|", b.opSpan()) | integralArg(in, r, b.right().span()));
      case BIT_XOR -> Numbers.of(integral(in, l, "^", b.opSpan()) ^ integralArg(in, r, b.right().span()));
      case BIT_AND -> Numbers.of(integral(in, l, "&", b.opSpan()) & integralArg(in, r, b.right().span()));
      case ADD -> add(in, b, l, r);
      case SUB, MUL, DIV, MOD, POW -> arith(in, b, l, r);
      default -> throw new AssertionError(b.op());
    };
  }

  /** {@code ==}: deep equality; a document equals null exactly when it does not exist. */
  static boolean equal(Interp in, Value l, Value r) {
    if (l instanceof DocV d && r instanceof NullV) return !in.ctx().docs().exists(in, d);
    if (r instanceof DocV d && l instanceof NullV) return !in.ctx().docs().exists(in, d);
    return Values.equal(l, r, in);
  }

  private static Value compare(Interp in, Value l, Value r, java.util.function.IntPredicate p) {
    Integer c = Values.compareComparable(l, r, in);
    return BoolV.of(c != null && p.test(c));
  }

  private static Value isa(Interp in, Value l, Value r, Binary b) {
    if (r instanceof Module m) return BoolV.of(m.isInstance(in, l));
    throw in.error(ErrorCode.INVALID_ARGUMENT, "expected value for `module` of type Module, received "
        + Values.typeName(r), b.right().span());
  }

  private static Value add(Interp in, Binary b, Value l, Value r) {
    if (l instanceof StrV s) {
      // Doubling a string by `s + s` is quick to write: the copy is charged and refused past the limit.
      in.chargeBytes(s.value().length());
      StringBuilder out = new StringBuilder(s.value());
      Display.appendDisplay(in, r, out, b.span());
      return new StrV(out.toString());
    }
    if (l instanceof NumV x) {
      if (r instanceof NumV y) return Numbers.add(x, y);
      throw argType(in, "Number", r, b.right().span());
    }
    if (l instanceof TimeV || l instanceof DateV) throw argType(in, "Number", l, b.left().span());
    throw notDefined(in, "+", l, b.opSpan());
  }

  private static Value arith(Interp in, Binary b, Value l, Value r) {
    if (!(l instanceof NumV x)) throw notDefined(in, b.op().symbol, l, b.opSpan());
    if (!(r instanceof NumV y)) throw argType(in, "Number", r, b.right().span());
    NumV out = switch (b.op()) {
      case SUB -> Numbers.sub(x, y);
      case MUL -> Numbers.mul(x, y);
      case DIV -> Numbers.div(x, y);
      case MOD -> Numbers.mod(x, y);
      case POW -> Numbers.pow(x, y);
      default -> throw new AssertionError(b.op());
    };
    if (out == null) throw in.error(ErrorCode.DIVIDE_BY_ZERO, "Attempted integer division by zero.", b.right().span());
    return out;
  }

  private static long integral(Interp in, Value v, String op, Span span) {
    if (v instanceof NumV n) return Numbers.asLong(n);
    throw notDefined(in, op, v, span);
  }

  private static long integralArg(Interp in, Value v, Span span) {
    if (v instanceof NumV n) return Numbers.asLong(n);
    throw argType(in, "Number", v, span);
  }

  static QueryError argType(Interp in, String expected, Value got, Span span) {
    return in.error(ErrorCode.INVALID_ARGUMENT, "expected value for `other` of type " + expected + ", received "
        + Values.typeName(got), span);
  }

  private static QueryError notDefined(Interp in, String op, Value v, Span span) {
    return in.error(ErrorCode.INVALID_FUNCTION_INVOCATION, "The function `" + op + "` does not exist on `"
        + Access.typeLabel(v) + "`", span);
  }
}
