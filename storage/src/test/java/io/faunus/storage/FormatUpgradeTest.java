package io.faunus.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A data directory laid out as main wrote it before step 8 (index-partition times as versions in PARTITION_TS)
 * opens, and comes out with one plain newest time per partition in PARTITION_LATEST and nothing else changed.
 */
class FormatUpgradeTest {
  @TempDir Path temp;

  private static byte[] partition(long index) {
    return Tuple.of("p").append(Tuple.of(0L, 7L, index, "terms")).encode();
  }

  @Test
  void oldIndexPartitionVersionsAreFoldedIntoPlainNewestTimesOnOpen() {
    Path dir = temp.resolve("db");
    byte[] collection = Tuple.of("all", 0L, 7L).encode();
    byte[] schema = Tuple.of("schema", 0L).encode();
    // More versions than one upgrade batch holds, so one partition's versions straddle two batches.
    int perPartition = FormatUpgrade.ENTRIES_PER_BATCH / 2 + 7;
    try (RocksEngine old = RocksEngine.open(dir)) {
      Batch b = new Batch().setAppliedIndex(3);
      for (long p = 0; p < 3; p++) {
        for (int v = 1; v <= perPartition; v++) Mvcc.putVersion(b, Cf.PARTITION_TS, partition(p), 1_000 * p + v, new byte[0]);
      }
      Mvcc.putVersion(b, Cf.PARTITION_TS, collection, 50, new byte[] {1});
      Mvcc.putVersion(b, Cf.PARTITION_TS, collection, 60, new byte[] {2});
      Mvcc.putVersion(b, Cf.PARTITION_TS, schema, 40, new byte[0]);
      old.write(b, true);
    }
    // RocksEngine.open ran the upgrade already on the first open (nothing to do then); this one moves them.
    try (RocksEngine engine = RocksEngine.open(dir); Snapshot s = engine.snapshot()) {
      for (long p = 0; p < 3; p++) {
        assertThat(PartitionTimes.latest(s, partition(p))).as("partition %d", p).hasValue(1_000 * p + perPartition);
      }
      assertThat(keys(s, Cf.PARTITION_TS, FormatUpgrade.INDEX_PARTITION_PREFIX)).as("old versions gone").isEmpty();
      assertThat(versions(s, collection)).as("the change log keeps its history").containsExactly(60L, 50L);
      assertThat(versions(s, schema)).containsExactly(40L);
      assertThat(engine.appliedIndex()).isEqualTo(3);
    }
    // Idempotent: a third open finds nothing to move and changes nothing.
    try (RocksEngine engine = RocksEngine.open(dir)) {
      assertThat(FormatUpgrade.run(engine)).isZero();
      try (Snapshot s = engine.snapshot()) {
        assertThat(PartitionTimes.latest(s, partition(2))).hasValue(2_000 + perPartition);
      }
    }
  }

  @Test
  void aMemoryCheckpointFromBeforeStep8IsUpgradedToo() {
    try (MemoryEngine old = MemoryEngine.create()) {
      Batch b = new Batch();
      Mvcc.putVersion(b, Cf.PARTITION_TS, partition(1), 10, new byte[0]);
      Mvcc.putVersion(b, Cf.PARTITION_TS, partition(1), 20, new byte[0]);
      old.write(b, true);
      old.checkpoint(temp.resolve("cp"));
    }
    try (MemoryEngine engine = MemoryEngine.open(temp.resolve("cp")); Snapshot s = engine.snapshot()) {
      assertThat(PartitionTimes.latest(s, partition(1))).hasValue(20);
      assertThat(keys(s, Cf.PARTITION_TS, FormatUpgrade.INDEX_PARTITION_PREFIX)).isEmpty();
    }
  }

  @Test
  void partitionTimesAreOneOverwrittenKey() {
    try (MemoryEngine engine = MemoryEngine.create()) {
      Batch b = new Batch();
      PartitionTimes.put(b, partition(1), 10);
      PartitionTimes.put(b, partition(1), 11);
      engine.write(b, false);
      try (Snapshot s = engine.snapshot()) {
        assertThat(PartitionTimes.latest(s, partition(1))).hasValue(11);
        assertThat(PartitionTimes.latest(s, partition(2))).isEmpty();
        assertThat(keys(s, Cf.PARTITION_LATEST, new byte[0])).hasSize(1);
      }
    }
  }

  private static List<byte[]> keys(Snapshot s, Cf cf, byte[] prefix) {
    List<byte[]> out = new ArrayList<>();
    try (var c = s.scanPrefix(cf, prefix, false)) {
      while (c.hasNext()) out.add(c.next().key());
    }
    return out;
  }

  private static List<Long> versions(Snapshot s, byte[] key) {
    List<Long> out = new ArrayList<>();
    try (var c = Mvcc.history(s, Cf.PARTITION_TS, key)) {
      while (c.hasNext()) out.add(c.next().tsMicros());
    }
    return out;
  }
}
