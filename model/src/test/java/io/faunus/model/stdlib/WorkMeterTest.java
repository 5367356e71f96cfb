package io.faunus.model.stdlib;

import io.faunus.model.query.ErrorCode;
import static org.assertj.core.api.Assertions.assertThat;

import io.faunus.model.eval.QueryError;
import io.faunus.model.value.Value;
import io.faunus.model.value.Value.ArrayV;
import io.faunus.model.value.Value.BoolV;
import io.faunus.model.value.Value.IntV;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Natives charge the work they do to the query's meter, which checks the deadline as it accumulates: each
 * of these queries did minutes (or years) of work with no check at all. The fake context's deadline passes
 * after a number of checks, so a query that stops with time_out is one whose work was being checked.
 * Billed compute ops stay Fauna's (stats-metering §2.1): work is not billed.
 */
@Timeout(60) // generous: the point is that these end at the deadline rather than never
class WorkMeterTest {
  /** Checks the fake deadline allows: a few hundred thousand work units. */
  private static final long CHECKS_ALLOWED = 1_000;

  private final Fql q = new Fql();

  private QueryError timesOut(String query) {
    return timesOut(query, CHECKS_ALLOWED);
  }

  private QueryError timesOut(String query, long checksAllowed) {
    q.ctx.deadlineChecks = 0;
    q.ctx.deadlineChecksAllowed = checksAllowed;
    QueryError e = Fql.error(() -> q.eval(query));
    assertThat(e.code()).as("%s: %s", query, e.getMessage()).isEqualTo(ErrorCode.TIME_OUT);
    return e;
  }

  @ParameterizedTest
  @ValueSource(strings = {
      // a native callback takes no evaluation step of its own
      "Set.sequence(0, 1000000000000).forEach(Math.abs)",
      "Set.sequence(0, 1000000000000).map(Math.abs).reduce(Math.max)",
      "Math.sum(Set.sequence(0, 1000000000000))",
      // skipping to an offset through a set that cannot seek
      "Set.sequence(0, 1000000000000).concat(Set.single(1)).drop(1000000000000).first()",
      // a set concatenated with itself, and nested flatMaps: 2^60 elements (hasNext used to be 2^depth)
      "Set.sequence(0, 60).fold(Set.single(1), (s, i) => s.concat(s)).count()",
      "Set.sequence(0, 60).fold(Set.single(1), (s, i) => s.concat(s)).reverse().count()",
      // values sharing their parts: equality and order walk the 2^40-leaf trees they stand for
      "let a = Set.sequence(0, 40).fold([1], (o, i) => [o, o])\n"
          + "let b = Set.sequence(0, 40).fold([1], (o, i) => [o, o])\n"
          + "a == b",
      "let a = Set.sequence(0, 40).fold({ k: 1 }, (o, i) => { x: o, y: o })\n"
          + "let b = Set.sequence(0, 40).fold({ k: 1 }, (o, i) => { x: o, y: o })\n"
          + "[a, b, a].order().length",
      "let a = Set.sequence(0, 40).fold([1], (o, i) => [o, o])\n"
          + "[a, Set.sequence(0, 40).fold([1], (o, i) => [o, o])].distinct()",
      // appending in a fold copies the whole array each time: quadratic, charged as such
      "Set.sequence(0, 1000000).fold([], (a, i) => a.append(i)).length",
  })
  void unboundedNativeWorkEndsAtTheDeadline(String query) {
    timesOut(query);
  }

  /** Each search window is about a millisecond of comparisons, and a check. */
  private static final long WINDOWS_ALLOWED = 100;

  @Test
  void aNaiveSubstringSearchIsCheckedWindowByWindow() {
    // "aaa…a" (4 Mi) searched for "aa…ab" (2 Mi + 1): 4·10^12 comparisons in one String.indexOf call.
    String setup = "let s = Set.sequence(0, 22).fold(\"a\", (s, i) => s + s)\n"
        + "let p = Set.sequence(0, 21).fold(\"a\", (s, i) => s + s) + \"b\"\n";
    timesOut(setup + "s.includes(p)", WINDOWS_ALLOWED);
    timesOut(setup + "s.indexOf(p)", WINDOWS_ALLOWED);
    timesOut(setup + "s.lastIndexOf(p)", WINDOWS_ALLOWED);
    timesOut(setup + "s.split(p)", WINDOWS_ALLOWED);
    timesOut(setup + "s.replaceAll(p, \"\")", WINDOWS_ALLOWED);
  }

  @Test
  void aBacktrackingRegexIsCheckedAsTheMatcherReads() {
    String subject = "\"" + "x".repeat(40) + "\"";
    timesOut(subject + ".includesRegex(\"(x+)+\\\\1y\")");
    timesOut(subject + ".matches(\"(x+)+\\\\1y\")");
    timesOut(subject + ".replaceRegex(\"(x+)+\\\\1y\", \"\")");
    timesOut(subject + ".splitRegex(\"(x+)+\\\\1y\")");
  }

