package io.faunus.model.fsl;

import io.faunus.fql.ParseException;
import io.faunus.fql.Parser;
import io.faunus.fql.Source;
import io.faunus.fql.Span;
import io.faunus.fql.ast.Expr;
import io.faunus.fql.fsl.AccessProviderItem;
import io.faunus.fql.fsl.CollectionItem;
import io.faunus.fql.fsl.Fql;
import io.faunus.fql.fsl.Fsl;
import io.faunus.fql.fsl.FslType;
import io.faunus.fql.fsl.FunctionItem;
import io.faunus.fql.fsl.Item;
import io.faunus.fql.fsl.Migration;
import io.faunus.fql.fsl.Path;
import io.faunus.fql.fsl.RoleItem;
import io.faunus.model.value.Numbers;
import io.faunus.model.value.Value;
import io.faunus.model.value.Value.*;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Definition documents back to FSL items: how a server shows schema that was made (or changed) through FQL
 * (schema-v10.md §3.6), and the common form two definitions are compared in. Stored text (signatures, bodies,
 * defaults) is parsed again; definitions made through FQL were validated more loosely than FSL, so what does
 * not parse is kept as written rather than failing (a signature becomes a bare type name of its text). The
 * settings FSL leaves out when they have their default ({@code history_days 0}) are left out here too.
 */
public final class FromDefinition {
  private FromDefinition() {}

  public static Item of(Item.Kind kind, ObjectV d) {
    return switch (kind) {
      case COLLECTION -> collection(d);
      case FUNCTION -> function(d);
      case ROLE -> role(d);
      case ACCESS_PROVIDER -> accessProvider(d);
    };
  }

  static CollectionItem collection(ObjectV d) {
    List<CollectionItem.Field> fields = new ArrayList<>();
    if (d.get("fields") instanceof ObjectV fs) {
      fs.fields().forEach((name, spec) -> {
        ObjectV s = spec instanceof ObjectV o ? o : ObjectV.EMPTY;
        fields.add(new CollectionItem.Field(name(name), type(text(s.get("signature"), "Any")),
            s.get("default") instanceof StrV dv ? fql("*default*", dv.value()) : null, Span.NONE));
      });
    }
    CollectionItem.Wildcard wildcard = d.get("wildcard") instanceof StrV w
        ? new CollectionItem.Wildcard(type(w.value()), Span.NONE) : null;
    List<CollectionItem.Computed> computed = new ArrayList<>();
    if (d.get("computed_fields") instanceof ObjectV cf) {
      cf.fields().forEach((name, spec) -> {
        ObjectV s = spec instanceof ObjectV o ? o : ObjectV.EMPTY;
        computed.add(new CollectionItem.Computed(name(name),
            s.get("signature") instanceof StrV sig ? type(sig.value()) : null,
            fql("*computed*", text(s.get("body"), "(doc) => null")), Span.NONE));
      });
    }
    List<CollectionItem.Index> indexes = new ArrayList<>();
    if (d.get("indexes") instanceof ObjectV idx) {
      idx.fields().forEach((name, spec) -> {
        ObjectV s = spec instanceof ObjectV o ? o : ObjectV.EMPTY;
        List<CollectionItem.Term> terms = s.get("terms") instanceof ArrayV t && !t.elems().isEmpty() ? terms(t) : null;
        List<CollectionItem.Value> values = null;
        if (s.get("values") instanceof ArrayV vs && !vs.elems().isEmpty()) {
          values = new ArrayList<>();
          for (Value v : vs.elems()) {
            ObjectV o = v instanceof ObjectV x ? x : ObjectV.EMPTY;
            String field = v instanceof StrV sv ? sv.value() : text(o.get("field"), "");
            values.add(new CollectionItem.Value(path(field), "desc".equals(text(o.get("order"), "asc")), bool(o.get("mva"))));
          }
        }
        indexes.add(new CollectionItem.Index(name(name), terms, values, Span.NONE));
      });
    }
    List<CollectionItem.Constraint> constraints = new ArrayList<>();
    if (d.get("constraints") instanceof ArrayV cs) {
      for (Value c : cs.elems()) {
        if (!(c instanceof ObjectV o)) continue;
        if (o.get("unique") instanceof ArrayV u) constraints.add(new CollectionItem.Unique(terms(u), Span.NONE));
        else if (o.get("check") instanceof ObjectV ch) {
          constraints.add(new CollectionItem.Check(name(text(ch.get("name"), "")),
              fql("*check*", text(ch.get("body"), "(doc) => true")), Span.NONE));
        }
      }
    }
    long history = d.get("history_days") instanceof NumV n ? Numbers.asLong(n) : 0;
    CollectionItem.Setting<Long> historyDays = history == 0 ? null : new CollectionItem.Setting<>(history, Span.NONE);
    CollectionItem.Setting<Long> ttlDays = d.get("ttl_days") instanceof NumV n
        ? new CollectionItem.Setting<>(Numbers.asLong(n), Span.NONE) : null;
    CollectionItem.Setting<Boolean> documentTtls = d.get("document_ttls") instanceof BoolV b
        ? new CollectionItem.Setting<>(b.value(), Span.NONE) : null;
    CollectionItem.Migrations migrations = d.get("migrations") instanceof ArrayV ms
        ? new CollectionItem.Migrations(ms.elems().stream().map(FromDefinition::migration)
            .filter(java.util.Objects::nonNull).toList(), Span.NONE) : null;
    return new CollectionItem(name(text(d.get("name"), "")), d.get("alias") instanceof StrV a ? name(a.value()) : null,
        fields, wildcard, computed, indexes, constraints, historyDays, ttlDays, documentTtls, migrations, Span.NONE);
  }

