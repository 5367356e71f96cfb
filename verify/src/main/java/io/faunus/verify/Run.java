package io.faunus.verify;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * One workload against one fresh cluster: start it, set up, run clients and faults until the time limit,
 * heal, run the final operations on every node, compare the replicas, check the history and write the
 * results.
 */
final class Run<V> {
  /** Everything a run needs to know. */
  record Settings(int nodes, Nemesis.Mode faults, long timeLimitS, double rate, int clients, long seed, Path results,
                  String java, String classpath, boolean keepData, ReadMode readMode) {}

  /** What a run found: the counts of the summary line, and the verdict behind them. */
  record Outcome(String workload, int ops, int ok, Verdict verdict) {
    String line() {
      return "verify: " + workload + " ops=" + ops + " ok=" + ok + " anomalies=" + verdict.anomalies().size();
    }
  }

  static final int SETUP_TRIES_MAX = 60;
  static final int FINAL_TRIES_MAX = 30;
  static final long HEAL_TIMEOUT_MS = 120_000, DIGEST_TIMEOUT_MS = 60_000;
  /** Clients run at least this long after the last fault's repair, past --time-limit if need be... */
  static final long TAIL_NS = 5_000_000_000L;
  /** ...but never more than this past it (a wipe's replacement and a restarted node's recovery, at most). */
  static final long TAIL_CAP_NS = (Nemesis.REPLACE_MS_MAX + Nemesis.RECOVERY_MS_MAX) * 1_000_000L + TAIL_NS;

  private final Workload<V> workload;
  private final Settings settings;
  private final Path dir;

  Run(Workload<V> workload, Settings settings) {
    this.workload = workload;
    this.settings = settings;
    this.dir = settings.results().resolve(workload.name());
  }

  Outcome run() throws IOException, InterruptedException {
    Files.createDirectories(dir);
    Path data = dir.resolve("data");
    List<Verdict.Anomaly> clusterAnomalies = new ArrayList<>();
    Map<String, Object> clusterFacts = new LinkedHashMap<>();
    History<V> history;
    List<Nemesis.Fault> faults;
    long runNs;
    try (Cluster cluster = new Cluster(data, dir, settings.nodes(), settings.java(), settings.classpath(), settings.readMode())) {
      cluster.start();
      setup(cluster);
      long start = System.nanoTime();
      Recorder<V> recorder = new Recorder<>(start);
      long deadline = start + settings.timeLimitS() * 1_000_000_000L;
      Nemesis nemesis = new Nemesis(cluster, settings.faults(), new Random(settings.seed()), start, deadline);
      Thread faulter = new Thread(nemesis, "nemesis");
      faulter.setDaemon(true);
      faulter.start();
      ExitWatch exitWatch = new ExitWatch(cluster.nodes, start);
      Thread watcher = new Thread(exitWatch, "exit-watch");
      watcher.setDaemon(true);
      watcher.start();
      new Clients<>(workload, cluster, recorder, settings.clients(), settings.rate(), settings.seed())
          .runUntil(deadline, () -> nemesis.endNs(deadline, TAIL_NS, TAIL_CAP_NS));
      nemesis.stop();
      faulter.join(Nemesis.FAULT_MS_MAX + Nemesis.RECOVERY_MS_MAX + 30_000);
      clusterFacts.put("nodes_exited_on_their_own", exitWatch.stop().stream().map(Object::toString).toList());
      watcher.join(ExitWatch.POLL_MS * 5);
      nemesis.healAll();
      runNs = System.nanoTime() - start;
      faults = nemesis.faults();
      clusterFacts.put("faults", faults.size());
      if (nemesis.failure() != null) clusterFacts.put("nemesis_failure", nemesis.failure());
      clusterFacts.put("proxy_bypasses", nemesis.bypasses());
      clusterFacts.put("proxy_unidentified_connections", cluster.unidentifiedConnections());
      for (Node n : cluster.nodes) {
        if (!cluster.awaitServing(n, HEAL_TIMEOUT_MS)) clusterFacts.put("not_serving_after_heal_" + n.id, true);
      }
      clusterFacts.put("nodes_refusing_writes_after_heal", refusingWrites(cluster));
      clusterFacts.put("finals_skipped_on", finals(cluster, recorder));
      history = recorder.history();
      compareReplicas(cluster, clusterAnomalies, clusterFacts);
      // Audited once more with every node up and connected: a link learned around the proxies (after a wipe,
      // say) shows here even when no partition came after it.
      clusterFacts.put("proxy_bypasses_at_end", cluster.bypasses().stream().map(Object::toString).toList());
    } finally {
      if (!settings.keepData()) removeData(data);
    }
    Verdict checked = workload.checker(settings.readMode()).check(history);
    List<Verdict.Anomaly> all = new ArrayList<>(checked.anomalies());
    all.addAll(clusterAnomalies);
    Map<String, Object> facts = new LinkedHashMap<>(checked.facts());
    facts.putAll(clusterFacts);
    Verdict verdict = Verdict.of(all, checked.validity() == Verdict.Validity.UNKNOWN, facts);
    int ok = (int) history.pairs().stream().filter(Pair::ok).count();
    Outcome outcome = new Outcome(workload.name(), history.pairs().size(), ok, verdict);
    Report.write(dir, settings, outcome, history, faults, runNs);
    return outcome;
  }

