package io.faunus.fql.print;

import io.faunus.fql.Source;
import io.faunus.fql.ast.Expr;
import io.faunus.fql.ast.Stmt;
import java.util.List;

/**
 * Canonical FQL text of an expression: how Fauna stores the FQL inside schema definitions (a computed field's
 * {@code (doc) => doc.ok}, a function's {@code (x) => {\n  x + 1\n}}, a default's {@code "free"}). Comments and
 * layout are dropped; lambda parameters are always parenthesised; blocks indent by two spaces; parentheses are
 * written where precedence needs them, so the text parses back to the same tree. Number literals keep their
 * source spelling when a source is given ({@code 1.50}, {@code 0x1F}), since the value alone would not.
 */
public final class ExprPrinter {
  private final Source source;
  private final StringBuilder out = new StringBuilder();

  private ExprPrinter(Source source) {
    this.source = source;
  }

  /** {@code source}: the text the expression was parsed from (for literal spellings), or null. */
  public static String print(Expr e, Source source) {
    ExprPrinter p = new ExprPrinter(source);
    p.expr(e, 0);
    return p.out.toString();
  }

  /** The statements of a block, one per line at {@code indent} levels, without braces. */
  public static String printStatements(List<Stmt> stmts, Source source, int indent) {
    ExprPrinter p = new ExprPrinter(source);
    for (int i = 0; i < stmts.size(); i++) {
      if (i > 0) p.out.append('\n');
      p.out.append("  ".repeat(indent));
      p.stmt(stmts.get(i), indent);
    }
    return p.out.toString();
  }

  // Binding strength of what an expression is, for deciding where parentheses are needed.
  private static final int LAMBDA = 0, BINARY_BASE = 1, UNARY = 20, POSTFIX = 21, PRIMARY = 22;

  private static int strength(Expr e) {
    return switch (e) {
      case Expr.Lambda l -> LAMBDA;
      case Expr.If i -> LAMBDA;
      case Expr.At a -> LAMBDA;
      case Expr.Binary b -> BINARY_BASE + b.op().precedence();
      case Expr.Unary u -> UNARY;
      case Expr.NumLit n -> n.value().doubleValue() < 0 || isNegativeZero(n) ? UNARY : PRIMARY;
      case Expr.Select s -> POSTFIX;
      case Expr.Call c -> POSTFIX;
      case Expr.Index i -> POSTFIX;
      case Expr.NonNull n -> POSTFIX;
      case Expr.OptChain o -> strength(o.chain());
      case Expr.Project p -> POSTFIX;
      default -> PRIMARY;
    };
  }

  private static boolean isNegativeZero(Expr.NumLit n) {
    return n.value() instanceof Double d && d == 0.0 && 1 / d < 0;
  }


  /** Prints e, parenthesised when it binds weaker than {@code min}. */
  private void expr(Expr e, int min) {
    if (strength(e) < min) {
      out.append('(');
      expr(e, 0);
      out.append(')');
      return;
    }
    switch (e) {
      case Expr.NullLit n -> out.append("null");
      case Expr.BoolLit b -> out.append(b.value());
      case Expr.NumLit n -> out.append(number(n));
      case Expr.StrLit s -> out.append(Strings.quote(s.value()));
      case Expr.StrTemplate t -> template(t);
      case Expr.ArrayLit a -> list("[", a.elems(), "]");
      case Expr.ObjectLit o -> object(o);
      case Expr.Ident i -> out.append(i.name().equals(Expr.Lambda.SHORT_PARAM) ? "" : i.name());
      case Expr.Placeholder p -> out.append("$").append(p.index());
      case Expr.Block b -> block(b.stmts());
      case Expr.If i -> ifExpr(i);
      case Expr.At a -> {
        out.append("at (");
        expr(a.time(), 0);
        out.append(") ");
        expr(a.body(), 0);
      }
      case Expr.Lambda l -> lambda(l);
      case Expr.Unary u -> unary(u);
      case Expr.Binary b -> binary(b);
      case Expr.Select x -> postfix(e);
      case Expr.Call x -> postfix(e);
      case Expr.Index x -> postfix(e);
      case Expr.NonNull x -> postfix(e);
      case Expr.Project x -> postfix(e);
      case Expr.OptChain o -> expr(o.chain(), min);
    }
  }

