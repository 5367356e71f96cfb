package io.faunus.server.e2e;

import static io.faunus.server.e2e.E2E.concurrently;
import static io.faunus.server.e2e.E2E.retryOn409;
import static org.assertj.core.api.Assertions.assertThat;

import io.faunus.server.e2e.E2E.InProcess;
import io.faunus.server.e2e.E2E.Resp;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Serializability under real concurrency: one node on RocksDB, many HTTP clients at once. */
class ConcurrencyE2ETest {
  static final int THREADS = 16;

  @TempDir
  static Path dir;
  static InProcess db;

  @BeforeAll
  static void start() {
    db = InProcess.start(dir.resolve("data"));
  }

  @AfterAll
  static void stop() {
    if (db != null) db.close();
  }

  @Test
  void concurrentIncrementsAreNeverLost() throws Exception {
    db.query("Collection.create({ name: \"Counters\" })").ok();
    db.query("Counters.create({ id: \"1\", n: 0 })").ok();
    String inc = "Counters.byId(\"1\")!.update({ n: Counters.byId(\"1\")!.n + 1 }).n";
    List<List<Long>> seen = concurrently(THREADS, t -> {
      List<Long> values = new java.util.ArrayList<>();
      for (int i = 0; i < 100; i++) {
        Resp r = retryOn409(db.client, inc, "x-max-contention-retries", "7");
        if (r.status() == 200) values.add(r.data().asLong());
      }
      return values;
    });
    List<Long> values = seen.stream().flatMap(List::stream).sorted().toList();
    int successes = values.size();
    long stored = db.query("Counters.byId(\"1\")!.n").ok().data().asLong();
    assertThat(stored).isEqualTo(successes);
    assertThat(successes).isEqualTo(THREADS * 100);
    // Every acknowledged increment saw a distinct state: the answers are exactly 1..1600.
    assertThat(values).isEqualTo(java.util.stream.LongStream.rangeClosed(1, successes).boxed().toList());
  }

  @Test
  void withoutRetriesContentionIs409AndOnlySuccessesCount() throws Exception {
    db.query("Collection.create({ name: \"Hot\" })").ok();
    db.query("Hot.create({ id: \"1\", n: 0 })").ok();
    String inc = "Hot.byId(\"1\")!.update({ n: Hot.byId(\"1\")!.n + 1 }).n";
    List<List<Resp>> all = concurrently(THREADS, t -> {
      List<Resp> rs = new java.util.ArrayList<>();
      for (int i = 0; i < 10; i++) rs.add(db.client.query(inc, "x-max-contention-retries", "0"));
      return rs;
    });
    List<Resp> rs = all.stream().flatMap(List::stream).toList();
    long ok = rs.stream().filter(r -> r.status() == 200).count();
    for (Resp r : rs) {
      if (r.status() == 200) continue;
      assertThat(r.status()).as("%s", r).isEqualTo(409);
      assertThat(r.errorCode()).isEqualTo("contended_transaction");
      assertThat(r.errorMessage())
          .isEqualTo("Transaction was aborted due to detection of concurrent modifications to Hot(1).");
    }
    assertThat(ok).isPositive();
    assertThat(db.query("Hot.byId(\"1\")!.n").ok().data().asLong()).isEqualTo(ok);
    // The values returned by the successful increments are exactly 1..ok: no two saw the same state.
    assertThat(rs.stream().filter(r -> r.status() == 200).map(r -> r.data().asLong()).sorted().toList())
        .isEqualTo(java.util.stream.LongStream.rangeClosed(1, ok).boxed().toList());
  }

  @Test
  void insertIfAbsentThroughACollectionScanInsertsExactlyOnce() throws Exception {
    db.query("Collection.create({ name: \"PhantomScan\" })").ok();
    insertIfAbsentExactlyOnce("PhantomScan", "PhantomScan.where(.k == 1).isEmpty()");
  }

  @Test
  void insertIfAbsentThroughAnIndexInsertsExactlyOnce() throws Exception {
    db.query("Collection.create({ name: \"PhantomIdx\", indexes: { byK: { terms: [{ field: \"k\" }] } } })").ok();
    insertIfAbsentExactlyOnce("PhantomIdx", "PhantomIdx.byK(1).isEmpty()");
  }

