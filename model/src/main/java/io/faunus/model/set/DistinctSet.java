package io.faunus.model.set;

import io.faunus.fql.Span;
import io.faunus.model.eval.Interp;
import io.faunus.model.value.Value;
import io.faunus.model.value.Values;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code set.distinct()}: materializes (≤ 16000) and keeps one of each value. Like Fauna, the result
 * comes out sorted by the total order of values (a set has no positions a caller could rely on), unlike
 * {@code array.distinct()}, which keeps first occurrences in place.
 */
public final class DistinctSet extends MaterializingSet {
  public DistinctSet(LazySet source, Span site) {
    super(source, site);
  }

  @Override
  protected List<Value> compute(Interp in, List<Value> elems) {
    List<Value> sorted = new ArrayList<>(elems);
    sorted.sort((a, b) -> Values.compare(a, b, in));
    List<Value> out = new ArrayList<>();
    for (Value v : sorted) {
      if (out.isEmpty() || Values.compare(out.get(out.size() - 1), v, in) != 0) out.add(v);
    }
    return out;
  }

  @Override
  public String streamUnsupportedReason() {
    return "streaming is not supported on distinct sets.";
  }
}
