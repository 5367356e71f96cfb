package io.faunus.node;

import io.faunus.fql.ParseException;
import io.faunus.fql.ast.Expr;
import io.faunus.fql.cache.ParseCache;
import io.faunus.log.CommitClock;
import io.faunus.log.CommitLog;
import io.faunus.log.Intent;
import io.faunus.log.Outcome;
import io.faunus.model.db.Auth;
import io.faunus.model.db.DbContext;
import io.faunus.model.db.SchemaView;
import io.faunus.model.doc.Keys;
import io.faunus.model.doc.Txn;
import io.faunus.model.engine.CursorTokens;
import io.faunus.model.engine.EvalContext;
import io.faunus.model.engine.Materializer;
import io.faunus.model.engine.Summary;
import io.faunus.model.eval.Interp;
import io.faunus.model.eval.QueryError;
import io.faunus.model.query.ErrorCode;
import io.faunus.model.query.QueryEngine.Inline;
import io.faunus.model.query.QueryEngine.Later;
import io.faunus.model.query.QueryOutcome;
import io.faunus.model.query.QueryOutcome.Failure;
import io.faunus.model.query.QueryOutcome.ProtocolError;
import io.faunus.model.query.QueryOutcome.Stats;
import io.faunus.model.query.QueryOutcome.Success;
import io.faunus.model.query.QueryRequest;
import io.faunus.model.typer.TypeCheck;
import io.faunus.model.value.Value;
import io.faunus.storage.Cf;
import io.faunus.storage.Engine;
import io.faunus.storage.Mvcc;
import io.faunus.storage.Version;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import java.util.function.LongFunction;

/**
 * The query path of a {@link Node} (spec §1.4): authenticate at a snapshot, parse, evaluate as one transaction
 * (inline on the transport's thread when quick, else on a query thread), hand the writes to the
 * {@link CommitLog} and answer once it settles them, running the query again after a conflict up to the
 * client's x-max-contention-retries.
 */
final class QueryPath {
  /** What the node lends the query path. */
  record Deps(Engine engine, CommitLog log, IdGenerator ids, RateLimits.Meter rates, CursorTokens cursors,
              SchemaView.Cache schemas, BiConsumer<Long, String> indexBuild, SchemaCalls.Authenticator authenticate,
              Commits commits) {}

  private final Deps deps;
  private final Engine engine;
  private final CommitLog log;
  private final IdGenerator ids;
  private final RateLimits.Meter rates;
  private final CursorTokens cursors;
  private final SchemaView.Cache schemas;
  /** Inline runs given up at their budget (or deadline) and run again on a query thread: work done twice. */
  private final java.util.concurrent.atomic.LongAdder inlineOverruns = new java.util.concurrent.atomic.LongAdder();

  QueryPath(Deps deps) {
    this.deps = deps;
    this.engine = deps.engine();
    this.log = deps.log();
    this.ids = deps.ids();
    this.rates = deps.rates();
    this.cursors = deps.cursors();
    this.schemas = deps.schemas();
  }

  long inlineOverruns() {
    return inlineOverruns.sum();
  }

  QueryOutcome execute(QueryRequest req) {
    return submitted(req, null).join();
  }

  CompletableFuture<QueryOutcome> executeAsync(QueryRequest req, Later later) {
    return submitted(req, java.util.Objects.requireNonNull(later, "later"));
  }

  /** A run that may wait; {@code later} null: its commit waits on this thread too (the future is done). */
  private CompletableFuture<QueryOutcome> submitted(QueryRequest req, Later later) {
    try {
      return switch (run(req, 0, later)) {
        case Attempted.Answer a -> CompletableFuture.completedFuture(a.outcome());
        case Attempted.Committing c -> c.answer().thenApply(Attempted.Answer::outcome);
        case Attempted.Conflict c -> throw new AssertionError("conflicts are retried inside run");
        case Attempted.NotQuick n -> throw new AssertionError("only inline runs give up");
      };
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return CompletableFuture.completedFuture(new ProtocolError(ErrorCode.UNAVAILABLE, "Interrupted while waiting for the log."));
    } catch (CommitLog.UnavailableException e) {
      return CompletableFuture.completedFuture(new ProtocolError(ErrorCode.UNAVAILABLE, e.getMessage()));
    }
  }

