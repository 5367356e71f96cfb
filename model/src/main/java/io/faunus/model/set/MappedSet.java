package io.faunus.model.set;

import io.faunus.fql.Span;
import io.faunus.model.eval.Fn;
import io.faunus.model.eval.Interp;
import io.faunus.model.value.Value;
import io.faunus.model.value.Value.SetV;
import java.util.Iterator;
import java.util.List;

/** {@code set.map(fn)}: applies fn lazily, element by element. */
public final class MappedSet extends SourcedSet {
  private final Fn fn;
  private final Span site;

  public MappedSet(SetV source, Fn fn, Span site) {
    super((LazySet) source);
    this.fn = fn;
    this.site = site;
  }

  @Override
  public Iterator<Value> iterator(Interp in) {
    return iterator(in, 0);
  }

  @Override
  public Iterator<Value> iterator(Interp in, long offset) {
    Iterator<Value> it = source.iterator(in, offset);
    return new Iterator<>() {
      public boolean hasNext() {
        return it.hasNext();
      }

      public Value next() {
        return in.call(fn, List.of(it.next()), site);
      }
    };
  }

  /** Mapping commutes with reversal, so the source is reversed instead of the mapped values. */
  @Override
  public LazySet reverse() {
    return new MappedSet(source.reverse(), fn, site);
  }

  public Fn fn() {
    return fn;
  }
}
