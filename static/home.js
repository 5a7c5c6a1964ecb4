// Home page: start a board, and list the boards this browser has visited (kept locally; the
// server never lists boards).

const RECENT_KEY = 'eventstorm.recentBoards';

/** @returns {{id: string, title: string, visited: number}[]} */
function recentBoards() {
  try {
    const list = JSON.parse(localStorage.getItem(RECENT_KEY) || '[]');
    return Array.isArray(list) ? list : [];
  } catch {
    return [];
  }
}

function renderRecent() {
  const list = /** @type {HTMLUListElement} */ (document.getElementById('recent-boards'));
  const none = /** @type {HTMLElement} */ (document.getElementById('no-recent'));
  const boards = recentBoards();
  list.replaceChildren(
    ...boards.map((b) => {
      const li = document.createElement('li');
      const a = document.createElement('a');
      a.href = `/b/${encodeURIComponent(b.id)}`;
      a.textContent = b.title || b.id;
      li.append(a);
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
  const response = await fetch('/api/boards', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ title }),
  });
  const body = await response.json();
  if (!response.ok) {
    error.textContent = body.message || 'Could not create the board.';
    error.hidden = false;
    return;
  }
  location.href = body.url;
});

renderRecent();
