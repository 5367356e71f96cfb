package io.faunus.verify;

import static org.assertj.core.api.Assertions.assertThat;

import io.faunus.verify.Txn.Mop;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each anomaly Elle names, in the smallest history that has it; and histories that have none. */
class ListAppendCheckerTest {
  private final ListAppendChecker checker = new ListAppendChecker();

  private static Mop append(int key, long value) {
    return new Mop.Append(key, value);
  }

  private static Mop read(int key, Long... values) {
    return new Mop.Read(key, values.length == 1 && values[0] == null ? null : Arrays.asList(values));
  }

  /** A read as invoked (value unknown yet). */
  private static Mop r(int key) {
    return new Mop.Read(key, null);
  }

  private static Txn txn(Mop... mops) {
    return new Txn(List.of(mops));
  }

  private Verdict check(History.Builder<Txn> b) {
    return checker.check(b.build());
  }

  @Test
  void aSerialHistoryIsValid() {
    Verdict v = check(new History.Builder<Txn>()
        .invoke(1, "txn", txn(append(1, 1))).ok(1)
        .invoke(2, "txn", txn(r(1), append(1, 2))).ok(2, txn(read(1, 1L), append(1, 2)))
        .invoke(1, "txn", txn(append(1, 3), r(1), r(2))).ok(1, txn(append(1, 3), read(1, 1L, 2L, 3L), read(2)))
        .invoke(3, "txn", txn(r(1))).ok(3, txn(read(1, 1L, 2L, 3L))));
    assertThat(v.anomalies()).isEmpty();
    assertThat(v.validity()).isEqualTo(Verdict.Validity.VALID);
    assertThat(v.facts()).containsEntry("graph_nodes", 4);
  }

  @Test
  void aConcurrentReadMayMissAnAppendInFlight() {
    Verdict v = check(new History.Builder<Txn>()
        .invoke(1, "txn", txn(append(1, 1)))
        .invoke(2, "txn", txn(r(1))).ok(2, txn(read(1)))
        .ok(1)
        .invoke(2, "txn", txn(r(1))).ok(2, txn(read(1, 1L))));
    assertThat(v.anomalies()).isEmpty();
  }

  @Test
  void anUnknownOutcomeMayOrMayNotHaveHappened() {
    Verdict v = check(new History.Builder<Txn>()
        .invoke(1, "txn", txn(append(1, 1))).info(1)
        .invoke(2, "txn", txn(append(2, 1))).info(2)
        .invoke(3, "txn", txn(r(1), r(2))).ok(3, txn(read(1, 1L), read(2))));
    assertThat(v.anomalies()).isEmpty();
  }

  @Test
  void g0WriteCycle() {
    Verdict v = check(new History.Builder<Txn>()
        .invoke(1, "txn", txn(append(1, 1), append(2, 1)))
        .invoke(2, "txn", txn(append(1, 2), append(2, 2)))
        .ok(1).ok(2)
        .invoke(3, "txn", txn(r(1), r(2))).ok(3, txn(read(1, 1L, 2L), read(2, 2L, 1L))));
    assertThat(v.countsByType()).containsOnlyKeys("G0");
    assertThat(v.anomalies().get(0).ops()).containsExactlyInAnyOrder(0, 1);
  }

  @Test
  void g1aAbortedRead() {
    Verdict v = check(new History.Builder<Txn>()
        .invoke(1, "txn", txn(append(1, 1))).fail(1)
        .invoke(2, "txn", txn(r(1))).ok(2, txn(read(1, 1L))));
    assertThat(v.countsByType()).containsOnlyKeys("G1a");
  }

  @Test
  void g1bIntermediateRead() {
    Verdict v = check(new History.Builder<Txn>()
        .invoke(1, "txn", txn(append(1, 1), append(1, 2)))
        .invoke(2, "txn", txn(r(1))).ok(2, txn(read(1, 1L)))
        .ok(1));
    // T2 also misses T1's later append 2, which nobody saw: that anti-dependency closes a cycle as well.
    assertThat(v.countsByType()).containsOnlyKeys("G1b", "G-single");
  }

  @Test
  void g1cCircularInformationFlow() {
    Verdict v = check(new History.Builder<Txn>()
        .invoke(1, "txn", txn(append(1, 1), r(2)))
        .invoke(2, "txn", txn(append(2, 1), r(1)))
        .ok(1, txn(append(1, 1), read(2, 1L)))
        .ok(2, txn(append(2, 1), read(1, 1L))));
    assertThat(v.countsByType()).containsOnlyKeys("G1c");
  }

  @Test
  void gSingleReadSkew() {
    Verdict v = check(new History.Builder<Txn>()
        .invoke(1, "txn", txn(append(1, 1), append(2, 1)))
        .invoke(2, "txn", txn(r(1), r(2)))
        .ok(1)
        .ok(2, txn(read(1), read(2, 1L))));
    assertThat(v.countsByType()).containsOnlyKeys("G-single");
    assertThat(v.anomalies().get(0).explanation()).contains("rw:").contains("wr:");
  }

