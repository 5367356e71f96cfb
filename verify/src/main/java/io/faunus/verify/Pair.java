package io.faunus.verify;

/**
 * An invocation and its completion. A completion is null when the history ended with the operation still
 * in flight; such an operation counts as {@link Op.Type#INFO} (it may or may not have taken effect).
 */
record Pair<V>(Op<V> invoke, Op<V> completion) {
  /** Completion time of an operation whose outcome is unknown: it may take effect at any later time. */
  static final long NEVER_NS = Long.MAX_VALUE;

  Op.Type outcome() {
    return completion == null ? Op.Type.INFO : completion.type();
  }

  boolean ok() {
    return outcome() == Op.Type.OK;
  }

  boolean failed() {
    return outcome() == Op.Type.FAIL;
  }

  boolean unknown() {
    return outcome() == Op.Type.INFO;
  }

  long invokeNs() {
    return invoke.timeNs();
  }

  /** When it completed; {@link #NEVER_NS} if the outcome is unknown. */
  long completeNs() {
    return unknown() ? NEVER_NS : completion.timeNs();
  }

  /** The completion's value when it completed ok, else what the invocation asked for. */
  V value() {
    return ok() ? completion.value() : invoke.value();
  }

  int process() {
    return invoke.process();
  }
}
