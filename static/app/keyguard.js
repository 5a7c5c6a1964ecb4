// Keystrokes never fall through to the wall. Single-letter shortcuts add stickies, so a letter
// meant for a text field must never reach them: not while a field, the sticky editor or a
// dialog has focus, and not in the rest of a burst of typing that began in a field that then
// closed (the sticky was deleted under the typist, a click landed elsewhere) or that began on
// the bare wall with a key that is no shortcut (the capital "P" of "Payment Failed" after a
// missed double-click). A burst ends when typing pauses. Pure: the caller passes the time.

/** A pause in typing this long ends a burst. */
export const BURST_GAP_MS = 1000;

/**
 * @typedef {object} KeyGuard
 * @property {number} lastTextKeyAt  When a printable key was last typed into a field, or -Infinity.
 * @property {number} swallowUntil   Printable keys before this time belong to a burst and do nothing.
 */

/** @returns {KeyGuard} */
export function freshGuard() {
  return { lastTextKeyAt: -Infinity, swallowUntil: -Infinity };
}

/**
 * Whether a key types a letter or digit. Space (which pans) and punctuation (which zooms) are
 * left to their own meaning and neither start nor end a burst.
 * @param {{key: string, ctrlKey?: boolean, metaKey?: boolean, altKey?: boolean}} e
 */
export function isPrintable(e) {
  return /^[\p{L}\p{N}]$/u.test(e.key) && !e.ctrlKey && !e.metaKey && !e.altKey;
}

/**
 * A printable key went into a text field (the sticky editor, an input, a dialog).
 * @param {KeyGuard} g @param {number} now @returns {KeyGuard}
 */
export function typedInField(g, now) {
  return { ...g, lastTextKeyAt: now };
}

/**
 * A text field closed. Closed on purpose (Enter, Escape, Tab) it ends the burst; closed under
 * the typist (deleted, blurred by a click) the rest of the burst still belongs to it.
 * @param {KeyGuard} g @param {number} now @param {boolean} onPurpose @returns {KeyGuard}
 */
export function fieldClosed(g, now, onPurpose) {
  if (onPurpose) return freshGuard();
  return now - g.lastTextKeyAt < BURST_GAP_MS ? { ...g, swallowUntil: now + BURST_GAP_MS } : g;
}

/**
 * A printable key reached the wall. A key that is no shortcut starts a burst (it was typing),
 * and every key of a burst keeps it going, so the rest of a word typed at the wall (or falling
 * out of a closed field) does nothing. A shortcut outside a burst acts and starts none: quick
 * deliberate shortcuts (E, then Shift+U) all act.
 * @param {KeyGuard} g @param {number} now @param {boolean} isShortcut Whether the key means something on the wall now.
 * @returns {{guard: KeyGuard, act: boolean, swallowed: boolean}} `swallowed`: the key was typing that went nowhere.
 */
export function wallKey(g, now, isShortcut) {
  if (now < g.swallowUntil || !isShortcut) return { guard: { ...g, swallowUntil: now + BURST_GAP_MS }, act: false, swallowed: true };
  return { guard: g, act: true, swallowed: false };
}
