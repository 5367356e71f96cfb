package io.faunus.verify;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.TimeUnit;

/** A node's background executor in the simulation: tasks wait until the simulator runs one (no threads). */
final class SimExecutor extends AbstractExecutorService {
  private final Queue<Runnable> tasks = new ArrayDeque<>();
  private boolean shutdown;

  /** Runs the oldest task, if any; true when one ran. */
  boolean runOne() {
    Runnable r = tasks.poll();
    if (r == null) return false;
    r.run();
    return true;
  }

  @Override
  public void execute(Runnable command) {
    if (!shutdown) tasks.add(command);
  }

  @Override
  public void shutdown() {
    shutdown = true;
  }

  @Override
  public List<Runnable> shutdownNow() {
    shutdown = true;
    List<Runnable> left = List.copyOf(tasks);
    tasks.clear();
    return left;
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
