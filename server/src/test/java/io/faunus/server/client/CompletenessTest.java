package io.faunus.server.client;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CompletenessTest {

  @Test
  void balancedInputIsComplete() {
    assertThat(Completeness.complete("1 + 1")).isTrue();
    assertThat(Completeness.complete("[1, 2].map(x => { x * 2 })")).isTrue();
    assertThat(Completeness.complete("let x = {\n  a: [1, (2)]\n}\nx")).isTrue();
  }

  @Test
  void anOpenBracketContinues() {
    assertThat(Completeness.complete("[1, 2")).isFalse();
    assertThat(Completeness.complete("Foo.create({")).isFalse();
    assertThat(Completeness.complete("Foo.create({\n  a: (1 +")).isFalse();
  }

  @Test
  void bracketsInsideStringsAndCommentsDoNotCount() {
    assertThat(Completeness.complete("\"a [ b\"")).isTrue();
    assertThat(Completeness.complete("'{'")).isTrue();
    assertThat(Completeness.complete("1 // (\n")).isTrue();
    assertThat(Completeness.complete("/* [ */ 1")).isTrue();
    assertThat(Completeness.complete("\"say \\\" [\"")).isTrue(); // an escaped quote does not end it
  }

  @Test
  void openStringsAndCommentsContinue() {
    assertThat(Completeness.complete("\"abc")).isFalse();
    assertThat(Completeness.complete("'abc")).isFalse();
    assertThat(Completeness.complete("1 /* note")).isFalse();
    assertThat(Completeness.complete("/* a /* nested */ still open")).isFalse();
  }

  @Test
  void interpolationsNestInsideStrings() {
    assertThat(Completeness.complete("\"#{ [1, 2].map(x => \"#{x}\") }\"")).isTrue();
    assertThat(Completeness.complete("\"#{ [1, ")).isFalse();
    assertThat(Completeness.complete("'#{ [1, '")).isTrue(); // single quotes do not interpolate
  }

  @Test
  void aStrayClosingBracketEndsTheInputSoTheNodeReportsIt() {
    assertThat(Completeness.complete("1)")).isTrue();
    assertThat(Completeness.complete("[1, (2]")).isTrue();
  }
}
