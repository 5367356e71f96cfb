// §9.2 #26-#29: event streams (/stream/1).
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { fql, AbortError, DateStub, Document, InvalidRequestError, QueryRuntimeError, StreamToken, TimeStub } from 'fauna';
import { useDatabase, assertServiceError } from '../harness.mjs';

const db = useDatabase('streams');

/** First `n` events of a stream, then closes it. */
async function take(stream, n) {
  const out = [];
  try {
    for await (const ev of stream) {
      out.push(ev);
      if (out.length >= n) break;
    }
  } finally {
    stream.close();
  }
  return out;
}

const it = (name, fn) => test(name, fn);

describe('streams', () => {
  it('#26 toStream() returns a StreamToken; the first event is a status event', async () => {
    await db.client.query(fql`Collection.create({ name: "StreamTest" })`);
    const token = (await db.client.query(fql`StreamTest.all().toStream()`)).data;
    assert.ok(token instanceof StreamToken);
    assert.equal(typeof token.token, 'string');
    const [ev] = await take(db.client.stream(token, { status_events: true }), 1);
    assert.equal(ev.type, 'status');
    assert.ok(ev.txn_ts > 0);
    assert.equal(typeof ev.cursor, 'string');
  });

  it('#26 a stream started from a query (lazy token) starts with a status event', async () => {
    const [ev] = await take(db.client.stream(fql`StreamTest.all().toStream()`, { status_events: true }), 1);
    assert.equal(ev.type, 'status');
  });

  it('#27 writes after the token are replayed in order; a cursor resumes after its event', async () => {
    await db.client.query(fql`StreamTest.all().forEach(.delete())`);
    const token = (await db.client.query(fql`StreamTest.all().toStream()`)).data;
    await db.client.query(fql`StreamTest.create({ value: 0 })`);
    await db.client.query(fql`StreamTest.create({ value: 1 })`);
    const [first] = await take(db.client.stream(token), 1);
    assert.equal(first.type, 'add');
    assert.equal(first.data.value, 0);
    const [second] = await take(db.client.stream(token, { cursor: first.cursor }), 1);
    assert.equal(second.type, 'add');
    assert.equal(second.data.value, 1);
  });

  it('#27 an abort while mapping an event ends the stream with an AbortError', async () => {
    const token = (await db.client.query(fql`StreamTest.all().map(doc => abort("oops")).toStream()`)).data;
    await db.client.query(fql`StreamTest.create({ value: 2 })`);
    await assert.rejects(take(db.client.stream(token), 1), (e) => {
      assertServiceError(assert, e, AbortError, { httpStatus: undefined, code: 'abort' });
      assert.equal(e.abort, 'oops');
      return true;
    });
  });

  it('#27 an unknown function inside map is accepted by the (untyped) query and fails per event', async () => {
    const token = (await db.client.query(fql`StreamTest.all().map(doc => notARealFn(doc)).toStream()`, { typecheck: false })).data;
    await db.client.query(fql`StreamTest.create({ value: 3 })`);
    await assert.rejects(take(db.client.stream(token), 1), (e) => {
      assert.ok(e instanceof QueryRuntimeError, e.constructor.name);
      assert.equal(e.code, 'unbound_variable');
      return true;
    });
  });

  it('#28 a token that is not an event source is an InvalidRequestError before any event', async () => {
    await assert.rejects(take(db.client.stream(new StreamToken('2')), 1), (e) => {
      assert.ok(e instanceof InvalidRequestError, e.constructor.name);
      assert.equal(e.code, 'invalid_request');
      return true;
    });
  });

  it('#29 event data is tagged: Time, Date, Document and Long values decode to their classes', async () => {
    await db.client.query(fql`StreamTest.all().forEach(.delete())`);
    const token = (await db.client.query(fql`StreamTest.all().toStream()`)).data;
    await db.client.query(fql`StreamTest.create({ t: Time.now(), d: Date.today(), self: StreamTest.all().first(), l: 922337036854775808 })`);
    const [ev] = await take(db.client.stream(token, { long_type: 'bigint' }), 1);
    assert.equal(ev.type, 'add');
    assert.ok(ev.data instanceof Document);
    assert.ok(ev.data.t instanceof TimeStub);
    assert.ok(ev.data.d instanceof DateStub);
    assert.equal(ev.data.l, 922337036854775808n);
  });

  it('#29 a burst of 3 creates and a bulk delete gives 3 add and 3 remove events', async () => {
    await db.client.query(fql`StreamTest.all().forEach(.delete())`);
    const token = (await db.client.query(fql`StreamTest.all().toStream()`)).data;
    await db.client.query(fql`StreamTest.create({ v: 1 })`);
    await db.client.query(fql`StreamTest.create({ v: 2 })`);
    await db.client.query(fql`StreamTest.create({ v: 3 })`);
    await db.client.query(fql`StreamTest.all().forEach(.delete())`);
    const events = await take(db.client.stream(token), 6);
    assert.deepEqual(events.map((e) => e.type), ['add', 'add', 'add', 'remove', 'remove', 'remove']);
  });
});
