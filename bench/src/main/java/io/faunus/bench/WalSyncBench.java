package io.faunus.bench;

import io.faunus.storage.Batch;
import io.faunus.storage.Cf;
import io.faunus.storage.RocksEngine;
import io.faunus.storage.Tuple;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * What one synced commit costs with and without recycled WAL files ({@code RocksEngine.RECYCLED_WAL_FILES}): a
 * store first written and flushed past a few WAL files (so obsolete ones exist to recycle), then single-key
 * batches written with sync=true, as a 1-client insert's commit group is. Reports this thread's CPU time (the
 * fdatasync's kernel time is the caller's) and the wall time per commit, medians over alternated rounds. Not a
 * test; see docs/benchmarks.md, "Recycled WAL files".
 *
 *   java -cp bench/target/benchmarks.jar io.faunus.bench.WalSyncBench [--rounds 5] [--commits 5000]
 *        [--dir /work/bench-data]
 */
public final class WalSyncBench {
  private WalSyncBench() {}

  public static void main(String[] args) throws Exception {
    var parsed = Flags.parse(args, Map.of("--rounds", "5", "--commits", "5000", "--dir", "/work/bench-data"),
        "WalSyncBench [--rounds 5] [--commits 5000] [--dir /work/bench-data]\n"
            + "CPU and wall µs per synced commit, WAL files recycled (Faunus's default) against new ones.");
    if (parsed.isEmpty()) return;
    int rounds = Integer.parseInt(parsed.get().get("--rounds")), commits = Integer.parseInt(parsed.get().get("--commits"));
    Path root = Path.of(parsed.get().get("--dir"));
    Files.createDirectories(root);
    List<double[]> fresh = new ArrayList<>(), recycled = new ArrayList<>();
    for (int r = 0; r < rounds; r++) {
      fresh.add(run(root, commits, 0));
      recycled.add(run(root, commits, 2));
      System.out.printf("round %d: new files %.1f µs CPU %.1f µs wall, recycled %.1f µs CPU %.1f µs wall%n", r + 1,
          fresh.getLast()[0], fresh.getLast()[1], recycled.getLast()[0], recycled.getLast()[1]);
    }
    System.out.printf("RESULT wal-sync commits=%d rounds=%d new_cpu_us=%.1f new_wall_us=%.1f recycled_cpu_us=%.1f "
        + "recycled_wall_us=%.1f%n", commits, rounds, median(fresh, 0), median(fresh, 1), median(recycled, 0),
        median(recycled, 1));
  }

  /** {CPU µs, wall µs} per synced commit on a fresh store that keeps {@code recycledFiles} obsolete WAL files. */
  private static double[] run(Path root, int commits, int recycledFiles) throws Exception {
    Path dir = Files.createTempDirectory(root, "wal-sync-");
    System.setProperty(RocksEngine.Options.RECYCLED_WAL_FILES_PROPERTY, Integer.toString(recycledFiles));
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    byte[] value = new byte[300];
    // 4 MiB memtables and WAL budget: the fill below rolls the WAL a few times, so the measured file is a recycled one
    try (RocksEngine engine = RocksEngine.open(dir, new RocksEngine.Options(8L << 20, 4L << 20, 1, 8L << 20))) {
      for (int pass = 0; pass < 2; pass++) {
        for (int i = 0; i < 20_000; i++) engine.write(put(pass * 20_000 + i, value), false);
        engine.flush(false);
      }
      Thread.sleep(500); // the flushes' obsolete files deleted or queued for recycling
      long cpu0 = mx.getCurrentThreadCpuTime(), wall0 = System.nanoTime();
      for (int i = 0; i < commits; i++) engine.write(put(100_000 + i, value), true);
      return new double[] {(mx.getCurrentThreadCpuTime() - cpu0) / 1e3 / commits, (System.nanoTime() - wall0) / 1e3 / commits};
    } finally {
      System.clearProperty(RocksEngine.Options.RECYCLED_WAL_FILES_PROPERTY);
      try (var files = Files.walk(dir)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
      }
    }
  }

  private static Batch put(long n, byte[] value) {
    Batch b = new Batch();
    b.put(Cf.VERSIONS, Tuple.of("wal", n).encode(), value);
    return b;
  }

  private static double median(List<double[]> runs, int column) {
    return runs.stream().mapToDouble(r -> r[column]).sorted().toArray()[runs.size() / 2];
  }
}
