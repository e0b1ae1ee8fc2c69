// Job: live progress (items × branches × stages, ETA) from the events stream; then each item's reduced output and
// every branch's outcome, error, latency and per-stage timings; cancel while it runs.
import { api, followEvents } from '../api.js';
import { h, clear, ms, time, badge, announce, problemBox } from '../dom.js';

const TERMINAL = new Set(['SUCCEEDED', 'PARTIAL', 'FAILED', 'EXPIRED', 'CANCELLED']);
const STAGES = ['queued', 'preprocess', 'batch', 'inference', 'postprocess', 'joined'];
const MAX_ROWS = 200;

export async function render(main, { arg: jobId }) {
  document.title = `Job ${jobId} · Braid console`;
  let view = await api(`/v1/jobs/${encodeURIComponent(jobId)}`);
  const status = h('span', { id: 'job-status' });
  const bar = h('div', {});
  const progressbar = h('div', { class: 'progress', id: 'job-progress', role: 'progressbar', 'aria-label': 'Job progress',
    'aria-valuemin': '0', 'aria-valuemax': '100' }, bar);
  const counts = h('span', { id: 'job-percent' });
  const eta = h('span', { id: 'job-eta', class: 'muted' });
  const branches = h('div', { id: 'job-branches', class: 'row muted' });
  const cancel = h('button', { type: 'button', class: 'danger', id: 'cancel-job' }, 'Cancel job');
  const message = h('div', { id: 'job-message' });
  const tree = h('section', { id: 'job-tree', 'aria-labelledby': 'tree-title' });
  const result = h('section', { id: 'job-result', 'aria-labelledby': 'result-title' });
  const facts = h('dl', { class: 'facts', id: 'job-facts' });

  clear(main,
    h('h1', {}, 'Job ', h('code', {}, jobId)),
    h('div', { class: 'card' },
      h('div', { class: 'row' }, status, counts, eta, h('span', { class: 'spacer' }), cancel),
      progressbar, branches, facts, message),
    tree, result);

  const showProgress = (p) => {
    if (!p) return;
    const pct = Math.max(0, Math.min(100, p.percent ?? 0));
    bar.style.width = `${pct}%`;
    progressbar.setAttribute('aria-valuenow', String(pct));
    counts.textContent = `${pct} % (${p.done} of ${p.total} outcomes)`;
    eta.textContent = p.eta ? `ETA ${ms(p.eta.ms)} (at ${time(p.eta.at)})` : '';
    if (p.branches) {
      clear(branches, Object.entries(p.branches).map(([b, c]) => h('span', { 'data-branch': b }, `${b}: ${c.done}/${c.total}`)));
    }
  };
  const show = (v) => {
    view = v;
    clear(status, badge(v.status));
    status.setAttribute('data-status', v.status);
    showProgress(v.progress);
    const t = v.timings || {};
    clear(facts,
      h('dt', {}, 'Pipeline'), h('dd', {}, h('a', { href: `#/jobs?pipeline=${encodeURIComponent(v.pipeline)}` }, v.pipeline)),
      h('dt', {}, 'Submitted'), h('dd', {}, time(t.submittedAt)),
      h('dt', {}, 'Deadline'), h('dd', {}, time(t.deadline)),
      h('dt', {}, TERMINAL.has(v.status) ? 'Took' : 'Running for'), h('dd', { id: 'job-duration' }, ms(t.durationMs)),
      v.traceId ? [h('dt', {}, 'Trace'), h('dd', {}, h('code', {}, v.traceId), h('span', { class: 'muted' }, '  (./braid trace ', jobId, ')'))] : '',
      v.error ? [h('dt', {}, 'Error'), h('dd', { class: 's-error' }, v.error)] : '');
    cancel.hidden = TERMINAL.has(v.status);
    if (v.progress?.tree) renderTree(tree, v.progress.tree);
    else if (TERMINAL.has(v.status)) clear(tree);
    if (v.result) renderResult(result, v.result);
  };
  show(view);

  let refreshing = null;
  let again = false;
  const refresh = () => { // at most one read in flight; one more after it when events came meanwhile
    if (refreshing) { again = true; return; }
    refreshing = api(`/v1/jobs/${encodeURIComponent(jobId)}`).then((v) => { if (!TERMINAL.has(view.status)) show(v); })
      .catch(() => {}).finally(() => { refreshing = null; if (again) { again = false; setTimeout(refresh, 300); } });
  };

  cancel.addEventListener('click', async () => {
    cancel.disabled = true;
    try {
      const answer = await api(`/v1/jobs/${encodeURIComponent(jobId)}`, { method: 'DELETE' });
      clear(message, h('p', { role: 'status' }, `Cancellation requested: ${answer.status}.`));
      announce(`Job ${answer.status}`);
      if (answer.progress) show(answer);
    } catch (e) {
      clear(message, problemBox(e));
    } finally {
      cancel.disabled = false;
    }
  });

  if (TERMINAL.has(view.status)) return null;
  return followEvents(jobId, (e) => {
    if (e.name === 'progress') showProgress(e.data);
    else if (e.name === 'end' && e.data?.status) { show(e.data); announce(`Job ${e.data.status}`); }
    else refresh();
  }, (e) => clear(message, problemBox(e)));
}

