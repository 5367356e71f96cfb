// §9.2 #1-#4: plain queries, response fields and stats, template values, query tags, request options,
// and top-level `arguments` of every type (incl. `@object` escaping of `@`-keys).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fql, Module, TimeStub, DateStub, QueryCheckError } from 'fauna';
import { useDatabase, STATS_KEYS } from '../harness.mjs';

const db = useDatabase('query');

test('#1 "taco".length returns 4 with summary, txn_ts, schema_version and every stats key', async () => {
  const res = await db.client.query(fql`"taco".length`);
  assert.equal(res.data, 4);
  assert.equal(typeof res.summary, 'string');
  assert.ok(Number.isInteger(res.txn_ts) && res.txn_ts > 0, `txn_ts ${res.txn_ts}`);
  // txn_ts is in microseconds since the epoch: within a day of now.
  assert.ok(Math.abs(res.txn_ts / 1000 - Date.now()) < 86_400_000, `txn_ts ${res.txn_ts} is not micros of today`);
  assert.equal(typeof res.schema_version, 'number');
  assert.deepEqual(Object.keys(res.stats).filter((k) => STATS_KEYS.includes(k)).sort(), [...STATS_KEYS].sort());
  for (const k of STATS_KEYS.filter((k) => k !== 'rate_limits_hit')) {
    assert.ok(Number.isInteger(res.stats[k]) && res.stats[k] >= 0, `stats.${k} = ${res.stats[k]}`);
  }
  assert.ok(res.stats.compute_ops >= 1, 'a query costs at least one compute op');
  assert.equal(res.stats.write_ops, 0);
  assert.deepEqual(res.stats.rate_limits_hit, []);
  // The driver counts its own attempts.
  assert.equal(res.stats.attempts, 1);
  assert.equal(res.static_type, undefined, 'an untyped database (typechecked: false): no static_type');
});

test('#2 a template value binds as an expression: ${"taco"}.length', async () => {
  const str = 'taco';
  const res = await db.client.query(fql`${str}.length`);
  assert.equal(res.data, 4);
  assert.ok(res.txn_ts > 0);
});

test('#3 query tags are echoed back', async () => {
  const query_tags = { project: 'teapot', hello: 'world', testing: 'foobar' };
  const res = await db.client.query(fql`"foo"`, { query_tags });
  assert.equal(res.data, 'foo');
  assert.deepEqual(res.query_tags, query_tags);
});

test('#3 query tags from the client configuration are echoed back', async () => {
  const c = db.newClient({ query_tags: { team: 'compat', run: '1' } });
  const res = await c.query(fql`1 + 1`);
  assert.equal(res.data, 2);
  assert.deepEqual(res.query_tags, { team: 'compat', run: '1' });
});

test('no query tags: no query_tags in the response', async () => {
  const res = await db.client.query(fql`1`);
  assert.equal(res.query_tags, undefined);
});

test('request options the driver sends as headers are accepted', async () => {
  const res = await db.client.query(fql`[1, 2, 3].map(x => x * 2)`, {
    linearized: true,
    max_contention_retries: 3,
    query_timeout_ms: 12_345,
    traceparent: '00-750efa5fb6a131eb2cf4db39f28366cb-5669e71839eca76b-00',
    typecheck: false,
    performance_hints: true,
  });
  assert.deepEqual(res.data, [2, 4, 6]);
});

test('x-format simple returns plain JSON (the driver does not decode tags)', async () => {
  const res = await db.client.query(fql`{ a: 1, b: 2.5, t: Time("2023-03-20T00:00:00Z"), d: Date("2023-02-08") }`,
    { format: 'simple' });
  assert.deepEqual(res.data, { a: 1, b: 2.5, t: '2023-03-20T00:00:00Z', d: '2023-02-08' });
});

