package io.faunus.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PaginationCheckerTest {
  /** Three slots of 10, documents at ids 1..3 or 101..103. */
  private final PaginationChecker checker = new PaginationChecker(3, 100, 30);
  private static final PageOp SCAN = new PageOp.Scan(null, null, 0);

  private Verdict check(List<Long> ids, List<Long> values) {
    return checker.check(new History.Builder<PageOp>().invoke(1, "scan", SCAN).ok(1, new PageOp.Scan(ids, values, 2)).build());
  }

  @Test
  void aScanOfOneSnapshotPasses() {
    Verdict v = check(List.of(1L, 3L, 102L), List.of(5L, 10L, 15L));
    assertThat(v.validity()).isEqualTo(Verdict.Validity.VALID);
  }

  @Test
  void aDocumentMovedBehindTheCursorIsSeenTwice() {
    // Page 1 saw slot 1 at id 1; it moved to 101 before page 2 was read from a newer snapshot.
    assertThat(check(List.of(1L, 2L, 3L, 101L), List.of(10L, 10L, 10L, 10L)).countsByType())
        .containsOnlyKeys("pagination-duplicate", "pagination-sum");
  }

  @Test
  void aDocumentMovedAheadOfTheCursorIsMissedAndHalfATransferChangesTheSum() {
    assertThat(check(List.of(2L, 3L), List.of(10L, 10L)).countsByType()).containsOnlyKeys("pagination-missing", "pagination-sum");
    assertThat(check(List.of(1L, 2L, 3L), List.of(5L, 10L, 10L)).countsByType()).containsOnlyKeys("pagination-sum");
  }

  @Test
  void withoutAScanOfSeveralPagesTheVerdictIsUnknown() {
    Verdict v = checker.check(new History.Builder<PageOp>().invoke(1, "scan", SCAN).info(1).build());
    assertThat(v.validity()).isEqualTo(Verdict.Validity.UNKNOWN);
  }
}
