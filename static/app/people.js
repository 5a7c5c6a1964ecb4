// Who is here: the participants list (names and colours), everyone's live cursor with their
// name on it, and the name this browser uses (asked once, remembered in localStorage).

import { Storage } from './protocol.js';
import { h } from './dom.js';
import { newId } from './ids.js';

/** @typedef {import('./types.js').Participant} Participant */
/** @typedef {import('./types.js').Point} Point */

/** @param {Storage} storage @returns {string} */
export function savedName(storage) {
  try {
    return (storage.getItem(Storage.NAME) || '').trim();
  } catch {
    return '';
  }
}

/** @param {Storage} storage @param {string} name */
export function saveName(storage, name) {
  try {
    storage.setItem(Storage.NAME, name.trim());
  } catch {
    // Not remembered; asked again next time.
  }
}

/**
 * This browser's participant secret: the server derives the participant's public id from it
 * (the same on every visit), and votes are cast with it. Never shown and never sent anywhere
 * but the board's own server. Without storage it lives as long as the page.
 * @param {Storage} storage
 */
export function participantSecret(storage) {
  try {
    let secret = storage.getItem(Storage.PARTICIPANT_SECRET);
    if (!secret || !/^[A-Za-z0-9_-]{16,128}$/.test(secret)) {
      secret = newId().replaceAll('-', '');
      storage.setItem(Storage.PARTICIPANT_SECRET, secret);
    }
    return secret;
  } catch {
    pageSecret ??= newId().replaceAll('-', '');
    return pageSecret;
  }
}

/** The secret of a page whose storage is refused. @type {string | undefined} */
let pageSecret;

/** @param {string} name */
function initials(name) {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  return ((parts[0]?.[0] ?? '?') + (parts.length > 1 ? parts[parts.length - 1][0] : '')).toUpperCase();
}

export class People {
  /** @param {HTMLElement} list @param {HTMLElement} cursorLayer */
  constructor(list, cursorLayer) {
    this.list = list;
    this.cursorLayer = cursorLayer;
    /** @type {Participant | null} */
    this.me = null;
    /** @type {Participant[]} */
    this.participants = [];
    /** @type {Map<string, {cursor: Point | null, selection: string[]}>} */
    this.presence = new Map();
    /** @type {Map<string, HTMLElement>} */
    this.cursors = new Map();
    this.zoom = 1;
  }

  /** @param {Participant | null} me @param {Participant[]} participants */
  setParticipants(me, participants) {
    if (me) this.me = me;
    this.participants = participants;
    const ids = new Set(participants.map((p) => p.id));
    for (const id of [...this.presence.keys()]) if (!ids.has(id)) this.presence.delete(id);
    this.list.replaceChildren(
      ...participants.map((p) => {
        const you = this.me && p.id === this.me.id;
        const dot = h('span', { class: 'avatar', 'aria-hidden': 'true', text: initials(p.name) });
        dot.style.backgroundColor = p.colour;
        return h('li', { class: you ? 'you' : '', title: p.name }, dot, h('span', { class: 'who', text: you ? `${p.name} (you)` : p.name }));
      }),
    );
    this.drawCursors();
  }

  /** @param {string} participant @param {Point | null} cursor @param {string[]} selection */
  setPresence(participant, cursor, selection) {
    if (this.me && participant === this.me.id) return;
    this.presence.set(participant, { cursor, selection });
    this.drawCursors();
  }

  /** Element id -> colour of whoever else selected it. @returns {Map<string, string>} */
  remoteSelections() {
    /** @type {Map<string, string>} */
    const out = new Map();
    for (const [pid, p] of this.presence) {
      const who = this.participants.find((x) => x.id === pid);
      if (!who) continue;
      for (const id of p.selection) out.set(id, who.colour);
    }
    return out;
  }

  /** Cursors keep their size on screen whatever the zoom. @param {number} zoom */
  setZoom(zoom) {
    if (zoom === this.zoom) return;
    this.zoom = zoom;
    this.drawCursors();
  }

  drawCursors() {
    const seen = new Set();
    for (const [pid, p] of this.presence) {
      const who = this.participants.find((x) => x.id === pid);
      if (!who || !p.cursor) continue;
      seen.add(pid);
      let el = this.cursors.get(pid);
      if (!el) {
        el = h('div', { class: 'cursor', 'aria-hidden': 'true' }, h('span', { class: 'cursor-arrow' }), h('span', { class: 'cursor-name' }));
        this.cursors.set(pid, el);
        this.cursorLayer.append(el);
      }
      const name = /** @type {HTMLElement} */ (el.querySelector('.cursor-name'));
      name.textContent = who.name;
      el.style.setProperty('--colour', who.colour);
      el.style.transform = `translate(${p.cursor.x}px, ${p.cursor.y}px) scale(${1 / this.zoom})`;
    }
    for (const [pid, el] of this.cursors) {
      if (!seen.has(pid)) {
        el.remove();
        this.cursors.delete(pid);
      }
    }
  }
}

/**
 * Asks for a name in a dialog; resolves with the name (the saved one when cancelled).
 * @param {HTMLDialogElement} dialog @param {string} current @returns {Promise<string>}
 */
export function askName(dialog, current) {
  const form = /** @type {HTMLFormElement} */ (dialog.querySelector('form'));
  const input = /** @type {HTMLInputElement} */ (dialog.querySelector('input'));
  input.value = current;
  return new Promise((resolve) => {
    const done = () => {
      form.removeEventListener('submit', onSubmit);
      dialog.removeEventListener('cancel', onCancel);
    };
    /** @param {SubmitEvent} e */
    const onSubmit = (e) => {
      e.preventDefault();
      done();
      dialog.close();
      resolve(input.value.trim().slice(0, 40) || current || 'Guest');
    };
    /** @param {Event} e */
    const onCancel = (e) => {
      e.preventDefault();
      done();
      dialog.close();
      resolve(current || 'Guest');
    };
    form.addEventListener('submit', onSubmit);
    dialog.addEventListener('cancel', onCancel);
    dialog.showModal();
    input.focus();
    input.select();
  });
}
