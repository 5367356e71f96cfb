package io.faunus.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.Statistics;
import org.rocksdb.TickerType;

/**
 * Prefix bloom filters ({@link PrefixBloom}) change which SST files a seek reads, never what it answers: every
 * read and scan of a store spread over the bottom level, L0 files and the memtable answers exactly as the
 * {@link MemoryEngine} does, with the filters off, on (a prefix shorter than every key head, so every point read
 * uses them; the default length, which some keys reach and some do not; a length no key reaches), and when a
 * directory written with one setting is opened with another.
 */
class RocksEnginePrefixBloomTest {
  @TempDir Path temp;

  /** RocksDB's counters, shared by the engines of this class (JUnit runs its tests one at a time). */
  private static final Statistics STATISTICS = new Statistics();
  private static final int[] PREFIX_LENGTHS = {PrefixBloom.OFF, 8, 30, PrefixBloom.DEFAULT_BYTES, 120};

  @Test
  void everyReadAndScanAnswersAsTheMemoryEngineWhateverThePrefixLength() throws Exception {
    var history = History.generate(new Random(42));
    try (var oracle = MemoryEngine.create()) {
      history.writeTo(oracle, e -> {});
      for (int n : PREFIX_LENGTHS) {
        try (var rocks = open(temp.resolve("p" + n), n)) {
          history.writeTo(rocks, e -> ((RocksEngine) e).flush(history.phase == 0));
          assertThat(levels(rocks)).as("data in the bottom level, L0 files and the memtable").contains("L0=2").containsPattern("L[1-6]=\\d");
          long checked = checked(), filtered = filtered();
          history.assertSameAnswers(oracle, rocks, "prefix " + n);
          checked = checked() - checked;
          filtered = filtered() - filtered;
          if (n == PrefixBloom.OFF || n == 120) {
            assertThat(checked).as("prefix %d: no filter a seek can use", n).isZero();
          } else if (n == 8) {
            // 8 bytes are part of the database id: the filters are consulted and rule nothing out
            assertThat(checked).as("prefix 8: filters consulted").isPositive();
          } else {
            assertThat(filtered).as("prefix %d: point reads skipped SST files by their filters", n).isPositive();
          }
        }
      }
    }
  }

  /**
   * A directory written before prefix filters (its SST files hold whole-key filters and name no extractor) opens
   * with them and answers the same, before and after its files are compacted into ones with prefix filters; and
   * going back (or to another length) reads the new files without their filters.
   */
  @Test
  void directoriesWrittenWithOtherFilterSettingsKeepAnsweringTheSame() throws Exception {
    var history = History.generate(new Random(7));
    Path dir = temp.resolve("db");
    try (var oracle = MemoryEngine.create()) {
      history.writeTo(oracle, e -> {});
      try (var old = open(dir, PrefixBloom.OFF)) {
        history.writeTo(old, e -> ((RocksEngine) e).flush(history.phase == 0));
        old.flush(false); // nothing left for the next open to recover from the WAL (it would write a new file)
      }
      try (var upgraded = open(dir, 30)) {
        assertNoFilterConsulted(() -> history.assertSameAnswers(oracle, upgraded, "old files, prefix 30"),
            "old files carry no prefix filter");
        upgraded.flush(true); // rewrites every file with prefix filters
        long filtered = filtered();
        history.assertSameAnswers(oracle, upgraded, "compacted, prefix 30");
        assertThat(filtered() - filtered).as("rewritten files carry prefix filters").isPositive();
      }
      for (int n : new int[] {PrefixBloom.OFF, 12}) {
        try (var other = open(dir, n)) {
          assertNoFilterConsulted(() -> history.assertSameAnswers(oracle, other, "reopened with prefix " + n),
              "files written with another extractor are read without their filter");
        }
      }
    }
  }

  @Test
  void aRangeIsWithinOnePrefixOnlyWhenEveryKeyInItSharesTheFirstNBytes() {
    byte[] from = {1, 2, 3, 0, 0, 9};
    assertThat(PrefixBloom.withinOnePrefix(from, new byte[] {1, 2, 3, 0, 1}, 5)).as("the head's successor").isTrue();
    assertThat(PrefixBloom.withinOnePrefix(from, new byte[] {1, 2, 3, 0, 1}, 4)).as("starts with the prefix").isTrue();
    assertThat(PrefixBloom.withinOnePrefix(from, new byte[] {1, 2, 3, 1}, 4)).as("the prefix's successor").isTrue();
    assertThat(PrefixBloom.withinOnePrefix(from, new byte[] {1, 2, 3, 1, 0}, 4)).as("past the successor").isFalse();
    assertThat(PrefixBloom.withinOnePrefix(from, new byte[] {1, 2, 4}, 4)).isFalse();
    assertThat(PrefixBloom.withinOnePrefix(from, new byte[] {1, 2, 3, 0, 1}, 7)).as("from shorter than n").isFalse();
    assertThat(PrefixBloom.withinOnePrefix(from, null, 4)).as("unbounded").isFalse();
    assertThat(PrefixBloom.withinOnePrefix(from, new byte[] {1, 2, 3, 0, 1}, PrefixBloom.OFF)).isFalse();
    byte[] ff = {1, (byte) 0xFF, (byte) 0xFF, 7};
    assertThat(PrefixBloom.withinOnePrefix(ff, new byte[] {2}, 3)).as("successor of 01 FF FF").isTrue();
    assertThat(PrefixBloom.withinOnePrefix(new byte[] {(byte) 0xFF, 0}, new byte[] {(byte) 0xFF, 1}, 1)).isTrue();
  }

