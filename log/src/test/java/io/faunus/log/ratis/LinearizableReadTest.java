package io.faunus.log.ratis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faunus.log.CommitLog.UnavailableException;
import io.faunus.log.ratis.LinearizableRead.Leadership;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** When a read asks its server again, and when it waits (finding 10 and finding 6 of docs/verification.md). */
class LinearizableReadTest {
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

  @AfterEach
  void stop() {
    timer.shutdownNow();
  }

  /** A fake server: attempt {@code i} is answered as {@code answer} says; the leadership is set by the test. */
  private static final class FakeServer implements LinearizableRead.Server {
    final List<CompletableFuture<Long>> attempts = new CopyOnWriteArrayList<>();
    final Function<Integer, CompletableFuture<Long>> answer;
    volatile Leadership leadership = new Leadership(1, "n3");

    FakeServer(Function<Integer, CompletableFuture<Long>> answer) {
      this.answer = answer;
    }

    @Override
    public CompletableFuture<Long> send() {
      CompletableFuture<Long> f = answer.apply(attempts.size());
      attempts.add(f);
      return f;
    }

    @Override
    public Leadership leadership() {
      return leadership;
    }
  }

  @Test
  void anAttemptLostWithItsLeaderIsAskedAgainOfTheNewOne() {
    // The first attempt went to a leader that died: never answered. The second is answered at once.
    FakeServer s = new FakeServer(i -> i == 0 ? new CompletableFuture<>() : CompletableFuture.completedFuture(42L));
    timer.schedule(() -> s.leadership = new Leadership(2, "n2"), 300, TimeUnit.MILLISECONDS);
    long began = System.nanoTime();
    assertThat(LinearizableRead.await(s, 5_000)).isEqualTo(42L);
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began)).as("well before the budget").isLessThan(4_000);
    assertThat(s.attempts).hasSize(2);
  }

  @Test
  void aSlowAttemptUnderOneLeaderIsWaitedForNotAskedAgain() {
    CompletableFuture<Long> slow = new CompletableFuture<>();
    FakeServer s = new FakeServer(i -> slow);
    timer.schedule(() -> slow.complete(7L), 1_500, TimeUnit.MILLISECONDS);
    assertThat(LinearizableRead.await(s, 5_000)).isEqualTo(7L);
    assertThat(s.attempts).as("one attempt: asking again would add load to a loaded node").hasSize(1);
  }

  @Test
  void anAttemptUnansweredPastTheForwardDeadlineIsAskedAgainUnderTheSameLeader() {
    // A forward that failed in the transport (a reset connection) loses the reply with the leader unchanged.
    FakeServer s = new FakeServer(i -> i == 0 ? new CompletableFuture<>() : CompletableFuture.completedFuture(11L));
    long began = System.nanoTime();
    assertThat(LinearizableRead.await(s, 5_000)).isEqualTo(11L);
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began)).isBetween(LinearizableRead.FORWARD_LOST_MS, 4_000L);
    assertThat(s.attempts).hasSize(2);
  }

  @Test
  void anEarlierAttemptAnsweredFirstWins() {
    CompletableFuture<Long> first = new CompletableFuture<>(), second = new CompletableFuture<>();
    FakeServer s = new FakeServer(i -> i == 0 ? first : second);
    timer.schedule(() -> s.leadership = new Leadership(2, null), 100, TimeUnit.MILLISECONDS); // an election began
    timer.schedule(() -> first.complete(5L), 600, TimeUnit.MILLISECONDS); // the old leader answered after all
    assertThat(LinearizableRead.await(s, 5_000)).isEqualTo(5L);
    assertThat(s.attempts).hasSize(2);
  }

  @Test
  void refusalsAreRetriedUntilAnAnswer() {
    FakeServer s = new FakeServer(i -> i < 3
        ? CompletableFuture.failedFuture(new IllegalStateException("Leader is unknown."))
        : CompletableFuture.completedFuture(9L));
    assertThat(LinearizableRead.await(s, 5_000)).isEqualTo(9L);
    assertThat(s.attempts).hasSize(4);
  }

  @Test
  void noAnswerWithinTheBudgetIsUnavailable() {
    FakeServer silent = new FakeServer(i -> new CompletableFuture<>());
    assertThatThrownBy(() -> LinearizableRead.await(silent, 5_000)).isInstanceOf(UnavailableException.class)
        .hasMessageContaining("could not confirm a read with the cluster in time");
    assertThat(silent.attempts).as("asked again once per forward deadline").hasSize(2);

    FakeServer refusing = new FakeServer(i -> CompletableFuture.failedFuture(new IllegalStateException("no leader")));
    assertThatThrownBy(() -> LinearizableRead.await(refusing, 300)).isInstanceOf(UnavailableException.class)
        .hasMessageContaining("could not confirm a read with the cluster: ").hasMessageContaining("no leader");
    assertThat(refusing.attempts.size()).as("about one per %d ms", LinearizableRead.RETRY_MS).isBetween(2, 5);
  }

  @Test
  void leadersThatKeepChangingLeaveABoundedNumberOfAttemptsWaiting() {
    FakeServer s = new FakeServer(i -> new CompletableFuture<>());
    var flapping = timer.scheduleAtFixedRate(() -> s.leadership = new Leadership(s.leadership.term() + 1, "n1"),
        10, 10, TimeUnit.MILLISECONDS);
    assertThatThrownBy(() -> LinearizableRead.await(s, 1_500)).isInstanceOf(UnavailableException.class);
    flapping.cancel(true);
    assertThat(s.attempts).hasSize(LinearizableRead.UNANSWERED_MAX + 1);
  }
}
