package io.faunus.log;

import static org.assertj.core.api.Assertions.assertThat;

import io.faunus.storage.Batch;
import io.faunus.storage.Cf;
import io.faunus.storage.Engine;
import io.faunus.storage.MemoryEngine;
import io.faunus.storage.Mvcc;
import io.faunus.storage.Snapshot;
import io.faunus.storage.Tuple;
import org.junit.jupiter.api.Test;

class StoreDigestTest {
  private static final byte[] K = Tuple.of(0L, 99L, "k").encode();

  private static void put(Engine e, long ts, int v) {
    Batch b = new Batch();
    Mvcc.putVersion(b, Cf.VERSIONS, K, ts, new byte[] {(byte) v});
    e.write(b, false);
  }

  private static String digest(Engine e) {
    try (Snapshot s = e.snapshot()) {
      return StoreDigest.of(s).sha256();
    }
  }

  @Test
  void replicasThatSweptHistoryAtDifferentTimesStillMatchButDifferentDataDoesNot() {
    try (Engine a = MemoryEngine.create(); Engine b = MemoryEngine.create(); Engine c = MemoryEngine.create()) {
      for (Engine e : new Engine[] {a, b, c}) {
        put(e, 10, 1);
        put(e, 20, 2);
      }
      put(c, 30, 3);
      Batch gc = new Batch();
      try (Snapshot s = b.snapshot()) {
        assertThat(Mvcc.collectGarbage(s, gc, Cf.VERSIONS, new byte[0], 25, 100)).isEqualTo(1);
      }
      b.write(gc, false);
      assertThat(digest(b)).as("b swept the version at 10").isEqualTo(digest(a));
      assertThat(digest(c)).isNotEqualTo(digest(a));
    }
  }

  /**
   * A backup manifest written before step 8 digested index-partition times as versions in PARTITION_TS; the
   * same store, upgraded on open to plain times in PARTITION_LATEST, must digest the same.
   */
  @Test
  void theDigestDoesNotChangeWhenOldPartitionTimesAreUpgraded(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
    byte[] partition = Tuple.of("p").append(Tuple.of(0L, 99L, 1L, "t")).encode();
    byte[] collection = Tuple.of("all", 0L, 99L).encode();
    byte[] schema = Tuple.of("schema", 0L).encode();
    String before;
    try (Engine old = io.faunus.storage.RocksEngine.open(dir)) {
      Batch b = new Batch();
      Mvcc.putVersion(b, Cf.PARTITION_TS, collection, 5, new byte[] {7});
      Mvcc.putVersion(b, Cf.PARTITION_TS, partition, 5, new byte[0]);
      Mvcc.putVersion(b, Cf.PARTITION_TS, partition, 9, new byte[0]);
      Mvcc.putVersion(b, Cf.PARTITION_TS, schema, 3, new byte[0]);
      Mvcc.putVersion(b, Cf.VERSIONS, K, 9, new byte[] {1});
      b.put(Cf.META, Applier.CLOCK_KEY, java.nio.ByteBuffer.allocate(8).putLong(9).array());
      old.write(b, true);
      before = digest(old); // as main computed it: the partition's newest version read from PARTITION_TS
    }
    try (Engine upgraded = io.faunus.storage.RocksEngine.open(dir); Snapshot s = upgraded.snapshot()) {
      assertThat(io.faunus.storage.PartitionTimes.latest(s, partition)).hasValue(9);
      assertThat(StoreDigest.of(s).sha256()).isEqualTo(before);
      assertThat(StoreDigest.of(s, 9).sha256()).as("at the last commit: the store as it is").isEqualTo(before);
    }
  }

  /** What a backup's check relies on: the digest as of T equals the digest of a copy whose last commit was T. */
  @Test
  void theDigestAtATimeIsTheDigestOfTheStoreAsItWasThen() {
    byte[] other = Tuple.of(0L, 99L, "other").encode();
    try (Engine then = MemoryEngine.create(); Engine now = MemoryEngine.create()) {
      for (Engine e : new Engine[] {then, now}) {
        put(e, 10, 1);
        put(e, 20, 2);
      }
      put(now, 30, 3); // changed after 20
      Batch added = new Batch();
      Mvcc.putVersion(added, Cf.VERSIONS, other, 40, new byte[] {4}); // created after 20
      now.write(added, false);
      Batch deleted = new Batch();
      Mvcc.putTombstone(deleted, Cf.VERSIONS, K, 50); // deleted after 20
      now.write(deleted, false);
      try (Snapshot s = now.snapshot()) {
        assertThat(StoreDigest.of(s, 20).sha256()).isEqualTo(digest(then));
        assertThat(StoreDigest.of(s, 29).sha256()).isEqualTo(digest(then));
        assertThat(StoreDigest.of(s, 30).sha256()).isNotEqualTo(digest(then));
        assertThat(StoreDigest.of(s, Long.MAX_VALUE).sha256()).isEqualTo(digest(now));
      }
    }
  }
}