  /** Terms and unique fields: {@code [{field, mva}]} or plain path strings. */
  private static List<CollectionItem.Term> terms(ArrayV list) {
    List<CollectionItem.Term> out = new ArrayList<>();
    for (Value v : list.elems()) {
      if (v instanceof StrV s) out.add(new CollectionItem.Term(path(s.value()), false));
      else if (v instanceof ObjectV o) out.add(new CollectionItem.Term(path(text(o.get("field"), "")), bool(o.get("mva"))));
    }
    return out;
  }

  private static Migration migration(Value v) {
    if (!(v instanceof ObjectV o) || o.fields().size() != 1) return null;
    Map.Entry<String, Value> e = o.fields().entrySet().iterator().next();
    ObjectV a = e.getValue() instanceof ObjectV x ? x : ObjectV.EMPTY;
    Path field = path(text(a.get("field"), ""));
    return switch (e.getKey()) {
      case "add" -> new Migration.Add(field, Span.NONE);
      case "backfill" -> new Migration.Backfill(field, fql("*backfill*", text(a.get("value"), "null")), Span.NONE);
      case "drop" -> new Migration.Drop(field, Span.NONE);
      case "split" -> new Migration.Split(field, a.get("to") instanceof ArrayV to
          ? to.elems().stream().map(t -> path(text(t, ""))).toList() : List.of(), Span.NONE);
      case "move" -> new Migration.Move(field, path(text(a.get("to"), "")), Span.NONE);
      case "move_conflicts" -> new Migration.MoveConflicts(path(text(a.get("into"), "")), Span.NONE);
      case "move_wildcard" -> new Migration.MoveWildcard(path(text(a.get("into"), "")), Span.NONE);
      case "add_wildcard" -> new Migration.AddWildcard(Span.NONE);
      default -> null;
    };
  }

