package io.faunus.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rocksdb.RocksDB;

class RocksEngineTest extends EngineContractTest {
  @Override
  Engine open() {
    return RocksEngine.open(temp.resolve("db"));
  }

  @Override
  Engine openCheckpoint(Path dir) {
    return RocksEngine.open(dir);
  }

  @Test
  void reopenKeepsDataAndAppliedIndex() {
    var batch = new Batch().put(Cf.PARTITION_TS, key("p"), bytes("42")).setAppliedIndex(5);
    Mvcc.putVersion(batch, Cf.VERSIONS, key("doc"), 100, bytes("v"));
    engine.write(batch, false); // not synced: a clean close must still keep it
    engine.close();
    engine = open();
    assertThat(engine.appliedIndex()).isEqualTo(5);
    assertThat(text(engine.get(Cf.PARTITION_TS, key("p")))).isEqualTo("42");
    try (Snapshot s = engine.snapshot()) {
      assertThat(Mvcc.readAt(s, Cf.VERSIONS, key("doc"), 200)).get().extracting(Version::tsMicros).isEqualTo(100L);
    }
    assertThatThrownBy(() -> engine.write(new Batch().setAppliedIndex(5), false)).isInstanceOf(IllegalStateException.class);
  }

  /** Writes share one native batch up to a size; each write carries its own operations only, whatever came before. */
  @Test
  void writesOfEverySizeCarryOnlyTheirOwnOperations() {
    byte[] big = new byte[(int) RocksEngine.REUSED_BATCH_MAX_BYTES / 4];
    var large = new Batch();
    for (int i = 0; i < 5; i++) large.put(Cf.VERSIONS, key("big", i), big);
    engine.write(large, false);
    engine.write(new Batch().put(Cf.VERSIONS, key("small", 1), bytes("1")).setAppliedIndex(1), false);
    assertThatThrownBy(() -> engine.write(new Batch().put(Cf.VERSIONS, key("stale"), bytes("x")).setAppliedIndex(1), false))
        .isInstanceOf(IllegalStateException.class);
    engine.write(new Batch().delete(Cf.VERSIONS, key("big", 0)).setAppliedIndex(2), true);
    assertThat(engine.get(Cf.VERSIONS, key("stale"))).isNull();
    assertThat(engine.get(Cf.VERSIONS, key("big", 0))).isNull();
    assertThat(engine.get(Cf.VERSIONS, key("big", 4))).hasSize(big.length);
    assertThat(text(engine.get(Cf.VERSIONS, key("small", 1)))).isEqualTo("1");
    assertThat(engine.appliedIndex()).isEqualTo(2);
  }

  @Test
  void propertiesForMonitoring() {
    var batch = new Batch();
    for (int i = 0; i < 50; i++) Mvcc.putVersion(batch, Cf.VERSIONS, key("doc" + i), 100, bytes("v"));
    engine.write(batch, true);
    Map<String, Long> p = engine.properties();
    assertThat(p.keySet()).containsAll(RocksEngine.PER_COLUMN_FAMILY).containsAll(RocksEngine.PER_DATABASE);
    assertThat(p.get("rocksdb.estimate-num-keys")).isGreaterThanOrEqualTo(50);
    assertThat(p.get("rocksdb.cur-size-all-mem-tables")).isPositive();
    assertThat(p.get("rocksdb.is-write-stopped")).isZero();
    engine.close();
    assertThat(engine.properties()).as("a closed engine has none").isEmpty();
  }

  /**
   * Each memtable carries a bloom filter of {@link RocksEngine#MEMTABLE_BLOOM_RATIO} of its size (RocksDB takes it
   * from the memtable's arena, so the memtable's reported size includes it from the start), unless turned off; and
   * with it a get of a key the memtable does not hold answers as before, next to keys it does hold.
   */
  @Test
  void memtablesCarryABloomFilterUnlessTurnedOff() {
    long filterBytes = (long) (RocksEngine.Options.defaults().writeBufferBytes() * RocksEngine.MEMTABLE_BLOOM_RATIO);
    var batch = new Batch();
    Mvcc.putVersion(batch, Cf.VERSIONS, key("doc"), 100, bytes("v"));
    engine.write(batch, true);
    assertThat(activeMemtableBytes(engine)).as("with filters").isGreaterThanOrEqualTo(filterBytes);
    try (Snapshot s = engine.snapshot()) {
      assertThat(Mvcc.readAt(s, Cf.VERSIONS, key("doc"), 200)).get().extracting(Version::tsMicros).isEqualTo(100L);
      assertThat(Mvcc.readAt(s, Cf.VERSIONS, key("doc2"), 200)).isEmpty();
    }
    engine.close();
    System.setProperty(RocksEngine.Options.MEMTABLE_BLOOM_RATIO_PROPERTY, "0");
    try (var without = RocksEngine.open(temp.resolve("no-filter"))) {
      without.write(batch, true);
      assertThat(activeMemtableBytes(without)).as("without filters").isLessThan(filterBytes);
    } finally {
      System.clearProperty(RocksEngine.Options.MEMTABLE_BLOOM_RATIO_PROPERTY);
    }
  }