  /**
   * Runs {@code req} on the calling thread if that is quick and never waits, so that a transport can answer
   * cheap queries without handing them to another thread. A query that writes hands its intent to the log
   * and returns {@link Inline.Committing}: the answer completes through {@code later} once the log settles
   * it, so no thread waits for the fsync (a conflict runs the query again on {@link Later#mayWait}). Not
   * quick, having had no effect that anyone can observe: when the query runs longer than {@code budgetMs},
   * would wait for a commit being applied, has a deadline too close, or fails with a stack overflow or an
   * unexpected exception (which {@link #execute} then reports as usual).
   */
  Inline executeInline(QueryRequest req, long budgetMs, Later later) {
    if (budgetMs <= 0) return Inline.NOT_QUICK;
    long left = req.receivedNanos() + req.timeoutMs() * 1_000_000L - System.nanoTime();
    if (left < (budgetMs + 2) * 1_000_000L) return Inline.NOT_QUICK; // the real deadline must come after the budget's
    try {
      return switch (run(req, budgetMs, later)) {
        case Attempted.Answer a -> new Inline.Done(a.outcome());
        case Attempted.Committing c -> new Inline.Committing(c.answer().thenApply(Attempted.Answer::outcome));
        case Attempted.NotQuick n -> Inline.NOT_QUICK;
        case Attempted.Conflict c -> throw new AssertionError("an inline run reports a conflict through its answer");
      };
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Inline.NOT_QUICK;
    } catch (RuntimeException | StackOverflowError e) {
      return Inline.NOT_QUICK;
    }
  }

  /** What one run of a query came to. */
  private sealed interface Attempted {
    Attempted NOT_QUICK = new NotQuick();

    /** The answer for the client. */
    record Answer(QueryOutcome outcome) implements Attempted {}

    /** Something the attempt read changed before it committed: run it again at a newer snapshot. */
    record Conflict(String what) implements Attempted {}

    /** Inline only: not done here (see {@link #executeInline}); nothing observable happened. */
    record NotQuick() implements Attempted {}

    /** With a {@link Later}: the writes are with the log; the answer completes (never exceptionally) once settled. */
    record Committing(CompletableFuture<Answer> answer) implements Attempted {}
  }

  /** A snapshot time; inline ({@code mayWait} false), empty rather than waiting for an apply in progress. */
  private OptionalLong snapshot(boolean mayWait) throws InterruptedException {
    return mayWait ? OptionalLong.of(log.beginRead()) : log.tryBeginRead();
  }

  /**
   * The first snapshot of a query: inline, only one that needs no wait; in a cluster that reads locally, this
   * node's applied time once it reached the client's x-last-txn-ts (empty: not within the deadline);
   * otherwise a linearizable read.
   */
  private OptionalLong firstSnapshot(QueryRequest req, boolean inline) throws InterruptedException {
    if (inline || req.linearized() || !log.localReadsByDefault()) return snapshot(!inline);
    long left = req.receivedNanos() + req.timeoutMs() * 1_000_000L - System.nanoTime();
    return log.beginLocalRead(req.lastTxnTs(), Math.max(0, left));
  }

