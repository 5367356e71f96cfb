package io.faunus.model.set;

import io.faunus.model.eval.Interp;
import io.faunus.model.value.Value;
import java.util.Iterator;

/** {@code set.pageSize(n)}: the same elements, paginated n at a time by default. */
public final class PagedSet extends SourcedSet {
  private final int pageSize;

  public PagedSet(LazySet source, int pageSize) {
    super(source);
    this.pageSize = pageSize;
  }

  @Override
  public Iterator<Value> iterator(Interp in) {
    return source.iterator(in);
  }

  @Override
  public Iterator<Value> iterator(Interp in, long offset) {
    return source.iterator(in, offset);
  }

  @Override
  public LazySet reverse() {
    return new PagedSet(source.reverse(), pageSize);
  }

  @Override
  public int pageSize() {
    return pageSize;
  }
}
