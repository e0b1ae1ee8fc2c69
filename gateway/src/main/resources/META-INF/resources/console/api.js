// The public Braid API as the console uses it: the same calls and API key as any client (no private endpoints).
const KEY = 'braid.apiKey';

export const apiKey = () => sessionStorage.getItem(KEY);
export const setApiKey = (k) => sessionStorage.setItem(KEY, k);
export const forgetApiKey = () => sessionStorage.removeItem(KEY);

/** An answer other than 2xx, with its problem+json body when there is one. */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

/** Calls the API with the session's key; a 401 forgets the key and goes to the sign-in page. */
export async function api(path, { method = 'GET', body, key = apiKey(), signal } = {}) {
  const headers = { Accept: 'application/json' };
  if (key) headers.Authorization = `Bearer ${key}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const r = await fetch(path, { method, headers, signal, body: body === undefined ? undefined : JSON.stringify(body) });
  if (!r.ok) {
    let problem = null;
    try { problem = await r.json(); } catch { /* no body */ }
    if (r.status === 401 && key === apiKey()) {
      forgetApiKey();
      if (!location.hash.startsWith('#/signin')) location.hash = '#/signin';
    }
    throw new ApiError(r.status, problem);
  }
  return r.status === 204 ? null : r.json();
}

/**
 * A job's events (Server-Sent Events) read with fetch(), since EventSource cannot send the Authorization header.
 * Calls onEvent({name, id, data}) per event; reconnects with Last-Event-ID when the stream ends before 'end'.
 * Returns a function that stops it.
 */
export function followEvents(jobId, onEvent, onError) {
  const abort = new AbortController();
  let lastId = null;
  let ended = false;
  const run = async () => {
    let attempt = 0;
    while (!ended && !abort.signal.aborted) {
      try {
        const headers = { Authorization: `Bearer ${apiKey()}`, Accept: 'text/event-stream' };
        if (lastId) headers['Last-Event-ID'] = lastId;
        const r = await fetch(`/v1/jobs/${encodeURIComponent(jobId)}/events`, { headers, signal: abort.signal });
        if (!r.ok) {
          let problem = null;
          try { problem = await r.json(); } catch { /* none */ }
          throw new ApiError(r.status, problem);
        }
        attempt = 0;
        const reader = r.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += value.replace(/\r\n?/g, '\n');
          let cut;
          while ((cut = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, cut);
            buffer = buffer.slice(cut + 2);
            const event = parseEvent(block);
            if (!event) continue;
            if (event.id) lastId = event.id;
            if (event.name === 'end') ended = true;
            onEvent(event);
          }
        }
      } catch (e) {
        if (abort.signal.aborted) return;
        if (e instanceof ApiError && e.status < 500) { onError?.(e); return; }
        attempt++;
      }
      if (!ended && !abort.signal.aborted) await new Promise((res) => setTimeout(res, Math.min(5000, 250 * 2 ** attempt)));
    }
  };
  run();
  return () => abort.abort();
}

function parseEvent(block) {
  let name = 'message'; let id = null; const data = [];
  for (const line of block.split('\n')) {
    if (!line || line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'event') name = value;
    else if (field === 'id') id = value;
    else if (field === 'data') data.push(value);
  }
  if (!data.length) return null;
  let parsed;
  try { parsed = JSON.parse(data.join('\n')); } catch { parsed = data.join('\n'); }
  return { name, id, data: parsed };
}
