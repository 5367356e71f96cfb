package io.faunus.model.doc;

import static org.assertj.core.api.Assertions.assertThat;

import io.faunus.model.value.Value;
import io.faunus.model.value.Value.*;
import io.faunus.model.value.Values;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Index-key encoding: unsigned byte order of {@link Keys} must equal {@link Values#compare} order. */
class KeysOrderTest {
  private static final long TWO_53 = 1L << 53;

  static byte[] key(Value v) {
    return Keys.encodeValues(List.of(v), null).encode();
  }

  static int byteSign(Value a, Value b) {
    return Integer.signum(Arrays.compareUnsigned(key(a), key(b)));
  }

  static int cmpSign(Value a, Value b) {
    return Integer.signum(Values.compare(a, b));
  }

  private static void assertSameOrder(Value a, Value b) {
    assertThat(byteSign(a, b)).as("bytes(%s) vs bytes(%s), Values.compare=%d", a, b, cmpSign(a, b))
        .isEqualTo(cmpSign(a, b));
  }

  // ---- numbers ----------------------------------------------------------------------------------

  @Test
  void equalNumbersOfDifferentKindsEncodeIdentically() {
    assertThat(key(new IntV(30))).isEqualTo(key(new LongV(30)));
    assertThat(key(new DoubleV(30.0))).isEqualTo(key(new IntV(30)));
    assertThat(key(new DoubleV(-7.0))).isEqualTo(key(new LongV(-7)));
    assertThat(key(new DoubleV(0.0))).isEqualTo(key(new IntV(0)));
    assertThat(key(new DoubleV(-0.0))).isEqualTo(key(new IntV(0)));
    assertThat(key(new DoubleV((double) TWO_53))).isEqualTo(key(new LongV(TWO_53)));
    assertThat(key(new DoubleV(-9.223372036854775808E18))).isEqualTo(key(new LongV(Long.MIN_VALUE)));
  }

  @Test
  void numbersOrderExactlyAcrossKindsNearDoublePrecisionLimits() {
    // 2^53 + 1 has no exact double: as a double it rounds to 2^53, yet it is greater than 2^53.
    assertThat(cmpSign(new LongV(TWO_53 + 1), new DoubleV((double) TWO_53))).isEqualTo(1);
    assertThat(byteSign(new LongV(TWO_53 + 1), new DoubleV((double) TWO_53))).isEqualTo(1);
    // Long.MAX_VALUE rounds to 2^63 as a double, but is smaller than the double 2^63.
    assertThat(cmpSign(new LongV(Long.MAX_VALUE), new DoubleV(9.223372036854775807E18))).isEqualTo(-1);
    assertThat(byteSign(new LongV(Long.MAX_VALUE), new DoubleV(9.223372036854775807E18))).isEqualTo(-1);
    assertSameOrder(new LongV(Long.MAX_VALUE - 1), new LongV(Long.MAX_VALUE));
    assertSameOrder(new DoubleV(2.5), new IntV(2));
    assertSameOrder(new DoubleV(2.5), new IntV(3));
    assertSameOrder(new DoubleV(-2.5), new IntV(-3));
    assertSameOrder(new DoubleV(Double.NEGATIVE_INFINITY), new LongV(Long.MIN_VALUE));
    assertSameOrder(new DoubleV(Double.POSITIVE_INFINITY), new LongV(Long.MAX_VALUE));
    assertSameOrder(new DoubleV(Double.NaN), new DoubleV(Double.POSITIVE_INFINITY));
    assertSameOrder(new DoubleV(Double.NaN), new IntV(1));
  }

  @Test
  void valuesCompareIsTransitiveAroundTwoToThe53() {
    Value a = new LongV(TWO_53), b = new DoubleV((double) TWO_53), c = new LongV(TWO_53 + 1);
    assertThat(cmpSign(a, b)).isZero();
    assertThat(cmpSign(a, c)).isEqualTo(-1);
    assertThat(cmpSign(b, c)).as("double 2^53 vs long 2^53+1").isEqualTo(-1);
  }

  // ---- other kinds ----------------------------------------------------------------------------

  @Test
  void kindsOrderNumberBytesStringArrayObjectIdDocTimeDateUuidBooleanNull() {
    List<Value> ordered = List.of(new IntV(Integer.MAX_VALUE), new BytesV(new byte[] {1}), new StrV("a"),
        ArrayV.of(new IntV(1)), new ObjectV(Map.of("a", new IntV(1))), new IdV(1), DocV.byId("Users", 1),
        new TimeV(Instant.EPOCH), new DateV(LocalDate.EPOCH), new UuidV(new UUID(0, 0)), BoolV.FALSE, NullV.NULL);
    for (int i = 0; i < ordered.size(); i++) {
      for (int j = 0; j < ordered.size(); j++) {
        assertThat(cmpSign(ordered.get(i), ordered.get(j))).isEqualTo(Integer.signum(Integer.compare(i, j)));
        assertSameOrder(ordered.get(i), ordered.get(j));
      }
    }
  }

  @Test
  void uuidsOrderAsValuesCompareDoes() {
    UUID low = new UUID(1L, 0L), high = new UUID(-1L, 0L); // msb "ffff…" is negative as a long
    assertSameOrder(new UuidV(low), new UuidV(high));
    assertSameOrder(new UuidV(new UUID(5L, -1L)), new UuidV(new UUID(5L, 1L)));
  }

  @Test
  void arraysAndObjectsOrderElementwiseShorterFirst() {
    assertSameOrder(ArrayV.EMPTY, ArrayV.of(NullV.NULL));
    assertSameOrder(ArrayV.of(new IntV(1)), ArrayV.of(new IntV(1), new IntV(0)));
    assertSameOrder(ArrayV.of(new IntV(2)), ArrayV.of(new IntV(1), new IntV(5)));
    assertSameOrder(obj("a", new IntV(1)), obj("a", new IntV(1), "b", new IntV(0)));
    assertSameOrder(obj("b", new IntV(1)), obj("a", new IntV(9)));
    assertThat(key(obj("a", new IntV(1), "b", new IntV(2)))).isEqualTo(key(obj("b", new IntV(2), "a", new IntV(1))));
    assertThat(key(ArrayV.of(new DoubleV(1.0)))).isEqualTo(key(ArrayV.of(new IntV(1))));
  }

  @Test
  void timesDatesDocsAndBytes() {
    assertSameOrder(new TimeV(Instant.ofEpochSecond(-5, 999_999_999)), new TimeV(Instant.ofEpochSecond(-4, 0)));
    assertSameOrder(new TimeV(Instant.ofEpochSecond(10, 1)), new TimeV(Instant.ofEpochSecond(10, 0)));
    assertSameOrder(new DateV(LocalDate.of(1900, 1, 1)), new DateV(LocalDate.of(2024, 2, 29)));
    assertSameOrder(DocV.byId("Users", 10), DocV.byId("Users", 9));
    assertSameOrder(DocV.byId("Orders", 10), DocV.byId("Users", 9));
    assertSameOrder(DocV.byName("Function", "b"), DocV.byName("Function", "ab"));
    assertSameOrder(new BytesV(new byte[] {(byte) 0xff}), new BytesV(new byte[] {1, 2}));
    assertSameOrder(new BytesV(new byte[] {1}), new BytesV(new byte[] {1, 0}));
    assertSameOrder(new BytesV(new byte[0]), new BytesV(new byte[] {0}));
  }

  @Test
  void stringsOrderAsValuesCompareDoesForAsciiAndBmp() {
    assertSameOrder(new StrV(""), new StrV("\u0000"));
    assertSameOrder(new StrV("a\u0000b"), new StrV("a"));
    assertSameOrder(new StrV("ab"), new StrV("b"));
    assertSameOrder(new StrV("Z"), new StrV("a"));
    assertSameOrder(new StrV("\u00e9"), new StrV("\u4e2d"));
  }

  @Test
  void stringsWithSupplementaryCharactersOrderAsValuesCompareDoes() {
    assertSameOrder(new StrV("\uFFFF"), new StrV("\uD83D\uDE00"));
    assertSameOrder(obj("\uFFFF", NullV.NULL), obj("\uD83D\uDE00", NullV.NULL));
  }

  // ---- property -------------------------------------------------------------------------------

  @Test
  void byteOrderEqualsValuesCompareOverRandomMixedValues() {
    Random rnd = new Random(0xFA0C5L);
    Gen gen = new Gen(rnd);
    List<String> failures = new ArrayList<>();
    int pairs = 20_000;
    for (int i = 0; i < pairs && failures.size() < 10; i++) {
      Value a = gen.value(2), b = rnd.nextInt(4) == 0 ? gen.sameNumber(a) : gen.value(2);
      int want = cmpSign(a, b), got = byteSign(a, b);
      if (want != got) failures.add(a + " vs " + b + ": compare=" + want + " bytes=" + got);
      // Antisymmetry of the reference itself, so a failure above is not the reference's fault.
      if (cmpSign(b, a) != -want) failures.add("Values.compare not antisymmetric: " + a + " vs " + b);
    }
    assertThat(failures).isEmpty();
  }

  @Test
  void sortingEncodedKeysSortsValues() {
    Random rnd = new Random(42);
    Gen gen = new Gen(rnd);
    List<Value> values = new ArrayList<>();
    for (int i = 0; i < 3000; i++) values.add(gen.value(2));
    List<Value> byCompare = new ArrayList<>(values);
    byCompare.sort(Values::compare);
    List<Value> byBytes = new ArrayList<>(values);
    byBytes.sort((x, y) -> Arrays.compareUnsigned(key(x), key(y)));
    for (int i = 0; i < values.size(); i++) {
      assertThat(Values.compare(byCompare.get(i), byBytes.get(i))).as("position %d: %s vs %s", i,
          byCompare.get(i), byBytes.get(i)).isZero();
    }
  }

  @Test
  void descendingElementsReverseTheOrder() {
    Random rnd = new Random(7);
    Gen gen = new Gen(rnd);
    for (int i = 0; i < 2000; i++) {
      Value a = gen.value(1), b = gen.value(1);
      byte[] ka = Keys.encodeValues(List.of(a), List.of(true)).encode();
      byte[] kb = Keys.encodeValues(List.of(b), List.of(true)).encode();
      assertThat(Integer.signum(Arrays.compareUnsigned(ka, kb))).as("%s vs %s", a, b).isEqualTo(-cmpSign(a, b));
    }
  }

  static ObjectV obj(Object... kv) {
    Map<String, Value> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], (Value) kv[i + 1]);
    return new ObjectV(m);
  }

  /** Random persistable, indexable values; strings from a small BMP alphabet (supplementary characters have their own test). */
  static final class Gen {
    private static final long[] EDGE_LONGS = {0, 1, -1, 30, Integer.MAX_VALUE, Integer.MIN_VALUE, TWO_53 - 1, TWO_53,
        TWO_53 + 1, -TWO_53 - 1, Long.MAX_VALUE, Long.MAX_VALUE - 1, Long.MIN_VALUE, Long.MIN_VALUE + 1};
    private static final double[] EDGE_DOUBLES = {0.0, -0.0, 0.5, -0.5, 30.0, 1e300, -1e300, Double.MIN_VALUE,
        Double.MAX_VALUE, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, (double) TWO_53,
        9.223372036854775807E18, -9.223372036854775808E18, 2.5};
    private static final String ALPHABET = "aAbZ0_ \u0000\u00e9\u4e2d\uFFFD";
    private final Random rnd;

    Gen(Random rnd) {
      this.rnd = rnd;
    }

    Value value(int depth) {
      int k = rnd.nextInt(depth > 0 ? 15 : 13);
      return switch (k) {
        case 0, 1, 2 -> number();
        case 3 -> new BytesV(bytes());
        case 4 -> new StrV(string());
        case 5 -> new IdV(rnd.nextInt(3) == 0 ? rnd.nextLong() & Long.MAX_VALUE : rnd.nextInt(5));
        case 6 -> rnd.nextBoolean() ? DocV.byId(rnd.nextBoolean() ? "Users" : "Orders", rnd.nextInt(4))
            : DocV.byName("Function", string());
        case 7 -> new TimeV(Instant.ofEpochSecond(rnd.nextInt(5) - 2, rnd.nextInt(3) * 333_333_333));
        case 8 -> new DateV(LocalDate.ofEpochDay(rnd.nextInt(2000) - 1000));
        case 9 -> new UuidV(new UUID(small(), small()));
        case 10 -> BoolV.of(rnd.nextBoolean());
        case 11 -> NullV.NULL;
        case 12 -> number();
        case 13 -> {
          List<Value> els = new ArrayList<>();
          for (int i = rnd.nextInt(4); i > 0; i--) els.add(value(depth - 1));
          yield new ArrayV(els);
        }
        default -> {
          Map<String, Value> m = new LinkedHashMap<>();
          for (int i = rnd.nextInt(4); i > 0; i--) m.put(rnd.nextBoolean() ? "a" : string(), value(depth - 1));
          yield new ObjectV(m);
        }
      };
    }

    NumV number() {
      return switch (rnd.nextInt(6)) {
        case 0 -> new IntV(rnd.nextInt(7) - 3);
        case 1 -> new LongV(EDGE_LONGS[rnd.nextInt(EDGE_LONGS.length)] + rnd.nextInt(3) - 1);
        case 2 -> new DoubleV(EDGE_DOUBLES[rnd.nextInt(EDGE_DOUBLES.length)]);
        case 3 -> new DoubleV((rnd.nextInt(13) - 6) / 2.0);
        case 4 -> new LongV(rnd.nextLong());
        default -> new DoubleV(rnd.nextGaussian() * Math.pow(10, rnd.nextInt(40) - 20));
      };
    }

    /** A number numerically equal (or next to) {@code v} when v is a number, else any value. */
    Value sameNumber(Value v) {
      if (!(v instanceof NumV n)) return value(1);
      double d = n.asDouble();
      return switch (rnd.nextInt(4)) {
        case 0 -> new DoubleV(d);
        case 1 -> Math.abs(d) < 9.2e18 && !Double.isNaN(d) ? new LongV((long) d) : new DoubleV(d);
        case 2 -> Math.abs(d) < 2e9 && !Double.isNaN(d) ? new IntV((int) d) : new LongV((long) d);
        default -> new DoubleV(Math.nextUp(d));
      };
    }

    private long small() {
      return rnd.nextBoolean() ? rnd.nextLong() : rnd.nextInt(3) - 1;
    }

    private byte[] bytes() {
      byte[] b = new byte[rnd.nextInt(4)];
      for (int i = 0; i < b.length; i++) b[i] = (byte) (rnd.nextBoolean() ? rnd.nextInt(3) - 1 : rnd.nextInt(256));
      return b;
    }

    private String string() {
      StringBuilder sb = new StringBuilder();
      for (int i = rnd.nextInt(4); i > 0; i--) sb.append(ALPHABET.charAt(rnd.nextInt(ALPHABET.length())));
      return sb.toString();
    }
  }
}
