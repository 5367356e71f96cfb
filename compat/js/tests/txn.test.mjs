// §9.2 #13: the driver tracks the last txn_ts and sends it as x-last-txn-ts; every response carries a
// txn_ts and consecutive ones differ even when nothing was written.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fql, getDefaultHTTPClient, TimeStub } from 'fauna';
import { useDatabase } from '../harness.mjs';

const db = useDatabase('txn');

/** An HTTP client that records the x-last-txn-ts header of every request it forwards. */
function recordingHttp() {
  const base = getDefaultHTTPClient({
    url: db.endpoint, http2_session_idle_ms: 500, http2_max_streams: 100, fetch_keepalive: false,
  });
  const sent = [];
  return {
    sent,
    request(req) {
      sent.push(req.headers['x-last-txn-ts']);
      return base.request(req);
    },
    close() { base.close(); },
  };
}

const ensure = (name) => fql`
  if (Collection.byName(${name}) == null) {
    Collection.create({ name: ${name} })
  }`;

test('#13 the client sends the last txn_ts it saw, and txn_ts values differ', async () => {
  const http = recordingHttp();
  const c = db.newClient({}, http);
  const r1 = await c.query(ensure('Customers'));
  const r2 = await c.query(ensure('Orders'));
  const r3 = await c.query(ensure('Products'));
  // Run them again: now nothing is written, yet each query still gets its own, later txn_ts.
  const r4 = await c.query(ensure('Customers'));
  const r5 = await c.query(ensure('Orders'));
  const ts = [r1, r2, r3, r4, r5].map((r) => r.txn_ts);
  for (const t of ts) assert.ok(Number.isInteger(t) && t > 0, `txn_ts ${t}`);
  for (let i = 1; i < ts.length; i++) assert.ok(ts[i] > ts[i - 1], `txn_ts must increase: ${ts}`);
  assert.deepEqual(http.sent, [undefined, ...ts.slice(0, 4)]);
  assert.equal(c.lastTxnTs, ts[4]);
  assert.equal(r4.data, null, 'the collection exists already: if without else is null');
});

test('#13 lastTxnTs can be raised by hand but never lowered', async () => {
  const http = recordingHttp();
  const c = db.newClient({}, http);
  assert.equal(c.lastTxnTs, undefined);
  const r1 = await c.query(ensure('Foozball'));
  const t1 = r1.txn_ts;
  assert.equal(c.lastTxnTs, t1);
  c.lastTxnTs = t1 - 1;
  assert.equal(c.lastTxnTs, t1);
  c.lastTxnTs = undefined;
  assert.equal(c.lastTxnTs, t1);
  c.lastTxnTs = 0;
  assert.equal(c.lastTxnTs, t1);
  const r2 = await c.query(fql`1`);
  assert.equal(http.sent[1], t1);
  assert.ok(r2.txn_ts > t1);
});

test('#13 a client that saw a later txn (x-last-txn-ts) reads that write from another client', async () => {
  await db.client.query(ensure('Ryw'));
  const writer = db.newClient();
  const reader = db.newClient();
  const w = await writer.query(fql`Ryw.create({ n: 7 })`);
  reader.lastTxnTs = w.txn_ts;
  const r = await reader.query(fql`Ryw.byId(${w.data.id})!.n`);
  assert.equal(r.data, 7);
  assert.ok(r.txn_ts >= w.txn_ts);
});

test('a write commits at its txn_ts: the document ts equals the response txn_ts', async () => {
  await db.client.query(ensure('TsCheck'));
  const res = await db.client.query(fql`TsCheck.create({})`);
  assert.ok(res.data.ts instanceof TimeStub);
  const micros = BigInt(res.txn_ts);
  const iso = new Date(Number(micros / 1000n)).toISOString().replace(/\.\d{3}Z$/, '');
  assert.ok(res.data.ts.isoString.startsWith(iso), `${res.data.ts.isoString} vs txn_ts ${res.txn_ts}`);
  const frac = (res.data.ts.isoString.split('.')[1] ?? 'Z').replace('Z', '').padEnd(6, '0').slice(0, 6);
  assert.equal(BigInt(frac), micros % 1_000_000n);
});

test('a read-only query at Time.epoch(txn_ts) sees exactly what that query saw', async () => {
  await db.client.query(ensure('Snap'));
  const w = await db.client.query(fql`Snap.create({ v: 1 })`);
  const before = await db.client.query(fql`Snap.all().count()`);
  await db.client.query(fql`Snap.create({ v: 2 })`);
  const replay = await db.client.query(fql`at (Time.epoch(${before.txn_ts}, "microseconds")) { Snap.all().count() }`);
  assert.equal(before.data, 1);
  assert.equal(replay.data, 1);
  assert.ok(before.txn_ts > w.txn_ts);
});
