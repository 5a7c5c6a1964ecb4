// Words for the board's history: who did what (the activity feed, a sticky's history) and what
// changed in the model between two moments (the compare view). Pure.

import { kindInfo } from './kinds.js';
import { phaseLabel } from './facilitation.js';
import { formatClock } from './facilitation.js';

/** @typedef {import('./types.js').BoardEvent} BoardEvent */

/**
 * The person behind an event's actor: the server records "Name (client-id)" for people on the
 * wall, and words like "api" or "template" for the rest.
 * @param {string} actor
 */
export function actorName(actor) {
  return actor.replace(/\s+\([A-Za-z0-9_-]{1,64}\)$/, '') || actor;
}

/** @param {string} text */
function quote(text) {
  const t = text.trim();
  return t ? `“${t.length > 60 ? `${t.slice(0, 59)}…` : t}”` : 'an empty sticky';
}

/**
 * One line about an event: what happened, naming the stickies it touched.
 * @param {BoardEvent} e
 * @param {(id: string) => string | undefined} [nameOf]  The text of a sticky by id, when known.
 * @returns {string}
 */
export function describeEvent(e, nameOf = () => undefined) {
  /** @param {string} id */
  const named = (id) => {
    const n = nameOf(id);
    return n === undefined ? 'a sticky' : quote(n);
  };
  switch (e.type) {
    case 'board_created':
      return `created the board ${quote(e.title)}`;
    case 'board_renamed':
      return `renamed the board from ${quote(e.from)} to ${quote(e.title)}`;
    case 'private_note_added':
      return e.note.text.trim() ? `added the private sticky ${quote(e.note.text)}` : 'added a private sticky';
    case 'private_mode_started':
      return 'started private mode';
    case 'private_mode_ended':
      return `revealed ${e.notes.length} private ${e.notes.length === 1 ? 'sticky' : 'stickies'}`;
    case 'hidden':
      return 'changed a private sticky';
    case 'note_added': {
      const kind = kindInfo(e.note.kind).label.toLowerCase();
      return e.note.text.trim() ? `added ${kind} ${quote(e.note.text)}` : `added an empty ${kind}`;
    }
    case 'notes_moved':
      return e.moves.length === 1 ? `moved ${named(e.moves[0].id)}` : `moved ${e.moves.length} stickies`;
    case 'note_resized':
      return `resized ${named(e.id)}`;
    case 'note_text_edited':
      if (!e.from.trim()) return `wrote ${quote(e.text)}`;
      if (!e.text.trim()) return `cleared the text ${quote(e.from)}`;
      return `changed the text from ${quote(e.from)} to ${quote(e.text)}`;
    case 'note_kind_changed':
      return `turned ${named(e.id)} from ${kindInfo(e.from).label.toLowerCase()} into ${kindInfo(e.kind).label.toLowerCase()}`;
    case 'note_details_changed':
      return `changed the details of ${named(e.id)}${detailsSummary(e.from, e.details)}`;
    case 'note_deleted':
      return `deleted ${named(e.id)}`;
    case 'note_restored':
      return `restored ${quote(e.note.text)}`;
    case 'connector_added':
      return `connected ${named(e.connector.from)} to ${named(e.connector.to)}`;
    case 'connector_changed':
      return e.connector.label ? `labelled the connector from ${named(e.connector.from)} to ${named(e.connector.to)} ${quote(e.connector.label)}` : `cleared the label of the connector from ${named(e.connector.from)} to ${named(e.connector.to)}`;
    case 'connector_removed':
      return `removed the connector from ${named(e.connector.from)} to ${named(e.connector.to)}`;
    case 'frame_added':
      return `added ${e.frame.kind === 'swimlane' ? 'swimlane' : 'bounded context'} ${quote(e.frame.name)}`;
    case 'frame_changed':
      return e.frame.name !== e.from.name ? `renamed the frame ${quote(e.from.name)} to ${quote(e.frame.name)}` : `changed the frame ${quote(e.frame.name)}`;
    case 'frame_removed':
      return `removed the frame ${quote(e.frame.name)}`;
    case 'phase_changed':
      return e.phase ? `moved the workshop to the phase “${phaseLabel(e.phase)}”` : 'ended the phases';
    case 'phase_instruction_set':
      return e.text ? `wrote the instruction for “${phaseLabel(e.phase)}”` : `brought back the default instruction for “${phaseLabel(e.phase)}”`;
    case 'timer_started':
      return `started a ${formatClock(e.timer.duration_ms)} timer`;
    case 'timer_paused':
      return 'paused the timer';
    case 'timer_resumed':
      return 'resumed the timer';
    case 'timer_extended':
      return `added ${formatClock(e.by_ms)} to the timer`;
    case 'timer_reset':
      return 'reset the timer';
    case 'elements_locked':
    case 'elements_unlocked': {
      const what = e.ids.length === 1 ? named(e.ids[0]) : `${e.ids.length} elements`;
      return `${e.type === 'elements_locked' ? 'locked' : 'unlocked'} ${what}`;
    }
    case 'vote_opened':
      return `opened a dot vote (${e.vote.dots_per_participant} dots each)`;
    case 'vote_closed':
      return 'closed the dot vote';
    case 'dot_placed':
      return `placed a dot on ${named(e.note)}`;
    case 'dot_removed':
      return `took a dot back from ${named(e.note)}`;
    case 'dot_hidden':
      return 'voted (where stays secret until the vote closes)';
  }
  return 'changed the board';
}

