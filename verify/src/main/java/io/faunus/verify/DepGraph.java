package io.faunus.verify;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A directed graph of transactions whose edges carry one or more dependency kinds (a bit mask), each with
 * the reason it was added. Nodes are 0..size-1.
 */
final class DepGraph {
  /** Write-write: the source wrote a version the target overwrote (appended after). */
  static final int WW = 1;
  /** Write-read: the target read a version the source wrote. */
  static final int WR = 2;
  /** Read-write (anti-dependency): the source read a version the target then overwrote. */
  static final int RW = 4;
  /** Real time: the source completed before the target was invoked (strict serializability). */
  static final int RT = 8;
  static final int DATA = WW | WR | RW, ALL = DATA | RT;

  private final List<Map<Integer, Integer>> out = new ArrayList<>();
  private final Map<String, String> why = new HashMap<>();

  DepGraph(int size) {
    for (int i = 0; i < size; i++) out.add(new HashMap<>());
  }

  int size() {
    return out.size();
  }

  /** Adds an edge kind; {@code reason} is computed only for the first edge of this kind between a and b. */
  void add(int from, int to, int kind, Supplier<String> reason) {
    if (from == to) throw new IllegalArgumentException("no self edges: " + from);
    int before = out.get(from).getOrDefault(to, 0);
    if ((before & kind) != 0) return;
    out.get(from).put(to, before | kind);
    why.put(from + ">" + to + ">" + kind, reason.get());
  }

  /** Edge kinds from a to b (0 if none). */
  int kinds(int from, int to) {
    return out.get(from).getOrDefault(to, 0);
  }

  Map<Integer, Integer> successors(int from) {
    return out.get(from);
  }

  String reason(int from, int to, int kind) {
    return why.get(from + ">" + to + ">" + kind);
  }

  long edgeCount() {
    long n = 0;
    for (Map<Integer, Integer> m : out) for (int k : m.values()) n += Integer.bitCount(k);
    return n;
  }

  /**
   * Strongly connected components of the edges in {@code mask}, with more than one node (an acyclic graph
   * has none). Tarjan's algorithm without recursion, so long dependency chains cannot overflow the stack.
   */
  List<List<Integer>> components(int mask) {
    int n = size();
    int[] index = new int[n], low = new int[n];
    java.util.Arrays.fill(index, -1);
    boolean[] onStack = new boolean[n];
    Deque<Integer> stack = new ArrayDeque<>();
    List<List<Integer>> found = new ArrayList<>();
    int counter = 0;
    for (int root = 0; root < n; root++) {
      if (index[root] >= 0) continue;
      // Each frame: a node and an iterator over its successors.
      Deque<Object[]> frames = new ArrayDeque<>();
      index[root] = low[root] = counter++;
      stack.push(root);
      onStack[root] = true;
      frames.push(new Object[] {root, out.get(root).entrySet().iterator()});
      while (!frames.isEmpty()) {
        Object[] f = frames.peek();
        int v = (Integer) f[0];
        @SuppressWarnings("unchecked")
        var it = (java.util.Iterator<Map.Entry<Integer, Integer>>) f[1];
        boolean descended = false;
        while (it.hasNext()) {
          var e = it.next();
          if ((e.getValue() & mask) == 0) continue;
          int w = e.getKey();
          if (index[w] < 0) {
            index[w] = low[w] = counter++;
            stack.push(w);
            onStack[w] = true;
            frames.push(new Object[] {w, out.get(w).entrySet().iterator()});
            descended = true;
            break;
          } else if (onStack[w]) {
            low[v] = Math.min(low[v], index[w]);
          }
        }
        if (descended) continue;
        frames.pop();
        if (!frames.isEmpty()) {
          int parent = (Integer) frames.peek()[0];
          low[parent] = Math.min(low[parent], low[v]);
        }
        if (low[v] == index[v]) {
          List<Integer> scc = new ArrayList<>();
          int w;
          do {
            w = stack.pop();
            onStack[w] = false;
            scc.add(w);
          } while (w != v);
          if (scc.size() > 1) found.add(scc);
        }
      }
    }
    return found;
  }

  /**
   * A shortest path from {@code from} to {@code to} over edges in {@code mask} that stays inside
   * {@code within}, as the node list [from, ..., to] (at least one edge), or null if there is none.
   */
  List<Integer> path(int from, int to, int mask, java.util.Set<Integer> within) {
    Map<Integer, Integer> parent = new HashMap<>();
    Deque<Integer> queue = new ArrayDeque<>();
    queue.add(from);
    while (!queue.isEmpty()) {
      int v = queue.poll();
      for (var e : out.get(v).entrySet()) {
        int w = e.getKey();
        if ((e.getValue() & mask) == 0 || !within.contains(w) || parent.containsKey(w)) continue;
        parent.put(w, v);
        if (w == to) {
          List<Integer> p = new ArrayList<>();
          for (int x = to; ; x = parent.get(x)) {
            p.add(0, x);
            if (x == from && p.size() > 1) break;
          }
          return p;
        }
        queue.add(w);
      }
    }
    return null;
  }
}
