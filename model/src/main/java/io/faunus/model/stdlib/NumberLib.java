package io.faunus.model.stdlib;

import io.faunus.model.eval.Arity;
import io.faunus.model.value.Value;
import io.faunus.model.value.Value.NumV;
import java.util.Map;

/**
 * Number members. Fauna's number prototype has only operators (done by the evaluator) and toString (from
 * CommonLib); {@code abs()} is a Faunus addition because spec §3.1 shows {@code -2.abs()} evaluating to 2.
 * The {@code Number}/{@code Int}/{@code Long}/{@code Double}/{@code Float} modules live in GlobalLib.
 */
final class NumberLib {
  private NumberLib() {}

  static TypeMembers members() {
    return new TypeMembers()
        .method("abs", Arity.exactly(0), (in, self, args, site) -> MathLib.abs((NumV) self));
  }

  static void register(Map<String, Value> globals) {}
}