  /** A collection outside every workload, for probe writes after the heal. */
  static final String PROBE_SETUP = "if (Collection.byName('VerifyProbes') == null) Collection.create({ name: 'VerifyProbes' }); 1";
  static final int PROBE_TRIES_MAX = 10;

  /** Runs each setup statement until it answers 200, on whichever node does. */
  private void setup(Cluster cluster) throws InterruptedException {
    List<String> statements = new ArrayList<>(workload.setup());
    statements.add(PROBE_SETUP);
    for (String fql : statements) {
      Reply last = null;
      for (int i = 0; i < SETUP_TRIES_MAX && !(last instanceof Reply.Ok); i++) {
        last = cluster.client(cluster.nodes.get(i % cluster.nodes.size())).query(fql);
        if (!(last instanceof Reply.Ok)) Thread.sleep(500);
      }
      if (!(last instanceof Reply.Ok)) throw new IllegalStateException("setup failed: " + fql + " → " + last);
    }
  }

  /**
   * Liveness after the heal: each node gets up to {@value #PROBE_TRIES_MAX} tries, a second apart, to commit a
   * write; the nodes that never did. (Serving /ping is not enough: a node can answer it and refuse every write.)
   */
  private static List<String> refusingWrites(Cluster cluster) throws InterruptedException {
    List<String> refusing = new ArrayList<>();
    for (Node n : cluster.nodes) {
      boolean ok = false;
      for (int i = 0; i < PROBE_TRIES_MAX && !ok; i++) {
        ok = cluster.client(n).query("VerifyProbes.create({ node: '" + n.id + "' }); null") instanceof Reply.Ok;
        if (!ok) Thread.sleep(1_000);
      }
      if (!ok) refusing.add(n.id);
    }
    if (!refusing.isEmpty()) System.err.println("verify: after the heal, " + refusing + " still refuse every write");
    return refusing;
  }

  /**
   * Each node runs the final operations, retried (as new processes) until they complete ok. A node that fails
   * one of them {@link #FINAL_TRIES_MAX} times is skipped for the rest (its names are returned): the others
   * would fail as well, and 30 tries of each of a list-append run's final reads kept a run that had lost two
   * members busy for over half an hour.
   */
  private List<String> finals(Cluster cluster, Recorder<V> recorder) throws InterruptedException {
    int process = 1_000_000; // far above the clients' process ids
    List<String> skipped = new ArrayList<>();
    for (Node node : cluster.nodes) {
      NodeClient client = cluster.client(node);
      for (Workload.Invocation<V> inv : workload.finals()) {
        boolean ok = false;
        for (int attempt = 0; attempt < FINAL_TRIES_MAX && !ok; attempt++) {
          Op<V> invoked = recorder.invoke(process, inv.f(), inv.value(), node.id);
          Workload.Completion<V> done = workload.run(client, inv);
          recorder.complete(invoked, done.type(), done.value(), done.error());
          ok = done.type() == Op.Type.OK;
          if (done.type() == Op.Type.INFO) process++;
          if (!ok) Thread.sleep(1_000);
        }
        if (!ok) {
          System.err.println("verify: " + node.id + " failed a final operation " + FINAL_TRIES_MAX + " times; its other finals are skipped");
          skipped.add(node.id);
          break;
        }
      }
      process++;
    }
    return skipped;
  }

