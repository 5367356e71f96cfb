package io.faunus.model.eval;

import io.faunus.fql.Span;
import io.faunus.model.value.Value;
import java.util.function.BiFunction;

/** A member of a built-in type or module: a property (read by {@code .name}) or a method. */
public sealed interface Member {
  record Property(String name, BiFunction<Interp, Value, Value> getter) implements Member {}

  record Method(String name, Arity arity, NativeImpl impl) implements Member {
    /** The method as a first-class function value bound to {@code self}. */
    public NativeFn bind(Value self) {
      return new NativeFn(name, arity, impl, self);
    }

    public Value invoke(Interp in, Value self, java.util.List<Value> args, Span site) {
      in.checkArity(arity, args.size(), site);
      return impl.call(in, self, args, site);
    }
  }
}
