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
form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const error = /** @type {HTMLElement} */ (document.getElementById('new-board-error'));
  const title = String(new FormData(form).get('title') || '');
  let response;
  try {
    response = await fetch('/api/boards', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title }),
    });
  } catch {
    error.textContent = 'The server cannot be reached. Check your connection and try again.';
    error.hidden = false;
    return;
  }
  const body = await response.json().catch(() => ({}));
  if (!response.ok) {
    error.textContent = body.message || 'Could not create the board.';
    error.hidden = false;
    return;
  }
  if (body.facilitator_key) saveFacilitatorKey(localStorage, body.id, body.facilitator_key);
  location.href = body.url;
});

renderRecent();
