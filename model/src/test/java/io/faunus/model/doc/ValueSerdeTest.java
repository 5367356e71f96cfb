package io.faunus.model.doc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faunus.model.value.Value;
import io.faunus.model.value.Value.*;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ValueSerdeTest {
  private static final Instant COMMIT = Instant.parse("2024-05-06T07:08:09.123456Z");

  private static Value roundTrip(Value v) {
    return ValueSerde.decode(ValueSerde.encode(v), COMMIT);
  }

  @Test
  void everyPersistableScalarRoundTripsWithItsKind() {
    List<Value> values = List.of(NullV.NULL, BoolV.TRUE, BoolV.FALSE, new IntV(Integer.MIN_VALUE), new IntV(7),
        new LongV(Long.MAX_VALUE), new LongV(7), new DoubleV(-0.0), new DoubleV(Double.NaN), new DoubleV(7.0),
        new StrV(""), new StrV("h\u00e9llo \uD83D\uDE00 \u0000"), new IdV(412654629473763534L),
        new TimeV(Instant.ofEpochSecond(-62_135_596_800L, 999_999_999)), new DateV(LocalDate.of(-5, 2, 28)),
        new BytesV(new byte[] {0, -1, 127}), new BytesV(new byte[0]), new UuidV(UUID.randomUUID()),
        DocV.byId("Users", 42), DocV.byName("Function", "double"));
    for (Value v : values) assertThat(roundTrip(v)).as("%s", v).isEqualTo(v).hasSameClassAs(v);
  }

  @Test
  void intAndLongAndDoubleKeepTheirKinds() {
    assertThat(roundTrip(new IntV(30))).isInstanceOf(IntV.class);
    assertThat(roundTrip(new LongV(30))).isInstanceOf(LongV.class);
    assertThat(roundTrip(new DoubleV(30))).isInstanceOf(DoubleV.class);
    assertThat(((DoubleV) roundTrip(new DoubleV(-0.0))).value()).isEqualTo(-0.0);
  }

  @Test
  void nestedContainersRoundTripAndKeepFieldOrder() {
    Map<String, Value> inner = new LinkedHashMap<>();
    inner.put("z", new IntV(1));
    inner.put("a", ArrayV.of(new StrV("x"), NullV.NULL, ArrayV.EMPTY));
    inner.put("", ObjectV.EMPTY);
    inner.put("@weird key", DocV.byId("C", 1));
    Value v = ArrayV.of(new ObjectV(inner), new ObjectV(Map.of("k", new ObjectV(inner))));
    Value back = roundTrip(v);
    assertThat(back).isEqualTo(v);
    assertThat(((ObjectV) ((ArrayV) back).elems().get(0)).fields().keySet()).containsExactly("z", "a", "", "@weird key");
  }

  @Test
  void longStringsBeyondSixtyFourKilobytesRoundTrip() {
    String s = "\u4e2d".repeat(70_000);
    assertThat(roundTrip(new StrV(s))).isEqualTo(new StrV(s));
    Map<String, Value> m = new LinkedHashMap<>();
    m.put(s, new IntV(1));
    assertThat(roundTrip(new ObjectV(m))).isEqualTo(new ObjectV(m));
  }

  @Test
  void transactionTimeMarkerDecodesAsTheCommitTime() {
    Value v = new ObjectV(Map.of("at", TxnTimeV.INSTANCE, "list", ArrayV.of(TxnTimeV.INSTANCE)));
    byte[] b = ValueSerde.encode(v);
    assertThat(ValueSerde.decode(b, COMMIT))
        .isEqualTo(new ObjectV(Map.of("at", new TimeV(COMMIT), "list", ArrayV.of(new TimeV(COMMIT)))));
    assertThat(ValueSerde.decode(b, null)).isEqualTo(v);
    Instant other = COMMIT.plusSeconds(1);
    assertThat(ValueSerde.decode(b, other)).isEqualTo(new ObjectV(Map.of("at", new TimeV(other), "list",
        ArrayV.of(new TimeV(other)))));
  }

  @Test
  void randomValuesRoundTrip() {
    KeysOrderTest.Gen gen = new KeysOrderTest.Gen(new Random(11));
    for (int i = 0; i < 5000; i++) {
      Value v = gen.value(3);
      assertThat(roundTrip(v)).as("%s", v).isEqualTo(v);
    }
  }

  @Test
  void everyTruncatedEncodingIsReportedAsCorrupt() {
    KeysOrderTest.Gen gen = new KeysOrderTest.Gen(new Random(12));
    for (int i = 0; i < 300; i++) {
      byte[] whole = ValueSerde.encode(gen.value(3));
      for (int len = 0; len < whole.length; len++) {
        byte[] cut = java.util.Arrays.copyOf(whole, len);
        assertThatThrownBy(() -> ValueSerde.decode(cut, COMMIT)).isInstanceOf(IllegalStateException.class)
            .hasMessageStartingWith("corrupt value: truncated");
      }
    }
  }

  @Test
  void nonPersistableValuesAndCorruptBytesAreRejected() {
    Value set = new SetV() {};
    assertThatThrownBy(() -> ValueSerde.encode(set)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("not persistable");
    assertThatThrownBy(() -> ValueSerde.decode(new byte[] {99}, COMMIT)).isInstanceOf(IllegalStateException.class)
        .hasMessage("corrupt value: tag 99");
  }
}
