package io.faunus.model.stdlib;

import io.faunus.model.query.ErrorCode;

import io.faunus.fql.Span;
import io.faunus.model.eval.Arity;
import io.faunus.model.eval.Cursors;
import io.faunus.model.eval.Display;
import io.faunus.model.eval.Interp;
import io.faunus.model.events.EventSource;
import io.faunus.model.events.EventSources;
import io.faunus.model.set.ArraySet;
import io.faunus.model.set.ConcatSet;
import io.faunus.model.set.DistinctSet;
import io.faunus.model.set.DropSet;
import io.faunus.model.set.FlatMappedSet;
import io.faunus.model.set.Iteration;
import io.faunus.model.set.LazySet;
import io.faunus.model.set.MappedSet;
import io.faunus.model.set.OrderedSet;
import io.faunus.model.set.Ordering;
import io.faunus.model.set.PagedSet;
import io.faunus.model.set.Pages;
import io.faunus.model.set.SequenceSet;
import io.faunus.model.set.SingleSet;
import io.faunus.model.set.TakeSet;
import io.faunus.model.set.WhereSet;
import io.faunus.model.value.Numbers;
import io.faunus.model.value.Value;
import io.faunus.model.value.Value.*;
import java.util.List;
import java.util.Map;

/**
 * Set members (spec §4.3) and the {@code Set} module. Lazy methods build a set description from
 * {@code io.faunus.model.set}; eager ones iterate it, sharing their logic with arrays through
 * {@link Iteration}. Callback parameter names in arity errors are Fauna's (note {@code pred} for
 * where/firstWhere/lastWhere and {@code func} for forEach, unlike arrays).
 */
final class SetLib {
  private SetLib() {}

  static TypeMembers members() {
    return new TypeMembers()
        // ---- lazy
        .method("where", Arity.exactly(1), (in, self, a, s) -> new WhereSet(set(self), Args.fn(in, a, 0, "pred", 1, s), s))
        .method("map", Arity.exactly(1), (in, self, a, s) -> new MappedSet(set(self), Args.fn(in, a, 0, "mapper", 1, s), s))
        .method("flatMap", Arity.exactly(1), (in, self, a, s) ->
            new FlatMappedSet(set(self), Args.fn(in, a, 0, "mapper", 1, s), s))
        .method("order", Arity.atLeast(0), (in, self, a, s) -> new OrderedSet(set(self), Ordering.parse(in, a, s), s))
        .method("take", Arity.exactly(1), SetLib::take)
        .method("drop", Arity.exactly(1), (in, self, a, s) -> new DropSet(set(self), Args.integer(in, a, 0, "amount", s)))
        .method("reverse", Arity.exactly(0), (in, self, a, s) -> set(self).reverse())
        .method("distinct", Arity.exactly(0), (in, self, a, s) -> new DistinctSet(set(self), s))
        .method("concat", Arity.exactly(1), (in, self, a, s) -> new ConcatSet(set(self), setArg(in, a, 0, "other", s)))
        .method("pageSize", Arity.exactly(1), (in, self, a, s) ->
            new PagedSet(set(self), Pages.checkPageSize(in, Args.num(in, a, 0, "size", s), "size", s)))
        .method("toSet", Arity.exactly(0), (in, self, a, s) -> self)
        // ---- event sources (spec §4.12)
        .method("eventSource", Arity.exactly(0), (in, self, a, s) -> EventSources.of(in, set(self), "eventSource", s))
        .method("toStream", Arity.exactly(0), (in, self, a, s) -> EventSources.of(in, set(self), "toStream", s))
        .method("eventsOn", Arity.atLeast(1), (in, self, a, s) -> EventSources.on(in, set(self), a, "eventsOn", s))
        .method("changesOn", Arity.atLeast(1), (in, self, a, s) -> EventSources.on(in, set(self), a, "changesOn", s))
        // ---- eager
        .method("first", Arity.exactly(0), (in, self, a, s) -> first(set(self), in, s))
        .method("last", Arity.exactly(0), (in, self, a, s) -> first(set(self).reverse(), in, s))
        .method("firstWhere", Arity.exactly(1), (in, self, a, s) ->
            Iteration.findValue(in, set(self).iterator(in), Args.fn(in, a, 0, "pred", 1, s), s))
        .method("lastWhere", Arity.exactly(1), (in, self, a, s) ->
            Iteration.findValue(in, set(self).reverse().iterator(in), Args.fn(in, a, 0, "pred", 1, s), s))
        .method("isEmpty", Arity.exactly(0), (in, self, a, s) -> BoolV.of(!set(self).iterator(in).hasNext()))
        .method("nonEmpty", Arity.exactly(0), (in, self, a, s) -> BoolV.of(set(self).iterator(in).hasNext()))
        .method("count", Arity.exactly(0), (in, self, a, s) -> Numbers.of(Iteration.count(in, set(self).iterator(in))))
        .method("toArray", Arity.exactly(0), (in, self, a, s) -> new ArrayV(Pages.materialize(in, set(self), s)))
        .method("paginate", Arity.range(0, 1), SetLib::paginate)
        .method("includes", Arity.exactly(1), (in, self, a, s) ->
            BoolV.of(Iteration.includes(in, set(self).iterator(in), a.get(0))))
        .method("any", Arity.exactly(1), (in, self, a, s) -> BoolV.of(
            Iteration.anyEvery(in, set(self).iterator(in), Args.fn(in, a, 0, "predicate", 1, s), false, s)))
        .method("every", Arity.exactly(1), (in, self, a, s) -> BoolV.of(
            Iteration.anyEvery(in, set(self).iterator(in), Args.fn(in, a, 0, "predicate", 1, s), true, s)))
        .method("forEach", Arity.exactly(1), (in, self, a, s) -> {
          Iteration.forEach(in, set(self).iterator(in), Args.fn(in, a, 0, "func", 1, s), s);
          return new NullV(s);
        })
        .method("fold", Arity.exactly(2), (in, self, a, s) ->
            Iteration.fold(in, set(self).iterator(in), a.get(0), Args.fn(in, a, 1, "reducer", 2, s), s))
        .method("foldRight", Arity.exactly(2), (in, self, a, s) -> Iteration.fold(in,
            set(self).reverse().iterator(in), a.get(0), Args.fn(in, a, 1, "reducer", 2, s), s))
        .method("reduce", Arity.exactly(1), (in, self, a, s) ->
            Iteration.reduce(in, set(self).iterator(in), Args.fn(in, a, 0, "reducer", 2, s), s))
        .method("reduceRight", Arity.exactly(1), (in, self, a, s) ->
            Iteration.reduce(in, set(self).reverse().iterator(in), Args.fn(in, a, 0, "reducer", 2, s), s))
        .method("aggregate", Arity.exactly(2), (in, self, a, s) -> Iteration.aggregate(in,
            set(self).iterator(in), a.get(0), Args.fn(in, a, 1, "combiner", 2, s), s));
  }

