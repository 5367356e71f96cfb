package io.faunus.model.stdlib;

import io.faunus.model.value.Value;
import java.util.Map;

/** TODO: being written. */
final class TimeLib {
  private TimeLib() {}

  static TypeMembers timeMembers() {
    return new TypeMembers();
  }

  static TypeMembers dateMembers() {
    return new TypeMembers();
  }

  static void register(Map<String, Value> globals) {}
}
