package io.faunus.model.stdlib;

import io.faunus.model.value.Value;
import java.util.Map;

/** TODO: being written. */
final class SetLib {
  private SetLib() {}

  static TypeMembers members() {
    return new TypeMembers();
  }

  static void register(Map<String, Value> globals) {}
}
