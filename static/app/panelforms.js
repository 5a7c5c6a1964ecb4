// The details panel's smaller forms: a connector's label, a frame's name and kind, several
// stickies at once; and the history section the sticky form ends with.

import { Cmd, FrameKind } from './protocol.js';
import { KINDS, kindInfo } from './kinds.js';
import { h } from './dom.js';
import { actorName, describeEvent } from './history.js';
import { formatWhen } from './timetravel.js';

/** @typedef {import('./model.js').BoardState} BoardState */
/** @typedef {import('./types.js').Command} Command */

/**
 * What a form needs from the panel and the page.
 * @typedef {object} FormTools
 * @property {() => boolean} readOnly
 * @property {(commands: Command[], what: string) => void} send Issues the commands as one undo step per field and panel session.
 * @property {(slot: string, f: () => void) => void} debounce Runs `f` when typing pauses.
 * @property {() => void} flush Runs what waits for a pause in typing now.
 * @property {() => BoardState} state The state the wall shows.
 * @property {(ids: Iterable<string>) => void} select
 * @property {() => void} deleteSelection
 * @property {() => void} connectSelection
 * @property {(id: string) => Promise<import('./types.js').EventEnvelope[]>} elementHistory
 * @property {(id: string) => string | undefined} nameOf
 */

/** Who changed a sticky, when and how: loaded when asked for. @param {FormTools} tools @param {string} id */
export function historySection(tools, id) {
  const list = h('ol', { class: 'note-history' });
  const show = h('button', { type: 'button', class: 'link', text: 'Show its history' });
  show.addEventListener('click', async () => {
    show.disabled = true;
    show.textContent = 'Loading…';
    try {
      const events = await tools.elementHistory(id);
      list.replaceChildren(
        ...events.reverse().map((env) =>
          h(
            'li',
            { 'data-seq': env.seq },
            h('span', { class: 'who', text: actorName(env.actor) }),
            ' ',
            h('span', { class: 'what', text: describeEvent(env.event, tools.nameOf) }),
            h('span', { class: 'when', text: `${formatWhen(env.at)} · seq ${env.seq}` }),
          ),
        ),
      );
      show.remove();
    } catch (e) {
      show.disabled = false;
      show.textContent = `Could not load it (${e instanceof Error ? e.message : e}): try again`;
    }
  });
  return h('section', { class: 'history' }, h('h3', { text: 'History' }), show, list);
}

/**
 * A sticky's connectors, each a button selecting it; null when it has none.
 * @param {FormTools} tools @param {import('./types.js').Note} note @param {BoardState} state
 */
export function linksSection(tools, note, state) {
  const links = [...state.connectors.values()].filter((c) => c.from === note.id || c.to === note.id);
  if (!links.length) return null;
  return h(
    'section',
    { class: 'links' },
    h('h3', { text: 'Connections' }),
    h(
      'ul',
      {},
      ...links.map((c) => {
        const out = c.from === note.id;
        const other = state.notes.get(out ? c.to : c.from);
        const text = `${out ? '→' : '←'} ${other?.text || kindInfo(other?.kind ?? 'note').label}${c.label ? ` (${c.label})` : ''}`;
        return h('li', {}, h('button', { type: 'button', class: 'link', text, onclick: () => tools.select([c.id]) }));
      }),
    ),
  );
}

/** @param {FormTools} tools @param {import('./types.js').Connector} c @param {BoardState} state @returns {Node[]} */
export function connectorForm(tools, c, state) {
  const ro = tools.readOnly();
  const from = state.notes.get(c.from);
  const to = state.notes.get(c.to);
  const label = h('input', { id: 'connector-label', value: c.label ?? '', readonly: ro, placeholder: 'decides, produces, triggers…' });
  // One `change_connector` per label change: Enter and the blur that follows it compare with
  // the label the board has now, so they send it once.
  const relabel = () => {
    const value = label.value.trim();
    const now = tools.state().connectors.get(c.id);
    if (!now || value === (now.label ?? '')) return;
    tools.send([{ type: Cmd.CHANGE_CONNECTOR, id: c.id, label: value || null }], 'label');
  };
  label.addEventListener('change', relabel);
  label.addEventListener('keydown', (e) => {
    if (e.key !== 'Enter') return;
    e.preventDefault();
    relabel();
    returnToWall(label);
  });
  return [
    h('h2', { class: 'panel-title', text: 'Connector' }),
    h('p', { text: `From “${from?.text || kindInfo(from?.kind ?? 'note').label}” to “${to?.text || kindInfo(to?.kind ?? 'note').label}”.` }),
    h('div', { class: 'row' }, h('label', { for: label.id, text: 'Label' }), label),
    ro ? null : h('button', { type: 'button', class: 'danger', text: 'Delete connector', onclick: () => tools.deleteSelection() }),
  ].filter((n) => n !== null);
}

