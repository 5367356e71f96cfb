package io.faunus.model.typer;

import io.faunus.fql.Diagnostic;
import io.faunus.fql.Source;
import io.faunus.fql.Span;
import io.faunus.fql.ast.Expr;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * An argument checked against a declared parameter type, with failures shaped as Fauna reports them
 * (schema-v10.md §6.4, corpus FQL2CollectionsSpec#7, #57, FQL2UserFunctionSpec#9):
 * <ul>
 *   <li>an object literal against an object type is checked field by field, and a plain value (not an
 *       array or object literal) that does not fit is reported where it is, widened: "Type `String` is not
 *       a subtype of `Null | { *: Any }`";</li>
 *   <li>an array or object literal that fits none of a union's members fails the whole argument: "Type
 *       `<argument>` is not a subtype of `<parameter>`", with every leaf failure as a {@code cause:} line,
 *       ordered by position, then message.</li>
 * </ul>
 */
final class ArgCheck {
  private record Leaf(String message, Span span) {}

  private final Source source;
  private final Function<Expr, Type> typeOf;
  private final List<Diagnostic> direct = new ArrayList<>();
  private final Set<Leaf> escalated = new LinkedHashSet<>();

  private ArgCheck(Source source, Function<Expr, Type> typeOf) {
    this.source = source;
    this.typeOf = typeOf;
  }

  /** The diagnostics of {@code arg} against {@code param}; empty when it fits. */
  static List<Diagnostic> check(Source source, Function<Expr, Type> typeOf, Expr arg, Type param) {
    ArgCheck c = new ArgCheck(source, typeOf);
    c.direct(arg, param);
    if (c.escalated.isEmpty()) return c.direct;
    List<Leaf> causes = new ArrayList<>(c.escalated);
    causes.sort(Comparator.comparingInt((Leaf l) -> l.span().start()).thenComparing(Leaf::message));
    List<Diagnostic.Hint> hints = new ArrayList<>();
    for (Leaf l : causes) hints.add(Diagnostic.Hint.cause(l.message(), c.at(l.span())));
    return List.of(new Diagnostic(Diagnostic.Severity.ERROR, notSubtype(typeOf.apply(arg), param),
        c.at(arg.span()), List.of(), hints));
  }

  private void direct(Expr e, Type expected) {
    Type exp = Subtyping.resolve(expected);
    if (Subtyping.isSub(typeOf.apply(e), exp)) return;
    if (e instanceof Expr.ObjectLit o && exp instanceof Type.Obj eo) {
      Type self = typeOf.apply(o);
      for (Expr.Field f : o.fields()) {
        Type ft = eo.fields().getOrDefault(f.key(), eo.wildcard());
        if (ft == null) {
          direct.add(Diagnostic.error("Type `" + TypeDisplay.show(self) + "` contains extra field `" + f.key() + "`", at(o.span())));
        } else if (isLiteral(f.value()) && Subtyping.resolve(ft) instanceof Type.Obj) {
          direct(f.value(), ft);
        } else if (isLiteral(f.value())) {
          leaves(f.value(), ft);
        } else if (!Subtyping.isSub(typeOf.apply(f.value()), ft)) {
          direct.add(Diagnostic.error(notSubtype(widen(typeOf.apply(f.value())), nullFirst(ft)), at(f.value().span())));
        }
      }
      missing(o, eo, (msg, span) -> direct.add(Diagnostic.error(msg, at(span))));
    } else if (isLiteral(e)) {
      leaves(e, exp);
    } else {
      direct.add(Diagnostic.error(notSubtype(widen(typeOf.apply(e)), nullFirst(exp)), at(e.span())));
    }
  }

  /** Collects every leaf failure of {@code e} against {@code expected} (all members of a union fail). */
  private void leaves(Expr e, Type expected) {
    Type exp = Subtyping.resolve(expected);
    Type t = typeOf.apply(e);
    if (Subtyping.isSub(t, exp)) return;
    switch (exp) {
      case Type.Union u -> u.members().forEach(m -> leaves(e, m));
      case Type.Cons c when c.name().equals("Array") && e instanceof Expr.ArrayLit a ->
          a.elems().forEach(el -> leaves(el, c.args().get(0)));
      case Type.Tuple tu when e instanceof Expr.ArrayLit a && a.elems().size() == tu.elems().size() -> {
        for (int i = 0; i < tu.elems().size(); i++) leaves(a.elems().get(i), tu.elems().get(i));
      }
      case Type.Obj eo when e instanceof Expr.ObjectLit o -> {
        for (Expr.Field f : o.fields()) {
          Type ft = eo.fields().getOrDefault(f.key(), eo.wildcard());
          if (ft == null) escalated.add(new Leaf("Type `" + TypeDisplay.show(t) + "` contains extra field `" + f.key() + "`", o.span()));
          else leaves(f.value(), ft);
        }
        missing(o, eo, (msg, span) -> escalated.add(new Leaf(msg, span)));
      }
      default -> escalated.add(new Leaf(notSubtype(t, exp), e.span()));
    }
  }

  private void missing(Expr.ObjectLit o, Type.Obj expected, java.util.function.BiConsumer<String, Span> report) {
    Set<String> given = new java.util.HashSet<>();
    for (Expr.Field f : o.fields()) given.add(f.key());
    for (Map.Entry<String, Type> f : expected.fields().entrySet()) {
      if (!given.contains(f.getKey()) && !Subtyping.acceptsNull(f.getValue())) {
        report.accept("Type `" + TypeDisplay.show(typeOf.apply(o)) + "` does not have field `" + f.getKey() + "`", o.span());
      }
    }
  }

  private static boolean isLiteral(Expr e) {
    return e instanceof Expr.ArrayLit || e instanceof Expr.ObjectLit;
  }

  private static String notSubtype(Type t, Type expected) {
    return "Type `" + TypeDisplay.show(t) + "` is not a subtype of `" + TypeDisplay.show(expected) + "`";
  }

  /** A plain value is reported by its scalar type: {@code "foobar"} as {@code String}. */
  static Type widen(Type t) {
    return Subtyping.resolve(t) instanceof Type.Lit l ? l.base() : t;
  }

  /** Where Fauna reports a plain value against a nullable type it prints {@code Null} first (corpus #7). */
  private static Type nullFirst(Type t) {
    if (!(Subtyping.resolve(t) instanceof Type.Union u) || !u.members().contains(Type.NULL)) return t;
    List<Type> m = new ArrayList<>(u.members());
    m.remove(Type.NULL);
    m.add(0, Type.NULL);
    return new Type.Union(List.copyOf(m));
  }

  private Diagnostic.Location at(Span span) {
    return new Diagnostic.Location(source, span);
  }
}
