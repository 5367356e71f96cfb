// A real Faunus server for the compatibility suites (compat/js, compat/shell): `./faunus start --memory` on
// a free port with a random root secret, waited for on GET /ping, stopped with its process group. No
// dependencies, so every suite can use it before (or without) installing its own packages.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const repoRoot = resolve(here, '..');

/** Startup includes building server/target/faunus.jar when it is missing or stale. */
export const STARTUP_TIMEOUT_MS = Number(process.env.FAUNUS_STARTUP_TIMEOUT_MS ?? 300_000);

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

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Random identifier usable as a database or collection name. */
export function uniqueName(prefix) {
  return `${prefix}_${randomBytes(6).toString('hex')}`;
}

export async function ping(endpoint) {
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
 * Options: `dataDir` keeps the data on disk there instead of `--memory` (a restart finds it again), `port`
 * and `rootSecret` reuse those of an earlier start.
 */
export async function startServer({ dataDir, port: wanted, rootSecret: secret } = {}) {
  const port = wanted ?? await freePort();
  const rootSecret = secret ?? `compat${randomBytes(12).toString('hex')}`;
  const logDir = mkdtempSync(join(tmpdir(), 'faunus-compat-'));
  const logFile = join(logDir, 'server.log');
  const logFd = openSync(logFile, 'a');
  const child = spawn(
    join(repoRoot, 'faunus'),
    ['start', ...(dataDir ? ['--data-dir', dataDir] : ['--memory']), '--port', String(port), '--root-secret', rootSecret],
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

