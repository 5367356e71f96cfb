package io.faunus.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How {@link Bench} sends a workload's keys to Faunus. {@code template}: what the official drivers send for a
 * query written with their {@code fql} template function, the query as FQL fragments with each interpolated
 * value a separate part ({@code {"fql": ["Bench.byId(", {"value": "412"}, ")!.v"]}}, spec §1.3), so every
 * request of a workload has the same text once the server has put placeholders in. {@code args}: one text per
 * workload with the key as an FQL argument ({@code Bench.byId(id)!.v} and {@code "arguments": {"id": "412"}}).
 * {@code literal}: each request has its own text with the key written into it ({@code Bench.byId("412")!.v}),
 * as a hand-built query string would (no parse cache helps when there are more keys than it holds).
 */
enum QueryStyle {
  TEMPLATE, ARGS, LITERAL;

  static QueryStyle parse(String s) {
    return switch (s) {
      case "template" -> TEMPLATE;
      case "args" -> ARGS;
      case "literal" -> LITERAL;
      default -> throw new IllegalArgumentException("--query-style is template, args or literal, not '" + s + "'");
    };
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Headers the style needs: arguments are read in the request's format, and only the tagged format (what the
   * drivers send) keeps an integer an integer ({@code {"@int": "5"}} in the simple format is an object).
   */
  List<String> headers() {
    return this == LITERAL ? List.of() : List.of("x-format: tagged");
  }

  /**
   * A request's {@code query} member (FQL text, or a template of parts) and its arguments as the wire carries
   * them (tagged format); arguments only in args style.
   */
  record Query(Object query, Map<String, Object> arguments) {}

  private static final Pattern PLACEHOLDER = Pattern.compile("\\$([a-z][a-zA-Z0-9_]*)");

  /**
   * {@code template} with each {@code $name} replaced: by the FQL literal of {@code values.get(name)} in literal
   * style, by the argument {@code name} otherwise. Values are strings, ints, lists and string-keyed maps.
   */
  Query query(String template, Map<String, Object> values) {
    if (this == TEMPLATE) return new Query(fragments(template, values), Map.of());
    Matcher m = PLACEHOLDER.matcher(template);
    StringBuilder text = new StringBuilder();
    Map<String, Object> arguments = new LinkedHashMap<>();
    while (m.find()) {
      String name = m.group(1);
      if (!values.containsKey(name)) throw new IllegalArgumentException("no value for $" + name + " in " + template);
      Object v = values.get(name);
      m.appendReplacement(text, Matcher.quoteReplacement(this == LITERAL ? fql(v) : name));
      if (this == ARGS) arguments.put(name, tagged(v));
    }
    m.appendTail(text);
    return new Query(text.toString(), arguments);
  }

  /** {@code template} as a driver's {@code fql} template sends it: {@code {"fql": [text, part, text, ...]}}. */
  private static Map<String, Object> fragments(String template, Map<String, Object> values) {
    Matcher m = PLACEHOLDER.matcher(template);
    List<Object> parts = new ArrayList<>();
    int from = 0;
    while (m.find()) {
      String name = m.group(1);
      if (!values.containsKey(name)) throw new IllegalArgumentException("no value for $" + name + " in " + template);
      parts.add(template.substring(from, m.start()));
      parts.add(interpolation(values.get(name)));
      from = m.end();
    }
    parts.add(template.substring(from));
    return Map.of("fql", parts);
  }

  /**
   * One interpolated value as the JS driver encodes it: arrays and objects part by part ({@code array},
   * {@code object}), anything else as a tagged {@code value}.
   */
  static Object interpolation(Object v) {
    return switch (v) {
      case List<?> list -> Map.of("array", list.stream().map(QueryStyle::interpolation).toList());
      case Map<?, ?> map -> {
        Map<String, Object> out = new LinkedHashMap<>();
        for (var e : map.entrySet()) out.put((String) e.getKey(), interpolation(e.getValue()));
        yield Map.of("object", out);
      }
      default -> Map.of("value", tagged(v));
    };
  }

  /** The FQL literal of a value. */
  static String fql(Object v) {
    return switch (v) {
      case String s -> quoted(s);
      case Integer i -> i.toString();
      case Long l -> l.toString();
      case List<?> list -> {
        List<String> items = new ArrayList<>();
        for (Object o : list) items.add(fql(o));
        yield "[" + String.join(", ", items) + "]";
      }
      case Map<?, ?> map -> {
        List<String> fields = new ArrayList<>();
        for (var e : map.entrySet()) fields.add(e.getKey() + ": " + fql(e.getValue()));
        yield "{ " + String.join(", ", fields) + " }";
      }
      default -> throw new IllegalArgumentException("no FQL literal for " + v.getClass().getSimpleName());
    };
  }

  /** The value in Fauna's tagged JSON format (integers as {@code {"@int": "n"}}). */
  static Object tagged(Object v) {
    return switch (v) {
      case String s -> s;
      case Integer i -> Map.of("@int", i.toString());
      case Long l -> Map.of(Math.abs(l) <= Integer.MAX_VALUE ? "@int" : "@long", l.toString());
      case List<?> list -> list.stream().map(QueryStyle::tagged).toList();
      case Map<?, ?> map -> {
        Map<String, Object> out = new LinkedHashMap<>();
        for (var e : map.entrySet()) out.put((String) e.getKey(), tagged(e.getValue()));
        yield out;
      }
      default -> throw new IllegalArgumentException("no tagged form for " + v.getClass().getSimpleName());
    };
  }

  private static String quoted(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"', '\\' -> b.append('\\').append(c);
        case '\n' -> b.append("\\n");
        default -> b.append(c);
      }
    }
    return b.append('"').toString();
  }
}
