package io.faunus.model.fsl;

import io.faunus.fql.Diagnostic;
import io.faunus.fql.DiagnosticRenderer;
import io.faunus.fql.ParseException;
import io.faunus.fql.Source;
import io.faunus.fql.fsl.Fsl;
import io.faunus.fql.fsl.FunctionItem;
import io.faunus.fql.fsl.CollectionItem;
import io.faunus.fql.fsl.Item;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A set of FSL files and the items they declare (schema-v10.md §1.2 validation): every file parsed (all
 * errors of all files reported together), then names checked across files. Collections, functions and their
 * aliases share one namespace; roles and access providers have their own.
 */
final class FileSchema {
  /** At most this many files, main.fsl included (§1.0). */
  static final int FILES_MAX = 1024;

  final Map<String, String> files;
  final List<Located> items;

  private FileSchema(Map<String, String> files, List<Located> items) {
    this.files = files;
    this.items = items;
  }

  static final FileSchema EMPTY = new FileSchema(Map.of(), List.of());

  /**
   * Parses {@code files} (name → text); any problem is a 400 listing every failure of every file, in file order.
   * As in Fauna, a file's own errors (parse errors, duplicates within the file) are diagnostics with a location;
   * a name declared again in a later file is a plain line, "Duplicate role `foo` in foo.fsl (originally seen in
   * main.fsl)", checked on item names only (aliases are left to the definitions' own validation).
   */
  static FileSchema parse(Map<String, String> files) {
    if (files.size() > FILES_MAX) throw SchemaFailure.badRequest("Too many files");
    List<String> failures = new ArrayList<>();
    List<Located> items = new ArrayList<>();
    Map<String, String> declaredIn = new HashMap<>(); // namespace:name → first file
    for (Map.Entry<String, String> f : files.entrySet()) {
      Source source = new Source(f.getKey(), f.getValue());
      List<Located> own = new ArrayList<>();
      List<Diagnostic> errors = new ArrayList<>();
      try {
        for (Item item : Fsl.parse(source).items()) own.add(new Located(item, source));
      } catch (ParseException e) {
        errors.addAll(e.diagnostics());
      }
      if (errors.isEmpty()) duplicatesWithin(own, errors);
      if (!errors.isEmpty()) {
        failures.add(render(errors));
        continue;
      }
      for (Located l : own) {
        String prior = declaredIn.putIfAbsent(namespace(l.item()) + ":" + l.item().name().text(), l.file());
        if (prior != null) {
          failures.add("Duplicate " + namespace(l.item()) + " `" + l.item().name().text() + "` in " + l.file()
              + " (originally seen in " + prior + ")");
        }
      }
      items.addAll(own);
    }
    if (!failures.isEmpty()) throw SchemaFailure.badRequest(String.join("\n", failures));
    return new FileSchema(files, items);
  }

  /** Diagnostics as Fauna's schema endpoint joins them: one after the other, line by line. */
  static String render(List<Diagnostic> errors) {
    return errors.stream().map(DiagnosticRenderer::render).collect(Collectors.joining("\n"));
  }

  /** Collections and functions share one namespace; roles and access providers have their own (§3.1). */
  private static String namespace(Item item) {
    return switch (item.kind()) {
      case COLLECTION, FUNCTION -> "collection or function";
      case ROLE -> "role";
      case ACCESS_PROVIDER -> "access provider";
    };
  }

  /**
   * Names declared twice in one file, reported at the second with a hint at the first. A function may take the
   * name of a collection of the same file when it has an alias (only the alias is checked then).
   */
  private static void duplicatesWithin(List<Located> items, List<Diagnostic> errors) {
    Map<String, io.faunus.fql.Span> seen = new HashMap<>();
    java.util.Set<String> collections = items.stream().filter(l -> l.item().kind() == Item.Kind.COLLECTION)
        .map(l -> l.item().name().text()).collect(Collectors.toSet());
    for (Located l : items) {
      Item item = l.item();
      Item.Name alias = item instanceof CollectionItem c ? c.alias() : item instanceof FunctionItem f ? f.alias() : null;
      List<Item.Name> names = new ArrayList<>();
      boolean sharesCollectionName = item.kind() == Item.Kind.FUNCTION && alias != null
          && seen.containsKey(namespace(item) + ":" + item.name().text()) && collections.contains(item.name().text());
      if (!sharesCollectionName) names.add(item.name());
      if (alias != null) names.add(alias);
      for (Item.Name n : names) {
        io.faunus.fql.Span prior = seen.putIfAbsent(namespace(item) + ":" + n.text(), n.span());
        if (prior == null) continue;
        errors.add(new Diagnostic(Diagnostic.Severity.ERROR, "Duplicate " + namespace(item) + " `" + n.text() + "`",
            new Diagnostic.Location(l.source(), n.span()), List.of(),
            List.of(new Diagnostic.Hint("Originally defined here", new Diagnostic.Location(l.source(), prior)))));
      }
    }
  }

  Map<Located.Key, Located> byKey() {
    Map<Located.Key, Located> out = new LinkedHashMap<>();
    for (Located l : items) out.put(l.key(), l);
    return out;
  }
}
