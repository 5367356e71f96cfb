package io.faunus.verify;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;

/**
 * One seed of the deterministic simulation: a workload's setup, then {@code ops} client operations on
 * {@code members} simulated members under the scheduler's faults, then the heal, the workload's final reads on
 * every member, a comparison of the members' store digests, and the workload's own checker over the history.
 * The seed decides everything (the workload, every operation, every step and fault), so a seed replays exactly.
 */
final class SimRun {
  /** Client operations in flight at once (nested on the simulator's one thread). */
  static final int IN_FLIGHT_MAX = 4;
  static final int SETUP_TRIES_MAX = 5;
  static final int FINAL_TRIES_MAX = 5;

  static final List<Supplier<Workload<?>>> WORKLOADS = List.of(BankWorkload::new, ListAppendWorkload::new,
      RegisterWorkload::new, SetWorkload::new, PhantomWorkload::new, PaginationWorkload::new,
      () -> new BankWorkload(BankWorkload.Reads.SCAN));

  /** Which log the seed simulates ({@code -Dsim.log=raft|local}). */
  enum LogKind {
    /** Members over a Raft-like replicated log ({@link SimCluster}). */
    RAFT,
    /** One node over the production {@code LocalLog}, as {@code ./faunus start} runs ({@link SimLocal}). */
    LOCAL;

    static LogKind parse(String s) {
      return switch (s.trim().toLowerCase(java.util.Locale.ROOT)) {
        case "raft" -> RAFT;
        case "local" -> LOCAL;
        default -> throw new IllegalArgumentException("sim.log must be raft or local, not " + s);
      };
    }
  }

  /** A bug planted for a negative control: the checkers must catch it, or the simulator proves nothing. */
  enum Bug {
    NONE,
    /** Raft: reads use the member's local state without the read barrier (serializable, not strict). */
    STALE_READS,
    /** Local: the log answers commits whose batch was written but not synced, over a store that survives crashes. */
    ACK_BEFORE_DURABLE
  }

  record Settings(LogKind log, int members, int clients, int ops, boolean faults, Bug bug) {
    Settings {
      if (members < 1 || clients < 1 || ops < 1) throw new IllegalArgumentException("members, clients and ops must be >= 1");
      if (log == LogKind.LOCAL && members != 1) throw new IllegalArgumentException("the local log runs one member");
      if (bug == Bug.STALE_READS && log != LogKind.RAFT || bug == Bug.ACK_BEFORE_DURABLE && log != LogKind.LOCAL) {
        throw new IllegalArgumentException(bug + " is a bug of another log than " + log);
      }
    }

    /** The world this seed runs in. */
    SimWorld world(Random random) {
      return switch (log) {
        case RAFT -> new SimCluster(random, members, faults, bug == Bug.STALE_READS);
        case LOCAL -> new SimLocal(random, faults, bug != Bug.ACK_BEFORE_DURABLE);
      };
    }
  }

  /**
   * What one seed did. {@code violations} are the simulator's own invariants (divergent outcomes, replica
   * digests, internal errors, liveness); the verdict is the workload checker's.
   */
  record Result(String log, long seed, String workload, int ops, int ok, Verdict verdict, List<String> violations, String digest,
                String historyHash, Map<String, Integer> events) {
    boolean passed() {
      return violations.isEmpty() && verdict.validity() != Verdict.Validity.INVALID;
    }

    String line() {
      return "sim: log=" + log + " seed=" + seed + " workload=" + workload + " ops=" + ops + " ok=" + ok + " verdict=" + verdict.validity()
          + " anomalies=" + verdict.anomalies().size() + " violations=" + violations.size() + " events=" + events
          + " digest=" + digest.substring(0, Math.min(16, digest.length()))
          + " history=" + historyHash.substring(0, Math.min(16, historyHash.length()));
    }

    String explain() {
      StringBuilder b = new StringBuilder(line());
      for (String v : violations) b.append("\n  violation: ").append(v);
      for (Verdict.Anomaly a : verdict.anomalies()) b.append("\n  anomaly ").append(a.type()).append(": ").append(a.explanation());
      return b.append("\n  replay: -Dsim.log=").append(log).append(" -Dsim.seed=").append(seed).toString();
    }
  }

  private static final class Client {
    final int member;
    int process;
    boolean busy;

    Client(int member, int process) {
      this.member = member;
      this.process = process;
    }
  }

  static Result run(long seed, Settings settings) {
    Random random = new Random(seed);
    return run(seed, settings, WORKLOADS.get(random.nextInt(WORKLOADS.size())).get(), random);
  }

