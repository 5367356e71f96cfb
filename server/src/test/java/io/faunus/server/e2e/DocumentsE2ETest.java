package io.faunus.server.e2e;

import static io.faunus.server.e2e.E2E.JSON;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.faunus.server.e2e.E2E.Client;
import io.faunus.server.e2e.E2E.InProcess;
import io.faunus.server.e2e.E2E.Resp;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Documents, schema documents, time travel, cursors, databases and keys, over HTTP against a RocksDB node. */
class DocumentsE2ETest {
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

  static JsonNode json(String s) {
    try {
      return JSON.readTree(s);
    } catch (Exception e) {
      throw new IllegalArgumentException(s, e);
    }
  }

  /** A document's user view without its ts (which is checked separately). */
  static JsonNode withoutTs(JsonNode doc) {
    ObjectNode o = doc.deepCopy();
    o.remove("ts");
    return o;
  }

  static long micros(JsonNode isoTime) {
    Instant i = Instant.parse(isoTime.asText());
    return i.getEpochSecond() * 1_000_000L + i.getNano() / 1_000;
  }

  @Test
  void createWithAndWithoutIdAndReadById() {
    db.query("Collection.create({ name: \"Docs\" })").ok();
    Resp gen = db.query("Docs.create({ a: 1 })").ok();
    String id = gen.data().get("id").asText();
    assertThat(id).matches("[0-9]+");
    assertThat(withoutTs(gen.data())).isEqualTo(json("{\"id\":\"" + id + "\",\"coll\":\"Docs\",\"a\":1}"));

    Resp explicit = db.query("Docs.create({ id: \"42\", a: 2 })").ok();
    assertThat(withoutTs(explicit.data())).isEqualTo(json("{\"id\":\"42\",\"coll\":\"Docs\",\"a\":2}"));
    Resp dup = db.query("Docs.create({ id: 42, a: 3 })").fails("document_id_exists");
    assertThat(dup.errorMessage()).contains("42").contains("Docs");

    assertThat(withoutTs(db.query("Docs.byId(\"42\")").ok().data()))
        .isEqualTo(json("{\"id\":\"42\",\"coll\":\"Docs\",\"a\":2}"));
    assertThat(db.query("Docs(\"" + id + "\")!.a").ok().data().asInt()).isEqualTo(1);
    assertThat(db.query("Docs.all().count()").ok().data().asInt()).isEqualTo(2);
    // The failed duplicate create did not overwrite.
    assertThat(db.query("Docs.byId(42)!.a").ok().data().asInt()).isEqualTo(2);
  }

  @Test
  void updateDeepMergesAndRemovesNullsReplaceReplacesAll() {
    db.query("Collection.create({ name: \"Merge\" })").ok();
    db.query("Merge.create({ id: \"5\", a: { b: 1, c: 2 }, x: 1, arr: [1, 2] })").ok();
    Resp up = db.query("Merge.byId(\"5\")!.update({ a: { c: null, d: 3 }, x: null, arr: [9] })").ok();
    JsonNode expected = json("{\"id\":\"5\",\"coll\":\"Merge\",\"a\":{\"b\":1,\"d\":3},\"arr\":[9]}");
    assertThat(withoutTs(up.data())).isEqualTo(expected);
    assertThat(withoutTs(db.query("Merge.byId(\"5\")").ok().data())).isEqualTo(expected);

    Resp rep = db.query("Merge.byId(\"5\")!.replace({ z: 1 })").ok();
    assertThat(withoutTs(rep.data())).isEqualTo(json("{\"id\":\"5\",\"coll\":\"Merge\",\"z\":1}"));
    assertThat(withoutTs(db.query("Merge.byId(\"5\")").ok().data()))
        .isEqualTo(json("{\"id\":\"5\",\"coll\":\"Merge\",\"z\":1}"));
  }

