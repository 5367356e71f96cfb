// §9.2 #30: event feeds (/feed/1).
import { test, describe, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { fql, AbortError, ClientError, QueryTimeoutError } from 'fauna';
import { useDatabase, collect } from '../harness.mjs';

const db = useDatabase('feeds');

const it = (name, fn) => test(name, fn);

describe('feeds', () => {
  let created = false;
  const ensure = async () => {
    if (!created) await db.client.query(fql`Collection.create({ name: "FeedTest" })`);
    created = true;
  };
  afterEach(async () => {
    if (created) await db.client.query(fql`FeedTest.all().forEach(d => d.delete())`);
  });

  it('#30 a feed of a non-event-source query fails in the client', async () => {
    await assert.rejects(collect(db.client.feed(fql`1+1`)), ClientError);
  });

  it('#30 a token taken before 3 creates gives one page of 3 add events', async () => {
    await ensure();
    const token = (await db.client.query(fql`FeedTest.all().eventSource()`)).data;
    await db.client.query(fql`Set.sequence(0, 3).forEach(v => FeedTest.create({ value: v + 1 }))`);
    const pages = await collect(db.client.feed(token));
    assert.equal(pages.length, 1);
    const events = Array.from(pages[0].events);
    assert.deepEqual(events.map((e) => e.type), ['add', 'add', 'add']);
    assert.deepEqual(events.map((e) => e.data.value), [1, 2, 3]);
    assert.equal(pages[0].hasNext, false);
  });

  it('#30 a lazily resolved token sees no earlier writes: one empty page', async () => {
    await ensure();
    const feed = db.client.feed(fql`FeedTest.all().eventSource()`);
    await db.client.query(fql`FeedTest.create({ value: 1 })`);
    const pages = await collect(feed);
    assert.equal(pages.length, 1);
    assert.equal(Array.from(pages[0].events).length, 0);
  });

  it('#30 start_ts excludes the event at that time; page_size 1 gives 3 pages', async () => {
    await ensure();
    const startAt = (await db.client.query(fql`FeedTest.create({ value: 1 })`)).txn_ts;
    await db.client.query(fql`Set.sequence(0, 3).forEach(v => FeedTest.create({ value: v + 1 }))`);
    const pages = await collect(db.client.feed(fql`FeedTest.all().eventSource()`, { page_size: 1, start_ts: startAt }));
    // A page's events are an iterator: read each page once.
    const events = pages.map((p) => Array.from(p.events));
    assert.deepEqual(events.map((e) => e.length), [1, 1, 1]);
    assert.deepEqual(pages.map((p) => p.hasNext), [true, true, false]);
    assert.equal(events[0][0].data.value, 1);
  });

  it('#30 resuming from the first page cursor gives the remaining 2 events', async () => {
    await ensure();
    const query = fql`FeedTest.all().eventSource()`;
    const startAt = (await db.client.query(fql`FeedTest.create({ value: 1 })`)).txn_ts;
    await db.client.query(fql`Set.sequence(0, 3).forEach(v => FeedTest.create({ value: v + 1 }))`);
    const first = await db.client.feed(query, { page_size: 1, start_ts: startAt })[Symbol.asyncIterator]().next();
    const pages = await collect(db.client.feed(query, { cursor: first.value.cursor }));
    assert.equal(pages.length, 1);
    assert.equal(Array.from(pages[0].events).length, 2);
  });

  it('#30 an abort in map is an error event that the driver throws as AbortError', async () => {
    await ensure();
    const token = (await db.client.query(fql`FeedTest.all().map(_ => abort('oops')).eventSource()`)).data;
    await db.client.query(fql`FeedTest.create({ value: 1 })`);
    await assert.rejects(collect(db.client.feed(token).flatten()), AbortError);
  });

  it('#30 a 1 ms feed timeout is a QueryTimeoutError', async () => {
    await ensure();
    const token = (await db.client.query(fql`FeedTest.all().eventSource()`)).data;
    await assert.rejects(collect(db.client.feed(token, { query_timeout_ms: 1 }).flatten()), QueryTimeoutError);
  });
});
