package io.faunus.model.fsl;

import io.faunus.model.db.DbContext;
import io.faunus.model.eval.Interp;
import java.util.function.Function;

/**
 * Where a schema call runs: the attempt's transaction (whose writes commit), and scratch transactions at the
 * same snapshot whose writes are thrown away, for validating a staged schema by applying it where nobody sees
 * it. The engine provides it (it owns transactions and the log).
 */
public interface Workspace {
  /** A database as one transaction sees it, with an evaluator for the writes' validation errors. */
  record Session(DbContext db, Interp in) {}

  Session main();

  /** Runs {@code body} in a fresh transaction at the main one's snapshot, then discards its writes. */
  <T> T scratch(Function<Session, T> body);

  /** The scope is the root database (which cannot stage schema). */
  boolean root();
}
