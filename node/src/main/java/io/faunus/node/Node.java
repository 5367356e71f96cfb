package io.faunus.node;

import io.faunus.model.query.ErrorCode;

import io.faunus.fql.Source;
import io.faunus.model.db.Auth;
import io.faunus.model.db.DbContext;
import io.faunus.model.db.IndexBuilds;
import io.faunus.model.db.SchemaView;
import io.faunus.log.CommitClock;
import io.faunus.log.CommitLog;
import io.faunus.log.Intent;
import io.faunus.log.LocalLog;
import io.faunus.log.SequencerRuntime;
import io.faunus.log.Outcome;
import io.faunus.log.StartPhases;
import io.faunus.log.StoreDigest;
import io.faunus.model.query.NodeStatus;
import io.faunus.log.ratis.RatisLog;
import io.faunus.model.doc.Keys;
import io.faunus.model.doc.Txn;
import io.faunus.model.engine.CursorTokens;
import io.faunus.model.engine.EvalContext;
import io.faunus.model.eval.Interp;
import io.faunus.model.eval.QueryError;
import io.faunus.model.query.QueryEngine;
import io.faunus.model.query.QueryOutcome;
import io.faunus.model.query.QueryRequest;
import io.faunus.model.query.FeedOutcome;
import io.faunus.model.query.FeedRequest;
import io.faunus.model.query.StreamEvent;
import io.faunus.model.query.StreamRequest;
import io.faunus.model.events.EventPosition;
import io.faunus.model.events.EventReader;
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
  private final QueryPath queries;
  /** Clock, background thread and randomness (the simulation passes its own). */
  private final NodeRuntime runtime;
  /** Background index builds, one at a time (bounded by the number of building indexes). */
  private final java.util.concurrent.ExecutorService builder;
  private volatile boolean closing;
  private final EventStreams streams;

  private final CommitDeadlines deadlines;

  private Node(NodeConfig config, Engine engine, CommitLog log, NodeRuntime runtime, CommitDeadlines deadlines) {
    this.config = config;
    this.deadlines = deadlines;
    Commits commits = new Commits(log, deadlines);
    this.engine = engine;
    this.runtime = runtime;
    this.builder = runtime.indexBuilds();
    this.ids = new IdGenerator(config.nodeId(), () -> runtime.wallMicros().getAsLong() / 1_000L);
    this.log = log;
    this.rates = config.rateLimits().new Meter();
    this.cursors = new CursorTokens(cursorKey());
    long checks = StartPhases.begin();
    this.queries = new QueryPath(new QueryPath.Deps(engine, log, ids, rates, cursors, schemas, this::scheduleIndexBuild,
        this::authenticate, commits));
    this.schemaCalls = new SchemaCalls(new SchemaCalls.Deps(engine, log, ids, cursors, schemas, commits,
        this::scheduleIndexBuild, this::authenticate));
    this.sweeper = new Sweeper(engine, runtime.wallMicros(), this::historyDaysMax);
    if (runtime.sweepTimer()) this.sweeper.start();
    backfillTypechecked();
    resumeIndexBuilds();
    if (log instanceof RatisLog) StartPhases.done("start-checks", checks, "typechecked backfill, index builds resumed");
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

  /** Between two failed first reads: a refusal can come back at once, and a tight loop would starve the apply thread. */
  static final long FIRST_READ_RETRY_MS = 100;
  /** A failed first read is described at most this often (the log of a node waiting minutes stays short). */
  static final long FIRST_READ_REPORT_MS = 5_000;
  /** Set once the first read succeeded and its phase line was printed. */
  private boolean firstReadDone;

  /**
   * The node's first read. A cluster member starting while too few peers run cannot confirm one yet, so it
   * waits for a quorum (peers started at the same time form one within seconds), saying so once, then why its
   * attempts fail (every {@link #FIRST_READ_REPORT_MS}) with its Raft state, and how long it took in the end.
   */
  private long firstRead() {
    long began = StartPhases.begin();
    long deadline = began + TimeUnit.SECONDS.toNanos(START_WAIT_S);
    long reportedAt = 0;
    int failed = 0;
    while (true) {
      try {
        long ts = backgroundRead();
        if (!firstReadDone) {
          firstReadDone = true;
          // Members over Raft only: a single node reads at once, and the simulation's members would fill its output.
          if (log instanceof RatisLog) StartPhases.done("first-read", began, failed + " failed attempts; " + describe());
        }
        return ts;
      } catch (CommitLog.UnavailableException e) {
        failed++;
        // The wait counts from when this node is a member: a node started with --join waits for add-node and for
        // the leader to stage it, however long (giving up at 120 s cut a large snapshot off, and the add-node with
        // it: finding 11 of docs/verification.md).
        boolean member = log.member();
        deadline = startDeadline(deadline, member, System.nanoTime());
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("no quorum of the cluster answered within " + START_WAIT_S + " s", e);
        }
        if (failed == 1) {
          System.err.println("faunus: waiting for a quorum of the cluster"
              + (config.cluster() == null ? "" : " " + config.cluster().peers().keySet()) + "...");
        }
        if (reportedAt == 0 || System.nanoTime() - reportedAt > TimeUnit.MILLISECONDS.toNanos(FIRST_READ_REPORT_MS)) {
          reportedAt = System.nanoTime();
          System.err.println(member
              ? "faunus: first read attempt " + failed + " failed after " + TimeUnit.NANOSECONDS.toMillis(reportedAt - began)
                  + " ms: " + causes(e) + "; " + describe()
              : "faunus: not a member of the cluster yet after " + TimeUnit.NANOSECONDS.toMillis(reportedAt - began)
                  + " ms: waiting for `./faunus admin add-node` and for the leader to bring this node up to date; "
                  + describe());
        }
        sleepQuietly(FIRST_READ_RETRY_MS);
      }
    }
  }

  /** The first read's deadline after a failed attempt at {@code nowNanos}: pushed on while this node is no member. */
  static long startDeadline(long deadlineNanos, boolean member, long nowNanos) {
    return member ? deadlineNanos : Math.max(deadlineNanos, nowNanos + TimeUnit.SECONDS.toNanos(START_WAIT_S));
  }

  /** The node's Raft state in a few words, for start-up lines. */
  private String describe() {
    try {
      CommitLog.Status s = log.status();
      return "role " + s.role() + ", term " + s.term() + ", leader " + s.leader() + ", commit index " + s.commitIndex()
          + ", applied index " + s.appliedIndex();
    } catch (RuntimeException e) {
      return "no Raft state yet (" + e.getMessage() + ")";
    }
  }

  /**
   * An exception's chain of classes and the innermost message there is, what a failed Raft read actually ran into:
   * {@code UnavailableException <- RaftRetryFailureException <- ReadIndexException: n1: Leader is unknown.}
   */
  static String causes(Throwable e) {
    StringBuilder b = new StringBuilder();
    java.util.Set<Throwable> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    String m = "";
    for (Throwable t = e; t != null && seen.add(t); t = t.getCause()) {
      b.append(b.isEmpty() ? "" : " <- ").append(t.getClass().getSimpleName());
      if (t.getMessage() != null) m = t.getMessage(); // the innermost that says something (a timeout says nothing)
    }
    return b.append(": ").append(m.length() > 400 ? m.substring(0, 400) + "..." : m).toString();
  }

  private static void sleepQuietly(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for a quorum", e);
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
      long ts = firstRead(); // a quorum that answered the cursor key may be lost again (a peer killed meanwhile)
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
    long ts = firstRead();
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
      } catch (CommitLog.UnavailableException e) {
        if (!pauseBuild()) return; // no quorum for now (a cluster member cut off): the build waits, it is not lost
      } catch (RuntimeException e) {
        if (Thread.currentThread().isInterrupted()) return;
        System.err.println("faunus: index build of " + coll + " failed, will retry on restart: " + e);
        return;
      }
    }
  }

  /** How long an index build waits before it tries again without a quorum. */
  static final long BUILD_PAUSE_MS = 1_000;

  /** False when the node is closing or the builder was interrupted. */
  private boolean pauseBuild() {
    try {
      Thread.sleep(BUILD_PAUSE_MS);
      return !closing;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
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
        return new Node(config, log.engine(), log, runtime, CommitDeadlines.standard());
      } catch (RuntimeException e) {
        log.close();
        throw e;
      }
    }
    Engine engine = config.memory() ? MemoryEngine.create() : RocksEngine.open(config.dataDir());
    // The sequencer's commit clock follows the runtime's wall clock, as the node's ids and sweeps do.
    LocalLog log = new LocalLog(engine, !config.memory(), SequencerRuntime.production(runtime.wallMicros()));
    return new Node(config, engine, log, runtime, CommitDeadlines.standard());
  }

  /**
   * A node over a given store and log with a given runtime: the deterministic simulation's entry point (it
   * supplies a simulated log, store and clock). {@code config.cluster()} only names the node (its id keys
   * document ids); the node never opens a Raft log itself here.
   */
  public static Node over(NodeConfig config, Engine engine, CommitLog log, NodeRuntime runtime) {
    return new Node(config, engine, log, runtime, CommitDeadlines.standard());
  }

  /** {@link #over} with the given commit deadlines (tests inject a short timeout). */
  static Node over(NodeConfig config, Engine engine, CommitLog log, NodeRuntime runtime, CommitDeadlines deadlines) {
    return new Node(config, engine, log, runtime, deadlines);
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

  /** Inline runs that passed their CPU budget and ran again on a query thread (their evaluation was wasted). */
  public long inlineOverruns() {
    return queries.inlineOverruns();
  }

  @Override
  public QueryOutcome execute(QueryRequest req) {
    return queries.execute(req);
  }

  @Override
  public CompletableFuture<QueryOutcome> executeAsync(QueryRequest req, Later later) {
    return queries.executeAsync(req, later);
  }

  @Override
  public Inline executeInline(QueryRequest req, long budgetMs, Later later) {
    return queries.executeInline(req, budgetMs, later);
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
    return schemaCalls(req, null).join();
  }

  @Override
  public CompletableFuture<io.faunus.model.query.SchemaAnswer> schemaAsync(io.faunus.model.query.SchemaRequest req,
                                                                          Later later) {
    return schemaCalls(req, java.util.Objects.requireNonNull(later, "later"));
  }

  private CompletableFuture<io.faunus.model.query.SchemaAnswer> schemaCalls(io.faunus.model.query.SchemaRequest req,
                                                                           Later later) {
    try {
      return schemaCalls.run(req, later);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return CompletableFuture.completedFuture(new io.faunus.model.query.SchemaAnswer.Error(ErrorCode.UNAVAILABLE,
          "Interrupted while waiting for the log."));
    } catch (CommitLog.UnavailableException e) {
      return CompletableFuture.completedFuture(new io.faunus.model.query.SchemaAnswer.Error(ErrorCode.UNAVAILABLE,
          e.getMessage()));
    }
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
    deadlines.close();
    log.close();
    engine.close();
  }
}
