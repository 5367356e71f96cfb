package io.faunus.tx;

import io.faunus.fql.ParseException;
import io.faunus.fql.Parser;
import io.faunus.fql.Source;
import io.faunus.fql.ast.Expr;
import io.faunus.model.db.Auth;
import io.faunus.model.db.DbContext;
import io.faunus.model.db.IndexBuilds;
import io.faunus.model.db.SchemaView;
import io.faunus.model.doc.Intent;
import io.faunus.model.doc.Keys;
import io.faunus.model.doc.Txn;
import io.faunus.model.engine.CursorRegistry;
import io.faunus.model.engine.EvalContext;
import io.faunus.model.engine.Materializer;
import io.faunus.model.engine.Summary;
import io.faunus.model.eval.Env;
import io.faunus.model.eval.Interp;
import io.faunus.model.eval.QueryError;
import io.faunus.model.query.QueryEngine;
import io.faunus.model.query.QueryOutcome;
import io.faunus.model.query.QueryOutcome.Failure;
import io.faunus.model.query.QueryOutcome.ProtocolError;
import io.faunus.model.query.QueryOutcome.Stats;
import io.faunus.model.query.QueryOutcome.Success;
import io.faunus.model.query.QueryRequest;
import io.faunus.model.value.Value;
import io.faunus.storage.Cf;
import io.faunus.storage.Engine;
import io.faunus.storage.MemoryEngine;
import io.faunus.storage.Mvcc;
import io.faunus.storage.RocksEngine;
import io.faunus.storage.Version;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One Faunus node: authenticates a request, evaluates it as one strictly serializable transaction
 * (snapshot → effects → {@link Pipeline}) and answers. Thread-safe; each request runs on the caller's
 * thread (the transport gives it a large stack).
 */
