package io.faunus.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.Test;

/** Hand-offs made while a group is answered reach each target once, at the end, in order; none is lost. */
class AnswerBatchTest {
  /** An executor that only records what it was given; the test runs the tasks when it wants. */
  static final class Recording implements Executor {
    final List<Runnable> given = new ArrayList<>();

    @Override
    public void execute(Runnable task) {
      given.add(task);
    }

    void runAll() {
      List<Runnable> now = List.copyOf(given);
      given.clear();
      now.forEach(Runnable::run);
    }
  }

  @Test
  void aGroupsContinuationsReachEachTargetOnceInOrder() {
    Recording loopA = new Recording(), loopB = new Recording();
    List<CompletableFuture<Integer>> commits = new ArrayList<>();
    List<String> ran = new ArrayList<>();
    List<CompletableFuture<Void>> answers = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      CompletableFuture<Integer> c = new CompletableFuture<>();
      commits.add(c);
      Executor loop = AnswerBatch.batched(i % 2 == 0 ? loopA : loopB);
      answers.add(c.thenAcceptAsync(v -> ran.add((v % 2 == 0 ? "A" : "B") + v), loop));
    }
    AnswerBatch.deliverTogether(() -> {
      for (int i = 0; i < commits.size(); i++) commits.get(i).complete(i);
      assertThat(loopA.given).as("nothing handed over while the group is answered").isEmpty();
    });
    assertThat(loopA.given).as("one hand-off per target").hasSize(1);
    assertThat(loopB.given).hasSize(1);
    loopA.runAll();
    loopB.runAll();
    assertThat(ran).containsExactly("A0", "A2", "A4", "B1", "B3", "B5");
    assertThat(answers).allMatch(CompletableFuture::isDone);
  }

  @Test
  void outsideAGroupTasksGoStraightToTheTarget() {
    Recording loop = new Recording();
    AnswerBatch.batched(loop).execute(() -> {});
    assertThat(loop.given).hasSize(1);
  }

  @Test
  void aStoppedTargetsTasksRunOnTheCallerAndAFailureDoesNotStopTheOthers() {
    Executor stopped = task -> {
      throw new RejectedExecutionException("stopped");
    };
    List<Integer> ran = new ArrayList<>();
    assertThatThrownBy(() -> AnswerBatch.deliverTogether(() -> {
      Executor b = AnswerBatch.batched(stopped);
      b.execute(() -> ran.add(1));
      b.execute(() -> {
        throw new IllegalStateException("second");
      });
      b.execute(() -> ran.add(3));
    })).isInstanceOf(IllegalStateException.class).hasMessage("second");
    assertThat(ran).containsExactly(1, 3);
  }

  @Test
  void nestedGroupsDeliverAtTheOuterEnd() {
    Recording loop = new Recording();
    Executor b = AnswerBatch.batched(loop);
    AnswerBatch.deliverTogether(() -> {
      AnswerBatch.deliverTogether(() -> b.execute(() -> {}));
      assertThat(loop.given).isEmpty();
      b.execute(() -> {});
    });
    assertThat(loop.given).hasSize(1);
  }
}