  @Test
  void deletedAndMissingDocsAreNullDocs() {
    db.query("Collection.create({ name: \"Gone\" })").ok();
    db.query("Gone.create({ id: \"7\", v: 1 })").ok();
    assertThat(db.query("Gone.byId(\"7\").exists()").ok().data().asBoolean()).isTrue();
    assertThat(db.query("Gone.byId(\"7\")!.delete()").ok().data().isNull()).isTrue();

    assertThat(db.query("Gone.byId(\"7\")").ok().data().isNull()).isTrue();
    assertThat(db.query("Gone.byId(\"7\")", "x-format", "tagged").ok().data()).isEqualTo(json(
        "{\"@ref\":{\"id\":\"7\",\"coll\":{\"@mod\":\"Gone\"},\"exists\":false,\"cause\":\"deleted\"}}"));
    assertThat(db.query("Gone.byId(\"8\")", "x-format", "tagged").ok().data()).isEqualTo(json(
        "{\"@ref\":{\"id\":\"8\",\"coll\":{\"@mod\":\"Gone\"},\"exists\":false,\"cause\":\"not found\"}}"));
    assertThat(db.query("Gone.byId(\"7\").exists()").ok().data().asBoolean()).isFalse();
    assertThat(db.query("Gone.byId(\"8\").exists()").ok().data().asBoolean()).isFalse();
    assertThat(db.query("Gone.all().count()").ok().data().asInt()).isEqualTo(0);
    db.query("Gone.byId(\"8\")!.update({ v: 2 })").fails("document_not_found");
  }

  @Test
  void reservedFieldsAreConstraintFailuresAndCreateDataStoresThem() {
    db.query("Collection.create({ name: \"Res\" })").ok();
    Resp ts = db.query("Res.create({ ts: 1 })").fails("constraint_failure");
    assertThat(ts.errorMessage()).isEqualTo("Failed to create document in collection `Res`.");
    assertThat(ts.body().at("/error/constraint_failures")).isEqualTo(
        json("[{\"paths\":[[\"ts\"]],\"message\":\"Is a reserved field and cannot be used\"}]"));
    db.query("Res.create({ coll: 1 })").fails("constraint_failure");
    db.query("Res.create({ id: \"3\", v: 1 })").ok();
    Resp id = db.query("Res.byId(\"3\")!.update({ id: \"9\" })").fails("constraint_failure");
    assertThat(id.errorMessage()).isEqualTo("Failed to update document with id 3 in collection `Res`.");
    assertThat(id.body().at("/error/constraint_failures")).isEqualTo(
        json("[{\"paths\":[[\"id\"]],\"message\":\"Is a reserved field and cannot be used\"}]"));
    assertThat(db.query("Res.all().count()").ok().data().asInt()).isEqualTo(1);

    Resp cd = db.query("Res.createData({ id: \"77\", ts: 1, coll: 2, q: 3 })").ok();
    assertThat(cd.data().get("id").asText()).isNotEqualTo("77").matches("[0-9]+");
    assertThat(cd.data().get("coll").asText()).isEqualTo("Res");
    assertThat(cd.data().get("q").asInt()).isEqualTo(3);
    assertThat(cd.data().get("data")).isEqualTo(json("{\"id\":\"77\",\"ts\":1,\"coll\":2}"));
    assertThat(db.query("Res.byId(\"" + cd.data().get("id").asText() + "\")!.data").ok().data())
        .isEqualTo(json("{\"id\":\"77\",\"ts\":1,\"coll\":2,\"q\":3}"));
  }