  static FunctionItem function(ObjectV d) {
    Fql body = fql("*body*", text(d.get("body"), "() => null"));
    Expr.Lambda lambda = body.expr() instanceof Expr.Lambda l ? l
        : new Expr.Lambda(List.of(), null, body.expr(), body.expr().span());
    FslType.Func sig = d.get("signature") instanceof StrV s && type(s.value()) instanceof FslType.Func f ? f : null;
    List<String> names = new ArrayList<>(lambda.params());
    if (lambda.rest() != null) names.add(lambda.rest());
    if (sig != null && sig.params().size() != names.size()) sig = null; // a signature that does not fit: untyped
    List<FunctionItem.Param> params = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      String n = names.get(i) == null ? "_" : names.get(i);
      boolean variadic = lambda.rest() != null && i == names.size() - 1;
      params.add(new FunctionItem.Param(name(n), sig == null ? null : sig.params().get(i).type(), variadic));
    }
    return new FunctionItem(name(text(d.get("name"), "")), d.get("alias") instanceof StrV a ? name(a.value()) : null,
        d.get("role") instanceof StrV r ? name(r.value()) : null, params, sig == null ? null : sig.result(),
        new Fql(lambda.body(), body.source()), Span.NONE);
  }

  static RoleItem role(ObjectV d) {
    List<RoleItem.Privileges> privileges = new ArrayList<>();
    for (Value p : list(d.get("privileges"))) {
      if (!(p instanceof ObjectV o)) continue;
      List<RoleItem.Action> actions = new ArrayList<>();
      if (o.get("actions") instanceof ObjectV as) {
        as.fields().forEach((action, grant) -> {
          if (grant instanceof StrV pred) actions.add(new RoleItem.Action(action, fql("*predicate*", pred.value()), Span.NONE));
          else if (grant instanceof BoolV b && b.value()) actions.add(new RoleItem.Action(action, null, Span.NONE));
        });
      }
      privileges.add(new RoleItem.Privileges(name(text(o.get("resource"), "")), actions, Span.NONE));
    }
    List<RoleItem.Membership> membership = new ArrayList<>();
    for (Value m : list(d.get("membership"))) {
      if (!(m instanceof ObjectV o)) continue;
      membership.add(new RoleItem.Membership(name(text(o.get("resource"), "")),
          o.get("predicate") instanceof StrV pred ? fql("*predicate*", pred.value()) : null, Span.NONE));
    }
    return new RoleItem(name(text(d.get("name"), "")), privileges, membership, Span.NONE);
  }

  static AccessProviderItem accessProvider(ObjectV d) {
    List<AccessProviderItem.Role> roles = new ArrayList<>();
    for (Value r : list(d.get("roles"))) {
      if (r instanceof StrV s) roles.add(new AccessProviderItem.Role(name(s.value()), null, Span.NONE));
      else if (r instanceof ObjectV o) {
        roles.add(new AccessProviderItem.Role(name(text(o.get("role"), "")),
            o.get("predicate") instanceof StrV pred ? fql("*predicate*", pred.value()) : null, Span.NONE));
      }
    }
    return new AccessProviderItem(name(text(d.get("name"), "")), text(d.get("issuer"), ""),
        text(d.get("jwks_uri"), ""), roles, Span.NONE);
  }

  /** An array, a single object (FQL accepts one privilege or role as an object), or nothing. */
  private static List<Value> list(Value v) {
    if (v instanceof ArrayV a) return a.elems();
    if (v instanceof ObjectV || v instanceof StrV) return List.of(v);
    return List.of();
  }

  private static Item.Name name(String text) {
    return new Item.Name(text, Span.NONE);
  }

  /** A stored path ({@code ".a"}, or {@code "a"} from FQL) with FSL's leading dot. */
  private static Path path(String text) {
    return new Path(text.startsWith(".") || text.isEmpty() ? text : "." + text, Span.NONE);
  }

  private static FslType type(String text) {
    try {
      return Fsl.parseType(new Source("*signature*", text));
    } catch (ParseException e) {
      return new FslType.Named(text, Span.NONE);
    }
  }

  private static Fql fql(String sourceName, String text) {
    Source src = new Source(sourceName, text);
    try {
      return new Fql(Parser.parseExpr(src), src);
    } catch (ParseException e) { // validated when stored; keep the text if it no longer parses
      Source quoted = new Source(sourceName, io.faunus.fql.print.Strings.quote(text));
      return new Fql(Parser.parseExpr(quoted), quoted);
    }
  }

  private static String text(Value v, String absent) {
    return v instanceof StrV s ? s.value() : absent;
  }

  private static boolean bool(Value v) {
    return v instanceof BoolV b && b.value();
  }
}
