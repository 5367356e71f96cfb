package io.faunus.model.stdlib;

import io.faunus.model.value.Value;
import java.util.Map;

/** TODO: being written. */
final class MathLib {
  private MathLib() {}

  static void register(Map<String, Value> globals) {}
}
