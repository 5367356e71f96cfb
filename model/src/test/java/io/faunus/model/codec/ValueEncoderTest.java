package io.faunus.model.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.faunus.model.value.Value;
import io.faunus.model.value.Value.*;
import java.io.IOException;
import java.io.StringWriter;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ValueEncoderTest {

  private static final JsonFactory JSON = new JsonFactory();

  static String simple(Value v) {
    return write(ValueEncoder.simple(), v);
  }

  static String tagged(Value v) {
    return write(ValueEncoder.tagged(), v);
  }

  private static String write(ValueEncoder enc, Value v) {
    StringWriter out = new StringWriter();
    try (JsonGenerator g = JSON.createGenerator(out)) {
      enc.write(g, v);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    return out.toString();
  }

  private static void both(Value v, String simple, String tagged) {
    assertThat(simple(v)).as("simple").isEqualTo(simple);
    assertThat(tagged(v)).as("tagged").isEqualTo(tagged);
  }

  private static ObjectV obj(Object... kv) {
    Map<String, Value> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], (Value) kv[i + 1]);
    return new ObjectV(m);
  }

  @Test
  void scalars() {
    both(NullV.NULL, "null", "null");
    both(BoolV.TRUE, "true", "true");
    both(BoolV.FALSE, "false", "false");
    both(new StrV("s\"x"), "\"s\\\"x\"", "\"s\\\"x\"");
    both(new IntV(1), "1", "{\"@int\":\"1\"}");
    both(new IntV(-7), "-7", "{\"@int\":\"-7\"}");
    both(new LongV(9007199254740993L), "9007199254740993", "{\"@long\":\"9007199254740993\"}");
  }

  @Test
  void doubles() {
    both(new DoubleV(1.0), "1.0", "{\"@double\":\"1.0\"}");
    both(new DoubleV(6.28), "6.28", "{\"@double\":\"6.28\"}");
    both(new DoubleV(1.0E10), "1.0E10", "{\"@double\":\"1.0E10\"}");
    both(new DoubleV(1.0E-5), "1.0E-5", "{\"@double\":\"1.0E-5\"}");
    both(new DoubleV(Double.NaN), "\"NaN\"", "{\"@double\":\"NaN\"}");
    both(new DoubleV(Double.POSITIVE_INFINITY), "\"Infinity\"", "{\"@double\":\"Infinity\"}");
    both(new DoubleV(Double.NEGATIVE_INFINITY), "\"-Infinity\"", "{\"@double\":\"-Infinity\"}");
  }

  @Test
  void idTimeDateBytesUuid() {
    both(new IdV(412654807560487424L), "\"412654807560487424\"", "\"412654807560487424\"");
    both(new TimeV(Instant.parse("2023-03-20T00:00:00.123Z")), "\"2023-03-20T00:00:00.123Z\"",
        "{\"@time\":\"2023-03-20T00:00:00.123Z\"}");
    both(new TimeV(Instant.parse("2023-03-20T00:00:00Z")), "\"2023-03-20T00:00:00Z\"",
        "{\"@time\":\"2023-03-20T00:00:00Z\"}");
    both(new DateV(LocalDate.parse("2023-02-08")), "\"2023-02-08\"", "{\"@date\":\"2023-02-08\"}");
    both(new BytesV(new byte[] {1, 2, (byte) 0xff}), "\"AQL/\"", "{\"@bytes\":\"AQL/\"}");
    UUID u = UUID.fromString("123e4567-e89b-12d3-a456-426614174000");
    both(new UuidV(u), "\"" + u + "\"", "{\"@uuid\":\"" + u + "\"}");
  }

  @Test
  void containers() {
    both(ArrayV.of(new IntV(1), new StrV("a")), "[1,\"a\"]", "[{\"@int\":\"1\"},\"a\"]");
    both(obj("a", new IntV(1)), "{\"a\":1}", "{\"a\":{\"@int\":\"1\"}}");
    both(obj("@a", new IntV(1), "b", NullV.NULL), "{\"@a\":1,\"b\":null}",
        "{\"@object\":{\"@a\":{\"@int\":\"1\"},\"b\":null}}");
    both(obj("x", obj("@y", BoolV.TRUE)), "{\"x\":{\"@y\":true}}", "{\"x\":{\"@object\":{\"@y\":true}}}");
  }

  @Test
  void modulesAndFunctions() {
    both(FakeModules.FOO, "\"Foo\"", "{\"@mod\":\"Foo\"}");
    FuncV f = () -> "[function <lambda>]";
    both(f, "\"[function <lambda>]\"", "\"[function <lambda>]\"");
    EventSourceV es = () -> "tok";
    both(es, "\"tok\"", "{\"@stream\":\"tok\"}");
  }

  @Test
  void documents() {
    both(DocV.byId("Foo", 1), "{\"id\":\"1\",\"coll\":\"Foo\"}", "{\"@ref\":{\"id\":\"1\",\"coll\":{\"@mod\":\"Foo\"}}}");
    both(DocV.byName("Collection", "Foo"), "{\"name\":\"Foo\",\"coll\":\"Collection\"}",
        "{\"@ref\":{\"name\":\"Foo\",\"coll\":{\"@mod\":\"Collection\"}}}");
    Value doc = new MatDocV(DocV.byId("Foo", 1), obj("id", new IdV(1), "coll", FakeModules.FOO,
        "ts", new TimeV(Instant.parse("2023-01-01T00:00:00Z")), "ref", DocV.byId("Foo", 2)));
    both(doc, "{\"id\":\"1\",\"coll\":\"Foo\",\"ts\":\"2023-01-01T00:00:00Z\",\"ref\":{\"id\":\"2\",\"coll\":\"Foo\"}}",
        "{\"@doc\":{\"id\":\"1\",\"coll\":{\"@mod\":\"Foo\"},\"ts\":{\"@time\":\"2023-01-01T00:00:00Z\"},"
            + "\"ref\":{\"@ref\":{\"id\":\"2\",\"coll\":{\"@mod\":\"Foo\"}}}}}");
    Value named = new MatDocV(DocV.byName("Collection", "Foo"), obj("name", new StrV("Foo"), "coll", FakeModules.COLLECTION));
    both(named, "{\"name\":\"Foo\",\"coll\":\"Collection\"}",
        "{\"@doc\":{\"name\":\"Foo\",\"coll\":{\"@mod\":\"Collection\"}}}");
    both(new MatNullDocV(DocV.byId("Foo", 1), "not found"), "null",
        "{\"@ref\":{\"id\":\"1\",\"coll\":{\"@mod\":\"Foo\"},\"exists\":false,\"cause\":\"not found\"}}");
    both(new MatNullDocV(DocV.byName("Collection", "X"), "deleted"), "null",
        "{\"@ref\":{\"name\":\"X\",\"coll\":{\"@mod\":\"Collection\"},\"exists\":false,\"cause\":\"deleted\"}}");
  }

  @Test
  void sets() {
    both(new MatSetV(List.of(new IntV(1)), "cur"), "{\"data\":[1],\"after\":\"cur\"}",
        "{\"@set\":{\"data\":[{\"@int\":\"1\"}],\"after\":\"cur\"}}");
    both(new MatSetV(List.of(), null), "{\"data\":[]}", "{\"@set\":{\"data\":[]}}");
    both(new MatSetCursorV("cur"), "\"cur\"", "{\"@set\":\"cur\"}");
  }

  @Test
  void unmaterializedValuesAreBugs() {
    assertThatThrownBy(() -> simple(TxnTimeV.INSTANCE)).isInstanceOf(IllegalStateException.class);
    SetV lazy = new SetV() {};
    assertThatThrownBy(() -> tagged(lazy)).isInstanceOf(IllegalStateException.class);
  }
}
