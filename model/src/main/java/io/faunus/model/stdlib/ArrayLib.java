package io.faunus.model.stdlib;

import io.faunus.model.query.ErrorCode;

import io.faunus.fql.Span;
import io.faunus.model.eval.Access;
import io.faunus.model.eval.Arity;
import io.faunus.model.eval.Fn;
import io.faunus.model.eval.Interp;
import io.faunus.model.eval.Limits;
import io.faunus.model.set.ArraySet;
import io.faunus.model.set.Iteration;
import io.faunus.model.set.Ordering;
import io.faunus.model.value.Numbers;
import io.faunus.model.value.Value;
import io.faunus.model.value.Value.*;
import io.faunus.model.value.Values;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Array members (spec §4.4) and the {@code Array} module. Arrays are immutable: every method returns a
 * new array. Callback parameter names in arity errors are Fauna's ({@code predicate}, {@code pred},
 * {@code mapper}, {@code fn}, {@code reducer}, {@code combiner}); the eager folds and searches are shared
 * with sets through {@link Iteration}.
 */
final class ArrayLib {
  private ArrayLib() {}

  static TypeMembers members() {
    return new TypeMembers()
        .prop("length", (in, self) -> new IntV(elems(self).size()))
        .method("at", Arity.exactly(1), ArrayLib::at)
        .method("first", Arity.exactly(0), (in, self, a, s) -> firstOrNull(elems(self), s))
        .method("last", Arity.exactly(0), (in, self, a, s) -> firstOrNull(elems(self).reversed(), s))
        .method("isEmpty", Arity.exactly(0), (in, self, a, s) -> BoolV.of(elems(self).isEmpty()))
        .method("nonEmpty", Arity.exactly(0), (in, self, a, s) -> BoolV.of(!elems(self).isEmpty()))
        .method("includes", Arity.exactly(1), (in, self, a, s) ->
            BoolV.of(Iteration.includes(in, elems(self).iterator(), a.get(0))))
        .method("map", Arity.exactly(1), ArrayLib::map)
        .method("flatMap", Arity.exactly(1), ArrayLib::flatMap)
        .method("where", Arity.exactly(1), (in, self, a, s) -> where(in, self, Args.fn(in, a, 0, "pred", 1, s), s))
        .method("filter", Arity.exactly(1), (in, self, a, s) ->
            where(in, self, Args.fn(in, a, 0, "predicate", 1, s), s))
        .method("forEach", Arity.exactly(1), (in, self, a, s) -> {
          Iteration.forEach(in, elems(self).iterator(), Args.fn(in, a, 0, "fn", 1, s), s);
          return new NullV(s);
        })
        .method("any", Arity.exactly(1), (in, self, a, s) -> BoolV.of(
            Iteration.anyEvery(in, elems(self).iterator(), Args.fn(in, a, 0, "predicate", 1, s), false, s)))
        .method("every", Arity.exactly(1), (in, self, a, s) -> BoolV.of(
            Iteration.anyEvery(in, elems(self).iterator(), Args.fn(in, a, 0, "predicate", 1, s), true, s)))
        .method("firstWhere", Arity.exactly(1), (in, self, a, s) ->
            Iteration.findValue(in, elems(self).iterator(), Args.fn(in, a, 0, "pred", 1, s), s))
        .method("lastWhere", Arity.exactly(1), (in, self, a, s) ->
            Iteration.findValue(in, elems(self).reversed().iterator(), Args.fn(in, a, 0, "pred", 1, s), s))
        .method("indexOf", Arity.range(1, 2), (in, self, a, s) -> indexOf(in, self, a, s, false))
        .method("lastIndexOf", Arity.range(1, 2), (in, self, a, s) -> indexOf(in, self, a, s, true))
        .method("indexWhere", Arity.range(1, 2), (in, self, a, s) -> indexWhere(in, self, a, s, false))
        .method("lastIndexWhere", Arity.range(1, 2), (in, self, a, s) -> indexWhere(in, self, a, s, true))
        .method("fold", Arity.exactly(2), (in, self, a, s) ->
            Iteration.fold(in, elems(self).iterator(), a.get(0), Args.fn(in, a, 1, "reducer", 2, s), s))
        .method("foldRight", Arity.exactly(2), (in, self, a, s) ->
            Iteration.fold(in, elems(self).reversed().iterator(), a.get(0), Args.fn(in, a, 1, "reducer", 2, s), s))
        .method("reduce", Arity.exactly(1), (in, self, a, s) ->
            Iteration.reduce(in, elems(self).iterator(), Args.fn(in, a, 0, "reducer", 2, s), s))
        .method("reduceRight", Arity.exactly(1), (in, self, a, s) ->
            Iteration.reduce(in, elems(self).reversed().iterator(), Args.fn(in, a, 0, "reducer", 2, s), s))
        .method("aggregate", Arity.exactly(2), (in, self, a, s) ->
            Iteration.aggregate(in, elems(self).iterator(), a.get(0), Args.fn(in, a, 1, "combiner", 2, s), s))
        .method("concat", Arity.exactly(1), (in, self, a, s) -> {
          List<Value> other = Args.array(in, a, 0, "other", s).elems();
          // Doubling an array by concat reaches billions of elements in 30 steps: cap it like materialization.
          Limits.checkElements((long) elems(self).size() + other.size(), s, in);
          return new ArrayV(concat(in, elems(self), other));
        })
        .method("append", Arity.exactly(1), (in, self, a, s) ->
            new ArrayV(concat(in, elems(self), List.of(a.get(0)))))
        .method("prepend", Arity.exactly(1), (in, self, a, s) ->
            new ArrayV(concat(in, List.of(a.get(0)), elems(self))))
        .method("slice", Arity.range(1, 2), ArrayLib::slice)
        .method("take", Arity.exactly(1), (in, self, a, s) ->
            slice(elems(self), 0, Args.integer(in, a, 0, "limit", s)))
        .method("drop", Arity.exactly(1), (in, self, a, s) ->
            slice(elems(self), Args.integer(in, a, 0, "amount", s), Long.MAX_VALUE))
        .method("reverse", Arity.exactly(0), (in, self, a, s) -> new ArrayV(elems(self).reversed()))
        .method("distinct", Arity.exactly(0), (in, self, a, s) -> distinct(in, elems(self)))
        .method("order", Arity.atLeast(0), (in, self, a, s) ->
            new ArrayV(Ordering.sort(in, elems(self), Ordering.parse(in, a, s), s)))
        .method("toSet", Arity.exactly(0), (in, self, a, s) -> {
          in.charge(elems(self).size()); // the set keeps its own copy
          return new ArraySet(elems(self));
        })
        .method("flatten", Arity.exactly(0), (in, self, a, s) -> flatten(in, elems(self), s))
        .method("entries", Arity.exactly(0), (in, self, a, s) -> entries(in, elems(self)));
  }

