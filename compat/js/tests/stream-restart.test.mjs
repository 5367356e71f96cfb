// A stream through a node restart (issue 17): the driver reconnects by itself with the last cursor it saw,
// and the restarted node (same data directory) replays exactly what came after it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, fql } from 'fauna';
import { startServer } from '../harness.mjs';

test('#27 a stream survives a node restart: the driver resumes after its last event', { timeout: 600_000 }, async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'faunus-compat-restart-'));
  let server = await startServer({ dataDir });
  const client = new Client({ endpoint: new URL(server.endpoint), secret: server.rootSecret, query_timeout_ms: 60_000 });
  let stream;
  try {
    await client.query(fql`Collection.create({ name: "Restart" })`);
    const token = (await client.query(fql`Restart.all().toStream()`)).data;
    // Reconnect for up to a minute, once a second: long enough for the node to come back.
    stream = client.stream(token, { max_attempts: 60, max_backoff: 1 });
    const events = stream[Symbol.asyncIterator]();
    await client.query(fql`Restart.create({ n: 1 })`);
    const first = await events.next();
    assert.equal(first.value.type, 'add');
    assert.equal(first.value.data.n, 1);

    await server.stop();
    server = await startServer({ dataDir, port: server.port, rootSecret: server.rootSecret });
    await client.query(fql`Restart.create({ n: 2 })`);

    const second = await events.next();
    assert.equal(second.value.type, 'add');
    assert.equal(second.value.data.n, 2, 'the event after the cursor, not the one before it again');
  } finally {
    stream?.close();
    client.close();
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
