package io.faunus.model.typer;

import java.util.List;
import java.util.Map;

/**
 * The static types of FQL v10 (schema-v10.md §5.1, §6): what the typechecker infers and what signatures
 * declare. {@link Unknown} is the typechecker's own "not sure" (an untyped or unmodelled thing); it is
 * compatible with everything in both directions so that inference never rejects what it does not
 * understand, and it renders as {@code Any}, which is how Fauna shows untyped values.
 */
sealed interface Type {
  Type ANY = new Top();
  Type UNKNOWN = new Unknown();
  Type NEVER = new Never();
  Type STRING = new Named("String");
  Type NUMBER = new Named("Number");
  Type INT = new Named("Int");
  Type LONG = new Named("Long");
  Type DOUBLE = new Named("Double");
  Type BOOLEAN = new Named("Boolean");
  Type NULL = new Named("Null");
  Type TIME = new Named("Time");
  Type DATE = new Named("Date");
  Type ID = new Named("ID");

  /** Declared {@code Any}. */
  record Top() implements Type {}

  /** Inference gave up here; never the cause of an error. */
  record Unknown() implements Type {}

  record Never() implements Type {}

  /** A named type without parameters: scalars ({@code String}, {@code Int}, …), documents, modules. */
  record Named(String name) implements Type {}

  /** A singleton: {@code "cart"}, {@code 42}, {@code true}; {@code base} is the scalar it belongs to. */
  record Lit(String display, Named base) implements Type {}

  /** {@code A | B}, members flattened and without duplicates, in inference order. */
  record Union(List<Type> members) implements Type {}

  /** {@code { a: T, *: W }}: fields in order; {@code wildcard} null when the object is closed. */
  record Obj(Map<String, Type> fields, Type wildcard) implements Type {}

  /** {@code [A, B]}: an array whose length and element types are known (an array literal). */
  record Tuple(List<Type> elems) implements Type {}

  /** {@code Name<A, …>}: {@code Array<T>}, {@code Set<T>}, {@code Ref<T>}. */
  record Cons(String name, List<Type> args) implements Type {}

  /**
   * {@code (a: A, b: B) => R} ({@code names} null: unnamed parameters, shown {@code A => R}). {@code arityKnown}:
   * the function takes exactly {@code params.size()} arguments (a lambda, a modelled signature), so a call with
   * another count is an error; false where the parameters are a placeholder (unmodelled library members).
   */
  record Fn(List<Type> params, List<String> names, Type ret, boolean arityKnown) implements Type {
    Fn(List<Type> params, List<String> names, Type ret) {
      this(params, names, ret, true);
    }
  }

  /**
   * A module or collection value ({@code Math} → {@code MathModule}, {@code Person} →
   * {@code PersonCollection}). {@code closed}: every member that exists at runtime is listed, so a name
   * not listed is certainly an error; otherwise unlisted members are {@link Unknown}.
   */
  record Module(String name, Map<String, Type> members, boolean closed) implements Type {}

  /**
   * A lambda parameter's type while its body is inferred: bound by the first use that fixes it (an
   * arithmetic operand is a {@code Number}); unbound ones are generic and render as {@code A}, {@code B}, ….
   */
  final class Var implements Type {
    Type bound;

    Type resolve() {
      return bound == null ? this : bound instanceof Var v ? v.resolve() : bound;
    }
  }

  static Type array(Type elem) {
    return new Cons("Array", List.of(elem));
  }

  static Type set(Type elem) {
    return new Cons("Set", List.of(elem));
  }

  static Type nullable(Type t) {
    return union(List.of(t, NULL));
  }

  /** A union flattened, without duplicates; one member is itself; Unknown absorbs everything. */
  static Type union(List<Type> members) {
    java.util.List<Type> out = new java.util.ArrayList<>();
    for (Type m : members) {
      Type r = m instanceof Var v ? v.resolve() : m;
      if (r instanceof Unknown || r instanceof Top) return r;
      if (r instanceof Never) continue;
      for (Type x : r instanceof Union u ? u.members() : List.of(r)) if (!out.contains(x)) out.add(x);
    }
    if (out.isEmpty()) return NEVER;
    return out.size() == 1 ? out.get(0) : new Union(List.copyOf(out));
  }
}
