package io.faunus.fql.fuzz;

import io.faunus.fql.Diagnostic;
import io.faunus.fql.DiagnosticRenderer;
import io.faunus.fql.ParseException;
import io.faunus.fql.Source;
import io.faunus.fql.fsl.Fsl;
import io.faunus.fql.fsl.FslFile;
import io.faunus.fql.fsl.FslPrinter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * FSL parser fuzzing (a pushed file is untrusted input): any text either parses or fails with a
 * {@link ParseException} whose diagnostics lie inside the file and render; and whatever parses prints as
 * canonical FSL that parses again to the same canonical text (the printer never writes what the parser
 * refuses). Inputs: mutations of the FSL fixtures, FQL corpus expressions placed where FSL embeds FQL, and
 * random type expressions. Each input runs on a 512 KiB stack.
 */
class FslFuzzTest {
  /**
   * Per input: parsing, printing and parsing again; generous because the point is hangs, and CI machines are
   * shared. The FQL parser's own fuzzer covers megabyte inputs; FSL files embedding 64 KiB of FQL suffice here.
   */
  static final long TIMEOUT_MS = 10_000;
  static final int FILL_CHARS_MAX = 64 * 1024;
  static final List<String> FIXTURES = List.of(resource("shop.fsl"), resource("everything.fsl"));

  static String resource(String name) {
    try (InputStream in = FslFuzzTest.class.getResourceAsStream("/fsl/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static void check(String text) {
    Source src = new Source("main.fsl", text);
    FslFile file;
    try {
      file = Fsl.parse(src);
    } catch (ParseException e) {
      List<Diagnostic> ds = e.diagnostics();
      if (ds.isEmpty()) throw new AssertionError("ParseException without diagnostics");
      for (Diagnostic d : ds) {
        inside(d.at(), src);
        for (Diagnostic.Hint h : d.hints()) if (h.at() != null) inside(h.at(), src);
      }
      if (DiagnosticRenderer.render(ds).isEmpty()) throw new AssertionError("empty rendering");
      return;
    }
    String printed = FslPrinter.print(file.items());
    String again;
    try {
      again = FslPrinter.print(Fsl.parse(new Source("printed.fsl", printed)).items());
    } catch (ParseException e) {
      throw new AssertionError("printed FSL does not parse: " + e.getMessage() + "\n" + printed);
    }
    if (!again.equals(printed)) throw new AssertionError("printing is not stable:\n" + printed + "\n---\n" + again);
  }

  private static void inside(Diagnostic.Location at, Source src) {
    if (at == null) throw new AssertionError("diagnostic without location");
    int len = src.text().length();
    if (at.span().start() < 0 || at.span().start() > len || at.span().end() > len + 1) {
      throw new AssertionError("span " + at.span() + " outside source of length " + len);
    }
  }

  @Test
  void fixturesAndTheirMutations() {
    long seed = FuzzRunner.seed(20261206L);
    Random rnd = new Random(seed);
    try (FuzzRunner r = new FuzzRunner("fsl seed=" + seed, 512 * 1024, TIMEOUT_MS)) {
      for (String f : FIXTURES) r.run(f, FslFuzzTest::check);
      int n = FuzzRunner.iterations(3000);
      for (int i = 0; i < n; i++) r.run(mutate(rnd, FIXTURES.get(rnd.nextInt(FIXTURES.size()))), FslFuzzTest::check);
      r.assertNoFailures();
    }
  }

  @Test
  void fqlWhereFslEmbedsIt() {
    long seed = FuzzRunner.seed(20261207L);
    Random rnd = new Random(seed);
    FqlGen gen = new FqlGen(new Random(seed), ParserFuzzTest.CORPUS);
    String[] holes = {
        "collection A {\n  f: Int = %s\n}", "collection A {\n  compute c = %s\n}", "collection A {\n  check c (%s)\n}",
        "function f(x) {\n  %s\n}", "function f(x) { %s }", "role r {\n  membership A { predicate (%s) }\n}",
        "collection A {\n  migrations {\n    backfill .a = %s\n  }\n}", "collection A {\n  f: %s\n}",
    };
    try (FuzzRunner r = new FuzzRunner("fsl-fql seed=" + seed, 512 * 1024, TIMEOUT_MS)) {
      int n = FuzzRunner.iterations(2000);
      for (int i = 0; i < n; i++) {
        String hole = holes[rnd.nextInt(holes.length)];
        String fill = hole.endsWith("f: %s\n}") ? type(rnd, 0) : gen.next();
        if (fill.length() > FILL_CHARS_MAX) fill = fill.substring(0, FILL_CHARS_MAX);
        r.run(hole.replace("%s", fill), FslFuzzTest::check);
      }
      r.assertNoFailures();
    }
  }

  private static final String[] TOKENS = {"{", "}", "(", ")", "[", "]", ";", "\n", ":", "=", "=>", "|", "&", "?",
      ",", ".", "@", "*", "\"", "'", "//", "/*", "*/", "collection", "function", "role", "access provider", "index",
      "unique", "check", "compute", "migrations", "terms", "values", "mva(", "desc(", "privileges", "membership",
      "predicate", "history_days", "-1", "0", "x", "Int", "String?", "Ref<A>", "...", "->"};

  static String mutate(Random rnd, String text) {
    StringBuilder sb = new StringBuilder(text);
    int edits = 1 + rnd.nextInt(4);
    for (int i = 0; i < edits && sb.length() > 0; i++) {
      int at = rnd.nextInt(sb.length());
      switch (rnd.nextInt(5)) {
        case 0 -> sb.deleteCharAt(at);
        case 1 -> sb.insert(at, TOKENS[rnd.nextInt(TOKENS.length)]);
        case 2 -> sb.setLength(at); // truncated upload
        case 3 -> sb.delete(at, Math.min(sb.length(), at + rnd.nextInt(40)));
        default -> sb.insert(at, (char) rnd.nextInt(128));
      }
    }
    return sb.toString();
  }

  static String type(Random rnd, int depth) {
    if (depth > 4) return "Int";
    return switch (rnd.nextInt(12)) {
      case 0 -> type(rnd, depth + 1) + " | " + type(rnd, depth + 1);
      case 1 -> type(rnd, depth + 1) + " & " + type(rnd, depth + 1);
      case 2 -> type(rnd, depth + 1) + "?";
      case 3 -> "(" + type(rnd, depth + 1) + ")";
      case 4 -> "[" + type(rnd, depth + 1) + ", " + type(rnd, depth + 1) + "]";
      case 5 -> "{ a: " + type(rnd, depth + 1) + ", \"b c\": " + type(rnd, depth + 1) + ", *: Any }";
      case 6 -> "Array<" + type(rnd, depth + 1) + ">";
      case 7 -> type(rnd, depth + 1) + " => " + type(rnd, depth + 1);
      case 8 -> "(x: " + type(rnd, depth + 1) + ", ...y: " + type(rnd, depth + 1) + ") => Null";
      case 9 -> List.of("\"a\"", "'b\\n'", "1", "-2.5", "true").get(rnd.nextInt(5));
      case 10 -> "Ref<A>";
      default -> List.of("String", "Int", "Number", "Any", "Time", "Null").get(rnd.nextInt(6));
    };
  }
}
