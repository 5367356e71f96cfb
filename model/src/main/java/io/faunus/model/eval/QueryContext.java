package io.faunus.model.eval;

import io.faunus.fql.Diagnostic;
import io.faunus.fql.ast.Expr;
import io.faunus.model.value.Value;
import java.time.Instant;

/**
 * What a query sees of the world: bound template values, global names (built-ins and the database's
 * schema), documents at the query's snapshot, time, ids, logs and the deadline. Implemented by the engine;
 * the evaluator never touches storage directly.
 */
public interface QueryContext {
  /** Template value {@code index} (spec §1.3). */
  Value placeholder(int index);

  /** A global name: built-in module/function, user collection or UDF; null when unbound. */
  Value global(Interp in, String name);

  /** {@code at (time) body} (spec §3.7). */
  Value at(Interp in, Expr.At at, Env env);

  DocAccess docs();

  /** Throws a time_out protocol error (440) when the request's deadline has passed. */
  void checkDeadline();

  void log(Diagnostic d);

  /** The query's snapshot time: {@code Time.now()}, identical for the whole query. */
  Instant snapshotTime();

  /** A new unique, time-ordered document id. */
  long newId();

  /** Issues and resolves set cursors for pagination (self-contained signed tokens, see engine.CursorTokens). */
  Cursors cursors();

  /** Runs body with document reads at an earlier time (cursor replays read at the cursor's snapshot). */
  default <T> T readingAt(long micros, java.util.function.Supplier<T> body) {
    return body.get();
  }
}
