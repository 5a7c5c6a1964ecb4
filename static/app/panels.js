// The details panel: what the selection is and everything about it that is not on the wall.
// For one sticky: kind, text, description; a pinned code name (kinds the exports name);
// payload fields (events, commands, read models); pivotal and failure outcome (events);
// schedule, idempotency and its key, retries and dead letter (policies); Given / When / Then
// scenarios (commands and policies, scenarioeditor.js); its connectors. For a
// connector: its label. For a frame: name and kind. For several stickies: kind, connect,
// delete. Edits go out as commands when typing pauses (400 ms) or a control changes; while
// the panel has focus, remote changes wait until focus leaves so typing is never clobbered.

import { Cmd, BACKOFFS } from './protocol.js';
import { FIELD_TYPES, KINDS, kindInfo } from './kinds.js';
import { canonicalDetails, fullDetails } from './model.js';
import { h } from './dom.js';

/** The kinds that become contracts in the exports, so their code name can be pinned. */
const CONTRACT_KINDS = ['event', 'command', 'policy', 'aggregate', 'read_model', 'external_system'];
import { fieldsFromRows } from './payloadfields.js';
import { connectorForm, frameForm, historySection, linksSection, manyForm } from './panelforms.js';
import { scenarioSection } from './scenarioeditor.js';
import { PanelDock } from './paneldock.js';
import { lockCommand, lockRow } from './lockrow.js';

/** @typedef {import('./model.js').BoardState} BoardState */
/** @typedef {import('./types.js').Command} Command */
/** @typedef {import('./types.js').Note} Note */
/** @typedef {import('./types.js').NoteDetails} NoteDetails */

const DEBOUNCE_MS = 400;

/**
 * @typedef {object} PanelHost
 * @property {() => BoardState} state
 * @property {() => ReadonlySet<string>} selection
 * @property {() => boolean} readOnly
 * @property {(commands: Command[], opts?: {group?: string}) => void} issue
 * @property {(ids: Iterable<string>) => void} select
 * @property {() => void} deleteSelection
 * @property {() => void} connectSelection
 * @property {(id: string) => Promise<import('./types.js').EventEnvelope[]>} elementHistory  Everything that happened to an element, oldest first.
 * @property {(id: string) => string | undefined} nameOf
 * @property {(id: string) => void} focusNote  Also zoomed far out, where the DOM stickies are hidden.
 * @property {() => boolean} facilitator  Whether this participant locks and unlocks.
 * @property {(command: Command) => void} facilitate
 */

let sessions = 0;

export class DetailsPanel {
  /** @param {HTMLElement} root @param {PanelHost} host */
  constructor(root, host) {
    this.root = root;
    this.host = host;
    this.key = '';
    /** @type {unknown} */
    this.shown = null;
    this.stale = false;
    /** @type {Map<string, ReturnType<typeof setTimeout>>} */
    this.timers = new Map();
    this.group = '';
    this.dock = new PanelDock(window.localStorage, () => this.update());
    document.querySelector('.zoombar')?.prepend(this.dock.toggle);
    /** @type {import('./panelforms.js').FormTools} */
    this.tools = {
      readOnly: () => host.readOnly(),
      send: (commands, what) => this.send(commands, what),
      debounce: (slot, f) => this.debounce(slot, f),
      flush: () => this.flushAll(),
      state: () => host.state(),
      select: (ids) => host.select(ids),
      deleteSelection: () => host.deleteSelection(),
      connectSelection: () => host.connectSelection(),
      elementHistory: (id) => host.elementHistory(id),
      nameOf: (id) => host.nameOf(id),
    };
    root.addEventListener('focusout', (e) => {
      const next = /** @type {Node | null} */ (e.relatedTarget);
      if (next && root.contains(next)) return;
      this.flushAll();
      if (this.stale) {
        this.stale = false;
        this.key = '';
        this.update();
      }
    });
    // Moving to another field ends the edit of the one left: it goes out as its own undo step.
    root.addEventListener('focusin', () => this.flushAll());
    root.addEventListener('keydown', (e) => {
      e.stopPropagation();
      if (e.key === 'Escape') {
        this.flushAll();
        const back = /** @type {HTMLElement | null} */ (document.querySelector('.note.selected, .frame.selected .frame-header'));
        if (back?.classList.contains('note') && back.dataset.id) this.host.focusNote(back.dataset.id);
        else back?.focus();
      }
    });
  }