  /** Seeks that an SST file's prefix filter ruled out. */
  private static long filtered() {
    return STATISTICS.getTickerCount(TickerType.LAST_LEVEL_SEEK_FILTERED)
        + STATISTICS.getTickerCount(TickerType.NON_LAST_LEVEL_SEEK_FILTERED);
  }

  /**
   * Runs {@code reads} and checks that no prefix filter was consulted, unless a background compaction wrote files
   * meanwhile: RocksDB may compact a reopened directory at any time, and what it writes carries the new filters.
   */
  private static void assertNoFilterConsulted(Runnable reads, String why) {
    long checked = checked(), compacted = STATISTICS.getTickerCount(TickerType.COMPACT_WRITE_BYTES);
    reads.run();
    if (STATISTICS.getTickerCount(TickerType.COMPACT_WRITE_BYTES) == compacted) {
      assertThat(checked() - checked).as(why).isZero();
    }
  }

  /** Seeks whose SST file's prefix filter was consulted, whatever it said. */
  private static long checked() {
    return filtered() + STATISTICS.getTickerCount(TickerType.LAST_LEVEL_SEEK_FILTER_MATCH)
        + STATISTICS.getTickerCount(TickerType.NON_LAST_LEVEL_SEEK_FILTER_MATCH);
  }

  private RocksEngine open(Path dir, int prefixBytes) {
    return RocksEngine.open(dir, RocksEngine.Options.defaults().withPrefixBloomBytes(prefixBytes), STATISTICS);
  }

  private static String levels(RocksEngine engine) {
    var out = new ArrayList<String>();
    for (int level = 0; level <= 6; level++) {
      String files = engine.property(Cf.VERSIONS, "rocksdb.num-files-at-level" + level).strip();
      if (!files.equals("0")) out.add("L" + level + "=" + files);
    }
    return String.join(" ", out);
  }

  /**
   * Document-shaped keys as {@code model.doc.Keys} builds them ({@code (db, coll, id)}, {@code (db, coll, name)},
   * index entries {@code (db, coll, index, (terms), (values), doc)}) over a few databases and collections whose ids
   * escape to different lengths, with versions, tombstones and versions removed as the sweeper removes them,
   * written in four phases: the first ends up compacted into the bottom level, the next two in L0 files, the last
   * stays in the memtable.
   */
  private static final class History {
    final List<List<Batch>> phases = new ArrayList<>();
    final Map<String, byte[]> keys = new LinkedHashMap<>(); // every logical key written, by hex
    final List<byte[]> missing = new ArrayList<>(); // logical keys never written, next to written ones
    final List<byte[]> prefixes = new ArrayList<>(); // logical prefixes to scan
    final List<Long> times = new ArrayList<>();
    int phase;

    static History generate(Random r) {
      var h = new History();
      long[] dbs = {0, 1L << 40 | 77, 0x0100_0000_0000_0000L};
      long[] colls = {1, 4, 0x0123_4567_89AB_0000L};
      long ts = 1000;
      h.prefixes.add(new byte[0]);
      for (long db : dbs) {
        h.prefixes.add(Tuple.of(db).encode());
        for (long coll : colls) h.prefixes.add(Tuple.of(db, coll).encode());
      }
      for (int p = 0; p < 4; p++) {
        var batches = new ArrayList<Batch>();
        for (int b = 0; b < 40; b++) {
          var batch = new Batch();
          ts += 1 + r.nextInt(3);
          h.times.add(ts);
          for (int i = 0; i < 12; i++) {
            long db = dbs[r.nextInt(dbs.length)], coll = colls[r.nextInt(colls.length)];
            // time-ordered ids with zero bytes (they escape longer), a few reused so documents get versions
            long id = (r.nextInt(4) == 0 && !h.keys.isEmpty()) ? 0 : (1000L + p * 40 + b) << 22 | (long) r.nextInt(4) << 8;
            byte[] key = id == 0 ? h.pick(r) : r.nextInt(8) == 0 ? Tuple.of(db, coll, "n" + r.nextInt(50)).encode()
                : Tuple.of(db, coll, id).encode();
            switch (r.nextInt(10)) {
              case 0 -> Mvcc.putTombstone(batch, Cf.VERSIONS, key, ts);
              case 1 -> batch.delete(Cf.VERSIONS, h.someVersionOf(key, r)); // as the sweeper does, maybe of nothing
              default -> Mvcc.putVersion(batch, Cf.VERSIONS, key, ts, ("v" + ts + "-" + i).getBytes());
            }
            h.keys.put(java.util.HexFormat.of().formatHex(key), key);
            Tuple entry = Tuple.of(db, coll, 7L, Tuple.of("t" + r.nextInt(5)), Tuple.of(r.nextInt(100)), id);
            if (r.nextInt(6) == 0) Mvcc.putTombstone(batch, Cf.INDEX, entry.encode(), ts);
            else Mvcc.putVersion(batch, Cf.INDEX, entry.encode(), ts, new byte[0]);
            if (r.nextInt(3) == 0) h.missing.add(Tuple.of(db, coll, id + 1).encode());
            if (r.nextInt(5) == 0) h.missing.add(Tuple.of(db, coll, id, 0L).encode()); // extends an existing key
          }
          batches.add(batch);
        }
        h.phases.add(batches);
      }
      return h;
    }

