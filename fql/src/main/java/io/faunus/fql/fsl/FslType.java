package io.faunus.fql.fsl;

import io.faunus.fql.Source;
import io.faunus.fql.Span;
import io.faunus.fql.ast.Expr;
import io.faunus.fql.print.ExprPrinter;
import java.util.List;

/**
 * A type expression of FSL and FQL signatures (schema-v10.md §5.1): field types, computed-field and UDF
 * signatures. {@link #display()} is Fauna's canonical text, which is what definition documents store
 * ({@code signature}) and what {@code static_type} shows: unions {@code A | B}, objects {@code { a: T, *: U }},
 * tuples {@code [A, B]}, nullable {@code T?}, functions {@code (x: A) => B}.
 */
public sealed interface FslType {
  Span span();

  /** {@code String}, {@code Int}, {@code Any}, a collection name. */
  record Named(String name, Span span) implements FslType {}

  /** {@code Ref<Product>}, {@code Array<String>}, {@code Set<Order>}. */
  record Cons(String name, List<FslType> args, Span span) implements FslType {}

  /** A singleton: {@code "cart"}, {@code 42}, {@code true}; {@code text} is its canonical spelling. */
  record Literal(String text, Span span) implements FslType {}

  record Union(List<FslType> members, Span span) implements FslType {}

  record Intersect(List<FslType> members, Span span) implements FslType {}

  /** {@code T?}, the same as {@code T | Null}. */
  record Nullable(FslType inner, Span span) implements FslType {}

  /** {@code [A, B]} (also written {@code (A, B)}). */
  record Tuple(List<FslType> elems, Span span) implements FslType {}

  /** {@code { a: T, b: U = default, *: W }}; {@code wildcard} may be null. */
  record Obj(List<ObjField> fields, FslType wildcard, Span span) implements FslType {}

  /** {@code defaultValue} only in defined-field signatures (null elsewhere); printed from {@code source}. */
  record ObjField(String name, Span nameSpan, FslType type, Expr defaultValue, Source source) {}

  /** {@code A => B} or {@code (a: A, ...rest: B) => C}. */
  record Func(List<Param> params, FslType result, Span span) implements FslType {}

  /** A function type's parameter; {@code name} may be null ({@code (A, B) => C}). */
  record Param(String name, FslType type, boolean variadic) {}

  default String display() {
    StringBuilder sb = new StringBuilder();
    Display.type(sb, this, Display.FUNC);
    return sb.toString();
  }

  /** Canonical spelling, with the parentheses precedence needs ({@code =>} < {@code |} < {@code &} < {@code ?}). */
  final class Display {
    private Display() {}

    static final int FUNC = 0, UNION = 1, INTERSECT = 2, POSTFIX = 3;

    private static int strength(FslType t) {
      return switch (t) {
        case Func f -> FUNC;
        case Union u -> UNION;
        case Intersect i -> INTERSECT;
        default -> POSTFIX;
      };
    }

    static void type(StringBuilder sb, FslType t, int min) {
      if (strength(t) < min) {
        sb.append('(');
        type(sb, t, FUNC);
        sb.append(')');
        return;
      }
      switch (t) {
        case Named n -> sb.append(n.name());
        case Cons c -> {
          sb.append(c.name()).append('<');
          join(sb, c.args(), ", ", FUNC);
          sb.append('>');
        }
        case Literal l -> sb.append(l.text());
        case Union u -> join(sb, u.members(), " | ", INTERSECT);
        case Intersect i -> join(sb, i.members(), " & ", POSTFIX);
        case Nullable n -> {
          type(sb, n.inner(), POSTFIX);
          sb.append('?');
        }
        case Tuple tu -> {
          sb.append('[');
          join(sb, tu.elems(), ", ", FUNC);
          sb.append(']');
        }
        case Obj o -> obj(sb, o);
        case Func f -> func(sb, f);
      }
    }

    private static void join(StringBuilder sb, List<FslType> types, String sep, int min) {
      for (int i = 0; i < types.size(); i++) {
        if (i > 0) sb.append(sep);
        type(sb, types.get(i), min);
      }
    }

    private static void obj(StringBuilder sb, Obj o) {
      if (o.fields().isEmpty() && o.wildcard() == null) {
        sb.append("{}");
        return;
      }
      sb.append("{ ");
      boolean first = true;
      for (ObjField f : o.fields()) {
        if (!first) sb.append(", ");
        first = false;
        sb.append(ExprPrinter.key(f.name())).append(": ");
        type(sb, f.type(), FUNC);
        if (f.defaultValue() != null) sb.append(" = ").append(ExprPrinter.print(f.defaultValue(), f.source()));
      }
      if (o.wildcard() != null) {
        if (!first) sb.append(", ");
        sb.append("*: ");
        type(sb, o.wildcard(), FUNC);
      }
      sb.append(" }");
    }

    private static void func(StringBuilder sb, Func f) {
      // `A => B` only for a simple parameter: `(A | B) => C` keeps its parentheses, since a parenthesised
      // type followed by `=>` reads as a parameter list.
      boolean bare = f.params().size() == 1 && f.params().get(0).name() == null && !f.params().get(0).variadic()
          && !(f.params().get(0).type() instanceof Tuple) && strength(f.params().get(0).type()) == POSTFIX;
      if (bare) {
        type(sb, f.params().get(0).type(), POSTFIX);
      } else {
        sb.append('(');
        for (int i = 0; i < f.params().size(); i++) {
          Param p = f.params().get(i);
          if (i > 0) sb.append(", ");
          if (p.name() != null) sb.append(p.name()).append(": ");
          if (p.variadic()) sb.append("...");
          type(sb, p.type(), FUNC);
        }
        sb.append(')');
      }
      sb.append(" => ");
      type(sb, f.result(), FUNC);
    }
  }
}
