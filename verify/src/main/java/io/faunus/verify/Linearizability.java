package io.faunus.verify;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The Wing-Gong-Lowe linearizability search (Lowe, "Testing for linearizability", 2017; the algorithm of
 * Knossos' "linear" checker and of Porcupine), with memoization of (linearized set, state) and a bound on the
 * number of steps: past it the answer is "unknown" instead of a search that runs for hours.
 *
 * <p>Operations whose outcome is unknown get a return time of infinity: they may take effect at any point
 * after their call, or never. The search succeeds once every ok operation is linearized.
 */
final class Linearizability {
  private Linearizability() {}

  /** A sequential specification: applies an operation to a state, or says it is impossible there. */
  interface Model<S, O> {
    /** The state after {@code op}, or null when {@code op} cannot happen in {@code state}. */
    S step(S state, O op);
  }

  /**
   * One operation to place.
   *
   * @param returnNs {@link Pair#NEVER_NS} when the outcome is unknown
   * @param id       the caller's name for it (an op index), reported back on failure
   * @param after    the id of another call of the same check that must take effect first whatever the times
   *                 say (session order, {@link ReadMode#local}), or {@link #NONE}
   */
  record Call<O>(O op, long callNs, long returnNs, int id, int after) {
    static final int NONE = -1;

    Call(O op, long callNs, long returnNs, int id) {
      this(op, callNs, returnNs, id, NONE);
    }
  }

  sealed interface Outcome {
    record Linearizable(long steps) implements Outcome {}

    /**
     * No order exists. {@code stuck}: the ok operation that could not be placed when the search got furthest,
     * {@code prefix}: the operations linearized before it, in order, and {@code state} after them.
     */
    record NotLinearizable(int stuck, List<Integer> prefix, Object state) implements Outcome {}

    record Unknown(long steps) implements Outcome {}
  }

  /** A doubly linked list node: a call or return event. */
  private static final class Entry<O> {
    final Call<O> call;
    final int slot;
    final boolean isCall;
    Entry<O> match, prev, next;

    Entry(Call<O> call, int slot, boolean isCall) {
      this.call = call;
      this.slot = slot;
      this.isCall = isCall;
    }

    /** Unlinks this call and its return. */
    void lift() {
      prev.next = next;
      if (next != null) next.prev = prev;
      match.prev.next = match.next;
      if (match.next != null) match.next.prev = match.prev;
    }

    /** Relinks them, in the reverse order of {@link #lift}. */
    void unlift() {
      match.prev.next = match;
      if (match.next != null) match.next.prev = match;
      prev.next = this;
      if (next != null) next.prev = this;
    }
  }

  private record Key(BitSet linearized, Object state) {}

  private record Frame<O, S>(Entry<O> entry, S state) {}

  static <S, O> Outcome check(List<Call<O>> calls, S initial, Model<S, O> model, long stepsMax) {
    // Events by time; at equal times calls first, so touching operations count as concurrent.
    record Event<O>(long ns, boolean isCall, int slot, Call<O> call) {}
    List<Event<O>> events = new ArrayList<>();
    for (int i = 0; i < calls.size(); i++) {
      Call<O> c = calls.get(i);
      if (c.returnNs() < c.callNs()) throw new IllegalArgumentException("op " + c.id() + " returns before its call");
      events.add(new Event<>(c.callNs(), true, i, c));
      events.add(new Event<>(c.returnNs(), false, i, c));
    }
    events.sort(Comparator.comparingLong((Event<O> e) -> e.ns()).thenComparing(e -> !e.isCall()));
    java.util.Map<Integer, Integer> slotOfId = new java.util.HashMap<>();
    for (int i = 0; i < calls.size(); i++) slotOfId.put(calls.get(i).id(), i);
    int[] afterSlot = new int[calls.size()];
    for (int i = 0; i < calls.size(); i++) {
      int after = calls.get(i).after();
      if (after != Call.NONE && !slotOfId.containsKey(after)) {
        throw new IllegalArgumentException("op " + calls.get(i).id() + " must follow op " + after + ", which is not in the check");
      }
      afterSlot[i] = after == Call.NONE ? -1 : slotOfId.get(after);
    }
    Entry<O> head = new Entry<>(null, -1, false);
    Entry<O> last = head;
    @SuppressWarnings("unchecked")
    Entry<O>[] callEntry = new Entry[calls.size()];
    for (Event<O> e : events) {
      Entry<O> en = new Entry<>(e.call(), e.slot(), e.isCall());
      if (e.isCall()) callEntry[e.slot()] = en;
      else {
        en.match = callEntry[e.slot()];
        callEntry[e.slot()].match = en;
      }
      last.next = en;
      en.prev = last;
      last = en;
    }

    BitSet linearized = new BitSet(calls.size());
    Set<Key> seen = new HashSet<>();
    Deque<Frame<O, S>> stack = new ArrayDeque<>();
    S state = initial;
    Entry<O> entry = head.next;
    long steps = 0;
    int bestDepth = -1;
    Outcome.NotLinearizable best = null;
    while (entry != null) {
      if (++steps > stepsMax) return new Outcome.Unknown(steps);
      if (!entry.isCall && entry.call.returnNs() == Pair.NEVER_NS) {
        return new Outcome.Linearizable(steps); // only unknown-outcome ops remain: they need not happen
      }
      if (entry.isCall && afterSlot[entry.slot] >= 0 && !linearized.get(afterSlot[entry.slot])) {
        entry = entry.next; // its session predecessor has not taken effect yet
        continue;
      }
      if (entry.isCall) {
        S next = model.step(state, entry.call.op());
        if (next != null) {
          BitSet after = (BitSet) linearized.clone();
          after.set(entry.slot);
          if (seen.add(new Key(after, next))) {
            stack.push(new Frame<>(entry, state));
            state = next;
            linearized = after;
            entry.lift();
            entry = head.next;
            continue;
          }
        }
        entry = entry.next;
      } else {
        // A return whose call is not linearized yet: undo the last choice.
        if (stack.size() > bestDepth) {
          bestDepth = stack.size();
          List<Integer> prefix = new ArrayList<>();
          stack.descendingIterator().forEachRemaining(f -> prefix.add(f.entry().call.id()));
          best = new Outcome.NotLinearizable(entry.call.id(), prefix, state);
        }
        if (stack.isEmpty()) return best;
        Frame<O, S> top = stack.pop();
        state = top.state();
        linearized = (BitSet) linearized.clone();
        linearized.clear(top.entry().slot);
        top.entry().unlift();
        entry = top.entry().next;
      }
    }
    return new Outcome.Linearizable(steps);
  }
}
