package io.faunus.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faunus.model.query.QueryRequest;
import io.faunus.model.query.QueryRequest.Format;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QueryHeadersTest {

  private static HttpHeaders headers(String name, String value) {
    return new DefaultHttpHeaders().add(name, value);
  }

  @Test
  void defaults() throws Exception {
    QueryHeaders h = QueryHeaders.parse(new DefaultHttpHeaders());
    assertThat(h).isEqualTo(new QueryHeaders(null, Long.MIN_VALUE, QueryRequest.DEFAULT_TIMEOUT_MS,
        QueryRequest.DEFAULT_MAX_CONTENTION_RETRIES, null, Format.SIMPLE, null, false, false));
  }

  @Test
  void values() throws Exception {
    HttpHeaders in = new DefaultHttpHeaders()
        .add("Authorization", "Bearer s3cret")
        .add("X-Last-Txn-Ts", "-12")
        .add("x-query-timeout-ms", "+5000")
        .add("x-max-contention-retries", "7")
        .add("x-query-tags", "a=1,b_2=X")
        .add("x-format", "tagged")
        .add("x-typecheck", "FALSE")
        .add("x-linearized", "True")
        .add("x-performance-hints", "true");
    assertThat(QueryHeaders.parse(in)).isEqualTo(
        new QueryHeaders("s3cret", -12, 5000, 7, "a=1,b_2=X", Format.TAGGED, false, true, true));
    assertThat(QueryHeaders.parse(headers("x-query-tags", "")).queryTags()).isNull();
    assertThat(QueryHeaders.parse(headers("x-format", "decorated")).format()).isEqualTo(Format.DECORATED);
  }

  @Test
  void basicAuthUsesTheUserAsSecret() {
    String basic = Base64.getEncoder().encodeToString("abc:".getBytes(StandardCharsets.UTF_8));
    assertThat(QueryHeaders.secret("Basic " + basic)).isEqualTo("abc");
    assertThat(QueryHeaders.secret("Token x")).isNull();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      x-format                 | Simple    | Invalid format Simple
      x-format                 | json      | Invalid format json
      x-typecheck              | yes       | Must be a boolean value.
      x-linearized             | 1         | Must be a boolean value.
      x-performance-hints      | on        | Must be a boolean value.
      x-query-timeout-ms       | abc       | Invalid number 'abc'.
      x-query-timeout-ms       | 0         | Must be greater than 0.
      x-query-timeout-ms       | -1        | Must be greater than 0.
      x-query-timeout-ms       | 600001    | Must be less than or equal to 600000.
      x-last-txn-ts            | 1.5       | Invalid timestamp '1.5'.
      x-max-contention-retries | x         | Invalid number 'x'.
      x-max-contention-retries | 8         | Must be between 0 and 7.
      x-max-contention-retries | -1        | Must be between 0 and 7.
      x-query-tags             | a=1,a=2   | duplicate key
      x-query-tags             | a=1,b     | invalid tags
      x-query-tags             | a-b=1     | invalid tags
      x-query-tags             | a=        | invalid tags
      """)
  void invalid(String name, String value, String text) {
    assertThatThrownBy(() -> QueryHeaders.parse(headers(name, value)))
        .isInstanceOf(BadRequest.class)
        .hasMessage("Invalid header '" + name + "': " + text);
  }

  @Test
  void tagLimits() {
    assertThatThrownBy(() -> QueryHeaders.queryTags("k=" + "v".repeat(3000))).hasMessageEndingWith(": header is too long");
    StringBuilder many = new StringBuilder("k0=v");
    for (int i = 1; i < 26; i++) many.append(",k").append(i).append("=v");
    assertThatThrownBy(() -> QueryHeaders.queryTags(many.toString())).hasMessageEndingWith(": too many tags");
    assertThatThrownBy(() -> QueryHeaders.queryTags("k".repeat(41) + "=v")).hasMessageEndingWith(": invalid key");
    assertThatThrownBy(() -> QueryHeaders.queryTags("k=" + "v".repeat(81))).hasMessageEndingWith(": invalid value");
  }

  @Test
  void checkOrderFollowsFauna() {
    HttpHeaders both = new DefaultHttpHeaders().add("x-format", "bad").add("x-query-timeout-ms", "0");
    assertThatThrownBy(() -> QueryHeaders.parse(both)).hasMessageStartingWith("Invalid header 'x-query-timeout-ms'");
  }
}
