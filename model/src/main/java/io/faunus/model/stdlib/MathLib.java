package io.faunus.model.stdlib;

import io.faunus.fql.Span;
import io.faunus.model.eval.Arity;
import io.faunus.model.eval.Interp;
import io.faunus.model.set.LazySet;
import io.faunus.model.value.Numbers;
import io.faunus.model.value.Value;
import io.faunus.model.value.Value.*;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;

/**
 * The {@code Math} module (spec §4.6). Following Fauna: abs/ceil/floor/max/min keep the argument's numeric
 * type; round/trunc give a Long for integer input; sign gives an Int; everything else is a Double.
 */
final class MathLib {
  private MathLib() {}

  static void register(Map<String, Value> globals) {
    TypeMembers m = new TypeMembers()
        .prop("E", (in, self) -> new DoubleV(Math.E))
        .prop("PI", (in, self) -> new DoubleV(Math.PI))
        .prop("NaN", (in, self) -> new DoubleV(Double.NaN))
        .prop("Infinity", (in, self) -> new DoubleV(Double.POSITIVE_INFINITY))
        .method("abs", Arity.exactly(1), (in, self, args, site) -> abs(x(in, args, site)))
        .method("ceil", Arity.exactly(1), (in, self, args, site) -> integral(x(in, args, site), Math::ceil))
        .method("floor", Arity.exactly(1), (in, self, args, site) -> integral(x(in, args, site), Math::floor))
        .method("round", Arity.exactly(2), (in, self, args, site) -> scale(in, args, site, RoundingMode.HALF_UP))
        .method("trunc", Arity.exactly(2), (in, self, args, site) -> scale(in, args, site, RoundingMode.DOWN))
        .method("sign", Arity.exactly(1), (in, self, args, site) ->
            new IntV(Integer.signum(Numbers.compare(x(in, args, site), new IntV(0)))))
        .method("max", Arity.exactly(2), (in, self, args, site) -> {
          NumV x = x(in, args, site), y = Args.num(in, args, 1, "y", site);
          return Numbers.compare(x, y) < 0 ? y : x;
        })
        .method("min", Arity.exactly(2), (in, self, args, site) -> {
          NumV x = x(in, args, site), y = Args.num(in, args, 1, "y", site);
          return Numbers.compare(x, y) <= 0 ? x : y;
        })
        .method("sqrt", Arity.exactly(1), (in, self, args, site) -> {
          NumV x = x(in, args, site);
          if (Numbers.compare(x, new IntV(0)) < 0) throw ArgErrors.invalid(in, "x", "x must be nonnegative", site);
          return new DoubleV(Math.sqrt(x.asDouble()));
        })
        .method("log", Arity.exactly(1), (in, self, args, site) -> new DoubleV(Math.log(positive(in, args, site))))
        .method("log10", Arity.exactly(1), (in, self, args, site) ->
            new DoubleV(Math.log10(positive(in, args, site))))
        .method("pow", Arity.exactly(2), (in, self, args, site) ->
            new DoubleV(Math.pow(Args.dbl(in, args, 0, "x", site), Args.dbl(in, args, 1, "power", site))))
        .method("hypot", Arity.exactly(2), (in, self, args, site) ->
            new DoubleV(Math.hypot(Args.dbl(in, args, 0, "x", site), Args.dbl(in, args, 1, "y", site))))
        .method("sum", Arity.exactly(1), (in, self, args, site) -> total(in, args, site).sum())
        .method("mean", Arity.exactly(1), (in, self, args, site) -> total(in, args, site).mean())
        .method("asin", Arity.exactly(1), (in, self, args, site) -> new DoubleV(Math.asin(unit(in, args, site))))
        .method("acos", Arity.exactly(1), (in, self, args, site) -> new DoubleV(Math.acos(unit(in, args, site))));
    unary(m, "exp", Math::exp);
    unary(m, "sin", Math::sin);
    unary(m, "cos", Math::cos);
    unary(m, "tan", Math::tan);
    unary(m, "atan", Math::atan);
    unary(m, "sinh", Math::sinh);
    unary(m, "cosh", Math::cosh);
    unary(m, "tanh", Math::tanh);
    unary(m, "degrees", Math::toDegrees);
    unary(m, "radians", Math::toRadians);
    GlobalLib.module(globals, "Math", m, v -> false, null);
  }

