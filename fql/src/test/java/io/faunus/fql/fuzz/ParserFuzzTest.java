package io.faunus.fql.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import io.faunus.fql.Diagnostic;
import io.faunus.fql.DiagnosticRenderer;
import io.faunus.fql.ParseException;
import io.faunus.fql.Parser;
import io.faunus.fql.Source;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Parser fuzzing: any text either parses or fails with a {@link ParseException} carrying at least one diagnostic
 * located inside the source (or on the end-of-input position just past it), which {@link DiagnosticRenderer} renders; no other exception, no
 * StackOverflowError (inputs run on a 512 KiB stack), and each input finishes within 2 s.
 * Longer runs: {@code -Dfaunus.fuzz.iterations=200000 -Dfaunus.fuzz.seed=N}.
 */
class ParserFuzzTest {
  static final List<String> CORPUS = Corpus.load();

  static void check(String text) {
    checkWith(text, true);
    checkWith(text, false);
  }

  private static void checkWith(String text, boolean query) {
    Source src = query ? Source.query(text) : new Source("*udf:F*", text);
    try {
      if (query) Parser.parseQuery(src); else Parser.parseExpr(src);
    } catch (ParseException e) {
      List<Diagnostic> ds = e.diagnostics();
      if (ds.isEmpty()) throw new AssertionError("ParseException without diagnostics");
      for (Diagnostic d : ds) {
        inside(d.at(), src);
        for (Diagnostic.Location t : d.trace()) inside(t, src);
        for (Diagnostic.Hint h : d.hints()) if (h.at() != null) inside(h.at(), src);
      }
      String rendered = DiagnosticRenderer.render(ds);
      if (rendered.isEmpty()) throw new AssertionError("empty rendering");
    }
  }

  private static void inside(Diagnostic.Location at, Source src) {
    if (at == null) throw new AssertionError("diagnostic without location");
    if (at.source() != src) throw new AssertionError("diagnostic in another source");
    int len = src.text().length();
    // An error at end of input is a one-char span just past the text: the renderer puts its caret there.
    if (at.span().start() < 0 || at.span().start() > len || at.span().end() > len + 1
        || at.span().start() > at.span().end()) {
      throw new AssertionError("span " + at.span() + " outside source of length " + len);
    }
  }

  @Test
  void corpusParsesOrFailsCleanly() {
    assertThat(CORPUS).hasSizeGreaterThan(Corpus.BUILTIN.size());
    try (FuzzRunner r = new FuzzRunner("parser-corpus", 512 * 1024, 2000)) {
      for (String q : CORPUS) r.run(q, ParserFuzzTest::check);
      r.assertNoFailures();
    }
  }

  @Test
  void generatedAndMutatedInputs() {
    long seed = FuzzRunner.seed(20240611L);
    FqlGen gen = new FqlGen(new Random(seed), CORPUS);
    try (FuzzRunner r = new FuzzRunner("parser seed=" + seed, 512 * 1024, 2000)) {
      int n = FuzzRunner.iterations(5000);
      for (int i = 0; i < n; i++) r.run(gen.next(), ParserFuzzTest::check);
      r.assertNoFailures();
    }
  }
}
