// node --test reporter that prints one summary line at the end, for .ci/run and humans:
//   compat-js: N passed, M failed, K skipped   (the label is $FAUNUS_COMPAT_LABEL when set: compat-shell)
// Counted from the runner's own final totals: failed includes cancelled tests (e.g. a file whose
// server never came up), skipped includes todo tests.
export default async function* summaryReporter(source) {
  const totals = {};
  for await (const event of source) {
    if (event.type === 'test:diagnostic' && event.data.nesting === 0) {
      const m = /^(tests|suites|pass|fail|cancelled|skipped|todo) (\d+)$/.exec(event.data.message);
      if (m) totals[m[1]] = Number(m[2]);
    }
  }
  const n = (k) => totals[k] ?? 0;
  const label = process.env.FAUNUS_COMPAT_LABEL ?? 'compat-js';
  yield `${label}: ${n('pass')} passed, ${n('fail') + n('cancelled')} failed, ${n('skipped') + n('todo')} skipped\n`;
}
