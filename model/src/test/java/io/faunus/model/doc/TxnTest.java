package io.faunus.model.doc;

import io.faunus.log.Intent;
import static org.assertj.core.api.Assertions.assertThat;

import io.faunus.storage.Batch;
import io.faunus.storage.Cf;
import io.faunus.storage.MemoryEngine;
import io.faunus.storage.Mvcc;
import io.faunus.storage.Tuple;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The query's view of storage: snapshot reads, read set, write overlay and merged scans. */
class TxnTest {
  private static final long T1 = 100, T2 = 200, SNAP = 300;
  private MemoryEngine engine;
  private Txn txn;

  private static byte[] k(String name) {
    return Tuple.of(1L, 2L, name).encode();
  }

  private static final byte[] PREFIX = Tuple.of(1L, 2L).encode();

  private static byte[] v(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String s(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  @BeforeEach
  void setUp() {
    engine = MemoryEngine.create();
    Batch b = new Batch();
    Mvcc.putVersion(b, Cf.VERSIONS, k("b"), T1, v("b1"));
    Mvcc.putVersion(b, Cf.VERSIONS, k("d"), T1, v("d1"));
    Mvcc.putVersion(b, Cf.VERSIONS, k("f"), T1, v("f1"));
    Mvcc.putVersion(b, Cf.VERSIONS, k("d"), T2, v("d2"));
    Mvcc.putTombstone(b, Cf.VERSIONS, k("f"), T2);
    Mvcc.putVersion(b, Cf.VERSIONS, Tuple.of(1L, 3L, "x").encode(), T1, v("other collection"));
    engine.write(b, false);
    txn = new Txn(engine.snapshot(), SNAP, false);
  }

  @AfterEach
  void tearDown() {
    txn.close();
    engine.close();
  }

  private List<String> scan(boolean reverse, long ts) {
    List<String> out = new ArrayList<>();
    for (Iterator<Txn.Entry> it = txn.scan(Cf.VERSIONS, PREFIX, reverse, ts); it.hasNext(); ) {
      Txn.Entry e = it.next();
      out.add(((io.faunus.storage.KeyElement.Text) Tuple.decode(e.key()).get(2)).value() + "=" + s(e.value()) + (e.pending() ? "*" : "@" + e.tsMicros()));
    }
    return out;
  }

  @Test
  void writtenBytesCountEachKeyOnceWithItsLastValue() {
    txn.put(Cf.VERSIONS, k("a"), v("12345"));
    txn.put(Cf.VERSIONS, k("a"), v("12"));
    txn.put(Cf.VERSIONS, k("b"), v("xyz"));
    txn.delete(Cf.VERSIONS, k("b"));
    txn.delete(Cf.VERSIONS, k("c"));
    // The intent is what the commit measures against the transaction limit: both must agree.
    assertThat(txn.writtenBytes()).isEqualTo(txn.intent().sizeBytes()).isEqualTo(3L * k("a").length + 2);
  }

  @Test
  void readsSeeTheNewestStoredVersionAtTheSnapshot() {
    assertThat(s(txn.get(Cf.VERSIONS, k("d"), "d").value())).isEqualTo("d2");
    assertThat(txn.get(Cf.VERSIONS, k("d"), "d").tsMicros()).isEqualTo(T2);
    assertThat(txn.get(Cf.VERSIONS, k("f"), "f")).isNull();
    assertThat(txn.deletedAt(Cf.VERSIONS, k("f"), SNAP)).isTrue();
    assertThat(txn.deletedAt(Cf.VERSIONS, k("zz"), SNAP)).isFalse();
    assertThat(s(txn.getAt(Cf.VERSIONS, k("d"), T1).value())).isEqualTo("d1");
    assertThat(s(txn.getAt(Cf.VERSIONS, k("f"), T1 + 1).value())).isEqualTo("f1");
    assertThat(txn.getAt(Cf.VERSIONS, k("b"), T1 - 1)).isNull();
  }

  @Test
  void readsSeeOwnWritesAndDeletes() {
    txn.put(Cf.VERSIONS, k("b"), v("b-new"));
    txn.put(Cf.VERSIONS, k("c"), v("c-new"));
    txn.delete(Cf.VERSIONS, k("d"));
    Txn.Read b = txn.get(Cf.VERSIONS, k("b"), "b");
    assertThat(s(b.value())).isEqualTo("b-new");
    assertThat(b.pending()).isTrue();
    assertThat(b.tsMicros()).isEqualTo(-1);
    assertThat(s(txn.get(Cf.VERSIONS, k("c"), "c").value())).isEqualTo("c-new");
    assertThat(txn.get(Cf.VERSIONS, k("d"), "d")).isNull();
    assertThat(txn.deletedAt(Cf.VERSIONS, k("d"), SNAP)).isTrue();
    // The overlay is per column family.
    assertThat(txn.get(Cf.INDEX, k("b"), "b")).isNull();
    // A later write replaces an earlier delete.
    txn.put(Cf.VERSIONS, k("d"), v("d-again"));
    assertThat(s(txn.get(Cf.VERSIONS, k("d"), "d").value())).isEqualTo("d-again");
  }

  @Test
  void scansMergeOverlayForwardAndReverse() {
    assertThat(scan(false, SNAP)).containsExactly("b=b1@100", "d=d2@200");
    txn.put(Cf.VERSIONS, k("a"), v("a*"));
    txn.put(Cf.VERSIONS, k("c"), v("c*"));
    txn.put(Cf.VERSIONS, k("d"), v("d*"));
    txn.delete(Cf.VERSIONS, k("b"));
    txn.put(Cf.VERSIONS, k("z"), v("z*"));
    txn.put(Cf.VERSIONS, Tuple.of(1L, 3L, "y").encode(), v("outside prefix"));
    assertThat(scan(false, SNAP)).containsExactly("a=a**", "c=c**", "d=d**", "z=z**");
    assertThat(scan(true, SNAP)).containsExactly("z=z**", "d=d**", "c=c**", "a=a**");
  }

  @Test
  void deletesHideStoredEntriesAtBothEndsOfAScan() {
    txn.delete(Cf.VERSIONS, k("b"));
    txn.delete(Cf.VERSIONS, k("d"));
    txn.delete(Cf.VERSIONS, k("never-stored"));
    assertThat(scan(false, SNAP)).isEmpty();
    assertThat(scan(true, SNAP)).isEmpty();
    txn.put(Cf.VERSIONS, k("c"), v("c*"));
    assertThat(scan(false, SNAP)).containsExactly("c=c**");
    assertThat(scan(true, SNAP)).containsExactly("c=c**");
  }

  @Test
  void scansAtAnOlderTimeIgnoreTheOverlay() {
    txn.put(Cf.VERSIONS, k("a"), v("a*"));
    txn.delete(Cf.VERSIONS, k("b"));
    assertThat(scan(false, T1)).containsExactly("b=b1@100", "d=d1@100", "f=f1@100");
    assertThat(scan(true, T1)).containsExactly("f=f1@100", "d=d1@100", "b=b1@100");
    assertThat(scan(false, T1 - 1)).isEmpty();
  }

  @Test
  void readSetHoldsStoredReadsOnceInOrderButNotOwnWrites() {
    txn.put(Cf.VERSIONS, k("c"), v("c*"));
    txn.get(Cf.VERSIONS, k("d"), "doc d");
    txn.get(Cf.VERSIONS, k("missing"), "doc missing");
    txn.get(Cf.VERSIONS, k("c"), "doc c");
    txn.get(Cf.VERSIONS, k("d"), "doc d again");
    txn.getAt(Cf.VERSIONS, k("b"), T1);
    txn.recordRead(Cf.PARTITION_TS, k("d"), "partition");
    Intent intent = txn.intent();
    assertThat(intent.snapshotMicros()).isEqualTo(SNAP);
    assertThat(intent.reads()).extracting(Intent.Read::what).containsExactly("doc d", "doc missing", "partition");
    assertThat(intent.reads().get(2).cf()).isEqualTo(Cf.PARTITION_TS);
  }

  @Test
  void intentCarriesWritesDeletesAndTouches() {
    assertThat(txn.hasWrites()).isFalse();
    txn.get(Cf.VERSIONS, k("zz"), "zz");
    assertThat(txn.hasWrites()).isFalse();
    txn.put(Cf.VERSIONS, k("c"), v("c*"));
    txn.put(Cf.VERSIONS, k("c"), v("c**"));
    txn.delete(Cf.INDEX, k("i"));
    txn.touch(k("p"));
    txn.touch(k("p"));
    assertThat(txn.hasWrites()).isTrue();
    Intent intent = txn.intent();
    assertThat(intent.writes()).hasSize(3);
    assertThat(intent.writes().get(0).cf()).isEqualTo(Cf.VERSIONS);
    assertThat(s(intent.writes().get(0).value())).isEqualTo("c**");
    assertThat(intent.writes().get(1).cf()).isEqualTo(Cf.INDEX);
    assertThat(intent.writes().get(1).value()).isNull();
    assertThat(intent.writes().get(2).cf()).isEqualTo(Cf.PARTITION_TS);
    assertThat(intent.writes().get(2).key()).isEqualTo(k("p"));
    assertThat(intent.sizeBytes()).isEqualTo(k("c").length + 3 + k("i").length + k("p").length);
  }

  @Test
  void touchAloneIsAWrite() {
    txn.touch(k("p"));
    assertThat(txn.hasWrites()).isTrue();
  }

  @Test
  void emptyValueIsAWriteNotADeletion() {
    txn.put(Cf.VERSIONS, k("b"), new byte[0]);
    Txn.Read r = txn.get(Cf.VERSIONS, k("b"), "b");
    assertThat(r).isNotNull();
    assertThat(r.value()).isEmpty();
    assertThat(scan(false, SNAP)).containsExactly("b=*", "d=d2@200");
    assertThat(txn.intent().writes().get(0).value()).isNotNull().isEmpty();
  }

  /**
   * A key read again is served from the transaction's memo of snapshot reads, counted exactly as a storage read
   * (stats must not change), recorded once in the read set, and a write to it is seen at once.
   */
  @Test
  void readsAgainAreCountedAsStorageReadsAndSeeTheQuerysOwnWrites() {
    try (Txn fresh = new Txn(engine.snapshot(), SNAP, false)) {
      fresh.get(Cf.VERSIONS, k("d"), "doc d");
      fresh.get(Cf.VERSIONS, k("f"), "doc f"); // deleted at the snapshot
      fresh.get(Cf.VERSIONS, k("missing"), "doc missing");
      long bytesOnce = fresh.bytesRead(), readsOnce = fresh.reads();
      Txn.Read again = null;
      for (int i = 0; i < 3; i++) {
        again = fresh.get(Cf.VERSIONS, k("d"), "doc d");
        assertThat(fresh.get(Cf.VERSIONS, k("f"), "doc f")).isNull();
        assertThat(fresh.get(Cf.VERSIONS, k("missing"), "doc missing")).isNull();
      }
      assertThat(s(again.value())).isEqualTo("d2");
      assertThat(again.tsMicros()).isEqualTo(T2);
      assertThat(fresh.bytesRead()).as("each read counted as a storage read").isEqualTo(4 * bytesOnce);
      assertThat(fresh.reads()).isEqualTo(4 * readsOnce);
      fresh.put(Cf.VERSIONS, k("d"), v("d3"));
      Txn.Read written = fresh.get(Cf.VERSIONS, k("d"), "doc d");
      assertThat(s(written.value())).isEqualTo("d3");
      assertThat(written.pending()).isTrue();
      assertThat(fresh.intent().reads()).extracting(Intent.Read::what).containsExactly("doc d", "doc f", "doc missing");
    }
  }

  /**
   * A document read again in the same query is answered from the first read (same {@link Txn.Read}), yet
   * counts as a storage read each time, as before the memo (stats stay exact); a pending write still wins,
   * and a missing document stays missing.
   */
  @Test
  void readsAgainAreMemoizedButCountedAndPendingWritesWin() {
    Txn.Read first = txn.get(Cf.VERSIONS, k("d"), "d");
    assertThat(s(first.value())).isEqualTo("d2");
    long reads = txn.reads(), bytes = txn.bytesRead();
    assertThat(txn.get(Cf.VERSIONS, k("d"), "d")).isSameAs(first);
    assertThat(txn.getAt(Cf.VERSIONS, k("d"), SNAP)).isSameAs(first);
    assertThat(txn.reads()).isEqualTo(reads + 2);
    assertThat(txn.bytesRead()).isEqualTo(bytes + 2 * (bytes / reads));
    assertThat(txn.getAt(Cf.VERSIONS, k("d"), T1 + 1).value()).asString().isEqualTo("d1"); // other times: not memoized
    assertThat(txn.get(Cf.VERSIONS, k("f"), "f")).isNull(); // deleted at the snapshot
    assertThat(txn.get(Cf.VERSIONS, k("f"), "f")).isNull();
    txn.put(Cf.VERSIONS, k("d"), v("mine"));
    assertThat(txn.get(Cf.VERSIONS, k("d"), "d").pending()).isTrue();
    txn.delete(Cf.VERSIONS, k("d"));
    assertThat(txn.get(Cf.VERSIONS, k("d"), "d")).isNull();
  }

  /** The memo keeps at most MEMO_MAX_ENTRIES reads: later ones are read from storage each time, still right. */
  @Test
  void theMemoIsBounded() {
    Batch b = new Batch();
    int n = Txn.MEMO_MAX_ENTRIES + 10;
    for (int i = 0; i < n; i++) Mvcc.putVersion(b, Cf.VERSIONS, k("m" + i), T1, v("v" + i));
    engine.write(b, false);
    try (Txn t = new Txn(engine.snapshot(), SNAP, true)) {
      for (int round = 0; round < 2; round++) {
        for (int i = 0; i < n; i++) assertThat(s(t.get(Cf.VERSIONS, k("m" + i), "m").value())).isEqualTo("v" + i);
      }
      assertThat(t.get(Cf.VERSIONS, k("m" + (n - 1)), "m")).isNotSameAs(t.get(Cf.VERSIONS, k("m" + (n - 1)), "m"));
      assertThat(t.get(Cf.VERSIONS, k("m0"), "m")).isSameAs(t.get(Cf.VERSIONS, k("m0"), "m"));
      assertThat(t.reads()).isEqualTo(2L * n + 4);
    }
  }
}