public final class Node implements QueryEngine, AutoCloseable {
  private final NodeConfig config;
  private final Engine engine;
  private final Pipeline pipeline;
  private final IdGenerator ids = new IdGenerator(0);
  private final CursorRegistry cursors = new CursorRegistry();
  private final SchemaView.Cache schemas = new SchemaView.Cache();
  private final Sweeper sweeper;
  /** Background index builds, one at a time (bounded by the number of building indexes). */
  private final java.util.concurrent.ExecutorService builder = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "faunus-index-builder");
    t.setDaemon(true);
    return t;
  });
  private volatile boolean closing;

  private Node(NodeConfig config, Engine engine) {
    this.config = config;
    this.engine = engine;
    this.pipeline = new Pipeline(engine, !config.memory());
    this.sweeper = new Sweeper(engine, CommitClock::nowMicros, this::historyDaysMax);
    this.sweeper.start();
    resumeIndexBuilds();
  }

  /** After a restart: every index still "building" gets its builder again (builds are idempotent). */
  private void resumeIndexBuilds() {
    long ts = pipeline.beginRead();
    try (Txn txn = new Txn(engine.snapshot(), ts, true)) {
      for (long db : io.faunus.model.db.Auth.liveDatabases(txn)) {
        DbContext ctx = new DbContext(db, "admin", txn, ids::next, CommitClock.toInstant(ts), SchemaView.load(db, txn, schemas));
        for (String coll : IndexBuilds.pending(ctx)) scheduleIndexBuild(db, coll);
      }
    }
  }

  private void scheduleIndexBuild(long db, String coll) {
    if (!closing) builder.execute(() -> buildIndexes(db, coll));
  }

  /** Runs index-build chunks as ordinary transactions until the collection has nothing building. */
  private void buildIndexes(long db, String coll) {
    long position = -1;
    while (!closing) {
      long snapshot = pipeline.beginRead();
      try (Txn txn = new Txn(engine.snapshot(), snapshot, false)) {
        DbContext ctx = new DbContext(db, "admin", txn, ids::next, CommitClock.toInstant(snapshot),
            SchemaView.load(db, txn, schemas));
        long next = IndexBuilds.step(ctx, coll, position);
        if (txn.hasWrites()) {
          CompletableFuture<Pipeline.Outcome> f = pipeline.submit(txn.intent());
          Pipeline.Outcome out = f == null ? null : f.get(30, TimeUnit.SECONDS);
          if (!(out instanceof Pipeline.Outcome.Committed)) continue; // conflict or full queue: redo this chunk
        }
        if (next < 0) return;
        position = next;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (ExecutionException | TimeoutException | RuntimeException e) {
        System.err.println("faunus: index build of " + coll + " failed, will retry on restart: " + e);
        return;
      }
    }
  }

  private long historyDaysMax() {
    long ts = pipeline.beginRead();
    try (Txn txn = new Txn(engine.snapshot(), ts, true)) {
      return SchemaView.historyDaysMaxAll(txn);
    }
  }

  /** Runs one version-GC pass now (tests, operations); returns the number of versions removed. */
  public int sweepVersions() {
    return sweeper.sweep();
  }

  public static Node open(NodeConfig config) {
    Engine engine = config.memory() ? MemoryEngine.create() : RocksEngine.open(config.dataDir());
    return new Node(config, engine);
  }

  /** Commits and fsyncs so far (group commit makes fsyncs ≤ commits). */
  public long commits() {
    return pipeline.commits();
  }

  public long fsyncs() {
    return pipeline.fsyncs();
  }

  @Override
  public QueryOutcome execute(QueryRequest req) {
    long start = System.nanoTime();
    if (req.lastTxnTs() != Long.MIN_VALUE) pipeline.observe(req.lastTxnTs());
    Source source = Source.query(req.source());
    Expr.Block ast;
    try {
      ast = Parser.parseQuery(source);
    } catch (ParseException e) {
      ast = null;
      Auth.Scope scope = authenticate(req);
      if (scope == null) return unauthorized();
      long ts = pipeline.beginRead();
      return new Failure("invalid_query", ParseException.validationMessage(e.diagnostics().size()), List.of(), null,
          io.faunus.fql.DiagnosticRenderer.render(e.diagnostics()), ts, stats(start, 1, null, 0, 0, 0), schemaVersion(scope.db(), ts));
    }
    Auth.Scope scope = authenticate(req);
    if (scope == null) return unauthorized();
    int attempts = Math.max(1, req.maxContentionRetries() + 1);
    String conflict = null;
    for (int attempt = 0; attempt < attempts; attempt++) {
      Attempt a = new Attempt(req, scope, source, ast, start, attempt);
      QueryOutcome out = a.run();
      if (out != null) return out;
      conflict = a.conflict;
    }
    return new ProtocolError(409, "contended_transaction",
        "Transaction was aborted due to detection of concurrent modifications to " + conflict + ".");
  }

  private Auth.Scope authenticate(QueryRequest req) {
    long ts = pipeline.beginRead();
    try (Txn txn = new Txn(engine.snapshot(), ts, true)) {
      return Auth.resolve(txn, CommitClock.toInstant(ts), config.rootSecret(), req.secret());
    }
  }

  private static QueryOutcome unauthorized() {
    return new ProtocolError(401, "unauthorized", "Access token required");
  }

  /** One evaluation of the query at a fresh snapshot; null outcome means "conflict, try again". */
  private final class Attempt {
    final QueryRequest req;
    final Auth.Scope scope;
    final Source source;
    final Expr.Block ast;
    final long start;
    final int attempt;
    String conflict;

    Attempt(QueryRequest req, Auth.Scope scope, Source source, Expr.Block ast, long start, int attempt) {
      this.req = req;
      this.scope = scope;
      this.source = source;
      this.ast = ast;
      this.start = start;
      this.attempt = attempt;
    }

    QueryOutcome run() {
      long snapshot = pipeline.beginRead();
      try (Txn txn = new Txn(engine.snapshot(), snapshot, false)) {
        DbContext db = new DbContext(scope.db(), scope.role(), txn, ids::next, CommitClock.toInstant(snapshot),
            SchemaView.load(scope.db(), txn, schemas));
        Arguments.Decoded decoded;
        try {
          decoded = Arguments.decode(req, db);
        } catch (Arguments.Invalid e) {
          return e.outcome(pipeline.beginRead(), stats(start, 1, txn, 0, 0, attempt));
        }
        EvalContext ctx = new EvalContext(decoded.placeholders(), req.receivedNanos(), req.timeoutMs(),
            CommitClock.toInstant(snapshot), ids::next, cursors.forDatabase(scope.db()), db, db);
        Interp in = new Interp(ctx, source);
        long schemaVersion = SchemaView.version(scope.db(), txn);
        try {
          ctx.checkDeadline();
          Value result = in.eval(ast, decoded.env());
          Value data = new Materializer(in, snapshot).materialize(result);
          ctx.checkDeadline();
          if (!txn.hasWrites()) {
            // Without writes the query commits at its snapshot: TransactionTime() is the snapshot time.
            data = Materializer.resolveTxnTime(data, CommitClock.toInstant(snapshot));
            return new Success(data, Summary.render(db.canLog() ? ctx.logs() : List.of(), null), snapshot,
                stats(start, in.computeOps(), txn, 0, 0, attempt), schemaVersion);
          }
          Intent intent = txn.intent();
          Pipeline.Outcome outcome = commit(intent, ctx);
          if (outcome instanceof Pipeline.Outcome.Conflict c) {
            conflict = c.what();
            return null;
          }
          long t = ((Pipeline.Outcome.Committed) outcome).commitMicros();
          for (String coll : db.indexBuilds()) scheduleIndexBuild(scope.db(), coll);
          boolean schemaChanged = intent.writes().stream().anyMatch(w -> w.cf() == Cf.PARTITION_TS
              && java.util.Arrays.equals(w.key(), Keys.schemaTs(scope.db())));
          return new Success(Materializer.resolveTxnTime(data, CommitClock.toInstant(t)),
              Summary.render(db.canLog() ? ctx.logs() : List.of(), null), t, stats(start, in.computeOps(), txn, intent.sizeBytes(), intent.writes().size(), attempt),
              schemaChanged ? t : schemaVersion);
        } catch (QueryError e) {
          if (e.httpStatus() != 0) return new ProtocolError(e.httpStatus(), e.code(), e.getMessage());
          return new Failure(e.code(), e.getMessage(), e.constraintFailures(), abortValue(in, e, snapshot),
              Summary.render(db.canLog() ? ctx.logs() : List.of(), e.diagnostic()), snapshot, stats(start, in.computeOps(), txn, 0, 0, attempt),
              schemaVersion);
        } catch (StackOverflowError e) {
          return new Failure("stack_overflow", "Stack overflow.", List.of(), null, "", snapshot,
              stats(start, in.computeOps(), txn, 0, 0, attempt), schemaVersion);
        }
      }
    }
  }

  /** Hands the effects to the pipeline and waits for the outcome, bounded by the request's deadline. */
  /** Spec §8: the writes of one transaction may not exceed 16 MiB. */
  static final long TXN_BYTES_MAX = 16L * 1024 * 1024;

  private Pipeline.Outcome commit(Intent intent, EvalContext ctx) {
    if (intent.sizeBytes() > TXN_BYTES_MAX) {
      throw QueryError.protocol(400, "invalid_request", "Transaction exceeded limit: got " + intent.sizeBytes()
          + " bytes, limit is " + TXN_BYTES_MAX + " bytes.");
    }
    for (Intent.Write w : intent.writes()) {
      // Storage keys are escaped (at most doubling them) plus a timestamp; past Batch.MAX_KEY_BYTES the log
      // would fail to apply the write. Long index terms are the way to get there (spec §8: 400 invalid_request).
      if (2L * w.key().length + 16 > io.faunus.storage.Batch.MAX_KEY_BYTES) {
        throw QueryError.protocol(400, "invalid_request", "Index entry or key of " + w.key().length
            + " bytes exceeds the limit of " + (io.faunus.storage.Batch.MAX_KEY_BYTES - 16) / 2 + " bytes.");
      }
    }
    CompletableFuture<Pipeline.Outcome> f = pipeline.submit(intent);
    if (f == null) throw QueryError.protocol(429, "limit_exceeded", "Too many pending requests");
    try {
      // Once handed to the log the write may commit; waiting past the deadline is better than answering
      // "timed out" for a write that then commits, so the wait is generous and bounded.
      return f.get(30, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw QueryError.protocol(503, "time_out", "Write timed out waiting for commit.");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw QueryError.protocol(503, "time_out", "Interrupted while waiting for commit.");
    } catch (ExecutionException e) {
      throw new IllegalStateException("commit failed", e.getCause());
    }
  }

  private long schemaVersion(long db, long snapshot) {
    try (var snap = engine.snapshot()) {
      return Mvcc.readAt(snap, Cf.PARTITION_TS, Keys.schemaTs(db), snapshot).map(Version::tsMicros).orElse(0L);
    }
  }

  private static Value abortValue(Interp in, QueryError e, long snapshot) {
    if (e.abortValue() == null) return null;
    Value v = new Materializer(in, snapshot).materialize(e.abortValue());
    return Materializer.resolveTxnTime(v, CommitClock.toInstant(snapshot)); // the query committed nothing
  }

  /**
   * Stats (spec §1.5): read ops are billed per 4 KiB read (at least one per read), write ops per 1 KiB
   * written (at least one per write), like Fauna.
   */
  private static Stats stats(long startNanos, long computeOps, Txn txn, long bytesWritten, long writes, int retries) {
    long reads = txn == null ? 0 : txn.reads(), bytesRead = txn == null ? 0 : txn.bytesRead();
    return new Stats(computeOps, Math.max(reads, (bytesRead + 4095) / 4096),
        writes == 0 ? 0 : Math.max(writes, (bytesWritten + 1023) / 1024),
        (System.nanoTime() - startNanos) / 1_000_000L, retries, bytesRead, bytesWritten, List.of());
  }

  @Override
  public boolean ready() {
    return true;
  }

  @Override
  public void close() {
    closing = true;
    builder.shutdownNow();
    sweeper.close();
    pipeline.close();
    engine.close();
  }
}
