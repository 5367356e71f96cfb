package io.faunus.bench;

import com.sun.management.ThreadMXBean;
import io.faunus.storage.Batch;
import io.faunus.storage.Cf;
import io.faunus.storage.Mvcc;
import io.faunus.storage.RocksEngine;
import io.faunus.storage.Snapshot;
import io.faunus.storage.Tuple;
import io.faunus.storage.Version;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * CPU per MVCC point read on RocksDB alone (no node, no HTTP), on a fresh store and on a grown one, with each
 * prefix-bloom setting ({@code RocksEngine.Options.prefixBloomBytes}). A grown store is what a server has after
 * minutes of inserts: documents keyed as {@code model.doc.Keys.doc} keys them ({@code (0, coll, id)} with
 * time-ordered ids), some updated, some deleted (a tombstone version, and for some the versions removed as the
 * sweeper removes them), written in commit-sized batches so memtables flush into several L0 files and levels.
 * Each read opens its own snapshot, as a query does. See docs/benchmarks.md, "Prefix bloom filters".
 */
public final class GrownReads {
  private static final String HELP = """
      Usage: java -cp bench/target/benchmarks.jar io.faunus.bench.GrownReads [options]
      CPU per MVCC point read (thread CPU time), RocksDB only, fresh and grown stores, per prefix-bloom setting.
        --docs N            documents in the grown store (default 400000; the fresh store has 2000)
        --collections N     collections the documents are spread over (default 4)
        --value-bytes N     bytes per document version (default 120)
        --prefix-bytes L,.. prefix-bloom lengths to compare, 0 = whole-key filter only (default 0,38)
        --seconds S         seconds per measured window (default 2)
        --rounds N          rounds; the second half is measured (default 6)
        --cache-mb N        block cache size (default 64, as RocksEngine.Options.defaults)
        --data-root DIR     where the temporary stores go (default /work/bench-data)
        --help              this text
      Stores: fresh (in the memtable), grown (as the writes left it: memtables and L0/L1 files), compacted (the
      grown store flushed and compacted into one sorted run). Prints per store: files per level, then per round
      and kind (hit: an existing document, miss: an id between existing ones) the CPU per read (hot: one of the first 2000 documents), and `MEDIAN <store> <prefix> <kind> <µs>` lines.""";

  private static final int FRESH_DOCS = 2000;
  private static final int HOT_DOCS = 2000;
  private static final int BATCH_DOCS = 50; // about what one commit group of the insert workload writes
  private static final long ROOT_DB = 0;

  private GrownReads() {}

  public static void main(String[] args) throws Exception {
    var parsed = Flags.parse(args, Map.of("--docs", "400000", "--collections", "4", "--value-bytes", "120",
        "--prefix-bytes", "0,38", "--seconds", "2", "--rounds", "6", "--cache-mb", "64", "--data-root", "/work/bench-data"), HELP);
    if (parsed.isEmpty()) return;
    Map<String, String> o = parsed.get();
    int docs = Integer.parseInt(o.get("--docs")), colls = Integer.parseInt(o.get("--collections"));
    int valueBytes = Integer.parseInt(o.get("--value-bytes")), rounds = Integer.parseInt(o.get("--rounds"));
    long windowNanos = (long) (Double.parseDouble(o.get("--seconds")) * 1e9);
    long cacheBytes = Long.parseLong(o.get("--cache-mb")) << 20;
    Path root = Files.createDirectories(Path.of(o.get("--data-root")));
    for (String p : o.get("--prefix-bytes").split(",")) {
      var options = RocksEngine.Options.defaults().withPrefixBloomBytes(Integer.parseInt(p.trim())).withBlockCacheBytes(cacheBytes);
      for (String store : List.of("fresh", "grown", "compacted")) {
        Path dir = Files.createTempDirectory(root, "grown-reads-");
        try (RocksEngine engine = RocksEngine.open(dir, options)) {
          long t0 = System.nanoTime();
          Store s = Store.fill(engine, store.equals("fresh") ? FRESH_DOCS : docs, colls, valueBytes);
          if (store.equals("compacted")) engine.flush(true); // the grown store as one sorted run per column family
          System.out.printf("%s store, prefix %s: %d documents written in %.1f s%n%s%n", store, p, s.ids.length,
              (System.nanoTime() - t0) / 1e9, engine.property(Cf.VERSIONS, "rocksdb.levelstats").strip());
          measure(engine, s, store + " " + p, rounds, windowNanos);
        } finally {
          deleteTree(dir);
        }
      }
    }
  }

