// The toolbar (palette) and the keyboard. The palette shows every sticky kind in its grammar
// colour with its shortcut; a click adds one. The toolbar is one tab stop; arrow keys move
// within it (the ARIA toolbar pattern). Shortcuts work whenever focus is not in a text field.

import { KINDS, kindForKey } from './kinds.js';
import { FrameKind } from './protocol.js';
import { h } from './dom.js';
import { isTyping } from './pointer.js';
import { fieldClosed, freshGuard, isPrintable, typedInField, wallKey } from './keyguard.js';

/**
 * Which keystrokes may act as shortcuts (keyguard.js), with the time and the page's focus
 * filled in: letters typed into a field are noted, and a burst of typing that reaches the wall
 * does nothing but say once where the typing went.
 */
export class KeyGuard {
  /** @param {(message: string) => void} toast */
  constructor(toast) {
    this.toast = toast;
    this.guard = freshGuard();
    this.told = false;
    /** The last key pressed in a field, and when: it tells a field left on purpose from one left under the typist. */
    this.lastKey = { key: '', at: -Infinity };
    // Capture: the sticky editor stops its keys from bubbling.
    window.addEventListener(
      'keydown',
      (e) => {
        if (!isTyping(e.target)) return;
        this.lastKey = { key: e.key, at: performance.now() };
        if (isPrintable(e)) this.guard = typedInField(this.guard, this.lastKey.at);
      },
      true,
    );
    // Any field (a panel's, a dialog's) that loses the keyboard while typed into: the rest of
    // the burst is still typing.
    window.addEventListener(
      'focusout',
      (e) => {
        if (!isTyping(e.target)) return;
        const byKey = /^(Enter|Escape|Tab)$/.test(this.lastKey.key) && performance.now() - this.lastKey.at < 300;
        this.fieldClosed(byKey);
      },
      true,
    );
  }

  /** @param {boolean} onPurpose */
  fieldClosed(onPurpose) {
    this.guard = fieldClosed(this.guard, performance.now(), onPurpose);
  }

  /**
   * A letter or digit reached the wall: whether it may act.
   * @param {boolean} isShortcut
   */
  allow(isShortcut) {
    const now = performance.now();
    const fresh = now >= this.guard.swallowUntil;
    const r = wallKey(this.guard, now, isShortcut);
    this.guard = r.guard;
    if (fresh) this.told = false;
    if (r.swallowed && !this.told && !isShortcut) {
      this.told = true;
      this.toast('Typing went to the wall and did nothing: double-click the wall or a sticky to write on it.');
    } else if (r.swallowed && !this.told) {
      this.told = true;
      this.toast('Those keys were typing, not shortcuts: nothing was added. Double-click to write on a sticky.');
    }
    return r.act;
  }
}

/**
 * What the tools need from the app.
 * @typedef {object} ToolHost
 * @property {() => boolean} readOnly
 * @property {(kind: import('./types.js').NoteKind) => void} addNote
 * @property {(kind: import('./types.js').NoteKind) => void} changeKind
 * @property {(kind: import('./types.js').FrameKindName) => void} addFrame
 * @property {() => void} undo
 * @property {() => void} redo
 * @property {() => void} deleteSelection
 * @property {() => void} duplicate
 * @property {() => void} selectAll
 * @property {() => void} clearSelection
 * @property {() => boolean} hasSelectedNotes
 * @property {() => void} connectSelection
 * @property {() => void} editSelected
 * @property {(dx: number, dy: number) => void} nudge
 * @property {(factor: number) => void} zoomBy
 * @property {() => void} zoomReset
 * @property {() => void} zoomFit
 * @property {() => void} focusSearch
 * @property {() => void} toggleBox
 */

/**
 * Builds the palette into `root`. Returns a function that updates the toggles and enabled states.
 * @param {HTMLElement} root @param {ToolHost} host
 * @returns {(s: {box: boolean, canUndo: boolean, canRedo: boolean, hasSelection: boolean, kind: import('./types.js').NoteKind}) => void}
 */
