// What each person chooses for themselves on a board, kept in this browser only: whether the
// big timer is shown and rings at the end, and what they closed (a phase instruction, a vote's
// results) so a reload does not bring it back. Pure apart from the storage it is given.

/** @typedef {import('./outbox.js').KeyValueStorage} KeyValueStorage */

/** localStorage keys. */
export const PersonalStorage = Object.freeze({
  PREFS: 'eventstorm.prefs',
  DISMISSED: 'eventstorm.dismissed',
});

/**
 * @typedef {object} Prefs
 * @property {boolean} timerSound  Ring when the shared timer runs out.
 * @property {boolean} bigTimer    Show the timer as a large overlay on the wall.
 */

/** @type {Readonly<Prefs>} */
export const DEFAULT_PREFS = Object.freeze({ timerSound: false, bigTimer: false });

/** Boards whose dismissals are remembered at most (the oldest are forgotten). */
export const MAX_DISMISSED_BOARDS = 50;

/** @param {KeyValueStorage} storage @param {string} key @returns {unknown} */
function readJson(storage, key) {
  try {
    return JSON.parse(storage.getItem(key) || 'null');
  } catch {
    return null;
  }
}

/** @param {KeyValueStorage} storage @param {string} key @param {unknown} value */
function writeJson(storage, key, value) {
  try {
    storage.setItem(key, JSON.stringify(value));
  } catch {
    // Storage full or disabled: the choice lasts for this visit only.
  }
}

/** @param {KeyValueStorage} storage @returns {Prefs} */
export function readPrefs(storage) {
  const raw = readJson(storage, PersonalStorage.PREFS);
  const o = raw && typeof raw === 'object' ? /** @type {Record<string, unknown>} */ (raw) : {};
  return {
    timerSound: typeof o.timerSound === 'boolean' ? o.timerSound : DEFAULT_PREFS.timerSound,
    bigTimer: typeof o.bigTimer === 'boolean' ? o.bigTimer : DEFAULT_PREFS.bigTimer,
  };
}

/**
 * @template {keyof Prefs} K
 * @param {KeyValueStorage} storage @param {K} key @param {Prefs[K]} value @returns {Prefs}
 */
export function writePref(storage, key, value) {
  const prefs = { ...readPrefs(storage), [key]: value };
  writeJson(storage, PersonalStorage.PREFS, prefs);
  return prefs;
}

/**
 * What can be closed for oneself: `instruction` (keyed by phase and text, so a new instruction
 * shows again) and `results` (keyed by the vote's id).
 * @typedef {'instruction' | 'results'} Dismissable
 */

/** @param {KeyValueStorage} storage @returns {{board: string, at: number, closed: {[what: string]: string}}[]} */
function readDismissed(storage) {
  const raw = readJson(storage, PersonalStorage.DISMISSED);
  if (!Array.isArray(raw)) return [];
  return raw.filter((e) => e && typeof e.board === 'string' && e.closed && typeof e.closed === 'object');
}

/**
 * Whether this person closed `what` with this key on this board.
 * @param {KeyValueStorage} storage @param {string} board @param {Dismissable} what @param {string} key
 */
export function isDismissed(storage, board, what, key) {
  return readDismissed(storage).some((e) => e.board === board && e.closed[what] === key);
}

/**
 * Remembers that this person closed `what` (with this key) on this board.
 * @param {KeyValueStorage} storage @param {string} board @param {Dismissable} what @param {string} key @param {number} [now]
 */
export function dismiss(storage, board, what, key, now = Date.now()) {
  const all = readDismissed(storage);
  const mine = all.find((e) => e.board === board);
  const entry = { board, at: now, closed: { ...(mine?.closed ?? {}), [what]: key } };
  const rest = all.filter((e) => e.board !== board).sort((a, b) => b.at - a.at);
  writeJson(storage, PersonalStorage.DISMISSED, [entry, ...rest].slice(0, MAX_DISMISSED_BOARDS));
}

/**
 * Forgets that this person closed `what` on this board (they opened it again).
 * @param {KeyValueStorage} storage @param {string} board @param {Dismissable} what
 */
export function undismiss(storage, board, what) {
  const all = readDismissed(storage);
  const mine = all.find((e) => e.board === board);
  if (!mine || !(what in mine.closed)) return;
  const closed = { ...mine.closed };
  delete closed[what];
  writeJson(
    storage,
    PersonalStorage.DISMISSED,
    all.map((e) => (e.board === board ? { ...e, closed } : e)),
  );
}
