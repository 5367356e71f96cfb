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
  HISTORY_READ("history_read"),
  HISTORY_WRITE("history_write"),
  UNRESTRICTED_READ("unrestricted_read"),
  /** (args...) of a function */
  CALL("call");

  /** The key of this action in a privilege's {@code actions} object. */
  final String key;

  Action(String key) {
    this.key = key;
  }
}
