package io.faunus.model.stdlib;

import static io.faunus.model.stdlib.StdlibTestSupport.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.faunus.model.set.ArraySet;
import io.faunus.model.value.Value;
import io.faunus.model.value.Value.*;
import java.util.List;
import org.junit.jupiter.api.Test;

class MathLibTest {
  private static double dbl(Value v) {
    assertThat(v).isInstanceOf(DoubleV.class);
    return ((DoubleV) v).value();
  }

  @Test
  void constants() {
    assertThat(staticProp("Math", "PI")).isEqualTo(d(Math.PI));
    assertThat(staticProp("Math", "E")).isEqualTo(d(Math.E));
    assertThat(dbl(staticProp("Math", "NaN"))).isNaN();
    assertThat(staticProp("Math", "Infinity")).isEqualTo(d(Double.POSITIVE_INFINITY));
  }

  @Test
  void absKeepsTheNumericType() {
    assertThat(callStatic("Math", "abs", i(-1))).isEqualTo(i(1));
    assertThat(callStatic("Math", "abs", i(0))).isEqualTo(i(0));
    assertThat(callStatic("Math", "abs", l(-5_000_000_000L))).isEqualTo(l(5_000_000_000L));
    assertThat(callStatic("Math", "abs", d(-1.5))).isEqualTo(d(1.5));
    assertThat(callStatic("Math", "abs", d(-0.0))).isEqualTo(d(0.0));
    // Overflowing Int widens, as Fauna's test expects.
    assertThat(callStatic("Math", "abs", i(Integer.MIN_VALUE))).isEqualTo(l(2147483648L));
    assertThat(dbl(callStatic("Math", "abs", d(Double.NaN)))).isNaN();
  }

  @Test
  void ceilFloorKeepIntegers() {
    assertThat(callStatic("Math", "ceil", d(12.345))).isEqualTo(d(13.0));
    assertThat(callStatic("Math", "floor", d(12.345))).isEqualTo(d(12.0));
    assertThat(callStatic("Math", "floor", d(-0.5))).isEqualTo(d(-1.0));
    assertThat(callStatic("Math", "ceil", i(7))).isEqualTo(i(7));
    assertThat(callStatic("Math", "floor", l(1L << 40))).isEqualTo(l(1L << 40));
  }

  @Test
  void roundAndTrunc() {
    assertThat(callStatic("Math", "round", d(12.345), i(0))).isEqualTo(d(12.0));
    assertThat(callStatic("Math", "round", d(12.345), i(2))).isEqualTo(d(12.35));
    assertThat(callStatic("Math", "round", d(12.345), i(5))).isEqualTo(d(12.345));
    assertThat(callStatic("Math", "round", d(12.345), i(-1))).isEqualTo(d(10.0));
    assertThat(callStatic("Math", "round", d(12.345), i(-3))).isEqualTo(d(0.0));
    assertThat(callStatic("Math", "trunc", d(12.345), i(0))).isEqualTo(d(12.0));
    assertThat(callStatic("Math", "trunc", d(12.345), i(2))).isEqualTo(d(12.34));
    assertThat(callStatic("Math", "trunc", d(12.345), i(-1))).isEqualTo(d(10.0));
    assertThat(callStatic("Math", "trunc", d(-12.345), i(1))).isEqualTo(d(-12.3));
    // Integers give Longs, like Fauna.
    assertThat(callStatic("Math", "round", i(15), i(-1))).isEqualTo(l(20));
    assertThat(callStatic("Math", "trunc", i(15), i(-1))).isEqualTo(l(10));
    assertThat(callStatic("Math", "round", i(15), i(2))).isEqualTo(l(15));
    assertThat(dbl(callStatic("Math", "round", d(Double.NaN), i(2)))).isNaN();
    assertThat(callStatic("Math", "round", d(1.5), i(Integer.MAX_VALUE))).isEqualTo(d(1.5));
    error(() -> callStatic("Math", "round", d(1.5), d(1.0)), "invalid_argument",
        "expected value for `precision` of type Int, received Double");
  }

  @Test
  void signMaxMin() {
    assertThat(callStatic("Math", "sign", i(-101))).isEqualTo(i(-1));
    assertThat(callStatic("Math", "sign", i(0))).isEqualTo(i(0));
    assertThat(callStatic("Math", "sign", d(2.98))).isEqualTo(i(1));
    assertThat(callStatic("Math", "max", d(1.0), i(2))).isEqualTo(i(2));
    assertThat(callStatic("Math", "max", i(1), i(2))).isEqualTo(i(2));
    assertThat(callStatic("Math", "min", d(1.0), i(2))).isEqualTo(d(1.0));
    assertThat(callStatic("Math", "min", l(1L << 40), i(2))).isEqualTo(i(2));
    error(() -> callStatic("Math", "max", i(1), s("2")), "invalid_argument",
        "expected value for `y` of type Number, received String");
  }

