package io.faunus.fql.fsl;

import io.faunus.fql.ast.Expr;
import io.faunus.fql.print.ExprPrinter;
import io.faunus.fql.print.Strings;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Canonical FSL of an item: what a server writes for schema it did not get as FSL (items made through FQL,
 * schema-v10.md §3.6) and what items are compared by. Members come in a fixed order (fields, wildcard,
 * computed fields, indexes, constraints, settings, migrations), two-space indentation, one member per line;
 * the output parses back to the same item.
 */
public final class FslPrinter {
  private FslPrinter() {}

  public static String print(List<Item> items) {
    return items.stream().map(FslPrinter::print).collect(Collectors.joining("\n\n", "", "\n"));
  }

  public static String print(Item item) {
    StringBuilder sb = new StringBuilder();
    switch (item) {
      case CollectionItem c -> collection(sb, c);
      case FunctionItem f -> function(sb, f);
      case RoleItem r -> role(sb, r);
      case AccessProviderItem a -> accessProvider(sb, a);
    }
    return sb.toString();
  }

  private static void collection(StringBuilder sb, CollectionItem c) {
    if (c.alias() != null) sb.append("@alias(").append(c.alias().print()).append(")\n");
    sb.append("collection ").append(c.name().print()).append(" {\n");
    Sections out = new Sections(sb);
    for (CollectionItem.Field f : c.fields()) {
      String line = Names.print(f.name().text()) + ": " + f.type().display();
      out.line(0, f.defaultValue() == null ? line : line + " = " + f.defaultValue().text());
    }
    if (c.wildcard() != null) out.line(0, "*: " + c.wildcard().type().display());
    for (CollectionItem.Computed cf : c.computed()) {
      String sig = cf.type() == null ? "" : ": " + cf.type().display();
      out.line(1, "compute " + Names.print(cf.name().text()) + sig + " = " + cf.body().text());
    }
    for (CollectionItem.Index i : c.indexes()) {
      out.line(2, "index " + i.name().print() + " {");
      if (i.terms() != null) out.raw("    terms [" + terms(i.terms()) + "]");
      if (i.values() != null) {
        out.raw("    values [" + i.values().stream().map(FslPrinter::value).collect(Collectors.joining(", ")) + "]");
      }
      out.raw("  }");
    }
    for (CollectionItem.Constraint k : c.constraints()) {
      switch (k) {
        case CollectionItem.Unique u -> out.line(3, "unique [" + terms(u.terms()) + "]");
        case CollectionItem.Check ch -> out.line(3, "check " + ch.name().print() + " (" + ch.body().text() + ")");
      }
    }
    if (c.historyDays() != null) out.line(4, "history_days " + c.historyDays().value());
    if (c.ttlDays() != null) out.line(4, "ttl_days " + c.ttlDays().value());
    if (c.documentTtls() != null) out.line(4, "document_ttls " + c.documentTtls().value());
    if (c.migrations() != null) {
      out.line(5, "migrations {");
      for (Migration m : c.migrations().statements()) out.raw("    " + migration(m));
      out.raw("  }");
    }
    sb.append('}');
  }

  /** Members of one kind together; a blank line between kinds. */
  private static final class Sections {
    private final StringBuilder sb;
    private int last = -1;

    Sections(StringBuilder sb) {
      this.sb = sb;
    }

    void line(int section, String text) {
      if (last >= 0 && section != last) sb.append('\n');
      last = section;
      raw("  " + text);
    }

    void raw(String text) {
      sb.append(indentRest(text, "  ")).append('\n');
    }
  }

  /** Lines after the first of a multi-line expression move right with the member that holds them. */
  private static String indentRest(String text, String indent) {
    return text.replace("\n", "\n" + indent);
  }

  private static String terms(List<CollectionItem.Term> terms) {
    return terms.stream().map(t -> t.mva() ? "mva(" + t.path().text() + ")" : t.path().text())
        .collect(Collectors.joining(", "));
  }