function renderTree(section, rows) {
  const branches = rows.length ? Object.keys(rows[0].branches) : [];
  const shown = rows.slice(0, MAX_ROWS);
  clear(section, h('h2', { id: 'tree-title' }, 'Progress: items × branches'),
    h('p', { class: 'hint' }, 'Each cell: the stage the item is in on that branch (', STAGES.join(' → '), ') and for how long.'),
    h('table', { class: 'tree' },
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Item'), branches.map((b) => h('th', { scope: 'col' }, b)))),
      h('tbody', {}, shown.map((r) => h('tr', { 'data-item': r.item },
        h('th', { scope: 'row' }, r.item),
        branches.map((b) => {
          const c = r.branches[b];
          const spent = Object.entries(c.timings || {}).map(([s, v]) => `${s} ${v} ms`).join(', ');
          return h('td', { class: 'cell', title: spent || 'no stage left yet' },
            h('span', { class: `stage ${c.stage}` }, c.stage),
            c.stage === 'joined' ? '' : h('span', { class: 'muted' }, ' ', ms(Date.now() - c.since)));
        }))))),
    rows.length > MAX_ROWS ? h('p', { class: 'hint' }, `First ${MAX_ROWS} of ${rows.length} items shown.`) : '');
}

function renderResult(section, result) {
  const items = result.items || [];
  const branches = items.length ? Object.keys(items[0].branches || {}) : [];
  // after a plan: the subtasks and the job's own synthesized output
  const job = result.plan || result.output || result.synthesis
    ? h('div', { id: 'job-output' },
      result.plan ? h('p', {}, h('strong', {}, 'Plan '), h('span', { class: `badge s-${result.plan.status}` }, result.plan.status),
        ' ', result.plan.output ? brief(result.plan.output, 300) : '') : '',
      result.synthesis ? h('p', {}, h('strong', {}, 'Synthesis '), h('span', { class: `badge s-${result.synthesis.status}` },
        result.synthesis.status), ' ', result.output ? brief(result.output, 600) : '') : '')
    : '';
  clear(section, h('h2', { id: 'result-title' }, 'Result'), job,
    h('table', { id: 'result-table' },
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Item'), h('th', { scope: 'col' }, 'Status'),
        h('th', { scope: 'col' }, 'Output'), branches.map((b) => h('th', { scope: 'col' }, `Branch ${b}`)))),
      h('tbody', {}, items.slice(0, MAX_ROWS).map((it) => h('tr', { 'data-item': it.id },
        h('th', { scope: 'row' }, it.id),
        h('td', {}, h('span', { class: `badge s-${it.status}` }, it.status)),
        h('td', { class: 'reduced' }, output(it.output, 'reduced-label'), it.reducer ? h('div', { class: 'muted' }, it.reducer) : '',
          it.note ? h('div', { class: 'muted' }, it.note) : ''),
        branches.map((b) => outcome(it.branches[b])))))),
    items.length > MAX_ROWS ? h('p', { class: 'hint' }, `First ${MAX_ROWS} of ${items.length} items shown.`) : '',
    stageTable(items, branches));
}

function output(o, cls) {
  if (!o) return h('span', { class: 'muted' }, '–');
  if (o.label == null) return h('div', { class: cls }, brief(o, 400));
  const top = (o.topK || []).map((t) => `${t.label} ${(t.probability * 100).toFixed(1)} %`).join(', ');
  return h('div', {}, h('strong', { class: cls }, o.label ?? '–'), top ? h('div', { class: 'muted' }, top) : '');
}

/** A non-classification output in a few words: a text (with its tokens), a JSON value, a vector. */
function brief(o, max) {
  const cut = (s) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);
  if (o.text != null) {
    const tokens = o.usage ? ` (${o.usage.totalTokens} tokens)` : '';
    return h('span', { title: o.text }, cut(o.text), h('span', { class: 'muted' }, tokens));
  }
  if (o.data != null) return h('code', {}, cut(JSON.stringify(o.data)));
  if (o.vector) return h('span', { class: 'muted' }, `vector of ${o.vector.length}`);
  return h('span', { class: 'muted' }, '–');
}

function outcome(r) {
  if (!r) return h('td', { class: 'muted' }, '–');
  const err = r.error ? h('div', { class: 's-error' }, `${r.error.code}: ${r.error.message}`) : '';
  return h('td', { 'data-branch-status': r.status },
    h('span', { class: `badge s-${r.status}` }, r.status), ' ',
    r.output ? (r.output.label != null ? h('strong', {}, r.output.label) : brief(r.output, 120)) : '',
    h('div', { class: 'muted' }, `latency ${ms(r.latencyMs)}${r.attempts > 1 ? `, ${r.attempts} attempts` : ''}`), err);
}

/** Per branch, the mean milliseconds each stage took over the items. */
function stageTable(items, branches) {
  const stages = new Set();
  const sums = {};
  for (const it of items) {
    for (const b of branches) {
      for (const [s, v] of Object.entries(it.branches?.[b]?.timings || {})) {
        stages.add(s);
        const k = `${b}|${s}`;
        sums[k] = sums[k] || [0, 0];
        sums[k][0] += v; sums[k][1] += 1;
      }
    }
  }
  if (!stages.size) return '';
  const cols = [...stages];
  return h('table', { id: 'stage-timings' },
    h('caption', {}, 'Per-stage timings: mean over the items'),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Branch'), cols.map((s) => h('th', { scope: 'col', class: 'num' }, s)))),
    h('tbody', {}, branches.map((b) => h('tr', {}, h('th', { scope: 'row' }, b),
      cols.map((s) => { const v = sums[`${b}|${s}`]; return h('td', { class: 'num' }, v ? ms(v[0] / v[1]) : '–'); })))));
}
