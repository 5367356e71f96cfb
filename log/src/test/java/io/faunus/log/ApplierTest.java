package io.faunus.log;

import static org.assertj.core.api.Assertions.assertThat;

import io.faunus.storage.Cf;
import io.faunus.storage.Engine;
import io.faunus.storage.MemoryEngine;
import io.faunus.storage.Snapshot;
import io.faunus.storage.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ApplierTest {
  private static byte[] key(String name) {
    return Tuple.of(0L, 99L, name).encode();
  }

  private static Intent write(long snap, String k, String... reads) {
    List<Intent.Read> rs = new ArrayList<>();
    for (String r : reads) rs.add(new Intent.Read(Cf.VERSIONS, key(r), r));
    return new Intent(snap, rs, List.of(new Intent.Write(Cf.VERSIONS, key(k), new byte[] {1})));
  }

  @Test
  void commitTimesStrictlyIncreaseWhateverTheProposedTimes() {
    Entry e = new Entry(100, List.of(write(0, "a"), write(0, "b"), write(0, "c")));
    assertThat(Applier.commitTimes(0, e)).containsExactly(100, 101, 102);
    assertThat(Applier.commitTimes(500, e)).as("a proposer behind the log").containsExactly(501, 502, 503);
  }

  @Test
  void oneOutcomePerIntentAndChangesOnlyForCommittedOnes() {
    try (Engine engine = MemoryEngine.create()) {
      Entry first = new Entry(10, List.of(write(0, "x")));
      apply(engine, first, 1);
      // Snapshot 5 is before x's commit at 10: reading x conflicts; an in-entry read of y too.
      Entry second = new Entry(20, List.of(write(5, "y"), write(5, "z", "x"), write(5, "w", "y"), write(15, "v", "x")));
      Applier.Applied a = apply(engine, second, 2);
      assertThat(a.outcomes()).containsExactly(new Outcome.Committed(20), new Outcome.Conflict("x"),
          new Outcome.Conflict("y"), new Outcome.Committed(23));
      assertThat(a.changes()).extracting(Applier.Change::intent).containsExactly(0, 3);
      assertThat(a.lastCommitMicros()).isEqualTo(23);
      assertThat(engine.appliedIndex()).isEqualTo(2);
      try (Snapshot s = engine.snapshot()) {
        assertThat(Applier.lastCommitMicros(s)).isEqualTo(23);
      }
    }
  }

  /**
   * Index-partition times are one plain key per partition (PARTITION_LATEST), yet validation is the same as for
   * versioned keys: a read of the partition conflicts with a change after the snapshot, or earlier in the entry.
   */
  @Test
  void indexPartitionTimesDetectPhantomsWithOnePlainKey() {
    byte[] partition = key("p-terms");
    Intent insert = new Intent(0, List.of(), List.of(new Intent.Write(Cf.VERSIONS, key("doc1"), new byte[] {1}),
        new Intent.Write(Cf.PARTITION_LATEST, partition, new byte[0])));
    try (Engine engine = MemoryEngine.create()) {
      apply(engine, new Entry(10, List.of(insert)), 1);
      Intent staleScan = new Intent(5, List.of(new Intent.Read(Cf.PARTITION_LATEST, partition, "index")),
          List.of(new Intent.Write(Cf.VERSIONS, key("doc2"), new byte[] {2})));
      Intent freshScan = new Intent(10, staleScan.reads(), staleScan.writes());
      Applier.Applied a = apply(engine, new Entry(20, List.of(staleScan, freshScan, insert, freshScan)), 2);
      assertThat(a.outcomes()).containsExactly(new Outcome.Conflict("index"), new Outcome.Committed(21),
          new Outcome.Committed(22), new Outcome.Conflict("index"));
      try (Snapshot s = engine.snapshot()) {
        assertThat(io.faunus.storage.PartitionTimes.latest(s, partition)).hasValue(22);
        try (var c = s.iterate(Cf.PARTITION_LATEST, null, null, false)) {
          assertThat(c.next().key()).isEqualTo(partition);
          assertThat(c.hasNext()).as("one key, however many commits changed it").isFalse();
        }
      }
    }
  }

  /** Determinism: two replicas applying the same entries end with byte-identical stores. */
  @Test
  void replicasApplyingTheSameLogEndIdentical() {
    Random rnd = new Random(11);
    List<Entry> log = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      List<Intent> intents = new ArrayList<>();
      for (int j = 0, n = 1 + rnd.nextInt(4); j < n; j++) {
        intents.add(write(rnd.nextInt(50_000), "k" + rnd.nextInt(20), "k" + rnd.nextInt(20)));
      }
      log.add(new Entry(i * 250L, intents));
    }
    try (Engine a = MemoryEngine.create(); Engine b = MemoryEngine.create()) {
      List<String> outA = new ArrayList<>(), outB = new ArrayList<>();
      for (int i = 0; i < log.size(); i++) {
        outA.add(apply(a, log.get(i), i + 1).outcomes().toString());
        outB.add(apply(b, EntryCodec.decode(EntryCodec.encode(log.get(i))), i + 1).outcomes().toString());
      }
      assertThat(outB).isEqualTo(outA);
      assertThat(outA).anyMatch(o -> o.contains("Conflict")).anyMatch(o -> o.contains("Committed"));
      assertThat(dump(b)).isEqualTo(dump(a));
    }
  }

  private static Applier.Applied apply(Engine engine, Entry entry, long index) {
    Applier.Applied a;
    try (Snapshot s = engine.snapshot()) {
      a = Applier.apply(s, entry, index);
    }
    engine.write(a.batch(), false);
    return a;
  }

  private static List<String> dump(Engine engine) {
    List<String> out = new ArrayList<>();
    try (Snapshot s = engine.snapshot()) {
      for (Cf cf : Cf.values()) {
        try (var it = s.iterate(cf, null, null, false)) {
          while (it.hasNext()) {
            var e = it.next();
            out.add(cf + java.util.Arrays.toString(e.key()) + "=" + java.util.Arrays.toString(e.value()));
          }
        }
      }
    }
    return out;
  }
}