  /** Redraws the panel if what it shows changed. */
  update() {
    const state = this.host.state();
    const sel = [...this.host.selection()];
    const one = sel.length === 1 ? sel[0] : null;
    const note = one ? state.notes.get(one) : undefined;
    const connector = one ? state.connectors.get(one) : undefined;
    const frame = one ? state.frames.get(one) : undefined;
    const notes = sel.filter((id) => state.notes.has(id));
    const chosen = note ? `note:${note.id}` : connector ? `connector:${connector.id}` : frame ? `frame:${frame.id}` : notes.length > 1 ? `many:${notes.join(',')}` : '';
    // Shown only when asked for (paneldock.js); hidden, it shows nothing.
    const visible = this.dock.visible(chosen !== '');
    // A lock or unlock redraws the panel too.
    const key = visible ? `${chosen || 'none'}|${lockCommand(state, sel)?.type ?? ''}` : '';
    const shown = note ?? connector ?? frame ?? notes.length;
    if (key === this.key && shown === this.shown) return;
    if (key === this.key && this.root.contains(document.activeElement)) {
      this.stale = true;
      return;
    }
    if (key !== this.key) {
      this.flushAll();
      this.group = `panel:${++sessions}`;
    }
    this.key = key;
    this.shown = shown;
    this.stale = false;
    this.root.hidden = !visible;
    const bar = this.dock.bar;
    const form = !visible ? null : note ? this.noteForm(note, state) : connector ? connectorForm(this.tools, connector, state) : frame ? frameForm(this.tools, frame) : notes.length > 1 ? manyForm(this.tools, notes, state) : null;
    if (!visible) this.root.replaceChildren();
    else if (form) this.root.replaceChildren(bar, ...lockRow(state, sel, this.host.facilitator(), (c) => this.host.facilitate(c)), ...form);
    else this.root.replaceChildren(bar, this.dock.hint);
  }

  /** Runs `f` after typing pauses; one timer per `slot`. @param {string} slot @param {() => void} f */
  debounce(slot, f) {
    const t = this.timers.get(slot);
    if (t) clearTimeout(t);
    this.timers.set(
      slot,
      setTimeout(() => {
        this.timers.delete(slot);
        f();
      }, DEBOUNCE_MS),
    );
    this.pending.set(slot, f);
  }

  /** @type {Map<string, () => void>} */
  pending = new Map();

  flushAll() {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    const fs = [...this.pending.values()];
    this.pending.clear();
    for (const f of fs) f();
  }

  /** @param {Command[]} commands @param {string} what */
  send(commands, what) {
    this.host.issue(commands, { group: `${this.group}:${what}` });
  }

