package io.faunus.server.transport;

import io.netty.util.ResourceLeakDetector;

/**
 * Netty's buffer leak detector in a running node. Its default level (SIMPLE) records a stack trace for one
 * buffer in 128, and {@code fill_in_stack_trace} showed in the read path's native profile (about 1.5% of the
 * server's CPU, docs/benchmarks.md). Tests keep the default: they are where leaks are found.
 */
public final class LeakDetection {
  private LeakDetection() {}

  /** Netty's own system property; when set, the operator asked for a level and it is kept. */
  static final String PROPERTY = "io.netty.leakDetection.level";

  /** For the launchers ({@code faunus start}, the benchmark's server): off unless {@link #PROPERTY} says otherwise. */
  public static void productionDefault() {
    if (System.getProperty(PROPERTY) == null) ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
  }
}