  // Prefix runs, postfix chains and operator spines are printed with loops, not one call per node: the parser
  // builds them with loops too, so they can be as long as a request allows (`~~~~…x`, `a.b.c…`, `1 + 1 + …`).

  private void unary(Expr.Unary u) {
    Expr cur = u;
    while (cur instanceof Expr.Unary x) {
      out.append(switch (x.op()) {
        case NEG -> "-";
        case NOT -> "!";
        case BIT_NOT -> "~";
      });
      cur = x.operand();
      // `- -1` must not print as `--1`, and `-(-1)` keeps the literal's sign apart.
      if (x.op() == Expr.UnOp.NEG && (cur instanceof Expr.Unary n && n.op() == Expr.UnOp.NEG
          || cur instanceof Expr.NumLit)) out.append(' ');
    }
    expr(cur, UNARY);
  }

  /** The receiver chain of a postfix expression, innermost first, then each link's suffix. */
  private void postfix(Expr e) {
    java.util.ArrayDeque<Expr> links = new java.util.ArrayDeque<>();
    Expr cur = e;
    while (true) {
      Expr inner = switch (cur) {
        case Expr.Select s -> s.receiver();
        case Expr.Call c -> c.callee();
        case Expr.Index i -> i.receiver();
        case Expr.NonNull n -> n.operand();
        case Expr.Project p -> p.receiver();
        case Expr.OptChain o -> o.chain();
        default -> null;
      };
      if (inner == null) break;
      links.push(cur);
      cur = inner;
    }
    expr(cur, POSTFIX);
    Expr base = cur;
    while (!links.isEmpty()) {
      Expr link = links.pop();
      switch (link) {
        case Expr.Select s -> out.append(s.optional() ? "?." : ".").append(s.name());
        case Expr.Call c -> {
          if (c.optional() || isShortParam(c.callee())) out.append(c.optional() ? "?." : ".");
          list("(", c.args(), ")");
        }
        case Expr.Index i -> {
          expr0Suffix(i, base);
        }
        case Expr.NonNull n -> out.append('!');
        case Expr.Project p -> {
          out.append(' ');
          projection(p.fields());
        }
        default -> { } // OptChain: a boundary, nothing printed
      }
      base = link;
    }
  }

  private void expr0Suffix(Expr.Index i, Expr receiver) {
    out.append(i.optional() ? "?.[" : isShortParam(receiver) ? ".[" : "[");
    expr(i.index(), 0);
    out.append(']');
  }

  private static boolean isShortParam(Expr e) {
    return e instanceof Expr.Ident i && i.name().equals(Expr.Lambda.SHORT_PARAM);
  }

  private String number(Expr.NumLit n) {
    if (source != null && n.span().end() <= source.text().length() && n.span().length() > 0) {
      String text = source.slice(n.span());
      if (!text.isBlank()) return text.replaceAll("\\s+", "");
    }
    return n.value() instanceof Double d && d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 1e15
        ? String.format("%.1f", d) : n.value().toString();
  }

  private void template(Expr.StrTemplate t) {
    out.append('"');
    for (Expr part : t.parts()) {
      if (part instanceof Expr.StrLit s) {
        String q = Strings.quote(s.value());
        out.append(q, 1, q.length() - 1);
      } else {
        out.append("#{");
        expr(part, 0);
        out.append('}');
      }
    }
    out.append('"');
  }

  private void list(String open, List<Expr> items, String close) {
    out.append(open);
    for (int i = 0; i < items.size(); i++) {
      if (i > 0) out.append(", ");
      expr(items.get(i), 0);
    }
    out.append(close);
  }

