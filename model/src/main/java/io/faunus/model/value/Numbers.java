package io.faunus.model.value;

import io.faunus.model.value.Value.DoubleV;
import io.faunus.model.value.Value.IntV;
import io.faunus.model.value.Value.LongV;
import io.faunus.model.value.Value.NumV;
import java.math.BigInteger;

/** Numeric tower of spec §2.4: Int ⊂ Long, overflow of Long falls back to Double. */
public final class Numbers {
  private Numbers() {}

  public static NumV of(long v) {
    return v == (int) v ? new IntV((int) v) : new LongV(v);
  }

  public static NumV of(BigInteger v) {
    return v.bitLength() < 64 ? of(v.longValue()) : new DoubleV(v.doubleValue());
  }

  public static boolean isIntegral(NumV v) {
    return !(v instanceof DoubleV);
  }

  public static long asLong(NumV v) {
    return switch (v) {
      case IntV i -> i.value();
      case LongV l -> l.value();
      case DoubleV d -> (long) d.value();
    };
  }

  public static NumV add(NumV a, NumV b) {
    if (isIntegral(a) && isIntegral(b)) {
      long x = asLong(a), y = asLong(b), r = x + y;
      if (((x ^ r) & (y ^ r)) < 0) return new DoubleV((double) x + (double) y);
      return of(r);
    }
    return new DoubleV(a.asDouble() + b.asDouble());
  }

  public static NumV sub(NumV a, NumV b) {
    if (isIntegral(a) && isIntegral(b)) {
      long x = asLong(a), y = asLong(b), r = x - y;
      if (((x ^ y) & (x ^ r)) < 0) return new DoubleV((double) x - (double) y);
      return of(r);
    }
    return new DoubleV(a.asDouble() - b.asDouble());
  }

  public static NumV mul(NumV a, NumV b) {
    if (isIntegral(a) && isIntegral(b)) {
      long x = asLong(a), y = asLong(b);
      long hi = Math.multiplyHigh(x, y), r = x * y;
      if ((hi == 0 && r >= 0) || (hi == -1 && r < 0)) return of(r);
      return new DoubleV((double) x * (double) y);
    }
    return new DoubleV(a.asDouble() * b.asDouble());
  }

  /** Integer division truncates; returns null for integer division by zero (caller raises). */
  public static NumV div(NumV a, NumV b) {
    if (isIntegral(a) && isIntegral(b)) {
      long x = asLong(a), y = asLong(b);
      if (y == 0) return null;
      if (x == Long.MIN_VALUE && y == -1) return new DoubleV(-(double) x);
      return of(x / y);
    }
    return new DoubleV(a.asDouble() / b.asDouble());
  }

  public static NumV mod(NumV a, NumV b) {
    if (isIntegral(a) && isIntegral(b)) {
      long x = asLong(a), y = asLong(b);
      if (y == 0) return null;
      if (y == -1) return of(0);
      return of(x % y);
    }
    return new DoubleV(a.asDouble() % b.asDouble());
  }

  public static NumV pow(NumV a, NumV b) {
    if (isIntegral(a) && isIntegral(b) && asLong(b) >= 0) {
      long exp = asLong(b);
      BigInteger base = BigInteger.valueOf(asLong(a));
      // Exact only while the result can fit 64 bits; beyond that it becomes a Double anyway.
      if (base.abs().compareTo(BigInteger.ONE) <= 0) return of(base.pow(exp % 2 == 0 ? (int) Math.min(exp, 2) : 1));
      if ((long) base.abs().bitLength() * exp <= 130) return of(base.pow((int) exp));
    }
    return new DoubleV(Math.pow(a.asDouble(), b.asDouble()));
  }

  public static NumV negate(NumV a) {
    return switch (a) {
      case IntV i -> of(-(long) i.value());
      case LongV l -> l.value() == Long.MIN_VALUE ? new DoubleV(-(double) l.value()) : of(-l.value());
      case DoubleV d -> new DoubleV(-d.value());
    };
  }

  private static java.math.BigDecimal exact(NumV v) {
    return isIntegral(v) ? java.math.BigDecimal.valueOf(asLong(v)) : new java.math.BigDecimal(v.asDouble());
  }

  /** Numeric comparison across Int/Long/Double; NaN sorts after everything, deterministically. */
  public static int compare(NumV a, NumV b) {
    if (isIntegral(a) && isIntegral(b)) return Long.compare(asLong(a), asLong(b));
    double x = a.asDouble(), y = b.asDouble();
    if (isIntegral(a) != isIntegral(b) && !Double.isNaN(x) && !Double.isNaN(y) && x == y) {
      // Double rounding can make 2^53+1 equal 2^53 as doubles; compare the exact values through BigDecimal.
      return exact(a).compareTo(exact(b));
    }
    return Double.compare(x == 0.0 ? 0.0 : x, y == 0.0 ? 0.0 : y);
  }

  public static boolean numEquals(NumV a, NumV b) {
    if (a instanceof DoubleV x && b instanceof DoubleV y) {
      return x.value() == y.value() || (Double.isNaN(x.value()) && Double.isNaN(y.value()));
    }
    if (isIntegral(a) && isIntegral(b)) return asLong(a) == asLong(b);
    double d = a instanceof DoubleV x ? x.value() : ((DoubleV) b).value();
    long l = a instanceof DoubleV ? asLong(b) : asLong(a);
    return d == (double) l && (long) d == l;
  }

  /** Display form for interpolation: whole doubles print without ".0". */
  public static String display(NumV v) {
    return switch (v) {
      case IntV i -> Integer.toString(i.value());
      case LongV l -> Long.toString(l.value());
      case DoubleV d -> displayDouble(d.value());
    };
  }

  public static String displayDouble(double d) {
    if (Double.isNaN(d)) return "NaN";
    if (Double.isInfinite(d)) return d > 0 ? "Infinity" : "-Infinity";
    if (d == Math.rint(d) && Math.abs(d) < 1e15) return Long.toString((long) d);
    return Double.toString(d);
  }
}
