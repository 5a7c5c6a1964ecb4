// Facilitation as the client knows it: the event storming phases (and the sticky kinds each is
// about), the shared timer read against the server's clock, and dot votes. Mirrors
// crates/board/src/facilitation.rs (Phase::kinds, Timer::remaining_at, Vote::totals) and the
// way crates/board/src/board.rs folds the facilitation events. Pure.

import { DOT_HIDDEN, Ev } from './protocol.js';

/** @typedef {import('./types.js').NoteKind} NoteKind */
/** @typedef {import('./types.js').Phase} Phase */
/** @typedef {import('./types.js').Timer} Timer */
/** @typedef {import('./types.js').Vote} Vote */
/** @typedef {import('./types.js').Facilitation} Facilitation */

/**
 * The phases of a big-picture event storming, in order, with the kinds the palette highlights.
 * @type {readonly {phase: Phase, label: string, kinds: readonly NoteKind[]}[]}
 */
export const PHASES = Object.freeze([
  { phase: 'chaotic_exploration', label: 'Chaotic exploration', kinds: ['event'] },
  { phase: 'enforce_the_timeline', label: 'Enforce the timeline', kinds: ['event'] },
  { phase: 'hotspots_and_pivotal_events', label: 'Hotspots and pivotal events', kinds: ['event', 'hotspot', 'opportunity'] },
  { phase: 'commands_and_actors', label: 'Commands and actors', kinds: ['command', 'actor', 'ui'] },
  { phase: 'policies_and_read_models', label: 'Policies and read models', kinds: ['policy', 'read_model', 'external_system'] },
  { phase: 'aggregates_and_bounded_contexts', label: 'Aggregates and bounded contexts', kinds: ['aggregate'] },
]);

/** The kinds a vote covers when the facilitator names none. @type {readonly NoteKind[]} */
export const DEFAULT_VOTE_KINDS = Object.freeze(['hotspot', 'opportunity']);

/** The sticky kinds a phase is about (none without a phase). @param {Phase | null | undefined} phase @returns {readonly NoteKind[]} */
export function phaseKinds(phase) {
  return PHASES.find((p) => p.phase === phase)?.kinds ?? [];
}

/** @param {Phase | null | undefined} phase */
export function phaseLabel(phase) {
  return PHASES.find((p) => p.phase === phase)?.label ?? 'No phase';
}

/** @returns {Facilitation} */
export function noFacilitation() {
  return { phase: null, timer: null, vote: null };
}

/**
 * Milliseconds left on a timer when the server's clock reads `serverNow` (0 once run out).
 * @param {Timer | null} timer @param {number} serverNow
 */
export function remainingMs(timer, serverNow) {
  if (!timer) return 0;
  if (timer.state === 'paused') return Math.max(0, timer.remaining_ms);
  // Never more than its length: a clock estimated a few ms behind the server's must not show 5:01.
  return Math.min(timer.duration_ms, Math.max(0, timer.ends_at_ms - serverNow));
}

/**
 * The offset to add to this browser's clock to read the server's: taken at a welcome.
 * @param {number} serverTime  `welcome.server_time`
 * @param {number} localTime   `Date.now()` when the welcome arrived
 */
export function clockOffset(serverTime, localTime) {
  return serverTime - localTime;
}

