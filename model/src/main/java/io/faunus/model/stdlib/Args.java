package io.faunus.model.stdlib;

import io.faunus.model.query.ErrorCode;

import io.faunus.fql.Span;
import io.faunus.model.eval.Arity;
import io.faunus.model.eval.Fn;
import io.faunus.model.eval.Interp;
import io.faunus.model.value.Numbers;
import io.faunus.model.value.Value;
import io.faunus.model.value.Value.*;
import io.faunus.model.value.Values;
import java.util.List;

/**
 * Typed access to native-method arguments, with Fauna's error texts:
 * "expected value for `name` of type T, received U" (invalid_argument) and callback arity checks
 * "`predicate` should accept 1 parameter, provided function requires exactly 2 parameters.".
 */
public final class Args {
  private Args() {}



  public static RuntimeException type(Interp in, String name, String expected, Value got, Span site) {
    return in.error(ErrorCode.INVALID_ARGUMENT, "expected value for `" + name + "` of type " + expected + ", received "
        + Values.typeName(got), site);
  }

  public static String str(Interp in, List<Value> args, int i, String name, Span site) {
    if (args.get(i) instanceof StrV s) return s.value();
    throw type(in, name, "String", args.get(i), site);
  }

  public static NumV num(Interp in, List<Value> args, int i, String name, Span site) {
    if (args.get(i) instanceof NumV n) return n;
    throw type(in, name, "Number", args.get(i), site);
  }

  public static double dbl(Interp in, List<Value> args, int i, String name, Span site) {
    return num(in, args, i, name, site).asDouble();
  }

  /** An Int or Long argument. */
  public static long integer(Interp in, List<Value> args, int i, String name, Span site) {
    if (args.get(i) instanceof NumV n && Numbers.isIntegral(n)) return Numbers.asLong(n);
    throw type(in, name, "Int", args.get(i), site);
  }

  /** An Int argument clamped into int range (for sizes and indexes). */
  public static int intArg(Interp in, List<Value> args, int i, String name, Span site) {
    long l = integer(in, args, i, name, site);
    return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, l));
  }

  public static boolean bool(Interp in, List<Value> args, int i, String name, Span site) {
    if (args.get(i) instanceof BoolV b) return b.value();
    throw type(in, name, "Boolean", args.get(i), site);
  }

  public static ArrayV array(Interp in, List<Value> args, int i, String name, Span site) {
    if (args.get(i) instanceof ArrayV a) return a;
    throw type(in, name, "Array<Any>", args.get(i), site);
  }

  public static ObjectV object(Interp in, List<Value> args, int i, String name, Span site) {
    if (args.get(i) instanceof ObjectV o) return o;
    throw type(in, name, "{ *: Any }", args.get(i), site);
  }

  /** Optional argument i (absent → null). */
  public static Value opt(List<Value> args, int i) {
    return i < args.size() ? args.get(i) : null;
  }

  /**
   * A callback argument that must accept {@code params} arguments; functions with a different fixed arity
   * fail up front with invalid_argument (spec §3.5).
   */
  public static Fn fn(Interp in, List<Value> args, int i, String name, int params, Span site) {
    if (!(args.get(i) instanceof Fn f)) throw type(in, name, "Function", args.get(i), site);
    Arity a = f.arity();
    if (!a.accepts(params)) {
      throw in.error(ErrorCode.INVALID_ARGUMENT, "`" + name + "` should accept " + params + " parameter"
          + (params == 1 ? "" : "s") + ", provided function " + a.requiresText() + ".", site);
    }
    return f;
  }

  /** Calls callback f with the given arguments. */
  public static Value apply(Interp in, Fn f, Span site, Value... args) {
    return in.call(f, List.of(args), site);
  }

  /** A predicate result: true/false; null counts as false; anything else is a type_mismatch. */
  public static boolean test(Interp in, Value v, Span site) {
    if (v instanceof BoolV b) return b.value();
    if (v instanceof NullV) return false;
    throw in.error(ErrorCode.TYPE_MISMATCH, "expected type: Boolean, received " + Values.typeName(v), site);
  }
}
