package io.faunus.model.query;

/**
 * The database as the transport sees it. Implementations authenticate, decode arguments, parse, evaluate
 * as one transaction and materialize the result. Must not throw: every failure is an outcome. Thread-safe.
 */
public interface QueryEngine {
  QueryOutcome execute(QueryRequest request);

  /** True when the engine can serve queries (for GET /ping). */
  default boolean ready() {
    return true;
  }
}
