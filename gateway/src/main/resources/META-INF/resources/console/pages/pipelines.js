// Pipelines: each with its input, stages, branches (model and pool), join policy, reducer and deadline, and a graph.
import { api } from '../api.js';
import { h, clear, ms } from '../dom.js';

export async function render(main) {
  document.title = 'Pipelines · Braid console';
  const { pipelines } = await api('/v1/pipelines');
  clear(main, h('h1', {}, 'Pipelines'),
    pipelines.length ? '' : h('p', {}, 'Your API key may use no pipeline.'),
    h('div', { class: 'grid' }, pipelines.map(card)));
}

function card(p) {
  const j = p.join || {};
  const policy = j.policy === 'quorum' ? `quorum ${j.quorum}` : j.policy;
  return h('section', { class: 'card pipeline', 'aria-labelledby': `p-${p.name}`, 'data-pipeline': p.name },
    h('h2', { id: `p-${p.name}` }, p.name),
    p.description ? h('p', { class: 'muted' }, p.description) : '',
    graph(p),
    h('dl', { class: 'facts' },
      h('dt', {}, 'Input'), h('dd', {}, p.input),
      p.plan ? [h('dt', {}, 'Plan'), h('dd', {}, h('code', {}, p.plan))] : '',
      h('dt', {}, 'Preprocess'), h('dd', {}, p.preprocess ? h('code', {}, p.preprocess) : 'none: items go to the branches as they are'),
      h('dt', {}, 'Postprocess'), h('dd', {}, p.postprocess ? h('code', {}, p.postprocess) : 'per branch'),
      h('dt', {}, 'Join'), h('dd', {}, `${policy}${j.maxFailures > 0 ? `, tolerates ${j.maxFailures} failure(s)` : ''}, on timeout: ${j.onTimeout}`),
      h('dt', {}, 'Reducer'), h('dd', {}, p.reducer),
      p.synthesis ? [h('dt', {}, 'Synthesis'), h('dd', {}, h('code', {}, p.synthesis))] : '',
      h('dt', {}, 'Deadline'), h('dd', {}, ms(j.deadlineMs))),
    h('table', {},
      h('caption', {}, 'Branches'),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Branch'), h('th', { scope: 'col' }, 'Model'), h('th', { scope: 'col' }, 'Pool'), h('th', { scope: 'col' }, 'Postprocess'))),
      h('tbody', {}, p.branches.map((b) => h('tr', {}, h('th', { scope: 'row' }, b.name), h('td', {}, b.model), h('td', {}, b.pool || '–'),
        h('td', {}, h('code', {}, b.postprocess || '–')))))),
    h('p', {}, h('a', { class: 'button', href: `#/submit?pipeline=${encodeURIComponent(p.name)}` }, `Submit a job to ${p.name}`)));
}

/** What stands between the input and the branches: a plan, the preprocess op, or nothing. */
function stepLabel(p) {
  const step = p.plan ? 'plan' : p.preprocess || 'as is';
  return step.length > 13 ? 'preprocess' : step;
}

/** input → preprocess (or plan) → branches (model @ pool) → join → reducer (or synthesis), as a small SVG. */
function graph(p) {
  const rowH = 34;
  const n = Math.max(1, p.branches.length);
  const height = Math.max(80, n * rowH + 16);
  const mid = height / 2;
  const cols = [10, 100, 210, 380, 470];
  const box = (x, y, w, label, cls = '') => h('g', { class: `node ${cls}` },
    h('rect', { x, y: y - 13, width: w, height: 26, rx: 5 }), h('text', { x: x + w / 2, y: y + 4, 'text-anchor': 'middle' }, label));
  const edge = (x1, y1, x2, y2) => h('path', { class: 'edge', d: `M${x1},${y1} C${(x1 + x2) / 2},${y1} ${(x1 + x2) / 2},${y2} ${x2},${y2}`, 'marker-end': 'url(#arrow)' });
  const parts = [
    h('defs', {}, h('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 6, markerHeight: 6, orient: 'auto' },
      h('path', { d: 'M0,0 L10,5 L0,10 z', fill: '#8a939c' }))),
    box(cols[0], mid, 70, p.input), edge(cols[0] + 70, mid, cols[1], mid),
    box(cols[1], mid, 90, stepLabel(p)),
  ];
  p.branches.forEach((b, i) => {
    const y = 8 + rowH / 2 + i * rowH + (height - 16 - n * rowH) / 2;
    parts.push(edge(cols[1] + 90, mid, cols[2], y), box(cols[2], y, 150, `${b.name}: ${b.model}`, 'branch'), edge(cols[2] + 150, y, cols[3], mid));
  });
  parts.push(box(cols[3], mid, 70, `join: ${p.join.policy}`), edge(cols[3] + 70, mid, cols[4], mid),
    box(cols[4], mid, 80, p.synthesis ? 'synthesis' : p.reducer));
  return h('svg', { viewBox: `0 0 560 ${height}`, width: '100%', role: 'img',
    'aria-label': `${p.name}: ${p.input} input, ${stepLabel(p)}, branches ${p.branches.map((b) => `${b.name} (${b.model} on pool ${b.pool})`).join(', ')}, join ${p.join.policy}, reducer ${p.reducer}` },
  h('title', {}, `Graph of pipeline ${p.name}`), parts);
}
