package io.faunus.model.eval;

import io.faunus.model.value.Value;

/** Lexical environment: an immutable linked list of bindings, innermost first. */
public record Env(String name, Value value, Env next) {
  public static final Env EMPTY = new Env(null, null, null);

  public Env bind(String n, Value v) {
    return new Env(n, v, this);
  }

  /** The bound value, or null when unbound. */
  public Value lookup(String n) {
    for (Env e = this; e != null && e.name != null; e = e.next) {
      if (e.name.equals(n)) return e.value;
    }
    return null;
  }
}
