// Editing a sticky's text in place. A textarea takes the text's place inside the sticky; the
// text goes to the server when typing pauses (400 ms) and when editing ends, never per
// keystroke (DESIGN.md: last writer wins per sticky).

/** Pause in typing after which the text is sent. */
export const TEXT_DEBOUNCE_MS = 400;

/**
 * @typedef {object} EditorHost
 * @property {(id: string) => HTMLElement | null} noteElement
 * @property {(id: string) => string | null} noteText   The text now, or null when the note is gone.
 * @property {(id: string, text: string, group: string) => void} commit
 * @property {(id: string, reason: 'done' | 'tab' | 'gone') => void} finished
 */

let sessions = 0;

export class TextEditor {
  /** @param {EditorHost} host */
  constructor(host) {
    this.host = host;
    /** @type {string | null} */
    this.id = null;
    /** @type {HTMLTextAreaElement | null} */
    this.area = null;
    /** @type {ReturnType<typeof setTimeout> | null} */
    this.timer = null;
    this.group = '';
    this.sent = '';
  }

  get editing() {
    return this.id;
  }

  /**
   * @param {string} id
   * @param {{group?: string, caretAtEnd?: boolean}} [opts] `group` joins the edit to an undo entry (a sticky just added).
   */
  start(id, opts = {}) {
    if (this.id === id) return;
    this.finish('done');
    const el = this.host.noteElement(id);
    const text = this.host.noteText(id);
    if (!el || text === null) return;
    const body = el.querySelector('.note-body');
    if (!body) return;
    this.id = id;
    this.group = opts.group ?? `text:${id}:${++sessions}`;
    this.sent = text;
    const area = document.createElement('textarea');
    area.className = 'note-editor';
    area.value = text;
    area.setAttribute('aria-label', 'Sticky text (Enter to finish, Shift+Enter for a new line)');
    area.spellcheck = true;
    area.addEventListener('input', () => this.schedule());
    area.addEventListener('blur', () => this.finish('done'));
    area.addEventListener('keydown', (e) => {
      e.stopPropagation();
      if (e.key === 'Escape' || (e.key === 'Enter' && !e.shiftKey && !e.isComposing)) {
        e.preventDefault();
        this.finish('done');
      } else if (e.key === 'Tab' && !e.shiftKey) {
        e.preventDefault();
        this.finish('tab');
      }
    });
    area.addEventListener('pointerdown', (e) => e.stopPropagation());
    area.addEventListener('dblclick', (e) => e.stopPropagation());
    body.append(area);
    el.classList.add('editing');
    this.area = area;
    area.focus({ preventScroll: true });
    if (opts.caretAtEnd !== false) area.setSelectionRange(area.value.length, area.value.length);
  }

  schedule() {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.flush(), TEXT_DEBOUNCE_MS);
  }

  /** Sends the text if it changed since the last send. */
  flush() {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    const id = this.id;
    const area = this.area;
    if (!id || !area) return;
    if (this.host.noteText(id) === null) return;
    if (area.value !== this.sent) {
      this.sent = area.value;
      this.host.commit(id, area.value, this.group);
    }
  }

  /** Ends editing, sending what was typed. @param {'done' | 'tab' | 'gone'} reason */
  finish(reason) {
    const id = this.id;
    const area = this.area;
    if (!id || !area) return;
    if (reason !== 'gone') this.flush();
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.id = null;
    this.area = null;
    const el = this.host.noteElement(id);
    el?.classList.remove('editing');
    const hadFocus = document.activeElement === area;
    area.remove();
    if (hadFocus && el && reason !== 'gone') el.focus({ preventScroll: true });
    this.host.finished(id, reason);
  }
}
