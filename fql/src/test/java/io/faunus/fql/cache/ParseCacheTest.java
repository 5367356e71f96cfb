package io.faunus.fql.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faunus.fql.DiagnosticRenderer;
import io.faunus.fql.ParseException;
import io.faunus.fql.Parser;
import io.faunus.fql.Source;
import org.junit.jupiter.api.Test;

class ParseCacheTest {

  @Test
  void sameTextParsesOnceAndGivesTheParserTree() {
    ParseCache cache = new ParseCache(16, 1_000, 100);
    var a = cache.query("let x = 1\nx + 2");
    var b = cache.query("let x = 1\nx + 2");
    assertThat(b).isSameAs(a);
    assertThat(a.tree()).isEqualTo(Parser.parseQuery(Source.query("let x = 1\nx + 2")));
    assertThat(a.source().name()).isEqualTo("*query*");
    assertThat(cache.stats().hits()).isEqualTo(1);
    assertThat(cache.stats().misses()).isEqualTo(1);
  }

  @Test
  void queriesAndExpressionsWithTheSameTextAreApart() {
    ParseCache cache = new ParseCache(16, 1_000, 100);
    var q = cache.query("x => x");
    var udf = cache.expr("*udf:F*", "x => x");
    var other = cache.expr("*udf:G*", "x => x");
    assertThat(udf).isNotSameAs(q).isNotSameAs(other);
    assertThat(udf.source().name()).isEqualTo("*udf:F*");
    assertThat(cache.stats().entries()).isEqualTo(3);
  }

  @Test
  void parseErrorsAreReportedEveryTimeWithTheirSpans() {
    ParseCache cache = new ParseCache(16, 1_000, 100);
    String bad = "let x = \n1 +";
    String expected = render(() -> Parser.parseQuery(Source.query(bad)));
    for (int i = 0; i < 2; i++) {
      assertThat(render(() -> cache.query(bad).tree())).isEqualTo(expected).contains("*query*:2");
    }
    assertThat(cache.stats().entries()).isZero();
  }

  @Test
  void evictsTheLeastRecentlyUsedByCount() {
    ParseCache cache = new ParseCache(2, 1_000, 100);
    var one = cache.query("1");
    cache.query("2");
    cache.query("1"); // now "2" is the oldest
    cache.query("3");
    assertThat(cache.stats().entries()).isEqualTo(2);
    assertThat(cache.query("1")).isSameAs(one);
    long misses = cache.stats().misses();
    cache.query("2");
    assertThat(cache.stats().misses()).isEqualTo(misses + 1);
  }

  @Test
  void evictsByTextLengthAndSkipsLongTexts() {
    ParseCache cache = new ParseCache(100, 10, 8);
    cache.query("1 + 2"); // 5 chars
    cache.query("3 + 4"); // 10
    cache.query("5 + 6"); // 15 > 10: the first goes
    assertThat(cache.stats().entries()).isEqualTo(2);
    assertThat(cache.stats().textChars()).isEqualTo(10);
    var longOne = cache.query("1 + 2 + 3"); // 9 chars > 8 per entry
    assertThat(cache.query("1 + 2 + 3")).isNotSameAs(longOne);
    assertThat(cache.stats().entries()).isEqualTo(2);
  }

  @Test
  void refusesNonPositiveLimits() {
    assertThatThrownBy(() -> new ParseCache(0, 1, 1)).isInstanceOf(IllegalArgumentException.class);
  }

  private static String render(Runnable parse) {
    try {
      parse.run();
    } catch (ParseException e) {
      return DiagnosticRenderer.render(e.diagnostics());
    }
    throw new AssertionError("expected a parse error");
  }
}
