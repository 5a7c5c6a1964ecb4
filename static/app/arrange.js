// Align and distribute for a selection of stickies. Pure: rectangles with ids in, the new
// positions of those that move out (ready for one move command, so one undo step).

/** @typedef {import('./types.js').Rect} Rect */
/** @typedef {Rect & {id: string}} Item */
/** @typedef {'left' | 'centre' | 'right' | 'top' | 'middle' | 'bottom'} Alignment */
/** @typedef {'horizontal' | 'vertical'} Direction */

/** The alignments, in the order the toolbar offers them. */
export const ALIGNMENTS = /** @type {const} */ (['left', 'centre', 'right', 'top', 'middle', 'bottom']);

/**
 * Lines the items up on the selection's left/centre/right edge or top/middle/bottom.
 * @param {ReadonlyArray<Item>} items @param {Alignment} how
 * @returns {{id: string, x: number, y: number}[]} Only the items that move.
 */
export function align(items, how) {
  if (items.length < 2) return [];
  const left = Math.min(...items.map((r) => r.x));
  const right = Math.max(...items.map((r) => r.x + r.w));
  const top = Math.min(...items.map((r) => r.y));
  const bottom = Math.max(...items.map((r) => r.y + r.h));
  /** @param {Item} r @returns {{x: number, y: number}} */
  const place = (r) => {
    switch (how) {
      case 'left':
        return { x: left, y: r.y };
      case 'centre':
        return { x: Math.round((left + right) / 2 - r.w / 2), y: r.y };
      case 'right':
        return { x: right - r.w, y: r.y };
      case 'top':
        return { x: r.x, y: top };
      case 'middle':
        return { x: r.x, y: Math.round((top + bottom) / 2 - r.h / 2) };
      case 'bottom':
        return { x: r.x, y: bottom - r.h };
    }
  };
  return moved(items, place);
}

/**
 * Spreads the items so the gaps between neighbours are equal along one direction, keeping the
 * first and the last where they are (ordered by their left or top edge).
 * @param {ReadonlyArray<Item>} items @param {Direction} direction
 * @returns {{id: string, x: number, y: number}[]} Only the items that move.
 */
export function distribute(items, direction) {
  if (items.length < 3) return [];
  const horizontal = direction === 'horizontal';
  /** @param {Item} r */
  const start = (r) => (horizontal ? r.x : r.y);
  /** @param {Item} r */
  const size = (r) => (horizontal ? r.w : r.h);
  const sorted = [...items].sort((a, b) => start(a) - start(b) || a.id.localeCompare(b.id));
  const first = sorted[0];
  const last = sorted[sorted.length - 1];
  const span = start(last) + size(last) - start(first);
  const total = sorted.reduce((s, r) => s + size(r), 0);
  const gap = (span - total) / (sorted.length - 1);
  /** @type {Map<string, number>} */
  const at = new Map();
  let cursor = start(first);
  for (const r of sorted) {
    at.set(r.id, Math.round(cursor));
    cursor += size(r) + gap;
  }
  return moved(items, (r) => {
    const p = /** @type {number} */ (at.get(r.id));
    return horizontal ? { x: p, y: r.y } : { x: r.x, y: p };
  });
}

/** @param {ReadonlyArray<Item>} items @param {(r: Item) => {x: number, y: number}} place */
function moved(items, place) {
  return items.flatMap((r) => {
    const p = place(r);
    return p.x === r.x && p.y === r.y ? [] : [{ id: r.id, x: p.x, y: p.y }];
  });
}
