package io.faunus.model.fsl;

import io.faunus.fql.fsl.AccessProviderItem;
import io.faunus.fql.fsl.CollectionItem;
import io.faunus.fql.fsl.FslPrinter;
import io.faunus.fql.fsl.FunctionItem;
import io.faunus.fql.fsl.Item;
import io.faunus.fql.fsl.RoleItem;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The semantic and summary diffs of two schemas (schema-v10.md §1.3): items matched by kind and name and
 * compared in their canonical form, so layout and comments never count as changes. Entries come as adds,
 * removes, then modifies, each sorted by kind and name; an unchanged schema is {@code ""}.
 */
final class SchemaDiff {
  private SchemaDiff() {}

  enum Change { ADD, REMOVE, MODIFY }

  record Entry(Change change, Located.Key key, String where, String movedFrom, List<Group> groups) {}

  /** Detail lines under a heading ({@code * Indexes:}); the heading is null for items without groups. */
  record Group(String heading, List<String> lines) {}

  static List<Entry> entries(FileSchema before, FileSchema after) {
    Map<Located.Key, Located> old = before.byKey(), neu = after.byKey();
    TreeMap<Located.Key, Entry> adds = new TreeMap<>(), removes = new TreeMap<>(), modifies = new TreeMap<>();
    for (var e : neu.entrySet()) {
      Located was = old.get(e.getKey());
      if (was == null) {
        adds.put(e.getKey(), new Entry(Change.ADD, e.getKey(), e.getValue().where(), null, List.of()));
        continue;
      }
      Item a = Canonical.item(was.item()), b = Canonical.item(e.getValue().item());
      boolean moved = !was.file().equals(e.getValue().file());
      if (FslPrinter.print(a).equals(FslPrinter.print(b)) && !moved) continue;
      modifies.put(e.getKey(), new Entry(Change.MODIFY, e.getKey(), e.getValue().where(), moved ? was.where() : null,
          details(a, b)));
    }
    for (var e : old.entrySet()) {
      if (!neu.containsKey(e.getKey())) {
        removes.put(e.getKey(), new Entry(Change.REMOVE, e.getKey(), e.getValue().where(), null, List.of()));
      }
    }
    List<Entry> out = new ArrayList<>(adds.values());
    out.addAll(removes.values());
    out.addAll(modifies.values());
    return out;
  }

  static String semantic(List<Entry> entries, boolean color) {
    Ansi c = new Ansi(color);
    StringBuilder sb = new StringBuilder();
    for (Entry e : entries) {
      sb.append(title(e, c));
      boolean details = e.groups.stream().anyMatch(g -> !g.lines.isEmpty());
      sb.append(details ? ":\n" : "\n");
      for (Group g : e.groups) {
        if (g.lines.isEmpty()) continue;
        if (g.heading != null) sb.append("  * ").append(g.heading).append(":\n");
        for (String line : g.lines) sb.append("  ").append(c.line(line)).append('\n');
        sb.append('\n');
      }
      if (!details) sb.append('\n');
    }
    return sb.toString();
  }

  static String summary(List<Entry> entries, boolean color) {
    Ansi c = new Ansi(color);
    StringBuilder sb = new StringBuilder();
    for (Entry e : entries) sb.append(title(e, c)).append('\n');
    return sb.toString();
  }

  private static String title(Entry e, Ansi c) {
    String what = switch (e.change) {
      case ADD -> "* Adding ";
      case REMOVE -> "* Removing ";
      case MODIFY -> "* Modifying ";
    } + e.key.kind().word + " `" + e.key.name() + "`";
    String where = switch (e.change) {
      case ADD -> " to ";
      case REMOVE -> " from ";
      case MODIFY -> " at ";
    } + e.where;
    if (e.movedFrom != null) where += " (previously defined at " + e.movedFrom + ")";
    return c.title(what) + where;
  }

  /** Bold blue titles, green adds, red removes, yellow changes (§1.3 {@code color=ansi}). */
  private record Ansi(boolean on) {
    String title(String s) {
      return on ? "\u001b[1;34m" + s + "\u001b[0m" : s;
    }