  /** The keys written: document ids (time-ordered) and their collections, and the commit time of the last write. */
  private record Store(long[] colls, long[] ids, int[] collOf, long lastTs) {
    static Store fill(RocksEngine engine, int docs, int collCount, int valueBytes) {
      var idGen = new TimeOrderedIds();
      long[] colls = new long[collCount];
      for (int c = 0; c < collCount; c++) colls[c] = idGen.next();
      long[] ids = new long[docs];
      int[] collOf = new int[docs];
      Random r = new Random(7);
      byte[] value = new byte[valueBytes];
      long ts = 1_000_000;
      for (int from = 0; from < docs; from += BATCH_DOCS) {
        var batch = new Batch();
        ts++;
        for (int i = from; i < Math.min(docs, from + BATCH_DOCS); i++) {
          ids[i] = idGen.next();
          collOf[i] = r.nextInt(collCount);
          r.nextBytes(value);
          Mvcc.putVersion(batch, Cf.VERSIONS, key(colls[collOf[i]], ids[i]), ts, value);
          // the history a workload leaves: an update of an older document, now and then a delete
          if (i > 0 && i % 4 == 0) {
            int old = r.nextInt(i);
            Mvcc.putVersion(batch, Cf.VERSIONS, key(colls[collOf[old]], ids[old]), ts, value);
          }
          if (i > 0 && i % 20 == 0) {
            int old = r.nextInt(i);
            Mvcc.putTombstone(batch, Cf.VERSIONS, key(colls[collOf[old]], ids[old]), ts);
          }
        }
        engine.write(batch.setAppliedIndex(ts), false);
      }
      return new Store(colls, ids, collOf, ts);
    }
  }

  private static void measure(RocksEngine engine, Store s, String label, int rounds, long windowNanos) {
    ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    Map<String, List<Double>> measured = new LinkedHashMap<>();
    Random r = new Random(1);
    long found = 0;
    for (int round = 0; round < rounds; round++) {
      for (String kind : List.of("hit", "miss", "hot")) {
        long ops = 0, cpu0 = threads.getCurrentThreadCpuTime();
        long end = System.nanoTime() + windowNanos;
        while (System.nanoTime() < end) {
          // hot: the first documents written, as LookupCpu and `./faunus bench` read (a hot set inserted first)
          int i = r.nextInt(kind.equals("hot") ? Math.min(HOT_DOCS, s.ids.length) : s.ids.length);
          // a miss: the id node 1 would have made in the same millisecond, between existing ones (node 0 wrote all)
          long id = kind.equals("hit") ? s.ids[i] : s.ids[i] | 1L << 12;
          try (Snapshot snap = engine.snapshot()) {
            var v = Mvcc.readAt(snap, Cf.VERSIONS, key(s.colls[s.collOf[i]], id), s.lastTs);
            if (v.isPresent() && v.get() instanceof Version.Live) found++;
          }
          ops++;
        }
        double micros = (threads.getCurrentThreadCpuTime() - cpu0) / 1e3 / ops;
        System.out.printf("round %d %s %s: %d reads, %.2f us cpu/read%n", round, label, kind, ops, micros);
        if (round >= rounds / 2) measured.computeIfAbsent(kind, k -> new ArrayList<>()).add(micros);
      }
    }
    for (var e : measured.entrySet()) {
      double[] v = e.getValue().stream().mapToDouble(Double::doubleValue).sorted().toArray();
      System.out.printf("MEDIAN %s %s %.2f us cpu/read (min %.2f, max %.2f, %d rounds)%n", label, e.getKey(),
          v[v.length / 2], v[0], v[v.length - 1], v.length);
    }
    if (found == 0) throw new IllegalStateException("no read found a live document: the benchmark is broken");
  }

  private static byte[] key(long coll, long id) {
    return Tuple.of(ROOT_DB, coll, id).encode();
  }

  /** Ids laid out as node.IdGenerator lays them out (ms since 2020, node 0, a sequence within the ms). */
  private static final class TimeOrderedIds {
    private long lastMs = -1;
    private long seq;

    long next() {
      long ms = Math.max(System.currentTimeMillis() - 1_577_836_800_000L, lastMs);
      seq = ms == lastMs ? seq + 1 : 0;
      if (seq == 1 << 12) {
        ms++;
        seq = 0;
      }
      lastMs = ms;
      return ms << 22 | seq;
    }
  }

  private static void deleteTree(Path dir) throws java.io.IOException {
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
