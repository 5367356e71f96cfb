package io.faunus.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SetCheckerTest {
  private final SetChecker checker = new SetChecker();
  private static final SetOp READ = new SetOp.Read(null, false), FINAL = new SetOp.Read(null, true);

  private static SetOp add(long e) {
    return new SetOp.Add(e);
  }

  private static SetOp seen(boolean last, Long... e) {
    return new SetOp.Read(List.of(e), last);
  }

  @Test
  void everyAcknowledgedAddInTheFinalReadPasses() {
    var h = new History.Builder<SetOp>()
        .invoke(1, "add", add(1)).ok(1)
        .invoke(2, "add", add(2)).info(2)          // unknown: may be there or not
        .invoke(3, "add", add(3)).fail(3)
        .invoke(1, "read", READ).ok(1, seen(false, 1L))
        .invoke(1, "read", FINAL).ok(1, seen(true, 1L, 2L)).build();
    Verdict v = checker.check(h);
    assertThat(v.validity()).isEqualTo(Verdict.Validity.VALID);
    assertThat(v.facts()).containsEntry("final_reads", 1).containsEntry("adds_ok", 1L);
  }

  @Test
  void aLostAddIsCaught() {
    var h = new History.Builder<SetOp>()
        .invoke(1, "add", add(1)).ok(1)
        .invoke(1, "add", add(2)).ok(1)
        .invoke(1, "read", FINAL).ok(1, seen(true, 1L)).build();
    Verdict v = checker.check(h);
    assertThat(v.countsByType()).containsOnlyKeys("lost");
    assertThat(v.anomalies().get(0).explanation()).contains("of 2");
  }

  @Test
  void unexpectedElementsAreCaught() {
    var h = new History.Builder<SetOp>()
        .invoke(1, "add", add(1)).fail(1)
        .invoke(1, "read", FINAL).ok(1, seen(true, 1L, 7L)).build();
    assertThat(checker.check(h).countsByType()).containsExactly(java.util.Map.entry("unexpected", 2));
  }

  @Test
  void aReadMissingAnEarlierAcknowledgedAddIsStale() {
    var h = new History.Builder<SetOp>()
        .invoke(1, "add", add(1)).ok(1)
        .invoke(2, "read", READ).ok(2, seen(false))
        .invoke(1, "read", FINAL).ok(1, seen(true, 1L)).build();
    assertThat(checker.check(h).countsByType()).containsOnlyKeys("stale-read");
  }

  @Test
  void anElementSeenAndThenMissingDisappeared() {
    var h = new History.Builder<SetOp>()
        .invoke(1, "add", add(1))
        .invoke(2, "read", READ).ok(2, seen(false, 1L))
        .invoke(2, "read", READ).ok(2, seen(false))
        .ok(1)
        .invoke(2, "read", FINAL).ok(2, seen(true, 1L)).build();
    assertThat(checker.check(h).countsByType()).containsOnlyKeys("disappeared");
  }

  @Test
  void anElementReadTwiceIsCaught() {
    var h = new History.Builder<SetOp>()
        .invoke(1, "add", add(1)).ok(1)
        .invoke(1, "read", FINAL).ok(1, seen(true, 1L, 1L)).build();
    assertThat(checker.check(h).countsByType()).containsOnlyKeys("duplicate");
  }

  @Test
  void withoutAFinalReadTheVerdictIsUnknown() {
    var h = new History.Builder<SetOp>().invoke(1, "add", add(1)).ok(1).invoke(1, "read", FINAL).info(1).build();
    assertThat(checker.check(h).validity()).isEqualTo(Verdict.Validity.UNKNOWN);
  }
}
