package io.faunus.log;

import static org.assertj.core.api.Assertions.assertThat;

import io.faunus.storage.Cf;
import io.faunus.storage.MemoryEngine;
import io.faunus.storage.Tuple;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@link LocalLog}'s sequencer as a task on an injected executor (what the deterministic simulation relies
 * on): nothing is ordered until the executor runs a task, one task orders one entry from everything queued
 * before it (group commit), the commit clock follows the injected wall clock, and close orders what it had
 * accepted.
 */
class LocalLogSequencerTest {
  /** Runs tasks only when the test says so, on the test's thread. */
  static final class StepExecutor extends AbstractExecutorService {
    final Queue<Runnable> tasks = new ArrayDeque<>();
    boolean shutdown;

    boolean runOne() {
      Runnable r = tasks.poll();
      if (r != null) r.run();
      return r != null;
    }

    @Override
    public void execute(Runnable task) {
      if (shutdown) throw new RejectedExecutionException("shut down");
      tasks.add(task);
    }

    @Override
    public void shutdown() {
      shutdown = true;
      while (runOne()) {
        // a real executor runs what was queued before shutdown
      }
    }

    @Override
    public List<Runnable> shutdownNow() {
      shutdown = true;
      return new ArrayList<>(tasks);
    }

    @Override
    public boolean isShutdown() {
      return shutdown;
    }

    @Override
    public boolean isTerminated() {
      return shutdown && tasks.isEmpty();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
      return isTerminated();
    }
  }

  private final StepExecutor sequencer = new StepExecutor();
  private final long[] wallMicros = {1_000_000L};
  private final MemoryEngine engine = MemoryEngine.create();
  private final LocalLog log = new LocalLog(engine, true,
      new SequencerRuntime(sequencer, () -> wallMicros[0], CompletableFuture::new));

  private static Intent write(String k) {
    return new Intent(0, List.of(), List.of(new Intent.Write(Cf.VERSIONS, Tuple.of(0L, 99L, k).encode(),
        ByteBuffer.allocate(8).putLong(1).array())));
  }

  private CompletableFuture<Outcome> submit(Intent intent) {
    return ((CommitLog.Submission.Accepted) log.submit(intent)).outcome();
  }

  @Test
  void oneTaskOrdersOneEntryFromEverythingQueuedBeforeIt() throws Exception {
    List<CompletableFuture<Outcome>> first = List.of(submit(write("a")), submit(write("b")), submit(write("c")));
    assertThat(sequencer.tasks).as("one drain queued for three intents").hasSize(1);
    assertThat(first).noneMatch(CompletableFuture::isDone);

    assertThat(sequencer.runOne()).isTrue();
    assertThat(first).allMatch(f -> f.getNow(null) instanceof Outcome.Committed);
    assertThat(log.stats().batches()).as("group commit: one batch").isEqualTo(1);
    assertThat(((Outcome.Committed) first.get(0).get()).commitMicros()).isEqualTo(wallMicros[0]);
    assertThat(sequencer.tasks).as("nothing left: no drain queued").isEmpty();

    // The wall clock stands still: the next commit still gets a later time, and reads see it settled.
    CompletableFuture<Outcome> next = submit(write("d"));
    sequencer.runOne();
    long t = ((Outcome.Committed) next.get()).commitMicros();
    assertThat(t).isGreaterThan(((Outcome.Committed) first.get(2).get()).commitMicros());
    assertThat(log.tryBeginRead()).as("past the durable read floor: the waiting path writes one first").isEmpty();
    assertThat(log.beginRead()).isGreaterThan(t);
    assertThat(log.tryBeginRead().orElseThrow()).isGreaterThan(t);
    log.close();
    engine.close();
  }

  @Test
  void moreThanAnEntryHoldsTakesOneTaskPerEntry() throws Exception {
    List<CompletableFuture<Outcome>> all = new ArrayList<>();
    for (int i = 0; i <= Entry.INTENTS_MAX; i++) all.add(submit(write("k" + i)));
    sequencer.runOne();
    assertThat(all.stream().filter(CompletableFuture::isDone)).hasSize(Entry.INTENTS_MAX);
    assertThat(sequencer.tasks).as("the drain queued its successor").hasSize(1);
    sequencer.runOne();
    assertThat(all).allMatch(CompletableFuture::isDone);
    assertThat(log.stats().batches()).isEqualTo(2);
    log.close();
    engine.close();
  }

  /**
   * Regression (found by the local-mode simulation): a read answered at R, then a restart whose wall clock
   * is behind R; later reads and commits must still be after R, or txn_ts goes backwards.
   */
  @Test
  void readTimesStayBehindEveryLaterTimeAcrossARestartWithTheClockSteppedBack() throws Exception {
    long answered = log.beginRead();
    log.close();
    wallMicros[0] -= 60_000_000L;
    StepExecutor next = new StepExecutor();
    LocalLog restarted = new LocalLog(engine, true, new SequencerRuntime(next, () -> wallMicros[0], CompletableFuture::new));
    assertThat(restarted.beginRead()).isGreaterThan(answered);
    CompletableFuture<Outcome> w = ((CommitLog.Submission.Accepted) restarted.submit(write("z"))).outcome();
    next.runOne();
    assertThat(((Outcome.Committed) w.get()).commitMicros()).isGreaterThan(answered);
    restarted.close();
    engine.close();
  }

  @Test
  void closeOrdersWhatItAcceptedAndRefusesTheRest() throws Exception {
    CompletableFuture<Outcome> accepted = submit(write("a"));
    log.close();
    assertThat(accepted.getNow(null)).isInstanceOf(Outcome.Committed.class);
    assertThat(log.submit(write("b"))).isInstanceOf(CommitLog.Submission.Rejected.class);
    engine.close();
  }
}
