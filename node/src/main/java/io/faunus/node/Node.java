package io.faunus.node;

import io.faunus.model.query.ErrorCode;

import io.faunus.fql.ParseException;
import io.faunus.model.typer.TypeCheck;
import io.faunus.fql.Parser;
import io.faunus.fql.Source;
import io.faunus.fql.ast.Expr;
import io.faunus.model.db.Auth;
import io.faunus.model.db.DbContext;
import io.faunus.model.db.IndexBuilds;
import io.faunus.model.db.SchemaView;
import io.faunus.log.CommitClock;
import io.faunus.log.CommitLog;
import io.faunus.log.Intent;
import io.faunus.log.LocalLog;
import io.faunus.log.Outcome;
import io.faunus.log.StoreDigest;
import io.faunus.model.query.NodeStatus;
import io.faunus.log.ratis.RatisLog;
import io.faunus.model.doc.Keys;
import io.faunus.model.doc.Txn;
import io.faunus.model.engine.CursorTokens;
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
import io.faunus.model.query.FeedOutcome;
import io.faunus.model.query.FeedRequest;
import io.faunus.model.query.StreamEvent;
import io.faunus.model.query.StreamRequest;
import io.faunus.model.events.EventPosition;
import io.faunus.model.events.EventReader;
import io.faunus.model.value.Value;
import io.faunus.storage.Cf;
import io.faunus.storage.Engine;
import io.faunus.storage.MemoryEngine;
import io.faunus.storage.Mvcc;
import io.faunus.storage.RocksEngine;
import io.faunus.storage.Version;
import java.util.List;
import java.util.OptionalLong;
import io.faunus.fql.cache.ParseCache;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.LongFunction;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One Faunus node: authenticates a request, evaluates it as one strictly serializable transaction
 * (snapshot → effects → {@link CommitLog}) and answers. Thread-safe; each request runs on the caller's
 * thread (the transport gives it a large stack).
 */
public final class Node implements QueryEngine, AutoCloseable {
  private final NodeConfig config;
  private final Engine engine;
  private final CommitLog log;
  private final IdGenerator ids;
  private final RateLimits.Meter rates;
  private final CursorTokens cursors;
  private final SchemaView.Cache schemas = new SchemaView.Cache();
  private final Sweeper sweeper;
  private final SchemaCalls schemaCalls;
  /** Clock, background thread and randomness (the simulation passes its own). */
  private final NodeRuntime runtime;
  /** Background index builds, one at a time (bounded by the number of building indexes). */
  private final java.util.concurrent.ExecutorService builder;
  private volatile boolean closing;
  private final EventStreams streams;

  private Node(NodeConfig config, Engine engine, CommitLog log, NodeRuntime runtime) {
    this.config = config;
    this.engine = engine;
    this.runtime = runtime;
    this.builder = runtime.indexBuilds();
    this.ids = new IdGenerator(config.nodeId(), () -> runtime.wallMicros().getAsLong() / 1_000L);
    this.log = log;
    this.rates = config.rateLimits().new Meter();
    this.cursors = new CursorTokens(cursorKey());
    this.schemaCalls = new SchemaCalls(new SchemaCalls.Deps(engine, log, ids, cursors, schemas, this::commit,
        this::scheduleIndexBuild, this::authenticate));
    this.sweeper = new Sweeper(engine, runtime.wallMicros(), this::historyDaysMax);
    if (runtime.sweepTimer()) this.sweeper.start();
    backfillTypechecked();
    resumeIndexBuilds();
    this.streams = new EventStreams(this);
    log.addListener(streams);
    log.addListener(new Audit());
  }

  /** Where data directories written before the key went through the log kept it (META, not replicated). */
  static final byte[] LEGACY_CURSOR_KEY = "cursor-key".getBytes(java.nio.charset.StandardCharsets.UTF_8);
  static final String CURSOR_KEY_SETTING = "cursor-key";
  /** Creating the key races only with other nodes creating it; a few rounds always settle it. */
  static final int CURSOR_KEY_ATTEMPTS_MAX = 8;
  /** How long start-up and background work waits for one of its commits. */
  static final long BACKGROUND_COMMIT_WAIT_S = 30;

