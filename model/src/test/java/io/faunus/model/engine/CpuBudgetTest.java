package io.faunus.model.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faunus.model.eval.DocAccess;
import io.faunus.model.eval.QueryError;
import io.faunus.model.query.ErrorCode;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An inline run's budget is the CPU time its thread spends ({@link EvalContext#limitCpu}): time the thread spends
 * descheduled does not count (giving the run up there would only evaluate it twice), CPU time does, and the
 * query's own deadline still holds. Sleeping stands in for being descheduled: both leave the thread's CPU clock
 * alone, and a loaded machine can only make a sleep longer, never shorter, so none of this depends on timing.
 */
class CpuBudgetTest {
  private static final long BUDGET_NANOS = 2_000_000L;

  private static EvalContext context(long timeoutMs) {
    return new EvalContext(List.of(), System.nanoTime(), timeoutMs, Instant.EPOCH, () -> 1L, null,
        EvalContext.Schema.NONE, DocAccess.NONE);
  }

  @Test
  void timeSpentDescheduledDoesNotUseTheBudget() throws InterruptedException {
    EvalContext ctx = context(60_000);
    ctx.limitCpu(BUDGET_NANOS);
    Thread.sleep(20); // ten budgets of wall time, next to no CPU time
    ctx.checkDeadline(); // does not throw
  }

  @Test
  void cpuTimeDoes() {
    EvalContext ctx = context(60_000);
    ctx.limitCpu(BUDGET_NANOS);
    long start = ThreadCpu.nowNanos();
    assertThat(start).as("this JVM reads the thread's CPU clock").isNotNegative();
    long spins = 0;
    while (ThreadCpu.nowNanos() - start <= 2 * BUDGET_NANOS) spins++; // twice the budget, on the CPU
    assertThat(spins).isPositive();
    assertThatThrownBy(ctx::checkDeadline).isInstanceOfSatisfying(QueryError.class,
        e -> assertThat(e.code()).isEqualTo(ErrorCode.TIME_OUT));
  }

  @Test
  void theDeadlineStillHoldsUnderABudget() throws InterruptedException {
    EvalContext ctx = context(2); // 2 ms: past it after the sleep, whatever the budget
    ctx.limitCpu(60_000_000_000L);
    Thread.sleep(10);
    assertThatThrownBy(ctx::checkDeadline).isInstanceOfSatisfying(QueryError.class,
        e -> assertThat(e.code()).isEqualTo(ErrorCode.TIME_OUT));
  }

  @Test
  void aBudgetIsPositive() {
    assertThatThrownBy(() -> context(60_000).limitCpu(0)).isInstanceOf(IllegalArgumentException.class);
  }
}
