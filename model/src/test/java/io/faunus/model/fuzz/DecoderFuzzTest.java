package io.faunus.model.fuzz;

import io.faunus.fql.fuzz.FuzzRunner;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.faunus.model.codec.DecodeException;
import io.faunus.model.codec.Resolver;
import io.faunus.model.codec.SimpleDecoder;
import io.faunus.model.codec.TaggedDecoder;
import io.faunus.model.codec.ValueEncoder;
import io.faunus.model.value.Value;
import io.faunus.model.value.Value.ModuleV;
import java.io.StringWriter;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Wire-decoder fuzzing: random JSON trees (tags with wrong payloads, deep nesting, huge numbers, odd strings)
 * decode to a value or fail with {@link DecodeException}, nothing else; a decoded value encodes back in both
 * formats without an exception. Inputs run on a 16 MiB stack (the server decodes on its 256 MiB query threads;
 * 1000 levels of JSON need more than the default 1 MiB). Longer runs: {@code -Dfaunus.fuzz.iterations=200000 -Dfaunus.fuzz.seed=N}.
 */
class DecoderFuzzTest {
  /** Parsed as the server parses bodies: nesting capped at 1000, big integers kept as BigInteger. */
  static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(1000).build()).build());

  /**
   * Encodes without Jackson's default 1000-level write cap: a decoded value can be as deep as its input, and the
   * tagged encoding adds levels ({@code @object} wrappers). The response path is exercised in the node/server fuzzers.
   */
  static final JsonFactory WRITER = JsonFactory.builder()
      .streamWriteConstraints(com.fasterxml.jackson.core.StreamWriteConstraints.builder().maxNestingDepth(100_000).build())
      .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(100_000).build()).build();

  record Mod(String name) implements ModuleV {}

  static final Map<String, Mod> MODULES = Map.of("Foo", new Mod("Foo"), "Collection", new Mod("Collection"),
      "Math", new Mod("Math"), "Key", new Mod("Key"), "Function", new Mod("Function"));

  static final Resolver RESOLVER = new Resolver() {
    @Override
    public ModuleV module(String name) {
      return MODULES.get(name);
    }

    @Override
    public CollectionKind collectionKind(ModuleV module) {
      return switch (module.name()) {
        case "Foo", "Key" -> CollectionKind.BY_ID;
        case "Collection", "Function" -> CollectionKind.BY_NAME;
        default -> CollectionKind.NOT_A_COLLECTION;
      };
    }

    @Override
    public boolean namedDocExists(ModuleV coll, String name) {
      return name.equals("Foo");
    }
  };

  static final TaggedDecoder TAGGED = new TaggedDecoder(RESOLVER);

  static void check(String json) {
    JsonNode node;
    try {
      node = JSON.readTree(json);
    } catch (Exception e) {
      return; // not JSON: the server answers 400 before decoding
    }
    if (node == null) return;
    try {
      encode(TAGGED.decode(node));
    } catch (DecodeException e) {
      if (e.getMessage() == null || e.getMessage().isEmpty()) throw new AssertionError("DecodeException without message");
    }
    try {
      encode(SimpleDecoder.decode(node));
    } catch (DecodeException e) {
      if (e.getMessage() == null || e.getMessage().isEmpty()) throw new AssertionError("DecodeException without message");
    }
  }

  static void encode(Value v) {
    for (ValueEncoder enc : new ValueEncoder[] {ValueEncoder.simple(), ValueEncoder.tagged()}) {
      StringWriter w = new StringWriter();
      try (JsonGenerator g = WRITER.createGenerator(w)) {
        enc.write(g, v);
      } catch (java.io.IOException e) {
        throw new AssertionError(e);
      }
      try {
        new ObjectMapper(WRITER).readTree(w.toString()); // the encoding is valid JSON
      } catch (Exception e) {
        throw new AssertionError("encoder wrote invalid JSON: " + w, e);
      }
    }
  }

  static final String[] TAGS = {"@int", "@long", "@double", "@time", "@date", "@bytes", "@object", "@mod", "@ref",
      "@doc", "@set", "@stream", "@uuid", "@", "@INT", "@int ", "int"};
  static final String[] SCALARS = {"0", "1", "-1", "2147483648", "-2147483649", "9223372036854775807",
      "9223372036854775808", "-9223372036854775809", "99999999999999999999999999999999", "1.5", "-0.0", "1e308",
      "1e309", "-1e400", "4.9e-324", "1e-400", "NaN", "Infinity", "-Infinity", "+5", " 1", "1 ", "0x10", "1_000",
      "\u0663", "", "2023-01-01T00:00:00Z", "2023-02-30T00:00:00Z", "+999999999-12-31T23:59:59.999999999-18:00",
      "-999999999-01-01T00:00:00+18:00", "2023-01-01T00:00:00", "2023-01-01T24:00:00Z", "2023-01-01", "+999999999-12-31",
      "-999999999-01-01", "0000-00-00", "AQL/", "AQL", "====", "A", "a b", "\u0000", "Foo", "Collection", "Math", "Nope",
      "Foo:1", "Foo:-1", "Foo:", ":1", "Math:1", "Collection:Foo", "Foo:99999999999999999999", "\ud800", "\u2028"};

  static final class Gen {
    final Random rnd;

    Gen(Random rnd) {
      this.rnd = rnd;
    }

    String json(int depth) {
      if (depth > 5 && rnd.nextInt(3) > 0) return scalar();
      return switch (rnd.nextInt(9)) {
        case 0, 1 -> scalar();
        case 2 -> {
          StringBuilder sb = new StringBuilder("[");
          int n = rnd.nextInt(4);
          for (int i = 0; i < n; i++) sb.append(i > 0 ? "," : "").append(json(depth + 1));
          yield sb.append(']').toString();
        }
        case 3 -> object(depth, false);
        case 4, 5, 6 -> "{" + str(TAGS[rnd.nextInt(TAGS.length)]) + ":" + payload(depth) + "}";
        case 7 -> "{" + str(TAGS[rnd.nextInt(TAGS.length)]) + ":" + payload(depth) + "," + str("x") + ":" + json(depth + 1) + "}";
        default -> deep();
      };
    }

    String payload(int depth) {
      return switch (rnd.nextInt(6)) {
        case 0, 1 -> str(SCALARS[rnd.nextInt(SCALARS.length)]);
        case 2 -> object(depth, true);
        default -> json(depth + 1);
      };
    }

    String object(int depth, boolean refLike) {
      StringBuilder sb = new StringBuilder("{");
      int n = rnd.nextInt(4);
      String[] keys = refLike ? new String[] {"id", "coll", "name", "ts", "exists", "cause", "data", "@int"}
          : new String[] {"a", "b", "@x", "id", "data"};
      for (int i = 0; i < n; i++) {
        sb.append(i > 0 ? "," : "").append(str(keys[rnd.nextInt(keys.length)])).append(':');
        sb.append(rnd.nextInt(3) == 0 ? "{\"@mod\":" + str(SCALARS[rnd.nextInt(SCALARS.length)]) + "}" : json(depth + 1));
      }
      return sb.append('}').toString();
    }

    String scalar() {
      return switch (rnd.nextInt(8)) {
        case 0 -> "null";
        case 1 -> rnd.nextBoolean() ? "true" : "false";
        case 2 -> new String[] {"0", "-0", "1", "2147483648", "9223372036854775808", "1" + "0".repeat(400), "1e999",
            "-1e999", "1.5", "4.9e-324", "1e-999", "-" + "9".repeat(30)}[rnd.nextInt(12)];
        default -> str(SCALARS[rnd.nextInt(SCALARS.length)]);
      };
    }

    String deep() {
      int n = 900 + rnd.nextInt(200); // around the 1000-level cap
      String open = rnd.nextBoolean() ? "[" : rnd.nextBoolean() ? "{\"@object\":" : "{\"a\":";
      String close = open.equals("[") ? "]" : "}";
      return open.repeat(n) + scalar() + close.repeat(n);
    }

    static String str(String s) {
      StringBuilder sb = new StringBuilder("\"");
      for (char c : s.toCharArray()) {
        if (c == '"' || c == '\\') sb.append('\\').append(c);
        else if (c < 0x20 || c >= 0x7f) sb.append(String.format("\\u%04x", (int) c));
        else sb.append(c);
      }
      return sb.append('"').toString();
    }
  }

  @Test
  void randomJsonTrees() {
    long seed = FuzzRunner.seed(424242L);
    Gen gen = new Gen(new Random(seed));
    try (FuzzRunner r = new FuzzRunner("decoder seed=" + seed, 16L * 1024 * 1024, 2000)) {
      int n = FuzzRunner.iterations(5000);
      for (int i = 0; i < n; i++) r.run(gen.json(0), DecoderFuzzTest::check);
      r.assertNoFailures();
    }
  }
}
