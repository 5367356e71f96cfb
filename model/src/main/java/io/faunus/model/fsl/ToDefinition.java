package io.faunus.model.fsl;

import io.faunus.fql.Span;
import io.faunus.fql.ast.Expr;
import io.faunus.fql.fsl.AccessProviderItem;
import io.faunus.fql.fsl.CollectionItem;
import io.faunus.fql.fsl.FslType;
import io.faunus.fql.fsl.FunctionItem;
import io.faunus.fql.fsl.Item;
import io.faunus.fql.fsl.Migration;
import io.faunus.fql.fsl.Path;
import io.faunus.fql.fsl.RoleItem;
import io.faunus.fql.print.ExprPrinter;
import io.faunus.model.value.Value;
import io.faunus.model.value.Value.*;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * FSL items as the definition documents Fauna derives from them (schema-v10.md §3.2-§3.5, fql-v10.md §5.1):
 * types as their canonical display, FQL as its canonical print ({@code (doc) => doc.ok}), paths with a leading
 * dot. Only user-visible fields; the documents' own validation adds read-only ones (index status) on write.
 */
public final class ToDefinition {
  private ToDefinition() {}

  public static ObjectV of(Item item) {
    return switch (item) {
      case CollectionItem c -> collection(c);
      case FunctionItem f -> function(f);
      case RoleItem r -> role(r);
      case AccessProviderItem a -> accessProvider(a);
    };
  }

  static ObjectV collection(CollectionItem c) {
    Map<String, Value> d = new LinkedHashMap<>();
    d.put("name", str(c.name().text()));
    if (c.alias() != null) d.put("alias", str(c.alias().text()));
    if (!c.fields().isEmpty()) {
      Map<String, Value> fields = new LinkedHashMap<>();
      for (CollectionItem.Field f : c.fields()) {
        Map<String, Value> spec = new LinkedHashMap<>();
        spec.put("signature", str(f.type().display()));
        if (f.defaultValue() != null) spec.put("default", str(f.defaultValue().text()));
        fields.put(f.name().text(), new ObjectV(spec));
      }
      d.put("fields", new ObjectV(fields));
    }
    if (c.wildcard() != null) d.put("wildcard", str(c.wildcard().type().display()));
    if (!c.computed().isEmpty()) {
      Map<String, Value> computed = new LinkedHashMap<>();
      for (CollectionItem.Computed cf : c.computed()) {
        Map<String, Value> spec = new LinkedHashMap<>();
        spec.put("body", str(cf.body().text()));
        if (cf.type() != null) spec.put("signature", str(cf.type().display()));
        computed.put(cf.name().text(), new ObjectV(spec));
      }
      d.put("computed_fields", new ObjectV(computed));
    }
    Map<String, Value> indexes = new LinkedHashMap<>();
    for (CollectionItem.Index i : c.indexes()) {
      Map<String, Value> spec = new LinkedHashMap<>();
      if (i.terms() != null && !i.terms().isEmpty()) spec.put("terms", terms(i.terms()));
      if (i.values() != null && !i.values().isEmpty()) {
        List<Value> values = new ArrayList<>();
        for (CollectionItem.Value v : i.values()) {
          values.add(obj("field", str(v.path().text()), "order", str(v.desc() ? "desc" : "asc"), "mva", BoolV.of(v.mva())));
        }
        spec.put("values", new ArrayV(values));
      }
      indexes.put(i.name().text(), new ObjectV(spec));
    }
    d.put("indexes", new ObjectV(indexes));
    List<Value> constraints = new ArrayList<>();
    for (CollectionItem.Constraint k : c.constraints()) {
      constraints.add(switch (k) {
        case CollectionItem.Unique u -> obj("unique", terms(u.terms()));
        case CollectionItem.Check ch -> obj("check", obj("name", str(ch.name().text()), "body", str(ch.body().text())));
      });
    }
    d.put("constraints", new ArrayV(constraints));
    if (c.migrations() != null) {
      d.put("migrations", new ArrayV(c.migrations().statements().stream().map(ToDefinition::migration).toList()));
    }
    d.put("history_days", num(c.historyDays() == null ? 0 : c.historyDays().value()));
    if (c.ttlDays() != null) d.put("ttl_days", num(c.ttlDays().value()));
    if (c.documentTtls() != null) d.put("document_ttls", BoolV.of(c.documentTtls().value()));
    return new ObjectV(d);
  }

