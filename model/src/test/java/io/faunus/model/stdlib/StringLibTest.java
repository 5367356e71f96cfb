package io.faunus.model.stdlib;

import static io.faunus.model.stdlib.StdlibTestSupport.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.faunus.model.eval.Limits;
import io.faunus.model.value.Value.*;
import org.junit.jupiter.api.Test;

class StringLibTest {
  private static final String EMOJI = "😍";

  @Test
  void lengthCountsCodePoints() {
    assertThat(prop(s(""), "length")).isEqualTo(i(0));
    assertThat(prop(s("foobar"), "length")).isEqualTo(i(6));
    assertThat(prop(s("fo" + EMOJI + "o"), "length")).isEqualTo(i(4));
    assertThat(prop(s("fo" + EMOJI + EMOJI), "length")).isEqualTo(i(4));
  }

  @Test
  void atSelectsCodePoints() {
    assertThat(call(s("abcd"), "at", i(2))).isEqualTo(s("c"));
    assertThat(call(s("fo" + EMOJI + "o"), "at", i(2))).isEqualTo(s(EMOJI));
    assertThat(call(s("fo" + EMOJI + "o"), "at", i(3))).isEqualTo(s("o"));
    error(() -> call(s("abcd"), "at", i(4)), "index_out_of_bounds", "index 4 out of bounds for length 4");
    error(() -> call(s("fo" + EMOJI + EMOJI), "at", i(5)), "index_out_of_bounds",
        "index 5 out of bounds for length 4");
    error(() -> call(s("fo" + EMOJI + "o"), "at", i(-1)), "index_out_of_bounds",
        "index -1 out of bounds for length 4");
    error(() -> call(s("abc"), "at", s("1")), "invalid_argument",
        "expected value for `index` of type Int, received String");
  }

  @Test
  void concat() {
    assertThat(call(s("foo"), "concat", s("bar"))).isEqualTo(s("foobar"));
    assertThat(call(s(""), "concat", s("bar"))).isEqualTo(s("bar"));
    error(() -> call(s("foo"), "concat", i(1)), "invalid_argument",
        "expected value for `other` of type String, received Int");
  }

  @Test
  void concatAndInsertAreCappedAtTheStringLimit() {
    String half = "a".repeat(Limits.STRING_LENGTH_MAX / 2);
    assertThat(((StrV) call(s(half), "concat", s(half))).value()).hasSize(Limits.STRING_LENGTH_MAX);
    error(() -> call(s(half), "concat", s(half + "a")), "value_too_large",
        "Value too large: string size 16777217 exceeds limit 16777216.");
    error(() -> call(s(half + half), "insert", i(0), s("a")), "value_too_large",
        "Value too large: string size 16777217 exceeds limit 16777216.");
  }

  @Test
  void searching() {
    assertThat(call(s("foobar"), "includes", s("oba"))).isEqualTo(BoolV.TRUE);
    assertThat(call(s("foo"), "includes", s("fooo"))).isEqualTo(BoolV.FALSE);
    assertThat(call(s("foobar"), "startsWith", s("foo"))).isEqualTo(BoolV.TRUE);
    assertThat(call(s("foo"), "startsWith", s("foobar"))).isEqualTo(BoolV.FALSE);
    assertThat(call(s("foobar"), "endsWith", s("bar"))).isEqualTo(BoolV.TRUE);
    assertThat(call(s("foobar"), "endsWith", s("foo"))).isEqualTo(BoolV.FALSE);
    assertThat(call(s("foo"), "includesRegex", s("[a-z]"))).isEqualTo(BoolV.TRUE);
    assertThat(call(s(""), "includesRegex", s("."))).isEqualTo(BoolV.FALSE);
  }

  @Test
  void indexOfCountsCodePointsAndReturnsNullWhenAbsent() {
    assertThat(call(s("foo"), "indexOf", s("o"))).isEqualTo(i(1));
    assertThat(call(s("foo"), "indexOf", s("bar"))).isInstanceOf(NullV.class);
    assertThat(call(s("foo"), "indexOf", s("o"), i(2))).isEqualTo(i(2));
    assertThat(call(s("f" + EMOJI + "o"), "indexOf", s("o"))).isEqualTo(i(2));
    assertThat(call(s("f" + EMOJI + EMOJI), "indexOf", s(EMOJI), i(2))).isEqualTo(i(2));
    error(() -> call(s("foo"), "indexOf", s("o"), i(5)), "index_out_of_bounds", "index 5 out of bounds for length 3");
    error(() -> call(s("f" + EMOJI + EMOJI), "indexOf", s(EMOJI), i(5)), "index_out_of_bounds",
        "index 5 out of bounds for length 3");
  }

