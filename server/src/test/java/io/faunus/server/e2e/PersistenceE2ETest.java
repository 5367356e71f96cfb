package io.faunus.server.e2e;

import static io.faunus.server.e2e.E2E.JSON;
import static org.assertj.core.api.Assertions.assertThat;

import io.faunus.server.e2e.E2E.InProcess;
import io.faunus.server.e2e.E2E.Resp;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A clean restart on the same RocksDB directory keeps documents, schema, keys and the clock. */
class PersistenceE2ETest {
  @TempDir
  Path dir;

  @Test
  void everythingSurvivesARestart() throws Exception {
    Path data = dir.resolve("data");
    String keySecret;
    String childKeySecret;
    long lastTs;
    String deletedId;
    try (InProcess db = InProcess.start(data)) {
      db.query("Collection.create({ name: \"Books\", indexes: { byAuthor: { terms: [{ field: \"author\" }], "
          + "values: [{ field: \"year\", order: \"desc\" }] } }, constraints: [{ unique: [\"isbn\"] }] })").ok();
      db.query("Set.sequence(0, 10).forEach(i => Books.create({ id: i + 1, author: if (i % 2 == 0) \"even\" "
          + "else \"odd\", year: 2000 + i, isbn: \"isbn-\" + i.toString() }))").ok();
      deletedId = "3";
      db.query("Books.byId(\"3\")!.delete()").ok();
      db.query("Books.byId(\"2\")!.update({ year: 1999 })").ok();
      db.query("Function.create({ name: \"title\", body: \"b => b.author + \\\"-\\\" + b.year.toString()\" })").ok();
      db.query("Database.create({ name: \"Child\" })").ok();
      keySecret = db.query("Key.create({ role: \"admin\" }).secret").ok().data().asText();
      childKeySecret = db.query("Key.create({ role: \"admin\", database: \"Child\" }).secret").ok().data().asText();
      db.as(childKeySecret).query("Collection.create({ name: \"Inner\" })").ok();
      lastTs = db.as(childKeySecret).query("Inner.create({ id: \"1\", v: \"child data\" })").ok().txnTs();
      assertThat(db.query("Books.all().count()").ok().txnTs()).isGreaterThan(lastTs);
      lastTs = db.query("Books.all().count()").ok().txnTs();
    }

    try (InProcess db = InProcess.start(data)) {
      Resp count = db.query("Books.all().count()").ok();
      assertThat(count.txnTs()).isGreaterThan(lastTs);
      assertThat(count.data().asInt()).isEqualTo(9);
      assertThat(db.query("Books.byId(\"" + deletedId + "\").exists()").ok().data().asBoolean()).isFalse();
      assertThat(db.query("Books.byId(\"2\")!.year").ok().data().asInt()).isEqualTo(1999);
      assertThat(db.query("Books.byAuthor(\"odd\").map(.year).toArray()").ok().data())
          .isEqualTo(JSON.readTree("[2009,2007,2005,2003,1999]"));
      assertThat(db.query("Books.byAuthor(\"even\").map(.id).toArray()").ok().data())
          .isEqualTo(JSON.readTree("[\"9\",\"7\",\"5\",\"1\"]"));
      Resp dup = db.query("Books.create({ isbn: \"isbn-0\" })").fails("constraint_failure");
      assertThat(dup.errorMessage()).isEqualTo("Failed unique constraint.");
      assertThat(db.query("title(Books.byId(\"1\")!)").ok().data().asText()).isEqualTo("even-2000");
      assertThat(db.query("Database.byName(\"Child\").exists()").ok().data().asBoolean()).isTrue();
      assertThat(db.query("Key.all().count()").ok().data().asInt()).isEqualTo(2);
      assertThat(db.as(keySecret).query("Books.all().count()").ok().data().asInt()).isEqualTo(9);
      assertThat(db.as(childKeySecret).query("Inner.byId(\"1\")!.v").ok().data().asText()).isEqualTo("child data");
      assertThat(db.as("secret:Child:admin").query("Inner.all().count()").ok().data().asInt()).isEqualTo(1);
      assertThat(db.as("wrong").query("1").status()).isEqualTo(401);
      // New writes get fresh ids and later timestamps.
      Resp w = db.query("Books.create({ author: \"new\", year: 2024, isbn: \"isbn-new\" })").ok();
      assertThat(w.txnTs()).isGreaterThan(count.txnTs());
      assertThat(db.query("Books.all().count()").ok().data().asInt()).isEqualTo(10);
    }
  }
}
