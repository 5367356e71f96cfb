package io.faunus.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The CPU figures the benchmark divides by: they must count children that ended, and JIT compiler threads. */
class CpuSampleTest {
  private static final long SELF = ProcessHandle.current().pid();

  @Test
  void aProcessTreeKeepsTheTimeOfChildrenThatEnded() throws Exception {
    long childrenBefore = CpuSample.treeCpuNanos(SELF) - CpuSample.processCpuNanos(SELF);
    // A child that burns CPU and ends inside the "window", as a PostgreSQL backend or autovacuum worker may.
    Process p = new ProcessBuilder("sh", "-c", "i=0; while [ $i -lt 400000 ]; do i=$((i+1)); done").start();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    long childrenAfter = CpuSample.treeCpuNanos(SELF) - CpuSample.processCpuNanos(SELF);
    assertThat(childrenAfter - childrenBefore).as("the ended child's CPU, reaped into cutime/cstime")
        .isGreaterThanOrEqualTo(50_000_000L);
  }

  @Test
  void aJvmHasCompilerThreadsWithCpuTime() {
    // This JVM has compiled something by now (the test framework alone takes C1 and C2 time).
    assertThat(CpuSample.compilerCpuNanos(SELF)).isPositive().isLessThanOrEqualTo(CpuSample.processCpuNanos(SELF));
    assertThat(CpuSample.compilerCpuNanos(-5)).isZero();
  }
}