  @Test
  void doubleFunctions() {
    assertThat(callStatic("Math", "sqrt", i(4))).isEqualTo(d(2.0));
    assertThat(callStatic("Math", "pow", i(2), i(5))).isEqualTo(d(32.0));
    assertThat(callStatic("Math", "pow", i(-3), i(3))).isEqualTo(d(-27.0));
    assertThat(callStatic("Math", "exp", i(0))).isEqualTo(d(1.0));
    assertThat(callStatic("Math", "log", i(1))).isEqualTo(d(0.0));
    assertThat(callStatic("Math", "log10", i(10))).isEqualTo(d(1.0));
    assertThat(callStatic("Math", "hypot", i(3), d(4.0))).isEqualTo(d(5.0));
    assertThat(dbl(callStatic("Math", "cos", staticProp("Math", "PI")))).isCloseTo(-1.0, within(1e-9));
    assertThat(dbl(callStatic("Math", "sin", i(0)))).isCloseTo(0.0, within(1e-9));
    assertThat(dbl(callStatic("Math", "tan", i(0)))).isCloseTo(0.0, within(1e-9));
    assertThat(dbl(callStatic("Math", "atan", i(1)))).isCloseTo(Math.PI / 4, within(1e-9));
    assertThat(dbl(callStatic("Math", "asin", i(1)))).isCloseTo(Math.PI / 2, within(1e-9));
    assertThat(dbl(callStatic("Math", "acos", i(-1)))).isCloseTo(Math.PI, within(1e-9));
    assertThat(dbl(callStatic("Math", "sinh", i(0)))).isCloseTo(0.0, within(1e-9));
    assertThat(dbl(callStatic("Math", "cosh", i(0)))).isCloseTo(1.0, within(1e-9));
    assertThat(dbl(callStatic("Math", "tanh", i(0)))).isCloseTo(0.0, within(1e-9));
    assertThat(dbl(callStatic("Math", "degrees", d(Math.PI / 2)))).isCloseTo(90.0, within(1e-9));
    assertThat(dbl(callStatic("Math", "radians", i(90)))).isCloseTo(Math.PI / 2, within(1e-9));
  }

  @Test
  void domainErrors() {
    error(() -> callStatic("Math", "sqrt", i(-4)), "invalid_argument", "invalid argument `x`: x must be nonnegative");
    error(() -> callStatic("Math", "log", i(0)), "invalid_argument", "invalid argument `x`: x must be positive");
    error(() -> callStatic("Math", "log10", d(-1.0)), "invalid_argument", "invalid argument `x`: x must be positive");
    error(() -> callStatic("Math", "acos", i(2)), "invalid_argument",
        "invalid argument `x`: argument must lie in [-1, 1]");
    error(() -> callStatic("Math", "asin", i(-2)), "invalid_argument",
        "invalid argument `x`: argument must lie in [-1, 1]");
    error(() -> callStatic("Math", "abs", s("1")), "invalid_argument",
        "expected value for `x` of type Number, received String");
  }

  @Test
  void sumAndMeanOverArraysAndSets() {
    assertThat(callStatic("Math", "sum", arr(i(1), i(2), i(3), i(4), i(5)))).isEqualTo(i(15));
    assertThat(callStatic("Math", "sum", arr())).isEqualTo(i(0));
    assertThat(callStatic("Math", "sum", arr(i(Integer.MAX_VALUE), i(1)))).isEqualTo(l(2147483648L));
    assertThat(callStatic("Math", "sum", arr(l(Long.MAX_VALUE), i(1)))).isInstanceOf(DoubleV.class);
    assertThat(callStatic("Math", "sum", arr(i(1), d(0.5)))).isEqualTo(d(1.5));
    assertThat(callStatic("Math", "sum", new ArraySet(List.of(i(1), i(2), i(3), i(4), i(5))))).isEqualTo(i(15));
    assertThat(callStatic("Math", "mean", arr(i(1), i(2), i(3), i(4)))).isEqualTo(d(2.5));
    assertThat(callStatic("Math", "mean", new ArraySet(List.of(i(1), i(2))))).isEqualTo(d(1.5));
    assertThat(dbl(callStatic("Math", "mean", arr()))).isNaN();
    error(() -> callStatic("Math", "sum", arr(i(1), s("2"))), "invalid_argument",
        "invalid argument `numbers`: all array elements must be numbers");
    error(() -> callStatic("Math", "mean", i(1)), "invalid_argument",
        "expected value for `numbers` of type Array<Number> | Set<Number>, received Int");
  }
}
