// Undo and redo of this client's own edits, as inverse commands (mirrors
// crates/board/src/inverse.rs). An undo entry is one user action: the ops it sent and the
// events each produced, first as predicted, then as the server confirmed them. Undo sends the
// inverses of those events as ordinary commands, so it is an edit everyone sees; because events
// carry the values they replaced, an undo restores exactly what this client changed even when
// others edited meanwhile, and when someone removed the target the server refuses it cleanly.
// Pure.

import { Cmd, Ev } from './protocol.js';

/** @typedef {import('./types.js').BoardEvent} BoardEvent */
/** @typedef {import('./types.js').Command} Command */

/**
 * @typedef {object} UndoOp
 * @property {string} op_id
 * @property {readonly BoardEvent[]} events  Predicted until `confirmed`.
 * @property {boolean} confirmed
 */

/**
 * @typedef {object} UndoEntry
 * @property {string | null} group  Ops recorded with the same group join one entry (a typing session).
 * @property {readonly UndoOp[]} ops
 */

/**
 * @typedef {object} History
 * @property {readonly UndoEntry[]} undo  Oldest first.
 * @property {readonly UndoEntry[]} redo  Oldest first.
 */

/** Entries kept per stack. */
export const MAX_HISTORY = 200;

/** @returns {History} */
export function emptyHistory() {
  return { undo: [], redo: [] };
}

/**
 * Records a user action (or, with `target: 'redo'`, the inverse ops an undo sent; with
 * `target: 'undo-keep-redo'`, the ops a redo sent). A fresh action clears the redo stack.
 * @param {History} h
 * @param {readonly {op_id: string, events: readonly BoardEvent[]}[]} ops
 * @param {{group?: string | null, target?: 'undo' | 'redo' | 'undo-keep-redo'}} [opts]
 * @returns {History}
 */
export function record(h, ops, opts = {}) {
  if (ops.length === 0) return h;
  const group = opts.group ?? null;
  const target = opts.target ?? 'undo';
  const add = ops.map((o) => ({ op_id: o.op_id, events: o.events, confirmed: false }));
  const stack = target === 'redo' ? h.redo : h.undo;
  const top = stack[stack.length - 1];
  let next;
  if (group !== null && top && top.group === group) {
    next = [...stack.slice(0, -1), { group, ops: [...top.ops, ...add] }];
  } else {
    next = [...stack, { group, ops: add }].slice(-MAX_HISTORY);
  }
  if (target === 'redo') return { ...h, redo: next };
  return { undo: next, redo: target === 'undo' ? [] : h.redo };
}

/**
 * The server's events for one of our ops replace the predicted ones.
 * @param {History} h
 * @param {string} opId
 * @param {readonly BoardEvent[]} events
 * @returns {History}
 */
export function confirm(h, opId, events) {
  return mapOps(h, opId, (op) => ({ ...op, events, confirmed: true }));
}

/**
 * The server refused one of our ops: it did nothing, so there is nothing to undo.
 * @param {History} h
 * @param {string} opId
 * @returns {History}
 */
export function drop(h, opId) {
  return mapOps(h, opId, () => null);
}

/**
 * @param {History} h
 * @param {string} opId
 * @param {(op: UndoOp) => UndoOp | null} f
 * @returns {History}
 */
function mapOps(h, opId, f) {
  /** @param {readonly UndoEntry[]} stack */
  const apply = (stack) => {
    let changed = false;
    /** @type {UndoEntry[]} */
    const out = [];
    for (const entry of stack) {
      if (!entry.ops.some((o) => o.op_id === opId)) {
        out.push(entry);
        continue;
      }
      changed = true;
      /** @type {UndoOp[]} */
      const ops = [];
      for (const o of entry.ops) {
        const r = o.op_id === opId ? f(o) : o;
        if (r) ops.push(r);
      }
      if (ops.length) out.push({ ...entry, ops });
    }
    return changed ? out : stack;
  };
  const undo = apply(h.undo);
  const redo = apply(h.redo);
  return undo === h.undo && redo === h.redo ? h : { undo, redo };
}

