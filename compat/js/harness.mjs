// Test harness for the fauna-js compatibility suite.
//
// Each test file runs in its own Node process (node --test). Calling useDatabase() at the top of a test
// file registers before/after hooks that
//   1. start a real Faunus server (`./faunus start --memory --port P --root-secret <random>` from the
//      repository root) on a free port and wait for GET /ping, unless FAUNUS_ENDPOINT points at a server
//      that is already running (its root secret is then FAUNUS_ROOT_SECRET, default "secret");
//   2. create a fresh child database with the root secret (`Database.create(...)`);
//   3. hand the tests a fauna `Client` scoped to that database with the secret `<root>:<db>:admin`;
//   4. at the end close every client, delete the database (best effort) and stop the server — also when a
//      test or a hook failed, and when the process exits early.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before } from 'node:test';
import { Client, fql } from 'fauna';

const here = dirname(fileURLToPath(import.meta.url));
export const repoRoot = resolve(here, '..', '..');

/** Startup includes building server/target/faunus.jar when it is missing or stale. */
const STARTUP_TIMEOUT_MS = Number(process.env.FAUNUS_STARTUP_TIMEOUT_MS ?? 300_000);

/** A free TCP port on the loopback interface. */
export function freePort() {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolvePort(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Random identifier usable as a database or collection name. */
export function uniqueName(prefix) {
  return `${prefix}_${randomBytes(6).toString('hex')}`;
}

async function ping(endpoint) {
  try {
    const res = await fetch(new URL('/ping', endpoint), { signal: AbortSignal.timeout(2000) });
    await res.arrayBuffer();
    return res.status === 200;
  } catch {
    return false;
  }
}

/** `localhost` must answer on IPv4 and IPv6 (Node may pick either): wait for both listeners. */
async function pingLocal(port) {
  const [v4, v6] = await Promise.all([ping(`http://127.0.0.1:${port}`), ping(`http://[::1]:${port}`)]);
  return v4 && v6;
}

/**
 * Starts `./faunus start --memory` on a free port. Resolves to { endpoint, rootSecret, stop() } once
 * /ping answers 200; rejects (after killing the process) if the server exits or does not come up in time.
 */
export async function startServer() {
  const port = await freePort();
  const rootSecret = `compat${randomBytes(12).toString('hex')}`;
  const logDir = mkdtempSync(join(tmpdir(), 'faunus-compat-'));
  const logFile = join(logDir, 'server.log');
  const logFd = openSync(logFile, 'a');
  const child = spawn(
    join(repoRoot, 'faunus'),
    ['start', '--memory', '--port', String(port), '--root-secret', rootSecret],
    { cwd: repoRoot, stdio: ['ignore', logFd, logFd], detached: true },
  );
  closeSync(logFd);
  let exited = null;
  const exitPromise = new Promise((r) => child.on('exit', (code, signal) => {
    exited = { code, signal };
    r();
  }));
  // Last-resort cleanup if the test process dies without running the after() hook.
  const killGroup = (sig) => {
    try { process.kill(-child.pid, sig); } catch { /* already gone */ }
  };
  const onExit = () => killGroup('SIGKILL');
  process.on('exit', onExit);

  const stop = async () => {
    process.off('exit', onExit);
    if (exited) return;
    killGroup('SIGTERM');
    let timer;
    const done = await Promise.race([
      exitPromise.then(() => true),
      new Promise((r) => { timer = setTimeout(() => r(false), 10_000); }),
    ]);
    clearTimeout(timer);
    if (!done) {
      killGroup('SIGKILL');
      await exitPromise;
    }
  };

  const endpoint = `http://localhost:${port}`;
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  while (!(await pingLocal(port))) {
    if (exited || Date.now() > deadline) {
      await stop();
      const log = readFileSync(logFile, 'utf8').split('\n').slice(-40).join('\n');
      throw new Error(
        `faunus did not answer GET /ping on port ${port} ` +
        (exited ? `(exited with ${exited.code ?? exited.signal})` : `within ${STARTUP_TIMEOUT_MS} ms`) +
        `; last lines of ${logFile}:\n${log}`,
      );
    }
    await sleep(200);
  }
  return { endpoint, rootSecret, port, logFile, stop, alive: () => exited === null };
}

/**
 * Registers before/after hooks for the current test file and returns a context whose fields are set once
 * the before hook has run:
 *   ctx.endpoint      URL of the server
 *   ctx.rootSecret    root secret of the server
 *   ctx.dbName        name of this file's fresh child database
 *   ctx.secret        scoped admin secret of that database (`<root>:<db>:admin`)
 *   ctx.root          Client on the root database
 *   ctx.client        Client on the child database (query_timeout_ms 60 s, like the upstream suite)
 *   ctx.newClient(config?, httpClient?)  another Client on the child database (closed automatically)
 *   ctx.rootClient(config?, httpClient?) another Client on the root database (closed automatically)
 * `setup(ctx)`, when given, runs inside the same before hook once the database exists. (Node 20 starts
 * top-level before() hooks without waiting for the previous one, so a file must not add its own.)
 * `teardown(ctx)`, when given, runs first in the after hook, while the server is still up.
 */
export function useDatabase(label = 'compat', { setup, teardown } = {}) {
  const ctx = {};
  const clients = [];
  let server = null;

  const make = (secret) => (config = {}, httpClient = undefined) => {
    const c = new Client({ endpoint: new URL(ctx.endpoint), secret, query_timeout_ms: 60_000, ...config }, httpClient);
    clients.push(c);
    return c;
  };

  before(async () => {
    try {
      await prepare();
    } catch (e) {
      if (server) {
        const log = readFileSync(server.logFile, 'utf8').split('\n').slice(-15).join('\n');
        e.message += `\n[harness] server ${server.endpoint} alive=${server.alive()}; last lines of ${server.logFile}:\n${log}`;
      }
      throw e;
    }
  }, { timeout: STARTUP_TIMEOUT_MS + 30_000 });

  async function prepare() {
    if (process.env.FAUNUS_ENDPOINT) {
      ctx.endpoint = process.env.FAUNUS_ENDPOINT;
      ctx.rootSecret = process.env.FAUNUS_ROOT_SECRET ?? 'secret';
      if (!(await ping(ctx.endpoint))) throw new Error(`FAUNUS_ENDPOINT ${ctx.endpoint} does not answer /ping`);
    } else {
      server = await startServer();
      ctx.endpoint = server.endpoint;
      ctx.rootSecret = server.rootSecret;
      ctx.server = server;
    }
    ctx.rootClient = make(ctx.rootSecret);
    ctx.root = ctx.rootClient();
    ctx.dbName = uniqueName(label.replace(/[^A-Za-z0-9_]/g, '_'));
    // Not typechecked: Faunus has no static typechecker yet, and the upstream stream suite needs an
    // untyped database anyway (spec §3.10).
    await ctx.root.query(fql`Database.create({ name: ${ctx.dbName}, typechecked: false })`);
    ctx.secret = `${ctx.rootSecret}:${ctx.dbName}:admin`;
    ctx.newClient = make(ctx.secret);
    ctx.client = ctx.newClient();
    if (setup) await setup(ctx);
  }

  after(async () => {
    try {
      if (teardown && ctx.client) await teardown(ctx).catch((e) => console.error('teardown failed:', e.message));
      if (ctx.root && ctx.dbName) {
        await ctx.root.query(fql`Database.byName(${ctx.dbName})?.delete()`).catch(() => {});
      }
    } finally {
      for (const c of clients) {
        try { c.close(); } catch { /* already closed */ }
      }
      if (server) await server.stop();
    }
  });

  return ctx;
}

/**
 * Runs `fn` and returns the error it throws; fails if it does not throw. Used so every error test asserts
 * the error's class and fields instead of only "it threw".
 */
export async function catchError(fn) {
  try {
    await fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected the query to fail, but it succeeded');
}

/** Collects an async iterable into an array. */
export async function collect(iterable) {
  const out = [];
  for await (const x of iterable) out.push(x);
  return out;
}

/**
 * Asserts that `err` is exactly an instance of `Class` (not a subclass or a sibling: the driver maps each
 * error code to one class) and carries the given HTTP status and error code.
 */
export function assertServiceError(assert, err, Class, { httpStatus, code }) {
  assert.equal(
    Object.getPrototypeOf(err), Class.prototype,
    `expected ${Class.name}, got ${err?.constructor?.name}: ${err?.message}`,
  );
  assert.equal(err.httpStatus, httpStatus, `httpStatus of ${err.constructor.name}: ${err.message}`);
  assert.equal(err.code, code);
}

/** The eight keys the server must put in `stats` (spec §1.5). */
export const STATS_KEYS = [
  'compute_ops', 'read_ops', 'write_ops', 'query_time_ms', 'contention_retries',
  'storage_bytes_read', 'storage_bytes_write', 'rate_limits_hit',
];