  /**
   * The key that signs set cursors. Every replica must accept every node's cursors, so the key is a setting
   * written through the log: the first node to find none proposes one (an older data directory's key, if
   * any, so its cursors stay valid), and an intent that read "no key" conflicts with any other proposal.
   */
  private byte[] cursorKey() {
    byte[] setting = Keys.setting(CURSOR_KEY_SETTING);
    for (int attempt = 0; attempt < CURSOR_KEY_ATTEMPTS_MAX; attempt++) {
      long ts = firstRead();
      try (var snap = engine.snapshot()) {
        if (Mvcc.readAt(snap, Cf.VERSIONS, setting, ts).orElse(null) instanceof Version.Live live) return live.value();
      }
      byte[] legacy = engine.get(Cf.META, LEGACY_CURSOR_KEY);
      byte[] key = legacy != null && legacy.length == CursorTokens.KEY_BYTES ? legacy : runtime.newCursorKey().get();
      Intent intent = new Intent(ts, List.of(new Intent.Read(Cf.VERSIONS, setting, "cursor key")),
          List.of(new Intent.Write(Cf.VERSIONS, setting, key)));
      if (backgroundCommit(intent) instanceof Outcome.Committed) return key;
    }
    throw new IllegalStateException("could not agree on a cursor key in " + CURSOR_KEY_ATTEMPTS_MAX + " attempts");
  }

