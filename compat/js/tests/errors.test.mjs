// §9.2 #5-#11: every failure the server reports is mapped by the driver to its exact error class,
// with the HTTP status, error code, message and (for query failures) the summary.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  fql, getDefaultHTTPClient, AbortError, AuthenticationError, ConstraintFailureError, InvalidRequestError,
  NetworkError, NullDocument, NamedDocumentReference, QueryCheckError, QueryRuntimeError, QueryTimeoutError,
  TimeStub,
} from 'fauna';
import { useDatabase, catchError, assertServiceError, freePort, STATS_KEYS } from '../harness.mjs';

const db = useDatabase('errors');

test('#5 a parse error is a QueryCheckError (400 invalid_query) with a summary', async () => {
  const e = await catchError(() => db.client.query(fql`happy little fox`));
  assertServiceError(assert, e, QueryCheckError, { httpStatus: 400, code: 'invalid_query' });
  assert.ok(e.message.length > 0);
  assert.equal(typeof e.queryInfo.summary, 'string');
  assert.ok(e.queryInfo.summary.length > 0, 'summary describes the parse error');
  assert.ok(e.queryInfo.txn_ts > 0);
});

test('#5 an empty query is a QueryCheckError', async () => {
  const e = await catchError(() => db.client.query(fql``));
  assertServiceError(assert, e, QueryCheckError, { httpStatus: 400, code: 'invalid_query' });
});

test('#6 2 + "2" (untyped) is a QueryRuntimeError 400 invalid_argument with a summary', async () => {
  const e = await catchError(() => db.client.query(fql`2 + "2"`, { typecheck: false }));
  assertServiceError(assert, e, QueryRuntimeError, { httpStatus: 400, code: 'invalid_argument' });
  assert.equal(e.message, 'expected value for `other` of type Number, received String');
  assert.ok(e.queryInfo.summary.includes('expected value for `other` of type Number'));
  for (const k of STATS_KEYS) assert.ok(k in e.queryInfo.stats, `stats.${k} in a query failure`);
});

test('runtime failures keep their own code: divide_by_zero, unbound_variable, document_not_found', async () => {
  const e1 = await catchError(() => db.client.query(fql`1 / 0`));
  assertServiceError(assert, e1, QueryRuntimeError, { httpStatus: 400, code: 'divide_by_zero' });
  const e2 = await catchError(() => db.client.query(fql`notDefinedAnywhere + 1`, { typecheck: false }));
  assertServiceError(assert, e2, QueryRuntimeError, { httpStatus: 400, code: 'unbound_variable' });
  assert.equal(e2.message, 'Unbound variable `notDefinedAnywhere`');
  const e3 = await catchError(() => db.client.query(fql`"abc".foo()`, { typecheck: false }));
  assertServiceError(assert, e3, QueryRuntimeError, { httpStatus: 400, code: 'invalid_function_invocation' });
  assert.equal(e3.message, 'The function `foo` does not exist on `String`');
});

test('#7 creating the same UDF twice is a ConstraintFailureError with constraint_failures', async () => {
  const create = fql`Function.create({"name": "my_double", "body": "x => x * 2"})`;
  const first = await db.client.query(create);
  assert.equal(first.data.name, 'my_double');
  const e = await catchError(() => db.client.query(create));
  assertServiceError(assert, e, ConstraintFailureError, { httpStatus: 400, code: 'constraint_failure' });
  assert.equal(e.message, 'Failed to create Function.');
  assert.equal(typeof e.queryInfo.summary, 'string');
  assert.ok(Array.isArray(e.constraint_failures));
  assert.equal(e.constraint_failures.length, 1);
  const [cf] = e.constraint_failures;
  assert.deepEqual(Object.keys(cf).sort(), ['message', 'paths']);
  assert.equal(typeof cf.message, 'string');
  assert.ok(cf.message.length > 0);
  assert.ok(Array.isArray(cf.paths) && cf.paths.length >= 1);
  for (const p of cf.paths) assert.ok(Array.isArray(p), 'each path is an array');
  // The failed query wrote nothing: the first function still works, and there is one of it.
  const call = await db.client.query(fql`[my_double(21), Function.all().where(.name == "my_double").count()]`);
  assert.deepEqual(call.data, [42, 1]);
});

test('#8 a body that is not a request object is an InvalidRequestError (400 invalid_request)', async () => {
  const base = getDefaultHTTPClient({
    url: db.endpoint, http2_session_idle_ms: 500, http2_max_streams: 100, fetch_keepalive: false,
  });
  const badHttp = {
    request: (req) => base.request({ ...req, data: '{}' }), // sent as the JSON string "{}"
    close: () => base.close(),
  };
  const c = db.newClient({}, badHttp);
  const e = await catchError(() => c.query(fql`"dummy"`));
  assertServiceError(assert, e, InvalidRequestError, { httpStatus: 400, code: 'invalid_request' });
  assert.ok(e.message.startsWith('Invalid request body'), e.message);
});

