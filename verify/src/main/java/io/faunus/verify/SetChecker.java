package io.faunus.verify;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Set (Jepsen's set and set-full): unique adds, reads of the whole set while they happen, and final reads
 * once the cluster healed.
 * <ul>
 *   <li>lost: an add that completed ok is missing from a final read;
 *   <li>unexpected: a read holds an element nobody added, or whose add failed;
 *   <li>duplicate: a read holds an element twice (an add applied twice);
 *   <li>stale-read: a read misses an element whose add completed ok before the read began (a linearizable
 *       read must see it);
 *   <li>disappeared: a read misses an element that a read completed before it began had seen.
 * </ul>
 * Without an ok final read nothing can be said about lost elements: the verdict is then "unknown".
 */
final class SetChecker implements Checker<SetOp> {
  @Override
  public Verdict check(History<SetOp> history) {
    Map<Long, Pair<SetOp>> adds = new HashMap<>();
    List<Pair<SetOp>> reads = new ArrayList<>();
    for (Pair<SetOp> p : history.pairs()) {
      switch (p.invoke().value()) {
        case SetOp.Add a -> adds.put(a.element(), p);
        case SetOp.Read r -> {
          if (p.ok()) reads.add(p);
        }
      }
    }
    List<Verdict.Anomaly> found = new ArrayList<>();
    Set<Long> unexpectedSeen = new HashSet<>();
    int finals = 0;
    for (Pair<SetOp> r : reads) {
      SetOp.Read read = (SetOp.Read) r.completion().value();
      Set<Long> have = new HashSet<>(read.elements());
      if (have.size() != read.elements().size()) {
        found.add(new Verdict.Anomaly("duplicate", "read " + r.invoke().index() + " holds " + (read.elements().size()
            - have.size()) + " elements twice", List.of(r.invoke().index())));
      }
      for (long e : have) {
        Pair<SetOp> add = adds.get(e);
        if ((add == null || add.failed()) && unexpectedSeen.add(e)) {
          found.add(new Verdict.Anomaly("unexpected", "read " + r.invoke().index() + " holds " + e + ", which "
              + (add == null ? "nobody added" : "add " + add.invoke().index() + " failed to add"), List.of(r.invoke().index())));
        }
      }
      if (read.last()) {
        finals++;
        for (var a : adds.entrySet()) {
          if (a.getValue().ok() && !have.contains(a.getKey())) {
            found.add(new Verdict.Anomaly("lost", "add " + a.getValue().invoke().index() + " of " + a.getKey()
                + " completed ok, but final read " + r.invoke().index() + " (node " + r.invoke().node() + ") misses it",
                List.of(a.getValue().invoke().index(), r.invoke().index())));
          }
        }
      } else {
        stale(r, have, adds, found);
      }
    }
    disappeared(reads, found);
    Map<String, Object> facts = new LinkedHashMap<>();
    facts.put("adds", adds.size());
    facts.put("adds_ok", adds.values().stream().filter(Pair::ok).count());
    facts.put("reads", reads.size());
    facts.put("final_reads", finals);
    return Verdict.of(found, finals == 0, facts);
  }

  private static void stale(Pair<SetOp> r, Set<Long> have, Map<Long, Pair<SetOp>> adds, List<Verdict.Anomaly> found) {
    Set<Long> missing = new TreeSet<>();
    for (var a : adds.entrySet()) {
      if (a.getValue().ok() && a.getValue().completeNs() < r.invokeNs() && !have.contains(a.getKey())) {
        missing.add(a.getKey());
      }
    }
    if (!missing.isEmpty()) {
      found.add(new Verdict.Anomaly("stale-read", "read " + r.invoke().index() + " (node " + r.invoke().node()
          + ") misses " + missing + ", whose adds completed ok before it began", List.of(r.invoke().index())));
    }
  }

  /** Reads in invocation order; those completed before each one began form what it must still see. */
  private static void disappeared(List<Pair<SetOp>> reads, List<Verdict.Anomaly> found) {
    List<Pair<SetOp>> byEnd = new ArrayList<>(reads);
    byEnd.sort(Comparator.comparingLong(Pair::completeNs));
    List<Pair<SetOp>> byStart = new ArrayList<>(reads);
    byStart.sort(Comparator.comparingLong(Pair::invokeNs));
    Map<Long, Integer> seenBy = new HashMap<>(); // element → first completed read that saw it
    int done = 0;
    for (Pair<SetOp> r : byStart) {
      while (done < byEnd.size() && byEnd.get(done).completeNs() < r.invokeNs()) {
        Pair<SetOp> d = byEnd.get(done++);
        for (long e : ((SetOp.Read) d.completion().value()).elements()) seenBy.putIfAbsent(e, d.invoke().index());
      }
      Set<Long> have = new HashSet<>(((SetOp.Read) r.completion().value()).elements());
      Set<Long> gone = new TreeSet<>();
      for (long e : seenBy.keySet()) if (!have.contains(e)) gone.add(e);
      if (!gone.isEmpty()) {
        found.add(new Verdict.Anomaly("disappeared", "read " + r.invoke().index() + " (node " + r.invoke().node()
            + ") misses " + gone + ", seen by earlier completed reads (e.g. read " + seenBy.get(gone.iterator().next())
            + ")", List.of(r.invoke().index())));
      }
    }
  }
}
