// Undo is yours only. An undo (or redo) step puts back what this participant changed, but only
// where the value is still the one they left: when someone else changed it since, that part is
// skipped, the colleague's work stays, and the typist is told what was skipped and why. The
// board is the one the participant sees (confirmed events plus their own pending ops). Pure.

import { Cmd, Ev } from './protocol.js';

/** @typedef {import('./types.js').BoardEvent} BoardEvent */
/** @typedef {import('./types.js').Command} Command */
/** @typedef {import('./model.js').BoardState} BoardState */

/**
 * What an undo step leaves out: the command part it did not send and what changed meanwhile.
 * @typedef {object} Skipped
 * @property {string} target   The sticky, connector or frame (or '' for the board's title).
 * @property {string} what     'text', 'position', 'kind', 'size', 'details', 'sticky', 'connector', 'frame', 'title'.
 * @property {string} label    How people know the target ("Deposit Paid").
 */

/**
 * Values compared by content, whatever their keys' order (a predicted frame and the server's
 * list their fields differently).
 * @param {unknown} a @param {unknown} b
 */
const same = (a, b) => canonical(a) === canonical(b);

/** @param {unknown} v @returns {string} */
function canonical(v) {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    const o = /** @type {Record<string, unknown>} */ (v);
    return `{${Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v) ?? 'undefined';
}

/**
 * The values the undone step left on the board, by key (`text:ID`, `position:ID`, ...), newest
 * last; `undefined` where the step removed the element.
 * @param {readonly BoardEvent[]} events The step's events, in the order they happened.
 * @returns {Map<string, unknown>}
 */
export function valuesLeft(events) {
  /** @type {Map<string, unknown>} */
  const left = new Map();
  /** @param {import('./types.js').Note} n */
  const note = (n) => {
    left.set(`sticky:${n.id}`, true);
    left.set(`text:${n.id}`, n.text);
    left.set(`kind:${n.id}`, n.kind);
    left.set(`position:${n.id}`, { x: n.x, y: n.y });
    left.set(`size:${n.id}`, { w: n.w, h: n.h });
    left.set(`details:${n.id}`, n.details ?? {});
  };
  for (const e of events) {
    switch (e.type) {
      case Ev.BOARD_RENAMED:
        left.set('title:', e.title);
        break;
      case Ev.NOTE_ADDED:
        note(e.note);
        break;
      case Ev.NOTE_RESTORED:
        note(e.note);
        for (const c of e.connectors) left.set(`connector:${c.id}`, c.label ?? '');
        break;
      case Ev.NOTES_MOVED:
        for (const m of e.moves) left.set(`position:${m.id}`, { x: m.x, y: m.y });
        break;
      case Ev.NOTE_RESIZED:
        left.set(`size:${e.id}`, { w: e.w, h: e.h });
        break;
      case Ev.NOTE_TEXT_EDITED:
        left.set(`text:${e.id}`, e.text);
        break;
      case Ev.NOTE_KIND_CHANGED:
        left.set(`kind:${e.id}`, e.kind);
        break;
      case Ev.NOTE_DETAILS_CHANGED:
        left.set(`details:${e.id}`, e.details ?? {});
        break;
      case Ev.NOTE_DELETED:
        left.set(`sticky:${e.id}`, false);
        for (const c of e.connectors) left.set(`connector:${c.id}`, undefined);
        break;
      case Ev.CONNECTOR_ADDED:
        left.set(`connector:${e.connector.id}`, e.connector.label ?? '');
        break;
      case Ev.CONNECTOR_REMOVED:
        left.set(`connector:${e.connector.id}`, undefined);
        break;
      case Ev.FRAME_ADDED:
      case Ev.FRAME_CHANGED:
        left.set(`frame:${e.frame.id}`, e.frame);
        break;
      case Ev.FRAME_REMOVED:
        left.set(`frame:${e.frame.id}`, undefined);
        break;
      case Ev.CONNECTOR_CHANGED:
        left.set(`connector:${e.connector.id}`, e.connector.label ?? '');
        break;
    }
  }
  return left;
}

/**
 * The value a key has on the board now, in the shape `valuesLeft` records.
 * @param {BoardState} s @param {string} key
 * @returns {unknown}
 */
export function valueNow(s, key) {
  const i = key.indexOf(':');
  const what = key.slice(0, i);
  const id = key.slice(i + 1);
  if (what === 'title') return s.title;
  if (what === 'connector') {
    const c = s.connectors.get(id);
    return c ? (c.label ?? '') : undefined;
  }
  if (what === 'frame') return s.frames.get(id);
  const n = s.notes.get(id);
  if (what === 'sticky') return !!n;
  if (!n) return undefined;
  switch (what) {
    case 'text':
      return n.text;
    case 'kind':
      return n.kind;
    case 'position':
      return { x: n.x, y: n.y };
    case 'size':
      return { w: n.w, h: n.h };
    case 'details':
      return n.details ?? {};
  }
  return undefined;
}

/**
 * The keys a command would overwrite (or remove), each to be checked against what was left.
 * @param {Command} c
 * @returns {string[]}
 */
function keysOf(c) {
  switch (c.type) {
    case Cmd.RENAME_BOARD:
      return ['title:'];
    case Cmd.EDIT_TEXT:
      return [`text:${c.id}`];
    case Cmd.CHANGE_KIND:
      return [`kind:${c.id}`];
    case Cmd.RESIZE_NOTE:
      return [`size:${c.id}`];
    case Cmd.SET_DETAILS:
      return [`details:${c.id}`];
    case Cmd.DELETE_NOTE: {
      const id = c.id;
      return ['sticky', 'text', 'kind', 'position', 'size', 'details'].map((w) => `${w}:${id}`);
    }
    case Cmd.RESTORE_NOTE:
      return [`sticky:${c.id}`];
    case Cmd.ADD_CONNECTOR:
    case Cmd.REMOVE_CONNECTOR:
    case Cmd.CHANGE_CONNECTOR:
      return [`connector:${c.id}`];
    case Cmd.ADD_FRAME:
    case Cmd.CHANGE_FRAME:
    case Cmd.REMOVE_FRAME:
      return [`frame:${c.id}`];
  }
  return [];
}

/**
 * Splits an undo (or redo) step's commands into those that still apply and what is skipped
 * because someone else changed it since the step.
 * @param {readonly Command[]} commands  The inverse commands of the step (`inverseCommands`).
 * @param {readonly BoardEvent[]} events  The step's events, oldest first.
 * @param {BoardState} now  The board as this participant sees it.
 * @returns {{send: Command[], skipped: Skipped[]}}
 */
export function guardUndo(commands, events, now) {
  const left = valuesLeft(events);
  /** @type {Command[]} */
  const send = [];
  /** @type {Skipped[]} */
  const skipped = [];
  /** @param {string} key */
  const changed = (key) => left.has(key) && !same(valueNow(now, key), left.get(key));
  for (const c of commands) {
    if (c.type === Cmd.MOVE_NOTES) {
      const moves = c.moves.filter((m) => {
        if (!changed(`position:${m.id}`)) return true;
        skipped.push({ target: m.id, what: 'position', label: labelOf(now, m.id) });
        return false;
      });
      if (moves.length) send.push(moves.length === c.moves.length ? c : { ...c, moves });
      continue;
    }
    const hit = keysOf(c).find(changed);
    if (!hit) {
      send.push(c);
      continue;
    }
    const [what, id] = [hit.slice(0, hit.indexOf(':')), hit.slice(hit.indexOf(':') + 1)];
    skipped.push({ target: id, what, label: labelOf(now, id) });
  }
  return { send, skipped };
}

/** @param {BoardState} s @param {string} id */
function labelOf(s, id) {
  const n = s.notes.get(id) ?? s.deleted.get(id)?.note;
  if (n) return n.text.trim().split('\n')[0] || 'a sticky';
  const f = s.frames.get(id);
  if (f) return f.name || 'a frame';
  if (s.connectors.has(id)) return s.connectors.get(id)?.label || 'a connector';
  return id === '' ? s.title : 'an element';
}

/**
 * The notice shown when an undo or redo skipped something.
 * @param {readonly Skipped[]} skipped @param {'Undo' | 'Redo'} [verb]
 * @returns {string}
 */
export function skipNotice(skipped, verb = 'Undo') {
  if (!skipped.length) return '';
  const parts = skipped.slice(0, 3).map((s) => describe(s));
  const more = skipped.length > 3 ? ` and ${skipped.length - 3} more` : '';
  return `${verb} skipped ${parts.join(', ')}${more}: someone else changed it since, and their change stays.`;
}

/** @param {Skipped} s */
function describe(s) {
  switch (s.what) {
    case 'sticky':
      return `“${s.label}”`;
    case 'title':
      return 'the board title';
    case 'connector':
      return `the connector “${s.label}”`;
    case 'frame':
      return `the frame “${s.label}”`;
    default:
      return `the ${s.what} of “${s.label}”`;
  }
}
