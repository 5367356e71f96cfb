package io.faunus.verify;

/** Operations of the register workload: many independent registers, each checked on its own. */
sealed interface RegisterOp {
  int key();

  /** Reads the register: {@code value} is null in an invocation and when the register was never written. */
  record Read(int key, Integer value) implements RegisterOp {}

  record Write(int key, int value) implements RegisterOp {}

  /** Sets the register to {@code value} if it holds {@code expected}; a false comparison completes as FAIL. */
  record Cas(int key, int expected, int value) implements RegisterOp {}
}
