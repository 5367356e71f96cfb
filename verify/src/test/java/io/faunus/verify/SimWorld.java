package io.faunus.verify;

import io.faunus.model.engine.CursorTokens;
import io.faunus.node.Node;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BooleanSupplier;

/**
 * What one seed of the simulation runs on, whichever log is simulated ({@link SimCluster}: members over a
 * Raft-like log; {@link SimLocal}: one node over the production {@code LocalLog}): the simulated wall clock,
 * the seeded scheduler's wait loop, the members' nodes as the clients see them, the counted events and the
 * violations of the simulator's own invariants. Everything runs on the calling thread.
 */
abstract class SimWorld {
  static final String SECRET = "sim-root-secret";
  /** 2026-01-01T00:00:00Z: the simulated wall clock starts here. */
  static final long START_NANOS = 1_767_225_600_000_000_000L;
  /** A wait (for an outcome) longer than this many steps is a liveness failure, not a slow run. */
  static final int STEPS_PER_WAIT_MAX = 200_000;
  /** Largest clock jump, either way. */
  static final long CLOCK_JUMP_MAX_MICROS = 120_000_000L;
  /** Simulated time between two steps at most, and in one quiet spell at most. */
  static final int STEP_NANOS_MAX = 2_000_000;
  static final long QUIET_NANOS_MAX = 2_000_000_000L;
  /** The share of steps (percent) that start a client's query when one can start. */
  static final int CLIENT_START_PERCENT = 30;
  /** Violations kept per seed; more would say nothing new. */
  static final int VIOLATIONS_MAX = 20;

  /** Starts a client operation when the scheduler says so; false if none could start. */
  interface Clients {
    boolean tryStart();
  }

  final Random random;
  final boolean faults;
  final List<String> violations = new ArrayList<>();
  final Map<String, Integer> events = new LinkedHashMap<>();
  /** Nodes of crashed incarnations: closed at the end (their stores were replaced by recovered copies). */
  final List<Node> retired = new ArrayList<>();
  long nowNanos = START_NANOS;
  Clients clients = () -> false;
  /** False once the load stopped (and during setup): no more faults. */
  boolean faultsOn;

  SimWorld(Random random, boolean faults) {
    this.random = random;
    this.faults = faults;
    this.faultsOn = faults;
  }

  long nowNanos() {
    return nowNanos;
  }

  long nowMicros() {
    return nowNanos / 1_000L;
  }

  void count(String event) {
    events.merge(event, 1, Integer::sum);
  }

  void violation(String what) {
    if (violations.size() < VIOLATIONS_MAX) violations.add(what);
  }

  /** The largest txn_ts any query was answered with so far. */
  long txnTsAnsweredMax = Long.MIN_VALUE;

  /**
   * Real-time order of answers: a query that began after another was answered gets a txn_ts at least as
   * late, and strictly later where {@link #txnTsStrictlyIncreases()} (conventions: on one node every query
   * takes a fresh tick).
   *
   * @param answeredBefore {@link #txnTsAnsweredMax} when the query began
   */
  void answered(long answeredBefore, long txnTs) {
    if (txnTs < answeredBefore || txnTs == answeredBefore && txnTsStrictlyIncreases()) {
      violation("txn_ts went backwards: a query answered at " + txnTs + " began after one answered at " + answeredBefore);
    }
    txnTsAnsweredMax = Math.max(txnTsAnsweredMax, txnTs);
  }

  /**
   * True where every query takes a fresh tick of one clock (one node); a cluster's reads are at the last
   * applied commit, so two reads of the same state share a time there.
   */
  abstract boolean txnTsStrictlyIncreases();

  void recordInternalError(String what) {
    violation("internal error: " + what);
  }

  /** Runs steps until {@code done}; false (and a violation) if it did not happen within the bound. */
  boolean runUntil(BooleanSupplier done) {
    for (int i = 0; i < STEPS_PER_WAIT_MAX; i++) {
      if (done.getAsBoolean()) return true;
      step();
    }
    if (done.getAsBoolean()) return true;
    violation("liveness: a wait took more than " + STEPS_PER_WAIT_MAX + " steps");
    return false;
  }

  /** A clock jump of up to {@link #CLOCK_JUMP_MAX_MICROS} either way. */
  long clockJumpMicros() {
    count("clock-jump");
    return random.nextLong(2 * CLOCK_JUMP_MAX_MICROS + 1) - CLOCK_JUMP_MAX_MICROS;
  }

  /** A fresh cursor key from the seed (the node's only other source of randomness). */
  byte[] newKey() {
    byte[] key = new byte[CursorTokens.KEY_BYTES];
    random.nextBytes(key);
    return key;
  }

  /**
   * One scheduling decision: up to 2 ms pass, then (percent rolls) a client may start a query
   * ({@link #CLIENT_START_PERCENT}), else the log-specific step for the same roll runs.
   */
  final void step() {
    nowNanos += random.nextInt(STEP_NANOS_MAX);
    int roll = random.nextInt(100);
    if (roll < CLIENT_START_PERCENT && clients.tryStart()) return;
    stepBelowClients(roll);
  }

  /** The rest of {@link #step} for a roll in [0, 100): ordering, applying, background work, faults. */
  abstract void stepBelowClients(int roll);

  /** A quiet spell: up to {@link #QUIET_NANOS_MAX} pass at once. */
  void quietSpell() {
    nowNanos += random.nextLong(QUIET_NANOS_MAX);
  }

  /** How many members the clients spread over. */
  abstract int memberCount();

  /** The member's running node, or null while it is down. */
  abstract Node node(int member);

  abstract String name(int member);

  /** After the load: every member runs, everything submitted is ordered and applied, no more faults. */
  abstract void heal();

  /** After the heal: checks the stores (every member applied everything, replicas agree); returns a digest. */
  abstract String digest();

  /** Shuts every node down, the retired ones too. */
  void close() {
    for (int i = 0; i < memberCount(); i++) if (node(i) != null) retired.add(node(i));
    for (Node n : retired) {
      try {
        n.close();
      } catch (RuntimeException e) {
        // A retired node's store may already be closed; nothing to release.
      }
    }
  }
}
