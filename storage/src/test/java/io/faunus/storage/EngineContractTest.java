package io.faunus.storage;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The behaviour every {@link Engine} must have; one subclass per engine. */
abstract class EngineContractTest {
  @TempDir Path temp;
  Engine engine;

  /** A fresh, empty engine (may use {@link #temp}). */
  abstract Engine open();

  /** The engine's own way to open what {@link Engine#checkpoint} wrote. */
  abstract Engine openCheckpoint(Path dir);

  @BeforeEach
  void setUp() {
    engine = open();
  }

  @AfterEach
  void tearDown() {
    engine.close();
  }

  static byte[] key(Object... parts) {
    return Tuple.of(parts).encode();
  }

  static byte[] bytes(String s) {
    return s.getBytes(UTF_8);
  }

  static String text(byte[] b) {
    return b == null ? null : new String(b, UTF_8);
  }

  static List<String> drain(Cursor<Entry> cursor) {
    try (cursor) {
      var out = new ArrayList<String>();
      while (cursor.hasNext()) {
        Entry e = cursor.next();
        out.add(Tuple.decode(e.key()).get(0) instanceof KeyElement.Text t ? t.value() + "=" + text(e.value()) : "?");
      }
      return out;
    }
  }

  @Test
  void putGetDelete() {
    assertThat(engine.get(Cf.VERSIONS, key("a"))).isNull();
    engine.write(new Batch().put(Cf.VERSIONS, key("a"), bytes("1")).put(Cf.INDEX, key("a"), bytes("x")), false);
    assertThat(text(engine.get(Cf.VERSIONS, key("a")))).isEqualTo("1");
    assertThat(text(engine.get(Cf.INDEX, key("a")))).isEqualTo("x");
    assertThat(engine.get(Cf.PARTITION_TS, key("a"))).as("column families are separate").isNull();
    engine.write(new Batch().put(Cf.VERSIONS, key("a"), new byte[0]), true);
    assertThat(engine.get(Cf.VERSIONS, key("a"))).as("empty value is not absence").isEqualTo(new byte[0]);
    engine.write(new Batch().delete(Cf.VERSIONS, key("a")), false);
    assertThat(engine.get(Cf.VERSIONS, key("a"))).isNull();
    assertThat(text(engine.get(Cf.INDEX, key("a")))).isEqualTo("x");
  }

  @Test
  void returnedAndBatchedArraysAreCopies() {
    byte[] value = bytes("v");
    var batch = new Batch().put(Cf.VERSIONS, key("a"), value);
    value[0] = 'X';
    engine.write(batch, false);
    byte[] read = engine.get(Cf.VERSIONS, key("a"));
    assertThat(text(read)).isEqualTo("v");
    read[0] = 'Y';
    assertThat(text(engine.get(Cf.VERSIONS, key("a")))).isEqualTo("v");
  }

  @Test
  void laterOperationInBatchWins() {
    engine.write(new Batch()
        .put(Cf.VERSIONS, key("a"), bytes("1")).delete(Cf.VERSIONS, key("a"))
        .delete(Cf.VERSIONS, key("b")).put(Cf.VERSIONS, key("b"), bytes("2"))
        .put(Cf.VERSIONS, key("c"), bytes("1")).put(Cf.VERSIONS, key("c"), bytes("3")), false);
    assertThat(engine.get(Cf.VERSIONS, key("a"))).isNull();
    assertThat(text(engine.get(Cf.VERSIONS, key("b")))).isEqualTo("2");
    assertThat(text(engine.get(Cf.VERSIONS, key("c")))).isEqualTo("3");
  }

