package io.faunus.model.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.faunus.model.value.Value;
import io.faunus.model.value.Value.*;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TaggedDecoderTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private final TaggedDecoder decoder = new TaggedDecoder(new FakeModules());

  private Value decode(String json) {
    try {
      return decoder.decode(MAPPER.readTree(json));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void structural() {
    assertThat(decode("null")).isEqualTo(NullV.NULL);
    assertThat(decode("true")).isEqualTo(BoolV.TRUE);
    assertThat(decode("\"s\"")).isEqualTo(new StrV("s"));
    assertThat(decode("[\"a\", {\"@int\":\"1\"}]")).isEqualTo(ArrayV.of(new StrV("a"), new IntV(1)));
    Map<String, Value> m = new LinkedHashMap<>();
    m.put("a", new StrV("x"));
    m.put("b", ArrayV.EMPTY);
    assertThat(decode("{\"a\":\"x\",\"b\":[]}")).isEqualTo(new ObjectV(m));
  }

  @Test
  void tags() {
    assertThat(decode("{\"@int\":\"-5\"}")).isEqualTo(new IntV(-5));
    assertThat(decode("{\"@long\":\"9007199254740993\"}")).isEqualTo(new LongV(9007199254740993L));
    assertThat(decode("{\"@double\":\"6.28\"}")).isEqualTo(new DoubleV(6.28));
    assertThat(decode("{\"@double\":\"NaN\"}")).isEqualTo(new DoubleV(Double.NaN));
    assertThat(decode("{\"@double\":\"-Infinity\"}")).isEqualTo(new DoubleV(Double.NEGATIVE_INFINITY));
    assertThat(decode("{\"@time\":\"2023-03-20T00:00:00.123Z\"}"))
        .isEqualTo(new TimeV(Instant.parse("2023-03-20T00:00:00.123Z")));
    assertThat(decode("{\"@time\":\"2023-03-20T01:00:00+01:00\"}"))
        .isEqualTo(new TimeV(Instant.parse("2023-03-20T00:00:00Z")));
    assertThat(decode("{\"@date\":\"2023-02-08\"}")).isEqualTo(new DateV(LocalDate.parse("2023-02-08")));
    assertThat(decode("{\"@bytes\":\"AQL/\"}")).isEqualTo(new BytesV(new byte[] {1, 2, (byte) 0xff}));
    assertThat(decode("{\"@mod\":\"Foo\"}")).isEqualTo(FakeModules.FOO);
  }

  @Test
  void objectTagKeepsKeysLiterally() {
    Map<String, Value> m = new LinkedHashMap<>();
    m.put("@int", new StrV("x"));
    m.put("b", new IntV(1));
    assertThat(decode("{\"@object\":{\"@int\":\"x\",\"b\":{\"@int\":\"1\"}}}")).isEqualTo(new ObjectV(m));
  }

  @Test
  void refs() {
    assertThat(decode("{\"@ref\":{\"id\":\"12\",\"coll\":{\"@mod\":\"Foo\"}}}")).isEqualTo(DocV.byId("Foo", 12));
    assertThat(decode("{\"@doc\":{\"id\":\"12\",\"coll\":{\"@mod\":\"Foo\"},\"ts\":{\"@time\":\"2023-01-01T00:00:00Z\"},"
        + "\"exists\":false,\"cause\":\"x\",\"data\":{\"a\":\"b\"}}}")).isEqualTo(DocV.byId("Foo", 12));
    assertThat(decode("{\"@ref\":{\"name\":\"Foo\",\"coll\":{\"@mod\":\"Collection\"}}}"))
        .isEqualTo(DocV.byName("Collection", "Foo"));
    assertThat(decode("{\"@ref\":\"Foo:7\"}")).isEqualTo(DocV.byId("Foo", 7));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      1                                                     | numbers must be tagged
      [1.5]                                                 | numbers must be tagged
      {"a":{"b":2}}                                         | numbers must be tagged
      {"@int":"1","x":"y"}                                  | too many keys in tagged value
      {"a":"1","@int":"1"}                                  | too many keys in tagged value
      {"@set":"x"}                                          | invalid tag '@set'
      {"@stream":"x"}                                       | invalid tag '@stream'
      {"@uuid":"x"}                                         | invalid tag '@uuid'
      {"@x":"x"}                                            | invalid tag '@x'
      {"@int":"2147483648"}                                 | invalid integer
      {"@int":"x"}                                          | invalid integer
      {"@long":"9223372036854775808"}                       | invalid long
      {"@double":"abc"}                                     | invalid double
      {"@time":"2023-01-01"}                                | invalid time
      {"@time":"2023-01-01T00:00:00"}                       | invalid time
      {"@date":"2023-13-01"}                                | invalid date
      {"@bytes":"!!"}                                       | invalid bytes
      {"@int":1}                                            | @int requires a string value
      {"@long":true}                                        | @long requires a string value
      {"@double":null}                                      | @double requires a string value
      {"@time":[]}                                          | @time requires a string value
      {"@date":{}}                                          | @date requires a string value
      {"@bytes":1}                                          | @bytes requires a string value
      {"@mod":1}                                            | @mod requires a string value
      {"@object":"x"}                                       | @object requires an object value
      {"@mod":"Nope"}                                       | no such module 'Nope'
      {"@mod":"myUdf"}                                      | no such module 'myUdf'
      {"@ref":{"id":"1"}}                                   | @ref field 'coll' is required
      {"@doc":{"id":"1"}}                                   | @doc field 'coll' is required
      {"@ref":{"id":"1","coll":"Foo"}}                      | @ref field 'coll' requires a module value
      {"@ref":{"coll":{"@mod":"Foo"}}}                      | @ref field 'id' is required
      {"@ref":{"id":{"@int":"1"},"coll":{"@mod":"Foo"}}}    | @ref field 'id' requires a string value
      {"@ref":{"id":"abc","coll":{"@mod":"Foo"}}}           | @ref field 'id' must be an integer
      {"@doc":{"id":"-1","coll":{"@mod":"Foo"}}}            | @doc field 'id' must be an integer
      {"@ref":{"coll":{"@mod":"Collection"}}}               | @ref field 'name' is required
      {"@ref":{"name":true,"coll":{"@mod":"Collection"}}}   | @ref field 'name' requires a string value
      {"@ref":{"name":"Bar","coll":{"@mod":"Collection"}}}  | no such schema object 'Bar'
      {"@ref":{"id":"1","coll":{"@mod":"Foo"},"ts":5}}      | numbers must be tagged
      {"@ref":{"id":"1","coll":{"@mod":"Nope"}}}            | no such module 'Nope'
      {"@ref":1}                                            | @ref requires an object value
      {"@doc":[]}                                           | @doc requires an object value
      {"@ref":{"id":"1","coll":{"@mod":"Math"}}}            | @ref field 'coll' requires a collection module
      """)
  void errors(String json, String message) {
    assertThatThrownBy(() -> decode(json)).isInstanceOf(DecodeException.class).hasMessage(message);
  }

  @Test
  void simpleDecoderNumbers() throws Exception {
    assertThat(SimpleDecoder.decode(MAPPER.readTree("1"))).isEqualTo(new IntV(1));
    assertThat(SimpleDecoder.decode(MAPPER.readTree("2147483648"))).isEqualTo(new LongV(2147483648L));
    assertThat(SimpleDecoder.decode(MAPPER.readTree("9223372036854775808")))
        .isEqualTo(new DoubleV(9223372036854775808.0));
    assertThat(SimpleDecoder.decode(MAPPER.readTree("1.5"))).isEqualTo(new DoubleV(1.5));
    assertThat(SimpleDecoder.decode(MAPPER.readTree("1.0"))).isEqualTo(new DoubleV(1.0));
    assertThat(SimpleDecoder.decode(MAPPER.readTree("[null,true,\"s\",{\"@int\":\"1\"}]"))).isEqualTo(
        new ArrayV(List.of(NullV.NULL, BoolV.TRUE, new StrV("s"), new ObjectV(Map.of("@int", new StrV("1")))))); 
  }
}