  /**
   * Submits work that has no client waiting (start-up, index builds) and waits for its outcome; null when
   * the log refused it (the caller retries later).
   */
  private Outcome backgroundCommit(Intent intent) {
    if (!(log.submit(intent) instanceof CommitLog.Submission.Accepted accepted)) return null;
    try {
      return accepted.outcome().get(BACKGROUND_COMMIT_WAIT_S, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for a commit", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof CommitLog.UnavailableException) return null;
      throw new IllegalStateException("commit failed: " + e, e);
    } catch (TimeoutException e) {
      return null;
    }
  }

  /** How long a starting cluster member waits for a quorum of its peers before it gives up. */
  static final long START_WAIT_S = 120;

  /**
   * The node's first read. A cluster member starting while too few peers run cannot confirm one yet, so it
   * waits for a quorum (peers started at the same time form one within seconds), saying so once.
   */
  private long firstRead() {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_WAIT_S);
    boolean said = false;
    while (true) {
      try {
        return backgroundRead();
      } catch (CommitLog.UnavailableException e) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("no quorum of the cluster answered within " + START_WAIT_S + " s", e);
        }
        if (!said) System.err.println("faunus: waiting for a quorum of the cluster " + config.cluster().peers().keySet() + "...");
        said = true;
      }
    }
  }

  /** A read snapshot for work that has no deadline of its own (start-up, background builds, sweeps). */
  private long backgroundRead() {
    try {
      return log.beginRead();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for applies", e);
    }
  }

  /** Attempts of the start-up registry backfill before the node starts without it (it runs again next start). */
  private static final int BACKFILL_ATTEMPTS_MAX = 5;

  /**
   * Registry entries made before they carried {@code typechecked} get it from their database's definition
   * (one transaction through the log, so every replica agrees; nothing to write once done).
   */
  private void backfillTypechecked() {
    for (int attempt = 0; attempt < BACKFILL_ATTEMPTS_MAX; attempt++) {
      long ts = backgroundRead();
      try (Txn txn = new Txn(engine.snapshot(), ts, false)) {
        int fixed = io.faunus.model.db.Auth.backfillTypechecked(txn);
        if (fixed == 0) return;
        if (backgroundCommit(txn.intent()) instanceof Outcome.Committed) {
          System.err.println("faunus: copied the typechecked setting of " + fixed + " database(s) into the registry");
          return;
        }
      }
    }
    System.err.println("faunus: the typechecked backfill did not commit; it runs again at the next start");
  }

  /** After a restart: every index still "building" gets its builder again (builds are idempotent). */
  private void resumeIndexBuilds() {
    long ts = backgroundRead();
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
      try {
        long snapshot = backgroundRead();
        try (Txn txn = new Txn(engine.snapshot(), snapshot, false)) {
          DbContext ctx = new DbContext(db, "admin", txn, ids::next, CommitClock.toInstant(snapshot),
              SchemaView.load(db, txn, schemas));
          long next = IndexBuilds.step(ctx, coll, position);
          if (txn.hasWrites() && !(backgroundCommit(txn.intent()) instanceof Outcome.Committed)) {
            continue; // a conflict or a busy log: redo this chunk
          }
          if (next < 0) return;
          position = next;
        }
      } catch (RuntimeException e) {
        if (Thread.currentThread().isInterrupted()) return;
        System.err.println("faunus: index build of " + coll + " failed, will retry on restart: " + e);
        return;
      }
    }
  }

  private long historyDaysMax() {
    long ts = backgroundRead();
    try (Txn txn = new Txn(engine.snapshot(), ts, true)) {
      return SchemaView.historyDaysMaxAll(txn);
    }
  }

  /** Runs one version-GC pass now (tests, operations); returns the number of versions removed. */
  public int sweepVersions() {
    return sweeper.sweep();
  }

  /**
   * Opens a single node (its data directory is the store) or a cluster member (the store in {@code store/},
   * the Raft log in {@code raft/}); a member returns once the cluster answers, see {@link #START_WAIT_S}.
   */
  public static Node open(NodeConfig config) {
    return open(config, NodeRuntime.production());
  }

  /** {@link #open(NodeConfig)} with a given runtime (tests hold index builds back with their own executor). */
  public static Node open(NodeConfig config, NodeRuntime runtime) {
    if (config.cluster() != null) {
      RatisLog log = RatisLog.open(config.cluster(), config.dataDir().resolve("store"));
      try {
        return new Node(config, log.engine(), log, runtime);
      } catch (RuntimeException e) {
        log.close();
        throw e;
      }
    }
    Engine engine = config.memory() ? MemoryEngine.create() : RocksEngine.open(config.dataDir());
    return new Node(config, engine, new LocalLog(engine, !config.memory()), runtime);
  }

  /**
   * A node over a given store and log with a given runtime: the deterministic simulation's entry point (it
   * supplies a simulated log, store and clock). {@code config.cluster()} only names the node (its id keys
   * document ids); the node never opens a Raft log itself here.
   */
  public static Node over(NodeConfig config, Engine engine, CommitLog log, NodeRuntime runtime) {
    return new Node(config, engine, log, runtime);
  }

  /** True for a secret that is admin of the root database, checked against this node's newest local state. */
  private boolean rootAdmin(String secret) {
    Auth.Scope scope;
    try (Txn txn = new Txn(engine.snapshot(), Long.MAX_VALUE, true)) {
      scope = Auth.resolve(txn, CommitClock.toInstant(CommitClock.nowMicros()), config.rootSecret(), secret, config.jwks());
    }
    return scope != null && scope.db() == Auth.ROOT_DB && scope.role().equals("admin");
  }

  @Override
  public AdminAnswer changeMembership(String secret, Membership change) {
    if (!rootAdmin(secret)) return new AdminAnswer.Unauthorized();
    if (!(log instanceof RatisLog cluster)) return new AdminAnswer.Refused("this node is not part of a cluster");
    try {
      switch (change) {
        case Membership.Add a -> cluster.addPeer(a.node(), a.address());
        case Membership.Remove r -> cluster.removePeer(r.node());
      }
      return new AdminAnswer.Done("members: " + cluster.members());
    } catch (IllegalArgumentException | java.io.IOException e) {
      return new AdminAnswer.Refused(e.getMessage());
    }
  }

  /** A node serves reads and writes while it knows a leader (alone, it is its own). Never waits. */
  @Override
  public boolean ready(PingScope scope) {
    return scope == PingScope.NODE || log.status().leader() != null;
  }

  /**
   * Only a secret that is admin of the root database sees a node's status. It is checked against this
   * node's newest local state, without a read barrier, so an operator can look at a node cut off from its
   * cluster.
   */
  @Override
  public java.util.Optional<NodeStatus> status(String secret, boolean digest) {
    return status(secret, digest, Long.MAX_VALUE);
  }

  @Override
  public java.util.Optional<NodeStatus> status(String secret, boolean digest, long digestAtMicros) {
    if (!rootAdmin(secret)) return java.util.Optional.empty();
    CommitLog.Status s = log.status();
    StoreDigest.Digest d = null;
    if (digest) {
      try (var snap = engine.snapshot()) {
        d = StoreDigest.of(snap, digestAtMicros);
      }
    }
    return java.util.Optional.of(new NodeStatus(s.node(), s.role(), s.term(), s.leader(), s.commitIndex(),
        s.appliedIndex(), s.lastCommitMicros(), d == null ? null : d.sha256(), d == null ? -1 : d.appliedIndex()));
  }

  @Override
  public java.util.Optional<io.faunus.model.query.NodeMetrics> metrics() {
    CommitLog.Stats st = log.stats();
    CommitLog.Status s = log.status();
    return java.util.Optional.of(new io.faunus.model.query.NodeMetrics(st.commits(), st.batches(), st.writeNanos(),
        st.queued(), st.conflicts(), openStreams(), s.role(), s.term(), s.commitIndex(), s.appliedIndex(),
        engine.properties()));
  }

  @Override
  public void setEntryObserver(CommitLog.EntryObserver observer) {
    log.setEntryObserver(observer);
  }

  /**
   * A storage checkpoint for a backup. The checkpoint is consistent by itself (the applied index and the
   * last commit time are written in the same atomic batch as the data), so its index, time and digest are
   * read from the copy, not from the live store that moved on meanwhile. Opening the copy once also replays
   * its write-ahead log, so a restored directory opens without recovery work.
   */
  @Override
  public Checkpoint checkpoint(String secret, java.nio.file.Path dir) {
    if (!rootAdmin(secret)) return new Checkpoint.Unauthorized();
    if (config.memory()) {
      return new Checkpoint.Refused("an in-memory node keeps nothing on disk to back up; use faunus export instead");
    }
    try {
      engine.checkpoint(dir);
      try (RocksEngine copy = RocksEngine.open(dir); var snap = copy.snapshot()) {
        StoreDigest.Digest d = StoreDigest.of(snap);
        return new Checkpoint.Taken(log.status().node(), log instanceof RatisLog ? "replica" : "single",
            d.appliedIndex(), io.faunus.log.Applier.lastCommitMicros(snap), d.sha256());
      }
    } catch (io.faunus.storage.StorageException e) {
      return new Checkpoint.Refused("checkpoint failed: " + e.getMessage());
    }
  }

  /** Commits and fsyncs so far (group commit makes fsyncs ≤ commits). */
  public long commits() {
    return log.stats().commits();
  }

  public long fsyncs() {
    return log.stats().batches();
  }

  @Override
  public QueryOutcome execute(QueryRequest req) {
    return submitted(req, null).join();
  }

  @Override
  public CompletableFuture<QueryOutcome> executeAsync(QueryRequest req, Later later) {
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
  @Override
  public Inline executeInline(QueryRequest req, long budgetMs, Later later) {
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
    Auth.Scope scope = authenticate(req, ts);
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
    // Committing later, the first attempt's conflict comes back through its future (and retries from there).
    if (mode.inline() || mode.commitsLater()) return new Attempt(query, 0, mode).run(ts);
    return retries(query, 0, ts, null);
  }

  /** A parsed, authenticated query: what every attempt of it shares. */
  private record Query(QueryRequest req, Auth.Scope scope, ParseCache.Parsed<Expr.Block> parsed, long start) {}

  /**
   * Attempts {@code from} onwards on a thread that may wait, until one is not a conflict or the client's
   * x-max-contention-retries are used up; {@code ts} is the first one's snapshot (a fresh one when negative).
   */
  private Attempted.Answer retries(Query q, int from, long ts, String conflict) throws InterruptedException {
    int attempts = Math.max(1, q.req().maxContentionRetries() + 1);
    for (int attempt = from; attempt < attempts; attempt++) {
      long snapshot = attempt == from && ts >= 0 ? ts : log.beginRead();
      Attempted result = new Attempt(q, attempt, Mode.MAY_WAIT).run(snapshot);
      switch (result) {
        case Attempted.Answer a -> {
          return a;
        }
        case Attempted.Conflict c -> conflict = c.what();
        case Attempted.NotQuick n -> throw new AssertionError("only inline attempts give up");
        case Attempted.Committing c -> throw new AssertionError("attempts without a Later wait for their commit");
      }
    }
    return new Attempted.Answer(new ProtocolError(ErrorCode.CONTENDED_TRANSACTION,
        "Transaction was aborted due to detection of concurrent modifications to " + conflict + "."));
  }

  /** {@link #retries} for the follow-up of an inline attempt that conflicted: on a query thread, never throws. */
  private Attempted.Answer retriesAfterConflict(Query q, String conflict) {
    try {
      return retries(q, 1, -1, conflict);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Attempted.Answer(new ProtocolError(ErrorCode.UNAVAILABLE, "Interrupted while waiting for the log."));
    } catch (CommitLog.UnavailableException e) {
      return new Attempted.Answer(new ProtocolError(ErrorCode.UNAVAILABLE, e.getMessage()));
    }
  }

  private Auth.Scope authenticate(QueryRequest req, long ts) {
    return authenticate(ts, req.secret());
  }

  private Auth.Scope authenticate(long ts, String secret) {
    Auth.Scope known = Auth.withoutReads(config.rootSecret(), secret);
    if (known != null) return known;
    try (Txn txn = new Txn(engine.snapshot(), ts, true)) {
      return Auth.resolve(txn, CommitClock.toInstant(ts), config.rootSecret(), secret, config.jwks());
    }
  }

  /** A {@code /schema/1} call: one transaction through the log, like a query (see {@link SchemaCalls}). */
  @Override
  public io.faunus.model.query.SchemaAnswer schema(io.faunus.model.query.SchemaRequest req) {
    try {
      return schemaCalls.run(req);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new io.faunus.model.query.SchemaAnswer.Error(ErrorCode.UNAVAILABLE, "Interrupted while waiting for the log.");
    } catch (CommitLog.UnavailableException e) {
      return new io.faunus.model.query.SchemaAnswer.Error(ErrorCode.UNAVAILABLE, e.getMessage());
    }
  }

  private static QueryOutcome unauthorized() {
    return new ProtocolError(ErrorCode.UNAUTHORIZED, "Access token required");
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
        // Inline, the deadline is the budget's (the caller checked that the real one comes later).
        EvalContext ctx = new EvalContext(decoded.placeholders(), inline ? System.nanoTime() : req.receivedNanos(),
            inline ? mode.inlineBudgetMs() + 1 : req.timeoutMs(),
            CommitClock.toInstant(snapshot), ids::next, cursors.forDatabase(scope.db()), db, db);
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
            for (String coll : builds) scheduleIndexBuild(scope.db(), coll);
            Value answer = materializer.reissueTokens(materialized, t);
            return new Attempted.Answer(new Success(Materializer.resolveTxnTime(answer, CommitClock.toInstant(t)),
                type, summary, t, stats(start, computeOps, readOps, bytesRead, intent.sizeBytes(), writeOps, attempt),
                changesSchema ? t : schemaVersion));
          };
          if (later) {
            CompletableFuture<Outcome> pending = submit(intent);
            return new Attempted.Committing(pending.orTimeout(COMMIT_WAIT_S, TimeUnit.SECONDS)
                .handleAsync((outcome, error) -> settled(outcome, error, committed), mode.later().quick())
                .thenCompose(next -> next));
          }
          return switch (commit(intent)) {
            case Outcome.Conflict c -> new Attempted.Conflict(c.what());
            case Outcome.Committed c -> committed.apply(c.commitMicros());
          };
        } catch (QueryError e) {
          if (inline && e.code() == ErrorCode.TIME_OUT) return Attempted.NOT_QUICK; // the budget ran out, not the deadline
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
     * An inline attempt's commit is settled (on {@link Later#quick}): the answer, or a run of the retries on
     * {@link Later#mayWait} after a conflict.
     */
    private CompletableFuture<Attempted.Answer> settled(Outcome outcome, Throwable error,
                                                        LongFunction<Attempted.Answer> committed) {
      if (error != null) return CompletableFuture.completedFuture(new Attempted.Answer(commitFailed(error)));
      return switch (outcome) {
        case Outcome.Committed c -> CompletableFuture.completedFuture(committed.apply(c.commitMicros()));
        case Outcome.Conflict c -> {
          try {
            yield CompletableFuture.supplyAsync(() -> retriesAfterConflict(q, c.what()), mode.later().mayWait());
          } catch (RejectedExecutionException e) {
            yield CompletableFuture.completedFuture(new Attempted.Answer(
                new ProtocolError(ErrorCode.LIMIT_EXCEEDED, "Too many pending requests")));
          }
        }
      };
    }
  }

  /** Spec §8: the writes of one transaction may not exceed 16 MiB (checked as they grow, and here again). */
  static final long TXN_BYTES_MAX = io.faunus.model.eval.Limits.TXN_BYTES_MAX;
  /**
   * How long a query waits for its handed-over write. Once handed to the log the write may commit; waiting
   * past the deadline is better than answering "timed out" for a write that then commits, so the wait is
   * generous and bounded.
   */
  static final long COMMIT_WAIT_S = 30;

  /** Hands the effects to the log and waits for the outcome. */
  private Outcome commit(Intent intent) {
    try {
      return submit(intent).get(COMMIT_WAIT_S, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw QueryError.protocol(ErrorCode.UNAVAILABLE, COMMIT_TIMED_OUT);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw QueryError.protocol(ErrorCode.UNAVAILABLE, "Interrupted while waiting for commit.");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof CommitLog.UnavailableException u) throw QueryError.protocol(ErrorCode.UNAVAILABLE, u.getMessage());
      throw new IllegalStateException("commit failed", e.getCause());
    }
  }

  private static final String COMMIT_TIMED_OUT = "Write timed out waiting for commit.";

  /** What {@link #commit} reports for a failed wait, for a commit whose outcome arrives as a future instead. */
  private static QueryOutcome commitFailed(Throwable error) {
    Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
        ? error.getCause() : error;
    return switch (cause) {
      case TimeoutException t -> new ProtocolError(ErrorCode.UNAVAILABLE, COMMIT_TIMED_OUT);
      case CommitLog.UnavailableException u -> new ProtocolError(ErrorCode.UNAVAILABLE, u.getMessage());
      default -> {
        org.slf4j.LoggerFactory.getLogger(Node.class).error("commit failed", cause);
        yield new ProtocolError(ErrorCode.INTERNAL_ERROR, "Internal error: the commit failed ("
            + cause.getClass().getSimpleName() + ").");
      }
    };
  }

  /** Checks the effects against the limits and hands them to the log, without waiting. */
  private CompletableFuture<Outcome> submit(Intent intent) {
    if (intent.sizeBytes() > TXN_BYTES_MAX) {
      throw QueryError.protocol(ErrorCode.INVALID_REQUEST, "Transaction exceeded limit: got " + intent.sizeBytes()
          + " bytes, limit is " + TXN_BYTES_MAX + " bytes.");
    }
    for (Intent.Write w : intent.writes()) {
      // Storage keys are escaped (at most doubling them) plus a timestamp; past Batch.MAX_KEY_BYTES the log
      // would fail to apply the write. Long index terms are the way to get there (spec §8: 400 invalid_request).
      if (2L * w.key().length + 16 > io.faunus.storage.Batch.MAX_KEY_BYTES) {
        throw QueryError.protocol(ErrorCode.INVALID_REQUEST, "Index entry or key of " + w.key().length
            + " bytes exceeds the limit of " + (io.faunus.storage.Batch.MAX_KEY_BYTES - 16) / 2 + " bytes.");
      }
    }
    return switch (log.submit(intent)) {
      case CommitLog.Submission.Accepted a -> a.outcome();
      case CommitLog.Submission.Rejected r -> throw QueryError.protocol(
          r.reason() == CommitLog.Refusal.BUSY ? ErrorCode.LIMIT_EXCEEDED : ErrorCode.UNAVAILABLE, r.message());
    };
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
    return new Stats(computeOps, readOps, writeOps, queryTimeMs(startNanos), retries, bytesRead, bytesWritten, List.of());
  }

  // ---- event feeds and streams (spec §1.7, §1.8) ---------------------------------------------------------

  /** How long opening a stream may take to validate its token (the stream itself has no deadline). */
  static final long STREAM_OPEN_TIMEOUT_MS = 10_000;
  /** Change-log commits one feed page looks at, at most: a page may end early with has_next (a busy filter). */
  static final int FEED_COMMITS_MAX = 16_384;

  /** A read-only query context at snapshot {@code ts} for {@code scope}: what an event read runs in. */
  private record Reading(Txn txn, DbContext db, EvalContext ctx, Interp in) implements AutoCloseable {
    @Override
    public void close() {
      txn.close();
    }
  }

  private Reading reading(Auth.Scope scope, long ts, long startNanos, long timeoutMs) {
    Txn txn = new Txn(engine.snapshot(), ts, true);
    DbContext db = new DbContext(scope, txn, ids::next, CommitClock.toInstant(ts),
        SchemaView.load(scope.db(), txn, schemas));
    EvalContext ctx = new EvalContext(List.of(), startNanos, timeoutMs, CommitClock.toInstant(ts), ids::next,
        cursors.forDatabase(scope.db()), db, db);
    return new Reading(txn, db, ctx, new Interp(ctx, Source.query("")));
  }

  private Auth.Scope authenticate(String secret, long ts) {
    try (Txn txn = new Txn(engine.snapshot(), ts, true)) {
      return Auth.resolve(txn, CommitClock.toInstant(ts), config.rootSecret(), secret);
    }
  }

  private static final String STREAM_UNAUTHORIZED = "Invalid token, unable to authenticate request";

  /** Where a stream or feed starts: after its cursor, after start_ts, or after the token's creation. */
  private static EventPosition startPosition(String cursor, Long startTs, long createdMicros) {
    if (cursor != null) {
      try {
        return EventPosition.parse(cursor);
      } catch (IllegalArgumentException e) {
        throw QueryError.protocol(ErrorCode.INVALID_REQUEST, "Invalid request body: invalid event cursor provided");
      }
    }
    if (startTs != null) {
      if (startTs < 0) throw QueryError.protocol(ErrorCode.INVALID_REQUEST, "Invalid request body: invalid start_ts.");
      return EventPosition.after(startTs);
    }
    return EventPosition.after(createdMicros);
  }

  /**
   * The error event of a start older than the history kept for replays (spec §1.7
   * {@code invalid_stream_start_time}: a feed answers a page holding it, a stream sends it and ends), or
   * null when the start can be replayed.
   */
  private static StreamEvent tooOld(EventPosition start, EventReader reader, long snapshot) {
    long oldest = reader.oldestStartMicros(snapshot);
    if (start.tsMicros() >= oldest) return null;
    return StreamEvent.error(ErrorCode.INVALID_STREAM_START_TIME, "Stream start time "
        + CommitClock.toInstant(start.tsMicros()) + " is too far in the past. Events are kept back to "
        + CommitClock.toInstant(oldest) + "; start from a later cursor or time.", null, StreamEvent.Stats.ZERO);
  }

  @Override
  public FeedOutcome feed(FeedRequest req) {
    long start = System.nanoTime();
    try {
      if (req.lastTxnTs() != Long.MIN_VALUE) log.observe(req.lastTxnTs());
      long ts = log.beginRead();
      Auth.Scope scope = authenticate(req.secret(), ts);
      if (scope == null) return new FeedOutcome.Refused(ErrorCode.UNAUTHORIZED, STREAM_UNAUTHORIZED);
      try (Reading r = reading(scope, ts, req.receivedNanos(), req.timeoutMs())) {
        r.ctx().checkDeadline();
        var token = r.ctx().cursors().resolveSource(r.in(), req.token());
        EventReader reader = EventReader.of(r.in(), r.db(), token);
        EventPosition from = startPosition(req.cursor(), req.startTs(), token.createdMicros());
        StreamEvent old = tooOld(from, reader, ts);
        if (old != null) return new FeedOutcome.Page(List.of(old), from.cursor(), false, old.stats());
        EventReader.Read read = reader.read(from, ts, req.pageSize() + 1, FEED_COMMITS_MAX);
        r.ctx().checkDeadline();
        List<StreamEvent> events = read.events();
        boolean hasNext;
        String cursor;
        if (read.failed()) {
          hasNext = false;
          cursor = read.position().cursor();
        } else if (events.size() > req.pageSize()) {
          events = events.subList(0, req.pageSize());
          hasNext = true;
          cursor = events.get(events.size() - 1).cursor();
        } else {
          hasNext = read.more();
          cursor = read.position().cursor();
        }
        StreamEvent.Stats total = read.stats();
        for (StreamEvent e : events) total = total.plus(e.stats());
        total = new StreamEvent.Stats(total.readOps(), total.storageBytesRead(), Math.max(1, total.computeOps()),
            (System.nanoTime() - start) / 1_000_000L);
        return new FeedOutcome.Page(List.copyOf(events), cursor, hasNext, total);
      }
    } catch (QueryError e) {
      return new FeedOutcome.Refused(e.protocol() ? e.code() : ErrorCode.INVALID_REQUEST, e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new FeedOutcome.Refused(ErrorCode.UNAVAILABLE, "Interrupted while waiting for the log.");
    } catch (CommitLog.UnavailableException e) {
      return new FeedOutcome.Refused(ErrorCode.UNAVAILABLE, e.getMessage());
    }
  }

  @Override
  public StreamRequest.Start openStream(StreamRequest req, StreamRequest.Sink sink) {
    try {
      long ts = log.beginRead();
      Auth.Scope scope = authenticate(req.secret(), ts);
      if (scope == null) return new StreamRequest.Start.Refused(ErrorCode.UNAUTHORIZED, STREAM_UNAUTHORIZED);
      EventPosition from;
      long coll;
      StreamEvent old;
      try (Reading r = reading(scope, ts, System.nanoTime(), STREAM_OPEN_TIMEOUT_MS)) {
        var token = r.ctx().cursors().resolveSource(r.in(), req.token());
        EventReader reader = EventReader.of(r.in(), r.db(), token);
        from = startPosition(req.cursor(), req.startTs(), token.createdMicros());
        old = tooOld(from, reader, ts);
        coll = reader.collectionId();
      }
      if (closing) return new StreamRequest.Start.Refused(ErrorCode.UNAVAILABLE, "The node is shutting down.");
      return streams.open(req.secret(), req.token(), scope.db(), coll, from, ts, old, sink);
    } catch (QueryError e) {
      return new StreamRequest.Start.Refused(e.protocol() ? e.code() : ErrorCode.INVALID_REQUEST, e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new StreamRequest.Start.Refused(ErrorCode.UNAVAILABLE, "Interrupted while waiting for the log.");
    } catch (CommitLog.UnavailableException e) {
      return new StreamRequest.Start.Refused(ErrorCode.UNAVAILABLE, e.getMessage());
    }
  }

  /** Event streams open on this node now. */
  public int openStreams() {
    return streams.open();
  }

  /** Reads of stream events done so far (streams at the same place share one), for tests. */
  long streamReads() {
    return streams.readsDone();
  }

  /**
   * What one read of a stream's events found: the events (an {@code ended} batch ends with the error event
   * that ends the stream), where the next read continues, and the cost of reading the change log.
   */
  record EventBatch(List<StreamEvent> events, EventPosition position, boolean ended, StreamEvent.Stats logStats) {}

  /**
   * A stream's events after {@code after} up to {@code upTo} (a commit time applied here), read as its
   * secret sees them at that time; the token is resolved again (names, rights and schema as of then).
   */
  EventBatch readEvents(String secret, String token, EventPosition after, long upTo, int maxEvents, int maxCommits) {
    Auth.Scope scope = authenticate(secret, upTo);
    if (scope == null) {
      return new EventBatch(List.of(StreamEvent.error(ErrorCode.PERMISSION_LOSS,
          "The stream's secret is no longer valid.", null, StreamEvent.Stats.ZERO)), after, true, StreamEvent.Stats.ZERO);
    }
    try (Reading r = reading(scope, upTo, System.nanoTime(), EventStreams.READ_TIMEOUT_MS)) {
      var source = r.ctx().cursors().resolveSource(r.in(), token);
      EventReader.Read read = EventReader.of(r.in(), r.db(), source).read(after, upTo, maxEvents, maxCommits);
      return new EventBatch(read.events(), read.position(), read.failed(), read.stats());
    } catch (QueryError e) {
      ErrorCode code = e.code() == ErrorCode.INVALID_REQUEST ? ErrorCode.INVALID_RECEIVER : e.code();
      return new EventBatch(List.of(StreamEvent.error(code, e.getMessage(), null, StreamEvent.Stats.ZERO)), after,
          true, StreamEvent.Stats.ZERO);
    }
  }

  /**
   * Whole milliseconds since the request arrived, rounded up: a query that ran reports at least 1
   * (stats-metering §2.5; clients assert {@code query_time_ms > 0}, also for a syntax error).
   */
  static long queryTimeMs(long startNanos) {
    return Math.max(1, (System.nanoTime() - startNanos + 999_999) / 1_000_000L);
  }

  @Override
  public boolean ready() {
    return true;
  }

  @Override
  public void close() {
    closing = true;
    if (streams != null) {
      log.removeListener(streams);
      streams.close();
    }
    builder.shutdownNow();
    sweeper.close();
    log.close();
    engine.close();
  }
}