  private static long activeMemtableBytes(Engine e) {
    return Long.parseLong(((RocksEngine) e).property(Cf.VERSIONS, "rocksdb.cur-size-active-mem-table").strip());
  }

  @Test
  void openFailuresAreClear() throws Exception {
    assertThatThrownBy(() -> RocksEngine.open(temp.resolve("db")))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("cannot open RocksDB data directory")
        .hasMessageContaining("another process");
    Path file = Files.writeString(temp.resolve("not-a-dir"), "x");
    assertThatThrownBy(() -> RocksEngine.open(file)).isInstanceOf(StorageException.class).hasMessageContaining(file.toString());
    assertThatThrownBy(() -> new RocksEngine.Options(0, 1, 1, 1)).isInstanceOf(IllegalArgumentException.class);
  }

  /**
   * Also with flushes every few batches ({@code flushing}): WAL files then become obsolete and are overwritten
   * by later ones ({@link RocksEngine#RECYCLED_WAL_FILES}), so recovery must stop at the end of the newest records
   * and neither lose an acknowledged batch nor replay an older file's leftovers (which would set the applied
   * index back).
   */
  @ParameterizedTest
  @ValueSource(strings = {"plain", "flushing"})
  void killedWriterLosesNoAcknowledgedBatchAndAppliesNoneHalfway(String mode) throws Exception {
    engine.close(); // the child owns the directory
    Path dir = temp.resolve("crash");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    var classpath = new LinkedHashSet<String>();
    for (Class<?> c : new Class<?>[] {CrashChild.class, RocksEngine.class, RocksDB.class}) {
      classpath.add(Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
    }
    long acked = 0;
    for (int round = 0; round < 2; round++) { // the second round recovers from the first crash, then crashes again
      long ackedBefore = acked;
      Process child = new ProcessBuilder(java, "-cp", String.join(File.pathSeparator, classpath), CrashChild.class.getName(), dir.toString(), mode)
          .redirectError(ProcessBuilder.Redirect.INHERIT)
          .start();
      try (var out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
           AutoCloseable killOnFailure = child::destroyForcibly) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String line;
        while ((line = out.readLine()) != null && acked < ackedBefore + 150 && System.nanoTime() < deadline) {
          assertThat(line).startsWith("ack ");
          long n = Long.parseLong(line.substring(4));
          assertThat(n).isEqualTo(acked + 1);
          acked = n;
        }
        child.destroyForcibly(); // SIGKILL while it keeps writing
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
      }
      assertThat(acked).as("the child acknowledged batches before the kill").isGreaterThanOrEqualTo(ackedBefore + 150);
      if (mode.equals("flushing")) { // without recycling, a flushed WAL file is deleted; with it, kept for reuse
        try (var files = Files.list(dir)) {
          assertThat(files.filter(f -> f.toString().endsWith(".log")).count()).as("WAL files, recycled ones kept").isGreaterThanOrEqualTo(2);
        }
      }

      try (Engine reopened = RocksEngine.open(dir); Snapshot s = reopened.snapshot()) {
        Map<Long, Integer> keysPerBatch = new HashMap<>();
        for (Cf cf : new Cf[] {Cf.VERSIONS, Cf.INDEX}) {
          try (var c = s.scanPrefix(cf, key("batch"), false)) {
            c.forEachRemaining(e -> {
              long n = ((KeyElement.Int) Tuple.decode(e.key()).get(1)).value();
              assertThat(Tuple.decode(e.value())).isEqualTo(Tuple.of(n));
              keysPerBatch.merge(n, 1, Integer::sum);
            });
          }
        }
        long applied = reopened.appliedIndex();
        assertThat(applied).as("every acknowledged batch survived").isGreaterThanOrEqualTo(acked);
        assertThat(keysPerBatch).hasSize((int) applied); // exactly batches 1..applied, nothing beyond
        for (long n = 1; n <= applied; n++) {
          assertThat(keysPerBatch.get(n)).as("batch %d is whole", n).isEqualTo(CrashChild.KEYS_PER_BATCH);
        }
        acked = applied; // the child resumes after what is durable
      }
    }
    engine = open(); // for tearDown
  }

  /**
   * Forward scans borrow their snapshot's one unbounded iterator per column family: a second scan open at
   * the same time gets its own bounded cursor, and a scan started after the first closed borrows it again.
   */
  @Test
  void scansOpenAtOnceOnOneColumnFamilyEachSeeTheirOwnRange() {
    var batch = new Batch();
    for (String k : java.util.List.of("a", "b", "c", "d", "e")) batch.put(Cf.INDEX, key(k), bytes(k.toUpperCase()));
    engine.write(batch, false);
    try (Snapshot s = engine.snapshot()) {
      Cursor<Entry> outer = s.iterate(Cf.INDEX, key("b"), key("e"), false);
      assertThat(outer.hasNext()).isTrue();
      assertThat(text(outer.next().value())).isEqualTo("B");
      assertThat(drain(s.iterate(Cf.INDEX, key("a"), key("c"), false))).containsExactly("a=A", "b=B");
      assertThat(drain(s.iterate(Cf.INDEX, key("d"), null, false))).containsExactly("d=D", "e=E");
      assertThat(drain(outer)).containsExactly("c=C", "d=D"); // the rest of it, unmoved by the others
      assertThat(drain(s.iterate(Cf.INDEX, key("c"), key("c", "x"), false))).containsExactly("c=C");
      assertThat(drain(s.iterate(Cf.INDEX, key("zz"), null, false))).isEmpty();
    }
  }

