// Upstream query-typings: what the driver hands back for each kind of result, via query() and
// paginate(). JS has no static types, so this checks the runtime classes and shapes behind them:
// Document, NamedDocument, Module, Page, DocumentReference, NamedDocumentReference, TimeStub, DateStub.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  fql, DateStub, Document, DocumentReference, EmbeddedSet, Module, NamedDocument, NamedDocumentReference, Page,
  TimeStub,
} from 'fauna';
import { useDatabase, collect } from '../harness.mjs';

async function setup(db) {
  await db.client.query(fql`Collection.create({ name: "Typed" })`);
}

const db = useDatabase('typings', { setup });


test('plain objects come back as plain objects from query() and paginate()', async () => {
  assert.deepEqual((await db.client.query(fql`{ "x": 123 }`)).data, { x: 123 });
  const viaSet = await collect(db.client.paginate(fql`[{ "x": 123}].toSet()`));
  assert.deepEqual(viaSet, [[{ x: 123 }]]);
  const viaValue = await collect(db.client.paginate(fql`{ "x": 123 }`));
  assert.deepEqual(viaValue, [[{ x: 123 }]]);
  assert.equal((await db.client.query(fql`"hello"`)).data, 'hello');
});

test('[…].toSet() is a Page with the elements', async () => {
  const res = await db.client.query(fql`[{ "x": 123}].toSet()`);
  assert.ok(res.data instanceof Page);
  assert.deepEqual(res.data.data, [{ x: 123 }]);
  assert.equal(res.data.after, undefined);
});

test('every value class the driver decodes appears in one result', async () => {
  const res = await db.client.query(fql`
    let doc = Typed.create({ other: Typed.create({ n: 1 }), def: Typed.definition })
    {
      doc: doc,
      module: Typed,
      builtin: Math,
      named: Typed.definition,
      page: Set.sequence(0, 3),
      time: Time("2024-05-06T07:08:09.010Z"),
      date: Date("2024-05-06"),
      nullDoc: Typed.byId("1"),
      int: 1,
      double: 1.5,
      str: "s",
      bool: true,
      nul: null,
      arr: [1, [2]]
    }
  `);
  const d = res.data;
  assert.ok(d.doc instanceof Document);
  assert.equal(Object.getPrototypeOf(d.doc.other), DocumentReference.prototype);
  assert.equal(Object.getPrototypeOf(d.doc.def), NamedDocumentReference.prototype);
  assert.equal(d.doc.def.name, 'Typed');
  assert.ok(d.module instanceof Module);
  assert.equal(d.module.name, 'Typed');
  assert.ok(d.builtin instanceof Module);
  assert.equal(d.builtin.name, 'Math');
  assert.ok(d.named instanceof NamedDocument);
  assert.equal(d.named.name, 'Typed');
  assert.ok(d.page instanceof Page);
  assert.deepEqual(d.page.data, [0, 1, 2]);
  assert.ok(d.time instanceof TimeStub);
  assert.equal(d.time.isoString, '2024-05-06T07:08:09.010Z');
  assert.ok(d.date instanceof DateStub);
  assert.equal(d.date.dateString, '2024-05-06');
  assert.equal(d.nullDoc?.constructor?.name, 'NullDocument');
  assert.equal(d.nullDoc.cause, 'not found');
  assert.equal(d.int, 1);
  assert.equal(d.double, 1.5);
  assert.equal(d.str, 's');
  assert.equal(d.bool, true);
  assert.equal(d.nul, null);
  assert.deepEqual(d.arr, [1, [2]]);
});

test('a named document carries its definition fields', async () => {
  const res = await db.client.query(fql`Typed.definition`);
  assert.ok(res.data instanceof NamedDocument);
  assert.equal(res.data.name, 'Typed');
  assert.equal(res.data.coll.name, 'Collection');
  assert.ok(res.data.ts instanceof TimeStub);
  assert.ok(res.data.toObject().ts instanceof TimeStub);
});

test('a set nested in a page deeper than 10 levels comes back as an EmbeddedSet cursor', async () => {
  // 12 levels of nested single-element sets: the outer 10 are materialized, then a cursor.
  const res = await db.client.query(fql`
    let wrap = (s) => Set.single(s)
    wrap(wrap(wrap(wrap(wrap(wrap(wrap(wrap(wrap(wrap(wrap(wrap(1))))))))))))
  `);
  let v = res.data;
  let depth = 0;
  while (v instanceof Page) {
    v = v.data[0];
    depth++;
  }
  // Spec §2.2/§8: nested sets are materialized to depth 10, deeper ones are left as cursors.
  assert.ok(depth >= 10 && depth <= 11, `materialized depth ${depth}`);
  assert.ok(v instanceof EmbeddedSet, `innermost value ${v}`);
  assert.equal(typeof v.after, 'string');
});
