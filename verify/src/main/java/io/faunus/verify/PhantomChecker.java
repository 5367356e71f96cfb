package io.faunus.verify;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Phantom: an insert commits only if a predicate read (the group, through an index) found fewer than
 * {@code limit} members. Under serializability no group ever holds more than {@code limit}: two concurrent
 * inserts that both saw {@code limit - 1} must conflict (the index partition is in their read sets). A group
 * over the limit is a predicate write skew (Adya's G2 on a predicate, "phantom"). Also checked: inserts
 * acknowledged as done are in the last read of their group (lost), reads hold only elements whose insert did
 * not fail or find the group full (unexpected), and no element twice (duplicate).
 */
final class PhantomChecker implements Checker<PhantomOp> {
  private final int limit;

  PhantomChecker(int limit) {
    this.limit = limit;
  }

  @Override
  public Verdict check(History<PhantomOp> history) {
    Map<Long, Pair<PhantomOp>> inserts = new HashMap<>();
    Map<Integer, Pair<PhantomOp>> lastRead = new TreeMap<>(); // group → its last completed ok read
    List<Pair<PhantomOp>> reads = new ArrayList<>();
    for (Pair<PhantomOp> p : history.pairs()) {
      switch (p.invoke().value()) {
        case PhantomOp.Insert i -> inserts.put(i.n(), p);
        case PhantomOp.Read r -> {
          if (!p.ok()) continue;
          reads.add(p);
          Pair<PhantomOp> before = lastRead.get(r.group());
          if (before == null || before.completeNs() < p.completeNs()) lastRead.put(r.group(), p);
        }
      }
    }
    List<Verdict.Anomaly> found = new ArrayList<>();
    for (Pair<PhantomOp> p : reads) {
      List<Long> seen = ((PhantomOp.Read) p.completion().value()).elements();
      int at = p.invoke().index();
      int group = p.invoke().value().group();
      Set<Long> distinct = new HashSet<>(seen);
      if (distinct.size() > limit) {
        found.add(new Verdict.Anomaly("phantom", "read " + at + " (node " + p.invoke().node() + ") found " + distinct.size()
            + " members in group " + group + ", over the limit of " + limit + ": " + seen + " inserted by "
            + seen.stream().map(n -> inserts.containsKey(n) ? inserts.get(n).invoke().index() : -1).toList(), List.of(at)));
      }
      if (distinct.size() != seen.size()) {
        found.add(new Verdict.Anomaly("duplicate", "read " + at + " of group " + group + " holds an element twice: " + seen, List.of(at)));
      }
      for (long n : distinct) {
        Pair<PhantomOp> ins = inserts.get(n);
        boolean refused = ins != null && ins.ok() && Boolean.FALSE.equals(((PhantomOp.Insert) ins.completion().value()).inserted());
        if (ins == null || ins.failed() || refused || ins.invoke().value().group() != group) {
          found.add(new Verdict.Anomaly("unexpected", "read " + at + " of group " + group + " holds " + n + ", which "
              + (ins == null ? "nobody inserted" : ins.failed() ? "insert " + ins.invoke().index() + " failed to insert"
              : refused ? "insert " + ins.invoke().index() + " found its group full" : "belongs to another group"),
              List.of(at)));
        }
      }
    }
    int lastReads = 0;
    for (Pair<PhantomOp> ins : inserts.values()) {
      if (!ins.ok() || !Boolean.TRUE.equals(((PhantomOp.Insert) ins.completion().value()).inserted())) continue;
      PhantomOp.Insert i = (PhantomOp.Insert) ins.invoke().value();
      Pair<PhantomOp> last = lastRead.get(i.group());
      if (last == null || last.invokeNs() < ins.completeNs()) continue; // no read after it: nothing to say
      lastReads++;
      if (!((PhantomOp.Read) last.completion().value()).elements().contains(i.n())) {
        found.add(new Verdict.Anomaly("lost", "insert " + ins.invoke().index() + " of " + i.n() + " into group " + i.group()
            + " completed ok, but read " + last.invoke().index() + ", begun after it, misses it",
            List.of(ins.invoke().index(), last.invoke().index())));
      }
    }
    Map<String, Object> facts = new LinkedHashMap<>();
    facts.put("groups", lastRead.size());
    facts.put("inserted", inserts.values().stream().filter(p -> p.ok()
        && Boolean.TRUE.equals(((PhantomOp.Insert) p.completion().value()).inserted())).count());
    facts.put("refused_full", inserts.values().stream().filter(p -> p.ok()
        && Boolean.FALSE.equals(((PhantomOp.Insert) p.completion().value()).inserted())).count());
    facts.put("reads", reads.size());
    facts.put("inserts_checked_by_a_later_read", lastReads);
    return Verdict.of(found, reads.isEmpty(), facts);
  }
}
