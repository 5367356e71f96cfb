package io.faunus.model.codec;

import io.faunus.model.value.Value.ModuleV;

/**
 * What the tagged decoder needs to know about the database's schema (spec §2.3): {@code @mod} names and
 * {@code @ref}/{@code @doc} collections. Implemented by the evaluator over the schema visible to the query.
 */
public interface Resolver {

  /** How a collection module identifies its documents. */
  enum CollectionKind {
    /** User collections, Key, Token, Credential: documents have numeric ids and need not exist. */
    BY_ID,
    /** Collection, Function, Role, AccessProvider, Database: documents have names and must exist. */
    BY_NAME,
    /** A module that holds no documents (Math, Time, ...). */
    NOT_A_COLLECTION
  }

  /**
   * The built-in module or user collection called {@code name} (by name or alias), or null when there is
   * none. User-defined functions are not modules and must answer null.
   */
  ModuleV module(String name);

  CollectionKind collectionKind(ModuleV module);

  /** True when the named schema collection {@code coll} (a BY_NAME module) holds a document {@code name}. */
  boolean namedDocExists(ModuleV coll, String name);
}
