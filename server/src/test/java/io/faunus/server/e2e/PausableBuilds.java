package io.faunus.server.e2e;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A node's index-build thread that a test can hold back: while paused, queued builds wait before they start
 * (so a staged schema stays {@code pending} for as long as the test needs, however fast the machine). The
 * builds themselves are the node's own, unchanged. A held build waits at most {@link #HOLD_MAX_S} seconds, so a
 * test that forgets to resume does not hang the suite.
 */
final class PausableBuilds extends ThreadPoolExecutor {
  static final long HOLD_MAX_S = 120;
  private boolean paused = true;

  /** Starts paused. */
  PausableBuilds() {
    super(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), r -> {
      Thread t = new Thread(r, "test-index-builder");
      t.setDaemon(true);
      return t;
    });
  }

  synchronized void pause() {
    paused = true;
  }

  synchronized void resume() {
    paused = false;
    notifyAll();
  }

  @Override
  protected void beforeExecute(Thread t, Runnable r) {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(HOLD_MAX_S);
    synchronized (this) {
      while (paused && System.nanoTime() < until) {
        try {
          wait(100);
        } catch (InterruptedException e) { // the node is closing: let the build see it and stop
          t.interrupt();
          return;
        }
      }
    }
  }
}
