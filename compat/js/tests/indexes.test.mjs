// §9.2 #21 (upstream existing-collection): a collection with indexes and a unique constraint; duplicate
// inserts fail with "unique constraint"; an index lookup with a projection returns the matching
// documents in insertion order.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fql, ConstraintFailureError, Page } from 'fauna';
import { useDatabase, catchError, assertServiceError } from '../harness.mjs';

async function setup(db) {
  const res = await db.client.query(fql`
    if (Collection.byName("Authors") == null) {
      Collection.create({
        name: "Authors",
        indexes: {
          byName: { terms: [ { field: "firstName" }, { field: "lastName" } ] },
          byGenre: { terms: [ { field: "genre" } ] }
        },
        constraints: [ { unique: [ "firstName", "lastName" ] } ]
      })
    } else {
      "Authors already exists."
    }
  `);
  assert.equal(res.data.name, 'Authors');
  for (const author of authors) await db.client.query(fql`Authors.create(${author})`);
}

const db = useDatabase('indexes', { setup });

const authors = [
  { firstName: 'one', lastName: 'one', genre: 'mystery' },
  { firstName: 'two', lastName: 'two', genre: 'fantasy' },
  { firstName: 'three', lastName: 'four', genre: 'sci-fi' },
  { firstName: 'five', lastName: 'six', genre: 'sci-fi' },
  { firstName: 'seven', lastName: 'eight', genre: 'mystery' },
];


test('#21 a duplicate insert violates the unique constraint', async () => {
  const e = await catchError(() => db.client.query(fql`Authors.create(${authors[0]})`));
  assertServiceError(assert, e, ConstraintFailureError, { httpStatus: 400, code: 'constraint_failure' });
  assert.ok(e.message.includes('unique constraint'), e.message);
  assert.equal(e.message, 'Failed unique constraint.');
  const count = await db.client.query(fql`Authors.all().count()`);
  assert.equal(count.data, authors.length);
});

test('#21 two duplicates in one query: the whole query fails and writes nothing', async () => {
  const e = await catchError(() => db.client.query(fql`
    Authors.create({ firstName: "x", lastName: "y", genre: "poetry" })
    Authors.create({ firstName: "x", lastName: "y", genre: "poetry" })
  `));
  assertServiceError(assert, e, ConstraintFailureError, { httpStatus: 400, code: 'constraint_failure' });
  const res = await db.client.query(fql`Authors.byGenre("poetry").count()`);
  assert.equal(res.data, 0);
});

test('#21 an index lookup with a projection returns a Page of projected objects in insertion order', async () => {
  const res = await db.client.query(fql`
    Authors.byGenre("sci-fi") {
      firstName,
      lastName,
      genre
    }
  `);
  assert.ok(res.data instanceof Page);
  assert.deepEqual(res.data.data, [
    { firstName: 'three', lastName: 'four', genre: 'sci-fi' },
    { firstName: 'five', lastName: 'six', genre: 'sci-fi' },
  ]);
  assert.equal(res.data.after, undefined);
});

test('#21 a two-term index finds exactly one author', async () => {
  const res = await db.client.query(fql`Authors.byName("five", "six").map(.genre).toArray()`);
  assert.deepEqual(res.data, ['sci-fi']);
  const none = await db.client.query(fql`Authors.byName("five", "seven").toArray()`);
  assert.deepEqual(none.data, []);
});

test('#21 index results follow updates', async () => {
  await db.client.query(fql`Authors.byName("two", "two").first()!.update({ genre: "sci-fi" })`);
  const res = await db.client.query(fql`Authors.byGenre("sci-fi").map(.firstName).toArray()`);
  assert.deepEqual(res.data.sort(), ['five', 'three', 'two']);
  const fantasy = await db.client.query(fql`Authors.byGenre("fantasy").count()`);
  assert.equal(fantasy.data, 0);
});

test('projection on a single document and on an array', async () => {
  const res = await db.client.query(fql`[
    Authors.byName("one", "one").first() { firstName, full: .firstName + " " + .lastName },
    [{ a: 1, b: 2 }, { a: 3, b: 4 }] { a }
  ]`);
  assert.deepEqual(res.data, [{ firstName: 'one', full: 'one one' }, [{ a: 1 }, { a: 3 }]]);
});
