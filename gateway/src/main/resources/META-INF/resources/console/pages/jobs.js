// Jobs: the tenant's recent jobs (GET /v1/jobs) with status, pipeline, size and duration; filters by status and pipeline.
import { api } from '../api.js';
import { h, clear, ms, time, badge, problemBox } from '../dom.js';

const STATUSES = ['QUEUED', 'RUNNING', 'SUCCEEDED', 'PARTIAL', 'FAILED', 'EXPIRED', 'CANCELLED'];
const REFRESH_MS = 5000;

export async function render(main, { params }) {
  document.title = 'Jobs · Braid console';
  const { pipelines } = await api('/v1/pipelines');
  const status = h('select', { id: 'filter-status', name: 'status' }, h('option', { value: '' }, 'Any status'),
    STATUSES.map((s) => h('option', { value: s, selected: params.get('status') === s }, s)));
  const pipeline = h('select', { id: 'filter-pipeline', name: 'pipeline' }, h('option', { value: '' }, 'Any pipeline'),
    pipelines.map((p) => h('option', { value: p.name, selected: params.get('pipeline') === p.name }, p.name)));
  const body = h('div', { id: 'jobs-list', 'aria-live': 'polite', 'aria-busy': 'true' });
  const onChange = () => {
    const q = new URLSearchParams();
    if (status.value) q.set('status', status.value);
    if (pipeline.value) q.set('pipeline', pipeline.value);
    location.hash = `#/jobs${q.toString() ? `?${q}` : ''}`;
  };
  status.addEventListener('change', onChange);
  pipeline.addEventListener('change', onChange);
  const refresh = h('button', { type: 'button', class: 'secondary', onclick: () => load() }, 'Refresh');
  clear(main, h('h1', {}, 'Jobs'),
    h('form', { class: 'filters', role: 'search', 'aria-label': 'Filter jobs', onsubmit: (e) => e.preventDefault() },
      h('div', {}, h('label', { for: 'filter-status' }, 'Status'), status),
      h('div', {}, h('label', { for: 'filter-pipeline' }, 'Pipeline'), pipeline),
      h('div', {}, refresh)),
    body);

  const load = async () => {
    const q = new URLSearchParams({ limit: '100' });
    if (params.get('status')) q.set('status', params.get('status'));
    if (params.get('pipeline')) q.set('pipeline', params.get('pipeline'));
    try {
      const { jobs } = await api(`/v1/jobs?${q}`);
      clear(body, table(jobs));
    } catch (e) {
      clear(body, problemBox(e));
    }
    body.setAttribute('aria-busy', 'false');
  };
  await load();
  const timer = setInterval(load, REFRESH_MS);
  return () => clearInterval(timer);
}

function table(jobs) {
  if (!jobs.length) return h('p', { class: 'muted' }, 'No recent job matches.');
  return h('table', { id: 'jobs-table' },
    h('caption', { class: 'muted' }, `${jobs.length} most recent (refreshed every ${REFRESH_MS / 1000} s)`),
    h('thead', {}, h('tr', {}, ['Job', 'Status', 'Pipeline', 'Items', 'Submitted', 'Duration'].map((c, i) =>
      h('th', { scope: 'col', class: i === 3 || i === 5 ? 'num' : null }, c)))),
    h('tbody', {}, jobs.map((j) => h('tr', { 'data-job': j.jobId },
      h('td', {}, h('a', { href: `#/job/${encodeURIComponent(j.jobId)}` }, h('code', {}, j.jobId.slice(0, 8)),
        h('span', { class: 'visually-hidden' }, j.jobId))),
      h('td', {}, badge(j.status)), h('td', {}, j.pipeline), h('td', { class: 'num' }, j.items),
      h('td', {}, time(j.submittedAt)), h('td', { class: 'num' }, ms(j.durationMs))))));
}
