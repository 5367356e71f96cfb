package io.faunus.verify;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RegisterCheckerTest {
  private final RegisterChecker checker = new RegisterChecker(RegisterChecker.DEFAULT_STEPS_MAX);

  private static RegisterOp read(Integer v) {
    return new RegisterOp.Read(1, v);
  }

  private static RegisterOp write(int v) {
    return new RegisterOp.Write(1, v);
  }

  private static RegisterOp cas(int from, int to) {
    return new RegisterOp.Cas(1, from, to);
  }

  @Test
  void sequentialOperationsAreLinearizable() {
    var h = new History.Builder<RegisterOp>()
        .invoke(1, "read", read(null)).ok(1, read(null))
        .invoke(1, "write", write(1)).ok(1)
        .invoke(2, "read", read(null)).ok(2, read(1))
        .invoke(2, "cas", cas(1, 2)).ok(2)
        .invoke(3, "cas", cas(1, 3)).fail(3)
        .invoke(1, "read", read(null)).ok(1, read(2)).build();
    assertThat(checker.check(h).validity()).isEqualTo(Verdict.Validity.VALID);
  }

  @Test
  void aReadConcurrentWithAWriteMaySeeEitherValue() {
    var h = new History.Builder<RegisterOp>()
        .invoke(1, "write", write(1)).ok(1)
        .invoke(1, "write", write(2))
        .invoke(2, "read", read(null)).ok(2, read(2))
        .invoke(3, "read", read(null)).ok(3, read(1)) // invoked after read 2 saw 2, but the write is in flight...
        .ok(1).build();
    // ...and a value once seen cannot be unseen: read 3 began after read 2 had returned 2.
    Verdict v = checker.check(h);
    assertThat(v.validity()).isEqualTo(Verdict.Validity.INVALID);
    assertThat(v.anomalies().get(0).type()).isEqualTo("nonlinearizable");

    var ok = new History.Builder<RegisterOp>()
        .invoke(1, "write", write(1)).ok(1)
        .invoke(1, "write", write(2))
        .invoke(2, "read", read(null))
        .invoke(3, "read", read(null)).ok(3, read(1))
        .ok(2, read(2))
        .ok(1).build();
    assertThat(checker.check(ok).validity()).isEqualTo(Verdict.Validity.VALID);
  }

  @Test
  void aStaleReadIsNotLinearizable() {
    var h = new History.Builder<RegisterOp>()
        .invoke(1, "write", write(1)).ok(1)
        .invoke(2, "read", read(null)).ok(2, read(null)).build();
    Verdict v = checker.check(h);
    assertThat(v.validity()).isEqualTo(Verdict.Validity.INVALID);
    assertThat(v.anomalies().get(0).explanation()).contains("key 1").contains("op 2");
    assertThat(v.anomalies().get(0).ops()).containsExactly(0, 2);
  }

  @Test
  void aWriteWithUnknownOutcomeMayTakeEffectLaterOrNever() {
    var later = new History.Builder<RegisterOp>()
        .invoke(1, "write", write(3)).info(1)
        .invoke(2, "read", read(null)).ok(2, read(null))
        .invoke(2, "read", read(null)).ok(2, read(3)).build();
    assertThat(checker.check(later).validity()).isEqualTo(Verdict.Validity.VALID);
    var backwards = new History.Builder<RegisterOp>()
        .invoke(1, "write", write(3)).info(1)
        .invoke(2, "read", read(null)).ok(2, read(3))
        .invoke(2, "read", read(null)).ok(2, read(null)).build();
    assertThat(checker.check(backwards).validity()).isEqualTo(Verdict.Validity.INVALID);
  }

  @Test
  void aSuccessfulCasOfAValueNeverWrittenIsCaught() {
    var h = new History.Builder<RegisterOp>()
        .invoke(1, "write", write(1)).ok(1)
        .invoke(1, "cas", cas(4, 2)).ok(1).build();
    assertThat(checker.check(h).validity()).isEqualTo(Verdict.Validity.INVALID);
  }

  @Test
  void keysAreIndependent() {
    var h = new History.Builder<RegisterOp>()
        .invoke(1, "write", new RegisterOp.Write(1, 1)).ok(1)
        .invoke(2, "read", new RegisterOp.Read(2, null)).ok(2, new RegisterOp.Read(2, null))
        .invoke(2, "read", new RegisterOp.Read(1, null)).ok(2, new RegisterOp.Read(1, 1)).build();
    Verdict v = checker.check(h);
    assertThat(v.validity()).isEqualTo(Verdict.Validity.VALID);
    assertThat(v.facts()).containsEntry("keys", 2);
  }

  @Test
  void theSearchStopsAtItsBoundAndSaysUnknown() {
    History.Builder<RegisterOp> b = new History.Builder<>();
    for (int p = 1; p <= 12; p++) b.invoke(p, "write", write(p));
    for (int p = 1; p <= 12; p++) b.ok(p);
    b.invoke(1, "read", read(null)).ok(1, read(99)); // impossible, but proving it needs the whole search
    Verdict v = new RegisterChecker(50).check(b.build());
    assertThat(v.validity()).isEqualTo(Verdict.Validity.UNKNOWN);
    assertThat(v.facts().get("keys_unknown")).asList().containsExactly(1);
    assertThat(new RegisterChecker(RegisterChecker.DEFAULT_STEPS_MAX).check(b.build()).validity())
        .isEqualTo(Verdict.Validity.INVALID);
  }

  // --read-mode local: reads are serializable with session order, not linearizable.
  private final RegisterChecker local = new RegisterChecker(RegisterChecker.DEFAULT_STEPS_MAX, ReadMode.local);

  @Test
  void inLocalModeAReadMayMissAnotherSessionsWrite() {
    var h = new History.Builder<RegisterOp>()
        .invoke(1, "write", write(1)).ok(1)
        .invoke(2, "read", read(null)).ok(2, read(null)).build();
    assertThat(local.check(h).validity()).isEqualTo(Verdict.Validity.VALID);
  }

  @Test
  void inLocalModeAReadMustSeeItsOwnSessionsWrite() {
    var h = new History.Builder<RegisterOp>()
        .invoke(1, "write", write(1)).ok(1)
        .invoke(1, "read", read(null)).ok(1, read(null)).build();
    assertThat(local.check(h).validity()).isEqualTo(Verdict.Validity.INVALID);
  }

  @Test
  void inLocalModeWritesStayLinearizableAndValuesMustHaveBeenWritten() {
    // A CAS goes through the log: it must see the write that completed before it began, in any session.
    var cas = new History.Builder<RegisterOp>()
        .invoke(1, "write", write(1)).ok(1)
        .invoke(2, "cas", cas(0, 2)).ok(2).build();
    assertThat(local.check(cas).validity()).isEqualTo(Verdict.Validity.INVALID);
    var garbage = new History.Builder<RegisterOp>()
        .invoke(1, "write", write(1)).ok(1)
        .invoke(2, "read", read(null)).ok(2, read(3)).build();
    assertThat(local.check(garbage).validity()).isEqualTo(Verdict.Validity.INVALID);
  }

  @Test
  void inLocalModeAReadCannotPrecedeOperationsInvokedAfterItReturned() {
    // Process 2 read 2, so the write of 2 happened before the read returned; a write of 3 invoked after that
    // read returned, then a read by process 2 that sees 2 again is fine (stale), but process 1 reading 2 after
    // its own write of 3 is not.
    var h = new History.Builder<RegisterOp>()
        .invoke(1, "write", write(2)).ok(1)
        .invoke(2, "read", read(null)).ok(2, read(2))
        .invoke(1, "write", write(3)).ok(1)
        .invoke(1, "read", read(null)).ok(1, read(2)).build();
    assertThat(local.check(h).validity()).isEqualTo(Verdict.Validity.INVALID);
  }
}
