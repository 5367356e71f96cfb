package io.faunus.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Deterministic simulation below the log (docs/verification.md). In the Raft mode each seed runs one workload
 * on three simulated members with crashes (also inside batch writes), restarts that replay the log, clock
 * jumps and version sweeps, then checks the workload's invariants, the members' outcomes and their store
 * digests. In the local mode each seed runs one node over the production {@code LocalLog} (what
 * {@code ./faunus start} runs) with crashes (also inside the entry's batch write), restarts over the
 * recovered store, clock jumps and sweeps, and the same workloads and checkers.
 *
 * <p>The default run does {@value #RAFT_SEEDS_DEFAULT} Raft seeds and {@value #LOCAL_SEEDS_DEFAULT} local ones.
 * {@code -Dsim.log=raft|local} runs only that mode; {@code -Dsim.seeds=N} runs N seeds of it, from
 * {@code -Dsim.first=S} (default 1); {@code -Dsim.seed=S} replays one seed and prints what it did. A failing
 * seed prints its replay flags.
 */
class SimulationTest {
  static final int RAFT_SEEDS_DEFAULT = 1500;
  static final int LOCAL_SEEDS_DEFAULT = 1000;
  static final int PROGRESS_EVERY = 5000;
  /** Clients of the one local node: enough concurrency for group commit and contention. */
  static final int LOCAL_CLIENTS = 4;
  static final int OPS = Integer.getInteger("sim.ops", 30);
  /** 3 members, 6 clients, 30 operations a seed; {@code -Dsim.members=5 -Dsim.ops=200} for other shapes. */
  static final SimRun.Settings SETTINGS = new SimRun.Settings(SimRun.LogKind.RAFT, Integer.getInteger("sim.members", 3),
      2 * Integer.getInteger("sim.members", 3), OPS, true, SimRun.Bug.NONE);
  /** One node over LocalLog, {@value #LOCAL_CLIENTS} clients, 30 operations a seed. */
  static final SimRun.Settings LOCAL = new SimRun.Settings(SimRun.LogKind.LOCAL, 1, LOCAL_CLIENTS, OPS, true, SimRun.Bug.NONE);
  /** The evaluator recurses deeply; the node's query threads get a stack this large too. */
  static final long STACK_BYTES = 256L * 1024 * 1024;

  /** The mode {@code -Dsim.log} names, or null for the default run (both modes, each its own seed count). */
  private static SimRun.LogKind chosenLog() {
    String log = System.getProperty("sim.log");
    return log == null || log.isBlank() ? null : SimRun.LogKind.parse(log);
  }

  @Test
  void seedsKeepEveryInvariant() throws Exception {
    SimRun.LogKind log = chosenLog();
    assumeTrue(log == null || log == SimRun.LogKind.RAFT, "-Dsim.log=local: the local test runs");
    seeds(SETTINGS, RAFT_SEEDS_DEFAULT);
  }

  @Test
  void localLogSeedsKeepEveryInvariant() throws Exception {
    SimRun.LogKind log = chosenLog();
    assumeTrue(log == SimRun.LogKind.LOCAL || log == null && System.getProperty("sim.seed") == null,
        "-Dsim.log=raft, or one Raft seed replayed");
    seeds(LOCAL, LOCAL_SEEDS_DEFAULT);
  }

  private static void seeds(SimRun.Settings settings, int seedsDefault) throws Exception {
    String one = System.getProperty("sim.seed");
    if (one != null && !one.isBlank()) {
      SimRun.Result r = onBigStack(() -> SimRun.run(Long.parseLong(one.trim()), settings));
      System.out.println(r.explain());
      assertThat(r.passed()).as(r.explain()).isTrue();
      return;
    }
    int seeds = Integer.getInteger("sim.seeds", seedsDefault);
    long first = Long.getLong("sim.first", 1);
    List<SimRun.Result> failed = new ArrayList<>();
    Map<String, Integer> events = new TreeMap<>();
    Map<String, Integer> okByWorkload = new TreeMap<>();
    long start = System.nanoTime();
    List<SimRun.Result> results = onBigStack(() -> {
      List<SimRun.Result> all = new ArrayList<>();
      for (long seed = first; seed < first + seeds; seed++) {
        SimRun.Result r = SimRun.run(seed, settings);
        all.add(r);
        if (!r.passed()) System.out.println("sim: FAILED " + r.explain()); // at once: a long run may be cut short
        if ((seed - first + 1) % PROGRESS_EVERY == 0) {
          System.out.printf("sim: %d seeds done, %d failed so far%n", seed - first + 1, all.stream().filter(x -> !x.passed()).count());
        }
      }
      return all;
    });
    for (SimRun.Result r : results) {
      if (!r.passed()) failed.add(r);
      r.events().forEach((k, v) -> events.merge(k, v, Integer::sum));
      okByWorkload.merge(r.workload(), r.ok(), Integer::sum);
    }
    System.out.printf("sim: log=%s %d seeds from %d in %d ms, %d failed; ok operations %s; events %s%n",
        settings.log(), seeds, first, (System.nanoTime() - start) / 1_000_000, failed.size(), okByWorkload, events);
    assertThat(failed).as("failing seeds (replay each with -Dsim.seed=...)").isEmpty();
    // The run must have done what it claims: every workload committed work, and every fault happened.
    if (seeds >= 100) {
      assertThat(okByWorkload.keySet()).hasSize(SimRun.WORKLOADS.size());
      assertThat(okByWorkload.values()).allSatisfy(ok -> assertThat(ok).isGreaterThan(seeds));
      assertThat(events).containsKeys("crash", "crash-in-write", "restart", "clock-jump", "sweep");
      if (settings.log() == SimRun.LogKind.RAFT) assertThat(events).containsKey("orphans-ordered");
    }
  }

  @Test
  void aSeedReplaysExactly() throws Exception {
    replays(SETTINGS, 3, 4);
  }

  @Test
  void aLocalLogSeedReplaysExactly() throws Exception {
    replays(LOCAL, 3, 4);
  }

  private static void replays(SimRun.Settings settings, long... seeds) throws Exception {
    for (long seed : seeds) {
      SimRun.Result a = onBigStack(() -> SimRun.run(seed, settings));
      SimRun.Result b = onBigStack(() -> SimRun.run(seed, settings));
      assertThat(a.ok()).as("the seed did some work").isPositive();
      assertThat(b.line()).isEqualTo(a.line());
      assertThat(b.historyHash()).isEqualTo(a.historyHash());
    }
  }

  /**
   * The negative control: with reads that skip the read barrier (a stale replica answers), the list-append
   * checker must find real-time anomalies within a few seeds; a simulator that cannot see this bug proves
   * nothing with its passing seeds.
   */
  @Test
  void plantedStaleReadsAreCaught() throws Exception {
    SimRun.Settings stale = new SimRun.Settings(SimRun.LogKind.RAFT, 3, 6, 40, true, SimRun.Bug.STALE_READS);
    List<SimRun.Result> results = onBigStack(() -> {
      List<SimRun.Result> all = new ArrayList<>();
      for (long seed = 1; seed <= 40; seed++) all.add(SimRun.run(seed, stale, new ListAppendWorkload()));
      return all;
    });
    List<SimRun.Result> caught = results.stream().filter(r -> r.verdict().validity() == Verdict.Validity.INVALID).toList();
    System.out.println("sim: planted stale reads caught in " + caught.size() + " of " + results.size() + " seeds, e.g. "
        + (caught.isEmpty() ? "none" : caught.get(0).explain()));
    assertThat(caught).isNotEmpty();
    assertThat(caught.get(0).verdict().anomalies()).anySatisfy(a -> assertThat(a.type()).contains("realtime"));
  }

  /**
   * The local log's negative control: a log that answers commits before their batch is durable (written
   * unsynced, over a store that survives crashes) loses answered writes when the process crashes; the set
   * checker must report them lost within a few seeds.
   */
  @Test
  void plantedAcksBeforeDurabilityAreCaught() throws Exception {
    SimRun.Settings unsynced = new SimRun.Settings(SimRun.LogKind.LOCAL, 1, LOCAL_CLIENTS, 40, true,
        SimRun.Bug.ACK_BEFORE_DURABLE);
    List<SimRun.Result> results = onBigStack(() -> {
      List<SimRun.Result> all = new ArrayList<>();
      for (long seed = 1; seed <= 40; seed++) all.add(SimRun.run(seed, unsynced, new SetWorkload()));
      return all;
    });
    List<SimRun.Result> caught = results.stream().filter(r -> r.verdict().validity() == Verdict.Validity.INVALID).toList();
    System.out.println("sim: planted acks before durability caught in " + caught.size() + " of " + results.size()
        + " seeds, e.g. " + (caught.isEmpty() ? "none" : caught.get(0).explain()));
    assertThat(caught).isNotEmpty();
    assertThat(caught.get(0).verdict().anomalies()).anySatisfy(a -> assertThat(a.type()).isEqualTo("lost"));
  }

  static <T> T onBigStack(Supplier<T> work) throws InterruptedException {
    AtomicReference<T> result = new AtomicReference<>();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread t = new Thread(null, () -> {
      try {
        result.set(work.get());
      } catch (Throwable e) {
        failure.set(e);
      }
    }, "simulation", STACK_BYTES);
    t.start();
    t.join();
    if (failure.get() instanceof RuntimeException e) throw e;
    if (failure.get() instanceof Error e) throw e;
    return result.get();
  }
}
