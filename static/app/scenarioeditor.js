// The "Scenarios" section of a command's or policy's details panel: each scenario's name, its
// given events, its When (the command itself, or the event a policy reacts to) and its then
// events or rejection. Steps are picked from the board's own events and commands as you type;
// a step naming none of them is marked, as the exports will report it. The section holds the
// drafts; the panel reads them into the details and sends them (typing: when it pauses, one
// undo step per field; adding or removing: at once, one undo step each).

import { h } from './dom.js';
import { MAX_SCENARIOS, blankDraft, defaultWhen, draftsOf, namesNothing, scenariosOf, stepNames, suggestions } from './scenarios.js';

/** @typedef {import('./scenarios.js').Draft} Draft */

/**
 * What the section needs from the panel.
 * @typedef {object} ScenarioHooks
 * @property {boolean} readOnly
 * @property {(what: string) => void} typed  A field changed: send when typing pauses; `what` names the field.
 * @property {(what: string, edit: () => void) => void} changed  A scenario or step comes or goes: the panel
 *   sends what waits for a pause in typing, runs `edit`, then sends the result as an undo step of its own.
 */

const UNKNOWN = 'No event or command on the board is called this.';
let edits = 0;

/**
 * @param {import('./types.js').Note} owner A command or policy.
 * @param {import('./model.js').BoardState} state
 * @param {ScenarioHooks} hooks
 * @returns {{element: HTMLElement, read: () => ReturnType<typeof scenariosOf>}}
 */
