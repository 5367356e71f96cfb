package io.faunus.model.stdlib;

import io.faunus.model.eval.Interp;
import io.faunus.model.eval.Member;
import io.faunus.model.eval.Module;
import io.faunus.model.value.Value;
import java.util.function.Predicate;

/**
 * A built-in module: Math, Time, String, ... {@code isa} tests instances with {@code instance};
 * {@code callable} is what {@code Name(args)} does (e.g. {@code Time("…")}).
 */
public record BuiltinModule(String name, TypeMembers statics, Member.Method callable, Predicate<Value> instance)
    implements Module {

  @Override
  public Member member(Interp in, String n) {
    return statics.get(n);
  }

  @Override
  public boolean isInstance(Interp in, Value v) {
    return instance.test(v);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BuiltinModule m && m.name.equals(name);
  }

  @Override
  public int hashCode() {
    return name.hashCode();
  }
}
