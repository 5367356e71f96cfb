package io.faunus.model.db;

import io.faunus.fql.Span;
import io.faunus.model.eval.Interp;
import io.faunus.model.query.QueryOutcome.ConstraintFailure;
import io.faunus.model.value.Value;
import io.faunus.model.value.Value.*;
import io.faunus.model.value.Values;
import java.util.ArrayList;
import java.util.List;

/** Collects constraint failures of a schema document with their field paths, then throws them at once. */
final class Failures {
  private final List<ConstraintFailure> list = new ArrayList<>();

  void add(List<Object> path, String message) {
    list.add(new ConstraintFailure(List.of(List.copyOf(path)), message));
  }

  /** Checks that {@code v} is absent/null or of the expected kind; records "Expected T, provided U". */
  boolean expect(List<Object> path, Value v, Class<? extends Value> kind, String typeText, boolean nullable) {
    if (v == null || v instanceof NullV) {
      if (!nullable) add(path, "Missing required field of type " + typeText);
      return false;
    }
    if (kind.isInstance(v)) return true;
    add(path, "Expected " + typeText + (nullable ? " | Null" : "") + ", provided " + typeOf(v));
    return false;
  }

  /** Records "Unexpected field provided" for every top-level key of {@code obj} outside {@code allowed}. */
  void unexpected(ObjectV obj, java.util.Set<String> allowed) {
    for (String k : obj.fields().keySet()) if (!allowed.contains(k)) add(List.of(k), "Unexpected field provided");
  }

  static String typeOf(Value v) {
    return switch (v) {
      case ObjectV o -> "{ *: Any }";
      case ArrayV a -> "Array<Any>";
      default -> Values.typeName(v);
    };
  }

  static List<Object> path(List<Object> base, Object... more) {
    List<Object> p = new ArrayList<>(base);
    p.addAll(List.of(more));
    return p;
  }

  boolean isEmpty() {
    return list.isEmpty();
  }

  void throwIfAny(Interp in, String message, Span site) {
    if (!list.isEmpty()) throw Writes.constraint(in, message, site, list);
  }
}
