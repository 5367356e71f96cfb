package io.faunus.model.eval;

import io.faunus.fql.Span;
import io.faunus.model.value.Value;
import io.faunus.model.value.Value.FuncV;
import java.util.List;

/** A callable value: closures, native functions and user-defined functions. */
public interface Fn extends FuncV {
  Arity arity();

  /** Invokes with already-evaluated arguments; {@code site} is the caller's argument-list span. */
  Value invoke(Interp in, List<Value> args, Span site);
}