  @Test
  void g2WriteSkew() {
    Verdict v = check(new History.Builder<Txn>()
        .invoke(1, "txn", txn(r(1), append(2, 1)))
        .invoke(2, "txn", txn(r(2), append(1, 1)))
        .ok(1, txn(read(1), append(2, 1)))
        .ok(2, txn(read(2), append(1, 1)))
        .invoke(3, "txn", txn(r(1), r(2))).ok(3, txn(read(1, 1L), read(2, 1L))));
    assertThat(v.countsByType()).containsOnlyKeys("G2");
  }

  @Test
  void aStaleReadAfterACompletedAppendViolatesRealTimeOrder() {
    Verdict v = check(new History.Builder<Txn>()
        .invoke(1, "txn", txn(append(1, 1))).ok(1)
        .invoke(2, "txn", txn(r(1))).ok(2, txn(read(1)))
        .invoke(3, "txn", txn(r(1))).ok(3, txn(read(1, 1L))));
    assertThat(v.countsByType()).containsOnlyKeys("G-single-realtime");
  }

  @Test
  void aLostAppendThatNoReadEverSawIsStillCaughtByALaterRead() {
    Verdict v = check(new History.Builder<Txn>()
        .invoke(1, "txn", txn(append(1, 1))).ok(1)
        .invoke(2, "txn", txn(r(1))).ok(2, txn(read(1))));
    assertThat(v.countsByType()).containsOnlyKeys("G-single-realtime");
  }

  @Test
  void readsThatAreNotPrefixesOfOneAnotherAreCaught() {
    Verdict v = check(new History.Builder<Txn>()
        .invoke(1, "txn", txn(append(1, 1))).ok(1)
        .invoke(1, "txn", txn(append(1, 2))).ok(1)
        .invoke(2, "txn", txn(r(1))).ok(2, txn(read(1, 1L, 2L)))
        .invoke(3, "txn", txn(r(1))).ok(3, txn(read(1, 2L))));
    assertThat(v.countsByType()).containsKey("incompatible-order");
  }

  @Test
  void internalGarbageAndDuplicateReadsAreCaught() {
    Verdict v = check(new History.Builder<Txn>()
        .invoke(1, "txn", txn(append(1, 1), r(1))).ok(1, txn(append(1, 1), read(1)))
        .invoke(2, "txn", txn(r(2))).ok(2, txn(read(2, 99L)))
        .invoke(3, "txn", txn(append(3, 1))).ok(3)
        .invoke(4, "txn", txn(r(3))).ok(4, txn(read(3, 1L, 1L))));
    assertThat(v.countsByType()).containsKeys("internal", "garbage-read", "duplicate-elements");
  }

  @Test
  void readsAfterOwnAppendsCountAsExternalReadsOfThePrefix() {
    // T2 appends 2 then reads [1, 2]: it saw T1's append (wr T1 → T2) and nothing after it.
    Verdict v = check(new History.Builder<Txn>()
        .invoke(1, "txn", txn(append(1, 1))).ok(1)
        .invoke(2, "txn", txn(append(1, 2), r(1))).ok(2, txn(append(1, 2), read(1, 1L, 2L)))
        .invoke(3, "txn", txn(r(1))).ok(3, txn(read(1, 1L, 2L))));
    assertThat(v.anomalies()).isEmpty();
  }

  // --read-mode local: read-only transactions keep session order only.
  private final ListAppendChecker local = new ListAppendChecker(ReadMode.local);

  @Test
  void inLocalModeAReadOnlyTransactionMayMissAnotherSessionsAppend() {
    History.Builder<Txn> b = new History.Builder<Txn>()
        .invoke(1, "txn", txn(append(1, 1))).ok(1)
        .invoke(2, "txn", txn(r(1))).ok(2, txn(read(1)));
    assertThat(local.check(b.build()).validity()).isEqualTo(Verdict.Validity.VALID);
    assertThat(check(b).countsByType()).containsOnlyKeys("G-single-realtime"); // strict mode: caught
  }

  @Test
  void inLocalModeAReadOnlyTransactionMustSeeItsOwnSessionsAppend() {
    Verdict v = local.check(new History.Builder<Txn>()
        .invoke(1, "txn", txn(append(1, 1))).ok(1)
        .invoke(1, "txn", txn(r(1))).ok(1, txn(read(1))).build());
    assertThat(v.countsByType()).containsOnlyKeys("G-single-realtime");
  }

  @Test
  void inLocalModeTransactionsThatAppendKeepEveryRealTimeEdge() {
    // Process 2 appends 2 after process 1's append of 1 completed, yet a read orders 2 before 1.
    Verdict v = local.check(new History.Builder<Txn>()
        .invoke(1, "txn", txn(append(1, 1))).ok(1)
        .invoke(2, "txn", txn(append(1, 2))).ok(2)
        .invoke(3, "txn", txn(r(1))).ok(3, txn(read(1, 2L, 1L))).build());
    assertThat(v.validity()).isEqualTo(Verdict.Validity.INVALID);
  }
}
