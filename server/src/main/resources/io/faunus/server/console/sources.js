// Where the charts' numbers come from. A source's sample() resolves to { name: number } (or null when it
// cannot be read); the page charts the names it knows: the node's GET /metrics (Prometheus text, faunus_*
// names), its GET /admin/status, and the latency this page measures.

/** Polls /admin/status; derives commits per second from the applied index between two samples. */
export class StatusSource {
  constructor(api) {
    this.api = api;
    this.previous = null;
  }

  async sample() {
    const status = await this.api.status();
    if (!status) return null;
    const now = performance.now();
    const out = { lag: status.lag, status };
    if (this.previous) {
      const seconds = (now - this.previous.at) / 1000;
      out.commits_per_second = Math.max(0, status.applied_index - this.previous.applied) / seconds;
    }
    this.previous = { at: now, applied: status.applied_index };
    return out;
  }
}

/**
 * Latency of the queries this page sends, including one cheap probe per tick so the chart moves while
 * nobody types: the mean over the tick, in ms.
 */
export class LatencySource {
  constructor(api) {
    this.api = api;
    this.pending = [];
    api.onLatency((ms) => this.pending.push(ms));
  }

  async sample() {
    await this.api.query('0');
    const values = this.pending.splice(0);
    return { latency_ms: values.reduce((a, b) => a + b, 0) / values.length };
  }
}

/**
 * Polls GET /metrics: queries answered per second (all endpoints and result codes of faunus_queries_total,
 * between two samples) and open HTTP connections.
 */
export class PrometheusSource {
  constructor(api) {
    this.api = api;
    this.previous = null;
  }

  async sample() {
    const text = await this.api.metrics();
    if (text == null) return null;
    const totals = sums(text);
    const now = performance.now();
    const queries = totals.get('faunus_queries_total') ?? 0;
    const out = { connections_open: totals.get('faunus_connections_open') };
    if (this.previous) {
      out.queries_per_second = Math.max(0, queries - this.previous.queries) / ((now - this.previous.at) / 1000);
    }
    this.previous = { at: now, queries };
    return out;
  }
}

/** Metric name → the sum of its series, over the sample lines of a Prometheus text exposition. */
export function sums(text) {
  const out = new Map();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const m = /^([A-Za-z_:][A-Za-z0-9_:]*)(\{.*\})?\s+(\S+)/.exec(line);
    if (!m) continue;
    const v = Number(m[3]);
    if (Number.isFinite(v)) out.set(m[1], (out.get(m[1]) ?? 0) + v);
  }
  return out;
}
