// The board as this client knows it, folded from the server's events. Pure: no DOM, no I/O.
// States are immutable values: applying events returns a new state that shares every element
// the events did not touch, so the renderer can tell what changed by identity.

import { Ev } from './protocol.js';
import { applyFacilitation, noFacilitation } from './facilitation.js';

/** @typedef {import('./types.js').Note} Note */
/** @typedef {import('./types.js').Connector} Connector */
/** @typedef {import('./types.js').Frame} Frame */
/** @typedef {import('./types.js').BoardEvent} BoardEvent */

/**
 * @typedef {object} BoardState
 * @property {string} id
 * @property {string} title
 * @property {number} seq              The last event folded in (confirmed state only).
 * @property {ReadonlyMap<string, Note>} notes
 * @property {ReadonlyMap<string, number>} order   Stacking order: higher is on top.
 * @property {number} nextOrder
 * @property {ReadonlyMap<string, Connector>} connectors
 * @property {ReadonlyMap<string, Frame>} frames
 * @property {ReadonlyMap<string, {note: Note, connectors: Connector[]}>} deleted  Tombstones.
 * @property {import('./types.js').Facilitation} facilitation  Phase, timer and vote.
 */

/** @param {string} id @param {string} [title] @returns {BoardState} */
export function emptyBoard(id, title = '') {
  return {
    id,
    title,
    seq: 0,
    notes: new Map(),
    order: new Map(),
    nextOrder: 0,
    connectors: new Map(),
    frames: new Map(),
    deleted: new Map(),
    facilitation: noFacilitation(),
  };
}

/**
 * The state a `welcome` (or `GET /api/boards/{id}`) describes. The view does not list deleted
 * notes; a later `restore_note` event carries the note, so nothing is lost.
 * @param {import('./types.js').BoardView} view
 * @returns {BoardState}
 */
export function fromView(view) {
  const notes = new Map();
  const order = new Map();
  let n = 0;
  for (const note of view.notes) {
    notes.set(note.id, normaliseNote(note));
    order.set(note.id, ++n);
  }
  return {
    id: view.id,
    title: view.title,
    seq: view.seq,
    notes,
    order,
    nextOrder: n,
    connectors: new Map(view.connectors.map((c) => [c.id, c])),
    frames: new Map(view.frames.map((f) => [f.id, f])),
    deleted: new Map(),
    facilitation: view.facilitation ?? noFacilitation(),
  };
}

/** @param {Note} note @returns {Note} */
function normaliseNote(note) {
  return note.details ? note : { ...note, details: {} };
}

/**
 * Folds events into a state. The maps are copied once for the whole batch.
 * @param {BoardState} state
 * @param {readonly BoardEvent[]} events
 * @param {number} [seq] The seq of the last event, for confirmed state.
 * @returns {BoardState}
 */
export function applyEvents(state, events, seq) {
  if (events.length === 0) {
    return seq === undefined || seq === state.seq ? state : { ...state, seq };
  }
  const d = draft(state);
  for (const event of events) {
    applyTo(d, event);
  }
  return { ...d, seq: seq ?? state.seq };
}

/** @param {BoardState} state @param {BoardEvent} event @param {number} [seq] */
export function applyEvent(state, event, seq) {
  return applyEvents(state, [event], seq);
}

/**
 * @typedef {object} Draft
 * @property {string} id
 * @property {string} title
 * @property {number} seq
 * @property {Map<string, Note>} notes
 * @property {Map<string, number>} order
 * @property {number} nextOrder
 * @property {Map<string, Connector>} connectors
 * @property {Map<string, Frame>} frames
 * @property {Map<string, {note: Note, connectors: Connector[]}>} deleted
 * @property {import('./types.js').Facilitation} facilitation
 */

/** @param {BoardState} s @returns {Draft} */
function draft(s) {
  return {
    ...s,
    notes: new Map(s.notes),
    order: new Map(s.order),
    connectors: new Map(s.connectors),
    frames: new Map(s.frames),
    deleted: new Map(s.deleted),
  };
}

/** @param {Draft} d @param {BoardEvent} e */
function applyTo(d, e) {
  switch (e.type) {
    case Ev.BOARD_CREATED:
    case Ev.BOARD_RENAMED:
      d.title = e.title;
      return;
    case Ev.NOTE_ADDED:
      insertNote(d, normaliseNote(e.note));
      return;
    case Ev.PRIVATE_NOTE_ADDED:
      insertNote(d, normaliseNote(e.note));
      d.facilitation = applyFacilitation(d.facilitation, e);
      return;
    case Ev.PRIVATE_MODE_ENDED:
      // The revealed stickies: new to everyone but their owners.
      for (const note of e.notes) {
        if (!d.notes.has(note.id)) insertNote(d, normaliseNote(note));
      }
      for (const c of e.connectors) {
        if (!d.connectors.has(c.id)) d.connectors.set(c.id, c);
      }
      d.facilitation = applyFacilitation(d.facilitation, e);
      return;
    case Ev.NOTES_MOVED:
      for (const m of e.moves) {
        patchNote(d, m.id, { x: m.x, y: m.y });
      }
      return;
    case Ev.NOTE_RESIZED:
      patchNote(d, e.id, { w: e.w, h: e.h });
      return;
    case Ev.NOTE_TEXT_EDITED:
      patchNote(d, e.id, { text: e.text });
      return;
    case Ev.NOTE_KIND_CHANGED:
      patchNote(d, e.id, { kind: e.kind });
      return;
    case Ev.NOTE_DETAILS_CHANGED:
      patchNote(d, e.id, { details: e.details ?? {} });
      return;
    case Ev.NOTE_DELETED: {
      for (const c of e.connectors) {
        d.connectors.delete(c.id);
      }
      const note = d.notes.get(e.id);
      if (note) {
        d.notes.delete(e.id);
        d.order.delete(e.id);
        d.deleted.set(e.id, { note, connectors: e.connectors });
      }
      return;
    }
    case Ev.NOTE_RESTORED:
      d.deleted.delete(e.note.id);
      insertNote(d, normaliseNote(e.note));
      for (const c of e.connectors) {
        d.connectors.set(c.id, c);
      }
      return;
    case Ev.CONNECTOR_ADDED:
      d.connectors.set(e.connector.id, e.connector);
      return;
    case Ev.CONNECTOR_CHANGED:
      // A label change never brings back a connector that is gone.
      if (d.connectors.has(e.connector.id)) d.connectors.set(e.connector.id, e.connector);
      return;
    case Ev.CONNECTOR_REMOVED:
      d.connectors.delete(e.connector.id);
      return;
    case Ev.FRAME_ADDED:
    case Ev.FRAME_CHANGED:
      d.frames.set(e.frame.id, e.frame);
      return;
    case Ev.FRAME_REMOVED:
      d.frames.delete(e.frame.id);
      return;
    default:
      d.facilitation = applyFacilitation(d.facilitation, e);
  }
}