  @Test
  void documentTsIsTheTransactionTime() {
    db.query("Collection.create({ name: \"Stamped\" })").ok();
    Resp r = db.query("let d = Stamped.create({ v: 1 }); { doc: d, tt: TransactionTime() }").ok();
    long txn = r.txnTs();
    assertThat(micros(r.data().at("/doc/ts"))).isEqualTo(txn);
    assertThat(micros(r.data().get("tt"))).isEqualTo(txn);
    String id = r.data().at("/doc/id").asText();
    assertThat(micros(db.query("Stamped.byId(\"" + id + "\")!.ts").ok().data())).isEqualTo(txn);
    Resp u = db.query("Stamped.byId(\"" + id + "\")!.update({ v: 2 })").ok();
    assertThat(u.txnTs()).isGreaterThan(txn);
    assertThat(micros(u.data().get("ts"))).isEqualTo(u.txnTs());
  }

  @Test
  void abortAndErrorsRollBackEveryWriteOfTheQuery() {
    db.query("Collection.create({ name: \"Atomic\" })").ok();
    db.query("Atomic.create({ id: \"1\", v: 1 })").ok();
    assertThat(db.query("Atomic.all().count()").ok().data().asInt()).isEqualTo(1);

    Resp ab = db.query("Atomic.create({ v: 2 }); Atomic.byId(\"1\")!.update({ v: 99 }); Atomic.create({ v: 3 }); "
        + "abort({ why: \"no\" })").fails("abort");
    assertThat(ab.errorMessage()).isEqualTo("Query aborted.");
    assertThat(ab.body().at("/error/abort")).isEqualTo(json("{\"why\":\"no\"}"));
    db.query("Atomic.create({ v: 4 }); Atomic.byId(\"1\")!.delete(); 1 / 0").fails("divide_by_zero");
    db.query("Atomic.create({ v: 5 }); Atomic.create({ ts: 0 })").fails("constraint_failure");
    db.query("Atomic.create({ v: 6 }); Atomic.byId(\"404\")!.update({ v: 7 })").fails("document_not_found");

    assertThat(db.query("Atomic.all().count()").ok().data().asInt()).isEqualTo(1);
    assertThat(db.query("Atomic.byId(\"1\")!.v").ok().data().asInt()).isEqualTo(1);
  }

  @Test
  void atReadsAnOlderVersion() {
    db.query("Collection.create({ name: \"Hist\" })").ok();
    Resp v1 = db.query("Hist.create({ id: \"1\", v: 1 })").ok();
    String t1 = v1.data().get("ts").asText();
    Resp v2 = db.query("Hist.byId(\"1\")!.update({ v: 2 })").ok();
    db.query("Hist.byId(\"1\")!.update({ v: 3 })").ok();
    assertThat(db.query("at (Time(\"" + t1 + "\")) Hist.byId(\"1\")!.v").ok().data().asInt()).isEqualTo(1);
    assertThat(db.query("at (Time.epoch(" + v2.txnTs() + ", \"microseconds\")) Hist.byId(\"1\")!.v").ok().data()
        .asInt()).isEqualTo(2);
    assertThat(db.query("at (Time.epoch(" + (v2.txnTs() - 1) + ", \"microseconds\")) Hist.byId(\"1\")!.v").ok()
        .data().asInt()).isEqualTo(1);
    assertThat(db.query("Hist.byId(\"1\")!.v").ok().data().asInt()).isEqualTo(3);
    // Before the document existed.
    assertThat(db.query("at (Time.epoch(" + (v1.txnTs() - 1) + ", \"microseconds\")) Hist.byId(\"1\").exists()")
        .ok().data().asBoolean()).isFalse();
    db.query("at (Time(\"" + t1 + "\")) Hist.create({ v: 0 })").fails("invalid_write");
    // What leaves at() stays at its time: documents (rendered, or read later), sets (also paged), and both
    // inside arrays and objects.
    String at1 = "at (Time(\"" + t1 + "\")) ";
    assertThat(db.query(at1 + "{ Hist.byId(\"1\") }").ok().data().get("v").asInt()).isEqualTo(1);
    assertThat(db.query("let d = " + at1 + "{ Hist.byId(\"1\") }; [d!.v, Hist.byId(\"1\")!.v]").ok().data().toString())
        .isEqualTo("[1,3]");
    assertThat(db.query(at1 + "{ Hist.all() }").ok().data().get("data").get(0).get("v").asInt()).isEqualTo(1);
    assertThat(db.query(at1 + "{ Hist.all() }.map(.v).toArray()").ok().data().toString()).isEqualTo("[1]");
    assertThat(db.query(at1 + "{ { doc: Hist.byId(\"1\"), list: [Hist.byId(\"1\")] } }").ok().data().toString())
        .contains("\"v\":1").doesNotContain("\"v\":3");
    Resp page = db.query(at1 + "{ Hist.all() }.pageSize(1)").ok();
    assertThat(page.data().get("data").get(0).get("v").asInt()).isEqualTo(1);
    // Updating a document read in the past updates the document as it is now.
    assertThat(db.query("let d = " + at1 + "{ Hist.byId(\"1\") }; d!.update({ w: 1 }); Hist.byId(\"1\")!.v").ok()
        .data().asInt()).isEqualTo(3);
  }

