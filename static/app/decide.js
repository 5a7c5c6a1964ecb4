// Predicts what a command will do, so the wall shows an edit before the server confirms it.
// Mirrors `decide` in crates/board/src/decide.rs for everything the client can know: an edit
// that the server would refuse predicts `null` and is not sent; one that changes nothing
// predicts no events. Limits (text length, element count) are left to the server, which
// answers with `rejected` and the client rolls the edit back. Pure.

import { Cmd, Ev } from './protocol.js';
import { defaultSize } from './kinds.js';
import { canonicalDetails, connectorsOf, idInUse, sameDetails } from './model.js';
import { isLocked } from './facilitation.js';

/** @typedef {import('./model.js').BoardState} BoardState */
/** @typedef {import('./types.js').Command} Command */
/** @typedef {import('./types.js').BoardEvent} BoardEvent */

/**
 * @param {BoardState} s
 * @param {Command} c
 * @returns {BoardEvent[] | null} The events the command should produce, or null when it would be refused.
 */
export function decide(s, c) {
  // A locked element refuses every change (the facilitator unlocks it first).
  const locked = (/** @type {string} */ id) => isLocked(s.facilitation, id);
  switch (c.type) {
    case Cmd.RENAME_BOARD: {
      const title = c.title.trim();
      if (!title) return null;
      return title === s.title ? [] : [{ type: Ev.BOARD_RENAMED, title, from: s.title }];
    }
    case Cmd.ADD_NOTE: {
      if (idInUse(s, c.id)) return null;
      const size = defaultSize(c.kind);
      const note = {
        id: c.id,
        kind: c.kind,
        text: c.text ?? '',
        x: c.x,
        y: c.y,
        w: c.w ?? size.w,
        h: c.h ?? size.h,
        details: canonicalDetails(c.details),
      };
      // In private mode the sticky is its owner's alone (the server stamps the owner).
      if (s.facilitation.private_mode && c.owner) return [{ type: Ev.PRIVATE_NOTE_ADDED, note, owner: c.owner }];
      return [{ type: Ev.NOTE_ADDED, note }];
    }
    case Cmd.MOVE_NOTES: {
      if (c.moves.length === 0) return null;
      const seen = new Set();
      const moves = [];
      for (const m of c.moves) {
        const note = s.notes.get(m.id);
        if (!note || seen.has(m.id) || locked(m.id)) return null;
        seen.add(m.id);
        if (note.x !== m.x || note.y !== m.y) {
          moves.push({ id: m.id, x: m.x, y: m.y, from_x: note.x, from_y: note.y });
        }
      }
      return moves.length ? [{ type: Ev.NOTES_MOVED, moves }] : [];
    }
    case Cmd.RESIZE_NOTE: {
      const note = s.notes.get(c.id);
      if (!note || locked(c.id)) return null;
      if (note.w === c.w && note.h === c.h) return [];
      return [{ type: Ev.NOTE_RESIZED, id: c.id, w: c.w, h: c.h, from_w: note.w, from_h: note.h }];
    }
    case Cmd.EDIT_TEXT: {
      const note = s.notes.get(c.id);
      if (!note || locked(c.id)) return null;
      return note.text === c.text ? [] : [{ type: Ev.NOTE_TEXT_EDITED, id: c.id, text: c.text, from: note.text }];
    }
    case Cmd.CHANGE_KIND: {
      const note = s.notes.get(c.id);
      if (!note || locked(c.id)) return null;
      return note.kind === c.kind ? [] : [{ type: Ev.NOTE_KIND_CHANGED, id: c.id, kind: c.kind, from: note.kind }];
    }
    case Cmd.SET_DETAILS: {
      const note = s.notes.get(c.id);
      if (!note || locked(c.id)) return null;
      if (sameDetails(note.details, c.details)) return [];
      return [
        { type: Ev.NOTE_DETAILS_CHANGED, id: c.id, details: canonicalDetails(c.details), from: note.details },
      ];
    }
    case Cmd.DELETE_NOTE: {
      if (!s.notes.has(c.id) || locked(c.id)) return null;
      // Its connectors go with it: a locked one keeps the sticky on the wall too.
      const connectors = connectorsOf(s, c.id);
      if (connectors.some((k) => locked(k.id))) return null;
      return [{ type: Ev.NOTE_DELETED, id: c.id, connectors }];
    }
    case Cmd.RESTORE_NOTE: {
      const gone = s.deleted.get(c.id);
      if (!gone) return null;
      const connectors = gone.connectors.filter((k) => {
        const other = k.from === c.id ? k.to : k.from;
        return s.notes.has(other) && !idInUse(s, k.id);
      });
      return [{ type: Ev.NOTE_RESTORED, note: gone.note, connectors }];
    }
    case Cmd.ADD_CONNECTOR: {
      if (idInUse(s, c.id) || !s.notes.has(c.from) || !s.notes.has(c.to) || c.from === c.to) return null;
      /** @type {import('./types.js').Connector} */
      const connector = { id: c.id, from: c.from, to: c.to };
      if (c.label && c.label.trim()) connector.label = c.label;
      return [{ type: Ev.CONNECTOR_ADDED, connector }];
    }
    case Cmd.CHANGE_CONNECTOR: {
      const from = s.connectors.get(c.id);
      if (!from || locked(c.id)) return null;
      const label = c.label?.trim() ? c.label : undefined;
      if (label !== undefined && /[\r\n]/.test(label)) return null;
      if ((from.label ?? undefined) === label) return [];
      /** @type {import('./types.js').Connector} */
      const connector = { id: from.id, from: from.from, to: from.to };
      if (label !== undefined) connector.label = label;
      return [{ type: Ev.CONNECTOR_CHANGED, connector, from }];
    }
    case Cmd.REMOVE_CONNECTOR: {
      const connector = s.connectors.get(c.id);
      return connector && !locked(c.id) ? [{ type: Ev.CONNECTOR_REMOVED, connector }] : null;
    }
    case Cmd.ADD_FRAME: {
      if (idInUse(s, c.id)) return null;
      const { id, kind, name, x, y, w, h } = c;
      return [{ type: Ev.FRAME_ADDED, frame: { id, kind, name, x, y, w, h } }];
    }
    case Cmd.CHANGE_FRAME: {
      const from = s.frames.get(c.id);
      if (!from || locked(c.id)) return null;
      const frame = {
        ...from,
        kind: c.kind ?? from.kind,
        name: c.name ?? from.name,
        x: c.x ?? from.x,
        y: c.y ?? from.y,
        w: c.w ?? from.w,
        h: c.h ?? from.h,
      };
      const same = /** @type {const} */ (['kind', 'name', 'x', 'y', 'w', 'h']).every((k) => frame[k] === from[k]);
      return same ? [] : [{ type: Ev.FRAME_CHANGED, frame, from }];
    }
    case Cmd.REMOVE_FRAME: {
      const frame = s.frames.get(c.id);
      return frame && !locked(c.id) ? [{ type: Ev.FRAME_REMOVED, frame }] : null;
    }
  }
  return null;
}
