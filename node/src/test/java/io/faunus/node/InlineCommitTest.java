package io.faunus.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.faunus.model.query.QueryEngine;
import io.faunus.model.query.QueryOutcome;
import io.faunus.model.query.QueryOutcome.Failure;
import io.faunus.model.query.QueryOutcome.ProtocolError;
import io.faunus.model.query.QueryOutcome.Success;
import io.faunus.model.query.QueryRequest;
import io.faunus.model.query.ErrorCode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Writes run inline (the event loop's path) commit without a thread waiting for them: the answer arrives
 * through {@link QueryEngine.Later}, each query is evaluated once when nothing conflicts, and a conflict is
 * retried on the {@code mayWait} executor.
 */
class InlineCommitTest {
  /** Generous: the machine running the tests may be loaded. */
  static final long INLINE_BUDGET_MS = 5_000;
  static final long ANSWER_WAIT_S = 30;

  final FqlNode fql = new FqlNode();
  final ExecutorService quick = Executors.newSingleThreadExecutor(r -> new Thread(r, "test-quick"));
  final ExecutorService mayWait = Executors.newFixedThreadPool(2, r -> new Thread(null, r, "test-may-wait", 16L << 20));
  final QueryEngine.Later later = new QueryEngine.Later(quick, mayWait);

  @AfterEach
  void close() {
    quick.shutdownNow();
    mayWait.shutdownNow();
    fql.close();
  }

  static QueryRequest request(String fql, int retries) {
    return new QueryRequest(FqlNode.ROOT, fql, List.of(), null, QueryRequest.Format.TAGGED, null,
        System.nanoTime(), QueryRequest.DEFAULT_TIMEOUT_MS, Long.MIN_VALUE, retries, false, false, null);
  }

  /** The inline answer, waited for here (a test may wait; the event loop does not). */
  QueryOutcome inline(String query, int retries) throws Exception {
    return switch (fql.node.executeInline(request(query, retries), INLINE_BUDGET_MS, later)) {
      case QueryEngine.Inline.Done d -> d.outcome();
      case QueryEngine.Inline.Committing c -> c.outcome().get(ANSWER_WAIT_S, TimeUnit.SECONDS);
      case QueryEngine.Inline.NotQuick n -> fql.node.execute(request(query, retries));
    };
  }

  @Test
  void anInlineWriteCommitsOnceAndAnswersThroughTheCallback() throws Exception {
    fql.data("Collection.create({ name: 'Books' }); 1");
    long before = fql.node.commits();
    var result = fql.node.executeInline(request("Books.create({ id: '1', title: 'x' }).title", 0), INLINE_BUDGET_MS, later);
    assertThat(result).isInstanceOf(QueryEngine.Inline.Committing.class);
    QueryOutcome out = ((QueryEngine.Inline.Committing) result).outcome().get(ANSWER_WAIT_S, TimeUnit.SECONDS);
    assertThat(out).isInstanceOf(Success.class);
    Success s = (Success) out;
    assertThat(FqlNode.str(s.data())).isEqualTo("x");
    assertThat(s.stats().writeOps()).isPositive();
    assertThat(fql.node.commits()).as("evaluated and committed once").isEqualTo(before + 1);
    assertThat(FqlNode.str(fql.data("Books.byId('1')!.title"))).isEqualTo("x");
    assertThat(s.txnTs()).as("the commit time, later than anything read before").isPositive();
  }

  @Test
  void aWriteRunOnAThreadThatMayWaitAlsoAnswersThroughTheCallback() throws Exception {
    fql.data("Collection.create({ name: 'Books' }); Function.create({ name: 'add', body: 't => Books.create({ title: t }).title' }); 1");
    long before = fql.node.commits();
    AtomicInteger onQuick = new AtomicInteger();
    var counted = new QueryEngine.Later(task -> {
      onQuick.incrementAndGet();
      quick.execute(task);
    }, mayWait);
    QueryOutcome out = fql.node.executeAsync(request("add('y')", 0), counted).get(ANSWER_WAIT_S, TimeUnit.SECONDS);
    assertThat(out).isInstanceOf(Success.class);
    assertThat(FqlNode.str(((Success) out).data())).isEqualTo("y");
    assertThat(onQuick.get()).as("finished on the quick executor, not on the log's thread").isEqualTo(1);
    assertThat(fql.node.commits()).isEqualTo(before + 1);
    assertThat(FqlNode.num(fql.data("Books.all().count()"))).isEqualTo(1);
  }

  @Test
  void anInlineWriteThatFailsToEvaluateAnswersAtOnceAndCommitsNothing() throws Exception {
    fql.data("Collection.create({ name: 'Books' }); 1");
    long before = fql.node.commits();
    var result = fql.node.executeInline(request("Books.create({ title: 'x' }); abort('no')", 0), INLINE_BUDGET_MS, later);
    assertThat(result).isInstanceOf(QueryEngine.Inline.Done.class);
    assertThat(((QueryEngine.Inline.Done) result).outcome()).isInstanceOf(Failure.class);
    assertThat(fql.node.commits()).isEqualTo(before);
  }

  @Test
  void anInlineWriteOverItsCpuBudgetGivesUpUnseenAndIsCounted() throws Exception {
    fql.data("Collection.create({ name: 'Books' }); 1");
    long commits = fql.node.commits();
    long overruns = fql.node.inlineOverruns();
    // Far more than 1 ms of CPU on any machine (a million additions), then a write.
    String slow = "let n = Set.sequence(0, 1000000).fold(0, (a, i) => a + i); Books.create({ title: 'slow', n: n }).title";
    var result = fql.node.executeInline(request(slow, 0), 1, later);
    assertThat(result).isInstanceOf(QueryEngine.Inline.NotQuick.class);
    assertThat(fql.node.inlineOverruns()).as("counted: its evaluation was wasted").isEqualTo(overruns + 1);
    assertThat(fql.node.commits()).as("nothing of the given-up run was committed").isEqualTo(commits);
    assertThat(FqlNode.num(fql.data("Books.all().count()"))).isEqualTo(0);
    // The query thread's run (what the server does next) commits it once.
    QueryOutcome out = fql.node.execute(request(slow, 0));
    assertThat(FqlNode.str(((Success) out).data())).isEqualTo("slow");
    assertThat(fql.node.commits()).isEqualTo(commits + 1);
  }

  @Test
  void parseErrorsComeOutTheSameEveryTime() {
    String bad = "let x = 1\nx +";
    Failure first = fql.failure(FqlNode.ROOT, bad);
    Failure second = fql.failure(FqlNode.ROOT, bad);
    assertThat(first.code()).isEqualTo(ErrorCode.INVALID_QUERY);
    assertThat(second.summary()).isEqualTo(first.summary()).contains("*query*:2");
  }

  /**
   * Concurrent read-modify-writes of one counter: every acknowledged increment is in the counter, exactly
   * once, whether it committed first time or after conflicts retried on the mayWait executor.
   */
  @Test
  void contendedInlineWritesCountEveryAcknowledgedIncrementOnce() throws Exception {
    fql.data("Collection.create({ name: 'C' }); 1");
    fql.data("C.create({ id: '1', n: 0 }); 1");
    int threads = 4, each = 25;
    AtomicInteger ok = new AtomicInteger(), contended = new AtomicInteger();
    List<CompletableFuture<Void>> runs = new ArrayList<>();
    ExecutorService clients = Executors.newFixedThreadPool(threads);
    try {
      for (int t = 0; t < threads; t++) {
        runs.add(CompletableFuture.runAsync(() -> {
          for (int i = 0; i < each; i++) {
            try {
              switch (inline("let d = C.byId('1')!; d.update({ n: d.n + 1 }).n", 7)) {
                case Success s -> ok.incrementAndGet();
                case ProtocolError p when p.code() == ErrorCode.CONTENDED_TRANSACTION -> contended.incrementAndGet();
                case QueryOutcome other -> throw new AssertionError("unexpected " + other);
              }
            } catch (Exception e) {
              throw new AssertionError(e);
            }
          }
        }, clients));
      }
      CompletableFuture.allOf(runs.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
    } finally {
      clients.shutdownNow();
    }
    assertThat(ok.get() + contended.get()).isEqualTo(threads * each);
    assertThat(ok.get()).as("most increments get through with 7 retries").isGreaterThan(threads * each / 2);
    assertThat(FqlNode.num(fql.data("C.byId('1')!.n"))).isEqualTo(ok.get());
  }
}