    String line(String s) {
      if (!on) return s;
      String code = s.startsWith("+") ? "32" : s.startsWith("-") ? "31" : "33";
      return "\u001b[" + code + "m" + s + "\u001b[0m";
    }
  }

  // ---- details of a modified item -------------------------------------------------------------

  private static List<Group> details(Item a, Item b) {
    return switch (b) {
      case CollectionItem nb -> collection((CollectionItem) a, nb);
      case FunctionItem nb -> function((FunctionItem) a, nb);
      case RoleItem nb -> role((RoleItem) a, nb);
      case AccessProviderItem nb -> accessProvider((AccessProviderItem) a, nb);
    };
  }

  private static List<Group> collection(CollectionItem a, CollectionItem b) {
    List<Group> groups = new ArrayList<>();
    List<String> fields = new ArrayList<>();
    compare(fields, named(a.fields(), f -> f.name().text()), named(b.fields(), f -> f.name().text()),
        f -> f.type().display() + (f.defaultValue() == null ? "" : " = " + f.defaultValue().text()),
        n -> "field `." + n + "`", "add", "drop");
    String wa = a.wildcard() == null ? null : a.wildcard().type().display();
    String wb = b.wildcard() == null ? null : b.wildcard().type().display();
    if (wa == null && wb != null) fields.add("+ add wildcard");
    else if (wa != null && wb == null) fields.add("- remove wildcard");
    if (b.migrations() != null) { // statements past the ones already applied are new (§4.3)
      int known = a.migrations() == null ? 0 : a.migrations().statements().size();
      var stmts = b.migrations().statements();
      for (int i = known; i < stmts.size(); i++) fields.add("~ migrate `" + FslPrinter.migration(stmts.get(i)) + "`");
    }
    groups.add(new Group("Defined fields", fields));
    List<String> computed = new ArrayList<>();
    compare(computed, named(a.computed(), f -> f.name().text()), named(b.computed(), f -> f.name().text()),
        f -> (f.type() == null ? "" : f.type().display()) + " = " + f.body().text(),
        n -> "computed field `" + n + "`", "add", "remove");
    groups.add(new Group("Computed fields", computed));
    List<String> indexes = new ArrayList<>();
    compare(indexes, named(a.indexes(), i -> i.name().text()), named(b.indexes(), i -> i.name().text()),
        SchemaDiff::indexShape, n -> "index `" + n + "`", "add", "remove");
    groups.add(new Group("Indexes", indexes));
    List<String> constraints = new ArrayList<>();
    compare(constraints, constraints(a), constraints(b), Function.identity(), Function.identity(), "add", "remove");
    groups.add(new Group("Constraints", constraints));
    List<String> config = new ArrayList<>();
    setting(config, "alias", a.alias() == null ? null : a.alias().text(), b.alias() == null ? null : b.alias().text());
    setting(config, "history_days", a.historyDays() == null ? null : a.historyDays().value(),
        b.historyDays() == null ? null : b.historyDays().value());
    setting(config, "ttl_days", a.ttlDays() == null ? null : a.ttlDays().value(),
        b.ttlDays() == null ? null : b.ttlDays().value());
    setting(config, "document_ttls", a.documentTtls() == null ? null : a.documentTtls().value(),
        b.documentTtls() == null ? null : b.documentTtls().value());
    groups.add(new Group("Configuration", config));
    return groups;
  }

  private static String indexShape(CollectionItem.Index i) {
    String print = FslPrinter.print(new CollectionItem(new Item.Name("x", io.faunus.fql.Span.NONE), null, List.of(),
        null, List.of(), List.of(i), List.of(), null, null, null, null, io.faunus.fql.Span.NONE));
    return print.substring(print.indexOf('{'));
  }

  /** Constraints keyed by what identifies them: unique by their terms, check by name (valued by body). */
  private static Map<String, String> constraints(CollectionItem c) {
    Map<String, String> out = new LinkedHashMap<>();
    for (CollectionItem.Constraint k : c.constraints()) {
      switch (k) {
        case CollectionItem.Unique u -> {
          String terms = u.terms().stream().map(t -> t.mva() ? "mva(" + t.path().text() + ")" : t.path().text())
              .collect(java.util.stream.Collectors.joining(", "));
          out.put("unique constraint on [" + terms + "]", "");
        }
        case CollectionItem.Check ch -> out.put("check constraint `" + ch.name().text() + "`", ch.body().text());
      }
    }
    return out;
  }

