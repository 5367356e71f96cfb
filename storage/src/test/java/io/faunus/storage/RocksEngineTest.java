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

  @Test
  void killedWriterLosesNoAcknowledgedBatchAndAppliesNoneHalfway() throws Exception {
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
      Process child = new ProcessBuilder(java, "-cp", String.join(File.pathSeparator, classpath), CrashChild.class.getName(), dir.toString())
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
}
