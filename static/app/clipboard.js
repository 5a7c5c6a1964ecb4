// Copy, paste and duplicate as commands. Copying keeps the stickies (kind, text, size,
// details) and the connectors between them; pasting plain text makes one sticky per line.
// Pure: the caller reads and writes the system clipboard and supplies ids.

import { Cmd } from './protocol.js';
import { boundsOf } from './geometry.js';
import { canonicalDetails } from './model.js';

/** @typedef {import('./types.js').Command} Command */
/** @typedef {import('./types.js').Note} Note */
/** @typedef {import('./types.js').Connector} Connector */
/** @typedef {import('./model.js').BoardState} BoardState */

/** The clipboard type that carries stickies between boards. */
export const CLIPBOARD_TYPE = 'application/x-eventstorm+json';
/** Lines of pasted text turned into stickies at most. */
export const MAX_PASTED_LINES = 200;

/**
 * @typedef {object} Clip
 * @property {'eventstorm-clip'} format
 * @property {Note[]} notes
 * @property {Connector[]} connectors
 */

/** @param {BoardState} s @param {Iterable<string>} ids @returns {Clip} */
export function makeClip(s, ids) {
  const chosen = new Set(ids);
  const notes = [...chosen].map((id) => s.notes.get(id)).filter((n) => !!n);
  const connectors = [...s.connectors.values()].filter((c) => chosen.has(c.from) && chosen.has(c.to));
  return { format: 'eventstorm-clip', notes: /** @type {Note[]} */ (notes), connectors };
}

/** The plain-text form of a clip: one line per sticky, top to bottom, left to right. @param {Clip} clip */
export function clipText(clip) {
  return [...clip.notes]
    .sort((a, b) => a.y - b.y || a.x - b.x)
    .map((n) => n.text.replace(/\s*\n\s*/g, ' '))
    .join('\n');
}

/** @param {string} json @returns {Clip | null} */
export function parseClip(json) {
  try {
    const v = JSON.parse(json);
    if (v && v.format === 'eventstorm-clip' && Array.isArray(v.notes) && Array.isArray(v.connectors)) return v;
  } catch {
    // Not ours.
  }
  return null;
}

/**
 * Commands that place a copy of the clip with its top-left corner at `at`.
 * @param {Clip} clip @param {{x: number, y: number}} at @param {() => string} newId
 * @returns {{commands: Command[], noteIds: string[]}}
 */
export function pasteClip(clip, at, newId) {
  const bounds = boundsOf(clip.notes);
  if (!bounds) return { commands: [], noteIds: [] };
  /** @type {Map<string, string>} */
  const ids = new Map();
  /** @type {Command[]} */
  const commands = [];
  for (const n of clip.notes) {
    const id = newId();
    ids.set(n.id, id);
    /** @type {Command} */
    const add = {
      type: Cmd.ADD_NOTE,
      id,
      kind: n.kind,
      text: n.text,
      x: Math.round(at.x + n.x - bounds.x),
      y: Math.round(at.y + n.y - bounds.y),
      w: n.w,
      h: n.h,
    };
    const details = canonicalDetails(n.details);
    if (Object.keys(details).length) add.details = details;
    commands.push(add);
  }
  for (const c of clip.connectors) {
    const from = ids.get(c.from);
    const to = ids.get(c.to);
    if (!from || !to) continue;
    /** @type {Command} */
    const add = { type: Cmd.ADD_CONNECTOR, id: newId(), from, to };
    if (c.label) add.label = c.label;
    commands.push(add);
  }
  return { commands, noteIds: [...ids.values()] };
}

/**
 * Commands for pasted plain text: one sticky of `kind` per non-empty line, in a grid of
 * columns five stickies deep, starting at `at`.
 * @param {string} text @param {import('./types.js').NoteKind} kind @param {{x: number, y: number}} at
 * @param {{w: number, h: number}} size @param {() => string} newId
 * @returns {{commands: Command[], noteIds: string[]}}
 */
export function pasteLines(text, kind, at, size, newId) {
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l.length > 0)
    .slice(0, MAX_PASTED_LINES);
  const gap = 20;
  /** @type {Command[]} */
  const commands = [];
  /** @type {string[]} */
  const noteIds = [];
  lines.forEach((line, i) => {
    const id = newId();
    noteIds.push(id);
    const col = Math.floor(i / 5);
    const row = i % 5;
    commands.push({
      type: Cmd.ADD_NOTE,
      id,
      kind,
      text: line,
      x: Math.round(at.x + col * (size.w + gap)),
      y: Math.round(at.y + row * (size.h + gap)),
    });
  });
  return { commands, noteIds };
}