  private void object(Expr.ObjectLit o) {
    if (o.fields().isEmpty()) {
      out.append("{}");
      return;
    }
    out.append("{ ");
    for (int i = 0; i < o.fields().size(); i++) {
      Expr.Field f = o.fields().get(i);
      if (i > 0) out.append(", ");
      out.append(key(f.key())).append(": ");
      expr(f.value(), 0);
    }
    out.append(" }");
  }

  /** An object key or field name: bare when it is an identifier (keywords included), else quoted. */
  public static String key(String name) {
    return Strings.isIdentifier(name) ? name : Strings.quote(name);
  }

  private int indent;

  private void block(List<Stmt> stmts) {
    out.append("{\n");
    indent++;
    for (Stmt s : stmts) {
      out.append("  ".repeat(indent));
      stmt(s, indent);
      out.append('\n');
    }
    indent--;
    out.append("  ".repeat(indent)).append('}');
  }

  private void stmt(Stmt s, int level) {
    int saved = indent;
    indent = level;
    switch (s) {
      case Stmt.Let l -> {
        out.append("let ").append(l.name());
        if (l.type() != null) out.append(": ").append(l.type());
        out.append(" = ");
        expr(l.value(), 0);
      }
      case Stmt.ExprStmt e -> expr(e.expr(), 0);
    }
    indent = saved;
  }

  private void ifExpr(Expr.If i) {
    out.append("if (");
    expr(i.cond(), 0);
    out.append(") ");
    // A lambda or if without else as the then-branch would swallow our else: parenthesise it.
    expr(i.then(), i.orElse() == null ? 0 : BINARY_BASE);
    if (i.orElse() != null) {
      out.append(" else ");
      expr(i.orElse(), 0);
    }
  }

  private void lambda(Expr.Lambda l) {
    if (l.isShort()) { // `.name` bodies print as written: the receiver prints as nothing
      expr(l.body(), LAMBDA);
      return;
    }
    out.append('(');
    for (int i = 0; i < l.params().size(); i++) {
      if (i > 0) out.append(", ");
      String p = l.params().get(i);
      out.append(p == null ? "_" : p);
    }
    if (l.rest() != null) {
      if (!l.params().isEmpty()) out.append(", ");
      out.append("...").append(l.rest() == null ? "_" : l.rest());
    }
    out.append(") => ");
    expr(l.body(), 0);
  }

  /**
   * Left-associative operators nest to the left ({@code (a + b) + c}), {@code **} to the right; each spine is
   * walked with a loop. An operand binding weaker than its operator gets parentheses.
   */
  private void binary(Expr.Binary b) {
    if (b.op() == Expr.BinOp.POW) {
      Expr cur = b;
      while (cur instanceof Expr.Binary x && x.op() == Expr.BinOp.POW) {
        expr(x.left(), BINARY_BASE + Expr.BinOp.POW.precedence() + 1);
        out.append(" ** ");
        cur = x.right();
      }
      expr(cur, BINARY_BASE + Expr.BinOp.POW.precedence());
      return;
    }
    java.util.ArrayDeque<Expr.Binary> spine = new java.util.ArrayDeque<>();
    Expr cur = b;
    while (cur instanceof Expr.Binary x && x.op() != Expr.BinOp.POW
        && (spine.isEmpty() || x.op().precedence() == spine.peek().op().precedence())) {
      spine.push(x);
      cur = x.left();
    }
    expr(cur, BINARY_BASE + spine.peek().op().precedence());
    while (!spine.isEmpty()) {
      Expr.Binary x = spine.pop();
      out.append(' ').append(x.op().symbol).append(' ');
      expr(x.right(), BINARY_BASE + x.op().precedence() + 1);
    }
  }

  private void projection(List<Expr.ProjField> fields) {
    out.append("{ ");
    for (int i = 0; i < fields.size(); i++) {
      if (i > 0) out.append(", ");
      Expr.ProjField f = fields.get(i);
      out.append(f.name());
      if (f.sub() != null) {
        out.append(' ');
        projection(f.sub());
      } else if (f.value() != null) {
        out.append(": ");
        expr(f.value(), 0);
      }
    }
    out.append(" }");
  }
}
