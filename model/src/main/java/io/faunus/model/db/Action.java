package io.faunus.model.db;

/**
 * What a caller does to a resource (spec §7.5); a role privilege grants actions by these names. The
 * predicate of each action receives the arguments listed.
 */
enum Action {
  /** (doc) */
  READ("read"),
  /** (oldDoc, newDoc) */
  WRITE("write"),
  /** (newDoc) */
  CREATE("create"),
  /** (newDoc): a create that chooses its own id */
  CREATE_WITH_ID("create_with_id"),
  /** (doc) */
  DELETE("delete"),
  /** (doc): reading a document inside {@code at()}; {@code read} does not grant it. */
  HISTORY_READ("history_read"),
  /**
   * FQL v10 has no way to write a past version; as in FaunaDB, {@code create} plus {@code history_write} (granted
   * {@code true}; its 4-parameter predicates are not run) allow a create with a chosen id, like create_with_id.
   */
  HISTORY_WRITE("history_write"),
  /**
   * Accepted in privileges and checked by nothing: FaunaDB checks it only on FQL v4 set reads (reading an index
   * without per-document read checks); v10 checks every document read, as we do.
   */
  UNRESTRICTED_READ("unrestricted_read"),
  /** (args...) of a function */
  CALL("call");

  /** The key of this action in a privilege's {@code actions} object. */
  final String key;

  Action(String key) {
    this.key = key;
  }
}
