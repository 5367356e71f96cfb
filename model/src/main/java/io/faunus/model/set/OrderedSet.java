package io.faunus.model.set;

import io.faunus.fql.Span;
import io.faunus.model.eval.Interp;
import io.faunus.model.value.Value;
import java.util.List;

/** {@code set.order(o1, o2, …)}: materializes (≤ 16000) and sorts stably (ties keep input order). */
public final class OrderedSet extends MaterializingSet {
  private final List<Ordering> orderings;

  public OrderedSet(LazySet source, List<Ordering> orderings, Span site) {
    super(source, site);
    this.orderings = List.copyOf(orderings);
  }

  @Override
  protected List<Value> compute(Interp in, List<Value> elems) {
    return Ordering.sort(in, elems, orderings, site);
  }

  /** Reversal flips every direction; ties still keep input order (as Fauna does). */
  @Override
  public LazySet reverse() {
    List<Ordering> flipped = orderings.isEmpty() ? List.of(Ordering.IDENTITY_DESC)
        : orderings.stream().map(Ordering::flip).toList();
    return new OrderedSet(source, flipped, site);
  }

  @Override
  public String streamUnsupportedReason() {
    return "streaming is not supported on sets returned from `.order()`.";
  }

  public List<Ordering> orderings() {
    return orderings;
  }
}
