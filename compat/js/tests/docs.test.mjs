// §9.2 #14-#20: documents, modules, references, named documents, null documents and ttl, as the driver
// decodes them (Document, NamedDocument, DocumentReference, NamedDocumentReference, NullDocument, Module).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  fql, Document, DocumentReference, Module, NamedDocument, NamedDocumentReference, NullDocument, TimeStub,
  QueryRuntimeError, ConstraintFailureError,
} from 'fauna';
import { useDatabase, catchError, assertServiceError } from '../harness.mjs';

async function setup(db) {
  await db.client.query(fql`
    [
      if (Collection.byName("DocTest") == null) {
        Collection.create({ name: "DocTest" })
      },
      if (Collection.byName("DocTest2") == null) {
        Collection.create({ name: "DocTest2" })
      }
    ]
  `);
  testDoc = (await db.client.query(fql`DocTest.create({})`)).data;
}

const db = useDatabase('docs', { setup });
let testDoc;


test('#14 create returns a Document with a string id, the collection module and a ts', async () => {
  assert.ok(testDoc instanceof Document);
  assert.equal(typeof testDoc.id, 'string');
  assert.match(testDoc.id, /^\d+$/);
  assert.ok(testDoc.coll instanceof Module);
  assert.equal(testDoc.coll.name, 'DocTest');
  assert.ok(testDoc.ts instanceof TimeStub);
  assert.ok(Math.abs(Date.parse(testDoc.ts.isoString) - Date.now()) < 600_000, testDoc.ts.isoString);
});

test('#14 user fields are top-level fields of the Document', async () => {
  const res = await db.client.query(fql`DocTest.create({ name: "Ada", tags: ["x", "y"], address: { city: "Paris" } })`);
  const doc = res.data;
  assert.ok(doc instanceof Document);
  assert.equal(doc.name, 'Ada');
  assert.deepEqual(doc.tags, ['x', 'y']);
  assert.deepEqual(doc.address, { city: 'Paris' });
  const read = await db.client.query(fql`DocTest.byId(${doc.id})!.address.city`);
  assert.equal(read.data, 'Paris');
});

test('#14 ids are distinct and grow with creation order', async () => {
  const res = await db.client.query(fql`[DocTest.create({ i: 1 }), DocTest.create({ i: 2 })]`);
  const [a, b] = res.data;
  assert.notEqual(a.id, b.id);
  assert.ok(BigInt(b.id) > BigInt(a.id));
  assert.equal(a.ts.isoString, b.ts.isoString, 'both written in one transaction');
});

test('#15 a Module round-trips', async () => {
  const res = await db.client.query(fql`${new Module('DocTest')}`);
  assert.ok(res.data instanceof Module);
  assert.equal(res.data.name, 'DocTest');
});

test('#15 a Module value can be used as the collection', async () => {
  const res = await db.client.query(fql`${new Module('DocTest')}.byId(${testDoc.id})!.id`);
  assert.equal(res.data, testDoc.id);
});

test('#16 a DocumentReference to a missing document comes back as a NullDocument', async () => {
  const ref = new DocumentReference({ id: '101', coll: new Module('DocTest') });
  const res = await db.client.query(fql`${ref}`);
  assert.ok(res.data instanceof NullDocument);
  assert.equal(res.data.cause, 'not found');
  assert.ok(res.data.ref instanceof DocumentReference);
  assert.equal(res.data.ref.id, '101');
  assert.equal(res.data.ref.coll.name, 'DocTest');
});

test('#16 reading a field of a missing document is document_not_found; ?. gives null', async () => {
  const e = await catchError(() => db.client.query(fql`DocTest.byId("101")!.name`));
  assertServiceError(assert, e, QueryRuntimeError, { httpStatus: 400, code: 'document_not_found' });
  assert.equal(e.message, 'Collection `DocTest` does not contain document with id 101.');
  const res = await db.client.query(fql`[DocTest.byId("101")?.name, DocTest.byId("101").exists(), DocTest.byId("101") == null]`);
  assert.deepEqual(res.data, [null, false, true]);
});

test('#17 a DocumentReference to an existing document comes back as the full Document', async () => {
  const res = await db.client.query(fql`${new DocumentReference(testDoc)}`);
  assert.ok(res.data instanceof Document);
  assert.equal(res.data.id, testDoc.id);
  assert.equal(res.data.coll.name, 'DocTest');
  assert.equal(res.data.ts.isoString, testDoc.ts.isoString);
});

test('#17 a Document sent back (as @ref) comes back as the same Document', async () => {
  const res = await db.client.query(fql`${testDoc}`);
  assert.ok(res.data instanceof Document);
  assert.equal(res.data.id, testDoc.id);
  assert.equal(res.data.coll.name, testDoc.coll.name);
  assert.equal(res.data.ts.isoString, testDoc.ts.isoString);
});

