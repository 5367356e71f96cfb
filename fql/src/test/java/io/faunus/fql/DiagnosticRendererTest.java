package io.faunus.fql;

import static org.assertj.core.api.Assertions.assertThat;

import io.faunus.fql.Diagnostic.Hint;
import io.faunus.fql.Diagnostic.Location;
import io.faunus.fql.Diagnostic.Severity;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Expected strings are the exact summaries from the conformance corpus. */
class DiagnosticRendererTest {
  /** The span of the n-th (0-based) occurrence of {@code part} in the source. */
  static Location at(Source src, String part, int nth) {
    int i = -1;
    for (int k = 0; k <= nth; k++) i = src.text().indexOf(part, i + 1);
    return new Location(src, new Span(i, i + part.length()));
  }

  static Location at(Source src, String part) {
    return at(src, part, 0);
  }

  static Diagnostic error(String msg, Location at, List<Location> trace, List<Hint> hints) {
    return new Diagnostic(Severity.ERROR, msg, at, trace, hints);
  }

  @Test
  void singleLine() {
    Source q = Source.query("70000000000 / 0");
    var d = Diagnostic.error("Attempted integer division by zero.", new Location(q, new Span(14, 15)));
    assertThat(DiagnosticRenderer.render(List.of(d))).isEqualTo("""
        error: Attempted integer division by zero.
        at *query*:1:15
          |
        1 | 70000000000 / 0
          |               ^
          |""");
  }

  @Test
  void aTraceOfManyFramesOnAHugeLineIsCutAtTheRenderBudget() {
    // 2 000 distinct call sites on one 4 MiB line: every frame would show the whole line (8 GB in all).
    StringBuilder text = new StringBuilder("let pad = \"").append("x".repeat(4 << 20)).append("\"");
    for (int i = 0; i < 2000; i++) text.append("; f").append(i).append("(1)");
    Source q = Source.query(text.toString());
    List<Location> trace = new java.util.ArrayList<>();
    for (int i = 1; i < 2000; i++) trace.add(at(q, "f" + i + "(1)"));
    String out = DiagnosticRenderer.render(error("boom", at(q, "f0(1)"), trace, List.of()));
    long shown = (DiagnosticRenderer.TRACE_RENDER_CHARS_MAX / (3L * q.text().length()));
    assertThat(out).endsWith("\n(" + (1999 - shown) + " more frames not shown)");
    assertThat((long) out.length()).isLessThan(DiagnosticRenderer.TRACE_RENDER_CHARS_MAX + 3L * q.text().length());
  }

  @Test
  void traceInOtherLine() {
    Source q = Source.query("{\n  let x = (y) => {\n    if (y) {\n      \"z\"\n    } else {\n      \"?\"\n    }\n  }\n  x(3)\n}");
    var d = error("expected type: Boolean, received Int", at(q, "y", 1), List.of(at(q, "(3)")), List.of());
    assertThat(DiagnosticRenderer.render(d)).isEqualTo("""
        error: expected type: Boolean, received Int
        at *query*:3:9
          |
        3 |     if (y) {
          |         ^
          |
        at *query*:9:4
          |
        9 |   x(3)
          |    ^^^
          |""");
  }

  @Test
  void traceOnSameLineHasNoHeader() {
    Source q = Source.query("[1].firstWhere(v => [1, 2].firstWhere(v => v == null!) == 3)");
    var d = error("Null literal value", at(q, "null!"),
        List.of(at(q, "(v => v == null!)"), at(q, "(v => [1, 2].firstWhere(v => v == null!) == 3)")), List.of());
    assertThat(DiagnosticRenderer.render(d)).isEqualTo("""
        error: Null literal value
        at *query*:1:49
          |
        1 | [1].firstWhere(v => [1, 2].firstWhere(v => v == null!) == 3)
          |                                                 ^^^^^
          |
          |
        1 | [1].firstWhere(v => [1, 2].firstWhere(v => v == null!) == 3)
          |                                      ^^^^^^^^^^^^^^^^^
          |
          |
        1 | [1].firstWhere(v => [1, 2].firstWhere(v => v == null!) == 3)
          |               ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
          |""");
  }

