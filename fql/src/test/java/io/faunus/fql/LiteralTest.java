package io.faunus.fql;

import static io.faunus.fql.Sexpr.query;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faunus.fql.ast.Expr;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LiteralTest {
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = ';', textBlock = """
      0                        ; 0
      42                       ; 42
      1_000_000                ; 1000000
      0x1F                     ; 31
      0XfF_fF                  ; 65535
      0o17                     ; 15
      0b1010                   ; 10
      2147483647               ; 2147483647
      2147483648               ; 2147483648L
      -2147483648              ; -2147483648
      -2147483649              ; -2147483649L
      9223372036854775807      ; 9223372036854775807L
      9223372036854775808      ; 9.223372036854776E18d
      -0x10                    ; -16
      1.5                      ; 1.5d
      1.5e-3                   ; 0.0015d
      2E10                     ; 2.0E10d
      1e3                      ; 1000.0d
      -1.25                    ; -1.25d
      """)
  void numbers(String src, String expected) {
    assertThat(query(src)).isEqualTo(expected);
  }

  @Test
  void hugeNumbersAreInfiniteDoublesQuickly() { // found by ParserFuzzTest: exceptions and multi-second parses
    assertThat(query("1e999999999999")).isEqualTo("Infinity" + "d");
    assertThat(query("1E2621000376")).isEqualTo("Infinity" + "d");
    assertThat(query("-1e-99999999999")).isEqualTo("-0.0d");
    assertThat(query("-0.0")).isEqualTo("0.0d");
    assertThat(query("-0." + "0".repeat(100))).isEqualTo("0.0d");
    assertThat(query("123456789012345678901234567890")).isEqualTo("1.2345678901234568E29d");
    assertThat(query("0x1" + "0".repeat(300))).isEqualTo("Infinity" + "d");
    assertThat(query("0x" + "0".repeat(1000) + "1F")).isEqualTo("31");
    long t = System.nanoTime();
    assertThat(query("9".repeat(1_000_000))).isEqualTo("Infinity" + "d");
    assertThat(query("9".repeat(1_000_000) + ".5")).isEqualTo("Infinity" + "d");
    assertThat(query("-0x" + "f".repeat(1_000_000))).isEqualTo("-Infinity" + "d");
    assertThat(query("0b" + "1".repeat(1_000_000))).isEqualTo("Infinity" + "d");
    assertThat(System.nanoTime() - t).isLessThan(2_000_000_000L);
  }

  @Test
  void numberFollowedByDotIsASelect() {
    assertThat(query("1.toString()")).isEqualTo("(call (. 1 toString))");
  }

  @Test
  void singleQuoted() {
    assertThat(str("'abc'")).isEqualTo("abc");
    assertThat(str("'a\"#{b}`c'")).isEqualTo("a\"#{b}`c");
    assertThat(str("'it\\'s'")).isEqualTo("it's");
    assertThat(str("''")).isEmpty();
  }

  @Test
  void escapes() {
    assertThat(str("'\\\\ \\0 \\' \\\" \\n \\r \\v \\t \\b \\f \\#'"))
        .isEqualTo("\\ \0 ' \" \n \r \u000b \t \b \f #");
    assertThat(str("'\\x41\\u0042\\u{43}\\u{1F600}'")).isEqualTo("ABC\uD83D\uDE00");
    assertThat(str("\"\\#{x}\"")).isEqualTo("#{x}");
  }

  @Test
  void invalidEscapes() {
    for (String bad : new String[] {"'\\`'", "'\\q'", "'\\u{110000}'", "'\\uD800'", "'\\xZ1'", "'\\u12'"}) {
      assertThatThrownBy(() -> query(bad)).as(bad).isInstanceOf(ParseException.class).hasMessage("Invalid escape");
    }
  }

  @Test
  void controlCharactersMustBeEscaped() {
    assertThatThrownBy(() -> query("'a\u0001b'")).isInstanceOf(ParseException.class);
    assertThatThrownBy(() -> query("\"a\u200eb\"")).isInstanceOf(ParseException.class);
    assertThat(str("'multi\nline'")).isEqualTo("multi\nline");
  }

  @Test
  void interpolation() {
    assertThat(query("\"a #{b} c\"")).isEqualTo("(tpl \"a \" b \" c\")");
    assertThat(query("\"#{1 + 2}\"")).isEqualTo("(tpl (+ 1 2))");
    assertThat(query("\"a # b #c\"")).isEqualTo("\"a # b #c\"");
    assertThat(query("\"x #{ \"in #{y}\" } z\"")).isEqualTo("(tpl \"x \" (tpl \"in \" y) \" z\")");
    assertThat(query("\"#{\n a\n}\"")).isEqualTo("(tpl a)");
    assertThat(query("'a #{b}'")).isEqualTo("\"a #{b}\"");
  }

  @Test
  void heredocs() {
    assertThat(query("<<-END\n  hello\n    world\n  END")).isEqualTo("\"hello\\n  world\\n\"");
    assertThat(query("<<-END\nraw #{x}\nEND")).isEqualTo("\"raw #{x}\\n\"");
    assertThat(query("<<+END\n  a #{x}\n  b\nEND")).isEqualTo("(tpl \"a \" x \"\\nb\\n\")");
    assertThat(query("<<-END\n  a\n\n  b\n  END")).isEqualTo("\"a\\n\\nb\\n\"");
    assertThat(query("let s = <<-X\n  text\nX\ns")).isEqualTo("(block (let s \"text\\n\") s)");
  }

  private static String str(String src) {
    return ((Expr.StrLit) ((io.faunus.fql.ast.Stmt.ExprStmt) Parser.parseQuery(Source.query(src)).stmts().get(0))
        .expr()).value();
  }
}
