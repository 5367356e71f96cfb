package io.faunus.model.events;

import io.faunus.fql.Span;
import io.faunus.model.db.DbContext;
import io.faunus.model.db.DocSet;
import io.faunus.model.eval.Fn;
import io.faunus.model.eval.Interp;
import io.faunus.model.set.LazySet;
import io.faunus.model.set.MappedSet;
import io.faunus.model.set.PagedSet;
import io.faunus.model.set.SingleSet;
import io.faunus.model.set.WhereSet;
import io.faunus.model.stdlib.Args;
import io.faunus.model.value.Value;
import io.faunus.model.value.Value.DocV;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A watchable set taken apart (spec §4.12): its source (a collection scan, an index partition, or
 * {@code Set.single(doc)}) and the {@code where}/{@code map} steps applied to each element, innermost first.
 * {@link #apply} runs one document through it as the running query reads it now, so running it at the
 * times before and after a commit says whether the document left, entered or stayed in the set.
 */
record Pipeline(LazySet root, List<Step> steps) {

  sealed interface Step {
    record Where(Fn pred, Span site) implements Step {}

    record Map(Fn fn, Span site) implements Step {}
  }

  static Pipeline of(LazySet set) {
    List<Step> steps = new ArrayList<>();
    LazySet s = set;
    while (true) {
      switch (s) {
        case WhereSet w -> {
          steps.add(0, new Step.Where(w.predicate(), null));
          s = w.source();
        }
        case MappedSet m -> {
          steps.add(0, new Step.Map(m.fn(), null));
          s = m.source();
        }
        case PagedSet p -> s = p.source();
        default -> {
          return new Pipeline(s, List.copyOf(steps));
        }
      }
    }
  }

  /** The single document a {@code Set.single(doc)} source watches, or null for a collection or index source. */
  DocV single() {
    return root instanceof SingleSet s && s.value() instanceof DocV d ? d : null;
  }

  /** The element {@code d} becomes in the set as read now, or empty when it is not in the set. */
  Optional<Value> apply(Interp in, DbContext db, DocV d) {
    boolean member = switch (root) {
      case DocSet ds -> ds.contains(in, d);
      case SingleSet s -> s.value().equals(d) && db.exists(in, d);
      default -> false;
    };
    if (!member) return Optional.empty();
    Value v = d;
    for (Step step : steps) {
      switch (step) {
        case Step.Where w -> {
          if (!Args.test(in, in.call(w.pred(), List.of(v), w.site()), w.site())) return Optional.empty();
        }
        case Step.Map m -> v = in.call(m.fn(), List.of(v), m.site());
      }
    }
    return Optional.of(v);
  }
}