/** A countdown as m:ss (h:mm:ss from an hour), rounded up so 0:00 means done. @param {number} ms */
export function formatClock(ms) {
  const total = Math.ceil(Math.max(0, ms) / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/**
 * Reads a duration the facilitator typed: minutes ("5", "2.5") or m:ss ("4:30"). Null when it
 * is not a positive duration of at most 24 hours.
 * @param {string} text @returns {number | null} milliseconds
 */
export function parseDuration(text) {
  const t = text.trim();
  let ms = NaN;
  const clock = /^(\d+):([0-5]\d)$/.exec(t);
  if (clock) ms = (Number(clock[1]) * 60 + Number(clock[2])) * 1000;
  else if (/^\d+(\.\d+)?$/.test(t)) ms = Math.round(Number(t) * 60_000);
  if (!Number.isFinite(ms) || ms <= 0 || ms > 24 * 3600 * 1000) return null;
  return ms;
}

/** Dots a voter has placed. @param {Vote | null} vote @param {string} voter */
export function dotsOf(vote, voter) {
  return vote?.dots[voter]?.length ?? 0;
}

/** Dots a voter may still place. @param {Vote | null} vote @param {string} voter */
export function dotsLeft(vote, voter) {
  if (!vote || !vote.open) return 0;
  return Math.max(0, vote.dots_per_participant - dotsOf(vote, voter));
}

/** Dots on each sticky: every voter's and the given voter's own. @param {Vote | null} vote @param {string} voter */
export function dotsByNote(vote, voter) {
  /** @type {Map<string, {total: number, mine: number}>} */
  const out = new Map();
  if (!vote) return out;
  for (const [who, notes] of Object.entries(vote.dots)) {
    for (const note of notes) {
      const d = out.get(note) ?? { total: 0, mine: 0 };
      d.total += 1;
      if (who === voter) d.mine += 1;
      out.set(note, d);
    }
  }
  return out;
}

/** How many participants have dots in the vote (their dots may be secret). @param {Vote | null} vote */
export function voterCount(vote) {
  return vote ? Object.keys(vote.dots).length : 0;
}

/** Dots per sticky, most first, ties by id (as Vote::totals). @param {Vote | null} vote @returns {{note: string, dots: number}[]} */
export function voteTotals(vote) {
  return [...dotsByNote(vote, '').entries()]
    .map(([note, d]) => ({ note, dots: d.total }))
    .sort((a, b) => b.dots - a.dots || (a.note < b.note ? -1 : a.note > b.note ? 1 : 0));
}

/**
 * Whether the facilitator locked the sticky, frame or connector: then nobody changes it.
 * @param {Facilitation} f @param {string} id
 */
export function isLocked(f, id) {
  return !!f.locked?.includes(id);
}

/** Whether a sticky of this kind takes dots in the open vote. @param {Vote | null} vote @param {NoteKind} kind */
export function votable(vote, kind) {
  return !!vote && vote.open && vote.kinds.includes(kind);
}

/**
 * Folds one facilitation event; any other event leaves the state as it is (the same object).
 * @param {Facilitation} f @param {import('./types.js').BoardEvent} e @returns {Facilitation}
 */
export function applyFacilitation(f, e) {
  switch (e.type) {
    case Ev.PHASE_CHANGED:
      return { ...f, phase: e.phase };
    case Ev.PHASE_INSTRUCTION_SET: {
      // The facilitator's text per phase; null brings back the phase's default.
      const instructions = { ...(f.instructions ?? {}) };
      if (e.text === null) delete instructions[e.phase];
      else instructions[e.phase] = e.text;
      return { ...f, instructions };
    }
    case Ev.ELEMENTS_LOCKED: {
      // Kept sorted, as the board keeps its set (the same JSON on both sides).
      const locked = [...new Set([...(f.locked ?? []), ...e.ids])].sort();
      return { ...f, locked };
    }
    case Ev.ELEMENTS_UNLOCKED: {
      const gone = new Set(e.ids);
      const locked = (f.locked ?? []).filter((id) => !gone.has(id));
      const { locked: _, ...rest } = f;
      return locked.length ? { ...rest, locked } : rest;
    }
    case Ev.PRIVATE_MODE_STARTED:
      return { ...f, private_mode: true };
    case Ev.PRIVATE_NOTE_ADDED:
      // Only ever this participant's own: the server shows nobody else's.
      return { ...f, private_notes: { ...(f.private_notes ?? {}), [e.note.id]: e.owner } };
    case Ev.PRIVATE_MODE_ENDED: {
      const { private_mode: _mode, private_notes: _notes, ...rest } = f;
      return rest;
    }
    case Ev.TIMER_STARTED:
    case Ev.TIMER_PAUSED:
    case Ev.TIMER_RESUMED:
    case Ev.TIMER_EXTENDED:
      return { ...f, timer: e.timer };
    case Ev.TIMER_RESET:
      return { ...f, timer: null };
    case Ev.VOTE_OPENED:
      return { ...f, vote: { ...e.vote, dots: { ...(e.vote.dots ?? {}) } } };
    case Ev.VOTE_CLOSED:
      // The close carries every voter's dots: until then each participant knew only their own.
      return f.vote && f.vote.id === e.vote_id ? { ...f, vote: { ...f.vote, open: false, dots: e.dots ? { ...e.dots } : f.vote.dots } } : f;
    case DOT_HIDDEN: {
      // A secret ballot: the voter is listed (with no dots shown) while they have any.
      const v = f.vote;
      if (!v || v.id !== e.vote_id) return f;
      const dots = { ...v.dots };
      if (e.voter_dots === 0) delete dots[e.voter];
      else dots[e.voter] = dots[e.voter] ?? [];
      return { ...f, vote: { ...v, dots } };
    }
    case Ev.DOT_PLACED: {
      const v = f.vote;
      if (!v || v.id !== e.vote_id) return f;
      return { ...f, vote: { ...v, dots: { ...v.dots, [e.voter]: [...(v.dots[e.voter] ?? []), e.note] } } };
    }
    case Ev.DOT_REMOVED: {
      const v = f.vote;
      const mine = v?.dots[e.voter];
      if (!v || v.id !== e.vote_id || !mine) return f;
      const i = mine.indexOf(e.note);
      if (i < 0) return f;
      const left = [...mine.slice(0, i), ...mine.slice(i + 1)];
      const dots = { ...v.dots };
      if (left.length) dots[e.voter] = left;
      else delete dots[e.voter];
      return { ...f, vote: { ...v, dots } };
    }
    default:
      return f;
  }
}

/**
 * The board point at the centre of a screen view, and back: what presence and summon carry.
 * @param {{x: number, y: number, zoom: number}} view  The wall's transform.
 * @param {number} width @param {number} height  The wall's size on screen.
 * @returns {{x: number, y: number, zoom: number}}
 */
export function sharedViewport(view, width, height) {
  return { x: round2((width / 2 - view.x) / view.zoom), y: round2((height / 2 - view.y) / view.zoom), zoom: round2(view.zoom, 1000) };
}

/**
 * @param {{x: number, y: number, zoom: number}} shared @param {number} width @param {number} height
 * @returns {{x: number, y: number, zoom: number}} the wall transform that shows it
 */
export function viewFromShared(shared, width, height) {
  return { x: width / 2 - shared.x * shared.zoom, y: height / 2 - shared.y * shared.zoom, zoom: shared.zoom };
}

/** @param {number} v @param {number} [k] */
function round2(v, k = 100) {
  return Math.round(v * k) / k;
}
