package io.faunus.fql.fuzz;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Valid FQL queries to mutate: the {@code query} and {@code setup} strings of the spec suite
 * ({@code server/src/test/resources/spec/*.jsonl}) and of the shared conformance corpus
 * ({@code shared/conformance/fauna-core-api.jsonl}, beside the repository), plus a few built-in seeds so the
 * fuzzers still work when the files are absent.
 */
final class Corpus {
  private Corpus() {}

  static final List<String> BUILTIN = List.of(
      "1 + 2 * 3", "let x = [1, 2, 3]\nx.map(y => y * 2)", "\"a#{1 + 1}b\"", "'it''s'", "{ a: 1, b: [true, null] }",
      "Collection.create({ name: \"Books\" })", "Books.all().where(.n > 2).order(desc(.n)) { n, title }",
      "if (1 < 2) \"yes\" else \"no\"", "at (Time.now()) Books.all().first()", "x => x?.a?.[0] ?? -5.abs()",
      "<<-END\n  raw #{x}\n  END", "<<+END\n  v: #{1 + 2}\n  END", "\u0000value0> + 1", "0x1F | 0b101 ^ 0o7 & ~3",
      "Math.pow(2, 1023) * 10e300", "[1, 2, 3].reduce((a, b) => a + b)", "{ let a = 1; a }", "abort({ x: 1 })",
      "\"\\u{1F600}\\x41\\n\\t\\\\\"", "Time(\"2023-01-01T00:00:00Z\").add(1, \"day\")", "(...xs) => xs.length",
      "/* nested /* comment */ */ 1 // line", "Books.byId(\"12\")!.update({ a: 1 })", "[1,2].map(.toString())");

  static List<String> load() {
    List<String> out = new ArrayList<>(BUILTIN);
    for (Path dir : List.of(Path.of("../server/src/test/resources/spec"), Path.of("server/src/test/resources/spec"))) {
      if (!Files.isDirectory(dir)) continue;
      try (Stream<Path> files = Files.list(dir)) {
        for (Path f : files.filter(p -> p.toString().endsWith(".jsonl")).sorted().toList()) addFile(f, out);
      } catch (IOException e) {
        throw new AssertionError(e);
      }
      break;
    }
    for (Path f : List.of(Path.of("../../shared/conformance/fauna-core-api.jsonl"),
        Path.of("../shared/conformance/fauna-core-api.jsonl"), Path.of("/work/shared/conformance/fauna-core-api.jsonl"))) {
      if (Files.isRegularFile(f)) {
        addFile(f, out);
        break;
      }
    }
    return List.copyOf(out);
  }

  private static void addFile(Path f, List<String> out) {
    try {
      for (String line : Files.readAllLines(f)) {
        if (line.isBlank()) continue;
        Object o;
        try {
          o = new MiniJson(line).value();
        } catch (RuntimeException e) {
          continue;
        }
        if (o instanceof java.util.Map<?, ?> m) {
          if (m.get("query") instanceof String q) out.add(q);
          if (m.get("setup") instanceof List<?> setup) {
            for (Object s : setup) if (s instanceof String q) out.add(q);
          }
        }
      }
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  /** Just enough JSON for the corpus files: objects, arrays, strings, and other scalars as raw text. */
  static final class MiniJson {
    private final String s;
    private int i;

    MiniJson(String s) {
      this.s = s;
    }

    Object value() {
      ws();
      char c = s.charAt(i);
      if (c == '{') {
        i++;
        var m = new java.util.LinkedHashMap<String, Object>();
        ws();
        if (s.charAt(i) == '}') {
          i++;
          return m;
        }
        while (true) {
          ws();
          String k = string();
          ws();
          expect(':');
          m.put(k, value());
          ws();
          if (s.charAt(i++) == '}') return m;
        }
      }
      if (c == '[') {
        i++;
        List<Object> l = new ArrayList<>();
        ws();
        if (s.charAt(i) == ']') {
          i++;
          return l;
        }
        while (true) {
          l.add(value());
          ws();
          if (s.charAt(i++) == ']') return l;
        }
      }
      if (c == '"') return string();
      int start = i;
      while (i < s.length() && ",]} \t".indexOf(s.charAt(i)) < 0) i++;
      return s.substring(start, i);
    }

    private void ws() {
      while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++;
    }

    private void expect(char c) {
      if (s.charAt(i++) != c) throw new IllegalArgumentException("expected " + c);
    }

    private String string() {
      expect('"');
      StringBuilder sb = new StringBuilder();
      while (true) {
        char c = s.charAt(i++);
        if (c == '"') return sb.toString();
        if (c != '\\') {
          sb.append(c);
          continue;
        }
        char e = s.charAt(i++);
        switch (e) {
          case 'n' -> sb.append('\n');
          case 't' -> sb.append('\t');
          case 'r' -> sb.append('\r');
          case 'b' -> sb.append('\b');
          case 'f' -> sb.append('\f');
          case 'u' -> {
            sb.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
            i += 4;
          }
          default -> sb.append(e);
        }
      }
    }
  }
}