export function buildPalette(root, host) {
  const kindButtons = KINDS.map((k) =>
    h(
      'button',
      {
        type: 'button',
        class: `tool kind-tool k-${k.kind}`,
        'data-kind': k.kind,
        'aria-label': `Add ${k.label.toLowerCase()}`,
        'aria-keyshortcuts': k.key.toUpperCase(),
        title: `${k.label} (${k.key.toUpperCase()}): ${k.hint}. Shift+${k.key.toUpperCase()} turns the selection into ${k.label.toLowerCase()}s.`,
        onclick: () => host.addNote(k.kind),
      },
      h('span', { class: 'swatch', 'aria-hidden': 'true' }),
      h('span', { class: 'tool-label', text: k.label }),
      h('kbd', { text: k.key.toUpperCase() }),
    ),
  );
  const frameButtons = [
    h('button', { type: 'button', class: 'tool', 'aria-label': 'Add bounded context', title: 'Add a bounded context', onclick: () => host.addFrame(FrameKind.BOUNDED_CONTEXT) }, h('span', { class: 'swatch frame-swatch', 'aria-hidden': 'true' }), h('span', { class: 'tool-label', text: 'Context' })),
    h('button', { type: 'button', class: 'tool', 'aria-label': 'Add swimlane', title: 'Add a swimlane', onclick: () => host.addFrame(FrameKind.SWIMLANE) }, h('span', { class: 'swatch lane-swatch', 'aria-hidden': 'true' }), h('span', { class: 'tool-label', text: 'Swimlane' })),
  ];
  const box = h('button', { type: 'button', class: 'tool', 'aria-pressed': 'false', 'aria-keyshortcuts': 'B', title: 'Box select: drag on the wall to select (B); Shift+drag always does', onclick: () => host.toggleBox() }, h('span', { class: 'tool-icon', 'aria-hidden': 'true', text: '⬚' }), h('span', { class: 'tool-label', text: 'Select' }), h('kbd', { text: 'B' }));
  const undo = h('button', { type: 'button', class: 'tool', 'aria-keyshortcuts': 'Control+Z', title: 'Undo your last change (Ctrl+Z)', onclick: () => host.undo() }, h('span', { class: 'tool-icon', 'aria-hidden': 'true', text: '↶' }), h('span', { class: 'tool-label', text: 'Undo' }));
  const redo = h('button', { type: 'button', class: 'tool', 'aria-keyshortcuts': 'Control+Shift+Z', title: 'Redo (Ctrl+Shift+Z)', onclick: () => host.redo() }, h('span', { class: 'tool-icon', 'aria-hidden': 'true', text: '↷' }), h('span', { class: 'tool-label', text: 'Redo' }));
  const del = h('button', { type: 'button', class: 'tool', 'aria-keyshortcuts': 'Delete', title: 'Delete the selection (Delete)', onclick: () => host.deleteSelection() }, h('span', { class: 'tool-icon', 'aria-hidden': 'true', text: '×' }), h('span', { class: 'tool-label', text: 'Delete' }));
  const dup = h('button', { type: 'button', class: 'tool', 'aria-keyshortcuts': 'Control+D', title: 'Duplicate the selection (Ctrl+D)', onclick: () => host.duplicate() }, h('span', { class: 'tool-icon', 'aria-hidden': 'true', text: '⊞' }), h('span', { class: 'tool-label', text: 'Duplicate' }));
  const sep = () => h('hr', { 'aria-hidden': 'true' });
  // Which kind a double-click or Tab adds: the last one added, shown so it is never a surprise.
  const current = h('p', { class: 'current-kind', id: 'current-kind', 'aria-live': 'polite' });
  root.replaceChildren(...kindButtons, current, sep(), ...frameButtons, sep(), box, undo, redo, dup, del);
  /** @type {HTMLButtonElement[]} */
  const all = [...root.querySelectorAll('button')];
  all.forEach((b, i) => (b.tabIndex = i === 0 ? 0 : -1));
  root.addEventListener('keydown', (e) => {
    const i = all.indexOf(/** @type {HTMLButtonElement} */ (document.activeElement));
    if (i < 0) return;
    const enabled = all.filter((b) => !b.disabled);
    const j = enabled.indexOf(all[i]);
    let next = -1;
    if (e.key === 'ArrowDown' || e.key === 'ArrowRight') next = (j + 1) % enabled.length;
    else if (e.key === 'ArrowUp' || e.key === 'ArrowLeft') next = (j - 1 + enabled.length) % enabled.length;
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = enabled.length - 1;
    if (next < 0) return;
    e.preventDefault();
    e.stopPropagation();
    all[i].tabIndex = -1;
    enabled[next].tabIndex = 0;
    enabled[next].focus();
  });
  return (s) => {
    for (const b of kindButtons) {
      const on = b.dataset.kind === s.kind;
      b.classList.toggle('current', on);
      if (on) b.setAttribute('aria-current', 'true');
      else b.removeAttribute('aria-current');
    }
    const text = `Double-click adds: ${KINDS.find((k) => k.kind === s.kind)?.label ?? ''}`;
    if (current.textContent !== text) current.textContent = text;
    box.setAttribute('aria-pressed', String(s.box));
    box.classList.toggle('on', s.box);
    undo.disabled = !s.canUndo;
    redo.disabled = !s.canRedo;
    del.disabled = !s.hasSelection;
    dup.disabled = !s.hasSelection;
  };
}

