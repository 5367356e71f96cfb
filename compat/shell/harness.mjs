// Harness of the fauna-shell suite: one real Faunus server per test file (compat/server.mjs), a fresh child
// database per test, and the published `fauna` CLI (fauna-shell, pinned in package.json) run as a child
// process against it, the way users run it: `fauna schema <command> --secret <root>:<db>:admin --url …`.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before } from 'node:test';
import { STARTUP_TIMEOUT_MS, startServer, uniqueName } from '../server.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const CLI = join(here, 'node_modules', '.bin', 'fauna');
/** One CLI call: Node start-up plus a few HTTP calls. */
const CLI_TIMEOUT_MS = 60_000;

/** Registers the server's before/after hooks; the returned context gets `endpoint` and `rootSecret`. */
export function useServer() {
  const ctx = {};
  let server = null;
  before(async () => {
    server = await startServer();
    ctx.endpoint = server.endpoint;
    ctx.rootSecret = server.rootSecret;
    // The CLI keeps credentials and settings under $HOME; give it an empty one of its own.
    ctx.home = mkdtempSync(join(tmpdir(), 'faunus-shell-home-'));
  }, { timeout: STARTUP_TIMEOUT_MS + 30_000 });
  after(async () => {
    if (server) await server.stop();
  });
  return ctx;
}

/** POST /query/1 with a secret; resolves to the parsed body (throws on a non-200 answer). */
export async function query(ctx, secret, fql) {
  const res = await fetch(new URL('/query/1', ctx.endpoint), {
    method: 'POST',
    headers: { authorization: `Bearer ${secret}`, 'x-format': 'simple' },
    body: JSON.stringify({ query: fql }),
  });
  const body = await res.json();
  if (res.status !== 200) throw new Error(`query failed (${res.status}): ${JSON.stringify(body)}`);
  return body;
}

/** A fresh child database; resolves to { name, secret } with the scoped admin secret. */
export async function freshDatabase(ctx, label = 'shell') {
  const name = uniqueName(label);
  await query(ctx, ctx.rootSecret, `Database.create({ name: "${name}" })`);
  return { name, secret: `${ctx.rootSecret}:${name}:admin` };
}

/** A temporary directory holding `files` (relative name → text). */
export function schemaDir(files = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'faunus-fsl-'));
  writeFiles(dir, files);
  return dir;
}

export function writeFiles(dir, files) {
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
}

export function readFile(dir, name) {
  return readFileSync(join(dir, name), 'utf8');
}

/**
 * Runs `fauna <args> --secret <secret> --url <endpoint> --no-color`. Resolves to { code, stdout, stderr }.
 * `answers`: for each prompt the CLI shows (a line containing "?"), `before` (optional, awaited) runs and then
 * `text` is typed; without answers stdin is closed, so a prompt fails the command.
 */
export function fauna(ctx, secret, args, { answers = [] } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(CLI, [...args, '--secret', secret, '--url', ctx.endpoint, '--no-color'], {
      env: { ...process.env, HOME: ctx.home, NO_UPDATE_NOTIFIER: '1', FORCE_COLOR: '0' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '', stderr = '', prompts = 0;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`fauna ${args.join(' ')} did not finish in ${CLI_TIMEOUT_MS} ms:\n${stdout}\n${stderr}`));
    }, CLI_TIMEOUT_MS);
    if (answers.length === 0) child.stdin.end();
    child.stdout.on('data', async (d) => {
      stdout += d;
      if (prompts < answers.length && String(d).includes('?')) {
        const answer = answers[prompts++];
        try {
          if (answer.before) await answer.before();
          child.stdin.write(`${answer.text}\n`);
          if (prompts === answers.length) child.stdin.end();
        } catch (e) {
          child.kill('SIGKILL');
          reject(e);
        }
      }
    });
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, output: stdout + stderr });
    });
  });
}