  @Test
  void collectionRenameKeepsDocuments() {
    db.query("Collection.create({ name: \"Before\" })").ok();
    db.query("Before.create({ id: \"1\", v: \"kept\" })").ok();
    Resp r = db.query("Before.definition.update({ name: \"After\" })").ok();
    assertThat(r.data().get("name").asText()).isEqualTo("After");
    assertThat(db.query("After.byId(\"1\")!.v").ok().data().asText()).isEqualTo("kept");
    assertThat(db.query("After.all().count()").ok().data().asInt()).isEqualTo(1);
    // Typechecked (the default), the name is refused before the query runs; untyped, when it runs.
    db.query("Before.all()").fails("invalid_query");
    db.query("Before.all()", "x-typecheck", "false").fails("unbound_variable");
    assertThat(db.query("Collection.byName(\"Before\").exists()").ok().data().asBoolean()).isFalse();
    assertThat(db.query("Collection.byName(\"After\").exists()").ok().data().asBoolean()).isTrue();
  }

  @Test
  void userFunctionsAreCallableByName() {
    db.query("Function.create({ name: \"double\", body: \"x => x * 2\" })").ok();
    db.query("Collection.create({ name: \"FnData\" })").ok();
    db.query("Function.create({ name: \"addThing\", body: \"v => FnData.create({ v: v }).v\" })").ok();
    assertThat(db.query("double(21)").ok().data().asInt()).isEqualTo(42);
    assertThat(db.query("Function(\"double\")(5)").ok().data().asInt()).isEqualTo(10);
    assertThat(db.query("addThing(double(4))").ok().data().asInt()).isEqualTo(8);
    assertThat(db.query("FnData.all().map(.v).toArray()").ok().data()).isEqualTo(json("[8]"));
    db.query("Function.byName(\"double\")!.update({ body: \"x => x * 3\" })").ok();
    assertThat(db.query("double(5)").ok().data().asInt()).isEqualTo(15);
  }

  @Test
  void paginateCursorsReplayTheOriginalSnapshot() {
    db.query("Collection.create({ name: \"Paged\" })").ok();
    db.query("Set.sequence(0, 20).forEach(i => Paged.create({ i: i }))").ok();
    Resp first = db.query("Paged.all().map(.i).paginate(16)").ok();
    assertThat(first.data().get("data")).isEqualTo(json("[0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15]"));
    String after = first.data().get("after").asText();
    assertThat(after).isNotEmpty();
    // Writes after the first page must not show up on the next one.
    db.query("Paged.create({ i: 100 })").ok();
    db.query("Paged.where(.i == 17).first()!.delete()").ok();
    Resp second = db.client.query("Set.paginate(after)", Map.of("after", after)).ok();
    assertThat(second.data().get("data")).isEqualTo(json("[16,17,18,19]"));
    assertThat(second.data().has("after")).isFalse();
  }