  static void register(Map<String, Value> globals) {
    TypeMembers statics = new TypeMembers().method("sequence", Arity.exactly(2), ArrayLib::sequence);
    GlobalLib.module(globals, "Array", statics, v -> v instanceof ArrayV, null);
  }

  private static List<Value> elems(Value self) {
    return ((ArrayV) self).elems();
  }

  private static Value at(Interp in, Value self, List<Value> args, Span site) {
    List<Value> es = elems(self);
    long i = Args.integer(in, args, 0, "index", site);
    if (i < 0 || i >= es.size()) throw Access.outOfBounds(in, i, es.size(), site);
    return es.get((int) i);
  }

  private static Value firstOrNull(List<Value> es, Span site) {
    return es.isEmpty() ? new NullV(site) : es.get(0);
  }

  private static Value map(Interp in, Value self, List<Value> args, Span site) {
    Fn f = Args.fn(in, args, 0, "mapper", 1, site);
    List<Value> out = new ArrayList<>(elems(self).size());
    for (Value v : elems(self)) out.add(Args.apply(in, f, site, v));
    return new ArrayV(out);
  }

  private static Value flatMap(Interp in, Value self, List<Value> args, Span site) {
    Fn f = Args.fn(in, args, 0, "mapper", 1, site);
    List<Value> out = new ArrayList<>();
    for (Value v : elems(self)) addAll(in, out, requireArray(in, Args.apply(in, f, site, v), site).elems());
    return new ArrayV(out);
  }

  private static Value flatten(Interp in, List<Value> es, Span site) {
    List<Value> out = new ArrayList<>();
    for (Value v : es) addAll(in, out, requireArray(in, v, site).elems());
    return new ArrayV(out);
  }

  /** Copies {@code elems} into {@code out}, charging the copy: a callback may return the same big array each time. */
  private static void addAll(Interp in, List<Value> out, List<Value> elems) {
    in.charge(elems.size());
    out.addAll(elems);
  }

  private static ArrayV requireArray(Interp in, Value v, Span site) {
    if (v instanceof ArrayV a) return a;
    throw in.error(ErrorCode.TYPE_MISMATCH, "expected type: Array<Any>, received " + Values.typeName(v), site);
  }

