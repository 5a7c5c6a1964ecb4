// What the pieces floating over the wall have in common (the phase instruction, the big timer,
// the presentation bar, the vote results): each is shown or hidden together with the state of
// the button that opens it, and presses on one are its own, never a pan, a rubber band or a new
// sticky on the wall under it.

/**
 * Shows or hides `el` and says so on the button that toggles it. The `hidden` property is
 * written only when it changes: writing it restyles the page.
 * @param {HTMLElement} el @param {boolean} shown
 * @param {HTMLElement | null} [toggle] @param {'aria-pressed' | 'aria-expanded'} [attr]
 */
export function showWith(el, shown, toggle = null, attr = 'aria-pressed') {
  if (el.hidden === shown) el.hidden = !shown;
  toggle?.setAttribute(attr, String(shown));
}

/**
 * Keeps presses, double-clicks and wheel turns on `el` from reaching the wall it floats over.
 * @param {HTMLElement} el
 */
export function floatOverWall(el) {
  for (const type of ['pointerdown', 'dblclick', 'wheel']) el.addEventListener(type, (e) => e.stopPropagation());
}