  @Test
  void lastIndexOfSearchesBackwardsFromEnd() {
    assertThat(call(s("foo"), "lastIndexOf", s("o"))).isEqualTo(i(2));
    assertThat(call(s("foo"), "lastIndexOf", s("bar"))).isInstanceOf(NullV.class);
    assertThat(call(s("foobar"), "lastIndexOf", s("o"), i(0))).isInstanceOf(NullV.class);
    assertThat(call(s("foobar"), "lastIndexOf", s("o"), i(1))).isEqualTo(i(1));
    assertThat(call(s("foobar"), "lastIndexOf", s("o"), i(5))).isEqualTo(i(2));
    assertThat(call(s("f" + EMOJI + EMOJI), "lastIndexOf", s(EMOJI), i(1))).isEqualTo(i(1));
    assertThat(call(s("f" + EMOJI + EMOJI), "lastIndexOf", s(EMOJI), i(2))).isEqualTo(i(2));
    error(() -> call(s("foo"), "lastIndexOf", s("o"), i(5)), "index_out_of_bounds",
        "index 5 out of bounds for length 3");
  }

  @Test
  void indexOfRegex() {
    assertThat(call(s("foo 123"), "indexOfRegex", s("[0-9]"))).isEqualTo(i(4));
    assertThat(call(s("foo 123"), "indexOfRegex", s("$"))).isEqualTo(i(7));
    assertThat(call(s("foo"), "indexOfRegex", s("\\W"))).isInstanceOf(NullV.class);
    assertThat(call(s("foo"), "indexOfRegex", s("o"), i(2))).isEqualTo(i(2));
    assertThat(call(s("f" + EMOJI + EMOJI), "indexOfRegex", s(EMOJI), i(2))).isEqualTo(i(2));
    error(() -> call(s("foo"), "indexOfRegex", s("o"), i(5)), "index_out_of_bounds",
        "index 5 out of bounds for length 3");
  }

  @Test
  void matchesAndMatchIndexes() {
    assertThat(call(s("foo bar baz"), "matches", s("\\w+"))).isEqualTo(arr(s("foo"), s("bar"), s("baz")));
    assertThat(call(s("f" + EMOJI + EMOJI + " bar baz"), "matchIndexes", s("\\S+"))).isEqualTo(arr(
        arr(i(0), s("f" + EMOJI + EMOJI)), arr(i(4), s("bar")), arr(i(8), s("baz"))));
    assertThat(call(s("abc"), "matches", s("x"))).isEqualTo(arr());
  }

  @Test
  void invalidRegexes() {
    error(() -> call(s("foo bar baz"), "matches", s("+")), "invalid_regex",
        "Invalid regular expression. Dangling meta character '+' at index 0");
    error(() -> call(s("x"), "matchIndexes", s(EMOJI + "(")), "invalid_regex",
        "Invalid regular expression. Unclosed group at index 1");
    error(() -> call(s("x"), "includesRegex", s("[")), "invalid_regex",
        "Invalid regular expression. Unclosed character class at index 0");
  }

  @Test
  void replace() {
    assertThat(call(s("foobar"), "replace", s("foo"), s("bar"))).isEqualTo(s("barbar"));
    assertThat(call(s("foobar"), "replace", s("o"), s("oo"))).isEqualTo(s("fooobar"));
    assertThat(call(s("foobar"), "replace", s("o"), s("oo"), i(2))).isEqualTo(s("foooobar"));
    assertThat(call(s("foobar"), "replace", s("o"), s("oo"), i(3))).isEqualTo(s("foooobar"));
    assertThat(call(s("foobar"), "replaceAll", s("o"), s("oo"))).isEqualTo(s("foooobar"));
    assertThat(call(s("a$b"), "replaceAll", s("$"), s("\\$1"))).isEqualTo(s("a\\$1b"));
    error(() -> call(s("foo bar"), "replace", s("o"), s("z"), i(0)), "invalid_argument",
        "invalid argument `count`: must be greater than or equal to 1");
  }

  @Test
  void replaceWithEmptyPatternAlwaysAdvances() {
    assertThat(call(s("ab"), "replaceAll", s(""), s("-"))).isEqualTo(s("-a-b-"));
    assertThat(call(s("a" + EMOJI), "replaceAll", s(""), s("-"))).isEqualTo(s("-a-" + EMOJI + "-"));
    assertThat(call(s("ab"), "replace", s(""), s("-"))).isEqualTo(s("-ab"));
  }

