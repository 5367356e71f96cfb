package io.faunus.verify;

import io.faunus.log.Applier;
import io.faunus.log.CommitLog;
import io.faunus.log.Entry;
import io.faunus.log.Intent;
import io.faunus.log.Outcome;
import io.faunus.log.ReplicaApply;
import io.faunus.log.ratis.ClusterConfig;
import io.faunus.node.Node;
import io.faunus.node.NodeConfig;
import io.faunus.node.NodeRuntime;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A deterministic simulated cluster below the HTTP layer: one replicated log (an ordered list of entries,
 * committed once appended, as Raft's commit index would make them), several members that each run the
 * production {@link Node} over their own store and apply the log with the production {@link ReplicaApply},
 * and a seeded scheduler that picks every next step: a client starts a query, a member's pending intents are
 * ordered into an entry, a member applies an entry, time passes, or (with faults) a member crashes (its store
 * keeps a prefix of its unsynced batches), crashes inside a batch write, restarts and replays the log, its
 * clock jumps, or it sweeps old versions. Everything runs on the calling thread; the only real time the node
 * reads is its deadline check, which a generous deadline keeps from ever deciding anything.
 *
 * <p>Invariants checked as it runs ({@link #violations}): every member computes the same outcomes for the
 * same entry, commit times strictly increase along the log, no query ends with an internal error, and no
 * wait exceeds {@link #STEPS_PER_WAIT_MAX} steps.
 */
final class SimCluster extends SimWorld {
  /** Intents ordered together in one entry at most (the real batcher takes up to Entry.INTENTS_MAX). */
  static final int INTENTS_PER_ENTRY_MAX = 8;

  /** Who proposed the entry at an index, and the futures of its intents (null entries: nobody waits). */
  private record Origin(int member, int incarnation, List<SimFuture> futures) {}

  final SimReplica[] members;
  private final SimLog[] logs;
  private final SimExecutor[] executors;
  private final List<Entry> log = new ArrayList<>();
  private final List<Origin> origins = new ArrayList<>();
  private final List<List<Outcome>> outcomes = new ArrayList<>();
  private final List<Intent> orphans = new ArrayList<>();
  /** The negative control's planted bug: reads skip the read barrier (see SimRun.Bug). */
  final boolean staleReads;

  SimCluster(Random random, int memberCount, boolean faults, boolean staleReads) {
    super(random, faults);
    this.staleReads = staleReads;
    this.members = new SimReplica[memberCount];
    this.logs = new SimLog[memberCount];
    this.executors = new SimExecutor[memberCount];
    for (int i = 0; i < memberCount; i++) members[i] = new SimReplica(i, this);
    for (SimReplica m : members) start(m);
  }

  long logSize() {
    return log.size();
  }

  @Override
  boolean txnTsStrictlyIncreases() {
    return false;
  }

  @Override
  int memberCount() {
    return members.length;
  }

  @Override
  Node node(int member) {
    return members[member].node;
  }

  @Override
  String name(int member) {
    return members[member].name;
  }

  @Override
  void stepBelowClients(int roll) {
    if (roll < 55) order();
    else if (roll < 85) applySomewhere();
    else if (roll < 88) quietSpell();
    else if (roll < 90) runBackgroundTask();
    else if (roll < 92) syncSomewhere();
    else if (faultsOn) fault(random.nextInt(100));
    else applySomewhere();
  }

  private SimReplica pick(java.util.function.Predicate<SimReplica> p) {
    List<SimReplica> c = new ArrayList<>();
    for (SimReplica m : members) if (p.test(m)) c.add(m);
    return c.isEmpty() ? null : c.get(random.nextInt(c.size()));
  }

  private boolean running(SimReplica m) {
    return logs[m.number] != null;
  }

  /** Orders some pending intents of one member (or of crashed members: they may still commit) into an entry. */
  void order() {
    SimReplica m = pick(r -> running(r) && !r.pending.isEmpty());
    if (!orphans.isEmpty() && (m == null || random.nextInt(4) == 0)) {
      int n = 1 + random.nextInt(Math.min(orphans.size(), INTENTS_PER_ENTRY_MAX));
      List<Intent> intents = new ArrayList<>(orphans.subList(0, n));
      orphans.subList(0, n).clear();
      append(new Entry(members[0].clock.tick(), intents), new Origin(-1, -1, List.of()));
      count("orphans-ordered");
      return;
    }
    if (m == null) return;
    int n = 1 + random.nextInt(Math.min(m.pending.size(), INTENTS_PER_ENTRY_MAX));
    List<Intent> intents = new ArrayList<>(n);
    List<SimFuture> futures = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      SimReplica.Pending p = m.pending.pollFirst();
      intents.add(p.intent());
      futures.add(p.future());
    }
    append(new Entry(m.clock.tick(), intents), new Origin(m.number, m.incarnation, futures));
  }

  private void append(Entry e, Origin o) {
    log.add(e);
    origins.add(o);
    outcomes.add(null);
  }

  private void applySomewhere() {
    SimReplica m = pick(r -> running(r) && r.appliedIndex() < log.size());
    if (m != null) applyNext(m);
  }

  /** Applies entries until the member reached {@code index}; false if it crashed on the way. */
  boolean catchUp(SimReplica m, long index) {
    while (m.appliedIndex() < index) {
      if (!applyNext(m)) return false;
    }
    return true;
  }

  /** The production apply path, then the cross-member checks; false if the member crashed inside the write. */
  private boolean applyNext(SimReplica m) {
    long index = m.appliedIndex() + 1;
    Entry entry = log.get((int) index - 1);
    Applier.Applied applied;
    try {
      applied = ReplicaApply.apply(m.engine, entry, index, b -> b);
    } catch (SimEngine.Crash c) {
      crash(m, "crash-in-write");
      return false;
    }
    List<Outcome> first = outcomes.get((int) index - 1);
    if (first == null) outcomes.set((int) index - 1, applied.outcomes());
    else if (!first.equals(applied.outcomes())) {
      violation("divergence: " + m.name + " computed " + applied.outcomes() + " for entry " + index + ", another member " + first);
    }
    if (applied.lastCommitMicros() <= m.lastCommitMicros) {
      violation("commit times went backwards on " + m.name + " at entry " + index);
    }
    m.lastCommitMicros = applied.lastCommitMicros();
    if (applied.committedAny()) logs[m.number].applied(applied.changes(), applied.lastCommitMicros());
    Origin o = origins.get((int) index - 1);
    if (o.member() == m.number && o.incarnation() == m.incarnation) {
      for (int i = 0; i < o.futures().size(); i++) o.futures().get(i).complete(applied.outcomes().get(i));
    }
    return true;
  }

  private void runBackgroundTask() {
    SimReplica m = pick(r -> r.up());
    if (m != null) executors[m.number].runOne();
  }

  private void syncSomewhere() {
    SimReplica m = pick(r -> running(r) && r.engine.unsyncedBatches() > 0);
    if (m != null) m.engine.sync();
  }

  private int down() {
    int n = 0;
    for (SimReplica m : members) if (!running(m)) n++;
    return n;
  }

  /** The most members that may be down at once with a majority still running. */
  private int minority() {
    return (members.length - 1) / 2;
  }

  private void fault(int roll) {
    if (roll < 20) {
      // Raft needs a majority: never take down more than a minority at once.
      SimReplica m = down() < minority() ? pick(SimReplica::up) : null;
      if (m != null) crash(m, "crash");
    } else if (roll < 50) {
      SimReplica m = pick(r -> !running(r));
      if (m != null) start(m);
    } else if (roll < 65) {
      SimReplica m = pick(r -> true);
      m.skewMicros += clockJumpMicros();
    } else if (roll < 80) {
      SimReplica m = pick(SimReplica::up);
      if (m != null && down() < minority()) {
        m.engine.crashOnWrite(random.nextInt(4));
        count("write-crash-armed");
      }
    } else {
      SimReplica m = pick(SimReplica::up);
      if (m == null) return;
      try {
        m.node.sweepVersions();
        count("sweep");
      } catch (SimEngine.Crash c) {
        crash(m, "crash-in-sweep");
      } catch (CommitLog.UnavailableException e) {
        count("sweep-interrupted"); // it crashed while catching up for the sweep's read
      }
    }
  }

  /**
   * The member's process dies: its store keeps what RocksDB would keep, its pending intents are lost or
   * still ordered later (the leader may have them), and every query waiting on it learns nothing more
   * (an unknown outcome, as a client whose connection dropped).
   */
  void crash(SimReplica m, String why) {
    count(why);
    if (m.node != null) retired.add(m.node);
    m.node = null;
    logs[m.number] = null;
    executors[m.number].shutdownNow();
    m.incarnation++;
    m.engine = m.engine.recover(random);
    for (SimReplica.Pending p : m.pending) {
      if (random.nextBoolean()) orphans.add(p.intent());
      p.future().completeExceptionally(new CommitLog.UnavailableException("the node crashed", null));
    }
    m.pending.clear();
    for (Origin o : origins) {
      if (o.member() != m.number) continue;
      for (SimFuture f : o.futures()) {
        if (!f.isDone()) f.completeExceptionally(new CommitLog.UnavailableException("the node crashed", null));
      }
    }
  }

  /** Starts (or restarts) a member: a new node over its recovered store, which replays the log it lacks. */
  void start(SimReplica m) {
    m.reloadCommitMicros();
    SimLog view = new SimLog(this, m);
    logs[m.number] = view;
    executors[m.number] = new SimExecutor();
    NodeRuntime runtime = new NodeRuntime(() -> nowMicros() + m.skewMicros, executors[m.number], false, this::newKey);
    try {
      Node node = Node.over(config(m), m.engine, view, runtime);
      if (logs[m.number] == view) m.node = node; // else it crashed while starting
      else retired.add(node);
      if (m.incarnation > 0) count("restart");
    } catch (RuntimeException e) {
      violation(m.name + " failed to start: " + e + " at " + java.util.Arrays.stream(e.getStackTrace()).limit(12).toList());
      logs[m.number] = null;
    }
  }

  private NodeConfig config(SimReplica m) {
    Map<String, String> peers = new LinkedHashMap<>();
    for (SimReplica r : members) peers.put(r.name, "127.0.0.1:" + (9000 + r.number)); // never dialled
    Path dir = Path.of("sim-never-written", m.name);
    return new NodeConfig(dir, false, SECRET, new ClusterConfig(m.name, peers, dir.resolve("raft")));
  }

  @Override
  void heal() {
    faultsOn = false;
    for (SimReplica m : members) m.engine.disarm();
    for (SimReplica m : members) if (!running(m)) start(m);
    while (!orphans.isEmpty() || pick(r -> !r.pending.isEmpty()) != null) order();
    for (SimReplica m : members) {
      if (running(m) && !catchUp(m, log.size())) violation(m.name + " crashed after the heal");
    }
  }

  /** Every member applied the whole log: their digests must be equal. Returns the digest. */
  @Override
  String digest() {
    String first = null;
    for (SimReplica m : members) {
      if (m.appliedIndex() != logSize()) {
        violations.add(m.name + " applied " + m.appliedIndex() + " of " + logSize() + " entries after the heal");
        continue;
      }
      String d = SimLocal.digestOf(m.engine);
      if (first == null) first = d;
      else if (!first.equals(d)) violations.add("replica-divergence: " + m.name + " digest " + d + " differs from n1's " + first);
    }
    return first == null ? "none" : first;
  }
}
