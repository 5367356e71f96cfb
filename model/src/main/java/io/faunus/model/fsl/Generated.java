package io.faunus.model.fsl;

import io.faunus.fql.fsl.FslPrinter;
import io.faunus.fql.fsl.Item;
import io.faunus.model.db.DbContext;
import io.faunus.model.db.SchemaStore;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The active files as clients see them (schema-v10.md §3.6): what was pushed, verbatim; for a database whose
 * schema was made only through FQL, a generated {@code main.fsl}. Reading never writes (reads must not change
 * the schema version). TODO: patch stored files when FQL changed, added or removed items after a push.
 */
final class Generated {
  private Generated() {}

  static final String PREAMBLE = "// The following schema is auto-generated.\n"
      + "// This file contains FSL for FQL10-compatible schema items.\n";

  static Map<String, String> activeFiles(DbContext db) {
    Map<String, String> stored = SchemaStore.files(db, SchemaStore.Area.ACTIVE);
    if (!stored.isEmpty()) return stored;
    StringBuilder main = new StringBuilder();
    for (Item.Kind kind : Item.Kind.values()) {
      SchemaStore.definitions(db, kind).forEach((name, def) ->
          main.append('\n').append(FslPrinter.print(Canonical.item(kind, def))).append('\n'));
    }
    Map<String, String> out = new LinkedHashMap<>();
    if (!main.isEmpty()) out.put("main.fsl", PREAMBLE + main);
    return out;
  }

  /** The staged files while a schema is staged, else the active ones. */
  static Map<String, String> latestFiles(DbContext db) {
    return SchemaStore.staged(db) ? SchemaStore.files(db, SchemaStore.Area.STAGED) : activeFiles(db);
  }
}
