package io.faunus.server.e2e;

import static io.faunus.server.e2e.E2E.JSON;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.faunus.server.e2e.E2E.InProcess;
import io.faunus.server.e2e.E2E.Resp;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** User indexes, constraints, computed fields and set ordering over HTTP against a RocksDB node. */
class IndexesE2ETest {
  @TempDir
  static Path dir;
  static InProcess db;

  @BeforeAll
  static void start() {
    db = InProcess.start(dir.resolve("data"));
    db.query("""
        Collection.create({
          name: "People",
          indexes: {
            byCity: { terms: [{ field: "city" }], values: [{ field: "age", order: "desc" }, { field: "name" }] },
            byTag: { terms: [{ field: "tags", mva: true }] },
            byAge: { values: [{ field: "age" }] },
            byName: { terms: [{ field: "name" }] }
          },
          constraints: [
            { unique: ["email"] },
            { check: { name: "agePositive", body: "doc => doc.age == null || doc.age >= 0" } }
          ],
          computed_fields: { senior: { body: "doc => doc.age >= 65" } }
        })""").ok();
    db.query("""
        People.create({ name: "ann", age: 70, city: "Paris", email: "ann@x", tags: ["a", "b"] })
        People.create({ name: "bob", age: 20, city: "Paris", email: "bob@x", tags: ["b"] })
        People.create({ name: "cid", age: 40, city: "Lyon", email: "cid@x", tags: [] })
        People.create({ name: "dan", age: 40, city: "Paris", email: "dan@x", tags: ["c", "a"] })
        null""").ok();
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

  JsonNode page(String fql) {
    return db.query(fql).ok().data().get("data");
  }

  @Test
  void termsMatchExactlyAndValuesOrderDescThenAsc() {
    assertThat(page("People.byCity(\"Paris\").map(.name)")).isEqualTo(json("[\"ann\",\"dan\",\"bob\"]"));
    assertThat(page("People.byCity(\"Lyon\").map(.name)")).isEqualTo(json("[\"cid\"]"));
    assertThat(page("People.byCity(\"Nice\").map(.name)")).isEqualTo(json("[]"));
    assertThat(page("People.byName(\"bob\").map(.age)")).isEqualTo(json("[20]"));
    assertThat(page("People.byAge().map(.name)")).isEqualTo(json("[\"bob\",\"cid\",\"dan\",\"ann\"]"));
  }

  @Test
  void rangesAreInclusiveInIndexOrder() {
    assertThat(page("People.byAge({ from: 40 }).map(.name)")).isEqualTo(json("[\"cid\",\"dan\",\"ann\"]"));
    assertThat(page("People.byAge({ to: 40 }).map(.name)")).isEqualTo(json("[\"bob\",\"cid\",\"dan\"]"));
    assertThat(page("People.byAge({ from: 21, to: 69 }).map(.name)")).isEqualTo(json("[\"cid\",\"dan\"]"));
    // age is descending in byCity: from 40 starts at 40 and goes down.
    assertThat(page("People.byCity(\"Paris\", { from: 40 }).map(.name)")).isEqualTo(json("[\"dan\",\"bob\"]"));
    assertThat(page("People.byCity(\"Paris\", { from: [40, \"dan\"], to: [20] }).map(.name)"))
        .isEqualTo(json("[\"dan\",\"bob\"]"));
    Resp bad = db.query("People.byAge(5)").fails("invalid_argument");
    assertThat(bad.errorMessage()).isEqualTo("invalid argument `range`: should be an object contining `{ from }`, "
        + "`{ to }`, or `{ from, to }` fields");
  }

  @Test
  void mvaIndexesOneEntryPerElement() {
    assertThat(page("People.byTag(\"a\").map(.name)")).isEqualTo(json("[\"ann\",\"dan\"]"));
    assertThat(page("People.byTag(\"b\").map(.name)")).isEqualTo(json("[\"ann\",\"bob\"]"));
    assertThat(page("People.byTag(\"c\").map(.name)")).isEqualTo(json("[\"dan\"]"));
    assertThat(page("People.byTag(\"z\").map(.name)")).isEqualTo(json("[]"));
  }

  @Test
  void coveredProjectionAndFullDocumentsGiveTheSameAnswer() {
    assertThat(page("People.byCity(\"Paris\") { name, age }")).isEqualTo(json(
        "[{\"name\":\"ann\",\"age\":70},{\"name\":\"dan\",\"age\":40},{\"name\":\"bob\",\"age\":20}]"));
    assertThat(page("People.byCity(\"Paris\") { name, email }")).isEqualTo(json(
        "[{\"name\":\"ann\",\"email\":\"ann@x\"},{\"name\":\"dan\",\"email\":\"dan@x\"},"
            + "{\"name\":\"bob\",\"email\":\"bob@x\"}]"));
  }

  @Test
  void indexesFollowUpdatesAndDeletes() {
    db.query("People.create({ name: \"eve\", age: 30, city: \"Nice\", email: \"eve@x\", tags: [\"q\"] })").ok();
    assertThat(page("People.byCity(\"Nice\").map(.name)")).isEqualTo(json("[\"eve\"]"));
    db.query("People.byName(\"eve\").first()!.update({ city: \"Lyon\", age: 50, tags: [\"r\"] })").ok();
    assertThat(page("People.byCity(\"Nice\").map(.name)")).isEqualTo(json("[]"));
    assertThat(page("People.byCity(\"Lyon\").map(.name)")).isEqualTo(json("[\"eve\",\"cid\"]"));
    assertThat(page("People.byTag(\"q\")")).isEqualTo(json("[]"));
    assertThat(page("People.byTag(\"r\").map(.name)")).isEqualTo(json("[\"eve\"]"));
    db.query("People.byName(\"eve\").first()!.delete()").ok();
    assertThat(page("People.byCity(\"Lyon\").map(.name)")).isEqualTo(json("[\"cid\"]"));
    assertThat(page("People.byTag(\"r\")")).isEqualTo(json("[]"));
    // The email is free again once its owner is deleted.
    db.query("People.create({ name: \"eve2\", email: \"eve@x\" }).name").ok();
    db.query("People.byName(\"eve2\").first()!.delete()").ok();
  }

  @Test
  void uniqueConstraintFailsWithItsMessageAndPaths() {
    Resp r = db.query("People.create({ name: \"ann2\", email: \"ann@x\" })").fails("constraint_failure");
    assertThat(r.errorMessage()).isEqualTo("Failed unique constraint.");
    assertThat(r.body().at("/error/constraint_failures"))
        .isEqualTo(json("[{\"paths\":[[\"email\"]],\"message\":\"Failed unique constraint\"}]"));
    // Also on update, and also when both writes are in the same query.
    db.query("People.byName(\"bob\").first()!.update({ email: \"ann@x\" })").fails("constraint_failure");
    db.query("People.create({ name: \"t1\", email: \"same@x\" }); People.create({ name: \"t2\", email: \"same@x\" })")
        .fails("constraint_failure");
    assertThat(db.query("People.all().count()").ok().data().asInt()).isEqualTo(4);
    assertThat(db.query("People.byName(\"bob\").first()!.email").ok().data().asText()).isEqualTo("bob@x");
  }

  @Test
  void checkConstraintRejectsInvalidDocuments() {
    Resp r = db.query("People.create({ name: \"neg\", age: -1, email: \"neg@x\" })").fails("constraint_failure");
    assertThat(r.errorMessage()).isEqualTo("Failed to create document in collection `People`.");
    assertThat(r.body().at("/error/constraint_failures"))
        .isEqualTo(json("[{\"paths\":[],\"message\":\"Document failed check constraint `agePositive`\"}]"));
    db.query("People.byName(\"bob\").first()!.update({ age: -5 })").fails("constraint_failure");
    assertThat(db.query("People.byName(\"bob\").first()!.age").ok().data().asInt()).isEqualTo(20);
    assertThat(db.query("People.all().count()").ok().data().asInt()).isEqualTo(4);
  }

  @Test
  void computedFieldsAreEvaluatedOnReadAndCannotBeWritten() {
    assertThat(page("People.byCity(\"Paris\").map(.senior)")).isEqualTo(json("[true,false,false]"));
    Resp ann = db.query("People.byName(\"ann\").first()").ok();
    assertThat(ann.data().get("senior").asBoolean()).isTrue();
    db.query("People.byName(\"bob\").first()!.update({ age: 66 })").ok();
    assertThat(db.query("People.byName(\"bob\").first()!.senior").ok().data().asBoolean()).isTrue();
    db.query("People.byName(\"bob\").first()!.update({ age: 20 })").ok();
    assertThat(db.query("People.byName(\"bob\").first()!.senior").ok().data().asBoolean()).isFalse();
  }

  @Test
  void computedFieldsCannotBeWritten() {
    db.query("Collection.create({ name: \"Computed\", computed_fields: { double: { body: \"doc => doc.n * 2\" } } })")
        .ok();
    db.query("Computed.create({ id: \"1\", n: 2 })").ok();
    Resp create = db.query("Computed.create({ n: 1, double: 5 })").fails("constraint_failure");
    assertThat(create.raw()).contains("Cannot write to a computed field");
    Resp update = db.query("Computed.byId(\"1\")!.update({ double: 5 })").fails("constraint_failure");
    assertThat(update.raw()).contains("Cannot write to a computed field");
    assertThat(db.query("Computed.byId(\"1\")!.double").ok().data().asInt()).isEqualTo(4);
    assertThat(db.query("Computed.all().count()").ok().data().asInt()).isEqualTo(1);
  }

  @Test
  void setsOrderByAccessorsAscAndDesc() {
    assertThat(db.query("People.all().order(.name).map(.name).toArray()").ok().data())
        .isEqualTo(json("[\"ann\",\"bob\",\"cid\",\"dan\"]"));
    assertThat(db.query("People.all().order(desc(.age), .name).map(.name).toArray()").ok().data())
        .isEqualTo(json("[\"ann\",\"cid\",\"dan\",\"bob\"]"));
    assertThat(db.query("People.where(.city == \"Paris\").order(asc(.age)).map(.name).toArray()").ok().data())
        .isEqualTo(json("[\"bob\",\"dan\",\"ann\"]"));
    assertThat(db.query("People.all().order(.age).first()!.name").ok().data().asText()).isEqualTo("bob");
    assertThat(db.query("People.all().map(.age).order(desc(x => x)).toArray()").ok().data())
        .isEqualTo(json("[70,40,40,20]"));
  }
}