/**
 * What a details change touched, as a short suffix (": description, fields").
 * @param {import('./types.js').NoteDetails | undefined} from @param {import('./types.js').NoteDetails | undefined} to
 */
export function detailsSummary(from, to) {
  const a = /** @type {Record<string, unknown>} */ (from ?? {});
  const b = /** @type {Record<string, unknown>} */ (to ?? {});
  /** @type {Record<string, string>} */
  const words = { description: 'description', fields: 'payload fields', pivotal: 'pivotal', idempotent: 'idempotency', retry: 'retries', dead_letter: 'dead letter', scenarios: 'scenarios' };
  const changed = Object.keys(words).filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]));
  return changed.length ? `: ${changed.map((k) => words[k]).join(', ')}` : '';
}

/** The element ids an event is about (the stickies, connectors and frames it names). @param {BoardEvent} e @returns {string[]} */
export function eventElements(e) {
  switch (e.type) {
    case 'note_added':
    case 'private_note_added':
    case 'note_restored':
      return [e.note.id];
    case 'private_mode_ended':
      return e.notes.map((n) => n.id);
    case 'notes_moved':
      return e.moves.map((m) => m.id);
    case 'note_resized':
    case 'note_text_edited':
    case 'note_kind_changed':
    case 'note_details_changed':
    case 'note_deleted':
      return [e.id];
    case 'connector_added':
    case 'connector_changed':
    case 'connector_removed':
      return [e.connector.id, e.connector.from, e.connector.to];
    case 'frame_added':
    case 'frame_changed':
    case 'frame_removed':
      return [e.frame.id];
    case 'dot_placed':
    case 'dot_removed':
      return [e.note];
    case 'elements_locked':
    case 'elements_unlocked':
      return e.ids;
    default:
      return [];
  }
}

/**
 * @typedef {object} ModelChange  One entry of `GET /api/boards/{id}/diff`.
 * @property {string} kind
 * @property {string} id
 * @property {'added' | 'removed' | 'renamed' | 'changed'} change
 * @property {string} name
 * @property {string} [from_name]
 * @property {string[]} [details]
 */

/** @type {Record<string, string>} */
const MODEL_KINDS = {
  event: 'Event',
  command: 'Command',
  aggregate: 'Aggregate',
  handler: 'Handler',
  policy: 'Policy',
  read_model: 'Read model',
  external_system: 'External system',
  actor: 'Actor',
  bounded_context: 'Bounded context',
  hotspot: 'Hotspot',
};

/** @param {string} kind */
export function modelKindLabel(kind) {
  return MODEL_KINDS[kind] ?? kind.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());
}

/**
 * The diff as a reader wants it: one heading line per change, grouped added, renamed, changed,
 * removed, and in each by kind then name.
 * @param {readonly ModelChange[]} changes
 * @returns {{change: ModelChange, title: string, details: string[]}[]}
 */
export function readableDiff(changes) {
  const order = { added: 0, renamed: 1, changed: 2, removed: 3 };
  return [...changes]
    .sort((a, b) => order[a.change] - order[b.change] || a.kind.localeCompare(b.kind) || a.name.localeCompare(b.name))
    .map((c) => {
      const what = `${modelKindLabel(c.kind)} ${quote(c.name)}`;
      const title =
        c.change === 'added'
          ? `Added ${what}`
          : c.change === 'removed'
            ? `Removed ${what}`
            : c.change === 'renamed'
              ? `Renamed ${modelKindLabel(c.kind).toLowerCase()} ${quote(c.from_name ?? '')} to ${quote(c.name)}`
              : `Changed ${what}`;
      return { change: c, title, details: c.details ?? [] };
    });
}

/**
 * Everything that happened to an element, oldest first (`GET /api/boards/{id}/history?element=`).
 * @param {string} boardId @param {string} id @returns {Promise<import('./types.js').EventEnvelope[]>}
 */
export async function fetchElementHistory(boardId, id) {
  const r = await fetch(`/api/boards/${encodeURIComponent(boardId)}/history?element=${encodeURIComponent(id)}`);
  const body = await r.json().catch(() => ({}));
  if (!r.ok) throw new Error(body.message || `the server answered ${r.status}`);
  return body.events ?? [];
}
