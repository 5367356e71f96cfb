// §9.2 #12 and #25: fql`...` templates with values of every type, nested fragments, arrays and objects of
// fragments, string interpolation, Date/time and bytes round trips, and undefined object fields.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fql, ClientError, DateStub, Document, TimeStub } from 'fauna';
import { useDatabase, catchError } from '../harness.mjs';

const db = useDatabase('templates');

test('no values', async () => {
  assert.equal((await db.client.query(fql`"hello world"`)).data, 'hello world');
});

test('a string value', async () => {
  const str = 'foo';
  assert.equal((await db.client.query(fql`${str}.length`)).data, 3);
});

test('an Int value', async () => {
  const num = 3;
  assert.equal((await db.client.query(fql`'foo'.length == ${num}`)).data, true);
});

test('a Long value: 2^60 + 2^60 comes back as a Long', async () => {
  const long = BigInt(2 ** 60);
  const res = await db.client.query(fql`${long} + ${long}`, { long_type: 'bigint' });
  assert.equal(res.data, long + long);
});

test('a Double value: 2 * 3.14 is 6.28', async () => {
  assert.equal((await db.client.query(fql`2 * ${3.14}`)).data, 6.28);
});

test('boolean and null values', async () => {
  assert.equal((await db.client.query(fql`true && ${true}`)).data, true);
  assert.equal((await db.client.query(fql`${false} || false`)).data, false);
  assert.equal((await db.client.query(fql`${null}`)).data, null);
  assert.equal((await db.client.query(fql`${null} ?? "default"`)).data, 'default');
});

test('an object value bound to a let', async () => {
  const obj = { foo: 'foo', bar: 'bar' };
  const res = await db.client.query(fql`
    let x = ${obj}
    x.foo + x.bar
  `);
  assert.equal(res.data, 'foobar');
});

test('an array value bound to a let', async () => {
  const res = await db.client.query(fql`
    let xs = ${[1, 2, 3]}
    xs.map(x => x + 10)
  `);
  assert.deepEqual(res.data, [11, 12, 13]);
});

test('several values in one template', async () => {
  assert.equal((await db.client.query(fql`${'foo'}.length == ${3}`)).data, true);
});

test('a nested fragment', async () => {
  const inner = fql`(${6} - 3)`;
  assert.equal((await db.client.query(fql`${'foo'}.length == ${inner}`)).data, true);
});

test('deeply nested fragments', async () => {
  const deepFirst = fql`(${'foo'} + ${'bar'})`;
  const deeper = fql`(${6} + 3)`;
  assert.equal((await db.client.query(fql`${deepFirst}.length == ${fql`(${deeper} - ${3})`}`)).data, true);
  assert.equal((await db.client.query(fql`${deepFirst}.length + ${fql`(${deeper} + ${3})`}`)).data, 18);
});

test('a fragment without parentheses is spliced as source text', async () => {
  // fql`1 + 2` spliced into `${x} * 3` gives `1 + 2 * 3` = 7, as the driver sends the parts verbatim.
  const res = await db.client.query(fql`${fql`1 + 2`} * 3`);
  assert.equal(res.data, 7);
});

test('fragments nested in objects', async () => {
  const res = await db.client.query(fql`${{ a: fql`1`, b: fql`2` }}`);
  assert.deepEqual(res.data, { a: 1, b: 2 });
});

test('fragments nested in arrays', async () => {
  const res = await db.client.query(fql`${[fql`1`, fql`2`]}`);
  assert.deepEqual(res.data, [1, 2]);
});

test('fragments nested in arrays and objects combined', async () => {
  const res = await db.client.query(fql`${[[fql`1`], { a: fql`1`, b: fql`2` }]}`);
  assert.deepEqual(res.data, [[1], { a: 1, b: 2 }]);
});

test('several layers of arrays, objects and fragments', async () => {
  const other = { a: fql`3`, b: fql`4` };
  const arg = [[fql`1 + ${fql`2`}`], { a: fql`1`, b: fql`2`, c: other }];
  const res = await db.client.query(fql`${arg}`);
  assert.deepEqual(res.data, [[3], { a: 1, b: 2, c: { a: 3, b: 4 } }]);
});

test('an element fragment keeps its own precedence: [1 + 1] * ... is not re-associated', async () => {
  const res = await db.client.query(fql`${[fql`1 + 1`]}.map(x => x * 10)`);
  assert.deepEqual(res.data, [20]);
});

