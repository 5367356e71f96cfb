package io.faunus.model.typer;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code sub <: sup} on types. Conservative by design (conventions: the typechecker must never reject what
 * Fauna accepts): {@code Any}, {@link Type.Unknown} and unbound parameter types are compatible with
 * everything, and shapes this class does not model (documents, functions with parameters) are accepted.
 * Only clear mismatches of scalars, literals, arrays and objects answer false.
 */
final class Subtyping {
  /** Numeric scalars and the scalars they widen to (an Int value satisfies Long and Number fields, §5.2). */
  private static final Map<String, Set<String>> WIDER = Map.of(
      "Int", Set.of("Long", "Number"), "Long", Set.of("Number"), "Double", Set.of("Number", "Float"),
      "Float", Set.of("Number", "Double"));

  private Subtyping() {}

  static boolean isSub(Type subType, Type supType) {
    Type sub = resolve(subType), sup = resolve(supType);
    if (vague(sub) || vague(sup) || sub instanceof Type.Never) return true;
    // A reference is its document or that document's Null stand-in, which is not modelled: never a mismatch.
    if (isRef(sub) || isRef(sup)) return true;
    if (sub instanceof Type.Union u) return u.members().stream().allMatch(m -> isSub(m, sup));
    if (sup instanceof Type.Union u) return u.members().stream().anyMatch(m -> isSub(sub, m));
    return switch (sup) {
      case Type.Named n -> switch (sub) {
        case Type.Named s -> s.name().equals(n.name()) || WIDER.getOrDefault(s.name(), Set.of()).contains(n.name());
        case Type.Lit l -> isSub(l.base(), n);
        default -> false;
      };
      case Type.Lit l -> sub instanceof Type.Lit s && s.display().equals(l.display()) && s.base().equals(l.base());
      case Type.Tuple t -> sub instanceof Type.Tuple s && s.elems().size() == t.elems().size() && all(s.elems(), t.elems());
      case Type.Cons c when c.name().equals("Array") -> switch (sub) {
        case Type.Tuple s -> s.elems().stream().allMatch(e -> isSub(e, c.args().get(0)));
        case Type.Cons s when s.name().equals("Array") -> isSub(s.args().get(0), c.args().get(0));
        default -> false;
      };
      case Type.Cons c -> sub instanceof Type.Cons s && s.name().equals(c.name());
      case Type.Obj o -> sub instanceof Type.Obj s && objSub(s, o);
      case Type.Fn f -> sub instanceof Type.Fn;
      case Type.Module m -> sub instanceof Type.Module s && s.name().equals(m.name());
      default -> true;
    };
  }

  private static boolean all(List<Type> subs, List<Type> sups) {
    for (int i = 0; i < subs.size(); i++) if (!isSub(subs.get(i), sups.get(i))) return false;
    return true;
  }

  private static boolean objSub(Type.Obj sub, Type.Obj sup) {
    for (var f : sup.fields().entrySet()) {
      Type have = sub.fields().get(f.getKey());
      if (have == null ? !acceptsNull(f.getValue()) : !isSub(have, f.getValue())) return false;
    }
    for (var f : sub.fields().entrySet()) {
      if (sup.fields().containsKey(f.getKey())) continue;
      if (sup.wildcard() == null || !isSub(f.getValue(), sup.wildcard())) return false;
    }
    return true;
  }

  /** An absent object field is fine where the declared type admits null. */
  static boolean acceptsNull(Type t) {
    return isSub(Type.NULL, t);
  }

  private static boolean isRef(Type t) {
    return t instanceof Type.Cons c && c.name().equals("Ref");
  }

  static boolean vague(Type t) {
    return t instanceof Type.Top || t instanceof Type.Unknown || t instanceof Type.Var;
  }

  static Type resolve(Type t) {
    return t instanceof Type.Var v ? v.resolve() : t;
  }
}
