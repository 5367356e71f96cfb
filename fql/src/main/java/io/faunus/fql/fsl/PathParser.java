package io.faunus.fql.fsl;

import io.faunus.fql.Scanner;
import io.faunus.fql.Span;
import io.faunus.fql.ast.Expr;
import io.faunus.fql.print.Strings;
import java.util.ArrayList;
import java.util.List;

/**
 * Field paths ({@code .a.b}, {@code .a[0]}, {@code .["odd key"]}) and the wrappers indexes put around them
 * ({@code mva(…)}, {@code asc(…)}, {@code desc(…)}), with their canonical spelling: a leading dot, identifier
 * segments after dots, other keys in {@code ["…"]}.
 */
final class PathParser {
  private final Reader r;
  private final Scanner s;

  PathParser(Reader r) {
    this.r = r;
    this.s = r.s;
  }

  /** One path; {@code indexable}: whether {@code [0]} segments are allowed (not in migrations). */
  Path path(boolean indexable) {
    s.skipWs();
    int start = s.pos();
    if (!s.eat(".")) throw s.fail("Expected field path", new Span(start, start + 1));
    StringBuilder text = new StringBuilder();
    boolean first = true;
    while (true) {
      if (s.peek() == '[') {
        segment(text, indexable);
      } else if (first || s.peek() == '.' && s.peek(1) != '.') {
        if (!first) s.pos(s.pos() + 1);
        if (s.peek() == '[') {
          segment(text, indexable);
        } else {
          String id = s.ident();
          if (id == null) throw s.failHere("Expected identifier");
          text.append('.').append(id);
        }
      } else {
        break;
      }
      first = false;
    }
    Span span = r.from(start);
    if (text.isEmpty()) s.report("Field path cannot be empty", span);
    return new Path(text.toString(), span);
  }

  /** {@code ["key"]} or {@code [0]}. */
  private void segment(StringBuilder text, boolean indexable) {
    if (text.isEmpty()) text.append('.'); // `.["a b"]`: the leading dot stays
    s.expect("[");
    s.skipWs();
    if (s.peek() == '"' || s.peek() == '\'') {
      Expr e = s.string();
      if (!(e instanceof Expr.StrLit lit)) throw s.fail("Cannot interpolate values in a string literal", e.span());
      if (Strings.isIdentifier(lit.value())) text.append(text.length() == 1 ? "" : ".").append(lit.value());
      else text.append('[').append(Strings.quote(lit.value())).append(']');
    } else if (s.atNumber()) {
      Expr.NumLit n = s.number();
      if (!indexable) s.report("Cannot index into an item in a migration path", n.span());
      text.append('[').append(n.value()).append(']');
    } else {
      throw s.failHere("Expected string or integer");
    }
    s.skipWs();
    s.expect("]");
  }

  /** {@code [term, …]} of an index's terms or a unique constraint: paths, each optionally {@code mva(…)}. */
  List<CollectionItem.Term> terms() {
    List<CollectionItem.Term> out = new ArrayList<>();
    for (Wrapped w : list()) {
      if (w.desc != null) s.report("Only `mva()` is allowed here", w.path.span());
      out.add(new CollectionItem.Term(w.path, w.mva));
    }
    return out;
  }

  /** {@code [value, …]} of an index: paths wrapped in any of {@code asc()}, {@code desc()}, {@code mva()}. */
  List<CollectionItem.Value> values() {
    List<CollectionItem.Value> out = new ArrayList<>();
    for (Wrapped w : list()) out.add(new CollectionItem.Value(w.path, Boolean.TRUE.equals(w.desc), w.mva));
    return out;
  }

  private record Wrapped(Path path, boolean mva, Boolean desc) {}

  private List<Wrapped> list() {
    s.skipWs();
    s.expect("[");
    s.skipNl();
    List<Wrapped> out = new ArrayList<>();
    while (!s.eat("]")) {
      out.add(wrapped());
      s.skipNl();
      if (s.eat(",")) s.skipNl();
      else if (s.peek() != ']') throw s.failHere("Expected `]`");
    }
    return out;
  }

  /** A path inside any nesting of {@code mva()}, {@code asc()}, {@code desc()}. */
  private Wrapped wrapped() {
    s.skipWs();
    if (s.peek() == '.') return new Wrapped(path(true), false, null);
    int start = s.pos();
    String fn = s.ident();
    if (fn == null || !(fn.equals("mva") || fn.equals("asc") || fn.equals("desc"))) {
      throw s.fail("Expected field path", new Span(start, Math.max(start + 1, s.pos())));
    }
    s.skipWs();
    s.expect("(");
    Wrapped inner = wrapped();
    s.skipWs();
    s.expect(")");
    return switch (fn) {
      case "mva" -> new Wrapped(inner.path, true, inner.desc);
      case "desc" -> new Wrapped(inner.path, inner.mva, true);
      default -> new Wrapped(inner.path, inner.mva, inner.desc == null ? Boolean.FALSE : inner.desc);
    };
  }
}
