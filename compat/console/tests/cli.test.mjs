// The command-line tools through the real launcher, against one node: `./faunus query` (the result as JSON on
// stdout; exit 1 with the error JSON on stderr for a failed query; exit 2 for bad usage or no node) and
// `./faunus shell` at a real pseudo-terminal (pty_drive.py): multi-line input, pretty results, a syntax
// error with its carets, dot commands, and history kept in a file across sessions.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { freePort, startServer } from '../../server.mjs';
import { faunus, run } from './cli.mjs';

const driver = join(dirname(fileURLToPath(import.meta.url)), '..', 'pty_drive.py');
const PROMPT = 'faunus> ';
const MORE = '\\.\\.\\.> ';

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

function shell(steps, history) {
  return run('python3', [driver, JSON.stringify(steps), '--', faunus, 'shell', '--url', server.endpoint,
    '--secret', server.rootSecret, '--history-file', history]);
}

test('an interactive session at a terminal', async () => {
  const history = join(mkdtempSync(join(tmpdir(), 'faunus-shell-')), 'history');
  const r = await shell([
    { expect: PROMPT },
    { send: '[1, 2,\r' }, { expect: MORE }, // an open bracket continues the query on the next line
    { send: '3].map(x => x * 10)\r' }, { expect: '30\\s*\\]' }, { expect: PROMPT },
    { send: '[1, 2 3]\r' }, { expect: 'invalid_query' }, { expect: '\\^' }, { expect: PROMPT },
    { send: '.nope\r' }, { expect: 'unknown command \\.nope' }, { expect: PROMPT },
    { send: '.help\r' }, { expect: '\\.exit, \\.quit' }, { expect: PROMPT },
    { send: '.stats on\r' }, { expect: 'stats on' }, { expect: PROMPT },
    { send: '{ greeting: "hi" }\r' }, { expect: '"greeting": "hi"' }, { expect: '-- txn_ts \\d+' }, { expect: PROMPT },
    { send: '.exit\r' }, // not kept in the history, so the next session's Ctrl-P finds the query
  ], history);
  assert.equal(r.code, 0, `${r.stdout}\n${r.stderr}`);
  // The result is pretty-printed: one element per line.
  assert.match(r.stdout, /\[\s*\n\s*10,\s*\n\s*20,\s*\n\s*30\s*\n\s*\]/);
  // The syntax error shows the node's summary: the query line and a caret under the bad token.
  assert.match(r.stdout, /1 \| \[1, 2 3\]\n\s*\|\s+\^/);
  const saved = readFileSync(history, 'utf8');
  assert.match(saved, /3\]\.map\(x => x \* 10\)/);
  assert.match(saved, /\{ greeting: "hi" \}/);
  assert.doesNotMatch(saved, /\.exit/);

  // A second session finds the history: Ctrl-P (previous history, what Up does) recalls the last query.
  const again = await shell([
    { expect: PROMPT }, { send: '\x10' }, { expect: 'greeting' }, { send: '\r' }, { expect: '"hi"' },
    { expect: PROMPT }, { send: '\x04' }, // Ctrl-D leaves too
  ], history);
  assert.equal(again.code, 0, `${again.stdout}\n${again.stderr}`);
});

test('the shell says at once when the node is missing or the secret is wrong', async () => {
  const wrong = await run(faunus, ['shell', '--url', server.endpoint, '--secret', 'wrong'], { input: '' });
  assert.equal(wrong.code, 1);
  assert.match(wrong.stderr, /unauthorized/);
  const port = await freePort();
  const none = await run(faunus, ['shell', '--url', `http://127.0.0.1:${port}`], { input: '' });
  assert.equal(none.code, 2);
  assert.match(none.stderr, /cannot reach/);
});

test('--database runs in a child database (the secret scoped as SECRET:PATH:admin)', async () => {
  const made = await run(faunus, ['query', ...opts(), 'Database.create({ name: "CliChild" }) { name }']);
  assert.equal(made.code, 0, made.stderr);
  const inChild = await run(faunus, ['query', ...opts(), '--database', 'CliChild',
    'Collection.create({ name: "OnlyHere" }); Collection.all().map(.name).toArray()']);
  assert.equal(inChild.code, 0, inChild.stderr);
  assert.deepEqual(JSON.parse(inChild.stdout), ['OnlyHere']);
  const inRoot = await run(faunus, ['query', ...opts(), 'Collection.byName("OnlyHere") != null']);
  assert.equal(inRoot.stdout.trim(), 'false');
});

test('the shell reads queries from a pipe too', async () => {
  const r = await run(faunus, ['shell', ...opts(), '--history-file',
    join(mkdtempSync(join(tmpdir(), 'faunus-shell-')), 'history')], { input: '[1,\n2].map(x => x + 1)\n.exit\n' });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /\[\s*\n\s*2,\s*\n\s*3\s*\n\s*\]/);
});
