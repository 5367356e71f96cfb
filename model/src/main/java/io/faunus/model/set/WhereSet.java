package io.faunus.model.set;

import io.faunus.fql.Span;
import io.faunus.model.eval.Fn;
import io.faunus.model.eval.Interp;
import io.faunus.model.stdlib.Args;
import io.faunus.model.value.Value;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/** {@code set.where(pred)}: keeps the elements for which pred returns true; null counts as false. */
public final class WhereSet extends SourcedSet {
  private final Fn pred;
  private final Span site;

  public WhereSet(LazySet source, Fn pred, Span site) {
    super(source);
    this.pred = pred;
    this.site = site;
  }

  @Override
  public Iterator<Value> iterator(Interp in) {
    Iterator<Value> it = source.iterator(in);
    // Looks ahead one element: hasNext() must run the predicate to know whether a match remains.
    return new Iterator<>() {
      private Value next;

      public boolean hasNext() {
        while (next == null && it.hasNext()) {
          Value v = it.next();
          if (Args.test(in, in.call(pred, List.of(v), site), site)) next = v;
        }
        return next != null;
      }

      public Value next() {
        if (!hasNext()) throw new NoSuchElementException();
        Value v = next;
        next = null;
        return v;
      }
    };
  }

  /** Filtering commutes with reversal. */
  @Override
  public LazySet reverse() {
    return new WhereSet(source.reverse(), pred, site);
  }

  public Fn predicate() {
    return pred;
  }
}
