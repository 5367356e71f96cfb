package io.faunus.verify;

import io.faunus.log.StoreDigest;
import io.faunus.storage.Snapshot;
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

  /**
   * @param staleReads a planted bug for the negative control: reads use the member's local state without the
   *                   read barrier (serializable, not strict), which the checkers must catch
   */
  record Settings(int members, int clients, int ops, boolean faults, boolean staleReads) {
    Settings {
      if (members < 1 || clients < 1 || ops < 1) throw new IllegalArgumentException("members, clients and ops must be >= 1");
    }
  }

  /**
   * What one seed did. {@code violations} are the simulator's own invariants (divergent outcomes, replica
   * digests, internal errors, liveness); the verdict is the workload checker's.
   */
  record Result(long seed, String workload, int ops, int ok, Verdict verdict, List<String> violations, String digest,
                String historyHash, Map<String, Integer> events) {
    boolean passed() {
      return violations.isEmpty() && verdict.validity() != Verdict.Validity.INVALID;
    }

    String line() {
      return "sim: seed=" + seed + " workload=" + workload + " ops=" + ops + " ok=" + ok + " verdict=" + verdict.validity()
          + " anomalies=" + verdict.anomalies().size() + " violations=" + violations.size() + " events=" + events
          + " digest=" + digest.substring(0, Math.min(16, digest.length()))
          + " history=" + historyHash.substring(0, Math.min(16, historyHash.length()));
    }

    String explain() {
      StringBuilder b = new StringBuilder(line());
      for (String v : violations) b.append("\n  violation: ").append(v);
      for (Verdict.Anomaly a : verdict.anomalies()) b.append("\n  anomaly ").append(a.type()).append(": ").append(a.explanation());
      return b.append("\n  replay: -Dsim.seed=").append(seed).toString();
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
      return new Result(seed, workload.name(), 0, 0, Verdict.of(List.of(), true, Map.of()),
          List.of("exception: " + trace), "none", "none", Map.of());
    }
  }

  private static <V> Result run(long seed, Settings s, Random random, Workload<V> w) {
    SimCluster cluster = new SimCluster(random, s.members(), s.faults());
    cluster.staleReads = s.staleReads();
    try {
      cluster.faultsOn = false;
      Recorder<V> recorder = new Recorder<>(SimCluster.START_NANOS, cluster::nowNanos);
      setup(cluster, w);
      cluster.faultsOn = s.faults();
      List<Client> clients = new ArrayList<>();
      for (int i = 0; i < s.clients(); i++) clients.add(new Client(i % s.members(), i));
      int[] started = {0};
      int[] inFlight = {0};
      cluster.clients = () -> {
        if (started[0] >= s.ops() || inFlight[0] >= IN_FLIGHT_MAX) return false;
        List<Client> idle = clients.stream().filter(c -> !c.busy && cluster.members[c.member].up()).toList();
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
        SimReplica m = cluster.members[c.member];
        Op<V> invoked = recorder.invoke(c.process, inv.f(), inv.value(), m.name);
        Workload.Completion<V> done = w.run(new SimQueries(cluster, m.node), inv);
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
      String digest = compareDigests(cluster);
      History<V> history = recorder.history();
      Verdict verdict = w.checker().check(history);
      int ok = (int) history.ops().stream().filter(o -> o.type() == Op.Type.OK).count();
      int invokes = (int) history.ops().stream().filter(o -> o.type() == Op.Type.INVOKE).count();
      return new Result(seed, w.name(), invokes, ok, verdict, List.copyOf(cluster.violations), digest,
          sha256(history.ops().toString()), Map.copyOf(cluster.events));
    } finally {
      cluster.close();
    }
  }

  private static <V> void setup(SimCluster cluster, Workload<V> w) {
    if (!cluster.members[0].up()) throw new IllegalStateException("n1 did not start: " + cluster.violations);
    for (String fql : w.setup()) {
      Reply r = null;
      for (int i = 0; i < SETUP_TRIES_MAX && !(r instanceof Reply.Ok); i++) r = new SimQueries(cluster, cluster.members[0].node).query(fql);
      if (!(r instanceof Reply.Ok)) throw new IllegalStateException("setup failed: " + fql + " → " + r);
    }
  }

  /** Each member runs the final operations until they complete ok (nothing fails any more after the heal). */
  private static <V> void finals(SimCluster cluster, Workload<V> w, Recorder<V> recorder) {
    int process = 1_000_000;
    for (SimReplica m : cluster.members) {
      if (!m.up()) {
        cluster.violations.add(m.name + " is not running after the heal");
        continue;
      }
      for (Workload.Invocation<V> inv : w.finals()) {
        for (int attempt = 0; attempt < FINAL_TRIES_MAX; attempt++) {
          Op<V> invoked = recorder.invoke(process, inv.f(), inv.value(), m.name);
          Workload.Completion<V> done = w.run(new SimQueries(cluster, m.node), inv);
          recorder.complete(invoked, done.type(), done.value(), done.error());
          if (done.type() == Op.Type.OK) break;
          process++;
        }
      }
      process++;
    }
  }

  /** Every member applied the whole log: their digests must be equal. Returns the digest. */
  private static String compareDigests(SimCluster cluster) {
    String first = null;
    for (SimReplica m : cluster.members) {
      if (m.appliedIndex() != cluster.logSize()) {
        cluster.violations.add(m.name + " applied " + m.appliedIndex() + " of " + cluster.logSize() + " entries after the heal");
        continue;
      }
      StoreDigest.Digest d;
      try (Snapshot snap = m.engine.snapshot()) {
        d = StoreDigest.of(snap);
      }
      if (first == null) first = d.sha256();
      else if (!first.equals(d.sha256())) {
        cluster.violations.add("replica-divergence: " + m.name + " digest " + d.sha256() + " differs from n1's " + first);
      }
    }
    return first == null ? "none" : first;
  }

  private static String sha256(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
