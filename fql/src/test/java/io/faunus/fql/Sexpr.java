package io.faunus.fql;

import io.faunus.fql.ast.Expr;
import io.faunus.fql.ast.Stmt;
import java.util.List;
import java.util.stream.Collectors;

/** Prints a tree as an S-expression so tests can compare whole shapes in one readable string. */
final class Sexpr {
  private Sexpr() {}

  static String query(String src) {
    return of(Parser.parseQuery(Source.query(src)));
  }

  static String expr(String src) {
    return of(Parser.parseExpr(Source.query(src)));
  }

  /** A one-statement query prints as that statement; more print as a block. */
  static String of(Expr.Block q) {
    return q.stmts().size() == 1 ? of(q.stmts().get(0)) : of((Expr) q);
  }

  static String of(Stmt s) {
    return switch (s) {
      case Stmt.Let l -> "(let " + l.name() + (l.type() == null ? "" : ":" + l.type()) + " " + of(l.value()) + ")";
      case Stmt.ExprStmt e -> of(e.expr());
    };
  }

  static String of(Expr e) {
    return switch (e) {
      case Expr.NullLit n -> "null";
      case Expr.BoolLit b -> String.valueOf(b.value());
      case Expr.NumLit n -> switch (n.value()) {
        case Integer i -> i.toString();
        case Long l -> l + "L";
        case Double d -> d + "d";
        default -> throw new IllegalStateException();
      };
      case Expr.StrLit s -> quote(s.value());
      case Expr.StrTemplate t -> "(tpl " + all(t.parts()) + ")";
      case Expr.ArrayLit a -> "(array" + (a.elems().isEmpty() ? "" : " " + all(a.elems())) + ")";
      case Expr.ObjectLit o -> "(object" + o.fields().stream().map(f -> " (" + f.key() + " " + of(f.value()) + ")")
          .collect(Collectors.joining()) + ")";
      case Expr.Ident i -> i.name().equals(Expr.Lambda.SHORT_PARAM) ? "this" : i.name();
      case Expr.Placeholder p -> "$" + p.index();
      case Expr.Block b -> "(block " + b.stmts().stream().map(Sexpr::of).collect(Collectors.joining(" ")) + ")";
      case Expr.If i -> "(if " + of(i.cond()) + " " + of(i.then()) + (i.orElse() == null ? "" : " " + of(i.orElse()))
          + ")";
      case Expr.At a -> "(at " + of(a.time()) + " " + of(a.body()) + ")";
      case Expr.Lambda l -> l.isShort() ? "(short " + of(l.body()) + ")"
          : "(lambda (" + l.params().stream().map(p -> p == null ? "_" : p).collect(Collectors.joining(" "))
            + (l.rest() == null ? "" : " ..." + l.rest()) + ") " + of(l.body()) + ")";
      case Expr.Unary u -> "(" + switch (u.op()) {
        case NEG -> "-";
        case NOT -> "!";
        case BIT_NOT -> "~";
      } + " " + of(u.operand()) + ")";
      case Expr.Binary b -> "(" + b.op().symbol + " " + of(b.left()) + " " + of(b.right()) + ")";
      case Expr.Select s -> "(" + (s.optional() ? "?." : ".") + " " + of(s.receiver()) + " " + s.name() + ")";
      case Expr.Call c -> "(" + (c.optional() ? "?.call " : "call ") + of(c.callee())
          + (c.args().isEmpty() ? "" : " " + all(c.args())) + ")";
      case Expr.Index i -> "(" + (i.optional() ? "?.[] " : "[] ") + of(i.receiver()) + " " + of(i.index()) + ")";
      case Expr.NonNull n -> "(nonnull " + of(n.operand()) + ")";
      case Expr.OptChain o -> "(opt " + of(o.chain()) + ")";
      case Expr.Project p -> "(project " + of(p.receiver()) + " " + fields(p.fields()) + ")";
    };
  }

  private static String fields(List<Expr.ProjField> fs) {
    return "{" + fs.stream().map(f -> f.sub() != null ? f.name() + " " + fields(f.sub())
        : f.value() != null ? f.name() + ": " + of(f.value()) : f.name()).collect(Collectors.joining(", ")) + "}";
  }

  private static String all(List<Expr> es) {
    return es.stream().map(Sexpr::of).collect(Collectors.joining(" "));
  }

  private static String quote(String s) {
    StringBuilder sb = new StringBuilder("\"");
    for (char ch : s.toCharArray()) {
      switch (ch) {
        case '\n' -> sb.append("\\n");
        case '\t' -> sb.append("\\t");
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        default -> {
          if (ch < 0x20) sb.append(String.format("\\u%04x", (int) ch));
          else sb.append(ch);
        }
      }
    }
    return sb.append('"').toString();
  }
}
