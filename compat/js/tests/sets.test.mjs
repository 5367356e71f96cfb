// §9.2 #24 (upstream set.test): sets come back as a Page of 16 with an `after` cursor; client.paginate()
// and Set.paginate() fetch the following pages; the cursor replays the set at the original snapshot.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fql, getDefaultHTTPClient, Page, QueryRuntimeError, SetIterator, Document } from 'fauna';
import { useDatabase, collect, catchError, assertServiceError } from '../harness.mjs';

async function setup(db) {
  await db.client.query(fql`
    Collection.create({ name: "IterTestSmall" })
    Collection.create({ name: "IterTestBig" })
  `);
  await db.client.query(fql`
    ${small}.map(i => IterTestSmall.create({ value: i }))
    ${big}.map(i => IterTestBig.create({ value: i }))
  `);
}

const db = useDatabase('sets', { setup });
const small = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
const big = Array.from({ length: 20 }, (_, i) => i);


test('#24 a set of 10 comes back as one Page without after', async () => {
  const res = await db.client.query(fql`IterTestSmall.all()`);
  assert.ok(res.data instanceof Page);
  assert.equal(res.data.data.length, 10);
  assert.equal(res.data.after, undefined);
  assert.deepEqual(res.data.data.map((d) => d.value), small, 'ordered by id = creation order');
  for (const d of res.data.data) assert.ok(d instanceof Document);
  const pages = await collect(db.client.paginate(res.data));
  assert.equal(pages.length, 1);
  assert.deepEqual(pages[0].map((d) => d.value), small);
});

test('#24 a set of 20 comes back as 16 + after; Set.paginate(after) returns the last 4', async () => {
  const res = await db.client.query(fql`IterTestBig.all()`);
  assert.equal(res.data.data.length, 16);
  assert.equal(typeof res.data.after, 'string');
  assert.deepEqual(res.data.data.map((d) => d.value), big.slice(0, 16));
  const next = await db.client.query(fql`Set.paginate(${res.data.after})`);
  // Set.paginate returns a plain object page, not a set.
  assert.equal(next.data instanceof Page, false);
  assert.deepEqual(next.data.data.map((d) => d.value), big.slice(16));
  assert.equal(next.data.after, undefined);
});

test('#24 client.paginate(page) with next(): 16, then 4, then done', async () => {
  const res = await db.client.query(fql`IterTestBig.all()`);
  const it = db.client.paginate(res.data);
  assert.ok(it instanceof SetIterator);
  const r1 = await it.next();
  assert.equal(r1.done, false);
  assert.equal(r1.value.length, 16);
  const r2 = await it.next();
  assert.equal(r2.done, false);
  assert.equal(r2.value.length, 4);
  const r3 = await it.next();
  assert.equal(r3.done, true);
  assert.deepEqual([...r1.value, ...r2.value].map((d) => d.value), big);
});

test('#24 client.paginate(query).flatten() yields all 20 documents once', async () => {
  const items = await collect(db.client.paginate(fql`IterTestBig.all()`).flatten());
  assert.equal(items.length, 20);
  for (const d of items) assert.match(d.id, /^\d+$/);
  assert.deepEqual(items.map((d) => d.value), big);
});

test('#24 return() and throw() stop the iterator after the first page', async () => {
  const it = db.client.paginate(fql`IterTestBig.all()`);
  const seen = [];
  for await (const page of it) {
    seen.push(page.length);
    await it.return();
  }
  assert.deepEqual(seen, [16]);
  const it2 = db.client.paginate(fql`IterTestBig.all()`);
  const seen2 = [];
  await assert.rejects(async () => {
    for await (const page of it2) {
      seen2.push(page.length);
      await it2.throw('oops');
    }
  }, (e) => e === 'oops');
  assert.deepEqual(seen2, [16]);
});