  /**
   * {@code inlineBudgetMs} > 0: the {@link #executeInline} mode, which never waits ({@code later} says where
   * its commit's follow-up runs; null otherwise).
   */
  private Attempted run(QueryRequest req, long inlineBudgetMs, Later later) throws InterruptedException {
    boolean inline = inlineBudgetMs > 0;
    long start = System.nanoTime();
    if (req.lastTxnTs() != Long.MIN_VALUE) log.observe(req.lastTxnTs());
    // One read start serves both the key lookup and the first attempt: the query runs at the snapshot at
    // which its key was found valid. Retries after a conflict take fresh snapshots.
    OptionalLong first = firstSnapshot(req, inline);
    boolean writesOnly = false;
    if (first.isEmpty() && inline) {
      // Commits are being applied. A text that wrote last time most likely writes again: run it at the applied
      // time, which needs no wait, and let the commit's validation catch what it missed. Its answer is only
      // good if it does write (see Attempt.run).
      ParseCache.Parsed<Expr.Block> known = ParseCache.shared().peekQuery(req.source());
      if (known != null && known.wrote()) {
        first = log.tryWriteSnapshot();
        writesOnly = first.isPresent();
      }
    }
    if (first.isEmpty()) {
      return inline ? Attempted.NOT_QUICK : new Attempted.Answer(new ProtocolError(ErrorCode.TIME_OUT,
          "This node had not applied the time in x-last-txn-ts (" + req.lastTxnTs() + ") within the query timeout."));
    }
    long ts = first.getAsLong();
    Auth.Scope scope = deps.authenticate().at(ts, req.secret());
    if (scope == null) return new Attempted.Answer(unauthorized());
    List<String> over = rates.exceeded(scope.db(), System.nanoTime());
    if (!over.isEmpty()) {
      return new Attempted.Answer(new Failure(ErrorCode.LIMIT_EXCEEDED, "Rate limit exceeded", List.of(), null, "", ts,
          new Stats(0, 0, 0, (System.nanoTime() - start) / 1_000_000L, 0, 0, 0, over), schemaVersion(scope.db(), ts)));
    }
    Attempted answer = attempts(req, scope, start, ts, new Mode(inlineBudgetMs, writesOnly, later));
    return switch (answer) {
      case Attempted.Answer a -> charged(scope, a);
      case Attempted.Committing c -> new Attempted.Committing(c.answer().thenApply(a -> charged(scope, a)));
      default -> answer;
    };
  }

  private Attempted.Answer charged(Auth.Scope scope, Attempted.Answer a) {
    switch (a.outcome()) {
      case Success s -> rates.charge(scope.db(), s.stats(), System.nanoTime());
      case Failure f -> rates.charge(scope.db(), f.stats(), System.nanoTime());
      default -> {}
    }
    return a;
  }

  /**
   * How an attempt runs: inline ({@code inlineBudgetMs} > 0, never waits) or on a thread that may wait;
   * with a {@code later}, its commit is not waited for (the answer follows through it), without one the
   * thread waits for the commit. {@code writesOnly}: its snapshot is a write snapshot
   * ({@link CommitLog#tryWriteSnapshot}), good for an answer only if the query writes.
   */
  private record Mode(long inlineBudgetMs, boolean writesOnly, Later later) {
    static final Mode MAY_WAIT = new Mode(0, false, null);

    /** On a query thread, its commits followed through {@code later}. */
    static Mode mayWait(Later later) {
      return new Mode(0, false, later);
    }

    boolean inline() {
      return inlineBudgetMs > 0;
    }

    boolean commitsLater() {
      return later != null;
    }
  }

  /** Parses and runs the attempts of an authenticated, admitted query. */
  private Attempted attempts(QueryRequest req, Auth.Scope scope, long start, long ts, Mode mode)
      throws InterruptedException {
    ParseCache.Parsed<Expr.Block> parsed;
    try {
      parsed = ParseCache.shared().query(req.source());
    } catch (ParseException e) {
      return new Attempted.Answer(new Failure(ErrorCode.INVALID_QUERY, ParseException.validationMessage(e.diagnostics().size()),
          List.of(), null, io.faunus.fql.DiagnosticRenderer.render(e.diagnostics()), ts, stats(start, 1, null, 0, 0, 0),
          schemaVersion(scope.db(), ts)));
    }
    Query query = new Query(req, scope, parsed, start);
    // An inline attempt runs once here; its conflict comes back through its future (and retries from there).
    if (mode.inline()) return new Attempt(query, 0, mode).run(ts);
    return retries(query, 0, ts, null, mode);
  }

  /** A parsed, authenticated query: what every attempt of it shares. */
  private record Query(QueryRequest req, Auth.Scope scope, ParseCache.Parsed<Expr.Block> parsed, long start) {}