export function scenarioSection(owner, state, hooks) {
  const ro = hooks.readOnly;
  const names = stepNames(state.notes.values());
  const whenNames = owner.kind === 'command' ? names.commands : names.events;
  const drafts = draftsOf(owner.details.scenarios);
  const list = h('ol', { class: 'scenario-list' });
  /** Edits the drafts and draws them again, focusing `focus`. @param {() => void} edit @param {string} [focus] */
  const change = (edit, focus) =>
    hooks.changed(`scenarios:${++edits}`, () => {
      edit();
      redraw(focus);
    });

  /**
   * A one-line input for a step, with suggestions from `offer` and the unknown-name mark.
   * @param {string} label @param {string} value @param {string[]} offer @param {(v: string) => void} set
   * @param {{label: string, run: () => void} | null} remove
   */
  const stepInput = (label, value, offer, set, remove) => {
    const input = h('input', { class: 'sc-step-input', 'aria-label': label, value, readonly: ro, maxlength: 200, autocomplete: 'off', placeholder: 'name on the board' });
    const warning = h('p', { class: 'sc-warning', text: `⚠ ${UNKNOWN}` });
    const picks = h('ul', { class: 'sc-suggest', 'aria-label': `Names for ${label}`, hidden: true });
    // Not while names are offered: a name half typed is no mistake yet.
    const mark = () => {
      warning.hidden = !namesNothing(names, input.value) || !picks.hidden;
      input.classList.toggle('unknown', !warning.hidden);
    };
    const offerNow = () => {
      const found = ro ? [] : suggestions(offer, input.value);
      picks.replaceChildren(
        ...found.map((name) =>
          h(
            'li',
            {},
            h('button', {
              type: 'button',
              class: 'sc-pick',
              text: name,
              // Keeps the keyboard in the input while the mouse picks.
              onmousedown: (/** @type {MouseEvent} */ e) => e.preventDefault(),
              onclick: () => {
                input.value = name;
                input.focus();
                picks.hidden = true;
                changedText();
              },
            }),
          ),
        ),
      );
      picks.hidden = found.length === 0;
      mark();
    };
    const changedText = () => {
      set(input.value);
      mark();
      hooks.typed(label);
    };
    input.addEventListener('input', () => {
      changedText();
      offerNow();
    });
    input.addEventListener('focus', offerNow);
    input.addEventListener('keydown', (e) => {
      if (e.key === 'ArrowDown' && !picks.hidden) {
        e.preventDefault();
        /** @type {HTMLButtonElement | null} */ (picks.querySelector('button'))?.focus();
      }
    });
    picks.addEventListener('keydown', (e) => {
      const buttons = [...picks.querySelectorAll('button')];
      const at = buttons.indexOf(/** @type {HTMLButtonElement} */ (document.activeElement));
      if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
      e.preventDefault();
      const next = at + (e.key === 'ArrowDown' ? 1 : -1);
      (next < 0 ? input : buttons[Math.min(next, buttons.length - 1)]).focus();
    });
    const row = h(
      'div',
      { class: 'sc-step' },
      h('div', { class: 'sc-line' }, input, remove && !ro ? h('button', { type: 'button', class: 'icon', 'aria-label': remove.label, text: '×', onclick: remove.run }) : null),
      picks,
      warning,
    );
    row.addEventListener('focusout', (e) => {
      if (row.contains(/** @type {Node | null} */ (e.relatedTarget))) return;
      picks.hidden = true;
      mark();
    });
    mark();
    return row;
  };

  /**
   * Given or then steps of scenario `i`, with a button adding one.
   * @param {number} i @param {'given' | 'then'} part
   */
  const steps = (i, part) => {
    const d = drafts[i];
    const rows = d[part].map((value, j) =>
      stepInput(`Scenario ${i + 1} ${part} ${j + 1}`, value, names.events, (v) => (d[part][j] = v), {
        label: `Remove ${part} ${j + 1} of scenario ${i + 1}`,
        run: () => change(() => d[part].splice(j, 1), `[aria-label="Add a ${part} event to scenario ${i + 1}"]`),
      }),
    );
    const add = ro
      ? null
      : h('button', {
          type: 'button',
          class: 'link sc-add-step',
          text: `+ ${part} event`,
          'aria-label': `Add a ${part} event to scenario ${i + 1}`,
          onclick: () => change(() => d[part].push(''), `[aria-label="Scenario ${i + 1} ${part} ${d[part].length + 1}"]`),
        });
    return h('div', { class: 'sc-steps' }, ...rows, add);
  };

  /** A Gherkin keyword with what follows it. @param {string} word @param {Node} body */
  const keywordRow = (word, body) => h('div', { class: 'sc-part' }, h('span', { class: 'sc-keyword', text: word }), body);

  /** @param {Draft} d @param {number} i */
  const scenario = (d, i) => {
    const nameLabel = `Scenario ${i + 1} name`;
    const name = h('input', { class: 'sc-name', 'aria-label': nameLabel, value: d.name, readonly: ro, maxlength: 200, placeholder: 'What it shows, e.g. pays in full' });
    name.addEventListener('input', () => {
      d.name = name.value;
      hooks.typed(nameLabel);
    });
    const outcome = h(
      'select',
      { class: 'sc-outcome', 'aria-label': `Scenario ${i + 1} outcome`, disabled: ro },
      h('option', { value: 'events', text: 'these events', selected: !d.rejects }),
      h('option', { value: 'rejected', text: 'it is rejected', selected: d.rejects }),
    );
    outcome.addEventListener('change', () => change(() => (d.rejects = outcome.value === 'rejected'), `[aria-label="Scenario ${i + 1} outcome"]`));
    const rejectedLabel = `Scenario ${i + 1} rejection`;
    const rejected = h('input', { class: 'sc-rejected', 'aria-label': rejectedLabel, value: d.rejected, readonly: ro, maxlength: 200, placeholder: 'why, e.g. out of stock' });
    rejected.addEventListener('input', () => {
      d.rejected = rejected.value;
      hooks.typed(rejectedLabel);
    });
    const when = stepInput(`Scenario ${i + 1} when`, d.when, whenNames, (v) => (d.when = v), null);
    return h(
      'li',
      { class: 'scenario' },
      h(
        'div',
        { class: 'sc-head' },
        name,
        ro
          ? null
          : h('button', {
              type: 'button',
              class: 'icon',
              'aria-label': `Remove scenario ${i + 1}`,
              text: '×',
              onclick: () => change(() => drafts.splice(i, 1)),
            }),
      ),
      keywordRow('Given', steps(i, 'given')),
      keywordRow('When', when),
      keywordRow('Then', h('div', { class: 'sc-steps' }, outcome, d.rejects ? rejected : steps(i, 'then'))),
    );
  };

  /**
   * Draws the scenarios again and puts the keyboard in the field `focus` selects (else on "Add
   * scenario"). The keyboard moves before the old fields go, so it never leaves the panel: the
   * panel takes a keyboard leaving it as the end of editing and redraws from the board.
   * @param {string} [focus]
   */
  const redraw = (focus) => {
    const old = [...list.children];
    const fresh = drafts.map(scenario);
    list.append(...fresh);
    if (old.length && list.contains(document.activeElement)) {
      const target = focus ? fresh.map((li) => li.querySelector(focus)).find((el) => el) : null;
      /** @type {HTMLElement | null | undefined} */ (target ?? add)?.focus();
    }
    for (const li of old) li.remove();
    empty.hidden = drafts.length > 0;
    if (focus && !list.contains(document.activeElement)) /** @type {HTMLElement | null} */ (list.querySelector(focus))?.focus();
  };
  const empty = h('p', { class: 'hint', text: 'Examples written with the board’s own events: given what happened, when this happens, then what follows.' });
  const add = ro
    ? null
    : h('button', {
        type: 'button',
        class: 'add-scenario',
        text: 'Add scenario',
        onclick: () => {
          if (drafts.length >= MAX_SCENARIOS) return;
          change(() => drafts.push(blankDraft(defaultWhen(owner, state.notes, state.connectors.values()))), `[aria-label="Scenario ${drafts.length + 1} name"]`);
        },
      });
  redraw();
  const element = h('fieldset', { class: 'scenarios' }, h('legend', { text: 'Scenarios' }), empty, list, add);
  return { element, read: () => scenariosOf(drafts) };
}
