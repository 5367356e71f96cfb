package io.faunus.server;

import io.faunus.model.query.QueryEngine;
import io.faunus.model.query.QueryOutcome;
import io.faunus.model.query.QueryRequest;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/** A scripted engine: answers with {@code behaviour}, remembers the last request and counts calls. */
final class FakeEngine implements QueryEngine {
  volatile Function<QueryRequest, QueryOutcome> behaviour;
  volatile boolean ready = true;
  final AtomicReference<QueryRequest> last = new AtomicReference<>();
  final AtomicInteger calls = new AtomicInteger();

  FakeEngine(Function<QueryRequest, QueryOutcome> behaviour) {
    this.behaviour = behaviour;
  }

  @Override
  public QueryOutcome execute(QueryRequest request) {
    calls.incrementAndGet();
    last.set(request);
    return behaviour.apply(request);
  }

  @Override
  public boolean ready() {
    return ready;
  }
}
