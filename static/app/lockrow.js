// The lock row of the details panel: the facilitator locks or unlocks what is selected (its
// stickies, frames and connectors); everyone else sees that it is locked. Locked elements
// refuse every change (decide.js), so nobody moves or edits them by accident mid-workshop.

import { Cmd } from './protocol.js';
import { isLocked } from './facilitation.js';
import { h } from './dom.js';

/** @typedef {import('./model.js').BoardState} BoardState */
/** @typedef {import('./types.js').Command} Command */

/**
 * The command the lock button sends for the selection: unlock when all of it is locked,
 * lock otherwise. Null when the selection holds no element.
 * @param {BoardState} state @param {string[]} selection @returns {Command | null}
 */
export function lockCommand(state, selection) {
  const ids = selection.filter((id) => state.notes.has(id) || state.frames.has(id) || state.connectors.has(id));
  if (!ids.length) return null;
  const all = ids.every((id) => isLocked(state.facilitation, id));
  return { type: all ? Cmd.UNLOCK_ELEMENTS : Cmd.LOCK_ELEMENTS, ids };
}

/**
 * The row: a Lock / Unlock button for the facilitator, a line saying it is locked for others.
 * @param {BoardState} state @param {string[]} selection @param {boolean} facilitator
 * @param {(command: Command) => void} facilitate @returns {HTMLElement[]}
 */
export function lockRow(state, selection, facilitator, facilitate) {
  const command = lockCommand(state, selection);
  if (!command) return [];
  const locked = command.type === Cmd.UNLOCK_ELEMENTS;
  if (!facilitator) {
    return locked ? [h('p', { class: 'lock-row locked-note', text: '🔒 Locked by the facilitator' })] : [];
  }
  const button = h('button', {
    type: 'button',
    id: 'lock-toggle',
    title: locked ? 'Let everyone change it again' : 'Nobody can move, resize, edit or delete it until you unlock it',
    text: locked ? '🔓 Unlock' : '🔒 Lock',
  });
  button.addEventListener('click', () => facilitate(command));
  return [h('div', { class: 'lock-row' }, button)];
}
