package io.faunus.model.typer;

import java.util.List;
import java.util.Set;

/**
 * Result types of the library methods of values that the typechecker models (FQL v10 §4: String, Array, Set),
 * for {@code static_type}: {@code "foo".concat("bar")} → {@code String}, {@code Author.all().first()} →
 * {@code Author | Null}, {@code [1, 2].map(x => x + 1)} → {@code Array<Number>}. Anything else is Unknown: a
 * method missing here is never an error.
 */
final class Methods {
  private static final Set<String> SAME_COLLECTION = Set.of("where", "filter", "order", "reverse", "distinct",
      "take", "drop", "concat", "append", "prepend");
  private static final Set<String> BOOLEAN = Set.of("isEmpty", "nonEmpty", "includes", "every", "any", "startsWith",
      "endsWith", "exists");
  private static final Set<String> STRING_TO_STRING = Set.of("concat", "toLowerCase", "toUpperCase", "trim",
      "trimStart", "trimEnd", "replace", "replaceAll", "slice", "insert", "toString", "casefold");

  private Methods() {}

  /** The element type of an array or set, or null when {@code t} is neither. */
  static Type element(Type t) {
    return switch (Subtyping.resolve(t)) {
      case Type.Cons c when (c.name().equals("Array") || c.name().equals("Set")) && c.args().size() == 1 -> c.args().get(0);
      case Type.Tuple tu -> tu.elems().isEmpty() ? Type.UNKNOWN : Type.union(tu.elems());
      default -> null;
    };
  }

  static boolean isString(Type t) {
    Type r = Subtyping.resolve(t);
    return !Subtyping.vague(r) && Subtyping.isSub(r, Type.STRING);
  }

  /** {@code recv.name} read as a field (not called). */
  static Type property(Type recv, String name) {
    if (name.equals("length") && (isString(recv) || Subtyping.resolve(recv) instanceof Type.Tuple
        || element(recv) != null && !isSet(recv))) {
      return Type.NUMBER;
    }
    return Type.UNKNOWN;
  }

  /**
   * The types {@code recv.name(…)} passes to a function argument, given the arguments before it: the element
   * for most methods; {@code reduce} passes (accumulator, element), both elements; {@code fold(seed, f)} passes
   * (accumulator, element) with the accumulator typed as the seed's scalar. Empty: not known.
   */
  static List<Type> callbackParams(String name, Type elem, List<Type> argsBefore) {
    if (elem == null) return List.of();
    return switch (name) {
      case "reduce", "reduceRight" -> List.of(elem, elem);
      case "fold", "foldRight" -> argsBefore.size() == 1 ? List.of(ArgCheck.widen(argsBefore.get(0)), elem) : List.of();
      default -> List.of(elem);
    };
  }

  /** {@code recv.name(args)}; {@code elem} is {@link #element(Type)} of the receiver. */
  static Type call(Type recv, Type elem, String name, List<Type> args) {
    if (elem == null) {
      if (!isString(recv)) return Type.UNKNOWN;
      if (STRING_TO_STRING.contains(name)) return Type.STRING;
      if (BOOLEAN.contains(name)) return Type.BOOLEAN;
      if (name.equals("split")) return Type.array(Type.STRING);
      if (name.equals("indexOf") || name.equals("lastIndexOf")) return Type.nullable(Type.NUMBER);
      return Type.UNKNOWN;
    }
    String kind = isSet(recv) ? "Set" : "Array";
    return switch (name) {
      case "first", "last" -> Type.nullable(elem);
      case "map" -> args.size() == 1 && Subtyping.resolve(args.get(0)) instanceof Type.Fn f
          ? new Type.Cons(kind, List.of(f.ret())) : Type.UNKNOWN;
      case "flatMap" -> args.size() == 1 && Subtyping.resolve(args.get(0)) instanceof Type.Fn f && element(f.ret()) != null
          && !Subtyping.vague(Subtyping.resolve(element(f.ret()))) ? new Type.Cons(kind, List.of(join(element(f.ret())))) : Type.UNKNOWN;
      case "reduce", "reduceRight" -> args.size() == 1 && Subtyping.resolve(args.get(0)) instanceof Type.Fn f
          && !Subtyping.vague(Subtyping.resolve(f.ret())) ? Type.nullable(join(f.ret())) : Type.nullable(join(elem));
      case "fold", "foldRight" -> args.size() == 2 && Subtyping.resolve(args.get(1)) instanceof Type.Fn f
          && !Subtyping.vague(Subtyping.resolve(f.ret())) ? join(f.ret()) : Type.UNKNOWN;
      case "indexOf", "lastIndexOf", "indexWhere", "lastIndexWhere" -> Type.nullable(Type.NUMBER);
      case "isEmpty", "nonEmpty" -> Type.BOOLEAN;
      case "toArray" -> Type.array(elem);
      case "toSet" -> Type.set(elem);
      case "count" -> Type.NUMBER;
      default -> SAME_COLLECTION.contains(name) && !name.equals("concat") ? new Type.Cons(kind, List.of(elem))
          : BOOLEAN.contains(name) ? Type.BOOLEAN : Type.UNKNOWN;
    };
  }

  /**
   * A union without the members another member already covers ({@code Number | 0} is {@code Number}), as Fauna
   * shows the results of {@code flatMap}, {@code fold} and {@code reduce}; literals alone stay literals.
   */
  static Type join(Type t) {
    if (!(Subtyping.resolve(t) instanceof Type.Union u)) return t;
    List<Type> kept = new java.util.ArrayList<>();
    for (Type m : u.members()) {
      boolean covered = false;
      for (Type o : u.members()) covered |= o != m && !(o instanceof Type.Lit) && Subtyping.isSub(m, o) && !Subtyping.isSub(o, m);
      if (!covered) kept.add(m);
    }
    return Type.union(kept);
  }

  private static boolean isSet(Type t) {
    return Subtyping.resolve(t) instanceof Type.Cons c && c.name().equals("Set");
  }
}
