package io.faunus.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PhantomCheckerTest {
  private final PhantomChecker checker = new PhantomChecker(2);

  private static PhantomOp insert(long n) {
    return new PhantomOp.Insert(1, n, null);
  }

  private static PhantomOp done(long n, boolean inserted) {
    return new PhantomOp.Insert(1, n, inserted);
  }

  private static final PhantomOp READ = new PhantomOp.Read(1, null);

  private static PhantomOp seen(Long... n) {
    return new PhantomOp.Read(1, List.of(n));
  }

  @Test
  void insertsUpToTheLimitPass() {
    var h = new History.Builder<PhantomOp>()
        .invoke(1, "insert", insert(1)).invoke(2, "insert", insert(2)).ok(1, done(1, true)).ok(2, done(2, true))
        .invoke(1, "insert", insert(3)).ok(1, done(3, false))
        .invoke(3, "insert", insert(4)).info(3)
        .invoke(1, "read", READ).ok(1, seen(1L, 2L)).build();
    Verdict v = checker.check(h);
    assertThat(v.validity()).isEqualTo(Verdict.Validity.VALID);
    assertThat(v.facts()).containsEntry("inserted", 2L).containsEntry("refused_full", 1L);
  }

  @Test
  void aGroupOverTheLimitIsAPhantom() {
    // Two inserts both saw one member and both went in: a predicate write skew.
    var h = new History.Builder<PhantomOp>()
        .invoke(1, "insert", insert(1)).ok(1, done(1, true))
        .invoke(1, "insert", insert(2)).invoke(2, "insert", insert(3)).ok(1, done(2, true)).ok(2, done(3, true))
        .invoke(1, "read", READ).ok(1, seen(1L, 2L, 3L)).build();
    assertThat(checker.check(h).countsByType()).containsOnlyKeys("phantom");
  }

  @Test
  void lostAndUnexpectedMembersAreCaught() {
    var h = new History.Builder<PhantomOp>()
        .invoke(1, "insert", insert(1)).ok(1, done(1, true))
        .invoke(1, "insert", insert(2)).fail(1)
        .invoke(1, "read", READ).ok(1, seen(2L)).build();
    assertThat(checker.check(h).countsByType()).containsOnlyKeys("lost", "unexpected");
  }
}
