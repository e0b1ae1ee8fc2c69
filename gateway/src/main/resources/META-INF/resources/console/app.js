// The console's shell: sign-in, navigation and a hash router (#/pipelines, #/submit, #/job/<id>, #/jobs, #/pools).
import { api, apiKey, setApiKey, forgetApiKey, ApiError } from './api.js';
import { h, clear, problemBox } from './dom.js';
import * as pipelines from './pages/pipelines.js';
import * as submit from './pages/submit.js';
import * as job from './pages/job.js';
import * as jobs from './pages/jobs.js';
import * as pools from './pages/pools.js';

const pages = { pipelines, submit, job, jobs, pools };
const main = document.getElementById('main');
let stop = null;

function route() {
  const hash = location.hash || '#/pipelines';
  const [path, query = ''] = hash.slice(1).split('?');
  const parts = path.split('/').filter(Boolean);
  return { page: parts[0] || 'pipelines', arg: parts[1] ? decodeURIComponent(parts[1]) : null, params: new URLSearchParams(query) };
}

async function render() {
  if (stop) { try { stop(); } catch { /* already stopped */ } stop = null; }
  const { page, arg, params } = route();
  const signedIn = !!apiKey();
  document.getElementById('nav').hidden = !signedIn;
  document.getElementById('sign-out').hidden = !signedIn;
  if (!signedIn || page === 'signin') {
    signIn();
    return;
  }
  for (const a of document.querySelectorAll('#nav a')) {
    const current = a.getAttribute('href') === `#/${page}` || (page === 'job' && a.getAttribute('href') === '#/jobs');
    if (current) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
  }
  const module = pages[page];
  if (!module) {
    clear(main, h('h1', {}, 'Not found'), h('p', {}, 'No such page. ', h('a', { href: '#/pipelines' }, 'Pipelines')));
    return;
  }
  clear(main, h('p', { class: 'muted', 'aria-busy': 'true' }, 'Loading…'));
  try {
    stop = (await module.render(main, { arg, params })) || null;
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) return;
    clear(main, h('h1', {}, 'Something went wrong'), problemBox(e));
  }
  main.focus({ preventScroll: true });
}

function signIn() {
  document.title = 'Sign in · Braid console';
  const error = h('div', { id: 'sign-in-error' });
  const input = h('input', { id: 'api-key', name: 'api-key', type: 'password', autocomplete: 'off', required: true,
    'aria-describedby': 'api-key-hint' });
  const form = h('form', { class: 'stack card', id: 'sign-in', onsubmit: async (ev) => {
    ev.preventDefault();
    const key = input.value.trim();
    clear(error);
    try {
      await api('/v1/pipelines', { key });
      setApiKey(key);
      const back = route();
      location.hash = back.page === 'signin' || !back.page ? '#/pipelines' : location.hash;
      render();
    } catch (e) {
      clear(error, problemBox(e.status === 401 ? new Error('That API key is not known. Check it and try again.') : e));
      input.focus();
    }
  } },
  h('div', {}, h('label', { for: 'api-key' }, 'API key'), input,
    h('p', { class: 'hint', id: 'api-key-hint' },
      'Kept in this browser tab only (sessionStorage). ./braid up prints a development key; it is also in .braid/work/auth/dev-key.')),
  error,
  h('div', {}, h('button', { type: 'submit' }, 'Sign in')));
  clear(main, h('h1', {}, 'Sign in to the Braid console'), form);
  input.focus();
}

document.getElementById('sign-out').addEventListener('click', () => {
  forgetApiKey();
  location.hash = '#/signin';
  render();
});
window.addEventListener('hashchange', render);
render();