  @Test
  void multiLineSpan() {
    Source q = Source.query("Collection.create({\n  name: \"Thing\",\n  data: \"foobar\"\n})");
    var d = Diagnostic.error("Failed to create Collection.\nconstraint failures:\n  data: Expected { *: Any } | Null, provided String",
        new Location(q, new Span(17, q.text().length())));
    assertThat(DiagnosticRenderer.render(d)).isEqualTo("""
        error: Failed to create Collection.
        constraint failures:
          data: Expected { *: Any } | Null, provided String
        at *query*:1:18
          |
        1 |   Collection.create({
          |  __________________^
        2 | |   name: "Thing",
        3 | |   data: "foobar"
        4 | | })
          | |__^
          |""");
  }

  @Test
  void multiLineSpanEndingBeforeLastLine() {
    Source q = Source.query("Coll9.definition.update({indexes: {\n  no_terms_and_values: {\n    unique: true\n  },\n  empty_shape: {\n  }\n}})\n");
    var d = Diagnostic.error("x", new Location(q, new Span(q.text().indexOf('('), q.text().length() - 1)));
    assertThat(DiagnosticRenderer.render(d)).isEqualTo("""
        error: x
        at *query*:1:24
          |
        1 |   Coll9.definition.update({indexes: {
          |  ________________________^
        2 | |   no_terms_and_values: {
        3 | |     unique: true
        4 | |   },
        5 | |   empty_shape: {
        6 | |   }
        7 | | }})
          | |___^
          |""");
  }

  @Test
  void hintThenNamedTraceThenOtherSource() {
    Source udf = new Source("*udf:myFunc*", "_ => [1].toSet().order(i => i.name.accessError)");
    Source q = Source.query("\nmyFunc(2)\n");
    var d = error("Cannot access `accessError` on null.", at(udf, "accessError"),
        List.of(at(udf, "(i => i.name.accessError)"), at(q, "(2)")),
        List.of(new Hint("Null value created here", at(udf, "name"))));
    assertThat(DiagnosticRenderer.render(d)).isEqualTo("""
        error: Cannot access `accessError` on null.
        at *udf:myFunc*:1:36
          |
        1 | _ => [1].toSet().order(i => i.name.accessError)
          |                                    ^^^^^^^^^^^
          |
        hint: Null value created here
          |
        1 | _ => [1].toSet().order(i => i.name.accessError)
          |                               ^^^^
          |
        trace:
          |
        1 | _ => [1].toSet().order(i => i.name.accessError)
          |                       ^^^^^^^^^^^^^^^^^^^^^^^^^
          |
        at *query*:2:7
          |
        2 | myFunc(2)
          |       ^^^
          |""");
  }

  @Test
  void gutterWidensForTwoDigitLines() {
    Source q = Source.query("1\n2\n3\n4\n5\n6\n7\n8\n9\nfoo(1)");
    var d = Diagnostic.error("boom", at(q, "(1)"));
    assertThat(DiagnosticRenderer.render(d)).isEqualTo("""
        error: boom
        at *query*:10:4
           |
        10 | foo(1)
           |    ^^^
           |""");
  }

  @Test
  void placeholdersShowAsAngleBrackets() {
    Source q = Source.query(Parser.PLACEHOLDER + "0> + 1");
    var d = Diagnostic.error("e", new Location(q, new Span(0, 8)));
    assertThat(DiagnosticRenderer.render(d)).contains("1 | <value0> + 1").contains("  | ^^^^^^^^");
  }

  @Test
  void severalDiagnosticsAreSeparatedByABlankLine() {
    Source q = Source.query("a b");
    var d1 = Diagnostic.error("one", new Location(q, new Span(0, 1)));
    var d2 = Diagnostic.error("two", new Location(q, new Span(2, 3)));
    assertThat(DiagnosticRenderer.render(List.of(d1, d2))).isEqualTo("""
        error: one
        at *query*:1:1
          |
        1 | a b
          | ^
          |

        error: two
        at *query*:1:3
          |
        1 | a b
          |   ^
          |""");
  }

  @Test
  void logShortForm() {
    Source q = Source.query("let x = 1\nlog(\"hi\")\nx");
    assertThat(DiagnosticRenderer.renderLog(at(q, "(\"hi\")"), "hi")).isEqualTo("info at *query*:2: hi");
  }
}