  private static ArrayV terms(List<CollectionItem.Term> terms) {
    List<Value> out = new ArrayList<>();
    for (CollectionItem.Term t : terms) out.add(obj("field", str(t.path().text()), "mva", BoolV.of(t.mva())));
    return new ArrayV(out);
  }

  private static Value migration(Migration m) {
    return switch (m) {
      case Migration.Add a -> obj("add", obj("field", path(a.field())));
      case Migration.Backfill b -> obj("backfill", obj("field", path(b.field()), "value", str(b.value().text())));
      case Migration.Drop d -> obj("drop", obj("field", path(d.field())));
      case Migration.Split s -> obj("split", obj("field", path(s.field()),
          "to", new ArrayV(s.to().stream().<Value>map(ToDefinition::path).toList())));
      case Migration.Move mv -> obj("move", obj("field", path(mv.field()), "to", path(mv.to())));
      case Migration.MoveConflicts mc -> obj("move_conflicts", obj("into", path(mc.into())));
      case Migration.MoveWildcard mw -> obj("move_wildcard", obj("into", path(mw.into())));
      case Migration.AddWildcard aw -> obj("add_wildcard", ObjectV.EMPTY);
    };
  }

  static ObjectV function(FunctionItem f) {
    Map<String, Value> d = new LinkedHashMap<>();
    d.put("name", str(f.name().text()));
    if (f.alias() != null) d.put("alias", str(f.alias().text()));
    d.put("body", str(body(f)));
    if (f.typed()) d.put("signature", str(signature(f).display()));
    if (f.role() != null) d.put("role", str(f.role().text()));
    return new ObjectV(d);
  }

  /** {@code (params) => { … }}: the body block as a lambda over the parameters. */
  static String body(FunctionItem f) {
    List<String> params = new ArrayList<>();
    String rest = null;
    for (FunctionItem.Param p : f.params()) {
      String name = p.name().text().equals("_") ? null : p.name().text();
      if (p.variadic()) rest = name;
      else params.add(name);
    }
    Expr body = f.body().expr();
    return ExprPrinter.print(new Expr.Lambda(params, rest, body, body.span()), f.body().source());
  }

  static FslType signature(FunctionItem f) {
    List<FslType.Param> params = new ArrayList<>();
    for (FunctionItem.Param p : f.params()) params.add(new FslType.Param(p.name().text(), p.type(), p.variadic()));
    return new FslType.Func(params, f.result(), Span.NONE);
  }

  static ObjectV role(RoleItem r) {
    List<Value> privileges = new ArrayList<>();
    for (RoleItem.Privileges p : r.privileges()) {
      Map<String, Value> spec = new LinkedHashMap<>();
      spec.put("resource", str(p.resource().text()));
      if (!p.actions().isEmpty()) {
        Map<String, Value> actions = new LinkedHashMap<>();
        for (RoleItem.Action a : p.actions()) {
          actions.put(a.name(), a.predicate() == null ? BoolV.TRUE : str(a.predicate().text()));
        }
        spec.put("actions", new ObjectV(actions));
      }
      privileges.add(new ObjectV(spec));
    }
    List<Value> membership = new ArrayList<>();
    for (RoleItem.Membership m : r.membership()) {
      membership.add(m.predicate() == null ? obj("resource", str(m.resource().text()))
          : obj("resource", str(m.resource().text()), "predicate", str(m.predicate().text())));
    }
    return obj("name", str(r.name().text()), "privileges", new ArrayV(privileges), "membership", new ArrayV(membership));
  }

  static ObjectV accessProvider(AccessProviderItem a) {
    Map<String, Value> d = new LinkedHashMap<>();
    d.put("name", str(a.name().text()));
    d.put("issuer", str(a.issuer()));
    d.put("jwks_uri", str(a.jwksUri()));
    if (!a.roles().isEmpty()) {
      List<Value> roles = new ArrayList<>();
      for (AccessProviderItem.Role r : a.roles()) {
        roles.add(r.predicate() == null ? str(r.role().text())
            : obj("role", str(r.role().text()), "predicate", str(r.predicate().text())));
      }
      d.put("roles", new ArrayV(roles));
    }
    return new ObjectV(d);
  }

  private static StrV path(Path p) {
    return str(p.text());
  }

  static StrV str(String s) {
    return new StrV(s);
  }

  static Value num(long n) {
    return n == (int) n ? new IntV((int) n) : new LongV(n);
  }

  static ObjectV obj(Object... kv) {
    Map<String, Value> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], (Value) kv[i + 1]);
    return new ObjectV(m);
  }
}
