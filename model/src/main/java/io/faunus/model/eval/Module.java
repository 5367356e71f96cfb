package io.faunus.model.eval;

import io.faunus.model.value.Value.ModuleV;

/** A module value (Math, Time, a user collection, ...): named static members, optionally callable. */
public interface Module extends ModuleV {
  /** The static member called {@code name}, or null. */
  Member member(Interp in, String name);

  /** What {@code Module(args)} does (e.g. {@code Time("…")}), or null when the module is not callable. */
  default Member.Method callable() {
    return null;
  }

  /** Whether {@code v isa this}. */
  default boolean isInstance(Interp in, io.faunus.model.value.Value v) {
    return false;
  }
}
