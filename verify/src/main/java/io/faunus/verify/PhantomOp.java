package io.faunus.verify;

import java.util.List;

/** Operations of the phantom workload: predicate-guarded inserts and predicate reads over an index. */
sealed interface PhantomOp {
  int group();

  /**
   * Inserts element {@code n} into {@code group} only if the group (read through the index) holds fewer
   * than the limit. {@code inserted}: null in the invocation, then whether it inserted or found the group full.
   */
  record Insert(int group, long n, Boolean inserted) implements PhantomOp {}

  /** Reads the group through the index: {@code elements} null in the invocation. */
  record Read(int group, List<Long> elements) implements PhantomOp {}
}
