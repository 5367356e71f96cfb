package io.faunus.model.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.faunus.model.doc.BoundedBytes;
import io.faunus.model.doc.ValueSerde;
import io.faunus.model.eval.Limits;
import io.faunus.model.eval.QueryError;
import io.faunus.model.stdlib.Fql;
import io.faunus.model.value.Meter;
import io.faunus.model.value.Value;
import io.faunus.model.value.Value.*;
import io.faunus.model.value.Values;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What a query holds for its answer (its result as the text it encodes to, its logs) is counted against
 * {@link Limits#QUERY_HELD_BYTES_MAX}, shared parts once per occurrence, and encoders stop at their limits:
 * a value doubled by sharing fails early with value_too_large instead of being expanded in memory.
 */
@Timeout(60) // generous: before, these built gigabytes or ran for minutes
class HeldBytesTest {
  private final Fql q = new Fql();

  /** {a: 1} doubled n times by sharing: {x: o, y: o}. */
  private static String doubled(int n) {
    return "Set.sequence(0, " + n + ").fold({ a: 1 }, (o, i) => { x: o, y: o })";
  }

  private static void assertTooLarge(QueryError e, String messagePart) {
    assertThat(e.code().wire()).isEqualTo("value_too_large");
    assertThat(e.getMessage()).contains(messagePart);
  }

  @Test
  void aResultDoubledBySharingFailsOnceItsTextPassesTheBudget() {
    // The text of level n is about 35·2^n bytes: 2^20 leaves fit in 64 MiB, 2^21 do not.
    ObjectV fits = (ObjectV) q.result(doubled(20));
    // The materialized copy is shared the way the value was: walked once, not 2^20 times.
    assertThat(fits.get("x")).isSameAs(fits.get("y"));
    assertTooLarge(Fql.error(() -> new Fql().result(doubled(21))), "67108864 bytes");
    assertTooLarge(Fql.error(() -> new Fql().result(doubled(60))), "67108864 bytes");
  }

  @Test
  void theBudgetCountsEveryOccurrenceOfASharedPart() {
    // 5 000 references to one 16 KiB string: 80 MB of text from 16 KiB of memory.
    assertTooLarge(Fql.error(() -> q.result(
        "let s = Set.sequence(0, 14).fold(\"a\", (s, i) => s + s)\nArray.sequence(0, 5000).map(i => s)")),
        "67108864 bytes");
    // The same string 1 000 times is 16 MB: fine.
    ArrayV ok = (ArrayV) new Fql().result(
        "let s = Set.sequence(0, 14).fold(\"a\", (s, i) => s + s)\nArray.sequence(0, 1000).map(i => s)");
    assertThat(ok.elems()).hasSize(1000);
  }

  @Test
  void resultsNestedDeeperThanJsonAllowsFailBeforeTheWalk() {
    assertTooLarge(Fql.error(() -> q.result("Set.sequence(0, 100000).fold([], (a, i) => [a])")),
        "nests deeper than " + Limits.RESULT_NESTING_MAX);
    Value deepButFine = new Fql().result("Set.sequence(0, 900).fold([], (a, i) => [a])");
    assertThat(deepButFine).isInstanceOf(ArrayV.class);
  }

  @Test
  void logLinesJoinTheirArgumentsWithSpaces() {
    q.eval("log(\"\", \"a\", 1, [2])");
    assertThat(q.ctx.logs).hasSize(1);
    assertThat(q.ctx.logs.get(0).message()).isEqualTo(" a 1 [2]");
  }

  @Test
  void logsAreHeldTextToo() {
    String big = "let s = Set.sequence(0, 20).fold(\"a\", (s, i) => s + s)\n"; // 1 Mi characters
    new Fql().eval(big + "Set.sequence(0, 60).forEach(i => log(s))"); // 60 MiB: fits
    assertTooLarge(Fql.error(() -> q.eval(big + "Set.sequence(0, 70).forEach(i => log(s))")), "67108864 bytes");
    assertTooLarge(Fql.error(() -> new Fql().eval(big + "Set.sequence(0, 70).forEach(i => dbg(s))")),
        "67108864 bytes");
  }

  @Test
  void textOfASharedValueStopsAtTheStringLimit() {
    String dag = "Set.sequence(0, 40).fold([1], (o, i) => [o, o])";
    for (String query : List.of("Object.toString(" + dag + ")", dag + ".toString()", "\"#{" + dag + "}\"",
        "\"x\" + " + dag, "log(" + dag + ")", "dbg(" + dag + ")", "Object.toString(" + doubled(40) + ")")) {
      assertTooLarge(Fql.error(() -> new Fql().eval(query)), "exceeds limit " + Limits.STRING_LENGTH_MAX);
    }
  }

  @Test
  void anAbortValueMustFitTheBudgetWhenAborting() {
    QueryError e = Fql.error(() -> q.eval("abort(" + doubled(40) + ")"));
    assertTooLarge(e, "abort value");
    assertThat(Fql.error(() -> new Fql().eval("abort(" + doubled(3) + ")")).code().wire()).isEqualTo("abort");
  }

  @Test
  void encodingsStopAtTheirLimit() {
    Value dag = q.eval(doubled(60));
    BoundedBytes.Full full = org.assertj.core.api.Assertions.catchThrowableOfType(BoundedBytes.Full.class,
        () -> ValueSerde.encode(dag, 1 << 20));
    assertThat(full).isNotNull();
    assertThat(full.bytes()).isGreaterThan(1 << 20).isLessThan(2 << 20);
    // Checks and sizes follow the graph, not the tree.
    assertThat(Values.persistable(dag)).isTrue();
    assertThat(Values.expandedBytes(dag, Meter.NONE, Long.MAX_VALUE / 4)).isGreaterThan(Long.MAX_VALUE / 4);
    assertThat(Values.expandedBytes(q.eval(doubled(2)), Meter.NONE, 1000)).isEqualTo(12 + 2 * (12 + 2 * 23));
  }

  @Test
  void resolvingTransactionTimeKeepsSharing() {
    Value shared = q.eval("let o = { t: TransactionTime(), n: 1 }\n{ x: o, y: o, z: [o, o] }");
    Instant commit = Instant.parse("2024-01-02T03:04:05Z");
    ObjectV r = (ObjectV) Materializer.resolveTxnTime(shared, commit);
    assertThat(r.get("x")).isSameAs(r.get("y"));
    assertThat(((ObjectV) r.get("x")).get("t")).isEqualTo(new TimeV(commit));
    Value plain = q.eval("let o = { n: 1 }\n{ x: o, y: [o] }");
    assertThat(Materializer.resolveTxnTime(plain, commit)).isSameAs(plain); // nothing to replace, nothing copied
  }
}