  @Test
  void replaceRegexIsLiteralReplacement() {
    assertThat(call(s("foo bar"), "replaceRegex", s("\\w+"), s("bar"))).isEqualTo(s("bar bar"));
    assertThat(call(s("foo1234bar"), "replaceRegex", s("[0-9]"), s("z"))).isEqualTo(s("fooz234bar"));
    assertThat(call(s("foo bar"), "replaceRegex", s("\\w"), s("z"), i(4))).isEqualTo(s("zzz zar"));
    assertThat(call(s("foobar"), "replaceAllRegex", s("\\w"), s("z"))).isEqualTo(s("zzzzzz"));
    assertThat(call(s("1 2 3"), "replaceAllRegex", s("\\W"), s("::"))).isEqualTo(s("1::2::3"));
    assertThat(call(s("ab"), "replaceAllRegex", s("(a)"), s("$1"))).isEqualTo(s("$1b"));
    error(() -> call(s("foo bar"), "replaceRegex", s("\\w"), s("z"), i(0)), "invalid_argument",
        "invalid argument `count`: must be greater than or equal to 1");
  }

  @Test
  void replaceIsCappedAtTheStringLimit() {
    String quarter = "a".repeat(Limits.STRING_LENGTH_MAX / 4);
    String base = quarter + "b" + quarter + "bc";
    assertThat(((StrV) call(s(base), "replace", s("b"), s(quarter), i(1))).value())
        .hasSize(3 * quarter.length() + 2);
    error(() -> call(s(base), "replace", s("b"), s(quarter), i(2)), "value_too_large",
        "Value too large: string size 16777217 exceeds limit 16777216.");
  }

  @Test
  void sliceClampsOutOfRangeIndexes() {
    assertThat(call(s("foo"), "slice", i(0), i(2))).isEqualTo(s("fo"));
    assertThat(call(s("foo"), "slice", i(1), i(0))).isEqualTo(s(""));
    assertThat(call(s("foo"), "slice", i(-1), i(10))).isEqualTo(s("foo"));
    assertThat(call(s("foo"), "slice", i(4))).isEqualTo(s(""));
    assertThat(call(s("f" + EMOJI + "o"), "slice", i(1))).isEqualTo(s(EMOJI + "o"));
    assertThat(call(s("fo" + EMOJI + EMOJI), "slice", i(0), i(3))).isEqualTo(s("fo" + EMOJI));
    assertThat(call(s("fo" + EMOJI + EMOJI), "slice", i(0), i(5))).isEqualTo(s("fo" + EMOJI + EMOJI));
  }

  @Test
  void splitKeepsEmptyPieces() {
    assertThat(call(s("foo bar baz"), "split", s(" "))).isEqualTo(arr(s("foo"), s("bar"), s("baz")));
    assertThat(call(s("foo::bar"), "split", s(":"))).isEqualTo(arr(s("foo"), s(""), s("bar")));
    assertThat(call(s(":1:2:"), "split", s(":"))).isEqualTo(arr(s(""), s("1"), s("2"), s("")));
    assertThat(call(s("foo"), "split", s(""))).isEqualTo(arr(s("f"), s("o"), s("o")));
    assertThat(call(s("1" + EMOJI), "split", s(""))).isEqualTo(arr(s("1"), s(EMOJI)));
    assertThat(call(s(""), "split", s(","))).isEqualTo(arr(s("")));
  }

  @Test
  void splitRegex() {
    assertThat(call(s("foo bar  \t  baz"), "splitRegex", s("\\W+"))).isEqualTo(arr(s("foo"), s("bar"), s("baz")));
    assertThat(call(s(":1:2:"), "splitRegex", s(":"))).isEqualTo(arr(s(""), s("1"), s("2"), s("")));
    assertThat(call(s("12"), "splitRegex", s("(1|)"))).isEqualTo(arr(s(""), s("2"), s("")));
    assertThat(call(s("12"), "splitRegex", s(""))).isEqualTo(arr(s("1"), s("2")));
    error(() -> call(s("12"), "splitRegex", s("*")), "invalid_regex",
        "Invalid regular expression. Dangling meta character '*' at index 0");
  }

  @Test
  void splitAtAndInsertAllowTheEndIndex() {
    assertThat(call(s("foobar"), "splitAt", i(3))).isEqualTo(arr(s("foo"), s("bar")));
    assertThat(call(s("foobar"), "splitAt", i(6))).isEqualTo(arr(s("foobar"), s("")));
    assertThat(call(s("f" + EMOJI + "o"), "insert", i(2), s("bar"))).isEqualTo(s("f" + EMOJI + "baro"));
    assertThat(call(s("foo"), "insert", i(3), s("bar"))).isEqualTo(s("foobar"));
    error(() -> call(s("f" + EMOJI + "o"), "insert", i(4), s("bar")), "index_out_of_bounds",
        "index 4 out of bounds for length 3");
    error(() -> call(s("foo"), "insert", i(-1), s("bar")), "index_out_of_bounds",
        "index -1 out of bounds for length 3");
    error(() -> call(s("foo"), "splitAt", i(7)), "index_out_of_bounds", "index 7 out of bounds for length 3");
  }

