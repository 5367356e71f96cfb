// `./faunus shell` at a real pseudo-terminal (pty_drive.py): multi-line input, pretty results, a syntax
// error with its carets, dot commands, and history kept in a file across sessions.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { startServer } from '../../server.mjs';
import { faunus, run } from './cli.mjs';

const driver = join(dirname(fileURLToPath(import.meta.url)), '..', 'pty_drive.py');
const PROMPT = 'faunus> ';
const MORE = '\\.\\.\\.> ';

let server;
before(async () => { server = await startServer(); });
after(async () => { await server?.stop(); });

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
    { send: '.stats on\r' }, { expect: 'stats on' }, { expect: PROMPT },
    { send: '{ greeting: "hi" }\r' }, { expect: '"greeting": "hi"' }, { expect: '-- txn_ts \\d+' }, { expect: PROMPT },
    { send: '.nope\r' }, { expect: 'unknown command \\.nope' }, { expect: PROMPT },
    { send: '.help\r' }, { expect: '\\.exit, \\.quit' }, { expect: PROMPT },
    { send: '.exit\r' },
  ], history);
  assert.equal(r.code, 0, `${r.stdout}\n${r.stderr}`);
  // The result is pretty-printed: one element per line.
  assert.match(r.stdout, /\[\s*\n\s*10,\s*\n\s*20,\s*\n\s*30\s*\n\s*\]/);
  // The syntax error shows the node's summary: the query line and a caret under the bad token.
  assert.match(r.stdout, /1 \| \[1, 2 3\]\n\s*\|\s+\^/);
  const saved = readFileSync(history, 'utf8');
  assert.match(saved, /3\]\.map\(x => x \* 10\)/);
  assert.match(saved, /\{ greeting: "hi" \}/);

  // A second session finds the history: Ctrl-P (previous history, what Up does) recalls the last query.
  const again = await shell([
    { expect: PROMPT }, { send: '\x10' }, { expect: 'greeting' }, { send: '\r' }, { expect: '"hi"' },
    { expect: PROMPT }, { send: '\x04' }, // Ctrl-D leaves too
  ], history);
  assert.equal(again.code, 0, `${again.stdout}\n${again.stderr}`);
});