/** @param {FormTools} tools @param {import('./types.js').Frame} f @returns {Node[]} */
export function frameForm(tools, f) {
  const ro = tools.readOnly();
  const name = h('input', { id: 'frame-name', value: f.name, readonly: ro, placeholder: f.kind === FrameKind.SWIMLANE ? 'Customer' : 'Ordering' });
  name.addEventListener('input', () => tools.debounce('name', () => tools.send([{ type: Cmd.CHANGE_FRAME, id: f.id, name: name.value.replace(/[\r\n]+/g, ' ') }], 'name')));
  // Enter commits the name and gives the keyboard back to the wall, so the next shortcut is
  // a shortcut and not more of the name.
  name.addEventListener('keydown', (e) => {
    if (e.key !== 'Enter') return;
    e.preventDefault();
    tools.flush();
    returnToWall(name);
  });
  const kind = h(
    'select',
    { id: 'frame-kind', disabled: ro, onchange: () => tools.send([{ type: Cmd.CHANGE_FRAME, id: f.id, kind: /** @type {import('./types.js').FrameKindName} */ (kind.value) }], 'kind') },
    h('option', { value: FrameKind.BOUNDED_CONTEXT, text: 'Bounded context', selected: f.kind === FrameKind.BOUNDED_CONTEXT }),
    h('option', { value: FrameKind.SWIMLANE, text: 'Swimlane', selected: f.kind === FrameKind.SWIMLANE }),
  );
  return [
    h('h2', { class: 'panel-title', text: f.kind === FrameKind.SWIMLANE ? 'Swimlane' : 'Bounded context' }),
    h('div', { class: 'row' }, h('label', { for: name.id, text: 'Name' }), name),
    h('div', { class: 'row' }, h('label', { for: kind.id, text: 'Kind' }), kind),
    h('p', { class: 'hint', text: 'Stickies whose centre lies inside belong to it. Dragging its title moves the frame alone; hold Alt to move them along.' }),
    ro ? null : h('button', { type: 'button', class: 'danger', text: 'Delete frame', onclick: () => tools.deleteSelection() }),
  ].filter((n) => n !== null);
}

/** @param {FormTools} tools @param {string[]} ids @param {BoardState} state @returns {Node[]} */
export function manyForm(tools, ids, state) {
  const ro = tools.readOnly();
  const kinds = new Set(ids.map((id) => state.notes.get(id)?.kind));
  const kind = h(
    'select',
    {
      id: 'many-kind',
      disabled: ro,
      onchange: () =>
        tools.send(
          ids.map((id) => ({ type: Cmd.CHANGE_KIND, id, kind: /** @type {import('./types.js').NoteKind} */ (kind.value) })),
          'kind',
        ),
    },
    kinds.size > 1 ? h('option', { value: '', text: 'Mixed', selected: true, disabled: true }) : null,
    ...KINDS.map((k) => h('option', { value: k.kind, text: k.label, selected: kinds.size === 1 && kinds.has(k.kind) })),
  );
  return [
    h('h2', { class: 'panel-title', text: `${ids.length} stickies selected` }),
    h('div', { class: 'row' }, h('label', { for: kind.id, text: 'Kind' }), kind),
    ro || ids.length !== 2 ? null : h('button', { type: 'button', text: 'Connect first → second (L)', onclick: () => tools.connectSelection() }),
    ro ? null : h('button', { type: 'button', class: 'danger', text: `Delete ${ids.length} stickies`, onclick: () => tools.deleteSelection() }),
  ].filter((n) => n !== null);
}

/**
 * Ends typing in a field: the keyboard goes back to the wall.
 * @param {HTMLElement} field
 */
function returnToWall(field) {
  field.blur();
  document.getElementById('wall')?.focus({ preventScroll: true });
}