test('#4 top-level arguments of every type round-trip, @-keys escaped with @object', async () => {
  const foo = {
    double: 4.14,
    int: 32,
    long: 2 ** 40,
    string: 'foo',
    null: null,
    true: true,
    false: false,
    object: { foo: 'bar', nested: { deep: [1, { x: 'y' }] } },
    array: [1, 2, 3],
    '@tagged': 'tagged',
    // A nested @-key object (the driver decodes bottom-up, so its value must not itself look like a tag).
    inner: { '@also': { plain: 'not a tag' } },
    time: TimeStub.from('2023-03-20T01:02:03.456Z'),
    date: DateStub.from('2023-02-08'),
    bytes: new Uint8Array([0, 1, 2, 253, 254, 255]),
    module: new Module('Math'),
  };
  const res = await db.client.query(fql`foo`, { arguments: { foo } });
  const got = res.data;
  assert.equal(got.double, 4.14);
  assert.equal(got.int, 32);
  assert.equal(got.long, 2 ** 40);
  assert.equal(got.string, 'foo');
  assert.equal(got.null, null);
  assert.equal(got.true, true);
  assert.equal(got.false, false);
  assert.deepEqual(got.object, { foo: 'bar', nested: { deep: [1, { x: 'y' }] } });
  assert.deepEqual(got.array, [1, 2, 3]);
  assert.equal(got['@tagged'], 'tagged');
  assert.deepEqual(got.inner, { '@also': { plain: 'not a tag' } });
  assert.ok(got.time instanceof TimeStub);
  assert.equal(got.time.isoString, '2023-03-20T01:02:03.456Z');
  assert.ok(got.date instanceof DateStub);
  assert.equal(got.date.dateString, '2023-02-08');
  assert.deepEqual(new Uint8Array(got.bytes), new Uint8Array([0, 1, 2, 253, 254, 255]));
  assert.ok(got.module instanceof Module);
  assert.equal(got.module.name, 'Math');
});

test('#4 arguments are variables: typed arithmetic on them is exact', async () => {
  const res = await db.client.query(fql`a + b * c`, { arguments: { a: 1, b: 2.5, c: 4 } });
  assert.equal(res.data, 11);
  const res2 = await db.client.query(fql`s.length + n`, { arguments: { s: 'hello', n: 2 ** 33 } });
  assert.equal(res2.data, 2 ** 33 + 5);
});

test('#4 an argument shadows a global module of the same name', async () => {
  const res = await db.client.query(fql`Math`, { arguments: { Math: 'shadowed' } });
  assert.equal(res.data, 'shadowed');
});

test('#4 an object argument with an @-key keeps it literally in FQL', async () => {
  const res = await db.client.query(fql`obj["@tagged"] + obj.plain`, {
    arguments: { obj: { '@tagged': 'a', plain: 'b' } },
  });
  assert.equal(res.data, 'ab');
});

test('numbers come back with their FQL types: Int, Long, Double', async () => {
  const res = await db.client.query(fql`[1, 9007199254740993, 2.5, 1.0, 2147483647 + 1]`, { long_type: 'bigint' });
  assert.deepEqual(res.data, [1, 9007199254740993n, 2.5, 1, 2147483648n]);
});

test('a multi-statement query with let returns its last expression', async () => {
  const res = await db.client.query(fql`
    let x = 10
    let y = x * 2
    [x, y, "#{x}-#{y}"]
  `);
  assert.deepEqual(res.data, [10, 20, '10-20']);
});

test('typecheck: true (x-typecheck) types the query first: static_type, and invalid_query before anything runs', async () => {
  const res = await db.client.query(fql`if (true) 42 else 41`, { typecheck: true });
  assert.equal(res.data, 42);
  assert.equal(res.static_type, '42 | 41');
  const arr = await db.client.query(fql`[1 + 1, 2 + 1]`, { typecheck: true });
  assert.equal(arr.static_type, '[Number, Number]');
  const e = await db.client.query(fql`Function.create({ name: "typedNeverMade", body: (x) => x + 2 })`, { typecheck: true })
    .then(() => null, (err) => err);
  assert.ok(e instanceof QueryCheckError, `expected a QueryCheckError, got ${e}`);
  assert.equal(e.httpStatus, 400);
  assert.equal(e.code, 'invalid_query');
  assert.equal(e.message, 'The query failed 1 validation check');
  assert.ok(e.queryInfo.summary.startsWith('error: Type `Number => Number` is not a subtype of `String`'), e.queryInfo.summary);
  const made = await db.client.query(fql`Function.byName("typedNeverMade").exists()`, { typecheck: false });
  assert.equal(made.data, false, "a query rejected by the typechecker runs nothing");
});
