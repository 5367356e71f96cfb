package io.faunus.model.fsl;

import io.faunus.fql.fsl.FslPrinter;
import io.faunus.fql.fsl.Item;
import io.faunus.model.db.DbContext;
import io.faunus.model.db.SchemaStore;
import io.faunus.model.value.Value.ObjectV;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The active files as clients see them (schema-v10.md §3.6): what was pushed, verbatim, as long as the
 * definitions still say what the files say. Where FQL changed the schema since (an item updated, removed or
 * added), the view is patched: a changed item's text is replaced by its canonical FSL, a removed item is cut
 * out, new items are appended to {@code main.fsl}; untouched text stays as it was. A database whose schema was
 * made only through FQL gets a generated {@code main.fsl}. Computed on read, never written: reads must not
 * change the schema version, and pushes diff against exactly what the definitions hold.
 */
final class Generated {
  private Generated() {}

  static final String PREAMBLE = "// The following schema is auto-generated.\n"
      + "// This file contains FSL for FQL10-compatible schema items.\n";

  /** The live definitions, by kind and name. */
  private static Map<Located.Key, ObjectV> definitions(DbContext db) {
    Map<Located.Key, ObjectV> defs = new LinkedHashMap<>();
    for (Item.Kind kind : Item.Kind.values()) {
      SchemaStore.definitions(db, kind).forEach((name, def) -> defs.put(new Located.Key(kind, name), def));
    }
    return defs;
  }

  /** The live definitions as the staged marker remembers them ({@code kind\tname}). */
  static Set<String> liveItems(DbContext db) {
    Set<String> out = new LinkedHashSet<>();
    for (Located.Key k : definitions(db).keySet()) out.add(k.kind() + "\t" + k.name());
    return out;
  }

  static Map<String, String> activeFiles(DbContext db) {
    Map<Located.Key, ObjectV> defs = definitions(db);
    Map<String, String> stored = SchemaStore.files(db, SchemaStore.Area.ACTIVE);
    if (stored.isEmpty()) {
      StringBuilder main = new StringBuilder();
      defs.forEach((k, def) -> main.append('\n').append(FslPrinter.print(Canonical.item(k.kind(), def))).append('\n'));
      Map<String, String> out = new LinkedHashMap<>();
      if (!main.isEmpty()) out.put("main.fsl", PREAMBLE + main);
      return out;
    }
    FileSchema parsed;
    try {
      parsed = FileSchema.parse(stored);
    } catch (SchemaFailure e) { // stored files parsed when pushed; if a newer parser disagrees, show them as they are
      return stored;
    }
    return patch(stored, parsed, defs);
  }

  private record Edit(int start, int end, String text) {}

  private static Map<String, String> patch(Map<String, String> stored, FileSchema parsed, Map<Located.Key, ObjectV> defs) {
    Map<String, List<Edit>> edits = new LinkedHashMap<>();
    Map<Located.Key, ObjectV> unseen = new LinkedHashMap<>(defs);
    for (Located l : parsed.items) {
      ObjectV def = unseen.remove(l.key());
      String text = l.source().text();
      int start = l.item().span().start(), end = l.item().span().end();
      if (def == null) { // removed through FQL: cut the item and the line break after it
        if (end < text.length() && text.charAt(end) == '\n') end++;
        // Between blank lines, one blank line goes with the item.
        if (end < text.length() && text.charAt(end) == '\n' && start >= 2 && text.startsWith("\n\n", start - 2)) end++;
        edits.computeIfAbsent(l.file(), f -> new ArrayList<>()).add(new Edit(start, end, ""));
      } else if (!Canonical.text(l.item()).equals(Canonical.text(l.item().kind(), def))) {
        String fsl = FslPrinter.print(Canonical.item(l.item().kind(), def));
        edits.computeIfAbsent(l.file(), f -> new ArrayList<>()).add(new Edit(start, end, fsl));
      }
    }
    Map<String, String> out = new LinkedHashMap<>(stored);
    edits.forEach((file, list) -> {
      StringBuilder sb = new StringBuilder(out.get(file));
      list.sort(Comparator.comparingInt(Edit::start).reversed());
      for (Edit e : list) sb.replace(e.start, e.end, e.text);
      out.put(file, sb.toString());
    });
    appendToMain(out, unseen);
    return out;
  }

  /** New items go at the end of {@code main.fsl}, each after a blank line, in canonical FSL. */
  private static void appendToMain(Map<String, String> files, Map<Located.Key, ObjectV> items) {
    if (items.isEmpty()) return;
    StringBuilder main = new StringBuilder(files.getOrDefault("main.fsl", ""));
    items.forEach((k, def) -> {
      if (!main.isEmpty() && main.charAt(main.length() - 1) != '\n') main.append('\n');
      main.append('\n').append(FslPrinter.print(Canonical.item(k.kind(), def))).append('\n');
    });
    files.put("main.fsl", main.toString());
  }

  /**
   * The staged files while a schema is staged, else the active ones. Definitions created through FQL since the
   * schema was staged (live now, not live then, not in the staged files) join the staged schema, appended to its
   * {@code main.fsl}, so that committing does not delete them (schema-v10.md §1.4: FQL changes land in staged).
   */
  static Map<String, String> latestFiles(DbContext db) {
    Set<String> base = SchemaStore.stagedBase(db);
    if (base == null) return activeFiles(db);
    Map<String, String> staged = SchemaStore.files(db, SchemaStore.Area.STAGED);
    if (base.contains(SchemaStore.EVERY_ITEM)) return staged;
    Map<Located.Key, ObjectV> created = definitions(db);
    created.keySet().removeIf(k -> base.contains(k.kind() + "\t" + k.name()));
    if (created.isEmpty()) return staged;
    try {
      for (Located l : FileSchema.parse(staged).items) created.remove(l.key());
    } catch (SchemaFailure e) { // staged files were valid when pushed
      return staged;
    }
    Map<String, String> out = new LinkedHashMap<>(staged);
    appendToMain(out, created);
    return out;
  }
}
