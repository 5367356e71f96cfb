package io.faunus.node;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** User documents, index entries and unique constraints through the whole query path (spec §4.2, §5.3). */
class DocumentsTest {
  private FqlNode fql;

  @BeforeEach
  void setUp() {
    fql = new FqlNode();
    fql.data("Collection.create({ name: 'P', indexes: { byTag: { terms: [{ field: '.tags', mva: true }] }, "
        + "byCity: { terms: [{ field: '.address.city' }], values: [{ field: '.n' }] } }, "
        + "constraints: [{ unique: ['email'] }] }); 1");
  }

  @AfterEach
  void tearDown() {
    fql.close();
  }

  private String json(String q) {
    return fql.data("Object.toString(" + q + ")").toString();
  }

  @Test
  void tooLongIndexTermIsA400NotACrash() { // found by EvalFuzzTest: the storage batch threw, a 500
    assertThat(fql.outcome(FqlNode.ROOT, "P.create({ address: { city: Array.sequence(0, 6000).toString() } }); 1"))
        .isEqualTo("protocol invalid_request");
    assertThat(fql.outcome(FqlNode.ROOT, "P.create({ address: { city: 'x' } }); 1")).isEqualTo("ok");
  }

  /** As FaunaDB casts an ID argument: a string that is no 64-bit integer is the wrong type; a negative one a bad ID. */
  @Test
  void byIdOfANonNumericStringIsAnInvalidArgument() {
    var notAnId = fql.failure(FqlNode.ROOT, "P.byId('foobar')");
    assertThat(notAnId.code().wire()).isEqualTo("invalid_argument");
    assertThat(notAnId.message()).isEqualTo("expected value for `id` of type ID, received String");
    assertThat(fql.failure(FqlNode.ROOT, "P.byId('99999999999999999999')").code().wire()).isEqualTo("invalid_argument");
    assertThat(fql.failure(FqlNode.ROOT, "Key.byId('foobar')").code().wire()).isEqualTo("invalid_argument");
    assertThat(fql.failure(FqlNode.ROOT, "P.byId('-1')").code().wire()).isEqualTo("invalid_id");
    assertThat(fql.data("P.byId('12').exists()").toString()).contains("false");
  }

  @Test
  void updateDeepMergesRemovesNullsAndReplacesArrays() {
    fql.data("P.create({ id: 1, a: { b: 1, c: 2 }, arr: [1, 2], gone: 1 }); 1");
    fql.data("P.byId(1)!.update({ a: { c: null, d: 3 }, arr: [9], gone: null }); 1");
    assertThat(json("P.byId(1)!.data")).isEqualTo("StrV[value={ a: { b: 1, d: 3 }, arr: [9] }]");
    fql.data("P.byId(1)!.replace({ x: 1 }); 1");
    assertThat(json("P.byId(1)!.data")).isEqualTo("StrV[value={ x: 1 }]");
    assertThat(fql.data("P.byId(1)!.delete(); P.byId(1).exists()").toString()).isEqualTo("BoolV[value=false]");
    assertThat(fql.failure(FqlNode.ROOT, "P.byId(1)!.update({ x: 2 })").code().wire()).isEqualTo("document_not_found");
  }

  @Test
  void mvaIndexesEveryElementAndNullTermsAreNotIndexed() {
    fql.data("P.create({ tags: ['a', 'b'], n: 1 }); P.create({ tags: ['b'], n: 2 }); P.create({ n: 3 }); 1");
    assertThat(FqlNode.num(fql.data("P.byTag('a').count()"))).isEqualTo(1);
    assertThat(FqlNode.num(fql.data("P.byTag('b').count()"))).isEqualTo(2);
    assertThat(FqlNode.num(fql.data("P.byTag(null).count()"))).isZero();
    fql.data("P.byTag('a').first()!.update({ tags: ['c'] }); 1");
    assertThat(FqlNode.num(fql.data("P.byTag('a').count()"))).isZero();
    assertThat(FqlNode.num(fql.data("P.byTag('c').count()"))).isEqualTo(1);
  }

  @Test
  void indexValuesOrderAndNumericTermsMatchAcrossKinds() {
    fql.data("P.create({ address: { city: 'X' }, n: 2.5 }); P.create({ address: { city: 'X' }, n: 1 }); "
        + "P.create({ address: { city: 'X' }, n: 30 }); P.create({ address: { city: 'Y' }, n: 0 }); 1");
    assertThat(fql.data("P.byCity('X').map(.n).toArray()").toString())
        .isEqualTo("ArrayV[elems=[IntV[value=1], DoubleV[value=2.5], IntV[value=30]]]");
    fql.data("P.create({ tags: [30], n: 9 }); 1");
    assertThat(FqlNode.num(fql.data("P.byTag(30.0).count()"))).as("30.0 finds the term 30").isEqualTo(1);
  }

  @Test
  void uniqueConstraintRejectsDuplicatesAcrossAndWithinQueries() {
    fql.data("P.create({ email: 'a@x' }); 1");
    assertThat(fql.failure(FqlNode.ROOT, "P.create({ email: 'a@x' })").code().wire()).isEqualTo("constraint_failure");
    assertThat(fql.failure(FqlNode.ROOT, "P.create({ email: 'b@x' }); P.create({ email: 'b@x' })").code().wire())
        .isEqualTo("constraint_failure");
    assertThat(FqlNode.num(fql.data("P.where(.email == 'b@x').count()"))).isZero();
    fql.data("P.where(.email == 'a@x').first()!.delete(); P.create({ email: 'a@x' }); 1");
    assertThat(FqlNode.num(fql.data("P.where(.email == 'a@x').count()"))).isEqualTo(1);
  }

  /** Found by the stage session: updating a collection that had a unique constraint always failed. */
  @Test
  void aCollectionWithAUniqueConstraintCanBeUpdatedButNoStatusWritten() {
    fql.data("P.definition.update({ history_days: 3 }); 1");
    assertThat(FqlNode.num(fql.data("P.definition.history_days"))).isEqualTo(3);
    fql.data("P.definition.update({ indexes: { byEmail: { terms: [{ field: '.email' }] } } }); 1");
    fql.data("P.create({ email: 'c@x' }); 1");
    assertThat(FqlNode.num(fql.data("P.byEmail('c@x').count()"))).isEqualTo(1);
    assertThat(fql.failure(FqlNode.ROOT, "P.create({ email: 'c@x' })").code().wire()).isEqualTo("constraint_failure");
    // What the database keeps is not the user's to write, on an update as on a create (FaunaDB's messages).
    var constraint = fql.failure(FqlNode.ROOT, "P.definition.update({ constraints: [{ unique: ['email'], status: 'active' }] })");
    assertThat(constraint.message()).isEqualTo("Failed to update Collection `P`.");
    assertThat(constraint.constraintFailures().toString()).contains("constraints, 0, status")
        .contains("Failed to update field because it is readonly");
    var index = fql.failure(FqlNode.ROOT, "P.definition.update({ indexes: { byEmail: { status: 'building' } } })");
    assertThat(index.constraintFailures().toString()).contains("indexes, byEmail, status");
  }
}