/**
 * Keyboard shortcuts on the whole page.
 * @param {ToolHost} host @param {KeyGuard} keys
 */
export function installShortcuts(host, keys) {
  window.addEventListener('keydown', (e) => {
    if (e.defaultPrevented || isTyping(e.target)) return;
    if (document.querySelector('dialog[open]')) return;
    const mod = e.ctrlKey || e.metaKey;
    const key = e.key;
    // On a button, link or toolbar, Enter, Space and the arrows belong to that control.
    const onControl = e.target instanceof Element && !!e.target.closest('button, a, [role="toolbar"], .panel');
    if (onControl && !mod && /^(Enter| |Arrow.*|Home|End)$/.test(key)) return;
    const ro = host.readOnly();
    /** @param {() => void} f */
    const run = (f) => {
      e.preventDefault();
      f();
    };
    if (mod) {
      const k = key.toLowerCase();
      if (k === 'z' && !e.shiftKey && !ro) return run(() => host.undo());
      if (((k === 'z' && e.shiftKey) || k === 'y') && !ro) return run(() => host.redo());
      if (k === 'd' && !ro) return run(() => host.duplicate());
      if (k === 'a') return run(() => host.selectAll());
      if (k === 'f') return run(() => host.focusSearch());
      if (key === '=' || key === '+') return run(() => host.zoomBy(1.25));
      if (key === '-') return run(() => host.zoomBy(0.8));
      if (key === '0') return run(() => host.zoomReset());
      return;
    }
    if (e.altKey) return;
    switch (key) {
      case 'Escape':
        return run(() => host.clearSelection());
      case '/':
        return run(() => host.focusSearch());
      case '+':
      case '=':
        return run(() => host.zoomBy(1.25));
      case '-':
      case '_':
        return run(() => host.zoomBy(0.8));
      case '0':
        return run(() => host.zoomReset());
      case 'ArrowLeft':
      case 'ArrowRight':
      case 'ArrowUp':
      case 'ArrowDown': {
        const step = e.shiftKey ? 50 : 10;
        const dx = key === 'ArrowLeft' ? -step : key === 'ArrowRight' ? step : 0;
        const dy = key === 'ArrowUp' ? -step : key === 'ArrowDown' ? step : 0;
        return run(() => host.nudge(dx, dy));
      }
    }
    // A capital letter is a Shift shortcut even when Caps Lock or a script typed it.
    const shift = e.shiftKey || key !== key.toLowerCase();
    if (isPrintable(e) && !keys.allow(isShortcut(key, shift, host))) {
      e.preventDefault();
      return;
    }
    if (ro) {
      if (key === 'f' || key === 'F') run(() => host.zoomFit());
      return;
    }
    const action = WALL_KEYS.get(key.length === 1 ? key.toLowerCase() : key);
    if (action) return run(() => host[action]());
    const info = kindForKey(key);
    if (info) run(() => (shift ? host.changeKind(info.kind) : host.addNote(info.kind)));
  });
}

/**
 * The keys that act on the selection or the view (letters in either case).
 * @type {Map<string, 'deleteSelection' | 'editSelected' | 'zoomFit' | 'toggleBox' | 'connectSelection'>}
 */
const WALL_KEYS = new Map([
  ['Delete', 'deleteSelection'],
  ['Backspace', 'deleteSelection'],
  ['Enter', 'editSelected'],
  ['F2', 'editSelected'],
  ['f', 'zoomFit'],
  ['b', 'toggleBox'],
  ['l', 'connectSelection'],
]);

/**
 * Whether a letter means something on the wall now: a kind adds a sticky, Shift and a kind
 * changes the selected stickies (nothing when none is selected), and the few command letters.
 * @param {string} key @param {boolean} shift @param {ToolHost} host
 */
function isShortcut(key, shift, host) {
  if (/^[fbl]$/i.test(key)) return true;
  if (!kindForKey(key)) return false;
  return !shift || host.hasSelectedNotes();
}
