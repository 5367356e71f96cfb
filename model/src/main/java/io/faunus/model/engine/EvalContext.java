package io.faunus.model.engine;

import io.faunus.model.query.ErrorCode;

import io.faunus.fql.Diagnostic;
import io.faunus.fql.ast.Expr;
import io.faunus.model.eval.Cursors;
import io.faunus.model.eval.DocAccess;
import io.faunus.model.eval.Env;
import io.faunus.model.eval.Interp;
import io.faunus.model.eval.QueryContext;
import io.faunus.model.eval.QueryError;
import io.faunus.model.stdlib.Builtins;
import io.faunus.model.value.Value;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/** The {@link QueryContext} of one query attempt. */
public final class EvalContext implements QueryContext {
  /** Resolves names that are not built-ins: the database's collections and functions. */
  public interface Schema {
    Value global(Interp in, String name);

    /** {@code at (t) body}: evaluates body reading at t. */
    Value at(Interp in, Expr.At at, Env env);

    default <T> T readingAt(long micros, java.util.function.Supplier<T> body) {
      return body.get();
    }

    Schema NONE = new Schema() {
      public Value global(Interp in, String name) {
        return null;
      }

      public Value at(Interp in, Expr.At at, Env env) {
        throw in.error(ErrorCode.INVALID_REQUEST, "at() is not supported without storage", at.span());
      }
    };
  }

  private final List<Value> placeholders;
  private final long receivedNanos;
  private final long deadlineNanos;
  private final Instant snapshot;
  private final LongSupplier ids;
  private final Cursors cursors;
  private final Schema schema;
  private final DocAccess docs;
  private final List<Diagnostic> logs = new ArrayList<>();
  /** See {@link #limitCpu}: the budget, and the wall and thread-CPU clocks when it started; none by default. */
  private long cpuBudgetNanos = Long.MAX_VALUE;
  private long budgetWallStartNanos;
  private long budgetCpuStartNanos;

  public EvalContext(List<Value> placeholders, long receivedNanos, long timeoutMs, Instant snapshot,
                     LongSupplier ids, Cursors cursors, Schema schema, DocAccess docs) {
    this.placeholders = placeholders;
    this.receivedNanos = receivedNanos;
    this.deadlineNanos = receivedNanos + timeoutMs * 1_000_000L;
    this.snapshot = snapshot;
    this.ids = ids;
    this.cursors = cursors;
    this.schema = schema;
    this.docs = docs;
  }

  @Override
  public Value placeholder(int index) {
    if (index < 0 || index >= placeholders.size()) {
      throw Interp.fail(ErrorCode.INVALID_QUERY, "Template value $" + index + " was not provided.");
    }
    return placeholders.get(index);
  }

  @Override
  public Value global(Interp in, String name) {
    Value v = Builtins.global(name);
    return v != null ? v : schema.global(in, name);
  }

  @Override
  public Value at(Interp in, Expr.At at, Env env) {
    return schema.at(in, at, env);
  }

  @Override
  public <T> T readingAt(long micros, java.util.function.Supplier<T> body) {
    return schema.readingAt(micros, body);
  }

  @Override
  public DocAccess docs() {
    return docs;
  }

  /**
   * Besides the deadline, fails with {@code time_out} once this thread has spent {@code budgetNanos} of CPU time
   * on the query from now on (an inline run on an event loop: its caller then runs it elsewhere). CPU time, not
   * wall time: a run that was descheduled (the sequencer, GC or another process took the core) has not held
   * the event loop for longer than its CPU time, and giving it up there would only evaluate it twice. Falls
   * back to wall time where the JVM cannot read the thread's CPU clock.
   */
  public void limitCpu(long budgetNanos) {
    if (budgetNanos <= 0) throw new IllegalArgumentException("a CPU budget is positive: " + budgetNanos);
    cpuBudgetNanos = budgetNanos;
    budgetWallStartNanos = System.nanoTime();
    budgetCpuStartNanos = ThreadCpu.nowNanos();
  }

  @Override
  public void checkDeadline() {
    long now = System.nanoTime();
    // Whole milliseconds, rounded up: a query with a 1 ms timeout cannot finish within it (spec §1.6
    // Recommend: x-query-timeout-ms: 1 must always fail), however fast this machine is.
    if (now - (deadlineNanos - 1_000_000L) >= 0) throw timeOut(now);
    // A thread's CPU time never runs ahead of the wall clock, so the CPU clock (a system call) is read only
    // once the budget has passed in wall time.
    if (now - budgetWallStartNanos > cpuBudgetNanos && overCpuBudget()) throw timeOut(now);
  }

  private boolean overCpuBudget() {
    if (budgetCpuStartNanos < 0) return true; // no CPU clock: the wall clock decided
    long cpu = ThreadCpu.nowNanos();
    return cpu < 0 || cpu - budgetCpuStartNanos > cpuBudgetNanos;
  }

  /** The 440 error of a query that ran past its deadline (spec §1.6). */
  public QueryError timeOut(long nowNanos) {
    long elapsedMs = (nowNanos - receivedNanos) / 1_000_000L;
    long timeoutMs = (deadlineNanos - receivedNanos) / 1_000_000L;
    return QueryError.protocol(ErrorCode.TIME_OUT, "Client set aggressive deadline: query needs more than "
        + timeoutMs + "ms, timed out within " + Math.max(elapsedMs, timeoutMs) + "ms");
  }

  @Override
  public void log(Diagnostic d) {
    logs.add(d);
  }

  public List<Diagnostic> logs() {
    return logs;
  }

  @Override
  public Instant snapshotTime() {
    return snapshot;
  }

  @Override
  public long newId() {
    return ids.getAsLong();
  }

  @Override
  public Cursors cursors() {
    return cursors;
  }
}