  private static <T> Map<String, T> named(List<T> items, Function<T, String> name) {
    Map<String, T> out = new LinkedHashMap<>();
    for (T t : items) out.put(name.apply(t), t);
    return out;
  }

  /** Keys only in b are added, only in a removed, in both with different values changed. */
  private static <V> void compare(List<String> out, Map<String, V> a, Map<String, V> b, Function<V, String> value,
                                  Function<String, String> label, String add, String remove) {
    for (String k : b.keySet()) if (!a.containsKey(k)) out.add("+ " + add + " " + label.apply(k));
    for (String k : a.keySet()) if (!b.containsKey(k)) out.add("- " + remove + " " + label.apply(k));
    for (String k : b.keySet()) {
      if (a.containsKey(k) && !Objects.equals(str(a.get(k), value), str(b.get(k), value))) {
        out.add("~ change " + label.apply(k));
      }
    }
  }

  private static <V> String str(V v, Function<V, String> value) {
    return v == null ? null : value.apply(v);
  }

  private static void setting(List<String> out, String name, Object a, Object b) {
    if (Objects.equals(a, b)) return;
    if (a == null) out.add("+ add " + name + " set to " + b);
    else if (b == null) out.add("- remove " + name);
    else out.add("~ change " + name + " from " + a + " to " + b);
  }

  private static List<Group> function(FunctionItem a, FunctionItem b) {
    List<String> lines = new ArrayList<>();
    if (!ToDefinition.body(a).equals(ToDefinition.body(b))) lines.add("~ change body");
    String sa = a.typed() ? ToDefinition.signature(a).display() : null;
    String sb = b.typed() ? ToDefinition.signature(b).display() : null;
    if (!Objects.equals(sa, sb)) lines.add("~ change signature");
    setting(lines, "role", a.role() == null ? null : a.role().text(), b.role() == null ? null : b.role().text());
    setting(lines, "alias", a.alias() == null ? null : a.alias().text(), b.alias() == null ? null : b.alias().text());
    return List.of(new Group(null, lines));
  }

  private static List<Group> role(RoleItem a, RoleItem b) {
    List<String> lines = new ArrayList<>();
    compare(lines, privileges(a), privileges(b), Function.identity(), n -> "privileges on `" + n + "`", "add", "remove");
    compare(lines, membership(a), membership(b), Function.identity(), n -> "membership on `" + n + "`", "add", "remove");
    return List.of(new Group(null, lines));
  }

  private static Map<String, String> privileges(RoleItem r) {
    Map<String, String> out = new LinkedHashMap<>();
    for (RoleItem.Privileges p : r.privileges()) {
      out.put(p.resource().text(), p.actions().stream()
          .map(x -> x.name() + (x.predicate() == null ? "" : "=" + x.predicate().text())).toList().toString());
    }
    return out;
  }

  private static Map<String, String> membership(RoleItem r) {
    Map<String, String> out = new LinkedHashMap<>();
    for (RoleItem.Membership m : r.membership()) {
      out.put(m.resource().text(), m.predicate() == null ? "" : m.predicate().text());
    }
    return out;
  }

  private static List<Group> accessProvider(AccessProviderItem a, AccessProviderItem b) {
    List<String> lines = new ArrayList<>();
    setting(lines, "issuer", a.issuer(), b.issuer());
    setting(lines, "jwks_uri", a.jwksUri(), b.jwksUri());
    Map<String, String> ra = new LinkedHashMap<>(), rb = new LinkedHashMap<>();
    a.roles().forEach(r -> ra.put(r.role().text(), r.predicate() == null ? "" : r.predicate().text()));
    b.roles().forEach(r -> rb.put(r.role().text(), r.predicate() == null ? "" : r.predicate().text()));
    compare(lines, ra, rb, Function.identity(), n -> "role `" + n + "`", "add", "remove");
    return List.of(new Group(null, lines));
  }
}
