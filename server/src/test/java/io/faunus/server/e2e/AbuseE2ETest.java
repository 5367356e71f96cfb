package io.faunus.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.faunus.server.ConnectionLimits;
import io.faunus.server.e2e.E2E.InProcess;
import io.faunus.server.e2e.E2E.Resp;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Many hostile clients at once (issue "step 7", how it is checked): thousands of idle connections and a flood
 * of slow queries. The node must answer everything with a result or a 4xx/429/503, stay up, and keep serving
 * legitimate queries while it happens. Every wait is bounded; the bounds are generous because CI machines are
 * busy, and no assertion is about speed.
 */
class AbuseE2ETest {
  static final long BOUND_MS = 60_000;
  static final int IDLE_CONNECTIONS = 2_000;

  InProcess db;

  @AfterEach
  void stop() {
    if (db != null) db.close();
  }

  @Test
  void thousandsOfIdleConnectionsAreClosedAndQueriesGoOnMeanwhile() throws Exception {
    db = InProcess.start(null, true, c -> c.withConnections(new ConnectionLimits(2_000, 30_000, 4096)),
        UnaryOperator.identity());
    db.query("Collection.create({ name: 'Notes' })").ok();
    List<RawHttp> idle = new ArrayList<>();
    try {
      for (int i = 0; i < IDLE_CONNECTIONS; i++) {
        RawHttp c = new RawHttp(db.server.port());
        // Half asked once and idle on keep-alive, half connected and never said anything.
        if (i % 2 == 0) assertThat(c.exchange("GET", "/ping", "").status()).isEqualTo(200);
        idle.add(c);
      }
      for (int i = 0; i < 20; i++) {
        assertThat(db.query("Notes.create({ n: " + i + " }); Notes.all().count()").ok().data().asInt()).isEqualTo(i + 1);
      }
      for (RawHttp c : idle) assertThat(c.closedWithin(BOUND_MS)).isTrue();
      assertThat(db.query("Notes.all().count()").ok().data().asInt()).isEqualTo(20);
    } finally {
      for (RawHttp c : idle) c.close();
    }
  }

  @Test
  void aFloodOfSlowQueriesIsAnsweredAndWritesAndReadsGoOn() throws Exception {
    db = InProcess.start(null, true);
    db.query("Collection.create({ name: 'Orders' })").ok();
    int floodClients = 48, perClient = 3;
    Set<Integer> floodStatuses = ConcurrentHashMap.newKeySet();
    ExecutorService pool = Executors.newFixedThreadPool(floodClients + 1);
    try {
      List<Future<?>> flood = new ArrayList<>();
      for (int c = 0; c < floodClients; c++) {
        flood.add(pool.submit(() -> {
          for (int i = 0; i < perClient; i++) {
            Resp r = db.query("Set.sequence(0, 1000000000).fold(0, (a, i) => a + i)", "x-query-timeout-ms", "1500");
            floodStatuses.add(r.status());
          }
          return null;
        }));
      }
      // Meanwhile a legitimate client writes and reads; each answer may wait behind the flood, never fail.
      Future<Integer> legit = pool.submit(() -> {
        int done = 0;
        for (int i = 0; i < 10; i++) {
          Resp w = db.query("Orders.create({ n: " + i + " }); Orders.all().count()");
          assertThat(w.status()).as("%s", w).isEqualTo(200);
          done = w.data().asInt();
        }
        return done;
      });
      assertThat(legit.get(BOUND_MS * 2, TimeUnit.MILLISECONDS)).isEqualTo(10);
      for (Future<?> f : flood) f.get(BOUND_MS * 2, TimeUnit.MILLISECONDS);
    } finally {
      pool.shutdownNow();
    }
    // Every slow query was cut at its deadline (440) or refused (429 or 503 when queues were full): none ran on.
    assertThat(floodStatuses).isNotEmpty().allSatisfy(s -> assertThat(s).isIn(440, 429, 503));
    assertThat(db.query("Orders.all().count()").ok().data().asInt()).isEqualTo(10);
  }
}