  /** @param {Note} note @param {BoardState} state @returns {Node[]} */
  noteForm(note, state) {
    const ro = this.host.readOnly();
    const info = kindInfo(note.kind);
    const d = fullDetails(note.details);
    const uid = `p${sessions}`;
    const kind = h(
      'select',
      { id: `${uid}-kind`, disabled: ro, onchange: () => this.send([{ type: Cmd.CHANGE_KIND, id: note.id, kind: /** @type {import('./types.js').NoteKind} */ (kind.value) }], 'kind') },
      ...KINDS.map((k) => h('option', { value: k.kind, selected: k.kind === note.kind, text: `${k.label} (${k.key.toUpperCase()})` })),
    );
    const text = h('textarea', { id: `${uid}-text`, rows: 3, readonly: ro, value: note.text });
    text.addEventListener('input', () =>
      this.debounce('text', () => this.send([{ type: Cmd.EDIT_TEXT, id: note.id, text: text.value }], 'text')),
    );
    const description = h('textarea', { id: `${uid}-desc`, rows: 3, readonly: ro, value: d.description, placeholder: info.hint });

    /** @type {HTMLElement[]} */
    const parts = [
      h('h2', { class: `panel-title k-${note.kind}`, text: info.label }),
      h('div', { class: 'row' }, h('label', { for: kind.id, text: 'Kind' }), kind),
      h('div', { class: 'row' }, h('label', { for: text.id, text: 'Text' }), text),
      h('div', { class: 'row' }, h('label', { for: description.id, text: 'Description' }), description),
    ];
    const error = h('p', { class: 'error', role: 'alert', hidden: true });
    /** Shows why the form cannot be sent. @param {string} message @returns {null} */
    const fail = (message) => {
      error.textContent = message;
      error.hidden = false;
      return null;
    };
    /** Reads the whole form into details. @returns {NoteDetails | null} */
    const read = () => {
      /** @type {NoteDetails} */
      const out = { ...note.details, description: description.value };
      if (pivotal) out.pivotal = pivotal.checked;
      if (failure) out.failure = failure.checked;
      if (codeName) out.code_name = codeName.value;
      if (fieldsBody) {
        const rows = [...fieldsBody.querySelectorAll('tr')].map((tr) => ({
          name: /** @type {HTMLInputElement} */ (tr.querySelector('.f-name')).value,
          type: /** @type {HTMLInputElement} */ (tr.querySelector('.f-type')).value,
          required: /** @type {HTMLInputElement} */ (tr.querySelector('.f-required')).checked,
          description: /** @type {HTMLInputElement} */ (tr.querySelector('.f-desc')).value,
        }));
        const r = fieldsFromRows(rows);
        if (r.error) return fail(r.error);
        out.fields = r.fields;
      }
      if (policy) {
        out.idempotent = policy.idempotent.value === '' ? undefined : policy.idempotent.value === 'yes';
        if (policy.retries.checked) {
          const attempts = Number(policy.attempts.value);
          const delay = policy.delay.value.trim() === '' ? undefined : Number(policy.delay.value);
          if (!Number.isInteger(attempts) || attempts < 1 || attempts > 1000) return fail('Retry attempts must be a whole number from 1 to 1000.');
          if (delay !== undefined && (!Number.isInteger(delay) || delay < 0)) return fail('The retry delay must be a whole number of seconds.');
          out.retry = { max_attempts: attempts, backoff: /** @type {import('./types.js').Backoff} */ (policy.backoff.value), delay_seconds: delay };
        } else {
          out.retry = undefined;
        }
        out.dead_letter = policy.deadLetter.value.trim() === '' ? undefined : policy.deadLetter.value.trim();
        out.schedule = policy.schedule.value;
        out.idempotency_key = policy.idempotencyKey.value.split(',');
      }
      if (scenarios) {
        const r = scenarios.read();
        if (r.error) return fail(r.error);
        out.scenarios = r.scenarios;
      }
      error.hidden = true;
      return canonicalDetails(out);
    };
    /** Sends the form's details as one undo step per `what` (a field, or one scenario edit). @param {string} what */
    const commitAs = (what) => {
      const details = read();
      if (details) this.send([{ type: Cmd.SET_DETAILS, id: note.id, details }], what);
    };
    const commit = () => commitAs('details');
    const commitSoon = () => this.debounce('details', commit);
    description.addEventListener('input', commitSoon);

    /** @type {HTMLInputElement | null} */
    let codeName = null;
    if (CONTRACT_KINDS.includes(note.kind)) {
      // Pins the identifier the exports use, so renaming the sticky does not rename the contract.
      codeName = h('input', { id: `${uid}-code`, value: d.code_name ?? '', readonly: ro, oninput: commitSoon, placeholder: 'from the text' });
      parts.push(h('div', { class: 'row' }, h('label', { for: codeName.id, text: 'Code name' }), codeName));
    }

    /** @type {HTMLInputElement | null} */
    let pivotal = null;
    /** @type {HTMLInputElement | null} */
    let failure = null;
    if (note.kind === 'event') {
      pivotal = h('input', { type: 'checkbox', id: `${uid}-pivotal`, disabled: ro, checked: d.pivotal, onchange: commit });
      parts.push(h('div', { class: 'row check' }, pivotal, h('label', { for: pivotal.id, text: 'Pivotal event (a milestone of the flow)' })));
      failure = h('input', { type: 'checkbox', id: `${uid}-failure`, disabled: ro, checked: !!d.failure, onchange: commit });
      parts.push(h('div', { class: 'row check' }, failure, h('label', { for: failure.id, text: 'Failure outcome (a command was refused)' })));
    }

    /** @type {HTMLTableSectionElement | null} */
    let fieldsBody = null;
    if (info.payload) {
      fieldsBody = h('tbody');
      const body = fieldsBody;
      /** @param {import('./types.js').PayloadField | null} f */
      const row = (f) => {
        const n = body.children.length + 1;
        const tr = h(
          'tr',
          { class: 'field-row' },
          h('td', {}, h('input', { class: 'f-name', 'aria-label': `Field ${n} name`, value: f?.name ?? '', readonly: ro, oninput: commitSoon, placeholder: 'orderId' })),
          h('td', {}, h('input', { class: 'f-type', 'aria-label': `Field ${n} type`, value: f?.type ?? 'string', readonly: ro, list: 'field-types', oninput: commitSoon })),
          h('td', {}, h('input', { type: 'checkbox', class: 'f-required', 'aria-label': `Field ${n} required`, checked: f?.required ?? false, disabled: ro, onchange: commit })),
          h('td', {}, h('input', { class: 'f-desc', 'aria-label': `Field ${n} description`, value: f?.description ?? '', readonly: ro, oninput: commitSoon, placeholder: 'Description: what it means, its values (a | b | c)' })),
          ro
            ? h('td')
            : h(
                'td',
                {},
                h('button', {
                  type: 'button',
                  class: 'icon',
                  'aria-label': `Remove field ${n}`,
                  text: '×',
                  onclick: () => {
                    tr.remove();
                    commit();
                  },
                }),
              ),
        );
        return tr;
      };
      for (const f of d.fields) body.append(row(f));
      const add = h('button', {
        type: 'button',
        class: 'add-field',
        text: 'Add field',
        hidden: ro,
        onclick: () => {
          const tr = row(null);
          body.append(tr);
          /** @type {HTMLInputElement} */ (tr.querySelector('.f-name')).focus();
        },
      });
      parts.push(
        h(
          'fieldset',
          { class: 'fields' },
          h('legend', { text: 'Payload fields' }),
          h('table', {}, h('thead', {}, h('tr', {}, h('th', { text: 'Name' }), h('th', { text: 'Type' }), h('th', { text: 'Req.' }), h('th', { text: 'Description' }), h('th'))), body),
          h('datalist', { id: 'field-types' }, ...FIELD_TYPES.map((t) => h('option', { value: t }))),
          add,
        ),
      );
    }

    /** @type {{idempotent: HTMLSelectElement, idempotencyKey: HTMLInputElement, schedule: HTMLInputElement, retries: HTMLInputElement, attempts: HTMLInputElement, backoff: HTMLSelectElement, delay: HTMLInputElement, deadLetter: HTMLInputElement} | null} */
    let policy = null;
    if (note.kind === 'policy') {
      const idem = d.idempotent === undefined ? '' : d.idempotent ? 'yes' : 'no';
      policy = {
        idempotent: h(
          'select',
          { id: `${uid}-idem`, disabled: ro, onchange: commit },
          h('option', { value: '', text: 'Not decided', selected: idem === '' }),
          h('option', { value: 'yes', text: 'Yes', selected: idem === 'yes' }),
          h('option', { value: 'no', text: 'No', selected: idem === 'no' }),
        ),
        idempotencyKey: h('input', { id: `${uid}-idem-key`, value: (d.idempotency_key ?? []).join(', '), readonly: ro, oninput: commitSoon, placeholder: 'orderId, lineNo' }),
        schedule: h('input', { id: `${uid}-schedule`, value: d.schedule ?? '', readonly: ro, oninput: commitSoon, placeholder: 'every night at 02:00' }),
        retries: h('input', { type: 'checkbox', id: `${uid}-retries`, checked: !!d.retry, disabled: ro }),
        attempts: h('input', { type: 'number', id: `${uid}-attempts`, min: 1, max: 1000, step: 1, value: d.retry?.max_attempts ?? 3, readonly: ro, oninput: commitSoon }),
        backoff: h(
          'select',
          { id: `${uid}-backoff`, disabled: ro, onchange: commit },
          ...BACKOFFS.map((b) => h('option', { value: b, text: b, selected: (d.retry?.backoff ?? 'fixed') === b })),
        ),
        delay: h('input', { type: 'number', id: `${uid}-delay`, min: 0, step: 1, value: d.retry?.delay_seconds ?? '', readonly: ro, oninput: commitSoon, placeholder: 'seconds' }),
        deadLetter: h('input', { id: `${uid}-dl`, value: d.dead_letter ?? '', readonly: ro, oninput: commitSoon, placeholder: 'orders.dead-letter' }),
      };
      const p = policy;
      const retryRows = h(
        'div',
        { class: 'retry', hidden: !d.retry },
        h('div', { class: 'row' }, h('label', { for: p.attempts.id, text: 'Attempts in total' }), p.attempts),
        h('div', { class: 'row' }, h('label', { for: p.backoff.id, text: 'Backoff' }), p.backoff),
        h('div', { class: 'row' }, h('label', { for: p.delay.id, text: 'Delay (seconds)' }), p.delay),
      );
      p.retries.addEventListener('change', () => {
        retryRows.hidden = !p.retries.checked;
        commit();
      });
      parts.push(
        h(
          'fieldset',
          { class: 'handler' },
          h('legend', { text: 'Handling' }),
          h('div', { class: 'row' }, h('label', { for: p.schedule.id, text: 'Schedule' }), p.schedule),
          h('div', { class: 'row' }, h('label', { for: p.idempotent.id, text: 'Idempotent' }), p.idempotent),
          h('div', { class: 'row' }, h('label', { for: p.idempotencyKey.id, text: 'Idempotency key' }), p.idempotencyKey),
          h('div', { class: 'row check' }, p.retries, h('label', { for: p.retries.id, text: 'Retries on failure' })),
          retryRows,
          h('div', { class: 'row' }, h('label', { for: p.deadLetter.id, text: 'Dead letter' }), p.deadLetter),
        ),
      );
    }
    /** @type {ReturnType<typeof scenarioSection> | null} */
    let scenarios = null;
    if (note.kind === 'command' || note.kind === 'policy') {
      scenarios = scenarioSection(note, state, {
        readOnly: ro,
        typed: (what) => this.debounce('details', () => commitAs(what)),
        // What waits for a pause goes first, so the edit is an undo step of its own.
        changed: (what, edit) => {
          this.flushAll();
          edit();
          commitAs(what);
        },
      });
      parts.push(scenarios.element);
    }
    parts.push(error);

    const links = linksSection(this.tools, note, state);
    if (links) parts.push(links);
    parts.push(historySection(this.tools, note.id));
    if (!ro) parts.push(h('button', { type: 'button', class: 'danger', text: 'Delete sticky', onclick: () => this.host.deleteSelection() }));
    return parts;
  }
}
