// The console page: log in (the secret is kept in sessionStorage, so it is gone when the tab closes), then
// the query editor, the browser and the charts. Plain modules, no build step.
import { Api } from './api.js';
import { Browser } from './browser.js';
import { LineChart } from './charts.js';
import { Editor } from './editor.js';
import { LatencySource, PrometheusSource, StatusSource } from './sources.js';

const SECRET_KEY = 'faunus.secret';
/** How often the charts sample. */
const TICK_MS = 2000;

const $ = (id) => document.getElementById(id);

async function login(secret) {
  const api = new Api(secret);
  const probe = await api.query('0');
  if (!probe.ok) {
    $('login-error').hidden = false;
    $('login-error').textContent = probe.status === 401 ? 'That secret is not valid on this node.' : `${probe.body.error.code}: ${probe.body.error.message}`;
    sessionStorage.removeItem(SECRET_KEY);
    return;
  }
  sessionStorage.setItem(SECRET_KEY, secret);
  $('login').hidden = true;
  $('login-error').hidden = true;
  $('tabs').hidden = false;
  $('logout').hidden = false;
  $('who').textContent = 'logged in'; // no part of the secret on screen
  start(api);
}

function start(api) {
  new Editor(api, {
    fql: $('fql'), run: $('run'), result: $('result'), stats: $('query-stats'),
    errorBox: $('query-error'), errorTitle: $('error-title'), errorSummary: $('error-summary'),
  });
  const browser = new Browser(api, {
    databases: $('databases'), databasesPager: $('databases-pager'), collections: $('collections'),
    collectionsPager: $('collections-pager'), indexes: $('indexes'), documents: $('documents'),
    documentsPager: $('documents-pager'), pageSize: $('page-size'), path: $('db-path'), up: $('db-up'),
    collName: $('coll-name'), error: $('browse-error'),
  });
  const metrics = new Metrics(api);
  for (const tab of document.querySelectorAll('#tabs button')) {
    tab.addEventListener('click', () => show(tab.dataset.tab, { browser, metrics }));
  }
  show('query', { browser, metrics });
}

function show(name, { browser, metrics }) {
  for (const tab of document.querySelectorAll('#tabs button')) tab.classList.toggle('active', tab.dataset.tab === name);
  for (const panel of ['query', 'browse', 'metrics']) $(`panel-${panel}`).hidden = panel !== name;
  if (name === 'browse') browser.enter(browser.path);
  if (name === 'metrics') metrics.run();
  else metrics.stop();
}

class Metrics {
  constructor(api) {
    this.status = new StatusSource(api);
    this.latency = new LatencySource(api);
    this.prometheus = new PrometheusSource(api);
    this.charts = {
      latency_ms: new LineChart($('chart-latency'), 'ms'),
      queries_per_second: new LineChart($('chart-queries'), '/s'),
      connections_open: new LineChart($('chart-connections'), ''),
      commits_per_second: new LineChart($('chart-commits'), '/s'),
      lag: new LineChart($('chart-lag'), 'entries'),
    };
    this.timer = null;
  }

  run() {
    if (this.timer) return;
    let busy = false;
    const tick = async () => {
      if (busy) return; // a slow node: skip a tick rather than pile up requests
      busy = true;
      try {
        await this.sample();
      } finally {
        busy = false;
      }
    };
    tick();
    this.timer = setInterval(tick, TICK_MS);
  }

  async sample() {
    const samples = { ...(await this.latency.sample()), ...((await this.status.sample()) ?? {}),
      ...((await this.prometheus.sample()) ?? {}) };
    for (const [name, chart] of Object.entries(this.charts)) chart.add(samples[name]);
    $('metrics-note').textContent = samples.status ? '' : 'Node status and metrics need a secret that is admin of the root database; only latency is shown.';
    if (samples.status) $('status').textContent = JSON.stringify(samples.status, null, 2);
  }

  stop() {
    clearInterval(this.timer);
    this.timer = null;
  }
}

$('login-form').addEventListener('submit', (e) => {
  e.preventDefault();
  login($('secret').value);
});
$('logout').addEventListener('click', () => {
  sessionStorage.removeItem(SECRET_KEY);
  location.reload();
});
const saved = sessionStorage.getItem(SECRET_KEY);
if (saved) login(saved);
