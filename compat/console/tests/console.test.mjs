// The web console in a real headless Chromium (Debian's package, driven by playwright-core): log in, run a
// query, see an error with its caret, page through a collection, watch the charts move. Screenshots go to
// $FAUNUS_ARTIFACTS (default: a temporary directory, printed).
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { chromium } from 'playwright-core';
import { startServer } from '../../server.mjs';

const CHROMIUM = process.env.FAUNUS_CHROMIUM ?? '/usr/bin/chromium';
const DOCS = 25;
const PAGE_SIZE = 10;
/** Generous: the machine running CI may be loaded; nothing here waits for a fixed time. */
const STEP_TIMEOUT_MS = 60_000;

let server;
let browser;
const artifacts = process.env.FAUNUS_ARTIFACTS ?? mkdtempSync(join(tmpdir(), 'faunus-console-'));

async function query(fql) {
  const res = await fetch(new URL('/query/1', server.endpoint), {
    method: 'POST',
    headers: { Authorization: `Bearer ${server.rootSecret}` },
    body: JSON.stringify({ query: fql }),
  });
  const body = await res.json();
  assert.equal(res.status, 200, JSON.stringify(body));
  return body.data;
}

before(async () => {
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is missing: apt-get install -y --no-install-recommends chromium`);
  mkdirSync(artifacts, { recursive: true });
  console.log(`console screenshots in ${artifacts}`);
  server = await startServer();
  await query('Collection.create({ name: "Items", indexes: { byN: { terms: [{ field: ".n" }] } } })');
  await query(`[${[...Array(DOCS).keys()].join(',')}].forEach(n => Items.create({ n: n }))`);
  await query('Database.create({ name: "Shop" })');
  const shop = await fetch(new URL('/query/1', server.endpoint), {
    method: 'POST',
    headers: { Authorization: `Bearer ${server.rootSecret}:Shop:admin` },
    body: JSON.stringify({ query: 'Collection.create({ name: "Orders" })' }),
  });
  assert.equal(shop.status, 200, await shop.text());
  // A fresh profile directory each run (playwright passes it as --user-data-dir).
  browser = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'faunus-chromium-')), {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('log in, query, see an error with its caret, page through a collection, watch the charts', async () => {
  const page = await browser.newPage();
  page.setDefaultTimeout(STEP_TIMEOUT_MS);
  const problems = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  const authorized = [];
  page.on('request', (r) => {
    if (r.url().includes('/query/1')) authorized.push(r.headers().authorization);
  });

  const response = await page.goto(new URL('/console', server.endpoint).href); // redirected to /console/
  assert.equal(response.status(), 200);
  assert.match(page.url(), /\/console\/$/);
  assert.match(response.headers()['content-security-policy'], /script-src 'self'/);

  // A wrong secret is refused and nothing is kept.
  await page.fill('#secret', 'not-the-secret');
  await page.click('#login-button');
  await page.waitForSelector('#login-error:not([hidden])');
  assert.match(await page.textContent('#login-error'), /not valid/);
  assert.equal(await page.evaluate(() => sessionStorage.getItem('faunus.secret')), null);

  await page.fill('#secret', server.rootSecret);
  await page.click('#login-button');
  await page.waitForSelector('#panel-query:not([hidden])');
  assert.equal(await page.evaluate(() => sessionStorage.getItem('faunus.secret')), server.rootSecret);

  // A query and its result.
  await page.fill('#fql', '[1, 2, 3].map(x => x * 2)');
  await page.click('#run');
  await page.waitForFunction(() => document.querySelector('#result').textContent.includes('6'));
  assert.deepEqual(JSON.parse(await page.textContent('#result')), [2, 4, 6]);
  assert.match(await page.textContent('#query-stats'), /ms on the node/);

  // A syntax error: the node's summary with its caret, and the editor's selection on the bad token.
  await page.fill('#fql', 'let x = 1\n[1, 2 3]');
  await page.keyboard.press('Control+Enter');
  await page.waitForSelector('#query-error:not([hidden])');
  assert.match(await page.textContent('#error-title'), /^invalid_query: /);
  const summary = await page.textContent('#error-summary');
  assert.match(summary, /at \*query\*:2:7/);
  assert.match(summary, /2 \| \[1, 2 3\]\n\s*\|\s+\^/);
  const selected = await page.$eval('#fql', (t) => t.value.slice(t.selectionStart, t.selectionEnd));
  assert.equal(selected, '3');
  await page.screenshot({ path: join(artifacts, 'error.png'), fullPage: true });

  // The browser: a child database (entered with the scoped secret) and back up.
  await page.click('#tabs button[data-tab="browse"]');
  await page.click('#databases button:text-is("Shop")');
  await page.waitForSelector('#collections button:text-is("Orders")');
  assert.equal(await page.textContent('#db-path'), 'Shop');
  assert.equal(await page.$('#collections button:text-is("Items")'), null);
  await page.click('#db-up');
  await page.waitForSelector('#collections button:text-is("Items")');

  // The collection, its index, and its documents a page at a time through the cursor.
  await page.click('#collections button:text-is("Items")');
  await page.waitForFunction(() => document.querySelectorAll('#documents li').length > 0);
  assert.match(await page.textContent('#indexes'), /byN/);
  const seen = new Set();
  let pages = 0;
  for (;;) {
    await page.waitForFunction((n) => document.querySelector('#documents-pager .hint')?.textContent.startsWith(`page ${n},`), pages + 1);
    pages += 1;
    const docs = await page.$$eval('#documents li pre', (pres) => pres.map((p) => JSON.parse(p.textContent)));
    assert.equal(docs.length, pages * PAGE_SIZE <= DOCS ? PAGE_SIZE : DOCS % PAGE_SIZE);
    for (const d of docs) {
      assert.equal(d.coll, 'Items');
      seen.add(d.id);
    }
    const next = await page.$('#documents-pager button[data-role="next"]');
    if (!next) break;
    await next.click();
  }
  assert.equal(pages, Math.ceil(DOCS / PAGE_SIZE));
  assert.equal(seen.size, DOCS, 'every document once, none twice');
  await page.screenshot({ path: join(artifacts, 'browse.png'), fullPage: true });

  // The charts: /admin/status and /metrics (the root secret may read both) and latency measured by the page.
  await page.click('#tabs button[data-tab="metrics"]');
  await page.waitForFunction(() => document.querySelector('#status').textContent.includes('applied_index'));
  await query('Items.create({ n: 100 })'); // a commit, so the applied index moves
  // Two latency samples drawn, and a commit rate above zero derived from two status samples; from GET /metrics,
  // a query rate above zero (the page's own probes are queries) and at least this page's connection open.
  await page.waitForFunction(() => Number(document.querySelector('#chart-latency').dataset.samples) >= 2
    && Number(document.querySelector('#chart-commits').dataset.max) > 0
    && Number(document.querySelector('#chart-queries').dataset.max) > 0
    && Number(document.querySelector('#chart-connections').dataset.max) >= 1);
  await page.screenshot({ path: join(artifacts, 'metrics.png'), fullPage: true });

  // Reloading keeps the login for this tab; every data call carried the secret as Bearer.
  await page.reload();
  await page.waitForSelector('#panel-query:not([hidden])');
  assert.ok(authorized.length > 5);
  const allowed = [`Bearer ${server.rootSecret}`, `Bearer ${server.rootSecret}:Shop:admin`, 'Bearer not-the-secret'];
  assert.ok(authorized.every((a) => allowed.includes(a)), authorized.join(', '));
  assert.ok(authorized.includes(`Bearer ${server.rootSecret}:Shop:admin`));
  // The browser logs every error status; the wrong secret (401) and the syntax error (400) were meant.
  assert.deepEqual(problems.filter((p) => !/status of (401|400)/.test(p)), []);
  await page.close();
});
