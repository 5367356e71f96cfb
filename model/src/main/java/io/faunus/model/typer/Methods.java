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
      case "toArray" -> Type.array(elem);
      case "toSet" -> Type.set(elem);
      case "count" -> Type.NUMBER;
      default -> SAME_COLLECTION.contains(name) && !name.equals("concat") ? new Type.Cons(kind, List.of(elem))
          : BOOLEAN.contains(name) ? Type.BOOLEAN : Type.UNKNOWN;
    };
  }

  private static boolean isSet(Type t) {
    return Subtyping.resolve(t) instanceof Type.Cons c && c.name().equals("Set");
  }
}
