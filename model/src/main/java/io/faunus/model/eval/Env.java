package io.faunus.model.eval;

import io.faunus.model.value.Meter;
import io.faunus.model.value.Value;

/** Lexical environment: an immutable linked list of bindings, innermost first. */
public record Env(String name, Value value, Env next) {
  public static final Env EMPTY = new Env(null, null, null);

  public Env bind(String n, Value v) {
    return new Env(n, v, this);
  }

  /** Bindings compared per unit of work charged by {@link #lookup(String, Meter)}. */
  private static final int BINDINGS_PER_UNIT = 16;

  /** The bound value, or null when unbound. */
  public Value lookup(String n) {
    return lookup(n, Meter.NONE);
  }

  /**
   * Like {@link #lookup(String)}, charging {@code m} for the bindings walked: a query of a million
   * {@code let}s makes every lookup of an outer name (and of every global) walk them all.
   */
  public Value lookup(String n, Meter m) {
    long walked = 0;
    try {
      for (Env e = this; e != null && e.name != null; e = e.next) {
        walked++;
        if (e.name.equals(n)) return e.value;
      }
      return null;
    } finally {
      m.charge(walked / BINDINGS_PER_UNIT);
    }
  }
}
