package io.faunus.model.typer;

import java.util.IdentityHashMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Fauna's canonical display of a type (schema-v10.md §5.1): {@code A | B}, {@code { a: T, *: U }},
 * {@code [A, B]}, {@code Set<T>}, {@code A => B}, {@code (x: A) => B}, literals as literals. Unbound
 * lambda parameter types are named {@code A}, {@code B}, … in order of appearance, per rendering.
 */
final class TypeDisplay {
  private final Map<Type.Var, String> varNames = new IdentityHashMap<>();

  private TypeDisplay() {}

  static String show(Type t) {
    return new TypeDisplay().render(t, false);
  }

  /** {@code inUnion}: a function type inside a union needs parentheses ({@code =>} binds loosest). */
  private String render(Type t, boolean inUnion) {
    return switch (t) {
      case Type.Top a -> "Any";
      case Type.Unknown u -> "Any";
      case Type.Never n -> "Never";
      case Type.Named n -> n.name();
      case Type.Lit l -> l.display();
      case Type.Module m -> m.name();
      case Type.Union u -> {
        StringJoiner j = new StringJoiner(" | ");
        for (Type m : u.members()) j.add(render(m, true));
        yield j.toString();
      }
      case Type.Obj o -> {
        if (o.fields().isEmpty() && o.wildcard() == null) yield "{}";
        StringJoiner j = new StringJoiner(", ", "{ ", " }");
        o.fields().forEach((k, v) -> j.add(fieldName(k) + ": " + render(v, false)));
        if (o.wildcard() != null) j.add("*: " + render(o.wildcard(), false));
        yield j.toString();
      }
      case Type.Tuple tu -> {
        StringJoiner j = new StringJoiner(", ", "[", "]");
        for (Type e : tu.elems()) j.add(render(e, false));
        yield j.toString();
      }
      case Type.Cons c -> {
        StringJoiner j = new StringJoiner(", ", c.name() + "<", ">");
        for (Type a : c.args()) j.add(render(a, false));
        yield j.toString();
      }
      case Type.Fn f -> {
        String s = params(f) + " => " + render(f.ret(), false);
        yield inUnion ? "(" + s + ")" : s;
      }
      case Type.Var v -> v.bound != null ? render(v.resolve(), inUnion)
          : varNames.computeIfAbsent(v, k -> varName(varNames.size()));
    };
  }

  private String params(Type.Fn f) {
    if (f.names() == null && f.params().size() == 1 && !(resolved(f.params().get(0)) instanceof Type.Fn)) {
      return render(f.params().get(0), true);
    }
    StringJoiner j = new StringJoiner(", ", "(", ")");
    for (int i = 0; i < f.params().size(); i++) {
      String p = render(f.params().get(i), false);
      j.add(f.names() == null ? p : f.names().get(i) + ": " + p);
    }
    return j.toString();
  }

  private static Type resolved(Type t) {
    return t instanceof Type.Var v ? v.resolve() : t;
  }

  private static String varName(int i) {
    return i < 26 ? String.valueOf((char) ('A' + i)) : "T" + i;
  }

  private static String fieldName(String k) {
    return k.matches("[A-Za-z_][A-Za-z0-9_]*") ? k : "\"" + k.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
