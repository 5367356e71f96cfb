package io.faunus.verify;

import io.faunus.log.Outcome;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The outcome of an intent in the simulation. The node waits for it with {@code get} as it waits for the
 * real log; here waiting means letting the simulator run (other clients' queries, ordering, applies, faults)
 * until the outcome is known, all on one thread. The timeout counts simulator steps, not real time.
 */
final class SimFuture extends CompletableFuture<Outcome> {
  private final SimWorld cluster;

  SimFuture(SimWorld cluster) {
    this.cluster = cluster;
  }

  @Override
  public Outcome get() throws InterruptedException, ExecutionException {
    cluster.runUntil(this::isDone);
    return super.get();
  }

  @Override
  public Outcome get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
    if (!cluster.runUntil(this::isDone)) throw new TimeoutException("no outcome within the simulation's step bound");
    return super.get();
  }
}
