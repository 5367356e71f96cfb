package io.faunus.model.set;

import io.faunus.fql.Span;
import io.faunus.model.eval.Interp;
import io.faunus.model.value.Value;
import java.util.Iterator;
import java.util.List;

/**
 * A set whose elements can only be known by reading its whole source first (reverse, order, distinct).
 * The source is materialized on every iteration, capped at 16000 elements (value_too_large): replaying it
 * is what keeps offset-based cursors deterministic without holding state between queries.
 */
public abstract class MaterializingSet extends LazySet {
  protected final LazySet source;
  /** Where the set was built: the location of a value_too_large raised while materializing. */
  protected final Span site;

  MaterializingSet(LazySet source, Span site) {
    this.source = source;
    this.site = site;
  }

  /** The elements of this set, given the materialized source. */
  protected abstract List<Value> compute(Interp in, List<Value> elems);

  @Override
  public final Iterator<Value> iterator(Interp in) {
    return iterator(in, 0);
  }

  @Override
  public final Iterator<Value> iterator(Interp in, long offset) {
    List<Value> all = compute(in, Pages.materialize(in, source, site));
    return all.subList((int) Math.min(Math.max(0, offset), all.size()), all.size()).iterator();
  }

  @Override
  public int pageSize() {
    return source.pageSize();
  }

  public LazySet source() {
    return source;
  }
}