/** @param {Draft} d @param {Note} note */
function insertNote(d, note) {
  d.nextOrder += 1;
  d.order.set(note.id, d.nextOrder);
  d.notes.set(note.id, note);
}

/** @param {Draft} d @param {string} id @param {Partial<Note>} patch */
function patchNote(d, id, patch) {
  const note = d.notes.get(id);
  if (note) {
    d.notes.set(id, { ...note, ...patch });
  }
}

/** Live notes bottom first. @param {BoardState} state @returns {Note[]} */
export function notesInOrder(state) {
  return [...state.notes.values()].sort(
    (a, b) => (state.order.get(a.id) ?? 0) - (state.order.get(b.id) ?? 0) || (a.id < b.id ? -1 : 1),
  );
}

/** Connectors that touch a note. @param {BoardState} state @param {string} noteId */
export function connectorsOf(state, noteId) {
  return [...state.connectors.values()].filter((c) => c.from === noteId || c.to === noteId);
}

/** Whether an id is taken by a live element or a deleted note. @param {BoardState} s @param {string} id */
export function idInUse(s, id) {
  return s.notes.has(id) || s.connectors.has(id) || s.frames.has(id) || s.deleted.has(id);
}

/**
 * Details with every key present, for editors and comparisons.
 * @param {import('./types.js').NoteDetails | undefined} d
 * @returns {Required<Pick<import('./types.js').NoteDetails, 'description' | 'fields' | 'pivotal'>> & import('./types.js').NoteDetails}
 */
export function fullDetails(d) {
  return {
    ...d,
    description: d?.description ?? '',
    fields: (d?.fields ?? []).map((f) => ({ ...f, description: f.description ?? '' })),
    pivotal: d?.pivotal ?? false,
  };
}

/**
 * Details as the server stores them: empty parts left out, so equal details compare equal.
 * @param {import('./types.js').NoteDetails | undefined} d
 * @returns {import('./types.js').NoteDetails}
 */
export function canonicalDetails(d) {
  /** @type {import('./types.js').NoteDetails} */
  const out = {};
  if (!d) return out;
  if (d.description) out.description = d.description;
  if (d.fields && d.fields.length > 0) {
    out.fields = d.fields.map((f) => {
      /** @type {import('./types.js').PayloadField} */
      const field = { name: f.name.trim(), type: (f.type || 'string').trim(), required: !!f.required };
      if (f.description) field.description = f.description;
      return field;
    });
  }
  if (d.pivotal) out.pivotal = true;
  if (d.idempotent !== undefined && d.idempotent !== null) out.idempotent = d.idempotent;
  if (d.retry) {
    /** @type {import('./types.js').RetryPolicy} */
    const retry = { max_attempts: d.retry.max_attempts, backoff: d.retry.backoff ?? 'fixed' };
    if (d.retry.delay_seconds !== undefined && d.retry.delay_seconds !== null) retry.delay_seconds = d.retry.delay_seconds;
    out.retry = retry;
  }
  if (d.dead_letter !== undefined && d.dead_letter !== null) out.dead_letter = d.dead_letter;
  // Blank one-line settings are none, as the server cleans them.
  for (const key of /** @type {const} */ (['code_name', 'schedule'])) {
    const v = d[key]?.trim();
    if (v) out[key] = v;
  }
  if (d.failure) out.failure = true;
  const keys = (d.idempotency_key ?? []).map((k) => k.trim()).filter((k) => k);
  if (keys.length > 0) out.idempotency_key = keys;
  if (d.scenarios && d.scenarios.length > 0) {
    /** @param {string[] | undefined} steps */
    const clean = (steps) => (steps ?? []).map((s) => s.trim()).filter((s) => s);
    out.scenarios = d.scenarios.map((sc) => {
      /** @type {import('./types.js').Scenario} */
      const scenario = { name: (sc.name ?? '').trim(), when: (sc.when ?? '').trim() };
      const given = clean(sc.given);
      const then = clean(sc.then);
      if (given.length > 0) scenario.given = given;
      if (then.length > 0) scenario.then = then;
      const rejected = sc.rejected?.trim();
      if (rejected) scenario.rejected = rejected;
      return scenario;
    });
  }
  return out;
}

/** @param {import('./types.js').NoteDetails | undefined} a @param {import('./types.js').NoteDetails | undefined} b */
export function sameDetails(a, b) {
  return JSON.stringify(canonicalDetails(a)) === JSON.stringify(canonicalDetails(b));
}