  private void insertIfAbsentExactlyOnce(String coll, String absent) throws Exception {
    String q = "if (" + absent + ") { " + coll + ".create({ k: 1, by: who }) } else null";
    List<Resp> rs = concurrently(THREADS, t -> {
      Resp r;
      int tries = 0;
      do {
        r = db.client.query(q.replace("who", Integer.toString(t)), "x-max-contention-retries", "7");
      } while (r.status() == 409 && ++tries < 50);
      return r;
    });
    assertThat(rs).allSatisfy(r -> assertThat(r.status()).as("%s", r).isEqualTo(200));
    List<Resp> created = rs.stream().filter(r -> !r.data().isNull()).toList();
    assertThat(created).hasSize(1);
    assertThat(db.query(coll + ".all().count()").ok().data().asInt()).isEqualTo(1);
    Resp stored = db.query(coll + ".all().first()").ok();
    assertThat(stored.data().get("id")).isEqualTo(created.get(0).data().get("id"));
    assertThat(stored.data().get("by")).isEqualTo(created.get(0).data().get("by"));
  }

  @Test
  void uniqueConstraintAdmitsExactlyOneOfManyConcurrentCreates() throws Exception {
    db.query("Collection.create({ name: \"Users\", constraints: [{ unique: [\"email\"] }] })").ok();
    List<Resp> rs = concurrently(THREADS, t ->
        db.client.query("Users.create({ email: \"same@example.com\", t: " + t + " })",
            "x-max-contention-retries", "7"));
    List<Resp> ok = rs.stream().filter(r -> r.status() == 200).toList();
    assertThat(ok).hasSize(1);
    for (Resp r : rs) {
      if (r.status() == 200) continue;
      if (r.status() == 409) {
        assertThat(r.errorCode()).isEqualTo("contended_transaction");
      } else {
        r.fails("constraint_failure");
        assertThat(r.errorMessage()).isEqualTo("Failed unique constraint.");
      }
    }
    assertThat(db.query("Users.all().count()").ok().data().asInt()).isEqualTo(1);
    assertThat(db.query("Users.all().first()!.t").ok().data()).isEqualTo(ok.get(0).data().get("t"));
  }

  @Test
  void groupCommitSharesFsyncsBetweenConcurrentInserts() throws Exception {
    db.query("Collection.create({ name: \"Grouped\" })").ok();
    long commits0 = db.node.commits();
    long fsyncs0 = db.node.fsyncs();
    List<Resp> rs = concurrently(64, t -> db.client.query("Grouped.create({ t: " + t + " })"));
    assertThat(rs).allSatisfy(r -> assertThat(r.status()).as("%s", r).isEqualTo(200));
    long commits = db.node.commits() - commits0;
    long fsyncs = db.node.fsyncs() - fsyncs0;
    assertThat(commits).isEqualTo(64);
    assertThat(fsyncs).isPositive().isLessThan(commits);
    assertThat(db.query("Grouped.all().count()").ok().data().asInt()).isEqualTo(64);
  }

  @Test
  void txnTsStrictlyIncreasesAndLastTxnTsGivesReadYourWrites() throws Exception {
    db.query("Collection.create({ name: \"Clock\" })").ok();
    long last = 0;
    for (int i = 0; i < 10; i++) {
      // alternate read-write and read-only queries
      Resp r = i % 2 == 0 ? db.query("Clock.create({ i: " + i + " }).i") : db.query("Clock.all().count()");
      r.ok();
      assertThat(r.txnTs()).isGreaterThan(last);
      last = r.txnTs();
    }
    for (int i = 0; i < 5; i++) {
      Resp r = db.query("1 + 1").ok();
      assertThat(r.txnTs()).isGreaterThan(last);
      last = r.txnTs();
    }
    // A write, then a read sent with the write's txn_ts sees it.
    Resp w = db.query("Clock.create({ i: 100 }).id").ok();
    Resp r = db.query("Clock.byId(\"" + w.data().asText() + "\")!.i", "x-last-txn-ts", Long.toString(w.txnTs())).ok();
    assertThat(r.data().asInt()).isEqualTo(100);
    assertThat(r.txnTs()).isGreaterThan(w.txnTs());
    // A client that saw a time slightly ahead of this node's clock: the snapshot is not older than it.
    long ahead = r.txnTs() + 2_000_000;
    Resp later = db.query("Clock.all().count()", "x-last-txn-ts", Long.toString(ahead)).ok();
    assertThat(later.txnTs()).isGreaterThanOrEqualTo(ahead);
    assertThat(later.data().asInt()).isEqualTo(6);
    Resp after = db.query("Clock.create({ i: 101 }).i").ok();
    assertThat(after.txnTs()).isGreaterThan(later.txnTs());
  }
}
