package io.faunus.verify;

/**
 * The nodes' {@code --read-mode}, and so what the checkers may demand of read-only queries.
 *
 * <ul>
 *   <li>{@link #linearizable} (the default): every query is strictly serializable; the checkers keep every
 *       real-time edge.
 *   <li>{@link #local}: a read-only query reads at its node's applied time, so it may miss writes that other
 *       clients completed elsewhere (serializable, not strict). Faunus still promises session order: a client
 *       that sends {@code x-last-txn-ts} sees at least what that time covers. The clients send the newest
 *       {@code txn_ts} they got (one session per history process), and the checkers drop only the real-time
 *       constraints that local reads may break: a read-only operation need not follow operations of
 *       <em>other</em> processes that completed before it began. It must still follow its own process's earlier
 *       operations, and everything invoked after it completed must still follow it (a stale read's point lies
 *       in the past). Writes keep every real-time edge, since they go through the log.
 * </ul>
 * Checkers that rely on real time across clients in ways not adapted yet (set: {@code stale-read},
 * {@code disappeared}; phantom, pagination) are not run in local mode.
 */
enum ReadMode {
  linearizable,
  local;

  /** Whether the clients carry a session ({@code x-last-txn-ts}) and the checkers relax reads. */
  boolean sessions() {
    return this == local;
  }
}
