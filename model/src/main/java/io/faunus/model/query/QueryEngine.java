package io.faunus.model.query;

/**
 * The database as the transport sees it. Implementations authenticate, decode arguments, parse, evaluate
 * as one transaction and materialize the result. Must not throw: every failure is an outcome. Thread-safe.
 */
public interface QueryEngine {
  QueryOutcome execute(QueryRequest request);

  /**
   * Like {@link #execute} on a thread that may wait (for a read barrier, a big evaluation), except that a
   * write's commit does not hold the thread: the outcome completes, never exceptionally, through
   * {@code later} once the log settles it.
   */
  default java.util.concurrent.CompletableFuture<QueryOutcome> executeAsync(QueryRequest request, Later later) {
    return java.util.concurrent.CompletableFuture.completedFuture(execute(request));
  }

  /**
   * Runs the request on the calling thread only if that is quick and never waits (a transport's event loop
   * may call it). {@link Inline.NotQuick} means nothing observable happened and the request must go through
   * {@link #execute} on a thread that may wait. {@link Inline.Committing} means the query ran here and its
   * writes are with the log: the answer follows through {@code later} without holding any thread meanwhile.
   */
  default Inline executeInline(QueryRequest request, long budgetMs, Later later) {
    return Inline.NOT_QUICK;
  }

  /**
   * Where the rest of an inline run goes once its commit is settled: {@code quick} finishes a committed
   * answer (a few microseconds; a transport passes its event loop), {@code mayWait} runs the query again
   * after a conflict (it may wait for the log: a query thread). {@code mayWait} may refuse work
   * ({@link java.util.concurrent.RejectedExecutionException}): the answer is then a 429-style refusal.
   * {@code alone} says, when the query's writes are handed to the log, whether this request is the only one the
   * transport has in flight: the log may then write them on the calling thread ({@code CommitLog.submitHere}),
   * which blocks it for one storage write but saves two thread wake-ups.
   */
  record Later(java.util.concurrent.Executor quick, java.util.concurrent.Executor mayWait,
               java.util.function.BooleanSupplier alone) {
    /** Never alone: writes always go to the log's own thread. */
    public Later(java.util.concurrent.Executor quick, java.util.concurrent.Executor mayWait) {
      this(quick, mayWait, () -> false);
    }
  }

  /** The answer of {@link #executeInline}. */
  sealed interface Inline {
    Inline NOT_QUICK = new NotQuick();

    record Done(QueryOutcome outcome) implements Inline {}

    /**
     * Evaluated here; its writes were handed to the log. {@code outcome} completes, on {@link Later#quick}
     * or {@link Later#mayWait}, with the answer (never exceptionally).
     */
    record Committing(java.util.concurrent.CompletableFuture<QueryOutcome> outcome) implements Inline {}

    /** Runs past the budget, would wait for a commit, or failed unexpectedly: use execute. */
    record NotQuick() implements Inline {}
  }

  /** One page of an event feed (spec §1.8). May wait (a read barrier); never throws. */
  default FeedOutcome feed(FeedRequest request) {
    return new FeedOutcome.Refused(ErrorCode.NOT_FOUND, "Event feeds are not supported by this engine.");
  }

  /**
   * Opens an event stream (spec §1.7): answers once the request is validated; the events follow through
   * {@code sink}, from another thread. May wait (a read barrier); never throws.
   */
  default StreamRequest.Start openStream(StreamRequest request, StreamRequest.Sink sink) {
    return new StreamRequest.Start.Refused(ErrorCode.NOT_FOUND, "Event streams are not supported by this engine.");
  }

  /** A {@code /schema/1} call (schema-v10.md §1); may wait (it commits like a query). */
  default SchemaAnswer schema(SchemaRequest request) {
    return new SchemaAnswer.Error(ErrorCode.NOT_FOUND, "Not found");
  }

  /**
   * Like {@link #schema} on a thread that may wait, except that the call's commit does not hold the thread: the
   * answer completes, never exceptionally, through {@code later} once the log settles it (as
   * {@link #executeAsync}).
   */
  default java.util.concurrent.CompletableFuture<SchemaAnswer> schemaAsync(SchemaRequest request, Later later) {
    return java.util.concurrent.CompletableFuture.completedFuture(schema(request));
  }

  /** True when the engine can serve queries (for GET /ping). */
  /** Figures for GET /metrics; empty for an engine that keeps none. Never waits (called on scrape). */
  default java.util.Optional<NodeMetrics> metrics() {
    return java.util.Optional.empty();
  }

  /** Tells {@code observer} of every log entry written (group-commit size and time); engines without a log ignore it. */
  default void setEntryObserver(io.faunus.log.CommitLog.EntryObserver observer) {}

  default boolean ready() {
    return true;
  }

  /** Which part of the service GET /ping?scope= asks about (spec §1.2). */
  enum PingScope { NODE, READ, WRITE }

  /** True when this node can serve what {@code scope} names; never waits (the event loop calls it). */
  default boolean ready(PingScope scope) {
    return ready();
  }

  /**
   * The node's status for a secret that is admin of the root database; empty for any other secret (the
   * transport answers 401). With {@code digest}, also a digest of the store (reads all of it: for tests and
   * operators comparing replicas, not for monitoring).
   */
  default java.util.Optional<NodeStatus> status(String secret, boolean digest) {
    return java.util.Optional.empty();
  }

  /**
   * Like {@link #status(String, boolean)}, with the digest taken as of commit time {@code digestAtMicros}
   * (the newest version of every key at or before it; {@code Long.MAX_VALUE} for now). A backup's manifest
   * names its commit time, so an operator can compare a restored copy with the source at that time.
   */
  default java.util.Optional<NodeStatus> status(String secret, boolean digest, long digestAtMicros) {
    return status(secret, digest);
  }

  /**
   * Writes a consistent copy of this node's store (a storage checkpoint) into {@code dir}, which must not
   * exist yet, for a secret that is admin of the root database (POST /admin/backup). May take seconds.
   */
  default Checkpoint checkpoint(String secret, java.nio.file.Path dir) {
    return new Checkpoint.Refused("this engine cannot take checkpoints");
  }

  /** What {@link #checkpoint} came to. */
  sealed interface Checkpoint {
    /**
     * The copy in the directory holds exactly the state after log entry {@code appliedIndex}, whose last
     * commit time is {@code commitMicros}; {@code digest} is its store digest (as /admin/status computes it).
     *
     * @param node   the node's id ("single" alone)
     * @param layout "single" for a single node's store, "replica" for a cluster member's state machine
     */
    record Taken(String node, String layout, long appliedIndex, long commitMicros, String digest) implements Checkpoint {}

    record Refused(String message) implements Checkpoint {}

    record Unauthorized() implements Checkpoint {}
  }

  /** A change of the cluster's members (POST /admin/add-node, /admin/remove-node). */
  sealed interface Membership {
    /** {@code address}: the new member's Raft host:port; it runs with {@code --join}. */
    record Add(String node, String address) implements Membership {}

    record Remove(String node) implements Membership {}
  }

  /** What an operator's command came to. */
  sealed interface AdminAnswer {
    record Done(String message) implements AdminAnswer {}

    /** Not done: bad input, not a cluster, or the cluster refused or did not answer in time. */
    record Refused(String message) implements AdminAnswer {}

    /** The secret is not admin of the root database. */
    record Unauthorized() implements AdminAnswer {}
  }

  /** Changes the cluster's members, for a secret that is admin of the root database. May wait (seconds). */
  default AdminAnswer changeMembership(String secret, Membership change) {
    return new AdminAnswer.Refused("this node is not part of a cluster");
  }
}
