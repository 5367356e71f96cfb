package io.faunus.log;

import static org.assertj.core.api.Assertions.assertThat;

import io.faunus.storage.Batch;
import io.faunus.storage.Cf;
import io.faunus.storage.Engine;
import io.faunus.storage.MemoryEngine;
import io.faunus.storage.Snapshot;
import io.faunus.storage.Tuple;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link LocalLog#submitHere}: a lone write is ordered and written on the caller's thread, only then. */
@Timeout(60)
class LocalLogWriteHereTest {
  private final TracedEngine engine = new TracedEngine();
  private final LocalLog log = new LocalLog(engine, false);

  @AfterEach
  void close() {
    log.close();
    engine.close();
  }

  /** Records which thread wrote each of the log's entries; can hold one inside its write, or slow every one. */
  private static final class TracedEngine implements Engine {
    final Engine inner = MemoryEngine.create();
    final List<String> writers = new CopyOnWriteArrayList<>();
    volatile CountDownLatch entered;
    volatile CountDownLatch release;
    volatile long writeSleepMs;

    public byte[] get(Cf cf, byte[] key) { return inner.get(cf, key); }

    public void write(Batch batch, boolean sync) {
      long before = inner.appliedIndex();
      inner.write(batch, sync);
      if (inner.appliedIndex() == before) return; // a reader's read-time floor, not one of the log's entries
      writers.add(Thread.currentThread().getName());
      CountDownLatch hold = release;
      try {
        if (hold != null) {
          release = null;
          entered.countDown();
          hold.await();
        }
        if (writeSleepMs > 0) Thread.sleep(writeSleepMs);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    public Snapshot snapshot() { return inner.snapshot(); }
    public long appliedIndex() { return inner.appliedIndex(); }
    public void checkpoint(Path dir) { inner.checkpoint(dir); }
    public void close() { inner.close(); }
  }

  private Intent write(String k) throws InterruptedException {
    return new Intent(log.beginRead(), List.of(), List.of(new Intent.Write(Cf.VERSIONS, Tuple.of(0L, 9L, k).encode(), new byte[] {1})));
  }

  private static Outcome outcome(CommitLog.Submission s) throws Exception {
    assertThat(s).isInstanceOf(CommitLog.Submission.Accepted.class);
    return ((CommitLog.Submission.Accepted) s).outcome().get(20, TimeUnit.SECONDS);
  }

  @Test
  void aLoneWriteIsWrittenAndSettledOnTheCallingThread() throws Exception {
    for (int i = 0; i < 3; i++) {
      CommitLog.Submission s = log.submitHere(write("k" + i));
      assertThat(((CommitLog.Submission.Accepted) s).outcome()).as("settled before submitHere returns").isDone();
      assertThat(outcome(s)).isInstanceOf(Outcome.Committed.class);
    }
    assertThat(engine.writers).containsOnly(Thread.currentThread().getName()).hasSize(3);
    assertThat(log.stats().commits()).isEqualTo(3);
    assertThat(log.stats().batches()).isEqualTo(3);
  }

  @Test
  void aWriteBehindABusySequencerWaitsForItsTurnThere() throws Exception {
    engine.entered = new CountDownLatch(1);
    engine.release = new CountDownLatch(1);
    CountDownLatch release = engine.release;
    Intent later = write("second"); // its read time now: a read barrier would wait for the held entry
    CommitLog.Submission first = log.submit(write("first"));
    assertThat(engine.entered.await(10, TimeUnit.SECONDS)).isTrue(); // the sequencer is inside the first write
    CommitLog.Submission second = log.submitHere(later);
    assertThat(((CommitLog.Submission.Accepted) second).outcome()).as("queued behind the running entry").isNotDone();
    release.countDown();
    long t1 = ((Outcome.Committed) outcome(first)).commitMicros();
    long t2 = ((Outcome.Committed) outcome(second)).commitMicros();
    assertThat(t2).isGreaterThan(t1);
    assertThat(engine.writers).containsOnly("faunus-sequencer");
  }

  @Test
  void slowWritesStayOnTheSequencer() throws Exception {
    engine.writeSleepMs = 3; // above WRITE_HERE_MAX_NANOS: the caller (an event loop) must not wait this long
    for (int i = 0; i < 8; i++) outcome(log.submit(write("warm" + i)));
    engine.writers.clear();
    CommitLog.Submission s = log.submitHere(write("slow"));
    assertThat(outcome(s)).isInstanceOf(Outcome.Committed.class);
    assertThat(engine.writers).containsExactly("faunus-sequencer");
  }
}