  @Test
  void caseConversion() {
    assertThat(call(s("FQL-X"), "toLowerCase")).isEqualTo(s("fql-x"));
    assertThat(call(s("foobar"), "toUpperCase")).isEqualTo(s("FOOBAR"));
    assertThat(call(s("title"), "toUpperCase")).isEqualTo(s("TITLE")); // locale-independent
    assertThat(call(s("FQL-X"), "toString")).isEqualTo(s("FQL-X"));
  }

  @Test
  void casefoldMatchesFaunaExamples() {
    assertThat(call(s("FQL-X"), "casefold")).isEqualTo(s("fql-x"));
    assertThat(call(s("\u0130stanbul"), "casefold")).isEqualTo(s("i\u0307stanbul"));
    assertThat(call(s("Diyarbakır"), "casefold")).isEqualTo(s("diyarbakır"));
    assertThat(call(s("φιλόσοφος"), "casefold")).isEqualTo(s("φιλόσοφοσ"));
    assertThat(call(s("Weißkopfseeadler"), "casefold")).isEqualTo(s("weisskopfseeadler"));
    assertThat(call(s("ﬁ\u00AD"), "casefold")).isEqualTo(s("fi"));
    assertThat(call(s("e\u0301"), "casefold", s("NFC"))).isEqualTo(s("é"));
    assertThat(call(s("é"), "casefold", s("NFD"))).isEqualTo(s("e\u0301"));
    assertThat(call(s("ﬁ"), "casefold", s("NFKC"))).isEqualTo(s("fi"));
    assertThat(call(s("foo"), "casefold", s("NFKD"))).isEqualTo(s("foo"));
    assertThat(call(s("FOO"), "casefold", s("NFKCCaseFold"))).isEqualTo(s("foo"));
    error(() -> call(s("foo"), "casefold", s("wrong")), "invalid_argument",
        "invalid argument `format`: expected a casefold format (one of NFKCCaseFold, NFC, NFD, NFKC, or NFKD)");
  }

  @Test
  void parsing() {
    assertThat(call(s("3"), "parseInt")).isEqualTo(i(3));
    assertThat(call(s("-3"), "parseInt")).isEqualTo(i(-3));
    assertThat(call(s("4294967297"), "parseInt")).isInstanceOf(NullV.class);
    assertThat(call(s("50.0"), "parseInt")).isInstanceOf(NullV.class);
    assertThat(call(s("1a3"), "parseInt", i(16))).isEqualTo(i(0x1a3));
    assertThat(call(s("1az3"), "parseInt", i(16))).isInstanceOf(NullV.class);
    assertThat(call(s("3"), "parseLong")).isEqualTo(l(3));
    assertThat(call(s("4294967297"), "parseLong")).isEqualTo(l(4294967297L));
    assertThat(call(s("1a3"), "parseLong", i(16))).isEqualTo(l(0x1a3));
    assertThat(call(s("5a"), "parseLong")).isInstanceOf(NullV.class);
    assertThat(call(s("3"), "parseDouble")).isEqualTo(d(3.0));
    assertThat(call(s("5a"), "parseDouble")).isInstanceOf(NullV.class);
    assertThat(call(s("3"), "parseNumber")).isEqualTo(i(3));
    assertThat(call(s("4294967297"), "parseNumber")).isEqualTo(l(4294967297L));
    assertThat(call(s("50.123"), "parseNumber")).isEqualTo(d(50.123));
    assertThat(call(s(""), "parseNumber")).isInstanceOf(NullV.class);
    error(() -> call(s("1"), "parseInt", i(37)), "invalid_argument",
        "invalid argument `format`: invalid radix, expected a number from 2-36");
    error(() -> call(s("1"), "parseLong", i(1)), "invalid_argument",
        "invalid argument `format`: invalid radix, expected a number from 2-36");
  }

  @Test
  void arityIsChecked() {
    error(() -> call(s("abc"), "slice"), "invalid_function_invocation",
        "callee function expects 1 or 2 arguments, but 0 were provided.");
  }

  @Test
  void stringModuleIsaStrings() {
    assertThat(isa(s("x"), "String")).isTrue();
    assertThat(isa(i(1), "String")).isFalse();
  }
}