/** Whether an entry changed anything. @param {UndoEntry} e */
function hasEffect(e) {
  return e.ops.some((o) => o.events.length > 0);
}

/** @param {History} h */
export function canUndo(h) {
  return h.undo.some(hasEffect);
}

/** @param {History} h */
export function canRedo(h) {
  return h.redo.some(hasEffect);
}

/**
 * Takes the latest action that changed something off the undo stack, with the commands that
 * undo it. The caller sends them and records their ops with `target: 'redo'`.
 * @param {History} h
 * `events` are the entry's events, oldest first, for checking what is still as it left it.
 * @returns {{history: History, commands: Command[], events: BoardEvent[]}}
 */
export function takeUndo(h) {
  const { rest, entry } = popEffective(h.undo);
  return { history: { ...h, undo: rest }, commands: entry ? inverseCommands(entry) : [], events: entry ? entry.ops.flatMap((o) => o.events) : [] };
}

/**
 * Takes the latest undo off the redo stack, with the commands that redo it. The caller sends
 * them and records their ops with `target: 'undo-keep-redo'`.
 * @param {History} h
 * @returns {{history: History, commands: Command[], events: BoardEvent[]}}
 */
export function takeRedo(h) {
  const { rest, entry } = popEffective(h.redo);
  return { history: { ...h, redo: rest }, commands: entry ? inverseCommands(entry) : [], events: entry ? entry.ops.flatMap((o) => o.events) : [] };
}

/** @param {readonly UndoEntry[]} stack */
function popEffective(stack) {
  let end = stack.length;
  while (end > 0 && !hasEffect(stack[end - 1])) end -= 1;
  if (end === 0) return { rest: [], entry: null };
  return { rest: stack.slice(0, end - 1), entry: stack[end - 1] };
}

/**
 * The commands that undo an entry: the inverse of every event, newest first, with runs of
 * commands that set the same thing on the same target folded into the last of the run (a
 * typing session of five `edit_text`s undoes with one).
 * @param {UndoEntry} entry
 * @returns {Command[]}
 */
export function inverseCommands(entry) {
  /** @type {Command[]} */
  const out = [];
  const events = entry.ops.flatMap((o) => o.events);
  for (let i = events.length - 1; i >= 0; i -= 1) {
    const c = inverse(events[i]);
    if (!c) continue;
    const prev = out[out.length - 1];
    const key = setterKey(c);
    if (prev && key !== null && setterKey(prev) === key) {
      out[out.length - 1] = c;
    } else {
      out.push(c);
    }
  }
  return withoutWorkOnDeleted(out);
}

/**
 * Drops commands that only change a sticky the same undo then deletes (undoing "add a sticky
 * and type its text" is one `delete_note`, not an `edit_text` first). The deleted note keeps
 * its last state, so a redo (`restore_note`) brings back exactly what was there.
 * @param {Command[]} commands
 * @returns {Command[]}
 */
function withoutWorkOnDeleted(commands) {
  /** @type {Command[]} */
  const out = [];
  for (let i = 0; i < commands.length; i += 1) {
    const c = commands[i];
    const later = commands.slice(i + 1);
    /** @param {string} id */
    const deletedLater = (id) => later.some((d) => d.type === Cmd.DELETE_NOTE && d.id === id);
    switch (c.type) {
      case Cmd.EDIT_TEXT:
      case Cmd.RESIZE_NOTE:
      case Cmd.CHANGE_KIND:
      case Cmd.SET_DETAILS:
        if (!deletedLater(c.id)) out.push(c);
        break;
      case Cmd.MOVE_NOTES: {
        const moves = c.moves.filter((m) => !deletedLater(m.id));
        if (moves.length === c.moves.length) out.push(c);
        else if (moves.length) out.push({ ...c, moves });
        break;
      }
      default:
        out.push(c);
    }
  }
  return out;
}

