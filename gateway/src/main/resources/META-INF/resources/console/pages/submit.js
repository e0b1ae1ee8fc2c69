// Submit: pick a pipeline, drop or choose images (sent as base64) or paste inputs as JSON, deadline and priority.
import { api } from '../api.js';
import { h, clear, problemBox, announce } from '../dom.js';

export async function render(main, { params }) {
  document.title = 'Submit a job · Braid console';
  const { pipelines } = await api('/v1/pipelines');
  const chosen = params.get('pipeline');
  let files = [];

  const select = h('select', { id: 'pipeline', name: 'pipeline', required: true },
    pipelines.map((p) => h('option', { value: p.name, selected: p.name === chosen }, p.name)));
  const deadlineHint = h('p', { class: 'hint', id: 'deadline-hint' });
  const showDefault = () => {
    const p = pipelines.find((x) => x.name === select.value);
    deadlineHint.textContent = p ? `Empty: the pipeline's own, ${p.join.deadlineMs} ms.` : '';
  };
  select.addEventListener('change', showDefault);
  showDefault();

  const fileInput = h('input', { id: 'images', name: 'images', type: 'file', multiple: true, accept: 'image/png,image/jpeg',
    'aria-describedby': 'images-hint' });
  const thumbs = h('ul', { class: 'thumbs', 'aria-label': 'Chosen images' });
  const count = h('p', { class: 'hint', id: 'images-count', 'aria-live': 'polite' }, 'No image chosen.');
  const setFiles = (list) => {
    files = [...list].filter((f) => /^image\/(png|jpeg)$/.test(f.type) || /\.(png|jpe?g)$/i.test(f.name));
    clear(thumbs, files.slice(0, 60).map((f) => h('li', {}, h('img', { src: URL.createObjectURL(f), alt: '' }), f.name)));
    count.textContent = files.length ? `${files.length} image(s) chosen${files.length > 60 ? ' (first 60 shown)' : ''}.` : 'No image chosen.';
  };
  fileInput.addEventListener('change', () => setFiles(fileInput.files));
  const drop = h('div', { class: 'dropzone', id: 'dropzone' },
    h('label', { for: 'images' }, 'Images (PNG or JPEG): drop them here or choose files'), fileInput,
    h('p', { class: 'hint', id: 'images-hint' }, 'Each image is one input item; its id is the file name.'), count, thumbs);
  drop.addEventListener('dragover', (e) => { e.preventDefault(); drop.classList.add('over'); });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (e) => { e.preventDefault(); drop.classList.remove('over'); setFiles(e.dataTransfer.files); });

  const json = h('textarea', { id: 'inputs-json', name: 'inputs-json', 'aria-describedby': 'json-hint', spellcheck: 'false' });
  const deadline = h('input', { id: 'deadline', name: 'deadline', type: 'number', min: '1', step: '1', 'aria-describedby': 'deadline-hint' });
  const priority = h('input', { id: 'priority', name: 'priority', type: 'number', min: '0', max: '9', step: '1', value: '0',
    'aria-describedby': 'priority-hint' });
  const error = h('div', { id: 'submit-error' });
  const button = h('button', { type: 'submit', id: 'submit-job' }, 'Submit');

  const form = h('form', { class: 'stack card', id: 'submit-form', onsubmit: async (ev) => {
    ev.preventDefault();
    clear(error);
    button.disabled = true;
    try {
      const body = json.value.trim() ? JSON.parse(json.value) : { inputs: await Promise.all(files.map(asInput)) };
      if (!json.value.trim() && !files.length) throw new Error('Choose at least one image, or paste inputs as JSON.');
      if (deadline.value) body.deadlineMs = Number(deadline.value);
      if (priority.value && Number(priority.value) !== 0) body.priority = Number(priority.value);
      announce('Submitting the job');
      const answer = await api(`/v1/pipelines/${encodeURIComponent(select.value)}/jobs`, { method: 'POST', body });
      location.hash = `#/job/${encodeURIComponent(answer.jobId)}`;
    } catch (e) {
      clear(error, problemBox(e instanceof SyntaxError ? new Error(`The JSON is not valid: ${e.message}`) : e));
      button.disabled = false;
    }
  } },
  h('div', {}, h('label', { for: 'pipeline' }, 'Pipeline'), select),
  drop,
  h('details', {}, h('summary', {}, 'Or paste the request body as JSON'),
    h('label', { for: 'inputs-json' }, 'Request body'), json,
    h('p', { class: 'hint', id: 'json-hint' }, 'E.g. {"inputs":[{"id":"a","image":"<base64>"}]}; used instead of the images when not empty.')),
  h('div', { class: 'row' },
    h('div', {}, h('label', { for: 'deadline' }, 'Deadline (ms)'), deadline, deadlineHint),
    h('div', {}, h('label', { for: 'priority' }, 'Priority'), priority,
      h('p', { class: 'hint', id: 'priority-hint' }, '0 to 9 (your tenant may allow less); higher runs first.'))),
  error, h('div', {}, button));
  clear(main, h('h1', {}, 'Submit a job'), form);
}

function asInput(file) {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve({ id: file.name, image: String(reader.result).replace(/^data:[^,]*,/, '') });
    reader.onerror = () => reject(new Error(`${file.name} could not be read`));
    reader.readAsDataURL(file);
  });
}
