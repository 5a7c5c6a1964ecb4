// What this participant shares about where it is on the wall, and whose view it follows:
// presence frames (cursor, selection, view; throttled), following another participant's view,
// and summoning everyone to this one (or to the frame it presents). Talks to the server only
// through `send`.

import { ClientMsg } from './protocol.js';
import { sharedViewport, viewFromShared } from './facilitation.js';

/** Presence updates sent at most this often. */
const PRESENCE_EVERY_MS = 50;
/** After the view stops moving, its final place is sent again (a throttled frame may be dropped). */
const VIEW_SETTLE_MS = 300;

/**
 * @typedef {object} ViewSharingHost
 * @property {import('./viewport.js').Viewport} viewport
 * @property {HTMLElement} root The page root: its data attributes tell tests the view and who is followed.
 * @property {(frame: object) => boolean} send Sends now; false when not connected.
 * @property {() => Set<string>} selection
 * @property {() => string | null} editing The sticky whose text this participant is typing into.
 * @property {(id: string) => string | undefined} participantName
 * @property {(message: string) => void} toast
 * @property {() => void} stopFollowingInBar Tells the facilitation bar (which shows whom is followed) to stop.
 * @property {(frameId: string) => boolean} fitFrame Fits a presented frame to this screen; false when the board has no such frame.
 */

export class ViewSharing {
  /** @param {ViewSharingHost} host */
  constructor(host) {
    this.host = host;
    /** Other participants' views, by participant id. @type {Map<string, import('./types.js').SharedViewport>} */
    this.viewports = new Map();
    /** The participant whose view this one follows. @type {string | null} */
    this.following = null;
    /** @type {import('./types.js').Point | null} */
    this.cursor = null;
    this.presenceTimer = 0;
    this.lastPresence = 0;
    this.viewSettleTimer = 0;
  }

  /** This participant's view as others follow it. */
  sharedView() {
    const { width, height } = this.host.viewport.size();
    return sharedViewport(this.host.viewport.view, width, height);
  }

  /** @param {import('./types.js').SharedViewport} shared */
  showShared(shared) {
    const { width, height } = this.host.viewport.size();
    this.host.viewport.set(viewFromShared(shared, width, height));
  }

  /** Another participant's view moved. @param {string} participant @param {import('./types.js').SharedViewport} view */
  viewOf(participant, view) {
    this.viewports.set(participant, view);
    if (this.following === participant) this.showShared(view);
  }

  /** @param {string | null} participant */
  follow(participant) {
    this.following = participant;
    this.host.root.dataset.following = participant ?? '';
    const view = participant ? this.viewports.get(participant) : undefined;
    if (view) this.showShared(view);
    if (participant) this.host.toast(`Following ${this.host.participantName(participant) ?? 'them'}: move the wall yourself to stop`);
  }

  stopFollowing() {
    if (this.following) this.host.stopFollowingInBar();
  }

  /**
   * The facilitator brings everyone to this view, or to the frame they present (each screen
   * fits it to its own size). A presentation step says nothing here: its bar shows where it is.
   * @param {string} [frame]
   */
  summon(frame) {
    const sent = this.host.send({ type: ClientMsg.SUMMON, viewport: this.sharedView(), ...(frame ? { frame } : {}) });
    if (!sent) this.host.toast('Not connected: try again when the board is live.');
    else if (!frame) this.host.toast('Everyone now sees this part of the wall');
  }

  /**
   * Someone brought everyone to their view or to a frame they present.
   * @param {string} participant @param {import('./types.js').SharedViewport} view @param {string} [frame]
   */
  summoned(participant, view, frame) {
    this.stopFollowing();
    const presented = !!frame && this.host.fitFrame(frame);
    if (!presented) this.showShared(view);
    const who = this.host.participantName(participant) ?? 'The facilitator';
    this.host.toast(presented ? `${who} is presenting: you see the frame they show` : `${who} brought everyone to this part of the wall`);
  }

  /** The view moved: tell the others (throttled), and once more when it settles. */
  viewChanged() {
    const v = this.sharedView();
    this.host.root.dataset.view = `${v.x},${v.y},${v.zoom}`;
    this.sendPresence(false);
    if (this.viewSettleTimer) clearTimeout(this.viewSettleTimer);
    this.viewSettleTimer = window.setTimeout(() => {
      this.viewSettleTimer = 0;
      this.sendPresence(false);
    }, VIEW_SETTLE_MS);
  }

  /** @param {import('./types.js').Point | null} p */
  cursorMoved(p) {
    this.cursor = p;
    this.sendPresence(false);
  }

  /** Throttled: at most one presence frame per 50 ms, the latest state always sent. @param {boolean} now */
  sendPresence(now) {
    if (this.presenceTimer) return;
    const wait = now ? 0 : Math.max(0, PRESENCE_EVERY_MS - (Date.now() - this.lastPresence));
    this.presenceTimer = window.setTimeout(() => {
      this.presenceTimer = 0;
      this.lastPresence = Date.now();
      const cursor = this.cursor ? { x: Math.round(this.cursor.x), y: Math.round(this.cursor.y) } : null;
      const editing = this.host.editing();
      this.host.send({ type: ClientMsg.PRESENCE, cursor, selection: [...this.host.selection()], viewport: this.sharedView(), ...(editing ? { editing } : {}) });
    }, wait);
  }
}