  /** One seed of the given workload. */
  static Result run(long seed, Settings settings, Workload<?> workload) {
    return run(seed, settings, workload, new Random(seed));
  }

  private static Result run(long seed, Settings settings, Workload<?> workload, Random random) {
    try {
      return run(seed, settings, random, workload);
    } catch (RuntimeException e) {
      // A bug in the node or the simulator: the seed fails and says where.
      java.io.StringWriter trace = new java.io.StringWriter();
      e.printStackTrace(new java.io.PrintWriter(trace));
      return new Result(settings.log().name().toLowerCase(java.util.Locale.ROOT), seed, workload.name(), 0, 0, Verdict.of(List.of(), true, Map.of()),
          List.of("exception: " + trace), "none", "none", Map.of());
    }
  }

  private static <V> Result run(long seed, Settings s, Random random, Workload<V> w) {
    SimWorld cluster = s.world(random);
    try {
      cluster.faultsOn = false;
      Recorder<V> recorder = new Recorder<>(SimWorld.START_NANOS, cluster::nowNanos);
      setup(cluster, w);
      cluster.faultsOn = s.faults();
      List<Client> clients = new ArrayList<>();
      for (int i = 0; i < s.clients(); i++) clients.add(new Client(i % s.members(), i));
      int[] started = {0};
      int[] inFlight = {0};
      cluster.clients = () -> {
        if (started[0] >= s.ops() || inFlight[0] >= IN_FLIGHT_MAX) return false;
        List<Client> idle = clients.stream().filter(c -> !c.busy && cluster.node(c.member) != null).toList();
        if (idle.isEmpty()) return false;
        Client c = idle.get(random.nextInt(idle.size()));
        Workload.Invocation<V> inv = w.next(random);
        if (inv == null) {
          started[0] = s.ops(); // the workload has done all it means to
          return false;
        }
        started[0]++;
        inFlight[0]++;
        c.busy = true;
        Op<V> invoked = recorder.invoke(c.process, inv.f(), inv.value(), cluster.name(c.member));
        Workload.Completion<V> done = w.run(new SimQueries(cluster, cluster.node(c.member)), inv);
        recorder.complete(invoked, done.type(), done.value(), done.error());
        if (done.type() == Op.Type.INFO) c.process += s.clients(); // the old process may still take effect
        c.busy = false;
        inFlight[0]--;
        return true;
      };
      while (started[0] < s.ops()) cluster.step();
      cluster.clients = () -> false;
      cluster.heal();
      finals(cluster, w, recorder);
      String digest = cluster.digest();
      History<V> history = recorder.history();
      Verdict verdict = w.checker().check(history);
      int ok = (int) history.ops().stream().filter(o -> o.type() == Op.Type.OK).count();
      int invokes = (int) history.ops().stream().filter(o -> o.type() == Op.Type.INVOKE).count();
      return new Result(s.log().name().toLowerCase(java.util.Locale.ROOT), seed, w.name(), invokes, ok, verdict, List.copyOf(cluster.violations), digest,
          sha256(history.ops().toString()), Map.copyOf(cluster.events));
    } finally {
      cluster.close();
    }
  }

  private static <V> void setup(SimWorld cluster, Workload<V> w) {
    if (cluster.node(0) == null) throw new IllegalStateException("n1 did not start: " + cluster.violations);
    for (String fql : w.setup()) {
      Reply r = null;
      for (int i = 0; i < SETUP_TRIES_MAX && !(r instanceof Reply.Ok); i++) r = new SimQueries(cluster, cluster.node(0)).query(fql);
      if (!(r instanceof Reply.Ok)) throw new IllegalStateException("setup failed: " + fql + " → " + r);
    }
  }

  /** Each member runs the final operations until they complete ok (nothing fails any more after the heal). */
  private static <V> void finals(SimWorld cluster, Workload<V> w, Recorder<V> recorder) {
    int process = 1_000_000;
    for (int member = 0; member < cluster.memberCount(); member++) {
      if (cluster.node(member) == null) {
        cluster.violations.add(cluster.name(member) + " is not running after the heal");
        continue;
      }
      for (Workload.Invocation<V> inv : w.finals()) {
        for (int attempt = 0; attempt < FINAL_TRIES_MAX; attempt++) {
          Op<V> invoked = recorder.invoke(process, inv.f(), inv.value(), cluster.name(member));
          Workload.Completion<V> done = w.run(new SimQueries(cluster, cluster.node(member)), inv);
          recorder.complete(invoked, done.type(), done.value(), done.error());
          if (done.type() == Op.Type.OK) break;
          process++;
        }
      }
      process++;
    }
  }

  private static String sha256(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