  /**
   * Attempts {@code from} onwards on a thread that may wait, until one is not a conflict or the client's
   * x-max-contention-retries are used up; {@code ts} is the first one's snapshot (a fresh one when negative).
   * Without a {@link Later} ({@code mode} {@link Mode#MAY_WAIT}) each commit is waited for here and the answer
   * is an {@link Attempted.Answer}. With one, the first attempt that hands writes to the log returns
   * {@link Attempted.Committing} at once: its conflict runs the next attempts from the commit's callback
   * ({@link Attempt#settled}), so no thread waits for a commit between attempts.
   */
  private Attempted retries(Query q, int from, long ts, String conflict, Mode mode) throws InterruptedException {
    assert !mode.inline() : "inline attempts run once";
    int attempts = attemptsMax(q);
    for (int attempt = from; attempt < attempts; attempt++) {
      long snapshot = attempt == from && ts >= 0 ? ts : log.beginRead();
      Attempted result = new Attempt(q, attempt, mode).run(snapshot);
      switch (result) {
        case Attempted.Answer a -> {
          return a;
        }
        case Attempted.Committing c -> {
          return c;
        }
        case Attempted.Conflict c -> conflict = c.what(); // a commit waited for here (no Later, or tokens issued)
        case Attempted.NotQuick n -> throw new AssertionError("only inline attempts give up");
      }
    }
    return contended(conflict);
  }

  private static int attemptsMax(Query q) {
    return Math.max(1, q.req().maxContentionRetries() + 1);
  }

  private static Attempted.Answer contended(String conflict) {
    return new Attempted.Answer(new ProtocolError(ErrorCode.CONTENDED_TRANSACTION,
        "Transaction was aborted due to detection of concurrent modifications to " + conflict + "."));
  }

  /**
   * The attempts after attempt {@code next - 1} conflicted at commit, on a query thread ({@link Later#mayWait}):
   * never completes exceptionally; a full query pool answers 429 as a new query would get.
   */
  private CompletableFuture<Attempted.Answer> retriesAfterConflict(Query q, int next, String conflict, Later later) {
    if (next >= attemptsMax(q)) return CompletableFuture.completedFuture(contended(conflict));
    return Commits.onQueryThread(later, () -> switch (retries(q, next, -1, conflict, Mode.mayWait(later))) {
      case Attempted.Answer a -> CompletableFuture.completedFuture(a);
      case Attempted.Committing c -> c.answer();
      case Attempted.Conflict c -> throw new AssertionError("retries run conflicts again");
      case Attempted.NotQuick n -> throw new AssertionError("only inline attempts give up");
    }, Attempted.Answer::new);
  }

  private static QueryOutcome unauthorized() {
    return new ProtocolError(ErrorCode.UNAUTHORIZED, "Access token required");
  }

  /** One evaluation of the query at a snapshot. */
  private final class Attempt {
    final Query q;
    final int attempt;
    final Mode mode;

    Attempt(Query q, int attempt, Mode mode) {
      this.q = q;
      this.attempt = attempt;
      this.mode = mode;
    }

