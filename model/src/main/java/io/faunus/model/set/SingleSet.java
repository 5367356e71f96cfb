package io.faunus.model.set;

import io.faunus.model.eval.Interp;
import io.faunus.model.value.Value;
import io.faunus.model.value.Value.DocV;
import java.util.Iterator;
import java.util.List;

/** {@code Set.single(v)}. A single document is a streamable source (spec §4.12); other values are not. */
public final class SingleSet extends LazySet {
  private final Value value;

  public SingleSet(Value value) {
    this.value = value;
  }

  public Value value() {
    return value;
  }

  @Override
  public Iterator<Value> iterator(Interp in) {
    return List.of(value).iterator();
  }

  @Override
  public LazySet reverse() {
    return this;
  }

  @Override
  public String streamUnsupportedReason() {
    return value instanceof DocV ? null
        : "streaming on `Set.single()` is only supported if its element is a document.";
  }
}
