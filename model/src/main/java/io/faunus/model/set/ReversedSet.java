package io.faunus.model.set;

import io.faunus.model.eval.Interp;
import io.faunus.model.value.Value;
import java.util.List;

/** {@code set.reverse()} for sets that cannot walk backwards: materializes (≤ 16000) and reverses. */
public final class ReversedSet extends MaterializingSet {
  public ReversedSet(LazySet source) {
    super(source, null);
  }

  @Override
  protected List<Value> compute(Interp in, List<Value> elems) {
    return elems.reversed();
  }

  @Override
  public LazySet reverse() {
    return source;
  }

  @Override
  public String streamUnsupportedReason() {
    return "streaming is not supported on sets that have been reversed.";
  }
}
