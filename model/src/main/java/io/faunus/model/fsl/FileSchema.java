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

  /** Parses {@code files} (name → text); any problem is a 400 listing every diagnostic. */
  static FileSchema parse(Map<String, String> files) {
    if (files.size() > FILES_MAX) throw SchemaFailure.badRequest("Too many files");
    List<Diagnostic> errors = new ArrayList<>();
    List<Located> items = new ArrayList<>();
    for (Map.Entry<String, String> f : files.entrySet()) {
      Source source = new Source(f.getKey(), f.getValue());
      try {
        for (Item item : Fsl.parse(source).items()) items.add(new Located(item, source));
      } catch (ParseException e) {
        errors.addAll(e.diagnostics());
      }
    }
    if (errors.isEmpty()) duplicates(items, errors);
    if (!errors.isEmpty()) throw SchemaFailure.badRequest(render(errors));
    return new FileSchema(files, items);
  }

  /** Diagnostics as Fauna's schema endpoint joins them: one after the other, line by line. */
  static String render(List<Diagnostic> errors) {
    return errors.stream().map(DiagnosticRenderer::render).collect(Collectors.joining("\n"));
  }

  private record Seen(Located at, io.faunus.fql.Span span) {}

  private static void duplicates(List<Located> items, List<Diagnostic> errors) {
    Map<String, Seen> seen = new HashMap<>();
    for (Located l : items) {
      Item item = l.item();
      String space = switch (item.kind()) {
        case COLLECTION, FUNCTION -> "collection or function";
        case ROLE -> "role";
        case ACCESS_PROVIDER -> "access provider";
      };
      List<Item.Name> names = new ArrayList<>();
      names.add(item.name());
      Item.Name alias = item instanceof CollectionItem c ? c.alias() : item instanceof FunctionItem f ? f.alias() : null;
      if (alias != null) names.add(alias);
      for (Item.Name n : names) {
        Seen prior = seen.putIfAbsent(space + ":" + n.text(), new Seen(l, n.span()));
        if (prior == null) continue;
        String message = "Duplicate " + space + " `" + n.text() + "`";
        var at = new Diagnostic.Location(l.source(), n.span());
        if (prior.at.source() == l.source()) {
          errors.add(new Diagnostic(Diagnostic.Severity.ERROR, message, at, List.of(),
              List.of(new Diagnostic.Hint("Originally defined here", new Diagnostic.Location(l.source(), prior.span)))));
        } else {
          errors.add(Diagnostic.error(message + " in " + l.file() + " (originally seen in " + prior.at.file() + ")", at));
        }
      }
    }
  }

  Map<Located.Key, Located> byKey() {
    Map<Located.Key, Located> out = new LinkedHashMap<>();
    for (Located l : items) out.put(l.key(), l);
    return out;
  }
}
