package io.faunus.verify;

import io.faunus.verify.Txn.Mop;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * List-append, checked the way Elle does (Kingsbury and Alvaro, "Elle: Inferring Isolation Anomalies from
 * Experimental Observations", VLDB 2020), written here.
 *
 * <p>Appended values are unique per key, so the longest committed read of a key is its version order (every
 * other read must be a prefix of it), and each element names the transaction that appended it. From that:
 * <ul>
 *   <li>non-cycle anomalies: G1a (a committed read saw a failed transaction's append), G1b (it saw a
 *       transaction's intermediate state of a key), garbage (an element nobody appended), duplicates,
 *       incompatible orders (two reads that are not prefixes of one another), internal (a transaction's read
 *       disagrees with its own earlier reads and appends);
 *   <li>a dependency graph over committed transactions (ok, plus unknown-outcome ones whose appends were
 *       seen): ww (consecutive versions), wr (a read saw a version), rw (a read saw a version that another
 *       transaction then extended, or missed an append by a committed transaction), and rt (completed before
 *       the other was invoked). A cycle is a serializability violation, named by its edges: G0 (ww only), G1c
 *       (ww and wr), G-single (exactly one rw), G2 (two or more rw), with "-realtime" when it needs rt edges
 *       (then it violates strict serializability only).
 * </ul>
 * With {@link ReadMode#local} a read-only transaction gets an rt edge only from its own process's previous
 * transaction (session order), not from other processes' (see {@link ReadMode}); its rt edges to later
 * transactions and every rt edge into a transaction that appends stay.
 */
final class ListAppendChecker implements Checker<Txn> {
  /** How many rw edges of one component are tried as the single anti-dependency of a G-single cycle. */
  static final int G_SINGLE_TRIES_MAX = 10_000;

  record KeyValue(int key, long value) {}

  private final ReadMode mode;

  ListAppendChecker() {
    this(ReadMode.linearizable);
  }

  ListAppendChecker(ReadMode mode) {
    this.mode = mode;
  }

  @Override
  public Verdict check(History<Txn> history) {
    return new Run(history.pairs(), mode).check();
  }

  /** The state of one check. */
  private static final class Run {
    final List<Pair<Txn>> pairs;
    final List<Verdict.Anomaly> found = new ArrayList<>();
    /** (key, value) → index into pairs of the transaction that appended it. */
    final Map<KeyValue, Integer> writer = new HashMap<>();
    /** Per ok transaction: key → the list it saw before its own appends to that key (its external read). */
    final Map<Integer, Map<Integer, List<Long>>> external = new HashMap<>();
    /** key → every list an ok transaction read (with the transaction), in history order. */
    final Map<Integer, List<Map.Entry<Integer, List<Long>>>> reads = new LinkedHashMap<>();
    /** key → its version order: the longest committed read. */
    final Map<Integer, List<Long>> order = new HashMap<>();
    /** Keys whose reads disagree: no edges come from their reads. */
    final Set<Integer> incompatible = new HashSet<>();
    final ReadMode mode;

    Run(List<Pair<Txn>> pairs, ReadMode mode) {
      this.pairs = pairs;
      this.mode = mode;
    }

    String name(int t) {
      Pair<Txn> p = pairs.get(t);
      return "T" + p.invoke().index() + "(p" + p.process() + (p.invoke().node() == null ? "" : " " + p.invoke().node())
          + " " + p.outcome().name().toLowerCase() + ")";
    }

    void anomaly(String type, String text, Integer... txns) {
      found.add(new Verdict.Anomaly(type, text, java.util.Arrays.stream(txns).map(t -> pairs.get(t).invoke().index()).toList()));
    }

    Verdict check() {
      indexWriters();
      for (int t = 0; t < pairs.size(); t++) if (pairs.get(t).ok()) readsOf(t);
      versionOrders();
      Graph g = graph();
      cycles(g);
      Map<String, Object> facts = new LinkedHashMap<>();
      facts.put("committed", pairs.stream().filter(Pair::ok).count());
      facts.put("graph_nodes", g.graph.size());
      facts.put("graph_edges", g.graph.edgeCount());
      facts.put("keys", order.size());
      return Verdict.of(found, false, facts);
    }

    void indexWriters() {
      for (int t = 0; t < pairs.size(); t++) {
        for (Mop m : pairs.get(t).value().mops()) {
          if (m instanceof Mop.Append a) {
            Integer before = writer.put(new KeyValue(a.key(), a.value()), t);
            if (before != null) {
              throw new IllegalArgumentException("value " + a.value() + " appended to key " + a.key() + " twice: "
                  + name(before) + " and " + name(t) + " (the workload must append unique values)");
            }
          }
        }
      }
    }

    /** Internal consistency of ok transaction t, and its external reads; checks every list it read. */
    void readsOf(int t) {
      Map<Integer, List<Long>> known = new HashMap<>(); // key → the whole list, when a read told us
      Map<Integer, List<Long>> own = new HashMap<>();   // key → own appends since the last read
      for (Mop m : pairs.get(t).completion().value().mops()) {
        if (m instanceof Mop.Append a) {
          List<Long> k = known.get(a.key());
          if (k != null) k.add(a.value());
          else own.computeIfAbsent(a.key(), x -> new ArrayList<>()).add(a.value());
        } else if (m instanceof Mop.Read r) {
          List<Long> seen = r.values() == null ? List.of() : r.values();
          List<Long> expected = known.get(r.key());
          List<Long> mine = own.getOrDefault(r.key(), List.of());
          if (expected != null && !expected.equals(seen)) {
            anomaly("internal", name(t) + " read key " + r.key() + " = " + seen + " after it had seen or made " + expected, t);
          } else if (expected == null && !endsWith(seen, mine)) {
            anomaly("internal", name(t) + " read key " + r.key() + " = " + seen + " without its own appends " + mine, t);
          } else if (expected == null) {
            external.computeIfAbsent(t, x -> new HashMap<>()).put(r.key(), seen.subList(0, seen.size() - mine.size()));
          }
          known.put(r.key(), new ArrayList<>(seen));
          own.remove(r.key());
          reads.computeIfAbsent(r.key(), x -> new ArrayList<>()).add(Map.entry(t, seen));
          elements(t, r.key(), seen);
        }
      }
      for (var e : external.getOrDefault(t, Map.of()).entrySet()) intermediate(t, e.getKey(), e.getValue());
    }

    static boolean endsWith(List<Long> list, List<Long> suffix) {
      return list.size() >= suffix.size() && list.subList(list.size() - suffix.size(), list.size()).equals(suffix);
    }

    /** Duplicates, garbage and aborted reads (G1a) among the elements of one read. */
    void elements(int t, int key, List<Long> seen) {
      if (new HashSet<>(seen).size() != seen.size()) anomaly("duplicate-elements", name(t) + " read key " + key + " = " + seen, t);
      for (long v : seen) {
        Integer w = writer.get(new KeyValue(key, v));
        if (w == null) {
          anomaly("garbage-read", name(t) + " read key " + key + " = " + seen + ": nobody appended " + v, t);
        } else if (pairs.get(w).failed()) {
          anomaly("G1a", name(t) + " read key " + key + " = " + seen + ", whose " + v + " was appended by "
              + name(w) + ", which failed", t, w);
        }
      }
    }

    /** G1b: t's external read of key ends with a value its writer later followed with another append. */
    void intermediate(int t, int key, List<Long> seen) {
      if (seen.isEmpty()) return;
      long last = seen.get(seen.size() - 1);
      Integer w = writer.get(new KeyValue(key, last));
      if (w == null || w == t) return;
      List<Long> appends = new ArrayList<>();
      for (Mop m : pairs.get(w).value().mops()) if (m instanceof Mop.Append a && a.key() == key) appends.add(a.value());
      if (appends.indexOf(last) < appends.size() - 1) {
        anomaly("G1b", name(t) + " read key " + key + " = " + seen + ", an intermediate state of " + name(w)
            + ", which appended " + appends + " to it", t, w);
      }
    }

    /** The longest read of each key is its order; every read must be a prefix of it. */
    void versionOrders() {
      for (var e : reads.entrySet()) {
        List<Long> longest = List.of();
        for (var r : e.getValue()) if (r.getValue().size() > longest.size()) longest = r.getValue();
        order.put(e.getKey(), longest);
        for (var r : e.getValue()) {
          List<Long> seen = r.getValue();
          if (!longest.subList(0, seen.size()).equals(seen)) {
            incompatible.add(e.getKey());
            anomaly("incompatible-order", name(r.getKey()) + " read key " + e.getKey() + " = " + seen
                + ", which is not a prefix of " + longest + " (read by another transaction)", r.getKey());
          }
        }
      }
    }

    /** Graph nodes are transaction indexes mapped to 0..n-1. */
    record Graph(DepGraph graph, List<Integer> txns) {}

    Graph graph() {
      Set<Integer> members = new java.util.TreeSet<>();
      for (int t = 0; t < pairs.size(); t++) if (pairs.get(t).ok()) members.add(t);
      for (var e : order.entrySet()) {
        for (long v : e.getValue()) {
          Integer w = writer.get(new KeyValue(e.getKey(), v));
          if (w != null && pairs.get(w).unknown()) members.add(w);
        }
      }
      List<Integer> txns = new ArrayList<>(members);
      Map<Integer, Integer> node = new HashMap<>();
      for (int i = 0; i < txns.size(); i++) node.put(txns.get(i), i);
      DepGraph g = new DepGraph(txns.size());
      // ww: consecutive versions of each key.
      for (var e : order.entrySet()) {
        int key = e.getKey();
        List<Long> o = e.getValue();
        for (int i = 0; i + 1 < o.size(); i++) {
          Integer a = writer.get(new KeyValue(key, o.get(i))), b = writer.get(new KeyValue(key, o.get(i + 1)));
          if (a == null || b == null || a.equals(b) || !node.containsKey(a) || !node.containsKey(b)) continue;
          long va = o.get(i), vb = o.get(i + 1);
          g.add(node.get(a), node.get(b), DepGraph.WW, () -> name(a) + " appended " + va + " to key " + key
              + " and " + name(b) + " appended " + vb + " right after it");
        }
      }
      // Committed appends that no read saw: every read without them comes before their writer.
      Map<Integer, List<KeyValue>> unseen = new HashMap<>();
      for (var e : writer.entrySet()) {
        KeyValue kv = e.getKey();
        if (pairs.get(e.getValue()).ok() && !order.getOrDefault(kv.key(), List.of()).contains(kv.value())) {
          unseen.computeIfAbsent(kv.key(), x -> new ArrayList<>()).add(kv);
        }
      }
      // wr and rw from each transaction's external reads.
      for (var te : external.entrySet()) {
        int t = te.getKey();
        for (var re : te.getValue().entrySet()) {
          int key = re.getKey();
          List<Long> seen = re.getValue();
          if (incompatible.contains(key)) continue;
          List<Long> o = order.getOrDefault(key, List.of());
          if (!seen.isEmpty()) {
            Integer w = writer.get(new KeyValue(key, seen.get(seen.size() - 1)));
            if (w != null && w != t && node.containsKey(w)) {
              g.add(node.get(w), node.get(t), DepGraph.WR, () -> name(t) + " read key " + key + " = " + tail(seen)
                  + ", last appended by " + name(w));
            }
          }
          if (o.size() > seen.size()) {
            long next = o.get(seen.size());
            Integer w = writer.get(new KeyValue(key, next));
            if (w != null && w != t && node.containsKey(w)) {
              g.add(node.get(t), node.get(w), DepGraph.RW, () -> name(t) + " read key " + key + " = " + tail(seen)
                  + ", and " + name(w) + " appended the next element " + next);
            }
          }
          for (KeyValue kv : unseen.getOrDefault(key, List.of())) {
            int w = writer.get(kv);
            if (w == t) continue;
            g.add(node.get(t), node.get(w), DepGraph.RW, () -> name(t) + " read key " + key + " = " + tail(seen)
                + " without " + kv.value() + ", appended by committed " + name(w));
          }
        }
      }
      realTime(g, txns, node);
      return new Graph(g, txns);
    }

    static String tail(List<Long> l) {
      return l.size() <= 4 ? l.toString() : "[... " + l.subList(l.size() - 3, l.size()).toString().substring(1);
    }

    /**
     * rt edges, as a transitive reduction: when t is invoked, every transaction in the frontier (completed,
     * and not already before another completed one) precedes it; when t completes, its own predecessors leave
     * the frontier, since they reach later transactions through t.
     */
    void realTime(DepGraph g, List<Integer> txns, Map<Integer, Integer> node) {
      record Event(long ns, boolean invoke, int txn, int order) {}
      List<Event> events = new ArrayList<>();
      for (int t : txns) {
        Pair<Txn> p = pairs.get(t);
        events.add(new Event(p.invokeNs(), true, t, p.invoke().index()));
        if (p.ok()) events.add(new Event(p.completeNs(), false, t, p.completion().index()));
      }
      events.sort(java.util.Comparator.comparingInt(Event::order)); // history order is time order
      Set<Integer> frontier = new HashSet<>();
      Map<Integer, List<Integer>> preds = new HashMap<>();
      Map<Integer, Integer> lastOfProcess = new HashMap<>(); // process → its latest completed transaction
      for (Event e : events) {
        if (e.invoke() && mode.sessions() && readOnly(e.txn())) {
          // A local read: after its session's previous transaction only. It takes no predecessors out of the
          // frontier when it completes, since it does not pass their order on to later transactions.
          Integer prev = lastOfProcess.get(pairs.get(e.txn()).process());
          if (prev != null) {
            g.add(node.get(prev), node.get(e.txn()), DepGraph.RT, () -> name(prev) + " completed before " + name(e.txn())
                + " began, in the same session");
          }
          preds.put(e.txn(), List.of());
        } else if (e.invoke()) {
          List<Integer> before = new ArrayList<>(frontier);
          preds.put(e.txn(), before);
          for (int f : before) {
            g.add(node.get(f), node.get(e.txn()), DepGraph.RT, () -> name(f) + " completed before " + name(e.txn()) + " began");
          }
        } else {
          preds.remove(e.txn()).forEach(frontier::remove);
          frontier.add(e.txn());
          lastOfProcess.put(pairs.get(e.txn()).process(), e.txn());
        }
      }
    }

    private boolean readOnly(int t) {
      return pairs.get(t).value().mops().stream().noneMatch(m -> m instanceof Mop.Append);
    }

    /** Finds and names cycles: per component, the mildest kind first; "-realtime" only where data edges alone have none. */
    void cycles(Graph g) {
      DepGraph d = g.graph;
      Set<Integer> explained = new HashSet<>();
      List<List<Integer>> ww = d.components(DepGraph.WW), wwWr = d.components(DepGraph.WW | DepGraph.WR);
      for (List<Integer> scc : d.components(DepGraph.DATA)) {
        Set<Integer> within = new HashSet<>(scc);
        boolean any = false;
        for (List<Integer> sub : ww) {
          if (within.containsAll(sub)) any |= report(g, cycle(d, sub, DepGraph.WW), DepGraph.WW);
        }
        for (List<Integer> sub : wwWr) {
          if (within.containsAll(sub) && !any) any |= report(g, cycle(d, sub, DepGraph.WW | DepGraph.WR), DepGraph.WW | DepGraph.WR);
        }
        if (!any) any = gSingle(g, within);
        if (!any) report(g, cycle(d, scc, DepGraph.DATA), DepGraph.DATA);
        explained.addAll(scc);
      }
      for (List<Integer> scc : d.components(DepGraph.ALL)) {
        if (scc.stream().anyMatch(explained::contains)) continue;
        report(g, cycle(d, scc, DepGraph.ALL), DepGraph.ALL);
      }
    }

    static List<Integer> cycle(DepGraph d, List<Integer> scc, int mask) {
      Set<Integer> within = new HashSet<>(scc);
      for (int start : scc) {
        List<Integer> c = d.path(start, start, mask, within);
        if (c != null) return c;
      }
      return null;
    }

    /** A cycle with exactly one rw edge: an rw edge a→b plus a path b→a over ww and wr edges. */
    boolean gSingle(Graph g, Set<Integer> within) {
      DepGraph d = g.graph;
      int tries = 0;
      for (int a : within) {
        for (var e : d.successors(a).entrySet()) {
          int b = e.getKey();
          if ((e.getValue() & DepGraph.RW) == 0 || !within.contains(b)) continue;
          if (++tries > G_SINGLE_TRIES_MAX) return false;
          List<Integer> back = d.path(b, a, DepGraph.WW | DepGraph.WR, within);
          if (back != null) {
            List<Integer> c = new ArrayList<>();
            c.add(a);
            c.addAll(back);
            return report(g, c, DepGraph.DATA);
          }
        }
      }
      return false;
    }

    /** Names the cycle by the mildest edge kind of each step (ww, then wr, rw, rt) and records it. */
    boolean report(Graph g, List<Integer> cycle, int mask) {
      if (cycle == null) return false;
      DepGraph d = g.graph;
      int rw = 0, wr = 0, rt = 0;
      StringBuilder text = new StringBuilder();
      List<Integer> txns = new ArrayList<>();
      for (int i = 0; i + 1 < cycle.size(); i++) {
        int a = cycle.get(i), b = cycle.get(i + 1);
        int kinds = d.kinds(a, b) & mask;
        int kind = Integer.lowestOneBit(kinds);
        if (kind == DepGraph.RW) rw++;
        if (kind == DepGraph.WR) wr++;
        if (kind == DepGraph.RT) rt++;
        txns.add(g.txns.get(a));
        text.append(i == 0 ? "" : "; ").append(kindName(kind)).append(": ").append(d.reason(a, b, kind));
      }
      String type = rw == 0 ? (wr == 0 ? "G0" : "G1c") : rw == 1 ? "G-single" : "G2";
      if (rt > 0) type += "-realtime";
      anomaly(type, "cycle " + txns.stream().map(this::name).toList() + ": " + text, txns.toArray(Integer[]::new));
      return true;
    }

    static String kindName(int kind) {
      return switch (kind) {
        case DepGraph.WW -> "ww";
        case DepGraph.WR -> "wr";
        case DepGraph.RW -> "rw";
        case DepGraph.RT -> "rt";
        default -> throw new IllegalArgumentException("edge kind " + kind);
      };
    }
  }
}
