package io.faunus.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BankCheckerTest {
  private final BankChecker checker = new BankChecker(List.of(1, 2, 3), 30);

  private static BankOp read(long a, long b, long c) {
    return new BankOp.Read(Map.of(1, a, 2, b, 3, c));
  }

  private static final BankOp READ = new BankOp.Read(null);

  @Test
  void readsThatAllSeeTheTotalPass() {
    var h = new History.Builder<BankOp>()
        .invoke(1, "transfer", new BankOp.Transfer(1, 2, 5)).invoke(2, "read", READ).ok(2, read(10, 10, 10)).ok(1)
        .invoke(1, "transfer", new BankOp.Transfer(3, 1, 50)).fail(1)
        .invoke(2, "read", READ).ok(2, read(5, 15, 10)).invoke(3, "read", READ).info(3).build();
    Verdict v = checker.check(h);
    assertThat(v.validity()).isEqualTo(Verdict.Validity.VALID);
    assertThat(v.facts()).containsEntry("reads", 2);
  }

  @Test
  void aReadOfHalfATransferIsCaught() {
    var h = new History.Builder<BankOp>().invoke(1, "read", READ).ok(1, read(5, 10, 10)).build();
    Verdict v = checker.check(h);
    assertThat(v.validity()).isEqualTo(Verdict.Validity.INVALID);
    assertThat(v.countsByType()).containsExactly(Map.entry("wrong-total", 1));
    assertThat(v.anomalies().get(0).explanation()).contains("total of 25, not 30");
    assertThat(v.anomalies().get(0).ops()).containsExactly(0);
  }

  @Test
  void anOverdraftIsCaughtEvenWhenTheTotalIsRight() {
    var h = new History.Builder<BankOp>().invoke(1, "read", READ).ok(1, read(-5, 25, 10)).build();
    assertThat(checker.check(h).countsByType()).containsExactly(Map.entry("negative-balance", 1));
  }

  @Test
  void aMissingOrUnknownAccountIsCaught() {
    var h = new History.Builder<BankOp>().invoke(1, "read", READ).ok(1, new BankOp.Read(Map.of(1, 10L, 2, 20L)))
        .invoke(1, "read", READ).ok(1, new BankOp.Read(Map.of(1, 10L, 2, 10L, 3, 10L, 4, 0L))).build();
    assertThat(checker.check(h).countsByType()).containsOnlyKeys("missing-account", "unexpected-account");
  }

  @Test
  void withoutACommittedReadTheVerdictIsUnknown() {
    var h = new History.Builder<BankOp>().invoke(1, "transfer", new BankOp.Transfer(1, 2, 5)).ok(1)
        .invoke(2, "read", READ).info(2).build();
    assertThat(checker.check(h).validity()).isEqualTo(Verdict.Validity.UNKNOWN);
  }

  // bank-scan: accounts 1..4 may open and close; the total is 12.
  private final BankChecker scan = new BankChecker(List.of(1, 2, 3, 4), 12, BankChecker.Accounts.OPEN_AND_CLOSE);

  private static BankOp scanned(Map<Integer, Long> balances) {
    return new BankOp.Read(balances);
  }

  @Test
  void scansOfAccountsThatOpenAndCloseArePassedWhileTheTotalHolds() {
    var h = new History.Builder<BankOp>()
        .invoke(1, "read", READ).ok(1, scanned(Map.of(1, 4L, 2, 4L, 3, 4L)))
        .invoke(2, "transfer", new BankOp.Transfer(1, 4, 4)).ok(2) // closes 1, opens 4
        .invoke(1, "read", READ).ok(1, scanned(Map.of(2, 4L, 3, 4L, 4, 4L))).build();
    Verdict v = scan.check(h);
    assertThat(v.validity()).isEqualTo(Verdict.Validity.VALID);
    assertThat(v.facts()).containsEntry("reads", 2);
  }

  @Test
  void aScanThatMissesAnOpenedAccountIsCaught() {
    // The phantom: the transfer's update of 2 is seen, the account it created (4) is not.
    var h = new History.Builder<BankOp>().invoke(2, "transfer", new BankOp.Transfer(2, 4, 3)).ok(2)
        .invoke(1, "read", READ).ok(1, scanned(Map.of(1, 4L, 2, 1L, 3, 4L))).build();
    assertThat(scan.check(h).anomalies()).extracting(Verdict.Anomaly::type).containsExactly("wrong-total");
  }

  @Test
  void aScanThatStillSeesAClosedAccountIsCaught() {
    var h = new History.Builder<BankOp>().invoke(2, "transfer", new BankOp.Transfer(1, 2, 4)).ok(2)
        .invoke(1, "read", READ).ok(1, scanned(Map.of(1, 4L, 2, 8L, 3, 4L))).build();
    assertThat(scan.check(h).anomalies()).extracting(Verdict.Anomaly::type).containsExactly("wrong-total");
  }

  @Test
  void aScanThatSeesAnIdOutsideThePoolIsCaught() {
    // The balance of the stray account is not part of the pool's total, so the total is wrong as well.
    var h = new History.Builder<BankOp>().invoke(1, "read", READ).ok(1, scanned(Map.of(1, 4L, 2, 4L, 9, 4L))).build();
    assertThat(scan.check(h).anomalies()).extracting(Verdict.Anomaly::type)
        .containsExactlyInAnyOrder("unexpected-account", "wrong-total");
  }
}
