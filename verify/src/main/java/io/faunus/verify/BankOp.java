package io.faunus.verify;

import java.util.Map;

/** Operations of the bank workload. */
sealed interface BankOp {
  /** Moves {@code amount} from one account to another, unless that would make {@code from} negative (abort). */
  record Transfer(int from, int to, long amount) implements BankOp {}

  /**
   * Reads every account in one transaction.
   *
   * @param balances account → balance (null in the invocation; an absent account is missing from the map)
   */
  record Read(Map<Integer, Long> balances) implements BankOp {}
}