  /**
   * A released snapshot's scan iterator is kept and re-pointed at the next snapshot that scans: it then reads that
   * snapshot exactly (neither later writes nor missing earlier ones), and a flush empties the pool.
   */
  @Test
  void keptScanIteratorsReadTheirNewSnapshotExactlyAndAFlushDropsThem() throws Exception {
    RocksEngine rocks = (RocksEngine) engine;
    flushAndAwaitNoIdleIterator(rocks); // whatever opening the engine scanned
    var first = new Batch();
    first.put(Cf.INDEX, key("a"), bytes("A"));
    engine.write(first, false);
    try (Snapshot older = engine.snapshot()) {
      var second = new Batch();
      second.put(Cf.INDEX, key("b"), bytes("B"));
      engine.write(second, false);
      try (Snapshot newer = engine.snapshot()) {
        assertThat(drain(newer.iterate(Cf.INDEX, key("a"), null, false))).containsExactly("a=A", "b=B");
      }
      assertThat(rocks.idleScanIterators()).as("given back on release").isEqualTo(1);
      // the kept iterator, now at the older snapshot: b was written after it
      assertThat(drain(older.iterate(Cf.INDEX, key("a"), null, false))).containsExactly("a=A");
      assertThat(rocks.idleScanIterators()).as("taken while the snapshot is open").isZero();
    }
    var third = new Batch();
    third.put(Cf.INDEX, key("c"), bytes("C"));
    engine.write(third, false);
    try (Snapshot latest = engine.snapshot()) {
      assertThat(drain(latest.iterate(Cf.INDEX, key("a"), null, false))).containsExactly("a=A", "b=B", "c=C");
    }
    assertThat(rocks.idleScanIterators()).isEqualTo(1);
    flushAndAwaitNoIdleIterator(rocks);
    try (Snapshot afterFlush = engine.snapshot()) {
      assertThat(drain(afterFlush.iterate(Cf.INDEX, key("b"), null, false))).containsExactly("b=B", "c=C");
    }
  }

  /** Flushes something (an empty memtable is no flush, and no event), then waits for the pool to empty. */
  private static void flushAndAwaitNoIdleIterator(RocksEngine rocks) throws InterruptedException {
    var marker = new Batch();
    marker.put(Cf.VERSIONS, key("flush marker", System.nanoTime()), bytes("x"));
    rocks.write(marker, false);
    rocks.flush(false);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30); // the listener runs on RocksDB's thread
    while (rocks.idleScanIterators() > 0 && System.nanoTime() < deadline) Thread.sleep(10);
    assertThat(rocks.idleScanIterators()).as("dropped when the flush completed").isZero();
  }

  /**
   * A borrowed iterator is unbounded: past the end of its range it would walk every deletion marker up to the
   * next live key. It gives up after SCAN_SKIP_MAX hidden keys and the scan goes on bounded, from the key after
   * the last one returned, with the same answer.
   */
  @Test
  void aScanOverManyDeletionMarkersGoesOnBoundedWithTheSameAnswer() {
    int n = (int) RocksEngine.SCAN_SKIP_MAX * 3;
    var put = new Batch();
    for (int i = 0; i < n; i++) put.put(Cf.INDEX, key("k", (long) i), bytes("v" + i));
    put.put(Cf.INDEX, key("z"), bytes("Z"));
    engine.write(put, false);
    var del = new Batch();
    for (int i = 1; i < n - 1; i++) del.delete(Cf.INDEX, key("k", (long) i));
    engine.write(del, false);
    long before = RocksEngine.LENT_SCAN_FALLBACKS.sum();
    try (Snapshot s = engine.snapshot()) {
      // markers inside the range, between the two live keys
      assertThat(values(s.iterate(Cf.INDEX, key("k"), KeyCodec.prefixEnd(key("k")), false)))
          .containsExactly("v0", "v" + (n - 1));
      // a range holding only markers, with more markers and a live key after it
      assertThat(values(s.iterate(Cf.INDEX, key("k", 1L), key("k", (long) n / 2), false))).isEmpty();
      // a range ending right where the markers start
      assertThat(values(s.iterate(Cf.INDEX, key("k", 0L), key("k", 1L), false))).containsExactly("v0");
    }
    assertThat(RocksEngine.LENT_SCAN_FALLBACKS.sum() - before).isGreaterThanOrEqualTo(2);
  }

  private static java.util.List<String> values(Cursor<Entry> c) {
    try (c) {
      var out = new java.util.ArrayList<String>();
      while (c.hasNext()) out.add(text(c.next().value()));
      return out;
    }
  }
}