  /** A function of one Number that always answers a Double. */
  private static void unary(TypeMembers m, String name, DoubleUnaryOperator f) {
    m.method(name, Arity.exactly(1), (in, self, args, site) ->
        new DoubleV(f.applyAsDouble(Args.dbl(in, args, 0, "x", site))));
  }

  private static NumV x(Interp in, List<Value> args, Span site) {
    return Args.num(in, args, 0, "x", site);
  }

  static NumV abs(NumV x) {
    return Numbers.compare(x, new IntV(0)) < 0 ? Numbers.negate(x) : x instanceof DoubleV d
        ? new DoubleV(Math.abs(d.value())) : x;
  }

  /** ceil/floor: integers are already integral; Doubles stay Doubles. */
  private static NumV integral(NumV x, DoubleUnaryOperator f) {
    return x instanceof DoubleV d ? new DoubleV(f.applyAsDouble(d.value())) : x;
  }

  /** The argument for log/log10, which must be > 0 (NaN passes through, as in Fauna). */
  private static double positive(Interp in, List<Value> args, Span site) {
    NumV x = x(in, args, site);
    if (Numbers.compare(x, new IntV(0)) <= 0) throw ArgErrors.invalid(in, "x", "x must be positive", site);
    return x.asDouble();
  }

  /** The argument for asin/acos, which must lie in [-1, 1]. */
  private static double unit(Interp in, List<Value> args, Span site) {
    double v = Args.dbl(in, args, 0, "x", site);
    if (v < -1 || v > 1) throw ArgErrors.invalid(in, "x", "argument must lie in [-1, 1]", site);
    return v;
  }

  /**
   * round/trunc to {@code precision} decimal places (negative: tens, hundreds, ...). Decimal arithmetic on
   * the shortest decimal form of a Double, so {@code round(12.345, 2)} is 12.35 rather than a binary artefact.
   */
  private static NumV scale(Interp in, List<Value> args, Span site, RoundingMode mode) {
    NumV x = x(in, args, site);
    // Beyond ±400 places every finite Double is unchanged or zero; the clamp keeps BigDecimal small.
    int precision = Math.max(-400, Math.min(400, Args.intArg(in, args, 1, "precision", site)));
    if (x instanceof DoubleV d) {
      double v = d.value();
      if (Double.isNaN(v) || Double.isInfinite(v)) return d;
      return new DoubleV(BigDecimal.valueOf(v).setScale(precision, mode).doubleValue());
    }
    if (precision >= 0) return new LongV(Numbers.asLong(x));
    BigDecimal r = BigDecimal.valueOf(Numbers.asLong(x)).setScale(precision, mode);
    return r.toBigInteger().bitLength() < 64 ? new LongV(r.longValue()) : new DoubleV(r.doubleValue());
  }

  /** Running sum and count of the numbers in an Array or a Set argument. */
  private record Total(NumV sum, long count) {
    Value mean() {
      return new DoubleV(sum.asDouble() / count);
    }
  }

  private static Total total(Interp in, List<Value> args, Span site) {
    Iterator<Value> it = switch (args.get(0)) {
      case ArrayV a -> a.elems().iterator();
      case LazySet s -> s.iterator(in);
      default -> throw Args.type(in, "numbers", "Array<Number> | Set<Number>", args.get(0), site);
    };
    NumV sum = new IntV(0);
    long count = 0;
    while (it.hasNext()) {
      in.tick();
      if (!(it.next() instanceof NumV n)) {
        throw ArgErrors.invalid(in, "numbers", "all array elements must be numbers", site);
      }
      sum = Numbers.add(sum, n);
      count++;
    }
    return new Total(sum, count);
  }
}
