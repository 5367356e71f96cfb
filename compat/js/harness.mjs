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
import { readFileSync } from 'node:fs';
import { after, before } from 'node:test';
import { Client, fql } from 'fauna';
import { STARTUP_TIMEOUT_MS, freePort, ping, repoRoot, startServer, uniqueName } from '../server.mjs';

export { freePort, repoRoot, startServer, uniqueName };

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
    // Not typechecked: the upstream suites were written against untyped databases (the stream suite needs
    // one, spec §3.10). Tests opt in per query with { typecheck: true } (x-typecheck).
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
