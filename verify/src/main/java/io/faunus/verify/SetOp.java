package io.faunus.verify;

import java.util.Set;

/** Operations of the set workload. */
sealed interface SetOp {
  /** Adds a unique element. */
  record Add(long element) implements SetOp {}

  /**
   * Reads the whole set: {@code elements} null in the invocation. {@code last}: one of the final reads, made
   * after the faults stopped and the cluster healed.
   */
  record Read(Set<Long> elements, boolean last) implements SetOp {}
}
