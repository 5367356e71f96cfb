package io.faunus.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.management.ThreadMXBean;
import io.faunus.model.query.QueryOutcome;
import io.faunus.model.query.QueryRequest;
import io.faunus.model.value.Value;
import io.faunus.node.Node;
import io.faunus.node.NodeConfig;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * CPU and allocation per query of the read path without HTTP: {@code Bench.byId(id)!.v} against
 * {@code Bench.byK(k).first()!.v} through the in-process {@code Node.execute} of a durable RocksDB node, measured
 * as the calling thread's CPU time (not wall time), so that a loaded machine slows it less than it slows a
 * benchmark over HTTP. One text per workload with its key as an argument (every query hits the parse cache).
 * See docs/benchmarks.md, "Step 8: the index lookup".
 */
public final class LookupCpu {
  private static final String HELP = """
      Usage: java -Xss16m -cp bench/target/benchmarks.jar io.faunus.bench.LookupCpu [options]
      CPU and allocation per query of a point read and an index lookup, in process (no HTTP), on a durable node.
        --docs N          documents preloaded (default 2000)
        --seconds S       seconds per workload and round (default 2)
        --rounds N        rounds, workloads alternating; the second half is measured (default 8)
        --workloads W,..  read, index (default read,index)
        --grow N          before measuring, insert N more documents into the same collection (100 per query,
                          every 20th deleted again), so that memtables flush into SST files and levels: the
                          grown store of docs/benchmarks.md "Prefix bloom filters" (default 0)
        --data-root DIR   where the node's temporary data directory goes (default /work/bench-data)
        --help            this text
      Prints one line per round and `MEDIAN <workload> <µs> us cpu/op ...` per workload.""";

  private static final ObjectMapper JSON = new ObjectMapper();

  private LookupCpu() {}

  public static void main(String[] args) throws Exception {
    var parsed = Flags.parse(args, Map.of("--docs", "2000", "--seconds", "2", "--rounds", "8",
        "--workloads", "read,index", "--data-root", "/work/bench-data", "--grow", "0"), HELP);
    if (parsed.isEmpty()) return;
    Map<String, String> o = parsed.get();
    int docs = Integer.parseInt(o.get("--docs")), rounds = Integer.parseInt(o.get("--rounds"));
    long windowNanos = (long) (Double.parseDouble(o.get("--seconds")) * 1e9);
    List<String> workloads = List.of(o.get("--workloads").split(","));
    for (String w : workloads) {
      if (!w.equals("read") && !w.equals("index")) throw new IllegalArgumentException("unknown workload " + w);
    }
    Path root = Files.createDirectories(Path.of(o.get("--data-root")));
    Path dir = Files.createTempDirectory(root, "lookup-cpu-");
    ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    try (Node node = Node.open(new NodeConfig(dir, false, "secret"))) {
      String[] ids = preload(node, docs);
      grow(node, docs, Integer.parseInt(o.get("--grow")));
      Map<String, List<Double>> measured = new LinkedHashMap<>();
      Random r = new Random(1);
      for (int round = 0; round < rounds; round++) {
        for (String w : workloads) {
          long ops = 0, cpu0 = threads.getCurrentThreadCpuTime(), alloc0 = threads.getCurrentThreadAllocatedBytes();
          long end = System.nanoTime() + windowNanos;
          while (System.nanoTime() < end) {
            int k = r.nextInt(docs);
            if (w.equals("index")) run(node, "Bench.byK(k).first()!.v", "{\"k\": {\"@int\": \"" + k + "\"}}");
            else run(node, "Bench.byId(id)!.v", "{\"id\": \"" + ids[k] + "\"}");
            ops++;
          }
          double cpuMicros = (threads.getCurrentThreadCpuTime() - cpu0) / 1e3 / ops;
          long bytes = (threads.getCurrentThreadAllocatedBytes() - alloc0) / ops;
          System.out.printf("round %d %s: %d ops, %.1f us cpu/op, %d bytes allocated/op%n", round, w, ops, cpuMicros, bytes);
          if (round >= rounds / 2) measured.computeIfAbsent(w, x -> new ArrayList<>()).add(cpuMicros);
        }
      }
      for (var e : measured.entrySet()) {
        double[] v = e.getValue().stream().mapToDouble(Double::doubleValue).sorted().toArray();
        System.out.printf("MEDIAN %s %.1f us cpu/op (min %.1f, max %.1f, %d rounds)%n", e.getKey(), v[v.length / 2],
            v[0], v[v.length - 1], v.length);
      }
    } finally {
      try (var files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /** The collection {@code Bench} ({@code k} unique, indexed by {@code byK}) with docs documents; their ids by k. */
  private static String[] preload(Node node, int docs) throws Exception {
    run(node, "Collection.create({ name: \"Bench\", indexes: { byK: { terms: [{ field: \"k\" }] } } })", null);
    for (int from = 0; from < docs; from += 100) {
      StringBuilder q = new StringBuilder("[");
      for (int k = from; k < Math.min(docs, from + 100); k++) {
        q.append(k > from ? ", " : "").append("Bench.create({ k: ").append(k).append(", v: ").append(k).append(" })");
      }
      run(node, q.append("]").toString(), null);
    }
    String[] ids = new String[docs];
    for (int k = 0; k < docs; k++) {
      Value id = run(node, "Bench.byK(k).first()!.id", "{\"k\": {\"@int\": \"" + k + "\"}}").data();
      ids[k] = String.valueOf(((Value.IdV) id).value());
    }
    return ids;
  }

  /** {@code extra} more documents with k from {@code docs} up (so byK still finds one per k), every 20th deleted. */
  private static void grow(Node node, int docs, int extra) throws Exception {
    long t0 = System.nanoTime();
    for (int from = docs; from < docs + extra; from += 100) {
      StringBuilder q = new StringBuilder("[");
      for (int k = from; k < Math.min(docs + extra, from + 100); k++) {
        q.append(k > from ? ", " : "").append("Bench.create({ k: ").append(k).append(", v: ").append(k).append(" })");
      }
      run(node, q.append("]").toString(), null);
      run(node, "Bench.byK(" + (from + 50) + ").first()!.delete()", null);
    }
    if (extra > 0) System.out.printf("grew the store by %d documents in %.1f s%n", extra, (System.nanoTime() - t0) / 1e9);
  }

  private static QueryOutcome.Success run(Node node, String text, String arguments) throws Exception {
    JsonNode args = arguments == null ? null : JSON.readTree(arguments);
    QueryOutcome o = node.execute(new QueryRequest("secret", text, List.of(), args, QueryRequest.Format.TAGGED, null,
        System.nanoTime(), QueryRequest.DEFAULT_TIMEOUT_MS, Long.MIN_VALUE,
        QueryRequest.DEFAULT_MAX_CONTENTION_RETRIES, false, false, null));
    if (o instanceof QueryOutcome.Success s) return s;
    throw new IllegalStateException(text + " failed: " + o);
  }
}