  /** Members of an event source (spec §4.12): filtering and mapping it filters and maps its set. */
  static TypeMembers eventSourceMembers() {
    return new TypeMembers()
        .method("where", Arity.exactly(1), (in, self, a, s) -> EventSources.wrap(source(self),
            new WhereSet(source(self).set(), Args.fn(in, a, 0, "pred", 1, s), s)))
        .method("map", Arity.exactly(1), (in, self, a, s) -> EventSources.wrap(source(self),
            new MappedSet(source(self).set(), Args.fn(in, a, 0, "mapper", 1, s), s)));
  }

  private static EventSource source(Value self) {
    return (EventSource) self;
  }

  static void register(Map<String, Value> globals) {
    TypeMembers statics = new TypeMembers()
        .method("single", Arity.exactly(1), (in, self, a, s) -> new SingleSet(a.get(0)))
        .method("sequence", Arity.exactly(2), (in, self, a, s) ->
            new SequenceSet(Args.intArg(in, a, 0, "from", s), Args.intArg(in, a, 1, "until", s)))
        .method("paginate", Arity.range(1, 2), SetLib::paginateCursor);
    GlobalLib.module(globals, "Set", statics, v -> v instanceof SetV, null);
  }

  private static LazySet set(Value self) {
    return (LazySet) self;
  }

  private static LazySet setArg(Interp in, List<Value> args, int i, String name, Span site) {
    if (args.get(i) instanceof LazySet s) return s;
    throw Args.type(in, name, "Set<Any>", args.get(i), site);
  }

  private static Value first(LazySet set, Interp in, Span site) {
    var it = set.iterator(in);
    return it.hasNext() ? it.next() : new NullV(site);
  }

  /** take(n): n < 0 is invalid_bounds; take(0) is the empty set without touching the source. */
  private static Value take(Interp in, Value self, List<Value> args, Span site) {
    long n = Args.integer(in, args, 0, "limit", site);
    if (n < 0) {
      throw in.error(ErrorCode.INVALID_BOUNDS, "expected `limit` to be greater than 0, received "
          + Display.debug(in, args.get(0)), site);
    }
    return n == 0 ? new ArraySet(List.of()) : new TakeSet(set(self), n);
  }

  /** set.paginate([size]): the first page as a plain {data, after?} object, not a set. */
  private static Value paginate(Interp in, Value self, List<Value> args, Span site) {
    LazySet s = set(self);
    int size = args.isEmpty() ? s.pageSize() : Pages.checkPageSize(in, Args.num(in, args, 0, "size", site), "size", site);
    return Pages.pageObject(in, s, 0, size, Pages.snapshotMicros(in));
  }

  /**
   * Set.paginate(cursor [, size]): the next page of the set the cursor was issued for, with the cursor's
   * page size unless one is given, still bound to the snapshot of the query that issued the first cursor.
   */
  private static Value paginateCursor(Interp in, Value self, List<Value> args, Span site) {
    String cursor = Args.str(in, args, 0, "cursor", site);
    Integer size = args.size() > 1 ? Pages.checkPageSize(in, Args.num(in, args, 1, "size", site), "size", site) : null;
    Cursors.Position pos = in.ctx().cursors().resolve(in, cursor, site);
    LazySet s = (LazySet) pos.set();
    int pageSize = size != null ? size : pos.pageSize();
    return in.ctx().readingAt(pos.snapshotMicros(),
        () -> Pages.pageObject(in, s, pos.offset(), pageSize, pos.snapshotMicros()));
  }
}