  @Test
  void searchesFindWhatTheJdkFinds() {
    // The windowed searches must not miss matches that straddle window boundaries.
    String hay = "ab".repeat(StringScans.WINDOW_COMPARES) + "needle" + "ab".repeat(1000) + "needle" + "ab";
    assertThat(StringScans.indexOf(q.in, hay, "needle", 0)).isEqualTo(hay.indexOf("needle"));
    assertThat(StringScans.indexOf(q.in, hay, "needle", hay.indexOf("needle") + 1))
        .isEqualTo(hay.indexOf("needle", hay.indexOf("needle") + 1));
    assertThat(StringScans.lastIndexOf(q.in, hay, "needle", hay.length())).isEqualTo(hay.lastIndexOf("needle"));
    assertThat(StringScans.lastIndexOf(q.in, hay, "needle", hay.lastIndexOf("needle") - 1))
        .isEqualTo(hay.indexOf("needle"));
    assertThat(StringScans.indexOf(q.in, hay, "", 5)).isEqualTo(5);
    assertThat(StringScans.lastIndexOf(q.in, hay, "", 5)).isEqualTo(5);
    assertThat(StringScans.indexOf(q.in, hay, "missing", 0)).isEqualTo(-1);
    String big = "x".repeat(3 * StringScans.WINDOW_COMPARES) + "y";
    assertThat(StringScans.indexOf(q.in, big, "x".repeat(50) + "y", 0)).isEqualTo(big.length() - 51);
    assertThat(StringScans.lastIndexOf(q.in, big, "xy", big.length())).isEqualTo(big.length() - 2);
  }

  @Test
  void workIsChargedInProportionToTheInput() {
    String query = "let s = Set.sequence(0, %d).fold(\"a\", (s, i) => s + s)\ns.includes(\"b\")";
    Fql small = new Fql(), large = new Fql();
    small.eval(query.formatted(14));
    large.eval(query.formatted(20));
    // 64 times the characters copied and scanned, the same number of calls and steps.
    assertThat(large.in.workUnits()).isGreaterThan(16 * small.in.workUnits());
    assertThat(large.in.workUnits()).isGreaterThan((2L << 20) / 64); // doubling copies 2 Mi chars at least
  }

  @Test
  void workIsNotBilled() {
    // Fauna bills 1 per native call and per callback (stats-metering §2.1): 1 + 1 + 100 calls → 3 ops.
    q.eval("Set.sequence(0, 100).forEach(Math.abs)");
    assertThat(q.in.computeOps()).isEqualTo(3);
    Fql other = new Fql();
    other.eval("let s = Set.sequence(0, 20).fold(\"a\", (s, i) => s + s)\ns.includes(\"b\")");
    // Set.sequence, fold, 20 callbacks and includes: one op, however many characters were copied and scanned.
    assertThat(other.in.computeOps()).isEqualTo(1);
    assertThat(other.in.workUnits()).isGreaterThan(1000);
  }

  @Test
  void sharedValuesStillAnswerWhereTheAnswerIsCheap() {
    q.ctx.deadlineChecksAllowed = CHECKS_ALLOWED;
    Value dag = q.eval("Set.sequence(0, 60).fold([1], (o, i) => [o, o])");
    assertThat(((ArrayV) dag).elems()).hasSize(2);
    assertThat(q.eval("Set.sequence(0, 60).fold([1], (o, i) => [o, o]).includes(2)")).isEqualTo(BoolV.FALSE);
    assertThat(q.eval("Set.sequence(0, 60).fold(Set.single(1), (s, i) => s.concat(s)).reverse().first()"))
        .isEqualTo(new IntV(1));
    assertThat(q.eval("Set.sequence(0, 60).fold(Set.single(1), (s, i) => s.concat(s)).drop(5).take(3).toArray()"))
        .isEqualTo(ArrayV.of(new IntV(1), new IntV(1), new IntV(1)));
    assertThat(q.eval("let s = Set.sequence(0, 40).fold(Set.single(1), (s, i) => Set.single(0).flatMap(x => s))\n"
        + "s.first()")).isEqualTo(new IntV(1));
    // Projecting an array of arrays shares the projection of an array met twice.
    assertThat(q.eval("(Set.sequence(0, 60).fold([{ a: 1, b: 2 }], (o, i) => [o, o]) { a }).length"))
        .isEqualTo(new IntV(2));
  }

  @Test
  void concatenationsReadInOrderWhateverTheirShape() {
    assertThat(q.eval("Set.sequence(0, 5000).fold(Set.single(-1), (s, i) => s.concat(Set.single(i))).toArray()"
        + ".slice(4995)")).isEqualTo(ArrayV.of(new IntV(4994), new IntV(4995), new IntV(4996), new IntV(4997),
        new IntV(4998), new IntV(4999)));
    assertThat(q.eval("Set.sequence(0, 5000).fold(Set.single(-1), (s, i) => Set.single(i).concat(s)).toArray()"
        + ".take(3)")).isEqualTo(ArrayV.of(new IntV(4999), new IntV(4998), new IntV(4997)));
    assertThat(q.eval("Set.single(1).concat(Set.sequence(2, 4).concat(Set.single(4))).concat(Set.sequence(5, 7))"
        + ".reverse().toArray()")).isEqualTo(ArrayV.of(new IntV(6), new IntV(5), new IntV(4), new IntV(3),
        new IntV(2), new IntV(1)));
  }
}
