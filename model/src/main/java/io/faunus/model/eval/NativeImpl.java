package io.faunus.model.eval;

import io.faunus.fql.Span;
import io.faunus.model.value.Value;
import java.util.List;

/** Body of a built-in method: {@code self} is the receiver (null for module functions). */
@FunctionalInterface
public interface NativeImpl {
  Value call(Interp in, Value self, List<Value> args, Span site);
}
