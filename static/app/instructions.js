// The short instruction shown on the wall during a phase: each phase has a default, the
// facilitator can write their own (`set_phase_instruction`), and each person can close it for
// themselves until the phase or the text changes. The banner's controls live in board.html.

import { byId, elements } from './dom.js';
import { dismiss, isDismissed, undismiss } from './personal.js';
import { showWith } from './overlay.js';

/** @typedef {import('./types.js').Phase} Phase */
/** @typedef {import('./outbox.js').KeyValueStorage} KeyValueStorage */
/** @typedef {{phase: Phase | null, instructions?: {[phase: string]: string}}} PhaseState */

/** The most characters an instruction may have (as MAX_INSTRUCTION_CHARS in the domain). */
export const MAX_INSTRUCTION_CHARS = 280;

/** What each phase asks of the room when the facilitator wrote nothing else. @type {Readonly<Record<Phase, string>>} */
export const DEFAULT_INSTRUCTIONS = Object.freeze({
  chaotic_exploration: 'Write every domain event you can think of on an orange sticky, in the past tense. No discussion yet; duplicates are fine.',
  enforce_the_timeline: 'Line the events up left to right in the order they happen; merge duplicates and talk about the gaps.',
  hotspots_and_pivotal_events: 'Mark questions, risks and conflicts with hotspots, ideas with opportunities, and the few pivotal events that change everything.',
  commands_and_actors: 'Before each event, put the command that caused it and the actor (or system) who issued it.',
  policies_and_read_models: 'Name the policy behind every "whenever this, then that", and the read model each actor looks at before deciding.',
  aggregates_and_bounded_contexts: 'Group commands and events around the aggregates that decide them, then draw bounded contexts around what belongs together.',
});

/**
 * The instruction on the wall now, or null without a phase.
 * @param {PhaseState} f
 * @returns {{phase: Phase, text: string, custom: boolean} | null}
 */
export function currentInstruction(f) {
  if (!f.phase) return null;
  const custom = f.instructions?.[f.phase];
  if (custom) return { phase: f.phase, text: custom, custom: true };
  return { phase: f.phase, text: DEFAULT_INSTRUCTIONS[f.phase] ?? '', custom: false };
}

/** What a dismissal remembers: the phase and the text, so either changing shows it again. @param {{phase: Phase, text: string}} i */
export function instructionKey(i) {
  return `${i.phase}\n${i.text}`;
}

/**
 * The text a facilitator's edit sends: trimmed; the default itself (or nothing) means "the
 * default", sent as empty text.
 * @param {Phase} phase @param {string} typed
 */
export function textToSend(phase, typed) {
  const text = typed.trim();
  return text === DEFAULT_INSTRUCTIONS[phase] ? '' : text;
}

/**
 * @typedef {object} InstructionHost
 * @property {() => PhaseState} facilitation
 * @property {() => boolean} canFacilitate
 * @property {() => string} boardId
 * @property {KeyValueStorage} storage
 * @property {(command: {type: 'set_phase_instruction', phase: Phase, text: string}) => void} send
 */

/** The banner on the wall: the instruction, a close button, and the facilitator's editor. */
export class InstructionBanner {
  /** @param {InstructionHost} host */
  constructor(host) {
    this.host = host;
    this.ui = elements({
      banner: ['phase-instruction', HTMLElement], text: ['phase-instruction-text', HTMLElement],
      close: ['phase-instruction-close', HTMLButtonElement], edit: ['phase-instruction-edit', HTMLButtonElement],
      form: ['phase-instruction-form', HTMLFormElement], input: ['phase-instruction-input', HTMLTextAreaElement],
      reopen: ['phase-instruction-show', HTMLButtonElement],
    });
    this.ui.input.maxLength = MAX_INSTRUCTION_CHARS;
    /** The key of the instruction on show, for the close button. */
    this.shownKey = '';
    this.ui.close.addEventListener('click', () => {
      dismiss(host.storage, host.boardId(), 'instruction', this.shownKey);
      this.update();
    });
    this.ui.reopen.addEventListener('click', () => {
      undismiss(host.storage, host.boardId(), 'instruction');
      this.update();
    });
    this.ui.edit.addEventListener('click', () => this.startEditing());
    this.ui.input.addEventListener('keydown', (e) => {
      // Typing here must not reach the wall's shortcuts; Escape leaves without saving.
      e.stopPropagation();
      if (e.key === 'Escape') this.stopEditing();
      else if (e.key === 'Enter' && !e.shiftKey) {
        e.preventDefault();
        this.ui.form.requestSubmit();
      }
    });
    this.ui.form.addEventListener('submit', (e) => {
      e.preventDefault();
      const shown = currentInstruction(host.facilitation());
      if (shown) host.send({ type: 'set_phase_instruction', phase: shown.phase, text: textToSend(shown.phase, this.ui.input.value) });
      this.stopEditing();
    });
    byId('phase-instruction-default').addEventListener('click', () => {
      const shown = currentInstruction(host.facilitation());
      if (shown) host.send({ type: 'set_phase_instruction', phase: shown.phase, text: '' });
      this.stopEditing();
    });
    byId('phase-instruction-cancel').addEventListener('click', () => this.stopEditing());
  }

  startEditing() {
    const shown = currentInstruction(this.host.facilitation());
    if (!shown) return;
    this.ui.input.value = shown.text;
    this.ui.form.hidden = false;
    this.ui.text.hidden = true;
    this.ui.edit.hidden = true;
    this.ui.input.focus();
    this.ui.input.select();
  }

  stopEditing() {
    showWith(this.ui.form, false);
    showWith(this.ui.text, true);
    showWith(this.ui.edit, this.host.canFacilitate());
  }

  /** Brings the banner in line with the board (called with every render). */
  update() {
    const shown = currentInstruction(this.host.facilitation());
    const key = shown ? instructionKey(shown) : '';
    const closed = !!shown && isDismissed(this.host.storage, this.host.boardId(), 'instruction', key);
    showWith(this.ui.banner, !!shown && !closed);
    showWith(this.ui.reopen, !!shown && closed);
    if (!shown) {
      this.stopEditing();
      return;
    }
    if (key !== this.shownKey) {
      this.shownKey = key;
      this.ui.text.textContent = shown.text;
      this.ui.banner.dataset.phase = shown.phase;
      this.ui.banner.dataset.custom = String(shown.custom);
    }
    const canEdit = this.host.canFacilitate();
    if (!canEdit) this.stopEditing();
    showWith(this.ui.edit, canEdit && this.ui.form.hidden);
  }
}
