package io.faunus.model.fsl;

import io.faunus.fql.fsl.Item;
import io.faunus.model.db.SchemaStore;
import io.faunus.model.eval.QueryError;
import io.faunus.model.value.Value.ObjectV;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Makes a database's definition documents match a schema (schema-v10.md §1.2 (b)): definitions not in the
 * schema are deleted, new ones created, changed ones replaced (keeping their user data); unchanged ones are
 * not written at all, so a push of the same schema rebuilds nothing. Each write goes through the documents' own
 * validation, whose failure is the push's error ("Failed to create Function.\nconstraint failures:\n  …").
 */
final class Apply {
  private Apply() {}

  /** Deletions first, functions before the roles they may run as; creations in the opposite order. */
  private static final List<Item.Kind> DELETE_ORDER =
      List.of(Item.Kind.FUNCTION, Item.Kind.ACCESS_PROVIDER, Item.Kind.ROLE, Item.Kind.COLLECTION);
  private static final List<Item.Kind> DEFINE_ORDER =
      List.of(Item.Kind.COLLECTION, Item.Kind.ROLE, Item.Kind.FUNCTION, Item.Kind.ACCESS_PROVIDER);

  static void run(Workspace.Session s, FileSchema schema) {
    if (io.faunus.model.db.Auth.typechecked(s.db().txn(), s.db().db())) SchemaTypecheck.check(schema);
    CrossItemCheck.check(schema);
    Map<Item.Kind, Map<String, ObjectV>> desired = new LinkedHashMap<>();
    Map<String, Located> collections = new LinkedHashMap<>();
    for (Item.Kind k : Item.Kind.values()) desired.put(k, new LinkedHashMap<>());
    for (Located l : schema.items) {
      desired.get(l.item().kind()).put(l.item().name().text(), ToDefinition.of(l.item()));
      if (l.item().kind() == Item.Kind.COLLECTION) collections.put(l.item().name().text(), l);
    }
    Map<Item.Kind, Map<String, ObjectV>> existing = new LinkedHashMap<>();
    for (Item.Kind k : Item.Kind.values()) existing.put(k, SchemaStore.definitions(s.db(), k));
    for (Item.Kind k : DELETE_ORDER) {
      for (String name : existing.get(k).keySet()) {
        if (!desired.get(k).containsKey(name)) SchemaStore.remove(s.db(), k, name);
      }
    }
    for (Item.Kind k : DEFINE_ORDER) {
      desired.get(k).forEach((name, def) -> {
        ObjectV old = existing.get(k).get(name);
        if (old != null && Canonical.text(k, old).equals(Canonical.text(k, def))) return;
        // A live collection with documents changes only as its migrations say (§4).
        MigrationCheck.Plan plan = old == null || k != Item.Kind.COLLECTION ? MigrationCheck.Plan.NONE
            : MigrationCheck.check(collections.get(name), old, SchemaStore.hasDocuments(s.db(), name),
                each -> SchemaStore.forEachDocument(s.db(), name, each));
        try {
          SchemaStore.define(s.db(), s.in(), k, def);
          if (!plan.statements().isEmpty()) {
            SchemaStore.migrateDocuments(s.db(), s.in(), name, MigrationRun.of(plan, s.in()));
          }
        } catch (QueryError e) {
          throw SchemaFailure.badRequest(message(e));
        }
      });
    }
  }

  /** A definition write's failure as Fauna's schema endpoint words it: the query error's message line. */
  static String message(QueryError e) {
    return e.diagnostic().message();
  }
}