  private static Value where(Interp in, Value self, Fn pred, Span site) {
    List<Value> out = new ArrayList<>();
    for (Value v : elems(self)) if (Args.test(in, Args.apply(in, pred, site, v), site)) out.add(v);
    return new ArrayV(out);
  }

  /**
   * indexOf(v [, start]) / lastIndexOf(v [, end]): the optional bound must be a valid index
   * (index_out_of_bounds otherwise); lastIndexOf searches at or before {@code end}.
   */
  private static Value indexOf(Interp in, Value self, List<Value> args, Span site, boolean last) {
    List<Value> es = elems(self);
    int bound = bound(in, es, args, last ? "end" : "start", site, last);
    if (last) {
      for (int i = bound; i >= 0; i--) if (Values.equal(es.get(i), args.get(0), in)) return new IntV(i);
    } else {
      for (int i = bound; i < es.size(); i++) if (Values.equal(es.get(i), args.get(0), in)) return new IntV(i);
    }
    return new NullV(site);
  }

  /** indexWhere(pred [, start]) / lastIndexWhere(pred [, end]), bounds as for {@link #indexOf}. */
  private static Value indexWhere(Interp in, Value self, List<Value> args, Span site, boolean last) {
    List<Value> es = elems(self);
    Fn pred = Args.fn(in, args, 0, "predicate", 1, site);
    int bound = bound(in, es, args, last ? "end" : "start", site, last);
    List<Value> range = last ? es.subList(0, bound + 1).reversed() : es.subList(bound, es.size());
    Iteration.Match m = Iteration.find(in, range.iterator(), pred, site);
    if (m == null) return new NullV(site);
    return Numbers.of(last ? bound - m.index() : bound + m.index());
  }

  /** The optional second argument as a checked index; absent: the whole array (from 0 / to the end). */
  private static int bound(Interp in, List<Value> es, List<Value> args, String name, Span site, boolean last) {
    if (args.size() < 2) return last ? es.size() - 1 : 0;
    long i = Args.integer(in, args, 1, name, site);
    if (i < 0 || i >= es.size()) throw Access.outOfBounds(in, i, es.size(), site);
    return (int) i;
  }

  private static Value slice(Interp in, Value self, List<Value> args, Span site) {
    long from = Args.integer(in, args, 0, "from", site);
    long until = args.size() > 1 ? Args.integer(in, args, 1, "until", site) : Long.MAX_VALUE;
    return slice(elems(self), from, until);
  }

  /** Elements [from, until) with both bounds clamped into the array; empty when until ≤ from. */
  private static ArrayV slice(List<Value> es, long from, long until) {
    int f = (int) Math.min(Math.max(0, from), es.size());
    int u = (int) Math.min(Math.max(f, until), es.size());
    return new ArrayV(es.subList(f, u));
  }

  private static List<Value> concat(Interp in, List<Value> a, List<Value> b) {
    in.charge(a.size() + b.size()); // appending in a fold copies the whole array every time
    List<Value> out = new ArrayList<>(a.size() + b.size());
    out.addAll(a);
    out.addAll(b);
    return out;
  }

  /** Keeps the first occurrence of each value, in place; equality is the total order's. */
  private static Value distinct(Interp in, List<Value> es) {
    TreeSet<Value> seen = new TreeSet<>((x, y) -> Values.compare(x, y, in));
    List<Value> out = new ArrayList<>();
    for (Value v : es) if (seen.add(v)) out.add(v);
    return new ArrayV(out);
  }

  private static Value entries(Interp in, List<Value> es) {
    in.charge(es.size());
    List<Value> out = new ArrayList<>(es.size());
    for (int i = 0; i < es.size(); i++) out.add(ArrayV.of(new IntV(i), es.get(i)));
    return new ArrayV(out);
  }

  /** Array.sequence(from, until): the integers from..until-1, at most 16000 of them. */
  private static Value sequence(Interp in, Value self, List<Value> args, Span site) {
    long from = Args.intArg(in, args, 0, "from", site);
    long until = Args.intArg(in, args, 1, "until", site);
    long size = Math.max(0, until - from);
    if (size > Limits.MATERIALIZED_ELEMENTS_MAX) {
      throw in.error(ErrorCode.VALUE_TOO_LARGE, "Value too large: range size " + size + " exceeds limit "
          + Limits.MATERIALIZED_ELEMENTS_MAX + ".", site);
    }
    in.charge(size);
    List<Value> out = new ArrayList<>((int) size);
    for (long i = from; i < until; i++) out.add(Numbers.of(i));
    return new ArrayV(out);
  }
}
