// What happens to the text someone is typing when the sticky changes under them. The editor
// keeps three texts: `base` (the text the typist last agreed with: the sticky's text when the
// editor opened, or a colleague's they took),
// `mine` (what is in the editor now) and `theirs` (the sticky's text on the board now). Nothing
// typed is ever replaced without the typist choosing it. Pure.

/**
 * @typedef {{kind: 'none'}
 *   | {kind: 'take', text: string}
 *   | {kind: 'ask', mine: string, theirs: string}} TextMerge
 * `none`: nothing to do; `take`: the typist had not changed anything, so the editor shows the
 * new text; `ask`: both changed it differently, so the editor keeps `mine` and offers a choice.
 */

/**
 * A remote change reached a sticky being edited.
 * @param {{base: string, mine: string, theirs: string}} texts
 * @returns {TextMerge}
 */
export function mergeRemoteText({ base, mine, theirs }) {
  if (theirs === base || theirs === mine) return { kind: 'none' };
  if (mine === base) return { kind: 'take', text: theirs };
  return { kind: 'ask', mine, theirs };
}

/** The choices offered when both changed a sticky's text. */
export const TextChoice = Object.freeze({
  MINE: 'mine',
  THEIRS: 'theirs',
  BOTH: 'both',
});

/** @typedef {'mine' | 'theirs' | 'both'} TextChoiceName */

/**
 * What a choice means: the text the sticky keeps, and the text of a new sticky to add beside it
 * (only when keeping both).
 * @param {TextChoiceName} choice
 * @param {{mine: string, theirs: string}} texts
 * @returns {{keep: string, copy: string | null}}
 */
export function resolveText(choice, { mine, theirs }) {
  switch (choice) {
    case TextChoice.MINE:
      return { keep: mine, copy: null };
    case TextChoice.THEIRS:
      return { keep: theirs, copy: null };
    case TextChoice.BOTH:
      return { keep: theirs, copy: mine };
  }
  return { keep: mine, copy: null };
}

/**
 * Whether the sticky someone was typing into, deleted by somebody else meanwhile, leaves work
 * to save: anything typed since the editor opened, or any text at all on a new sticky.
 * @param {{base: string, mine: string}} texts
 */
export function typingToKeep({ base, mine }) {
  return mine.trim() !== '' && mine !== base;
}

/**
 * Whether a new sticky whose editor is closing with Escape is left empty and should go: the
 * typist never wrote on it and nobody else did either.
 * @param {{isNew: boolean, text: string | null}} sticky `text` is null when the sticky is gone.
 */
export function removeOnEscape({ isNew, text }) {
  return isNew && text !== null && text.trim() === '';
}