test('an object of plain values with @-keys is bound as a value', async () => {
  const res = await db.client.query(fql`${{ '@at': 1, plain: 'x' }}`);
  assert.deepEqual(res.data, { '@at': 1, plain: 'x' });
});

test('FQL string interpolation of a bound value', async () => {
  const res = await db.client.query(fql`
    let name = ${'Alice'}
    "Hello, #{name}"
  `);
  assert.equal(res.data, 'Hello, Alice');
});

test('a JS Date comes back as the identical ISO time string', async () => {
  for (const date of [new Date(), new Date('2023-03-20T10:11:12.345Z'), new Date('1999-12-31T23:59:59.999Z')]) {
    const res = await db.client.query(fql`${date}`);
    assert.ok(res.data instanceof TimeStub);
    assert.equal(res.data.isoString, date.toISOString());
  }
});

test('a Date value is a Time in FQL: arithmetic and comparisons work on it', async () => {
  const date = new Date('2023-03-20T10:11:12.345Z');
  const res = await db.client.query(fql`[${date}.add(1, "day"), ${date} < Time.now(), ${date}.year]`);
  assert.equal(res.data[0].isoString, '2023-03-21T10:11:12.345Z');
  assert.equal(res.data[1], true);
  assert.equal(res.data[2], 2023);
});

test('TimeStub and DateStub values round-trip', async () => {
  const t = TimeStub.from('2023-03-20T00:00:00.123456Z');
  const d = DateStub.from('2023-02-08');
  const res = await db.client.query(fql`[${t}, ${d}, ${d}.add(1, "day")]`);
  assert.ok(res.data[0] instanceof TimeStub);
  assert.equal(res.data[0].isoString, '2023-03-20T00:00:00.123456Z');
  assert.ok(res.data[1] instanceof DateStub);
  assert.equal(res.data[1].dateString, '2023-02-08');
  assert.equal(res.data[2].dateString, '2023-02-09');
});

test('an ArrayBuffer value comes back as the same bytes', async () => {
  const buf = new Uint8Array([1, 2, 3]);
  const res = await db.client.query(fql`${buf.buffer}`);
  assert.ok(res.data instanceof Uint8Array);
  assert.equal(res.data.byteLength, 3);
  assert.deepEqual([...res.data], [1, 2, 3]);
});

test('a Uint8Array value comes back as the same bytes', async () => {
  const buf = new Uint8Array([0, 255, 128, 7]);
  const res = await db.client.query(fql`${buf}`);
  assert.deepEqual([...res.data], [0, 255, 128, 7]);
});

test('bytes made from a UTF-8 string round-trip exactly', async () => {
  const str = "This is a test string 🚀 with various characters: !@#$%^&*()_+=-`~[]{}|;:'\",./<>?";
  const res = await db.client.query(fql`${Buffer.from(str)}`);
  assert.equal(Buffer.from(res.data).toString(), str);
});

test('typed arrays other than Uint8Array are refused by the driver (ClientError)', async () => {
  for (const View of [Int8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array, Float32Array, Float64Array]) {
    const e = await catchError(() => db.client.query(fql`${new View([1, 2])}`));
    assert.ok(e instanceof ClientError, `${View.name}: got ${e.constructor.name}`);
  }
});

test('#12 undefined object fields are dropped; the stored document has only defined fields', async () => {
  await db.client.query(fql`
    if (Collection.byName(${'UndefinedTest'}) == null) {
      Collection.create({ name: ${'UndefinedTest'} })
    }`);
  const tough = { foo: 'bar', shouldnt_exist: undefined, nested_object: { i_exist: true, i_dont_exist: undefined } };
  const res = await db.client.query(fql`UndefinedTest.create(${tough})`);
  assert.ok(res.data instanceof Document);
  assert.equal(res.data.foo, 'bar');
  assert.equal('shouldnt_exist' in res.data, false);
  assert.deepEqual(res.data.nested_object, { i_exist: true });
  const read = await db.client.query(fql`UndefinedTest.byId(${res.data.id})!.data`);
  assert.deepEqual(read.data, { foo: 'bar', nested_object: { i_exist: true } });
});

test('undefined, symbols and functions as values are refused by the driver with TypeError', async () => {
  for (const [v, what] of [[undefined, 'undefined'], [Symbol('foo'), 'symbol'], [() => {}, 'function']]) {
    const e = await catchError(() => db.client.query(fql`{ foo: ${v} }`));
    assert.ok(e instanceof TypeError);
    assert.equal(e.message, `Passing ${what} as a QueryArgument is not supported`);
  }
});
