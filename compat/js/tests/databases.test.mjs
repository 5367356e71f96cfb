// §9.2 #22-#23 (upstream newDB helper and schema-version): child databases and keys created with the root
// secret, the key's secret used against the child, and schema_version.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fql, AuthenticationError, NamedDocument, QueryRuntimeError } from 'fauna';
import { useDatabase, catchError, assertServiceError, uniqueName } from '../harness.mjs';

const created = [];
const db = useDatabase('databases', { teardown });

/** The upstream suite's newDB(): recreate database `name` and return a Client using a fresh admin key. */
async function newDB(name) {
  created.push(name);
  const res = await db.root.query(fql`
    if (Database.byName(${name}).exists()) {
      Key.where(.database == ${name}).forEach(.delete())
      Database.byName(${name})!.delete()
    }
    Database.create({ name: ${name} })
    Key.create({ role: "admin", database: ${name} }).secret
  `);
  assert.equal(typeof res.data, 'string');
  assert.ok(res.data.length >= 8, 'a key secret');
  return { secret: res.data, client: db.rootClient({ secret: res.data }) };
}

async function teardown(db) {
  for (const name of created) {
    await db.root.query(fql`
      Key.where(.database == ${name}).forEach(.delete())
      Database.byName(${name})?.delete()
    `);
  }
}

test('#22 a key created for a child database works against that database only', async () => {
  const name = uniqueName('SchemaTest');
  const { client } = await newDB(name);
  await client.query(fql`Collection.create({ name: "OnlyHere" })`);
  const res = await client.query(fql`OnlyHere.create({ x: 1 }).x`);
  assert.equal(res.data, 1);
  // The root database does not see the child's collection.
  const rootView = await db.root.query(fql`Collection.byName("OnlyHere").exists()`);
  assert.equal(rootView.data, false);
  // The scoped root secret sees the same database as the key.
  const scoped = db.rootClient({ secret: `${db.rootSecret}:${name}:admin` });
  assert.equal((await scoped.query(fql`OnlyHere.all().count()`)).data, 1);
});

test('#22 newDB again: the old database and its keys are gone, the new key works', async () => {
  const name = uniqueName('Recreated');
  const first = await newDB(name);
  await first.client.query(fql`Collection.create({ name: "Old" })`);
  const second = await newDB(name);
  assert.notEqual(second.secret, first.secret);
  const res = await second.client.query(fql`Collection.byName("Old").exists()`);
  assert.equal(res.data, false);
  const e = await catchError(() => first.client.query(fql`1`));
  assertServiceError(assert, e, AuthenticationError, { httpStatus: 401, code: 'unauthorized' });
});

test('#22 the database document is a NamedDocument in the Database collection', async () => {
  const name = uniqueName('Described');
  await newDB(name);
  const res = await db.root.query(fql`Database.byName(${name})`);
  assert.ok(res.data instanceof NamedDocument);
  assert.equal(res.data.name, name);
  assert.equal(res.data.coll.name, 'Database');
});

test('#22 a key secret is shown once: reading the key back has no secret', async () => {
  const name = uniqueName('KeyShow');
  await newDB(name);
  const res = await db.root.query(fql`Key.where(.database == ${name}).map(k => k.secret).toArray()`);
  assert.deepEqual(res.data, [null]);
});

test('#22 deleting the key revokes its secret', async () => {
  const name = uniqueName('Revoke');
  const { client } = await newDB(name);
  assert.equal((await client.query(fql`1 + 1`)).data, 2);
  await db.root.query(fql`Key.where(.database == ${name}).forEach(.delete())`);
  const e = await catchError(() => client.query(fql`1 + 1`));
  assertServiceError(assert, e, AuthenticationError, { httpStatus: 401, code: 'unauthorized' });
});

test('#22 an unknown child database name is document_not_found for Database.byName(...)!', async () => {
  const e = await catchError(() => db.root.query(fql`Database.byName("NoSuchDb_compat")!.delete()`));
  assertServiceError(assert, e, QueryRuntimeError, { httpStatus: 400, code: 'document_not_found' });
});

test('#23 schema_version equals the txn_ts of the last schema change', async () => {
  const { client } = await newDB(uniqueName('SchemaVersion'));
  const createRes = await client.query(fql`Collection.create({ name: "TestColl" })`);
  const res = await client.query(fql`TestColl.all()`);
  assert.equal(res.schema_version, createRes.txn_ts);
  // A data write does not change the schema version; another schema change does.
  const w = await client.query(fql`TestColl.create({})`);
  assert.equal(w.schema_version, createRes.txn_ts);
  const second = await client.query(fql`Collection.create({ name: "TestColl2" })`);
  const res2 = await client.query(fql`1`);
  assert.equal(res2.schema_version, second.txn_ts);
});
