package io.faunus.fql.fsl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.faunus.fql.Diagnostic;
import io.faunus.fql.DiagnosticRenderer;
import io.faunus.fql.ParseException;
import io.faunus.fql.Source;
import java.util.List;
import org.junit.jupiter.api.Test;

class FslErrorTest {
  static List<Diagnostic> errors(String text) {
    return catchThrowableOfType(ParseException.class, () -> Fsl.parse(new Source("main.fsl", text))).diagnostics();
  }

  static List<String> messages(String text) {
    return errors(text).stream().map(Diagnostic::message).toList();
  }

  @Test
  void rendersLikeFauna() {
    assertThat(DiagnosticRenderer.render(errors("function foo {}"))).isEqualTo("""
        error: Expected `(`
        at main.fsl:1:14
          |
        1 | function foo {}
          |              ^
          |""");
    assertThat(DiagnosticRenderer.render(errors("bar?"))).isEqualTo("""
        error: Invalid schema item `bar`
        at main.fsl:1:1
          |
        1 | bar?
          | ^^^
          |""");
  }

  @Test
  void collectionErrorsAreCollected() {
    assertThat(messages("""
        collection A {
          foo
          x = 1
          ts: Time
          a: Int
          a: String
          *: String
          *: Any = 1
          history_days -1
          history_days 2
          history_days 3
          document_ttls maybe
          unique []
          unique [.a]
          unique [.a]
          index i { terms [.a] }
          index i { values [.a] }
          index j { other [.a] }
          check c d => true
          check k ((d) => true)
          check k ((d) => false)
          compute n = 1
          migrations {}
          migrations { rename .a }
        }""")).containsExactly(
        "Invalid field or member `foo`",
        "Expected a type signature",
        "Invalid reserved name `ts`",
        "Duplicate field",
        "Top-level wildcard must have type `Any`",
        "No default allowed for wildcard field",
        "Duplicate wildcard",
        "Expected integer literal",
        "Duplicate history days",
        "Expected boolean literal",
        "Expected non-empty terms for a unique constraint",
        "Duplicate unique constraint.",
        "Duplicate index name",
        "Invalid member `other`",
        "Expected lambda check predicate",
        "Duplicate check constraint name",
        "Expected lambda",
        "Empty migration blocks are not allowed",
        "Only migrations are allowed in migration blocks",
        "Empty migration blocks are not allowed",
        "Duplicate migration block");
  }

  @Test
  void checkNeedsParenthesesWithAHint() {
    Diagnostic d = errors("collection A { check c (d) => true }").get(0);
    assertThat(d.message()).isEqualTo("Expected lambda check predicate");
    assertThat(d.hints()).extracting(Diagnostic.Hint::message)
        .containsExactly("Check constraints require parenthesis around the lambda");
  }

  @Test
  void duplicateHintPointsAtTheFirst() {
    Diagnostic d = errors("collection A {\n  a: Int\n  a: Int\n}").get(0);
    assertThat(DiagnosticRenderer.render(d)).isEqualTo("""
        error: Duplicate field
        at main.fsl:3:3
          |
        3 |   a: Int
          |   ^
          |
        hint: Originally defined here
        at main.fsl:2:3
          |
        2 |   a: Int
          |   ^
          |""");
  }

  @Test
  void functionErrors() {
    assertThat(messages("function a(x: Int, y) { 1 }")).containsExactly("All or no arguments must have a type");
    assertThat(messages("function a(x: Int) { 1 }")).containsExactly("Return type is required when arguments have a type");
    assertThat(messages("function a(x): Int { 1 }"))
        .containsExactly("Return type is not allowed when arguments do not have a type");
    assertThat(messages("function a(...x, y) { 1 }")).containsExactly("Variadic argument must be the last argument.");
    assertThat(messages("function a() { 1 + }")).containsExactly("Expected expression");
  }

  @Test
  void annotationErrors() {
    assertThat(messages("@role(server) collection A {}")).containsExactly("Annotation not supported here");
    assertThat(messages("@alias(X) role r {}")).containsExactly("Annotations are not allowed here");
    assertThat(messages("@alias(X) @alias(Y) function f() { 1 }")).containsExactly("Duplicate annotation `alias`");
  }

  @Test
  void roleAndProviderErrors() {
    assertThat(messages("""
        role admin {
          privileges C { read; fly; read }
          privileges C { write }
          membership U
          membership U
          membership V { other }
          membership W { predicate (1) }
        }""")).containsExactly("The identifier `admin` is reserved.", "Invalid action `fly`", "Duplicate action `read`",
        "Duplicate privileges `C`", "Duplicate membership `U`", "Expecting a predicate", "Expected lambda predicate");
    assertThat(messages("access provider P { role admin }"))
        .containsExactly("Builtin role `admin` is not allowed", "Missing issuer", "Missing jwks uri");
    assertThat(messages("access provider P { issuer \"#{x}\"; jwks_uri 3 }"))
        .containsExactly("Cannot interpolate values in a string literal", "Expected string literal");
  }

  @Test
  void errorsOfSeveralItemsTogether() {
    assertThat(messages("bar\ncollection A { foo }\nbaz")).containsExactly(
        "Invalid schema item `bar`", "Invalid field or member `foo`", "Invalid schema item `baz`");
  }

  @Test
  void unterminatedInputFailsCleanly() {
    assertThat(messages("collection A {")).containsExactly("Expected `}`");
    assertThat(messages("collection A { a: { b: Int ")).containsExactly("Expected `}`");
    assertThat(messages("function f(")).isNotEmpty();
    assertThat(messages("role r { privileges C { read")).isNotEmpty();
  }
}
