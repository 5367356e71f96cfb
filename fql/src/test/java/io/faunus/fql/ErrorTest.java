package io.faunus.fql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.Test;

class ErrorTest {
  static ParseException queryError(String src) {
    return catchThrowableOfType(ParseException.class, () -> Parser.parseQuery(Source.query(src)));
  }

  static String summary(String src) {
    return DiagnosticRenderer.render(queryError(src).diagnostics());
  }

  @Test
  void emptyQuery() {
    assertThat(summary("")).isEqualTo("""
        error: Unexpected end of query. Expected statement or expression
        at *query*:1:1
          |
        1 |
          | ^
          |""");
    assertThat(queryError("  \n // nothing\n").getMessage())
        .isEqualTo("Unexpected end of query. Expected statement or expression");
  }

  @Test
  void missingReturn() {
    assertThat(summary("{ let x = 5 }")).isEqualTo("""
        error: Missing return expression
        at *query*:1:13
          |
        1 | { let x = 5 }
          |             ^
          |
        cause: Statement does not return a value
          |
        1 | { let x = 5 }
          |   ^^^^^^^^^
          |""");
    assertThat(queryError("let x = 1").getMessage()).isEqualTo("Missing return expression");
  }

  @Test
  void dotAfterIntegerLiteralExpectsDigitOrIdentifier() {
    assertThat(summary("3.")).startsWith("error: Expected digit or identifier\nat *query*:1:3");
    assertThat(summary("3.5.")).startsWith("error: Expected identifier\nat *query*:1:5");
    assertThat(summary("x.")).startsWith("error: Expected identifier\nat *query*:1:3");
  }

  @Test
  void trailingJunk() {
    assertThat(summary("1 2")).isEqualTo("""
        error: Expected end-of-input
        at *query*:1:3
          |
        1 | 1 2
          |   ^
          |""");
    ParseException e = catchThrowableOfType(ParseException.class, () -> Parser.parseExpr(new Source("*body*", "() => {};")));
    assertThat(DiagnosticRenderer.render(e.diagnostics())).isEqualTo("""
        error: Expected end-of-input
        at *body*:1:9
          |
        1 | () => {};
          |         ^
          |""");
  }

  @Test
  void unclosedBlock() {
    assertThat(queryError("{ x ").getMessage()).isEqualTo("Expected `}`");
    assertThat(queryError("f(1").getMessage()).isEqualTo("Expected `)`");
    assertThat(queryError("[1 2]").getMessage()).isEqualTo("Expected `]`");
    assertThat(queryError("1 +").getMessage()).startsWith("Unexpected end of query");
  }

  @Test
  void shortLambdaOutsideArgument() {
    assertThat(queryError(".name").getMessage()).isEqualTo("Invalid anonymous field access");
    assertThat(queryError("let f = .a > 1\nf").getMessage()).isEqualTo("Invalid anonymous field access");
    assertThat(queryError("[.a]").getMessage()).isEqualTo("Invalid anonymous field access");
  }

  @Test
  void unsupported() {
    assertThat(queryError("match x { case 1 => 2 }").getMessage()).contains("match").contains("not supported");
    assertThat(queryError("x { * }").getMessage()).contains("not supported");
  }

  @Test
  void keywordsAndNames() {
    assertThat(queryError("let if = 1\nif").getMessage()).isEqualTo("Invalid identifier");
    assertThat(queryError("let _ = 1\n2").getMessage()).isEqualTo("Invalid identifier");
    assertThat(queryError("let FQL = 1\n2").getMessage()).isEqualTo("Invalid identifier");
    assertThat(queryError("1 + case").getMessage()).isEqualTo("Invalid identifier");
    assertThat(queryError("{ \"#{k}\": 1 }").getMessage()).isEqualTo("Object keys do not support interpolation");
  }

  @Test
  void collectsRecoverableErrors() {
    ParseException e = queryError("[{ a: 1, a: 2 }, (x, x) => 1]");
    assertThat(e.diagnostics()).extracting(Diagnostic::message)
        .containsExactly("Duplicate key", "Duplicate lambda argument");
    assertThat(ParseException.validationMessage(e.diagnostics().size())).isEqualTo("The query failed 2 validation checks");
    assertThat(ParseException.validationMessage(1)).isEqualTo("The query failed 1 validation check");
  }

  @Test
  void unterminated() {
    assertThat(queryError("'abc").getMessage()).isEqualTo("Expected `'`");
    assertThat(queryError("\"abc").getMessage()).isEqualTo("Expected `\"`");
    assertThat(queryError("/* open").getMessage()).isEqualTo("Expected `*/`");
    assertThat(queryError("<<-END\nabc\n").getMessage()).isEqualTo("Expected `END`");
  }
}