  @Test
  void batchLimitsAreExplicit() {
    assertThatThrownBy(() -> new Batch().put(Cf.VERSIONS, new byte[Batch.MAX_KEY_BYTES + 1], bytes("v")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exceeds");
    assertThatThrownBy(() -> new Batch().put(Cf.META, AppliedIndex.KEY, bytes("v")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("setAppliedIndex");
  }

  @Test
  void iteratesForwardAndReverseWithinBounds() {
    var batch = new Batch();
    for (String s : List.of("a", "b", "c", "d", "e")) batch.put(Cf.INDEX, key(s), bytes(s.toUpperCase()));
    batch.put(Cf.VERSIONS, key("zz"), bytes("other cf"));
    engine.write(batch, false);
    try (Snapshot s = engine.snapshot()) {
      assertThat(drain(s.iterate(Cf.INDEX, null, null, false))).containsExactly("a=A", "b=B", "c=C", "d=D", "e=E");
      assertThat(drain(s.iterate(Cf.INDEX, null, null, true))).containsExactly("e=E", "d=D", "c=C", "b=B", "a=A");
      assertThat(drain(s.iterate(Cf.INDEX, key("b"), key("d"), false))).containsExactly("b=B", "c=C");
      assertThat(drain(s.iterate(Cf.INDEX, key("b"), key("d"), true))).containsExactly("c=C", "b=B");
      assertThat(drain(s.iterate(Cf.INDEX, key("bb"), null, false))).containsExactly("c=C", "d=D", "e=E");
      assertThat(drain(s.iterate(Cf.INDEX, null, key("bb"), true))).containsExactly("b=B", "a=A");
      assertThat(drain(s.iterate(Cf.INDEX, key("c"), key("c"), false))).isEmpty();
      assertThat(drain(s.iterate(Cf.INDEX, key("d"), key("b"), true))).isEmpty();
      assertThat(drain(s.iterate(Cf.PARTITION_TS, null, null, false))).isEmpty();
    }
  }

  @Test
  void firstIsThePointReadOfARangeAndSeesOnlyItsSnapshot() {
    var batch = new Batch();
    for (String s : List.of("b", "d", "f")) batch.put(Cf.INDEX, key(s), bytes(s.toUpperCase()));
    batch.put(Cf.VERSIONS, key("a"), bytes("other cf"));
    engine.write(batch, false);
    try (Snapshot s = engine.snapshot()) {
      engine.write(new Batch().put(Cf.INDEX, key("c"), bytes("C")).delete(Cf.INDEX, key("d")), false);
      // Seeks in any order on one snapshot (an engine may reuse one iterator for them).
      assertThat(text(s.first(Cf.INDEX, key("c"), null).value())).isEqualTo("D"); // not the later "c"
      assertThat(text(s.first(Cf.INDEX, key("a"), key("z")).value())).isEqualTo("B");
      assertThat(s.first(Cf.INDEX, key("e"), key("f"))).isNull(); // the bound is exclusive
      assertThat(text(s.first(Cf.INDEX, key("e"), key("g")).key())).isEqualTo(text(key("f")));
      assertThat(s.first(Cf.INDEX, key("g"), null)).isNull();
      assertThat(text(s.first(Cf.INDEX, key("b"), key("c")).value())).isEqualTo("B");
      assertThat(s.first(Cf.PARTITION_TS, null, null)).isNull();
      assertThat(text(s.first(Cf.VERSIONS, key("a"), null).value())).isEqualTo("other cf");
    }
    try (Snapshot s = engine.snapshot()) {
      assertThat(text(s.first(Cf.INDEX, key("c"), null).value())).isEqualTo("C");
      assertThat(text(s.first(Cf.INDEX, key("d"), null).value())).isEqualTo("F");
    }
    Snapshot closed = engine.snapshot();
    closed.first(Cf.INDEX, key("a"), null);
    closed.close();
    assertThatThrownBy(() -> closed.first(Cf.INDEX, key("a"), null)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void prefixScanUsesTupleStructure() {
    engine.write(new Batch()
        .put(Cf.INDEX, key("ab", 1L), bytes("1")).put(Cf.INDEX, key("ab", 2L), bytes("2"))
        .put(Cf.INDEX, key("abc", 1L), bytes("no")).put(Cf.INDEX, key("a", 1L), bytes("no")), false);
    try (Snapshot s = engine.snapshot(); var c = s.scanPrefix(Cf.INDEX, key("ab"), true)) {
      var seen = new ArrayList<Tuple>();
      c.forEachRemaining(e -> seen.add(Tuple.decode(e.key())));
      assertThat(seen).containsExactly(Tuple.of("ab", 2L), Tuple.of("ab", 1L));
    }
  }

  @Test
  void snapshotSeesExactlyTheOldStateWhileWritersRun() throws Exception {
    int keys = 50;
    var initial = new Batch();
    for (int i = 0; i < keys; i++) initial.put(Cf.VERSIONS, key("k" + i), bytes("v0"));
    engine.write(initial, false);
    Snapshot snapshot = engine.snapshot();
    int writers = 2;
    int batchesPerWriter = 200;
    var written = new AtomicInteger();
    var failure = new AtomicReference<Throwable>();
    var start = new CountDownLatch(1);
    var threads = new ArrayList<Thread>();
    for (int w = 0; w < writers; w++) {
      int writer = w;
      threads.add(Thread.ofPlatform().start(() -> {
        try {
          start.await();
          for (int b = 1; b <= batchesPerWriter; b++) {
            var batch = new Batch();
            for (int i = writer; i < keys; i += writers) batch.put(Cf.VERSIONS, key("k" + i), bytes("w" + writer + "b" + b));
            batch.put(Cf.VERSIONS, key("new" + writer + "_" + b), bytes("x"));
            batch.delete(Cf.VERSIONS, key("new" + writer + "_" + (b - 1))); // only its own keys: final state is exact
            engine.write(batch, false);
            written.incrementAndGet();
          }
        } catch (Throwable t) {
          failure.compareAndSet(null, t);
        }
      }));
    }
    start.countDown();
    int checks = 0;
    var expected = new ArrayList<String>();
    for (int i = 0; i < keys; i++) expected.add("k" + i + "=v0");
    expected.sort(null);
    do {
      var seen = new ArrayList<String>(drain(snapshot.iterate(Cf.VERSIONS, null, null, false)));
      seen.sort(null); // tuple order of "k10" vs "k2" differs from String order; compare as sets
      assertThat(seen).isEqualTo(expected);
      assertThat(text(snapshot.get(Cf.VERSIONS, key("k" + (checks % keys))))).isEqualTo("v0");
      checks++;
    } while (threads.stream().anyMatch(Thread::isAlive) || checks < 5);
    for (Thread t : threads) t.join();
    assertThat(failure.get()).isNull();
    assertThat(written.get()).isEqualTo(writers * batchesPerWriter);
    assertThat(engine.get(Cf.VERSIONS, key("new1_" + batchesPerWriter))).isNotNull();
    assertThat(text(snapshot.get(Cf.VERSIONS, key("k3")))).isEqualTo("v0");
    assertThat(snapshot.get(Cf.VERSIONS, key("new0_1"))).isNull();
    snapshot.close();
    try (Snapshot fresh = engine.snapshot()) {
      assertThat(text(fresh.get(Cf.VERSIONS, key("k1")))).isEqualTo("w1b" + batchesPerWriter);
      assertThat(text(fresh.get(Cf.VERSIONS, key("k0")))).isEqualTo("w0b" + batchesPerWriter);
      // each writer leaves only its last "new" key behind
      assertThat(drain(fresh.iterate(Cf.VERSIONS, null, null, false))).hasSize(keys + writers);
    }
  }

  @Test
  void closingSnapshotClosesItsCursorsAndClosedEngineRejectsCalls() {
    engine.write(new Batch().put(Cf.VERSIONS, key("a"), bytes("1")), false);
    Snapshot s = engine.snapshot();
    Cursor<Entry> c = s.iterate(Cf.VERSIONS, null, null, false);
    s.close();
    s.close(); // idempotent
    assertThatThrownBy(c::hasNext).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> s.get(Cf.VERSIONS, key("a"))).isInstanceOf(IllegalStateException.class);
    Snapshot open = engine.snapshot();
    Cursor<Entry> openCursor = open.iterate(Cf.VERSIONS, null, null, false);
    engine.close();
    assertThatThrownBy(() -> engine.get(Cf.VERSIONS, key("a"))).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> open.get(Cf.VERSIONS, key("a"))).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(openCursor::hasNext).isInstanceOf(IllegalStateException.class);
    openCursor.close();
    open.close();
    engine.close();
  }

  @Test
  void appliedIndexCommitsWithItsBatch() {
    assertThat(engine.appliedIndex()).isEqualTo(Engine.NO_APPLIED_INDEX);
    Snapshot before = engine.snapshot();
    engine.write(new Batch().put(Cf.VERSIONS, key("a"), bytes("1")).setAppliedIndex(7), true);
    assertThat(engine.appliedIndex()).isEqualTo(7);
    assertThat(before.appliedIndex()).isEqualTo(Engine.NO_APPLIED_INDEX);
    before.close();
    try (Snapshot after = engine.snapshot()) {
      assertThat(after.appliedIndex()).isEqualTo(7);
    }
    assertThatThrownBy(() -> engine.write(new Batch().put(Cf.VERSIONS, key("b"), bytes("2")).setAppliedIndex(7), true))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("not after");
    assertThat(engine.get(Cf.VERSIONS, key("b"))).as("a rejected batch writes nothing").isNull();
    engine.write(new Batch().put(Cf.VERSIONS, key("c"), bytes("3")), false); // no position: stays
    assertThat(engine.appliedIndex()).isEqualTo(7);
    engine.write(new Batch().setAppliedIndex(8), false); // an entry with no effects still advances
    assertThat(engine.appliedIndex()).isEqualTo(8);
  }

  @Test
  void checkpointIsAConsistentCopy() {
    engine.write(new Batch().put(Cf.VERSIONS, key("a"), bytes("1")).put(Cf.META, key("clock"), bytes("9")).setAppliedIndex(3), true);
    Path dir = temp.resolve("checkpoint");
    engine.checkpoint(dir);
    engine.write(new Batch().put(Cf.VERSIONS, key("b"), bytes("2")).setAppliedIndex(4), true);
    assertThatThrownBy(() -> engine.checkpoint(dir)).isInstanceOf(StorageException.class);
    try (Engine copy = openCheckpoint(dir)) {
      assertThat(text(copy.get(Cf.VERSIONS, key("a")))).isEqualTo("1");
      assertThat(text(copy.get(Cf.META, key("clock")))).isEqualTo("9");
      assertThat(copy.get(Cf.VERSIONS, key("b"))).isNull();
      assertThat(copy.appliedIndex()).isEqualTo(3);
    }
  }

  // ---- MVCC ----

  @Test
  void readAtSeesNewestVersionAtOrBeforeTime() {
    byte[] doc = key("coll", 1L);
    var batch = new Batch();
    Mvcc.putVersion(batch, Cf.VERSIONS, doc, 10, bytes("v10"));
    Mvcc.putVersion(batch, Cf.VERSIONS, doc, 20, bytes("v20"));
    Mvcc.putTombstone(batch, Cf.VERSIONS, doc, 30);
    Mvcc.putVersion(batch, Cf.VERSIONS, doc, 40, new byte[0]);
    engine.write(batch, false);
    try (Snapshot s = engine.snapshot()) {
      assertThat(Mvcc.readAt(s, Cf.VERSIONS, doc, 9)).isEmpty();
      assertThat(live(Mvcc.readAt(s, Cf.VERSIONS, doc, 10))).isEqualTo("v10@10");
      assertThat(live(Mvcc.readAt(s, Cf.VERSIONS, doc, 19))).isEqualTo("v10@10");
      assertThat(live(Mvcc.readAt(s, Cf.VERSIONS, doc, 25))).isEqualTo("v20@20");
      assertThat(Mvcc.readAt(s, Cf.VERSIONS, doc, 35)).get().isInstanceOf(Version.Deleted.class)
          .extracting(Version::tsMicros).isEqualTo(30L);
      assertThat(live(Mvcc.readAt(s, Cf.VERSIONS, doc, Long.MAX_VALUE))).isEqualTo("@40");
      assertThat(Mvcc.readAt(s, Cf.VERSIONS, key("coll", 2L), 100)).isEmpty();
      assertThat(Mvcc.latestTs(s, Cf.VERSIONS, doc)).isEqualTo(OptionalLong.of(40));
      assertThat(Mvcc.latestTs(s, Cf.VERSIONS, key("coll", 2L))).isEmpty();
      var history = new ArrayList<String>();
      try (var h = Mvcc.history(s, Cf.VERSIONS, doc)) {
        h.forEachRemaining(v -> history.add(v instanceof Version.Live l ? text(l.value()) + "@" + l.tsMicros() : "deleted@" + v.tsMicros()));
      }
      assertThat(history).containsExactly("@40", "deleted@30", "v20@20", "v10@10");
    }
    assertThatThrownBy(() -> Mvcc.putVersion(new Batch(), Cf.VERSIONS, doc, -1, bytes("x")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void historyBetweenWalksAWindowOfOneKeyOldestFirst() {
    byte[] doc = key("coll", 1L);
    var batch = new Batch();
    for (long ts = 10; ts <= 50; ts += 10) Mvcc.putVersion(batch, Cf.VERSIONS, doc, ts, bytes("v" + ts));
    Mvcc.putTombstone(batch, Cf.VERSIONS, doc, 60);
    Mvcc.putVersion(batch, Cf.VERSIONS, key("coll", 1L, "x"), 35, bytes("other")); // a key extending it
    Mvcc.putVersion(batch, Cf.VERSIONS, key("coll", 2L), 35, bytes("other"));
    engine.write(batch, false);
    try (Snapshot s = engine.snapshot()) {
      assertThat(window(s, doc, 10, 40)).containsExactly("v20@20", "v30@30", "v40@40");
      assertThat(window(s, doc, 9, 10)).containsExactly("v10@10");
      assertThat(window(s, doc, -1, Long.MAX_VALUE))
          .containsExactly("v10@10", "v20@20", "v30@30", "v40@40", "v50@50", "deleted@60");
      assertThat(window(s, doc, 55, 100)).containsExactly("deleted@60");
      assertThat(window(s, doc, 40, 40)).isEmpty();
      assertThat(window(s, doc, 60, 70)).isEmpty();
    }
  }

  private static List<String> window(Snapshot s, byte[] key, long after, long upTo) {
    var out = new ArrayList<String>();
    try (var h = Mvcc.historyBetween(s, Cf.VERSIONS, key, after, upTo)) {
      h.forEachRemaining(v -> out.add(v instanceof Version.Live l ? text(l.value()) + "@" + l.tsMicros() : "deleted@" + v.tsMicros()));
    }
    return out;
  }

  @Test
  void versionsOfPrefixRelatedKeysNeverInterleave() {
    // (a) is a byte prefix of (a, b): their versions must still form separate groups
    byte[] a = key("a");
    byte[] ab = key("a", "b");
    var batch = new Batch();
    for (long ts = 1; ts <= 5; ts++) {
      Mvcc.putVersion(batch, Cf.VERSIONS, a, ts, bytes("a" + ts));
      Mvcc.putVersion(batch, Cf.VERSIONS, ab, ts * 10, bytes("ab" + ts));
    }
    engine.write(batch, false);
    try (Snapshot s = engine.snapshot()) {
      assertThat(live(Mvcc.readAt(s, Cf.VERSIONS, a, 100))).isEqualTo("a5@5");
      assertThat(Mvcc.readAt(s, Cf.VERSIONS, ab, 4)).isEmpty();
      assertThat(Mvcc.latestTs(s, Cf.VERSIONS, a)).isEqualTo(OptionalLong.of(5));
      assertThat(scan(s, Cf.VERSIONS, key("a"), 3, false)).containsExactly("(a)=a3");
      assertThat(scan(s, Cf.VERSIONS, key("a"), 30, false)).containsExactly("(a)=a5", "(a,b)=ab3");
      assertThat(scan(s, Cf.VERSIONS, key("a"), 30, true)).containsExactly("(a,b)=ab3", "(a)=a5");
      assertThat(scan(s, Cf.VERSIONS, key("a", "b"), 30, true)).containsExactly("(a,b)=ab3");
    }
  }

  @Test
  void scanAtAndReadAtMatchAModelOfRandomHistories() {
    var random = new Random(42);
    List<Tuple> docs = new ArrayList<>();
    for (String s : List.of("a", "a\0", "ab", "b")) {
      docs.add(Tuple.of("c", s));
      docs.add(Tuple.of("c", s, 1L));
    }
    docs.add(Tuple.of("d", "a")); // outside the scanned prefix
    Map<Tuple, TreeMap<Long, String>> model = new HashMap<>();
    for (int b = 0; b < 20; b++) {
      var batch = new Batch();
      for (int i = 0; i < 10; i++) {
        Tuple doc = docs.get(random.nextInt(docs.size()));
        long ts = 1 + random.nextInt(60);
        String value = random.nextInt(4) == 0 ? null : "v" + b + "_" + i;
        if (value == null) Mvcc.putTombstone(batch, Cf.INDEX, doc.encode(), ts);
        else Mvcc.putVersion(batch, Cf.INDEX, doc.encode(), ts, bytes(value));
        model.computeIfAbsent(doc, d -> new TreeMap<>()).put(ts, value);
      }
      engine.write(batch, random.nextBoolean());
    }
    try (Snapshot s = engine.snapshot()) {
      for (long t = 0; t <= 62; t++) {
        var expected = new ArrayList<String>();
        for (Tuple doc : docs.stream().sorted().toList()) {
          var versions = model.get(doc);
          var floor = versions == null ? null : versions.floorEntry(t);
          Optional<Version> actual = Mvcc.readAt(s, Cf.INDEX, doc.encode(), t);
          if (floor == null) {
            assertThat(actual).isEmpty();
            continue;
          }
          assertThat(actual).get().extracting(Version::tsMicros).isEqualTo(floor.getKey());
          if (floor.getValue() == null) {
            assertThat(actual.get()).isInstanceOf(Version.Deleted.class);
          } else {
            assertThat(text(((Version.Live) actual.get()).value())).isEqualTo(floor.getValue());
            if (doc.get(0).equals(KeyElement.of("c"))) expected.add(render(doc) + "=" + floor.getValue());
          }
        }
        assertThat(scan(s, Cf.INDEX, key("c"), t, false)).as("forward at %d", t).isEqualTo(expected);
        assertThat(scan(s, Cf.INDEX, key("c"), t, true)).as("reverse at %d", t).isEqualTo(expected.reversed());
      }
      for (Tuple doc : docs) {
        var versions = model.get(doc);
        assertThat(Mvcc.latestTs(s, Cf.INDEX, doc.encode()))
            .isEqualTo(versions == null ? OptionalLong.empty() : OptionalLong.of(versions.lastKey()));
      }
    }
  }

  @Test
  void garbageCollectionKeepsWhatReadersAtOrAfterTheCutoffSee() {
    byte[] kept = key("doc", 1L);
    byte[] deleted = key("doc", 2L);
    var batch = new Batch();
    for (long ts : new long[] {10, 20, 30, 40}) Mvcc.putVersion(batch, Cf.VERSIONS, kept, ts, bytes("v" + ts));
    Mvcc.putVersion(batch, Cf.VERSIONS, deleted, 10, bytes("old"));
    Mvcc.putTombstone(batch, Cf.VERSIONS, deleted, 20);
    engine.write(batch, false);
    int staged;
    var gc = new Batch();
    try (Snapshot s = engine.snapshot()) {
      staged = Mvcc.collectGarbage(s, gc, Cf.VERSIONS, key("doc"), 25, 100);
    }
    assertThat(staged).isEqualTo(3); // kept@10, deleted@10, deleted@20 (the tombstone shadows nothing then)
    engine.write(gc, false);
    try (Snapshot s = engine.snapshot()) {
      assertThat(live(Mvcc.readAt(s, Cf.VERSIONS, kept, 25))).isEqualTo("v20@20");
      assertThat(live(Mvcc.readAt(s, Cf.VERSIONS, kept, 35))).isEqualTo("v30@30");
      assertThat(Mvcc.readAt(s, Cf.VERSIONS, deleted, 25)).isEmpty();
      assertThat(Mvcc.readAt(s, Cf.VERSIONS, kept, 15)).isEmpty(); // before the cutoff: gone, by design
      assertThat(Mvcc.collectGarbage(s, new Batch(), Cf.VERSIONS, key("doc"), 25, 100)).isZero();
      assertThat(Mvcc.collectGarbage(s, new Batch(), Cf.VERSIONS, key("doc"), 100, 1)).isEqualTo(1);
    }
  }

  /**
   * A walk of bounded steps (each on a fresh snapshot, its deletions written before the next) stages exactly what
   * one pass does, whether steps stop after few entries read or few deletions, and leaves readers at or after the
   * cutoff the same answers: a key whose floor is a tombstone loses it only with every older version (deleted
   * alone by a step that stopped within the key, the next step would take v20 for the floor and resurrect it).
   */
  @Test
  void garbageCollectionInBoundedStepsDeletesWhatOnePassDoes() {
    for (int[] bounds : new int[][] {{100, 7}, {1, 1_000}, {2, 3}}) {
      var batch = new Batch();
      for (long k = 0; k < 20; k++) {
        byte[] key = key("walk", (long) bounds[0], (long) bounds[1], k);
        for (long ts : new long[] {10, 20, 30}) Mvcc.putVersion(batch, Cf.VERSIONS, key, ts, bytes("v" + ts));
        if (k % 5 == 0) Mvcc.putTombstone(batch, Cf.VERSIONS, key, 22); // the floor at 25: deleted with all below
      }
      engine.write(batch, false);
      byte[] prefix = key("walk", (long) bounds[0], (long) bounds[1]);
      int onePass;
      try (Snapshot s = engine.snapshot()) {
        onePass = Mvcc.collectGarbage(s, new Batch(), Cf.VERSIONS, prefix, 25, 10_000);
      }
      assertThat(onePass).isEqualTo(16 * 1 + 4 * 3); // below the floor v20 (v10); the tombstone, v20 and v10
      int total = 0, steps = 0;
      byte[] resume = null;
      do {
        var gc = new Batch();
        Mvcc.Swept step;
        try (Snapshot s = engine.snapshot()) {
          step = Mvcc.collectGarbage(s, gc, Cf.VERSIONS, prefix, resume, 25, bounds[0], bounds[1]);
        }
        assertThat(step.deleted()).as("past the bound by a key's tombstone floor at most").isLessThanOrEqualTo(bounds[0] + 1);
        engine.write(gc, false);
        total += step.deleted();
        resume = step.resumeAt();
        if (++steps == 3) { // a version written behind the walk (key 0 is passed): readers see it, nothing breaks
          var late = new Batch();
          Mvcc.putVersion(late, Cf.VERSIONS, key("walk", (long) bounds[0], (long) bounds[1], 0L), 24, bytes("late"));
          engine.write(late, false);
        }
      } while (resume != null && steps < 1_000);
      assertThat(resume).as("the walk ended").isNull();
      assertThat(steps).as("in several steps").isGreaterThan(3);
      assertThat(total).isEqualTo(onePass);
      try (Snapshot s = engine.snapshot()) {
        for (long k = 1; k < 20; k++) {
          byte[] key = key("walk", (long) bounds[0], (long) bounds[1], k);
          assertThat(live(Mvcc.readAt(s, Cf.VERSIONS, key, 25))).isEqualTo(k % 5 == 0 ? null : "v20@20");
          assertThat(live(Mvcc.readAt(s, Cf.VERSIONS, key, 35))).isEqualTo("v30@30");
        }
        assertThat(live(Mvcc.readAt(s, Cf.VERSIONS, key("walk", (long) bounds[0], (long) bounds[1], 0L), 25))).isEqualTo("late@24");
        assertThat(Mvcc.collectGarbage(s, new Batch(), Cf.VERSIONS, prefix, 25, 10_000)).as("nothing left").isZero();
      }
    }
  }

  private static String live(Optional<Version> v) {
    return v.map(x -> x instanceof Version.Live l ? text(l.value()) + "@" + l.tsMicros() : null).orElse(null);
  }

  private static String render(Tuple t) {
    var parts = new ArrayList<String>();
    for (KeyElement e : t.elements()) {
      parts.add(switch (e) {
        case KeyElement.Text x -> x.value();
        case KeyElement.Int x -> Long.toString(x.value());
        default -> e.toString();
      });
    }
    return "(" + String.join(",", parts) + ")";
  }

  private static List<String> scan(Snapshot s, Cf cf, byte[] prefix, long ts, boolean reverse) {
    var out = new ArrayList<String>();
    try (var c = Mvcc.scanAt(s, cf, prefix, ts, reverse)) {
      c.forEachRemaining(v -> out.add(render(Tuple.decode(v.logicalKey())) + "=" + text(v.value())));
    }
    return out;
  }
}
