// Home page: start a board, and list the boards this browser has visited (kept locally; the
// server never lists boards).

import { forgetBoard, readRecent, saveFacilitatorKey } from './app/recent.js';

function renderRecent() {
  const list = /** @type {HTMLUListElement} */ (document.getElementById('recent-boards'));
  const none = /** @type {HTMLElement} */ (document.getElementById('no-recent'));
  const boards = readRecent(localStorage);
  list.replaceChildren(
    ...boards.map((b) => {
      const li = document.createElement('li');
      const a = document.createElement('a');
      a.href = `/b/${encodeURIComponent(b.id)}`;
      a.textContent = b.title || b.id;
      const when = document.createElement('span');
      when.className = 'visited';
      when.textContent = b.visited ? new Date(b.visited).toLocaleString() : '';
      const forget = document.createElement('button');
      forget.type = 'button';
      forget.className = 'forget';
      forget.textContent = 'Forget';
      forget.setAttribute('aria-label', `Forget ${b.title || b.id} (only in this browser)`);
      forget.addEventListener('click', () => {
        forgetBoard(localStorage, b.id);
        renderRecent();
      });
      li.append(a, when, ' ', forget);
      return li;
    }),
  );
  none.hidden = boards.length > 0;
}

const form = /** @type {HTMLFormElement} */ (document.getElementById('new-board'));
const importForm = /** @type {HTMLFormElement} */ (document.getElementById('import-board'));
const error = /** @type {HTMLElement} */ (document.getElementById('new-board-error'));

/** @param {string} message */
function showError(message) {
  error.textContent = message;
  error.hidden = false;
}

/**
 * Creates a board (from a template or a backup), keeps its facilitator key and opens it.
 * @param {string} path @param {string} body
 */
async function create(path, body) {
  error.hidden = true;
  let response;
  try {
    response = await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  } catch {
    showError('The server cannot be reached. Check your connection and try again.');
    return;
  }
  const created = await response.json().catch(() => ({}));
  if (!response.ok) {
    showError(created.message || 'Could not create the board.');
    return;
  }
  if (created.facilitator_key) saveFacilitatorKey(localStorage, created.id, created.facilitator_key);
  location.href = created.url;
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const data = new FormData(form);
  const title = String(data.get('title') || '');
  const template = String(data.get('template') || 'empty');
  await create('/api/boards', JSON.stringify(template === 'empty' ? { title } : { title, template }));
});

importForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  const input = /** @type {HTMLInputElement} */ (document.getElementById('import-file'));
  const file = input.files?.[0];
  if (!file) return;
  let text;
  try {
    text = await file.text();
    const backup = JSON.parse(text);
    if (!backup || typeof backup.format !== 'string' || !backup.format.startsWith('eventstorm.backup/')) {
      showError('This file is not an eventstorm backup (download one from a board: Export, Backup).');
      return;
    }
  } catch {
    showError('This file is not an eventstorm backup: it is not JSON.');
    return;
  }
  await create('/api/boards/import', text);
});

renderRecent();
