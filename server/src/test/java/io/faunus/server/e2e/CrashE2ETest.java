package io.faunus.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.faunus.server.e2e.E2E.Child;
import io.faunus.server.e2e.E2E.Client;
import io.faunus.server.e2e.E2E.Resp;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Durability and atomicity across kill -9: a node in a child JVM takes two-document transactions from
 * several clients, is killed mid-load, and restarted on the same data directory, twice.
 */
class CrashE2ETest {
  static final int WRITERS = 4;
  static final int MIN_ACKS = 100;

  @TempDir
  Path dir;

  @Test
  void acknowledgedTransactionsSurviveKillMinus9AndNoneIsHalfApplied() throws Exception {
    Path data = dir.resolve("data");
    Path log = dir.resolve("node.log");
    Set<Integer> acked = ConcurrentHashMap.newKeySet();
    AtomicInteger nextBatch = new AtomicInteger();

    try (Child first = Child.start(data, log)) {
      first.client.query("Collection.create({ name: \"Pairs\" })").ok();
      loadAndKill(first, nextBatch, acked);
    }
    assertThat(acked).hasSizeGreaterThanOrEqualTo(MIN_ACKS);
    int ackedRound1 = acked.size();

    try (Child second = Child.start(data, log)) {
      assertRecovered(second.client, acked);
      loadAndKill(second, nextBatch, acked);
    }
    assertThat(acked.size() - ackedRound1).isGreaterThanOrEqualTo(MIN_ACKS);

    try (Child third = Child.start(data, log)) {
      assertRecovered(third.client, acked);
      // The recovered node still takes writes, and they commit after everything before the crash.
      Resp w = third.client.query("Pairs.create({ b: -1, side: 1 }).b").ok();
      assertThat(w.data().asInt()).isEqualTo(-1);
    }
  }

  /** Runs WRITERS clients until at least MIN_ACKS more batches are acknowledged, then kills the node. */
  private static void loadAndKill(Child node, AtomicInteger nextBatch, Set<Integer> acked) throws Exception {
    int before = acked.size();
    ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
    AtomicReference<Resp> unexpected = new AtomicReference<>();
    try {
      Future<?>[] fs = new Future<?>[WRITERS];
      for (int w = 0; w < WRITERS; w++) {
        fs[w] = pool.submit(() -> {
          Client c = node.client;
          while (node.process.isAlive()) {
            int b = nextBatch.getAndIncrement();
            Resp r;
            try {
              r = c.tryQuery("Pairs.create({ b: " + b + ", side: 1 }); Pairs.create({ b: " + b + ", side: 2 }); " + b);
            } catch (Exception e) {
              return null; // the node died under us: this batch is unknown (may or may not be committed)
            }
            if (r.status() == 200 && r.data().asInt() == b) acked.add(b);
            else unexpected.compareAndSet(null, r);
          }
          return null;
        });
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (acked.size() - before < MIN_ACKS && System.nanoTime() < deadline && unexpected.get() == null) {
        Thread.sleep(5);
      }
      node.kill(); // while the writers are still sending
      for (Future<?> f : fs) f.get(60, TimeUnit.SECONDS);
    } finally {
      pool.shutdownNow();
    }
    assertThat(unexpected.get()).as("a write failed before the kill").isNull();
    assertThat(acked.size() - before).as("acks before the kill").isGreaterThanOrEqualTo(MIN_ACKS);
  }

  private static void assertRecovered(Client c, Set<Integer> acked) {
    Resp r = c.query("Pairs.all().map(p => [p.b, p.side]).toArray()").ok();
    Map<Integer, Integer> sidesMask = new HashMap<>();
    Map<Integer, Integer> docs = new HashMap<>();
    for (JsonNode pair : r.data()) {
      int b = pair.get(0).asInt();
      int side = pair.get(1).asInt();
      assertThat(side).isIn(1, 2);
      sidesMask.merge(b, side, (x, y) -> x | y);
      docs.merge(b, 1, Integer::sum);
    }
    List<Integer> missing = acked.stream().filter(b -> !sidesMask.containsKey(b)).sorted().toList();
    assertThat(missing).as("acknowledged batches lost").isEmpty();
    List<Integer> partial = sidesMask.entrySet().stream().filter(e -> e.getValue() != 3).map(Map.Entry::getKey)
        .sorted().toList();
    assertThat(partial).as("batches with only one side (partial transactions)").isEmpty();
    assertThat(docs.values()).as("each batch has exactly two documents").allMatch(n -> n == 2);
    for (int b : acked) assertThat(sidesMask.get(b)).isEqualTo(3);
  }
}
