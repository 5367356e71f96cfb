package io.faunus.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class KeyCodecTest {
  private static final long SEED = 0x5EED_FA0_0015L;
  private static final String[] TEXTS = {"", "a", "ab", "abc", "b", "\0", "a\0", "a\0b", "a\1", "\u00e9", "\uffff",
      "\ud83d\ude00", "z\ud83d\ude00", "\u0000\u0000"};
  private static final long[] LONGS = {Long.MIN_VALUE, Long.MIN_VALUE + 1, -256, -1, 0, 1, 255, 256, Long.MAX_VALUE - 1, Long.MAX_VALUE};
  private static final double[] DOUBLES = {Double.NEGATIVE_INFINITY, -Double.MAX_VALUE, -1.5, -Double.MIN_VALUE, -0.0, 0.0,
      Double.MIN_VALUE, 1.5, Double.MAX_VALUE, Double.POSITIVE_INFINITY, Double.NaN,
      Double.longBitsToDouble(0x7ff0000000000001L), Double.longBitsToDouble(0xfff8000000000000L)};

  @Test
  void byteOrderEqualsElementOrderForRandomTuples() {
    var random = new Random(SEED);
    int checked = 0;
    for (int i = 0; i < 50_000; i++) {
      Tuple a = randomTuple(random, 0);
      Tuple b = random.nextInt(4) == 0 ? mutate(random, a) : randomTuple(random, 0);
      int expected = Integer.signum(a.compareTo(b));
      int actual = Integer.signum(Arrays.compareUnsigned(a.encode(), b.encode()));
      assertThat(actual).as("%s vs %s", a, b).isEqualTo(expected);
      checked++;
    }
    assertThat(checked).isEqualTo(50_000);
  }

  @Test
  void decodeInvertsEncodeForRandomTuples() {
    var random = new Random(SEED + 1);
    for (int i = 0; i < 20_000; i++) {
      Tuple t = randomTuple(random, 0);
      byte[] encoded = t.encode();
      assertThat(Tuple.decode(encoded)).as("%s", t).isEqualTo(t);
      assertThat(Tuple.decode(encoded).encode()).isEqualTo(encoded);
    }
  }

  @Test
  void tupleEncodingIsBytePrefixOfItsExtensions() {
    var random = new Random(SEED + 2);
    for (int i = 0; i < 5_000; i++) {
      Tuple prefix = randomTuple(random, 0);
      Tuple extended = prefix.append(randomElement(random, 0), randomElement(random, 0));
      byte[] p = prefix.encode();
      byte[] e = extended.encode();
      assertThat(Arrays.copyOf(e, p.length)).isEqualTo(p);
      byte[] end = KeyCodec.prefixEnd(p);
      if (end != null) assertThat(Arrays.compareUnsigned(e, end)).isNegative();
    }
  }

  @Test
  void stringsNeverConfusePrefixes() {
    // "ab" must not be a byte prefix of "abc": a prefix scan for ("ab") would otherwise return ("abc")
    byte[] ab = Tuple.of("ab").encode();
    byte[] abc = Tuple.of("abc").encode();
    assertThat(Arrays.copyOf(abc, ab.length)).isNotEqualTo(ab);
    assertThat(Arrays.compareUnsigned(Tuple.of("a").encode(), Tuple.of("a\0").encode())).isNegative();
    assertThat(Arrays.compareUnsigned(Tuple.of("a\0").encode(), Tuple.of("a\1").encode())).isNegative();
    assertThat(Arrays.compareUnsigned(Tuple.of("a", 5L).encode(), Tuple.of("a\0").encode())).isNegative();
  }

  @Test
  void doublesFollowDoubleCompare() {
    assertThat(Arrays.compareUnsigned(Tuple.of(-0.0).encode(), Tuple.of(0.0).encode())).isNegative();
    assertThat(Arrays.compareUnsigned(Tuple.of(Double.POSITIVE_INFINITY).encode(), Tuple.of(Double.NaN).encode())).isNegative();
    // every NaN bit pattern encodes the same way, so NaN keys cannot multiply
    assertThat(Tuple.of(Double.longBitsToDouble(0xfff8000000000001L)).encode()).isEqualTo(Tuple.of(Double.NaN).encode());
    double decoded = ((KeyElement.Real) Tuple.decode(Tuple.of(-0.0).encode()).get(0)).value();
    assertThat(Double.doubleToRawLongBits(decoded)).isEqualTo(Double.doubleToRawLongBits(-0.0));
  }

  @Test
  void descendingReversesOrder() {
    byte[] newer = Tuple.of("doc", KeyElement.desc(200L)).encode();
    byte[] older = Tuple.of("doc", KeyElement.desc(100L)).encode();
    assertThat(Arrays.compareUnsigned(newer, older)).isNegative();
    byte[] longer = Tuple.of(KeyElement.desc("ab")).encode();
    byte[] shorter = Tuple.of(KeyElement.desc("a")).encode();
    assertThat(Arrays.compareUnsigned(longer, shorter)).isNegative();
    assertThat(Tuple.decode(longer)).isEqualTo(Tuple.of(KeyElement.desc("ab")));
  }

  @Test
  void rejectsWhatCannotRoundTrip() {
    assertThatThrownBy(() -> Tuple.of("bad \ud800 surrogate")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new KeyElement.Desc(KeyElement.desc(1L))).isInstanceOf(IllegalArgumentException.class);
    Tuple deep = Tuple.of(1L);
    for (int i = 0; i < KeyCodec.MAX_DEPTH + 1; i++) deep = Tuple.of(deep);
    Tuple tooDeep = deep;
    assertThatThrownBy(tooDeep::encode).hasMessageContaining("deeper");
  }

  @Test
  void rejectsMalformedBytes() {
    byte[] good = Tuple.of("abc", 7L).encode();
    assertThatThrownBy(() -> Tuple.decode(Arrays.copyOf(good, good.length - 1))).hasMessageContaining("truncated");
    assertThatThrownBy(() -> Tuple.decode(new byte[] {0x7f})).hasMessageContaining("unknown tag");
    assertThatThrownBy(() -> Tuple.decode(new byte[] {KeyCodec.TAG_TEXT, 0, 5})).hasMessageContaining("bad escape");
    assertThatThrownBy(() -> Tuple.decode(new byte[] {KeyCodec.TAG_TEXT, (byte) 0xC3, 0, 0})).hasMessageContaining("UTF-8");
    var random = new Random(SEED + 3);
    for (int i = 0; i < 20_000; i++) { // garbage either decodes or fails cleanly, never anything else
      byte[] junk = new byte[random.nextInt(12)];
      random.nextBytes(junk);
      try {
        Tuple.decode(junk);
      } catch (IllegalArgumentException expected) {
        assertThat(expected).hasMessageContaining("malformed key");
      }
    }
  }

  @Test
  void prefixEnd() {
    assertThat(KeyCodec.prefixEnd(new byte[] {1, 2})).isEqualTo(new byte[] {1, 3});
    assertThat(KeyCodec.prefixEnd(new byte[] {1, (byte) 0xFF})).isEqualTo(new byte[] {2});
    assertThat(KeyCodec.prefixEnd(new byte[] {(byte) 0xFF, (byte) 0xFF})).isNull();
    assertThat(KeyCodec.prefixEnd(new byte[0])).isNull();
  }

  static Tuple randomTuple(Random random, int depth) {
    int n = random.nextInt(depth == 0 ? 5 : 3);
    var elements = new ArrayList<KeyElement>(n);
    for (int i = 0; i < n; i++) elements.add(randomElement(random, depth));
    return new Tuple(elements);
  }

  private static Tuple mutate(Random random, Tuple t) {
    // near neighbours (shared prefixes) exercise the interesting comparisons
    var elements = new ArrayList<>(t.elements());
    if (!elements.isEmpty() && random.nextBoolean()) elements.set(random.nextInt(elements.size()), randomElement(random, 0));
    else elements.add(randomElement(random, 0));
    return new Tuple(elements);
  }

  static KeyElement randomElement(Random random, int depth) {
    KeyElement e = switch (random.nextInt(depth < 3 ? 8 : 7)) {
      case 0 -> KeyElement.NULL;
      case 1 -> random.nextBoolean() ? KeyElement.TRUE : KeyElement.FALSE;
      case 2 -> new KeyElement.Int(random.nextBoolean() ? LONGS[random.nextInt(LONGS.length)] : random.nextLong());
      case 3 -> new KeyElement.Real(random.nextBoolean() ? DOUBLES[random.nextInt(DOUBLES.length)] : random.nextGaussian() * 1e6);
      case 4, 5 -> new KeyElement.Text(random.nextBoolean() ? TEXTS[random.nextInt(TEXTS.length)] : randomText(random));
      case 6 -> new KeyElement.Bytes(randomBytes(random));
      default -> new KeyElement.Nested(randomTuple(random, depth + 1));
    };
    return random.nextInt(4) == 0 ? new KeyElement.Desc(e) : e;
  }

  private static String randomText(Random random) {
    var sb = new StringBuilder();
    int n = random.nextInt(4);
    int[] pool = {0, 1, 'a', 'b', 0x7f, 0xe9, 0xffff, 0x1f600, 0x10ffff};
    for (int i = 0; i < n; i++) sb.appendCodePoint(pool[random.nextInt(pool.length)]);
    return sb.toString();
  }

  private static byte[] randomBytes(Random random) {
    byte[] pool = {0, 1, (byte) 0x7f, (byte) 0x80, (byte) 0xfe, (byte) 0xff};
    byte[] b = new byte[random.nextInt(4)];
    for (int i = 0; i < b.length; i++) b[i] = pool[random.nextInt(pool.length)];
    return b;
  }

  @Test
  void sortedByBytesEqualsSortedByElements() {
    var random = new Random(SEED + 4);
    List<Tuple> tuples = new ArrayList<>();
    for (int i = 0; i < 3_000; i++) tuples.add(randomTuple(random, 0));
    List<Tuple> byElements = new ArrayList<>(tuples);
    byElements.sort(null);
    List<Tuple> byBytes = new ArrayList<>(tuples);
    byBytes.sort((x, y) -> Arrays.compareUnsigned(x.encode(), y.encode()));
    assertThat(byBytes).isEqualTo(byElements);
  }
}
