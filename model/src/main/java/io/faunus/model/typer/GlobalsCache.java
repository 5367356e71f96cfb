package io.faunus.model.typer;

import io.faunus.model.db.SchemaView;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The globals of a schema view, built once per view: views are immutable and themselves cached per
 * (database, schema version), so a typechecked query does not rebuild its collections' types. Weak keys: an
 * entry goes when its view leaves the schema cache.
 */
final class GlobalsCache {
  private static final Map<SchemaView, Globals> BY_VIEW = new WeakHashMap<>();
  private static final Globals NONE = new Globals(TypeCheck.Schema.NONE);

  private GlobalsCache() {}

  static Globals of(SchemaView schema) {
    if (schema == null) return NONE;
    synchronized (BY_VIEW) {
      return BY_VIEW.computeIfAbsent(schema, s -> new Globals(TypeCheck.Schema.of(s)));
    }
  }
}
