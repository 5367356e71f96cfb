package io.faunus.verify;

/**
 * One event of a history, in Jepsen's model: a process invokes an operation, and later the same process
 * records how it completed. A process has at most one operation in flight; a process whose operation ended
 * {@link Type#INFO} (outcome unknown) never invokes again (its client takes a new process id), because the
 * operation may still take effect at any later time.
 *
 * @param index   position in the history, from 0
 * @param process the client process (thread incarnation) that issued it
 * @param f       the operation's name (workload-specific: "transfer", "read", "txn", "cas", ...)
 * @param value   what the operation wanted (invoke) or observed (completion); workload-specific
 * @param timeNs  nanoseconds since the history started (one monotonic clock for every process)
 * @param node    the node the request was sent to, or null
 * @param error   why it failed or why its outcome is unknown, or null
 */
record Op<V>(int index, int process, Type type, String f, V value, long timeNs, String node, String error) {
  enum Type {
    /** The operation was sent. */
    INVOKE,
    /** It took effect (HTTP 200). */
    OK,
    /** It definitely did not take effect (a 4xx the server gives only before committing, e.g. 409, abort). */
    FAIL,
    /** Its outcome is unknown: a timeout, 5xx, 440 or a lost connection after the request was sent. */
    INFO
  }

  boolean isInvoke() {
    return type == Type.INVOKE;
  }
}
