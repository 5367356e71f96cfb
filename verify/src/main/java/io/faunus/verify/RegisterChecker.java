package io.faunus.verify;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Register: each key's reads, writes and compare-and-sets must be linearizable (Jepsen's "independent"
 * registers), checked with {@link Linearizability}. Failed operations did not happen and are left out, so a
 * compare-and-set that answered "false" only says that it did not write; reads whose outcome is unknown
 * observed nothing and are left out too.
 *
 * <p>With {@link ReadMode#local} a read may take effect before it was invoked, but not before its own
 * process's previous ok operation did (session order, see {@link ReadMode}). Keys are checked one at a time,
 * so this is expressed twice: the read's call time moves back to the call of that process's previous ok
 * operation on any key (the earliest point that one can have taken effect; the start for a process's first
 * operation), and the read must be placed after its process's previous ok operation on the same key
 * ({@link Linearizability.Call#after}). Both are sound (a valid history is never reported), and they still
 * catch reads going back in a session, reads missing their own session's writes, and values nobody wrote.
 */
final class RegisterChecker implements Checker<RegisterOp> {
  /** Search steps allowed per key; past them that key is "unknown". */
  static final long DEFAULT_STEPS_MAX = 5_000_000;

  private final long stepsMax;
  private final ReadMode mode;

  RegisterChecker(long stepsMax) {
    this(stepsMax, ReadMode.linearizable);
  }

  RegisterChecker(long stepsMax, ReadMode mode) {
    this.stepsMax = stepsMax;
    this.mode = mode;
  }

  /** The register's value; null before the first write. Never null itself (null means "impossible"). */
  record Reg(Integer value) {}

  static final Linearizability.Model<Reg, RegisterOp> MODEL = (state, op) -> switch (op) {
    case RegisterOp.Read r -> Objects.equals(r.value(), state.value()) ? state : null;
    case RegisterOp.Write w -> new Reg(w.value());
    case RegisterOp.Cas c -> Objects.equals(state.value(), c.expected()) ? new Reg(c.value()) : null;
  };

  @Override
  public Verdict check(History<RegisterOp> history) {
    Map<Integer, List<Linearizability.Call<RegisterOp>>> byKey = new TreeMap<>();
    Map<Integer, Long> lastOkCallOfProcess = new java.util.HashMap<>();
    Map<List<Integer>, Integer> lastOkOfProcessOnKey = new java.util.HashMap<>(); // [process, key] → op index
    for (Pair<RegisterOp> p : history.pairs()) {
      if (p.failed()) continue;
      if (p.unknown() && p.invoke().value() instanceof RegisterOp.Read) continue;
      RegisterOp op = p.value();
      long callNs = p.invokeNs();
      int after = Linearizability.Call.NONE;
      List<Integer> processKey = List.of(p.process(), op.key());
      if (mode.sessions() && op instanceof RegisterOp.Read) {
        callNs = lastOkCallOfProcess.getOrDefault(p.process(), 0L);
        after = lastOkOfProcessOnKey.getOrDefault(processKey, Linearizability.Call.NONE);
      }
      if (p.ok()) {
        lastOkCallOfProcess.put(p.process(), p.invokeNs());
        lastOkOfProcessOnKey.put(processKey, p.invoke().index());
      }
      byKey.computeIfAbsent(op.key(), k -> new ArrayList<>())
          .add(new Linearizability.Call<>(op, callNs, p.completeNs(), p.invoke().index(), after));
    }
    Map<Integer, Pair<RegisterOp>> byIndex = new java.util.HashMap<>();
    for (Pair<RegisterOp> p : history.pairs()) byIndex.put(p.invoke().index(), p);
    List<Verdict.Anomaly> found = new ArrayList<>();
    List<Integer> unknown = new ArrayList<>();
    long steps = 0;
    for (var e : byKey.entrySet()) {
      switch (Linearizability.check(e.getValue(), new Reg(null), MODEL, stepsMax)) {
        case Linearizability.Outcome.Linearizable l -> steps += l.steps();
        case Linearizability.Outcome.Unknown u -> {
          steps += u.steps();
          unknown.add(e.getKey());
        }
        case Linearizability.Outcome.NotLinearizable n -> {
          List<Integer> ops = new ArrayList<>(n.prefix());
          ops.add(n.stuck());
          found.add(new Verdict.Anomaly("nonlinearizable", "key " + e.getKey() + ": op " + n.stuck() + " "
              + describe(byIndex, n.stuck()) + " cannot follow any order of the ops before it; the furthest order "
              + "found, " + n.prefix().stream().map(i -> i + " " + describe(byIndex, i)).toList()
              + ", leaves the register at " + ((Reg) n.state()).value(), ops));
        }
      }
    }
    Map<String, Object> facts = new LinkedHashMap<>();
    facts.put("keys", byKey.size());
    facts.put("search_steps", steps);
    facts.put("keys_unknown", unknown);
    return Verdict.of(found, !unknown.isEmpty(), facts);
  }

  private static String describe(Map<Integer, Pair<RegisterOp>> byIndex, int invokeIndex) {
    Pair<RegisterOp> p = byIndex.get(invokeIndex);
    return p.value() + " " + p.outcome().name().toLowerCase() + " (p" + p.process() + ")";
  }
}