test('#24 paginate of a non-set value yields one page with that value', async () => {
  assert.deepEqual(await collect(db.client.paginate(fql`42`)), [[42]]);
  assert.deepEqual(await collect(db.client.paginate(fql`"hello"`)), [['hello']]);
  assert.deepEqual(await collect(db.client.paginate(fql`{ "x": 123 }`)), [[{ x: 123 }]]);
  assert.deepEqual(await collect(db.client.paginate(fql`[{ "x": 123}].toSet()`)), [[{ x: 123 }]]);
});

test('#24 every page request carries the query options (x-query-timeout-ms)', async () => {
  const base = getDefaultHTTPClient({
    url: db.endpoint, http2_session_idle_ms: 500, http2_max_streams: 100, fetch_keepalive: false,
  });
  const timeouts = [];
  const http = {
    request(req) { timeouts.push(req.headers['x-query-timeout-ms']); return base.request(req); },
    close() { base.close(); },
  };
  const c = db.newClient({}, http);
  const items = await collect(c.paginate(fql`IterTestBig.all()`, { query_timeout_ms: 12345 }).flatten());
  assert.equal(items.length, 20);
  assert.deepEqual(timeouts, ['12345', '12345']);
});

test('#24 a cursor replays the set at its snapshot: later writes are not seen', async () => {
  await db.client.query(fql`Collection.create({ name: "Snapshot" })`);
  await db.client.query(fql`Set.sequence(0, 20).forEach(i => Snapshot.create({ value: i }))`);
  const first = await db.client.query(fql`Snapshot.all()`);
  await db.client.query(fql`Snapshot.create({ value: 100 })`);
  const next = await db.client.query(fql`Set.paginate(${first.data.after})`);
  assert.deepEqual(next.data.data.map((d) => d.value), [16, 17, 18, 19]);
  assert.equal(next.data.after, undefined);
});

test('paginate(n), pageSize(n) and Set.paginate(cursor, n) control page sizes', async () => {
  const p = await db.client.query(fql`IterTestBig.all().map(.value).paginate(5)`);
  assert.deepEqual(p.data.data, [0, 1, 2, 3, 4]);
  const p2 = await db.client.query(fql`Set.paginate(${p.data.after}, 7)`);
  assert.deepEqual(p2.data.data, [5, 6, 7, 8, 9, 10, 11]);
  const ps = await db.client.query(fql`IterTestBig.all().map(.value).pageSize(3)`);
  assert.ok(ps.data instanceof Page);
  assert.deepEqual(ps.data.data, [0, 1, 2]);
  const all = await collect(db.client.paginate(fql`IterTestBig.all().map(.value).pageSize(6)`));
  assert.deepEqual(all.map((pg) => pg.length), [6, 6, 6, 2]);
});

test('set operations: where, map, order, take, count, first, toArray', async () => {
  const res = await db.client.query(fql`{
    evens: IterTestBig.where(.value % 2 == 0).map(.value).toArray(),
    desc: IterTestBig.all().order(desc(.value)).take(3).map(.value).toArray(),
    count: IterTestBig.all().count(),
    first: IterTestBig.all().first()!.value,
    seq: Set.sequence(1, 4).toArray()
  }`);
  assert.deepEqual(res.data, {
    evens: [0, 2, 4, 6, 8, 10, 12, 14, 16, 18],
    desc: [19, 18, 17],
    count: 20,
    first: 0,
    seq: [1, 2, 3],
  });
});

test('a bad cursor is invalid_cursor; a page size of 0 is invalid_bounds', async () => {
  const e = await catchError(() => db.client.query(fql`Set.paginate("not a cursor")`));
  assertServiceError(assert, e, QueryRuntimeError, { httpStatus: 400, code: 'invalid_cursor' });
  const e2 = await catchError(() => db.client.query(fql`IterTestBig.all().paginate(0)`));
  assertServiceError(assert, e2, QueryRuntimeError, { httpStatus: 400, code: 'invalid_bounds' });
  assert.equal(e2.message, 'expected `size` to be between 1 and 16000 (inclusive), received 0');
});
