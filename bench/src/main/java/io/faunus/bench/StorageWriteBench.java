package io.faunus.bench;

import io.faunus.log.Applier;
import io.faunus.log.Entry;
import io.faunus.log.Intent;
import io.faunus.model.doc.Keys;
import io.faunus.storage.Batch;
import io.faunus.storage.Cf;
import io.faunus.storage.Mvcc;
import io.faunus.storage.RocksEngine;
import io.faunus.storage.Snapshot;
import io.faunus.storage.Tuple;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The storage side of a durable insert alone, without HTTP or evaluation: commit groups of insert-shaped intents
 * (document version, index entry, index-partition time, collection change log; a schema read to validate) through
 * {@link Applier#apply} and {@link RocksEngine#write}, measured in this thread's CPU time (so a loaded machine
 * stretches the wall clock but hardly the figure). Two layouts, interleaved round by round:
 * {@code versions} is main before step 8 (the index-partition time a new version in PARTITION_TS, and the
 * sweeper's later deletion of the older ones, run here once at the end as {@code node.Sweeper}'s next pass would);
 * {@code latest} is one plain key in PARTITION_LATEST. Writes are not fsynced (the fsync is off-CPU and the same
 * for both). Not a test; see docs/benchmarks.md, "Step 8: storage writes".
 *
 *   java -cp bench/target/benchmarks.jar io.faunus.bench.StorageWriteBench [--rounds 7] [--inserts 40000]
 *        [--group 16] [--dir /work/bench-data]
 */
public final class StorageWriteBench {
  private StorageWriteBench() {}

  public static void main(String[] args) throws Exception {
    int rounds = 7, inserts = 40_000, group = 16;
    Path root = Path.of("/work/bench-data");
    for (int i = 0; i < args.length; i++) {
      String v = i + 1 < args.length ? args[i + 1] : null;
      switch (args[i]) {
        case "--rounds" -> rounds = Integer.parseInt(v);
        case "--inserts" -> inserts = Integer.parseInt(v);
        case "--group" -> group = Integer.parseInt(v);
        case "--dir" -> root = Path.of(v);
        case "--help", "-h" -> {
          System.out.println("StorageWriteBench [--rounds 7] [--inserts 40000] [--group 16] [--dir /work/bench-data]\n"
              + "CPU µs per insert of the storage write path, PARTITION_TS versions (main) against PARTITION_LATEST.");
          return;
        }
        default -> throw new IllegalArgumentException("unknown option " + args[i] + " (see --help)");
      }
      i++;
    }
    Files.createDirectories(root);
    List<Double> versions = new ArrayList<>(), latest = new ArrayList<>();
    for (int r = 0; r < rounds; r++) {
      versions.add(run(root, inserts, group, false));
      latest.add(run(root, inserts, group, true));
      System.out.printf("round %d: versions %.2f µs/insert, latest %.2f µs/insert%n", r + 1, versions.getLast(),
          latest.getLast());
    }
    versions.sort(null);
    latest.sort(null);
    System.out.printf("RESULT storage-write group=%d inserts=%d rounds=%d versions_us=%.2f (%.2f-%.2f) latest_us=%.2f "
            + "(%.2f-%.2f) ratio=%.3f%n", group, inserts, rounds, versions.get(rounds / 2), versions.getFirst(),
        versions.getLast(), latest.get(rounds / 2), latest.getFirst(), latest.getLast(),
        latest.get(rounds / 2) / versions.get(rounds / 2));
  }

  /** Thread CPU µs per insert for one fresh store. */
  private static double run(Path root, int inserts, int group, boolean plain) throws Exception {
    Path dir = Files.createTempDirectory(root, "storage-write-");
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    long db = 0, coll = 100, index = 7;
    byte[] schema = Keys.schemaTs(db);
    byte[] collection = Keys.collectionTs(db, coll);
    byte[] value = new byte[48];
    try (RocksEngine engine = RocksEngine.open(dir)) {
      long cpu = 0, logIndex = 0, id = 1_000_000;
      for (int done = 0; done < inserts; done += group) {
        long start = mx.getCurrentThreadCpuTime();
        List<Intent> intents = new ArrayList<>(group);
        for (int i = 0; i < group; i++, id++) {
          Tuple partition = Tuple.of(db, coll, index, Tuple.of(id % 10_000));
          byte[] pkey = Keys.partitionTs(partition);
          List<Intent.Read> reads = List.of(new Intent.Read(Cf.PARTITION_TS, schema, "schema"));
          intents.add(new Intent(Long.MAX_VALUE - 1, reads, List.of(
              new Intent.Write(Cf.VERSIONS, Tuple.of(db, coll, id).encode(), value),
              new Intent.Write(Cf.INDEX, partition.append(Tuple.of(), id).encode(), new byte[0]),
              new Intent.Write(plain ? Cf.PARTITION_LATEST : Cf.PARTITION_TS, pkey, new byte[0]),
              new Intent.Write(Cf.PARTITION_TS, collection, new byte[] {(byte) i}))));
        }
        Applier.Applied a;
        try (Snapshot s = engine.snapshot()) {
          a = Applier.apply(s, new Entry(1 + done, intents), ++logIndex);
        }
        engine.write(a.batch(), false);
        cpu += mx.getCurrentThreadCpuTime() - start;
      }
      long start = mx.getCurrentThreadCpuTime();
      if (!plain) sweepPartitionVersions(engine); // once, as a sweep a minute later would: every version but the newest
      cpu += mx.getCurrentThreadCpuTime() - start;
      return cpu / 1_000.0 / inserts;
    } finally {
      try (var files = Files.walk(dir)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
      }
    }
  }

  /** What {@code node.Sweeper} did for ("p", …) keys on main: keep only each partition's newest version. */
  private static void sweepPartitionVersions(RocksEngine engine) {
    for (int n = 1; n > 0; ) {
      Batch gc = new Batch();
      try (Snapshot s = engine.snapshot()) {
        n = Mvcc.collectGarbage(s, gc, Cf.PARTITION_TS, Tuple.of("p").encode(), Long.MAX_VALUE - 1, 10_000);
      }
      if (n > 0) engine.write(gc, false);
    }
  }
}