  @Test
  void setCursorsOfReturnedSetsPageThroughEveryDocument() {
    db.query("Collection.create({ name: \"Paged2\" })").ok();
    db.query("Set.sequence(0, 20).forEach(i => Paged2.create({ i: i }))").ok();
    Resp first = db.query("Paged2.all()").ok();
    assertThat(first.data().get("data")).hasSize(16);
    List<Integer> seen = new ArrayList<>();
    first.data().get("data").forEach(d -> seen.add(d.get("i").asInt()));
    Resp second = db.client.query("Set.paginate(after)", Map.of("after", first.data().get("after").asText())).ok();
    second.data().get("data").forEach(d -> seen.add(d.get("i").asInt()));
    assertThat(seen).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19);
  }

  @Test
  void childDatabasesAreIsolatedAndKeysAreRevokedWithTheirDatabase() {
    db.query("Database.create({ name: \"X\" })").ok();
    db.query("Database.create({ name: \"Y\" })").ok();
    Client x = db.as(db.query("Key.create({ role: \"admin\", database: \"X\" }).secret").ok().data().asText());
    Client y = db.as(db.query("Key.create({ role: \"admin\", database: \"Y\" }).secret").ok().data().asText());

    x.query("Collection.create({ name: \"Things\" })").ok();
    x.query("Things.create({ v: \"in X\" })").ok();
    assertThat(x.query("Things.all().map(.v).toArray()").ok().data()).isEqualTo(json("[\"in X\"]"));

    // Not visible from the root database, nor from the sibling Y.
    assertThat(db.query("Collection.byName(\"Things\").exists()").ok().data().asBoolean()).isFalse();
    db.query("Things.all()", "x-typecheck", "false").fails("unbound_variable");
    assertThat(y.query("Collection.byName(\"Things\").exists()").ok().data().asBoolean()).isFalse();
    y.query("Things.all()", "x-typecheck", "false").fails("unbound_variable");
    // Y's own collection of the same name is a different one.
    y.query("Collection.create({ name: \"Things\" })").ok();
    assertThat(y.query("Things.all().count()").ok().data().asInt()).isEqualTo(0);
    assertThat(x.query("Things.all().count()").ok().data().asInt()).isEqualTo(1);

    // Scoped root secrets address the same databases.
    Client scopedX = db.as("secret:X:admin");
    assertThat(scopedX.query("Things.all().map(.v).toArray()").ok().data()).isEqualTo(json("[\"in X\"]"));
    scopedX.query("Database.create({ name: \"Z\" })").ok();
    Client nested = db.as("secret:X/Z:admin");
    nested.query("Collection.create({ name: \"Deep\" })").ok();
    nested.query("Deep.create({ d: 1 })").ok();
    assertThat(nested.query("Deep.all().count()").ok().data().asInt()).isEqualTo(1);
    assertThat(scopedX.query("Collection.byName(\"Deep\").exists()").ok().data().asBoolean()).isFalse();
    assertThat(db.as("secret:X:admin").query("Collection.byName(\"Things\").exists()").ok().data().asBoolean())
        .isTrue();
    assertThat(db.as("secret:Nope:admin").query("1").status()).isEqualTo(401);

    // Deleting X revokes its keys and the scopes into it (and into its children); Y is unaffected.
    db.query("Database.byName(\"X\")!.delete()").ok();
    for (Client gone : List.of(x, scopedX, nested)) {
      Resp r = gone.query("1");
      assertThat(r.status()).as("%s", r).isEqualTo(401);
      assertThat(r.errorCode()).isEqualTo("unauthorized");
    }
    assertThat(y.query("Things.all().count()").ok().data().asInt()).isEqualTo(0);
    assertThat(db.query("Database.all().map(.name).toArray()").ok().data()).contains(json("\"Y\""))
        .doesNotContain(json("\"X\""));
  }
}
