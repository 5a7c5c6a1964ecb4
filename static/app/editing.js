// Editing presence: who is typing into which sticky. A participant's presence names the
// sticky whose editor they have open; it is repeated while the editor stays open, so a
// browser that vanished without a word stops showing as an editor once it goes quiet, and
// it clears at once when they close the editor or leave the board. Pure.

/** How often an open editor repeats its presence. */
export const EDITING_REPEAT_MS = 5_000;
/** How long an editing presence lasts without being repeated. */
export const EDITING_TIMEOUT_MS = 15_000;

/**
 * @typedef {object} EditingMark
 * @property {string} note  The sticky being edited.
 * @property {number} at    When the presence saying so arrived.
 */

/**
 * The marks after a presence message from `participant`.
 * @param {ReadonlyMap<string, EditingMark>} marks @param {string} participant
 * @param {string | null | undefined} editing @param {number} now
 * @returns {Map<string, EditingMark>}
 */
export function noteEditing(marks, participant, editing, now) {
  const next = new Map(marks);
  if (editing) next.set(participant, { note: editing, at: now });
  else next.delete(participant);
  return next;
}

/**
 * Who is editing `note` now: participants still on the board whose mark is fresh, in the
 * order of `present`.
 * @param {ReadonlyMap<string, EditingMark>} marks @param {string} note
 * @param {readonly {id: string}[]} present @param {number} now
 * @returns {string[]}
 */
export function editorsOf(marks, note, present, now) {
  return present
    .filter((p) => {
      const m = marks.get(p.id);
      return !!m && m.note === note && now - m.at < EDITING_TIMEOUT_MS;
    })
    .map((p) => p.id);
}
