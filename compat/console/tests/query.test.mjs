// `./faunus query` through the launcher: the result as JSON on stdout, exit 1 with the error JSON on stderr
// for a failed query, exit 2 for bad usage or when no node answers.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { freePort, startServer } from '../../server.mjs';
import { faunus, run } from './cli.mjs';

let server;
before(async () => { server = await startServer(); });
after(async () => { await server?.stop(); });

const opts = () => ['--url', server.endpoint, '--secret', server.rootSecret];

test('a query prints its data as JSON and exits 0', async () => {
  const r = await run(faunus, ['query', ...opts(), '{ sum: [1, 2, 3].reduce((a, b) => a + b) }']);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), { sum: 6 });
});

test('a query read from stdin with -', async () => {
  const r = await run(faunus, ['query', ...opts(), '-'], { input: '"from " + "stdin"' });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(JSON.parse(r.stdout), 'from stdin');
});

test('a failing query exits 1 with the error and its summary on stderr', async () => {
  const r = await run(faunus, ['query', ...opts(), '[1, 2 3]']);
  assert.equal(r.code, 1);
  assert.equal(r.stdout, '');
  const err = JSON.parse(r.stderr);
  assert.equal(err.error.code, 'invalid_query');
  assert.match(err.summary, /\^/);
});

test('no node or bad usage exits 2', async () => {
  const port = await freePort();
  const r = await run(faunus, ['query', '--url', `http://127.0.0.1:${port}`, '1']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /cannot reach/);
  const usage = await run(faunus, ['query', '--no-such-option', '1']);
  assert.equal(usage.code, 2);
  assert.match(usage.stderr, /Unknown option/);
});
