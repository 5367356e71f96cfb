package io.faunus.verify;

import java.util.List;

/** Operations of the set workload. */
sealed interface SetOp {
  /** Adds a unique element. */
  record Add(long element) implements SetOp {}

  /**
   * Reads the whole set: {@code elements} null in the invocation, else every element in the order read (a
   * list, so an add applied twice shows). {@code last}: one of the final reads, made after the faults stopped
   * and the cluster healed.
   */
  record Read(List<Long> elements, boolean last) implements SetOp {}
}
