// Where the charts' numbers come from. A source's sample() resolves to { name: number } (or null when it
// cannot be read); the page charts the names it knows. Today: the node's GET /admin/status and the latency
// this page measures. TODO: a PrometheusSource reading GET /metrics (faunus_* names) once the node serves it.

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