    private byte[] pick(Random r) {
      var all = new ArrayList<>(keys.values());
      return all.get(r.nextInt(all.size()));
    }

    /** The physical key of the version at one of the times written so far (often one that does not exist). */
    private byte[] someVersionOf(byte[] logicalKey, Random r) {
      var probe = new Batch();
      Mvcc.putTombstone(probe, Cf.VERSIONS, logicalKey, times.get(r.nextInt(times.size())));
      return ((Batch.Put) probe.ops().get(0)).key();
    }

    /** Writes the phases in order, calling {@code afterPhase} after each but the last. */
    void writeTo(Engine engine, Consumer<Engine> afterPhase) {
      for (phase = 0; phase < phases.size(); phase++) {
        for (Batch b : phases.get(phase)) engine.write(b, false);
        if (phase < phases.size() - 1) afterPhase.accept(engine);
      }
    }

    void assertSameAnswers(Engine expected, Engine actual, String what) {
      try (Snapshot e = expected.snapshot(); Snapshot a = actual.snapshot()) {
        var probes = new ArrayList<>(keys.values());
        probes.addAll(missing);
        for (byte[] key : probes) {
          for (long ts : List.of(times.get(0) - 1, times.get(times.size() / 3), times.get(times.size() / 2) + 1, Long.MAX_VALUE / 2)) {
            for (Cf cf : new Cf[] {Cf.VERSIONS, Cf.INDEX}) {
              assertThat(render(Mvcc.readAt(a, cf, key, ts))).as("%s: read at %d", what, ts).isEqualTo(render(Mvcc.readAt(e, cf, key, ts)));
            }
          }
          assertThat(Mvcc.latestTs(a, Cf.VERSIONS, key)).as(what).isEqualTo(Mvcc.latestTs(e, Cf.VERSIONS, key));
          assertThat(versions(Mvcc.historyBetween(a, Cf.VERSIONS, key, times.get(5), times.get(times.size() - 5))))
              .as(what).isEqualTo(versions(Mvcc.historyBetween(e, Cf.VERSIONS, key, times.get(5), times.get(times.size() - 5))));
        }
        for (byte[] prefix : prefixes) {
          for (boolean reverse : new boolean[] {false, true}) {
            for (Cf cf : new Cf[] {Cf.VERSIONS, Cf.INDEX}) {
              assertThat(versions(Mvcc.scanAt(a, cf, prefix, times.get(times.size() * 2 / 3), reverse)))
                  .as("%s: scan of %s", what, cf).isEqualTo(versions(Mvcc.scanAt(e, cf, prefix, times.get(times.size() * 2 / 3), reverse)));
              byte[] end = KeyCodec.prefixEnd(prefix);
              assertThat(entries(a.iterate(cf, prefix, end, reverse))).as("%s: raw range", what).isEqualTo(entries(e.iterate(cf, prefix, end, reverse)));
            }
          }
        }
      }
    }

    private static String render(Optional<Version> v) {
      return v.map(Version::toString).orElse("none");
    }

    private static List<String> versions(Cursor<? extends Version> c) {
      try (c) {
        var out = new ArrayList<String>();
        c.forEachRemaining(v -> out.add(v.toString()));
        return out;
      }
    }

    private static List<String> entries(Cursor<Entry> c) {
      try (c) {
        var out = new ArrayList<String>();
        c.forEachRemaining(x -> out.add(java.util.HexFormat.of().formatHex(x.key()) + "=" + java.util.HexFormat.of().formatHex(x.value())));
        return out;
      }
    }
  }
}