test('a bad request header is an InvalidRequestError naming the header', async () => {
  const e = await catchError(() => db.client.query(fql`1`, { query_tags: { 'not-a-key!': 'v' } }));
  assertServiceError(assert, e, InvalidRequestError, { httpStatus: 400, code: 'invalid_request' });
  assert.ok(e.message.startsWith("Invalid header 'x-query-tags':"), e.message);
});

test('an undecodable argument is an InvalidRequestError naming the argument', async () => {
  const base = getDefaultHTTPClient({
    url: db.endpoint, http2_session_idle_ms: 500, http2_max_streams: 100, fetch_keepalive: false,
  });
  const badHttp = {
    request: (req) => base.request({ ...req, data: { ...req.data, arguments: { x: { '@int': 'nope' } } } }),
    close: () => base.close(),
  };
  const c = db.newClient({}, badHttp);
  const e = await catchError(() => c.query(fql`x`));
  assertServiceError(assert, e, InvalidRequestError, { httpStatus: 400, code: 'invalid_request' });
  assert.ok(e.message.startsWith("Invalid argument 'x':"), e.message);
});

test('#9 abort("oops") is an AbortError carrying the abort value', async () => {
  const e = await catchError(() => db.client.query(fql`abort("oops")`));
  assertServiceError(assert, e, AbortError, { httpStatus: 400, code: 'abort' });
  assert.equal(e.message, 'Query aborted.');
  assert.equal(e.abort, 'oops');
  assert.equal(typeof e.queryInfo.summary, 'string');
});

test('#9 an abort value of any type is decoded with tags', async () => {
  const e = await catchError(() => db.client.query(
    fql`abort({ n: 1, big: 9007199254740993, d: 1.5, t: Time("2024-01-02T03:04:05Z"), list: [null, true] })`,
    { long_type: 'bigint' },
  ));
  assertServiceError(assert, e, AbortError, { httpStatus: 400, code: 'abort' });
  assert.equal(e.abort.n, 1);
  assert.equal(e.abort.big, 9007199254740993n);
  assert.equal(e.abort.d, 1.5);
  assert.ok(e.abort.t instanceof TimeStub);
  assert.equal(e.abort.t.isoString, '2024-01-02T03:04:05Z');
  assert.deepEqual(e.abort.list, [null, true]);
});

test('a failed query rolls back its writes', async () => {
  await db.client.query(fql`Collection.create({ name: "Rollback" })`);
  const e = await catchError(() => db.client.query(fql`
    Rollback.create({ n: 1 })
    abort("undo")
  `));
  assertServiceError(assert, e, AbortError, { httpStatus: 400, code: 'abort' });
  const res = await db.client.query(fql`Rollback.all().count()`);
  assert.equal(res.data, 0);
});

test('#10 a 1 ms deadline is a QueryTimeoutError (440 time_out) and the write does not happen', async () => {
  const hurried = db.newClient({ query_timeout_ms: 1 });
  const e = await catchError(() => hurried.query(fql`Collection.create({ name: 'Wah' })`));
  assertServiceError(assert, e, QueryTimeoutError, { httpStatus: 440, code: 'time_out' });
  assert.ok(e.message.includes('aggressive deadline'), e.message);
  const after = await db.client.query(fql`Collection.byName('Wah')`, { query_timeout_ms: 60_000 });
  assert.ok(after.data instanceof NullDocument, 'the timed-out create was not committed');
  assert.ok(after.data.ref instanceof NamedDocumentReference);
  assert.equal(after.data.ref.name, 'Wah');
  assert.equal(after.data.ref.coll.name, 'Collection');
  assert.equal(after.data.cause, 'not found');
});

test('#10 a 1 ms deadline fails even a trivial query', async () => {
  const hurried = db.newClient({ query_timeout_ms: 1 });
  const e = await catchError(() => hurried.query(fql`1`));
  assertServiceError(assert, e, QueryTimeoutError, { httpStatus: 440, code: 'time_out' });
});

test('#11 an unknown secret is an AuthenticationError (401) without a summary', async () => {
  const bad = db.newClient({ secret: 'nah' });
  const e = await catchError(() => bad.query(fql`Collection.create({ name: 'Wah' })`));
  assertServiceError(assert, e, AuthenticationError, { httpStatus: 401, code: 'unauthorized' });
  assert.ok(e.message.length > 0);
  assert.equal(e.queryInfo?.summary, undefined);
  assert.equal(e.queryInfo?.txn_ts, undefined);
});

test('#11 a scoped secret naming a missing database is an AuthenticationError', async () => {
  const bad = db.newClient({ secret: `${db.rootSecret}:NoSuchDatabase:admin` });
  const e = await catchError(() => bad.query(fql`1`));
  assertServiceError(assert, e, AuthenticationError, { httpStatus: 401, code: 'unauthorized' });
});

test('a connection refused is a NetworkError (no server on that port)', async () => {
  const port = await freePort();
  const c = db.newClient({ endpoint: new URL(`http://127.0.0.1:${port}`), max_attempts: 1 });
  const e = await catchError(() => c.query(fql`1`));
  assert.ok(e instanceof NetworkError, `expected NetworkError, got ${e.constructor.name}`);
  assert.equal(e.message, 'The network connection encountered a problem.');
});
