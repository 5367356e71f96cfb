package io.faunus.log.ratis;

import static org.assertj.core.api.Assertions.assertThat;

import io.faunus.storage.Batch;
import io.faunus.storage.Cf;
import io.faunus.storage.Mvcc;
import io.faunus.storage.Tuple;
import io.faunus.storage.Version;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A replica's snapshots are the RocksDB engine's, newest-version bounds included (point reads as gets). */
class ReplicaEngineTest {
  @TempDir Path temp;

  @Test
  void snapshotsCarryTheEnginesBoundsAndReadTheNewestVersion() {
    var engine = new ReplicaEngine(temp.resolve("sm"));
    try {
      byte[] key = Tuple.of(0L, 5L, 7L).encode();
      for (long ts = 1; ts <= 3; ts++) {
        var batch = new Batch();
        Mvcc.putVersion(batch, Cf.VERSIONS, key, ts, new byte[] {(byte) ts});
        engine.write(batch, false);
        try (var snap = engine.snapshot()) {
          assertThat(snap.newest()).as("the engine's bounds, not the wrapper's default").isNotNull();
          var v = (Version.Live) Mvcc.readAt(snap, Cf.VERSIONS, key, 10).orElseThrow();
          assertThat(v.tsMicros()).isEqualTo(ts);
          assertThat(v.value()).containsExactly((byte) ts);
        }
      }
    } finally {
      engine.close();
    }
  }
}
