package io.faunus.model.stdlib;

import io.faunus.model.eval.Arity;
import io.faunus.model.eval.Interp;
import io.faunus.model.eval.Member;
import io.faunus.model.eval.NativeImpl;
import io.faunus.model.value.Value;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BiFunction;

/** The members of one built-in type or module, registered once at class-init time. */
public final class TypeMembers {
  private final Map<String, Member> members = new HashMap<>();

  public TypeMembers method(String name, Arity arity, NativeImpl impl) {
    Member prev = members.put(name, new Member.Method(name, arity, impl));
    assert prev == null : "duplicate member " + name;
    return this;
  }

  public TypeMembers prop(String name, BiFunction<Interp, Value, Value> getter) {
    Member prev = members.put(name, new Member.Property(name, getter));
    assert prev == null : "duplicate member " + name;
    return this;
  }

  /** Copies every member of {@code other} not defined here (shared members, e.g. toString). */
  public TypeMembers inherit(TypeMembers other) {
    other.members.forEach(members::putIfAbsent);
    return this;
  }

  public Member get(String name) {
    return members.get(name);
  }
}
