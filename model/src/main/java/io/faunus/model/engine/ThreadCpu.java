package io.faunus.model.engine;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/** The calling thread's CPU time (user + system), for budgets that descheduling must not eat into. */
final class ThreadCpu {
  private ThreadCpu() {}

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final boolean SUPPORTED = THREADS.isCurrentThreadCpuTimeSupported();

  /** Nanoseconds of CPU time of the calling thread, or -1 when this JVM cannot tell. */
  static long nowNanos() {
    if (!SUPPORTED) return -1;
    try {
      return THREADS.getCurrentThreadCpuTime();
    } catch (UnsupportedOperationException e) { // CPU time measurement switched off at run time
      return -1;
    }
  }
}
