package io.faunus.verify;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Bank (Jepsen's bank test): transfers conserve money, so every committed read of all accounts must see the
 * same total, and no transfer may overdraw an account (transfers abort instead). A read that sees half of a
 * transfer, or a lost or doubled write, changes the total.
 */
final class BankChecker implements Checker<BankOp> {
  /** Whether every read must see every account. */
  enum Accounts {
    /** The accounts never change: a read without one of them is a {@code missing-account}. */
    FIXED,
    /** Transfers open and close accounts: any of the ids may be absent, none other may appear. */
    OPEN_AND_CLOSE
  }

  private final List<Integer> accounts;
  private final long total;
  private final Accounts membership;

  /** {@code accounts}: every account id; {@code total}: the sum of the initial balances. */
  BankChecker(List<Integer> accounts, long total) {
    this(accounts, total, Accounts.FIXED);
  }

  BankChecker(List<Integer> accounts, long total, Accounts membership) {
    this.accounts = List.copyOf(accounts);
    this.total = total;
    this.membership = membership;
  }

  @Override
  public Verdict check(History<BankOp> history) {
    List<Verdict.Anomaly> found = new ArrayList<>();
    int reads = 0;
    // Which sets of accounts the reads saw: with OPEN_AND_CLOSE, more than one shows the scanned set changed.
    java.util.Set<java.util.Set<Integer>> accountSets = new java.util.HashSet<>();
    for (Pair<BankOp> p : history.pairs()) {
      if (!p.ok() || !(p.completion().value() instanceof BankOp.Read r)) continue;
      reads++;
      List<Integer> at = List.of(p.invoke().index());
      Map<Integer, Long> b = r.balances();
      accountSets.add(java.util.Set.copyOf(b.keySet()));
      List<Integer> missing = accounts.stream().filter(a -> !b.containsKey(a) || b.get(a) == null).toList();
      if (!missing.isEmpty() && membership == Accounts.FIXED) {
        found.add(new Verdict.Anomaly("missing-account", "read " + at.get(0) + " saw no balance for accounts "
            + missing + ": " + b, at));
        continue;
      }
      long sum = 0;
      for (int a : accounts) {
        if (b.get(a) == null) continue; // closed (OPEN_AND_CLOSE only: FIXED reported it above)
        long v = b.get(a);
        sum += v;
        if (v < 0) found.add(new Verdict.Anomaly("negative-balance", "read " + at.get(0) + " saw account " + a
            + " at " + v + ": " + b, at));
      }
      if (sum != total) {
        found.add(new Verdict.Anomaly("wrong-total", "read " + at.get(0) + " (process " + p.process() + ", node "
            + p.invoke().node() + ") saw a total of " + sum + ", not " + total + ": " + b, at));
      }
      List<Integer> unknown = b.keySet().stream().filter(a -> !accounts.contains(a)).toList();
      if (!unknown.isEmpty()) {
        found.add(new Verdict.Anomaly("unexpected-account", "read " + at.get(0) + " saw accounts " + unknown
            + " that were never created: " + b, at));
      }
    }
    // A history without a single committed read checks nothing: say so rather than pass.
    return Verdict.of(found, reads == 0, Map.of("reads", reads, "account_sets", accountSets.size()));
  }
}
