// Every data call of the console: POST /query/1 (and GET /admin/status, GET /metrics for the charts) with the secret the
// user typed, as a Bearer token. Nothing else leaves the page; the static files themselves need no secret.

/** What a query produced: ok with the response body, or the node's error body; ms as measured here. */
export class Api {
  /** secret: as typed; path: child database names below the secret's own database ([] for none). */
  constructor(secret, path = []) {
    this.secret = secret;
    this.path = path;
    this.latencyListeners = [];
  }

  /** The same login, scoped to a child database (Fauna's SECRET:db/path:admin form). */
  scoped(path) {
    const api = new Api(this.secret, path);
    api.latencyListeners = this.latencyListeners;
    return api;
  }

  /** Whether the secret can be scoped to child databases (a scoped secret already has ':' in it). */
  canScope() {
    return !this.secret.includes(':');
  }

  bearer() {
    return this.path.length === 0 ? this.secret : `${this.secret}:${this.path.join('/')}:admin`;
  }

  onLatency(listener) {
    this.latencyListeners.push(listener);
  }

  /** Runs FQL with optional arguments (simple JSON format); never throws for a query error. */
  async query(fql, args) {
    const started = performance.now();
    let res;
    try {
      res = await fetch('/query/1', {
        method: 'POST',
        headers: { Authorization: `Bearer ${this.bearer()}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(args ? { query: fql, arguments: args } : { query: fql }),
      });
    } catch (e) {
      return { ok: false, status: 0, body: { error: { code: 'network', message: `The node did not answer: ${e.message}` }, summary: '' } };
    }
    const body = await res.json().catch(() => ({ error: { code: 'bad_response', message: `HTTP ${res.status} without JSON` }, summary: '' }));
    const ms = performance.now() - started;
    for (const l of this.latencyListeners) l(ms);
    return { ok: res.ok && !body.error, status: res.status, body, ms };
  }

  /** GET /metrics as text: null when this secret may not read it (the root database's admin, unless public). */
  async metrics() {
    const res = await fetch('/metrics', { headers: { Authorization: `Bearer ${this.secret}` } });
    if (!res.ok) {
      await res.arrayBuffer();
      return null;
    }
    return res.text();
  }

  /** GET /admin/status: null when this secret may not read it (it needs the root database's admin). */
  async status() {
    const res = await fetch('/admin/status', { headers: { Authorization: `Bearer ${this.secret}` } });
    if (!res.ok) {
      await res.arrayBuffer();
      return null;
    }
    return res.json();
  }
}
