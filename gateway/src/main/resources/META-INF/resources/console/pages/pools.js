// Pools: per inference pool and model, queue length, batch-size histogram and throughput (GET /v1/pools), refreshed.
import { api } from '../api.js';
import { h, clear, time, problemBox } from '../dom.js';

const REFRESH_MS = 3000;

export async function render(main) {
  document.title = 'Pools · Braid console';
  const body = h('div', { id: 'pools' });
  clear(main, h('h1', {}, 'Pools'), h('p', { class: 'muted' }, `What each pool's processes report, refreshed every ${REFRESH_MS / 1000} s.`), body);
  const load = async () => {
    try {
      const { pools } = await api('/v1/pools');
      clear(body, pools.map(pool));
    } catch (e) {
      clear(body, problemBox(e));
    }
  };
  await load();
  const timer = setInterval(load, REFRESH_MS);
  return () => clearInterval(timer);
}

function pool(p) {
  return h('section', { class: 'card', 'aria-labelledby': `pool-${p.pool}`, 'data-pool': p.pool },
    h('h2', { id: `pool-${p.pool}` }, p.pool),
    h('p', {}, p.processes ? `${p.processes} process(es) · queue ${p.queueLength} items · ${p.itemsPerSecond} items/s`
      : h('span', { class: 'muted' }, 'No process of this pool reported in the last 15 s.')),
    h('table', {},
      h('thead', {}, h('tr', {}, ['Model', 'Queue', 'Items/s', 'Batches', 'Mean batch', 'Batch sizes', 'Updated'].map((c) =>
        h('th', { scope: 'col' }, c)))),
      h('tbody', {}, p.models.map((m) => h('tr', { 'data-model': m.model },
        h('th', { scope: 'row' }, m.model, h('div', { class: 'muted' }, `${m.instances} instance(s), batch ≤ ${m.maxBatchSize}`)),
        h('td', { class: 'num queue-length' }, m.processes ? `${m.queueLength} / ${m.queueCapacity}` : '–'),
        h('td', { class: 'num' }, m.itemsPerSecond),
        h('td', { class: 'num' }, m.batches),
        h('td', { class: 'num' }, m.meanBatchSize ?? '–'),
        h('td', {}, histogram(m)),
        h('td', {}, time(m.updatedAt)))))));
}

/** Batches per size bucket as small bars, with the counts as text for screen readers. */
function histogram(m) {
  // a batch is never larger than maxBatchSize: show the bounds up to the first one that holds it
  const all = m.batchSizes || [];
  const last = all.findIndex((b) => b.le != null && b.le >= m.maxBatchSize);
  const buckets = all.filter((b, i) => (b.le == null ? b.count > 0 : last < 0 || i <= last));
  if (!buckets.length || !m.batches) return h('span', { class: 'muted' }, 'no batches yet');
  const max = Math.max(...buckets.map((b) => b.count), 1);
  const w = 30;
  const label = (b, i) => (b.le == null ? `>${buckets[i - 1]?.le ?? ''}` : `≤${b.le}`);
  const text = buckets.map((b, i) => `${label(b, i)}: ${b.count}`).join(', ');
  return h('svg', { class: 'bars', width: buckets.length * w, height: 54, role: 'img', 'aria-label': `Batches by size: ${text}` },
    h('title', {}, text),
    buckets.map((b, i) => {
      const bh = Math.round((b.count / max) * 34);
      return h('g', {}, h('rect', { x: i * w + 2, y: 38 - bh, width: w - 4, height: Math.max(bh, b.count ? 1 : 0) }),
        h('text', { x: i * w + w / 2, y: 50, 'text-anchor': 'middle' }, label(b, i)));
    }));
}
