package io.faunus.model.engine;

import io.faunus.fql.ast.Expr;
import io.faunus.fql.ast.Expr.*;
import io.faunus.fql.ast.Stmt;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The names a function's syntax reads from its environment (identifiers not bound inside it) and the
 * template values it uses: what a set cursor must capture to replay the function in another query.
 */
final class FreeNames {
  /** Identifiers read but not bound inside: captured variables, or globals resolved when replayed. */
  final Set<String> names = new LinkedHashSet<>();
  /** Indexes of the template values ({@code Placeholder}s) used. */
  final Set<Integer> placeholders = new TreeSet<>();

  private record Scope(String name, Scope next) {
    static final Scope EMPTY = new Scope(null, null);

    Scope bind(String n) {
      return n == null ? this : new Scope(n, this);
    }

    boolean has(String n) {
      for (Scope s = this; s != null && s.name != null; s = s.next) {
        if (s.name.equals(n)) return true;
      }
      return false;
    }
  }

  static FreeNames of(Lambda lambda) {
    FreeNames f = new FreeNames();
    f.expr(lambda, Scope.EMPTY);
    return f;
  }

  static FreeNames of(List<ProjField> fields) {
    FreeNames f = new FreeNames();
    f.fields(fields, Scope.EMPTY);
    return f;
  }

  private void expr(Expr e, Scope s) {
    switch (e) {
      case NullLit n -> {}
      case BoolLit b -> {}
      case NumLit n -> {}
      case StrLit x -> {}
      case StrTemplate t -> t.parts().forEach(p -> expr(p, s));
      case ArrayLit a -> a.elems().forEach(x -> expr(x, s));
      case ObjectLit o -> o.fields().forEach(f -> expr(f.value(), s));
      case Ident i -> {
        if (!s.has(i.name())) names.add(i.name());
      }
      case Placeholder p -> placeholders.add(p.index());
      case Block b -> {
        Scope cur = s;
        for (Stmt st : b.stmts()) {
          switch (st) {
            case Stmt.Let l -> {
              expr(l.value(), cur); // the value is evaluated before its name is bound
              cur = cur.bind(l.name());
            }
            case Stmt.ExprStmt x -> expr(x.expr(), cur);
          }
        }
      }
      case If i -> {
        expr(i.cond(), s);
        expr(i.then(), s);
        if (i.orElse() != null) expr(i.orElse(), s);
      }
      case At a -> {
        expr(a.time(), s);
        expr(a.body(), s);
      }
      case Lambda l -> {
        Scope in = s;
        for (String p : l.params()) in = in.bind(p);
        expr(l.body(), in.bind(l.rest()));
      }
      case Unary u -> expr(u.operand(), s);
      case Binary b -> {
        expr(b.left(), s);
        expr(b.right(), s);
      }
      case Select x -> expr(x.receiver(), s);
      case Call c -> {
        expr(c.callee(), s);
        c.args().forEach(a -> expr(a, s));
      }
      case Index i -> {
        expr(i.receiver(), s);
        expr(i.index(), s);
      }
      case NonNull n -> expr(n.operand(), s);
      case OptChain o -> expr(o.chain(), s);
      case Project p -> {
        expr(p.receiver(), s);
        fields(p.fields(), s);
      }
    }
  }

  /** Field values see the projected value as the short-lambda parameter. */
  private void fields(List<ProjField> fields, Scope s) {
    Scope in = s.bind(Lambda.SHORT_PARAM);
    for (ProjField f : fields) {
      if (f.value() != null) expr(f.value(), in);
      if (f.sub() != null) fields(f.sub(), s);
    }
  }
}