  private static String value(CollectionItem.Value v) {
    String p = v.mva() ? "mva(" + v.path().text() + ")" : v.path().text();
    return v.desc() ? "desc(" + p + ")" : p;
  }

  /** One migration statement, as written inside {@code migrations { … }}. */
  public static String migration(Migration m) {
    return switch (m) {
      case Migration.Add a -> "add " + a.field().text();
      case Migration.Backfill b -> "backfill " + b.field().text() + " = " + b.value().text();
      case Migration.Drop d -> "drop " + d.field().text();
      case Migration.Split s -> "split " + s.field().text() + " -> "
          + s.to().stream().map(Path::text).collect(Collectors.joining(", "));
      case Migration.Move m2 -> "move " + m2.field().text() + " -> " + m2.to().text();
      case Migration.MoveConflicts mc -> "move_conflicts " + mc.into().text();
      case Migration.MoveWildcard mw -> "move_wildcard " + mw.into().text();
      case Migration.AddWildcard aw -> "add_wildcard";
    };
  }

  private static void function(StringBuilder sb, FunctionItem f) {
    if (f.alias() != null) sb.append("@alias(").append(f.alias().print()).append(")\n");
    if (f.role() != null) sb.append("@role(").append(f.role().print()).append(")\n");
    sb.append("function ").append(f.name().print()).append('(');
    for (int i = 0; i < f.params().size(); i++) {
      FunctionItem.Param p = f.params().get(i);
      if (i > 0) sb.append(", ");
      if (p.variadic()) sb.append("...");
      sb.append(p.name().print());
      if (p.type() != null) sb.append(": ").append(p.type().display());
    }
    sb.append(')');
    if (f.result() != null) sb.append(": ").append(f.result().display());
    sb.append(" {\n");
    List<io.faunus.fql.ast.Stmt> stmts = f.body().expr() instanceof Expr.Block b ? b.stmts()
        : List.of(new io.faunus.fql.ast.Stmt.ExprStmt(f.body().expr()));
    sb.append(ExprPrinter.printStatements(stmts, f.body().source(), 1)).append("\n}");
  }

  private static void role(StringBuilder sb, RoleItem r) {
    sb.append("role ").append(r.name().print()).append(" {\n");
    for (RoleItem.Privileges p : r.privileges()) {
      sb.append("  privileges ").append(p.resource().print()).append(" {");
      if (p.actions().isEmpty()) {
        sb.append("}\n");
        continue;
      }
      sb.append('\n');
      for (RoleItem.Action a : p.actions()) {
        sb.append("    ").append(a.name());
        predicate(sb, a.predicate(), "    ");
        sb.append('\n');
      }
      sb.append("  }\n");
    }
    for (RoleItem.Membership m : r.membership()) {
      sb.append("  membership ").append(m.resource().print());
      predicate(sb, m.predicate(), "  ");
      sb.append('\n');
    }
    sb.append('}');
  }

  private static void predicate(StringBuilder sb, Fql predicate, String indent) {
    if (predicate == null) return;
    sb.append(" {\n").append(indent).append("  predicate (")
        .append(indentRest(predicate.text(), indent + "  ")).append(")\n").append(indent).append('}');
  }

  private static void accessProvider(StringBuilder sb, AccessProviderItem a) {
    sb.append("access provider ").append(a.name().print()).append(" {\n");
    sb.append("  issuer ").append(Strings.quote(a.issuer() == null ? "" : a.issuer())).append('\n');
    sb.append("  jwks_uri ").append(Strings.quote(a.jwksUri() == null ? "" : a.jwksUri())).append('\n');
    for (AccessProviderItem.Role r : a.roles()) {
      sb.append("  role ").append(r.role().print());
      predicate(sb, r.predicate(), "  ");
      sb.append('\n');
    }
    sb.append('}');
  }
}