    Attempted run(long snapshot) {
      boolean inline = mode.inline();
      QueryRequest req = q.req();
      Auth.Scope scope = q.scope();
      long start = q.start();
      try (Txn txn = new Txn(engine.snapshot(), snapshot, false)) {
        SchemaView schema = SchemaView.load(scope.db(), txn, schemas);
        DbContext db = new DbContext(scope, txn, ids::next, CommitClock.toInstant(snapshot), schema);
        long schemaVersion = schema.version();
        // Like the schema, the typechecked setting is read before billing starts (a registry key per level).
        boolean typecheck = req.typecheck() != null ? req.typecheck() : Auth.typechecked(txn, scope.db());
        txn.beginBilling(); // schema lookups are not billed (stats-metering §2.2): a pure query reads 0
        Arguments.Decoded decoded;
        try {
          decoded = Arguments.decode(req, db);
        } catch (Arguments.Invalid e) {
          // Answered at the attempt's snapshot, a fresh time already: nothing here may wait (inline path).
          if (mode.writesOnly()) return Attempted.NOT_QUICK; // a write snapshot answers nothing but a commit
          return new Attempted.Answer(e.outcome(snapshot, stats(start, 1, txn, 0, 0, attempt)));
        }
        String staticType = null;
        List<io.faunus.fql.Diagnostic> checkWarnings = List.of(); // the static phase's, first in the summary
        if (typecheck) {
          switch (typeCheck(q.parsed(), schema, decoded.names())) {
            case TypeCheck.Rejected r -> {
              if (mode.writesOnly()) return Attempted.NOT_QUICK; // judged against a write snapshot's schema
              return new Attempted.Answer(new Failure(ErrorCode.INVALID_QUERY,
                  ParseException.validationMessage(r.diagnostics().size()), List.of(), null,
                  io.faunus.fql.DiagnosticRenderer.render(r.diagnostics()), snapshot, stats(start, 1, txn, 0, 0, attempt),
                  schemaVersion));
            }
            case TypeCheck.Checked c -> {
              staticType = c.staticType();
              checkWarnings = c.warnings();
            }
          }
        }
        EvalContext ctx = new EvalContext(decoded.placeholders(), req.receivedNanos(), req.timeoutMs(),
            CommitClock.toInstant(snapshot), ids::next, cursors.forDatabase(scope.db()), db, db);
        // Inline, the run also stops once it has spent the budget's CPU time (either way the query thread
        // then runs it, and reports a missed deadline there).
        if (inline) ctx.limitCpu(mode.inlineBudgetMs() * 1_000_000L);
        Interp in = new Interp(ctx, q.parsed().source());
        try {
          ctx.checkDeadline();
          Value result = in.eval(q.parsed().tree(), decoded.env());
          Materializer materializer = new Materializer(in, snapshot);
          Value data = materializer.materialize(result);
          ctx.checkDeadline();
          String summary = Summary.render(withWarnings(checkWarnings, db.canLog() ? ctx.logs() : List.of()), null);
          q.parsed().wrote(txn.hasWrites());
          if (!txn.hasWrites()) {
            if (mode.writesOnly()) return Attempted.NOT_QUICK; // read at a write snapshot: not an answer
            // Without writes the query commits at its snapshot: TransactionTime() is the snapshot time.
            data = Materializer.resolveTxnTime(data, CommitClock.toInstant(snapshot));
            return new Attempted.Answer(new Success(data, staticType, summary, snapshot,
                stats(start, in.computeOps(), txn, 0, 0, attempt), schemaVersion));
          }
          // Event sources made by a query that writes are reissued at its commit time, which needs the query's
          // transaction open: such a query commits on a thread that may wait.
          boolean later = mode.commitsLater() && !materializer.issuedTokens();
          if (inline && !later) return Attempted.NOT_QUICK;
          Intent intent = txn.intent();
          List<String> builds = db.indexBuilds();
          long computeOps = in.computeOps(), readOps = txn.readOps(), bytesRead = txn.bytesRead(), writeOps = txn.writeOps();
          boolean changesSchema = txn.changesSchema();
          Value materialized = data;
          String type = staticType;
          LongFunction<Attempted.Answer> committed = t -> {
            for (String coll : builds) deps.indexBuild().accept(scope.db(), coll);
            Value answer = materializer.reissueTokens(materialized, t);
            return new Attempted.Answer(new Success(Materializer.resolveTxnTime(answer, CommitClock.toInstant(t)),
                type, summary, t, stats(start, computeOps, readOps, bytesRead, intent.sizeBytes(), writeOps, attempt),
                changesSchema ? t : schemaVersion));
          };
          if (later) {
            CompletableFuture<Outcome> pending = deps.commits().submitBounded(intent, mode.later().alone().getAsBoolean());
            return new Attempted.Committing(pending
                .handleAsync((outcome, error) -> settled(outcome, error, committed), mode.later().quick())
                .thenCompose(next -> next));
          }
          return switch (deps.commits().await(intent)) {
            case Outcome.Conflict c -> new Attempted.Conflict(c.what());
            case Outcome.Committed c -> committed.apply(c.commitMicros());
          };
        } catch (QueryError e) {
          if (inline && e.code() == ErrorCode.TIME_OUT) { // the budget ran out (or the deadline: reported elsewhere)
            inlineOverruns.increment();
            return Attempted.NOT_QUICK;
          }
          if (mode.writesOnly()) return Attempted.NOT_QUICK; // its failure was seen at a write snapshot
          if (e.protocol()) return new Attempted.Answer(new ProtocolError(e.code(), e.getMessage()));
          return new Attempted.Answer(new Failure(e.code(), e.getMessage(), e.constraintFailures(), abortValue(in, e, snapshot),
              Summary.render(withWarnings(checkWarnings, db.canLog() ? ctx.logs() : List.of()), e.diagnostic()), snapshot,
              stats(start, in.computeOps(), txn, 0, 0, attempt), schemaVersion));
        } catch (StackOverflowError e) {
          if (inline) return Attempted.NOT_QUICK;
          return new Attempted.Answer(new Failure(ErrorCode.STACK_OVERFLOW, "Stack overflow.", List.of(), null, "", snapshot,
              stats(start, in.computeOps(), txn, 0, 0, attempt), schemaVersion));
        }
      }
    }

