package io.faunus.model.eval;

import io.faunus.fql.Diagnostic;
import io.faunus.fql.Diagnostic.Hint;
import io.faunus.fql.Diagnostic.Location;
import io.faunus.model.query.ErrorCode;
import io.faunus.model.query.QueryOutcome.ConstraintFailure;
import io.faunus.model.value.Value;
import java.util.ArrayList;
import java.util.List;

/**
 * A query failure with a spec error code (§1.6). Thrown by the evaluator and the standard library; the
 * engine turns it into a 400 "query failure" response (or a protocol error when {@link #httpStatus} is
 * set). Carries no JVM stack trace: it is an expected outcome, not a bug.
 */
public final class QueryError extends RuntimeException {
  private final ErrorCode code;
  private Location at;
  private final List<Location> trace = new ArrayList<>();
  private final List<Hint> hints = new ArrayList<>();
  private Value abortValue;
  private List<ConstraintFailure> constraintFailures = List.of();
  private boolean protocol; // false: a query failure (with summary)

  public QueryError(ErrorCode code, String message, Location at) {
    super(message, null, false, false);
    this.code = code;
    this.at = at;
  }

  /** An error answered as a protocol error (a bare error body, no summary), e.g. a deadline or a size limit. */
  public static QueryError protocol(ErrorCode code, String message) {
    QueryError e = new QueryError(code, message, null);
    e.protocol = true;
    return e;
  }

  public ErrorCode code() {
    return code;
  }

  public Location at() {
    return at;
  }

  /** Sets the primary location if none was known (errors raised deep in the library). */
  public QueryError locateIfAbsent(Location loc) {
    if (at == null) at = loc;
    return this;
  }

  /** Adds a call frame (the call site the error propagated through), outermost last. */
  public void addFrame(Location loc) {
    if (loc == null) return; // a call without a place in any source (an event source's step)
    if (at == null) {
      at = loc;
      return;
    }
    if (loc.equals(at) || (!trace.isEmpty() && trace.get(trace.size() - 1).equals(loc))) return;
    trace.add(loc);
  }

  public QueryError hint(String message, Location loc) {
    hints.add(new Hint(message, loc));
    return this;
  }

  public QueryError withAbort(Value v) {
    this.abortValue = v;
    return this;
  }

  public Value abortValue() {
    return abortValue;
  }

  public QueryError withConstraintFailures(List<ConstraintFailure> failures) {
    this.constraintFailures = List.copyOf(failures);
    return this;
  }

  public List<ConstraintFailure> constraintFailures() {
    return constraintFailures;
  }

  public boolean protocol() {
    return protocol;
  }

  /** Diagnostic for the summary; constraint failures are appended to the message line (spec §1.5). */
  public Diagnostic diagnostic() {
    String msg = getMessage();
    if (!constraintFailures.isEmpty()) {
      StringBuilder sb = new StringBuilder(msg).append("\nconstraint failures:");
      for (ConstraintFailure f : constraintFailures) {
        String path = f.paths().isEmpty() ? "" : pathText(f.paths().get(0));
        sb.append("\n  ").append(path.isEmpty() ? "" : path + ": ").append(f.message());
      }
      msg = sb.toString();
    }
    return new Diagnostic(Diagnostic.Severity.ERROR, msg, at, trace, hints);
  }

  static String pathText(List<Object> path) {
    StringBuilder sb = new StringBuilder();
    for (Object p : path) {
      if (p instanceof Integer i) sb.append('[').append(i).append(']');
      else sb.append(sb.isEmpty() ? "" : ".").append(p);
    }
    return sb.toString();
  }
}
