package io.faunus.verify;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Concurrent clients: worker w sends to node w mod n at an even share of the total rate, until the deadline.
 * A worker whose operation ended with an unknown outcome continues as a new process (Jepsen's rule: the old
 * one may still be "running" that operation).
 */
final class Clients<V> {
  private final Workload<V> workload;
  private final Cluster cluster;
  private final Recorder<V> recorder;
  private final int workers;
  private final double opsPerSecond;
  private final long seed;

  Clients(Workload<V> workload, Cluster cluster, Recorder<V> recorder, int workers, double opsPerSecond, long seed) {
    this.workload = workload;
    this.cluster = cluster;
    this.recorder = recorder;
    this.workers = workers;
    this.opsPerSecond = opsPerSecond;
    this.seed = seed;
  }

  /**
   * Runs every worker until {@code endNs} says the run is over (System.nanoTime; it may move later while the
   * workers run, as when a fault is still being repaired), and returns once all stopped. {@code deadlineNs}, the
   * planned end, sizes the per-worker cap on operations.
   */
  void runUntil(long deadlineNs, java.util.function.LongSupplier endNs) throws InterruptedException {
    long intervalNs = (long) (workers * 1e9 / opsPerSecond);
    // A hard cap on operations per worker besides the deadline: twice what the rate allows.
    long opsMax = 2 * Math.max(1, (deadlineNs - System.nanoTime()) / Math.max(1, intervalNs)) + 10;
    List<Thread> threads = new ArrayList<>();
    for (int w = 0; w < workers; w++) {
      int worker = w;
      Thread t = new Thread(() -> loop(worker, intervalNs, opsMax, endNs), "client-" + w);
      t.setDaemon(true);
      threads.add(t);
      t.start();
    }
    for (Thread t : threads) {
      while (t.isAlive()) { // a worker ends within a request's timeout of the end, which may have moved
        long leftMs = (endNs.getAsLong() - System.nanoTime()) / 1_000_000 + NodeClient.REQUEST_TIMEOUT.toMillis() + 10_000;
        if (leftMs <= 0) break;
        t.join(leftMs);
      }
    }
  }

  private void loop(int worker, long intervalNs, long opsMax, java.util.function.LongSupplier endNs) {
    Random random = new Random(seed * 1_000_003L + worker);
    Node node = cluster.nodes.get(worker % cluster.nodes.size());
    NodeClient client = cluster.client(node);
    int process = worker;
    long next = System.nanoTime() + (long) (random.nextDouble() * intervalNs); // spread the first requests
    for (long i = 0; i < opsMax; i++) {
      long wait = next - System.nanoTime();
      if (wait > 0) {
        try {
          Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        } catch (InterruptedException e) {
          return;
        }
      }
      if (System.nanoTime() >= endNs.getAsLong()) return;
      // The schedule never bursts to catch up after a slow request.
      next = Math.max(next, System.nanoTime()) + (long) (intervalNs * (0.5 + random.nextDouble()));
      Workload.Invocation<V> inv = workload.next(random);
      if (inv == null) return;
      Op<V> invoked = recorder.invoke(process, inv.f(), inv.value(), node.id);
      Workload.Completion<V> done = workload.run(client, inv);
      recorder.complete(invoked, done.type(), done.value(), done.error());
      if (done.type() == Op.Type.INFO) {
        process += workers;
        client = cluster.client(node); // fresh connections too
      }
    }
  }
}