    /**
     * An attempt's commit is settled (on {@link Later#quick}): the answer, or a run of the retries on
     * {@link Later#mayWait} after a conflict.
     */
    private CompletableFuture<Attempted.Answer> settled(Outcome outcome, Throwable error,
                                                        LongFunction<Attempted.Answer> committed) {
      if (error != null) return CompletableFuture.completedFuture(new Attempted.Answer(Commits.failed(error)));
      return switch (outcome) {
        case Outcome.Committed c -> CompletableFuture.completedFuture(committed.apply(c.commitMicros()));
        case Outcome.Conflict c -> retriesAfterConflict(q, attempt + 1, c.what(), mode.later());
      };
    }
  }

  private long schemaVersion(long db, long snapshot) {
    try (var snap = engine.snapshot()) {
      return Mvcc.readAt(snap, Cf.PARTITION_TS, Keys.schemaTs(db), snapshot).map(Version::tsMicros).orElse(0L);
    }
  }

  /** The typechecker's warnings ("Function is not called.") before the query's own log lines. */
  private static List<io.faunus.fql.Diagnostic> withWarnings(List<io.faunus.fql.Diagnostic> warnings,
                                                              List<io.faunus.fql.Diagnostic> logs) {
    if (warnings.isEmpty()) return logs;
    List<io.faunus.fql.Diagnostic> all = new java.util.ArrayList<>(warnings);
    all.addAll(logs);
    return all;
  }

  /** A typecheck verdict with what it was judged against (kept on the cached parse, see {@link #typeCheck}). */
  private record Verdict(SchemaView schema, List<String> names, TypeCheck result) {}

  /**
   * The typecheck of a parsed query: a function of its tree, the schema view (immutable, one instance per
   * database and schema version) and the argument names only, so the verdict of the last run of the same
   * text is reused when the view is the same instance and the names are equal.
   */
  private static TypeCheck typeCheck(ParseCache.Parsed<Expr.Block> parsed, SchemaView schema, List<String> names) {
    if (parsed.derived() instanceof Verdict v && v.schema() == schema && v.names().equals(names)) return v.result();
    TypeCheck result = TypeCheck.run(parsed.source(), parsed.tree(), schema, names);
    parsed.derived(new Verdict(schema, List.copyOf(names), result));
    return result;
  }

  private static Value abortValue(Interp in, QueryError e, long snapshot) {
    if (e.abortValue() == null) return null;
    Value v = new Materializer(in, snapshot).materialize(e.abortValue());
    return Materializer.resolveTxnTime(v, CommitClock.toInstant(snapshot)); // the query committed nothing
  }

  /**
   * Stats (spec §1.5): read ops as the transaction billed them (documents and set pages the way Fauna counts
   * them, stats-metering §2.2), write ops per document written, 1 per KiB ({@link Txn#writeOps}).
   */
  private static Stats stats(long startNanos, long computeOps, Txn txn, long bytesWritten, long writeOps, int retries) {
    return stats(startNanos, computeOps, txn == null ? 0 : txn.readOps(), txn == null ? 0 : txn.bytesRead(),
        bytesWritten, writeOps, retries);
  }

  private static Stats stats(long startNanos, long computeOps, long readOps, long bytesRead, long bytesWritten,
                             long writeOps, int retries) {
    return new Stats(computeOps, readOps, writeOps, Node.queryTimeMs(startNanos), retries, bytesRead, bytesWritten, List.of());
  }

}
