// Small DOM helpers: h() builds elements (attributes, properties on* as listeners, children), formatting.
export function h(tag, attrs = {}, ...children) {
  const svg = ['svg', 'g', 'rect', 'text', 'path', 'line', 'title', 'circle', 'defs', 'marker'].includes(tag);
  const el = svg ? document.createElementNS('http://www.w3.org/2000/svg', tag) : document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.setAttribute('class', v);
    else if (k in el && !svg && typeof v !== 'string') el[k] = v;
    else el.setAttribute(k, v === true ? '' : v);
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

export function clear(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

export function ms(v) {
  if (v === null || v === undefined) return '–';
  if (v < 1000) return `${Math.round(v)} ms`;
  if (v < 60000) return `${(v / 1000).toFixed(1)} s`;
  return `${Math.floor(v / 60000)} min ${Math.round((v % 60000) / 1000)} s`;
}

export const time = (epochMs) => (epochMs ? new Date(epochMs).toLocaleTimeString() : '–');

export function badge(status) {
  return h('span', { class: `badge s-${status}` }, status);
}

/** Says something to screen-reader users (the page's polite live region). */
export function announce(text) {
  const a = document.getElementById('announcer');
  if (a) a.textContent = text;
}

export function problemBox(e) {
  const status = e.status ? `${e.status} ` : '';
  return h('p', { class: 'alert', role: 'alert' }, `${status}${e.message}`);
}