/** What a command sets, for commands that overwrite a value; null for the rest. @param {Command} c */
function setterKey(c) {
  switch (c.type) {
    case Cmd.EDIT_TEXT:
    case Cmd.RESIZE_NOTE:
    case Cmd.CHANGE_KIND:
    case Cmd.SET_DETAILS:
    case Cmd.CHANGE_FRAME:
    case Cmd.CHANGE_CONNECTOR:
      return `${c.type}:${c.id}`;
    case Cmd.MOVE_NOTES:
      return `${c.type}:${c.moves.map((m) => m.id).sort().join(',')}`;
    case Cmd.RENAME_BOARD:
      return c.type;
    default:
      return null;
  }
}

/**
 * The command that undoes an event (crates/board/src/inverse.rs); null for board creation.
 * @param {BoardEvent} e
 * @returns {Command | null}
 */
export function inverse(e) {
  switch (e.type) {
    case Ev.BOARD_CREATED:
      return null;
    case Ev.BOARD_RENAMED:
      return { type: Cmd.RENAME_BOARD, title: e.from };
    case Ev.NOTE_ADDED:
    case Ev.PRIVATE_NOTE_ADDED:
      return { type: Cmd.DELETE_NOTE, id: e.note.id };
    case Ev.NOTES_MOVED:
      return { type: Cmd.MOVE_NOTES, moves: e.moves.map((m) => ({ id: m.id, x: m.from_x, y: m.from_y })) };
    case Ev.NOTE_RESIZED:
      return { type: Cmd.RESIZE_NOTE, id: e.id, w: e.from_w, h: e.from_h };
    case Ev.NOTE_TEXT_EDITED:
      return { type: Cmd.EDIT_TEXT, id: e.id, text: e.from };
    case Ev.NOTE_KIND_CHANGED:
      return { type: Cmd.CHANGE_KIND, id: e.id, kind: e.from };
    case Ev.NOTE_DETAILS_CHANGED:
      return { type: Cmd.SET_DETAILS, id: e.id, details: e.from ?? {} };
    case Ev.NOTE_DELETED:
      return { type: Cmd.RESTORE_NOTE, id: e.id };
    case Ev.NOTE_RESTORED:
      return { type: Cmd.DELETE_NOTE, id: e.note.id };
    case Ev.CONNECTOR_ADDED:
      return { type: Cmd.REMOVE_CONNECTOR, id: e.connector.id };
    case Ev.CONNECTOR_CHANGED:
      return { type: Cmd.CHANGE_CONNECTOR, id: e.from.id, label: e.from.label ?? null };
    case Ev.CONNECTOR_REMOVED: {
      /** @type {Command} */
      const c = { type: Cmd.ADD_CONNECTOR, id: e.connector.id, from: e.connector.from, to: e.connector.to };
      if (e.connector.label) c.label = e.connector.label;
      return c;
    }
    case Ev.FRAME_ADDED:
      return { type: Cmd.REMOVE_FRAME, id: e.frame.id };
    case Ev.FRAME_CHANGED: {
      const f = e.from;
      return { type: Cmd.CHANGE_FRAME, id: f.id, kind: f.kind, name: f.name, x: f.x, y: f.y, w: f.w, h: f.h };
    }
    case Ev.ELEMENTS_LOCKED:
      return { type: Cmd.UNLOCK_ELEMENTS, ids: e.ids };
    case Ev.ELEMENTS_UNLOCKED:
      return { type: Cmd.LOCK_ELEMENTS, ids: e.ids };
    case Ev.FRAME_REMOVED: {
      const f = e.frame;
      return { type: Cmd.ADD_FRAME, id: f.id, kind: f.kind, name: f.name, x: f.x, y: f.y, w: f.w, h: f.h };
    }
  }
  return null;
}