  /**
   * Replicas that applied the same log must hold the same data. Once all nodes report the same applied index,
   * their store digests (of the newest version of every key) must be equal, and each node must answer the
   * workload's dump query (a linearizable read of every document with its ts) identically; either difference
   * is a replica-divergence anomaly. The dump says what differs, which a digest cannot.
   */
  private void compareReplicas(Cluster cluster, List<Verdict.Anomaly> anomalies, Map<String, Object> facts)
      throws InterruptedException {
    if (!digestsAtOneIndex(cluster, anomalies, facts)) return;
    Map<String, String> dumps = new LinkedHashMap<>();
    for (Node n : cluster.nodes) {
      Reply r = null;
      for (int i = 0; i < FINAL_TRIES_MAX && !(r instanceof Reply.Ok); i++) {
        r = cluster.client(n).query(workload.dumpQuery());
        if (!(r instanceof Reply.Ok)) Thread.sleep(1_000);
      }
      if (r instanceof Reply.Ok ok) dumps.put(n.id, String.valueOf(ok.data()));
    }
    facts.put("replica_dumps_compared", dumps.size());
    facts.put("replica_dump_chars", dumps.values().stream().findFirst().map(String::length).orElse(0));
    if (dumps.values().stream().distinct().count() > 1) {
      StringBuilder text = new StringBuilder("replicas answer the dump query (" + workload.dumpQuery() + ") differently:");
      dumps.forEach((id, d) -> text.append("\n    ").append(id).append(": ").append(d.length() > 2_000 ? d.substring(0, 2_000) + "..." : d));
      anomalies.add(new Verdict.Anomaly("replica-divergence", text.toString(), List.of()));
    }
  }

  /** Waits until every node reports the same applied index and compares the digests there; false if never. */
  private static boolean digestsAtOneIndex(Cluster cluster, List<Verdict.Anomaly> anomalies, Map<String, Object> facts)
      throws InterruptedException {
    long deadline = System.nanoTime() + DIGEST_TIMEOUT_MS * 1_000_000;
    Map<String, JsonNode> last = Map.of();
    while (System.nanoTime() < deadline) {
      Map<String, JsonNode> byNode = new LinkedHashMap<>();
      for (Node n : cluster.nodes) {
        JsonNode s = cluster.status(n, true);
        if (s != null && s.has("digest")) byNode.put(n.id, s);
      }
      last = byNode;
      boolean sameIndex = byNode.size() == cluster.nodes.size()
          && byNode.values().stream().map(s -> s.path("digest_index").asLong()).distinct().count() == 1;
      if (sameIndex) {
        long distinct = byNode.values().stream().map(s -> s.path("digest").asText()).distinct().count();
        facts.put("digest_index", byNode.values().iterator().next().path("digest_index").asLong());
        facts.put("digests_equal", distinct == 1);
        if (distinct > 1) {
          StringBuilder text = new StringBuilder("store digests differ at applied index " + facts.get("digest_index") + ":");
          byNode.forEach((id, st) -> text.append(' ').append(id).append('=').append(st.path("digest").asText()));
          anomalies.add(new Verdict.Anomaly("replica-divergence", text.toString(), List.of()));
        }
        return true;
      }
      Thread.sleep(500);
    }
    facts.put("replicas_not_compared", "nodes never reported the same applied index: " + last);
    return false;
  }

  /**
   * Removes the nodes' data once they are stopped. A process that is still dying may write a last file, so a
   * failed removal is retried once after a second and then only reported: the history is complete by now.
   */
  private static void removeData(Path data) throws InterruptedException {
    for (int attempt = 1; ; attempt++) {
      try {
        deleteTree(data);
        return;
      } catch (IOException e) {
        if (attempt == 2) {
          System.err.println("verify: could not remove " + data + " (" + e + "); remove it by hand");
          return;
        }
        Thread.sleep(1_000);
      }
    }
  }

  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) return;
    try (var paths = Files.walk(root)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
    }
  }
}
