// The FQL editor: runs the text, shows the result as JSON, or the node's error with its summary (the query
// with carets under the failing span) and selects that span in the editor.

/** "at *query*:LINE:COLUMN" in a summary: where the error is, 1-based. */
const LOCATION = /at \*query\*:(\d+):(\d+)/;

export class Editor {
  constructor(api, el) {
    this.api = api;
    this.el = el;
    el.run.addEventListener('click', () => this.run());
    el.fql.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
        e.preventDefault();
        this.run();
      }
    });
  }

  async run() {
    const fql = this.el.fql.value;
    this.el.run.disabled = true;
    const answer = await this.api.query(fql);
    this.el.run.disabled = false;
    const stats = answer.body.stats;
    this.el.stats.textContent = stats
      ? `${answer.ms.toFixed(0)} ms here, ${stats.query_time_ms} ms on the node; ops: ${stats.compute_ops} compute, ${stats.read_ops} read, ${stats.write_ops} write`
      : '';
    if (answer.ok) {
      this.el.errorBox.hidden = true;
      this.el.result.textContent = JSON.stringify(answer.body.data, null, 2);
      return;
    }
    const { code, message } = answer.body.error;
    this.el.result.textContent = '';
    this.el.errorBox.hidden = false;
    this.el.errorTitle.textContent = `${code}: ${message}`;
    this.el.errorSummary.textContent = answer.body.summary || '';
    this.select(fql, answer.body.summary || '');
  }

  /** Puts the editor's selection on the span the summary's carets mark. */
  select(fql, summary) {
    const at = LOCATION.exec(summary);
    if (!at) return;
    const lines = fql.split('\n');
    const line = Number(at[1]) - 1;
    if (line >= lines.length) return;
    let offset = Number(at[2]) - 1;
    for (let i = 0; i < line; i++) offset += lines[i].length + 1;
    const carets = /\^+/.exec(summary.slice(at.index));
    this.el.fql.focus();
    this.el.fql.setSelectionRange(offset, offset + (carets ? carets[0].length : 1));
  }
}
