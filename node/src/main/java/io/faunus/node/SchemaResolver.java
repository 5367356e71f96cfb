package io.faunus.node;

import io.faunus.model.codec.Resolver;
import io.faunus.model.db.DbContext;
import io.faunus.model.stdlib.Builtins;
import io.faunus.model.value.Value;
import io.faunus.model.value.Value.DocV;
import io.faunus.model.value.Value.ModuleV;
import java.util.Set;

/** Resolves {@code @mod} and {@code @ref} names against built-ins and the database's schema (spec §2.3). */
final class SchemaResolver implements Resolver {
  private static final Set<String> NAMED = Set.of("Collection", "Function", "Database", "Role", "AccessProvider");
  private static final Set<String> ID_NATIVES = Set.of("Key", "Token", "Credential", "Credentials");

  private final DbContext db;

  SchemaResolver(DbContext db) {
    this.db = db;
  }

  @Override
  public ModuleV module(String name) {
    Value v = Builtins.global(name);
    if (v == null) v = db.global(null, name);
    return v instanceof ModuleV m ? m : null;
  }

  @Override
  public CollectionKind collectionKind(ModuleV module) {
    if (NAMED.contains(module.name())) return CollectionKind.BY_NAME;
    if (ID_NATIVES.contains(module.name()) || db.schema().collection(module.name()) != null) return CollectionKind.BY_ID;
    return CollectionKind.NOT_A_COLLECTION;
  }

  @Override
  public boolean namedDocExists(ModuleV coll, String name) {
    return db.state(DocV.byName(coll.name(), name)) != null;
  }
}