test('#18 a NamedDocumentReference to a collection comes back named', async () => {
  const ref = new NamedDocumentReference({ name: 'DocTest', coll: new Module('Collection') });
  const res = await db.client.query(fql`${ref}`);
  // The definition is a live named document: the driver decodes @doc with a name as NamedDocument,
  // which extends NamedDocumentReference.
  assert.ok(res.data instanceof NamedDocumentReference);
  assert.equal(res.data.name, 'DocTest');
  assert.equal(res.data.coll.name, 'Collection');
});

test('#18 a NamedDocument round-trips with a ts', async () => {
  const doc = new NamedDocument({ name: 'DocTest', coll: new Module('Collection'), ts: TimeStub.from('2023-10-16T00:00:00Z') });
  const res = await db.client.query(fql`${doc}`);
  assert.ok(res.data instanceof NamedDocument);
  assert.equal(res.data.name, 'DocTest');
  assert.equal(res.data.coll.name, 'Collection');
  assert.ok(res.data.ts instanceof TimeStub);
  assert.notEqual(res.data.ts.isoString, '2023-10-16T00:00:00Z', 'ts is the real one, not the one sent');
});

test('#19 modules, documents with stored references, and named documents in one result', async () => {
  const res = await db.client.query(fql`{
    module: DocTest,
    document: DocTest.create({
      documentReference: DocTest.create({}),
      namedDocumentReference: DocTest2.definition,
    }),
    namedDocument: DocTest.definition
  }`);
  const { module, document, namedDocument } = res.data;
  assert.ok(module instanceof Module);
  assert.equal(module.name, 'DocTest');
  assert.ok(document instanceof Document);
  // Documents stored in fields are rendered as references, not expanded.
  assert.equal(Object.getPrototypeOf(document.documentReference), DocumentReference.prototype);
  assert.equal(document.documentReference.coll.name, 'DocTest');
  assert.match(document.documentReference.id, /^\d+$/);
  assert.equal(Object.getPrototypeOf(document.namedDocumentReference), NamedDocumentReference.prototype);
  assert.equal(document.namedDocumentReference.name, 'DocTest2');
  assert.equal(document.namedDocumentReference.coll.name, 'Collection');
  assert.ok(namedDocument instanceof NamedDocument);
  assert.equal(namedDocument.name, 'DocTest');
  assert.equal(namedDocument.coll.name, 'Collection');
  assert.ok(namedDocument.ts instanceof TimeStub);
});

test('#19 a stored reference resolves to the referenced document', async () => {
  const res = await db.client.query(fql`
    let target = DocTest.create({ label: "target" })
    let holder = DocTest.create({ link: target })
    [holder.link.label, holder.link.id == target.id]
  `);
  assert.deepEqual(res.data, ['target', true]);
});

test('#20 a document without ttl has no ttl; update sets a ttl that comes back as a Time', async () => {
  const res = await db.client.query(fql`${testDoc}`);
  assert.equal(res.data.ttl, undefined);
  const upd = await db.client.query(fql`${testDoc}.update({ ttl: Time.now().add(1, "day") })`);
  assert.ok(upd.data.ttl instanceof TimeStub);
  const ttlMs = Date.parse(upd.data.ttl.isoString);
  assert.ok(Math.abs(ttlMs - (Date.now() + 86_400_000)) < 600_000, upd.data.ttl.isoString);
});

test('update merges, replace replaces, delete returns a NullDocument', async () => {
  const created = (await db.client.query(fql`DocTest.create({ a: 1, b: { c: 2, d: 3 } })`)).data;
  const upd = (await db.client.query(fql`${created}.update({ b: { c: 20, d: null }, e: 5 })`)).data;
  assert.equal(upd.a, 1);
  assert.deepEqual(upd.b, { c: 20 });
  assert.equal(upd.e, 5);
  assert.ok(upd.ts.isoString > created.ts.isoString);
  const rep = (await db.client.query(fql`${created}.replace({ z: true })`)).data;
  assert.equal(rep.z, true);
  assert.equal('a' in rep, false);
  assert.equal(rep.id, created.id);
  const del = (await db.client.query(fql`${created}.delete()`)).data;
  assert.ok(del instanceof NullDocument);
  assert.equal(del.ref.id, created.id);
  const gone = await db.client.query(fql`${new DocumentReference(created)}`);
  assert.ok(gone.data instanceof NullDocument);
  assert.ok(['not found', 'deleted'].includes(gone.data.cause), gone.data.cause);
});

test('reserved field names are refused with a constraint failure', async () => {
  const e = await catchError(() => db.client.query(fql`DocTest.create({ ts: 1 })`));
  assertServiceError(assert, e, ConstraintFailureError, { httpStatus: 400, code: 'constraint_failure' });
  assert.equal(e.message, 'Failed to create document in collection `DocTest`.');
  assert.equal(e.constraint_failures.length, 1);
  assert.deepEqual(e.constraint_failures[0].paths, [['ts']]);
});
