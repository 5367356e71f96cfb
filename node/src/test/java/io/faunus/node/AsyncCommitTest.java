package io.faunus.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.faunus.log.CommitLog;
import io.faunus.log.Intent;
import io.faunus.log.LocalLog;
import io.faunus.log.Outcome;
import io.faunus.model.query.ErrorCode;
import io.faunus.model.query.QueryEngine;
import io.faunus.model.query.QueryOutcome;
import io.faunus.model.query.QueryOutcome.ProtocolError;
import io.faunus.model.query.QueryOutcome.Success;
import io.faunus.model.query.SchemaAnswer;
import io.faunus.model.query.SchemaRequest;
import io.faunus.storage.Engine;
import io.faunus.storage.MemoryEngine;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Queries run on query threads ({@link QueryEngine#executeAsync}) hold no thread while their commit waits,
 * neither the first attempt nor the retries after a conflict; and a commit whose outcome never comes fails
 * with the usual error once {@link CommitDeadlines} sweeps it.
 */
class AsyncCommitTest {
  static final long ANSWER_WAIT_S = 60;

  /**
   * A real {@link LocalLog} whose answers are held back: the first {@code round} submissions get a conflict
   * once all of them arrived, the next {@code round} their real outcomes once all of those arrived. A node
   * that waited for a commit on its only query thread could never get there.
   */
  static final class GatedLog implements CommitLog {
    final LocalLog inner;
    final int round;
    final AtomicInteger submitted = new AtomicInteger();
    final AtomicInteger submittedHere = new AtomicInteger();
    final CompletableFuture<Void> firstRound = new CompletableFuture<>(), secondRound = new CompletableFuture<>();
    volatile boolean gated;
    /** Stalled: submissions are accepted and never answered. */
    volatile boolean stalled;
    final AtomicInteger reads = new AtomicInteger();
    /** Which reads (numbered from 1) find no quorum, as a cluster member's may while peers are down. */
    volatile java.util.function.IntPredicate refuseRead = n -> false;

    GatedLog(Engine engine, int round) {
      this.inner = new LocalLog(engine, false);
      this.round = round;
    }

    @Override
    public Submission submit(Intent intent) {
      if (stalled) return new Submission.Accepted(new CompletableFuture<>());
      if (!gated) return inner.submit(intent);
      int n = submitted.incrementAndGet();
      if (n <= round) {
        if (n == round) firstRound.complete(null);
        return new Submission.Accepted(firstRound.thenApply(x -> new Outcome.Conflict("a test's gate")));
      }
      Submission real = inner.submit(intent);
      if (n == 2 * round) secondRound.complete(null);
      if (!(real instanceof Submission.Accepted a)) return real;
      return new Submission.Accepted(a.outcome().thenCombine(secondRound, (o, x) -> o));
    }

    /** Counted, then as {@link #submit} (a gated or stalled log answers the same either way). */
    @Override
    public Submission submitHere(Intent intent) {
      submittedHere.incrementAndGet();
      return gated || stalled ? submit(intent) : inner.submitHere(intent);
    }

    @Override
    public long beginRead() throws InterruptedException {
      if (refuseRead.test(reads.incrementAndGet())) throw new UnavailableException("no quorum (a test's gate)", null);
      return inner.beginRead();
    }

    @Override
    public OptionalLong tryBeginRead() {
      return inner.tryBeginRead();
    }

    @Override
    public void observe(long micros) {
      inner.observe(micros);
    }

    @Override
    public Status status() {
      return inner.status();
    }

    @Override
    public void addListener(AppliedListener listener) {
      inner.addListener(listener);
    }

    @Override
    public void removeListener(AppliedListener listener) {
      inner.removeListener(listener);
    }

    @Override
    public Stats stats() {
      return inner.stats();
    }

    @Override
    public void close() {
      inner.close();
    }
  }

  final List<AutoCloseable> closing = new ArrayList<>();
  final ExecutorService quick = Executors.newSingleThreadExecutor(r -> new Thread(r, "test-quick"));
  /** The query pool of one thread. */
  final ExecutorService queryThread = Executors.newFixedThreadPool(1, r -> new Thread(null, r, "test-query", 16L << 20));
  final QueryEngine.Later later = new QueryEngine.Later(quick, queryThread);

  @AfterEach
  void close() throws Exception {
    quick.shutdownNow();
    queryThread.shutdownNow();
    for (AutoCloseable c : closing) c.close();
  }

  Node node(GatedLog log, Engine engine, CommitDeadlines deadlines) {
    Node node = Node.over(new NodeConfig(null, true, FqlNode.ROOT), engine, log, NodeRuntime.production(), deadlines);
    closing.add(node);
    return node;
  }

  static QueryOutcome sync(Node node, String fql) {
    return node.execute(InlineCommitTest.request(fql, 0));
  }

  @Test
  void slowPathWritesWithOneQueryThreadAllCommitThroughTheirRetries() throws Exception {
    int writers = 8;
    Engine engine = MemoryEngine.create();
    GatedLog log = new GatedLog(engine, writers);
    Node node = node(log, engine, CommitDeadlines.standard());
    assertThat(sync(node, "Collection.create({ name: 'Books' }); 1")).isInstanceOf(Success.class);
    long before = node.commits();
    log.gated = true;
    List<CompletableFuture<QueryOutcome>> answers = new ArrayList<>();
    for (int i = 0; i < writers; i++) {
      String fql = "Books.create({ id: '" + (i + 1) + "', title: 't" + i + "' }).title";
      // As the server runs it: on a query thread, the answer following through the Later.
      answers.add(CompletableFuture.supplyAsync(() -> node.executeAsync(InlineCommitTest.request(fql, 1), later), queryThread)
          .thenCompose(answer -> answer));
    }
    for (int i = 0; i < writers; i++) {
      QueryOutcome out = answers.get(i).get(ANSWER_WAIT_S, TimeUnit.SECONDS);
      assertThat(out).as("writer %d", i).isInstanceOf(Success.class);
      assertThat(((Success) out).stats().contentionRetries()).as("committed on its retry").isEqualTo(1);
    }
    assertThat(log.submitted.get()).as("each writer evaluated twice: a conflict, then its commit").isEqualTo(2 * writers);
    assertThat(node.commits()).isEqualTo(before + writers);
    log.gated = false;
    assertThat(sync(node, "Books.all().count()")).isInstanceOfSatisfying(Success.class,
        s -> assertThat(FqlNode.num(s.data())).isEqualTo(writers));
  }

  /**
   * A write whose {@link QueryEngine.Later#alone} is true is handed over with {@link CommitLog#submitHere}: the idle
   * log writes it before {@code executeInline} returns. Otherwise with {@link CommitLog#submit}.
   */
  @Test
  void aLoneInlineWriteAsksTheLogToWriteItOnTheCallingThread() throws Exception {
    Engine engine = MemoryEngine.create();
    GatedLog log = new GatedLog(engine, 1);
    Node node = node(log, engine, CommitDeadlines.standard());
    assertThat(sync(node, "Collection.create({ name: 'Books' }); 1")).isInstanceOf(Success.class);
    for (boolean alone : new boolean[] {false, true}) {
      long before = node.commits();
      int here = log.submittedHere.get();
      var result = node.executeInline(InlineCommitTest.request("Books.create({ title: 'x' }).title", 0),
          InlineCommitTest.INLINE_BUDGET_MS, new QueryEngine.Later(quick, queryThread, () -> alone));
      if (alone) assertThat(node.commits()).as("written before executeInline returned").isEqualTo(before + 1);
      assertThat(log.submittedHere.get() - here).isEqualTo(alone ? 1 : 0);
      assertThat(result).isInstanceOf(QueryEngine.Inline.Committing.class);
      QueryOutcome out = ((QueryEngine.Inline.Committing) result).outcome().get(ANSWER_WAIT_S, TimeUnit.SECONDS);
      assertThat(out).isInstanceOfSatisfying(Success.class, s -> assertThat(FqlNode.str(s.data())).isEqualTo("x"));
      assertThat(node.commits()).isEqualTo(before + 1);
    }
  }

  @Test
  void schemaCallsWithOneQueryThreadAllCommitThroughTheirRetries() throws Exception {
    int calls = 4;
    Engine engine = MemoryEngine.create();
    GatedLog log = new GatedLog(engine, calls);
    Node node = node(log, engine, CommitDeadlines.standard());
    log.gated = true;
    List<CompletableFuture<SchemaAnswer>> answers = new ArrayList<>();
    for (int i = 0; i < calls; i++) {
      SchemaRequest req = new SchemaRequest(FqlNode.ROOT, new SchemaRequest.WriteItem("collections", null,
          "collection C" + i + " {}", false), SchemaRequest.NO_VERSION, false);
      answers.add(CompletableFuture.supplyAsync(() -> node.schemaAsync(req, later), queryThread).thenCompose(a -> a));
    }
    for (int i = 0; i < calls; i++) {
      assertThat(answers.get(i).get(ANSWER_WAIT_S, TimeUnit.SECONDS)).as("call %d", i).isInstanceOf(SchemaAnswer.Ok.class);
    }
    // Each call ran at least twice: the gate's conflict, then its retries. New items go into the same schema
    // file, so the retries also conflict with each other for real (each rewrites that file) and some run again.
    assertThat(log.submitted.get()).as("the gate's round and the retries").isGreaterThanOrEqualTo(2 * calls);
    log.gated = false;
    assertThat(sync(node, "Collection.all().count()")).isInstanceOfSatisfying(Success.class,
        s -> assertThat(FqlNode.num(s.data())).isEqualTo(calls));
  }

  @Test
  void aCommitWhoseOutcomeNeverComesFailsAfterTheTimeout() throws Exception {
    Engine engine = MemoryEngine.create();
    GatedLog log = new GatedLog(engine, 1);
    CommitDeadlines deadlines = new CommitDeadlines(300, 20);
    Node node = node(log, engine, deadlines);
    assertThat(sync(node, "Collection.create({ name: 'Books' }); 1")).isInstanceOf(Success.class);
    log.stalled = true;
    long start = System.nanoTime();
    QueryOutcome out = node.executeAsync(InlineCommitTest.request("Books.create({ title: 'x' }).title", 0), later)
        .get(ANSWER_WAIT_S, TimeUnit.SECONDS);
    long tookMs = (System.nanoTime() - start) / 1_000_000L;
    assertThat(out).isInstanceOfSatisfying(ProtocolError.class, p -> {
      assertThat(p.code()).isEqualTo(ErrorCode.UNAVAILABLE);
      assertThat(p.message()).isEqualTo("Write timed out waiting for commit.");
    });
    assertThat(tookMs).as("not before the timeout").isGreaterThanOrEqualTo(300);
    SchemaAnswer schema = node.schemaAsync(new SchemaRequest(FqlNode.ROOT, new SchemaRequest.WriteItem("collections", null,
        "collection Late {}", false), SchemaRequest.NO_VERSION, false), later).get(ANSWER_WAIT_S, TimeUnit.SECONDS);
    assertThat(schema).isEqualTo(new SchemaAnswer.Error(ErrorCode.UNAVAILABLE, "Write timed out waiting for commit."));
  }

  @Test
  void theSweepFailsOverdueCommitsAndForgetsSettledOnes() throws Exception {
    try (CommitDeadlines deadlines = new CommitDeadlines(1_000, 3_600_000)) { // swept by hand only
      CompletableFuture<String> settled = new CompletableFuture<>(), stuck = new CompletableFuture<>();
      deadlines.bounded(settled);
      deadlines.bounded(stuck);
      settled.complete("done");
      long now = System.nanoTime();
      deadlines.sweep(now);
      assertThat(deadlines.tracked()).as("the settled one left, the stuck one is in time").isEqualTo(1);
      assertThat(stuck).isNotDone();
      deadlines.sweep(now + TimeUnit.SECONDS.toNanos(2));
      assertThat(stuck).isCompletedExceptionally();
      assertThat(stuck.handle((v, e) -> e).get()).isInstanceOf(TimeoutException.class);
      assertThat(deadlines.tracked()).isZero();
      assertThat(deadlines.bounded(CompletableFuture.completedFuture("x"))).isDone();
      assertThat(deadlines.tracked()).as("a settled commit is not tracked").isZero();
    }
  }
}
