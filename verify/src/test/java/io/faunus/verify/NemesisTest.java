package io.faunus.verify;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The choice of the second fault of {@code multi} and {@code multi-minority}; when a run ends. */
class NemesisTest {
  @Test
  void twoFaultsOnOneNodeAreOfDifferentClasses() {
    assertThat(Nemesis.secondKinds(Nemesis.Kind.kill, true))
        .containsExactly(Nemesis.Kind.partition, Nemesis.Kind.asymmetric, Nemesis.Kind.clock);
    assertThat(Nemesis.secondKinds(Nemesis.Kind.partition, true))
        .containsExactly(Nemesis.Kind.kill, Nemesis.Kind.pause, Nemesis.Kind.clock, Nemesis.Kind.wipe);
    assertThat(Nemesis.secondKinds(Nemesis.Kind.clock, true)).doesNotContain(Nemesis.Kind.clock).hasSize(5);
  }

  @Test
  void neverTwoWipesOnTwoNodes() {
    assertThat(Nemesis.secondKinds(Nemesis.Kind.wipe, false)).doesNotContain(Nemesis.Kind.wipe).hasSize(5);
    assertThat(Nemesis.secondKinds(Nemesis.Kind.kill, false)).isEqualTo(Nemesis.MIXED);
  }

  @Test
  void theCommandLineSpellsModesWithHyphens() {
    assertThat(new VerifyCommand.FaultsConverter().convert("multi-minority")).isEqualTo(Nemesis.Mode.multi_minority);
    assertThat(new VerifyCommand.WorkloadConverter().convert("list-append")).isEqualTo(VerifyCommand.WorkloadName.list_append);
  }

  @Test
  void aRunEndsAtItsLimitOrATailAfterTheLastRepairWithinACap() {
    long deadline = 1_000, tail = 50, cap = 500;
    assertThat(Nemesis.endNs(deadline, tail, cap, false, Long.MIN_VALUE)).as("no fault").isEqualTo(1_000);
    assertThat(Nemesis.endNs(deadline, tail, cap, false, 400)).as("repaired long before the limit").isEqualTo(1_000);
    assertThat(Nemesis.endNs(deadline, tail, cap, false, 980)).as("repaired just before the limit").isEqualTo(1_030);
    assertThat(Nemesis.endNs(deadline, tail, cap, true, 980)).as("a fault still in flight").isEqualTo(1_500);
    assertThat(Nemesis.endNs(deadline, tail, cap, false, 1_480)).as("the tail stops at the cap").isEqualTo(1_500);
  }
}
