package io.faunus.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.junit.jupiter.api.Test;

/** The refusals every queueing log gives through {@link Pending#enqueue}. */
class PendingTest {
  private static final Intent EMPTY = new Intent(0, List.of(), List.of());

  @Test
  void acceptsUntilTheQueueIsFullThenRefusesBusy() {
    BlockingQueue<Pending> queue = new ArrayBlockingQueue<>(2);
    CommitLog.Submission a = Pending.enqueue(queue, false, EMPTY);
    CommitLog.Submission b = Pending.enqueue(queue, false, EMPTY);
    CommitLog.Submission c = Pending.enqueue(queue, false, EMPTY);
    assertThat(a).isInstanceOf(CommitLog.Submission.Accepted.class);
    assertThat(b).isInstanceOf(CommitLog.Submission.Accepted.class);
    assertThat(c).isEqualTo(new CommitLog.Submission.Rejected(CommitLog.Refusal.BUSY, "Too many pending requests"));
    assertThat(queue).hasSize(2);
    // The future handed back is the one the ordering thread completes.
    assertThat(((CommitLog.Submission.Accepted) a).outcome()).isSameAs(queue.peek().result());
  }

  @Test
  void refusesUnavailableWhileClosingAndQueuesNothing() {
    BlockingQueue<Pending> queue = new ArrayBlockingQueue<>(2);
    CommitLog.Submission s = Pending.enqueue(queue, true, EMPTY);
    assertThat(s).isInstanceOf(CommitLog.Submission.Rejected.class);
    assertThat(((CommitLog.Submission.Rejected) s).reason()).isEqualTo(CommitLog.Refusal.UNAVAILABLE);
    assertThat(queue).isEmpty();
  }
}
