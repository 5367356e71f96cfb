package io.faunus.model.eval;

import io.faunus.fql.Span;
import io.faunus.model.value.Value;
import java.util.List;

/** A built-in function value, optionally bound to a receiver ({@code "abc".toUpperCase}). */
public record NativeFn(String name, Arity arity, NativeImpl impl, Value self) implements Fn {
  @Override
  public Value invoke(Interp in, List<Value> args, Span site) {
    in.checkArity(arity, args.size(), site);
    return impl.call(in, self, args, site);
  }

  @Override
  public String display() {
    return "[function " + name + "()]";
  }
}
