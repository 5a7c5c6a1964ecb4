// The board page's controller: owns the confirmed state, the pending ops (outbox), the undo
// history and the selection; talks to the server through the Connection; hands the state to
// the renderer, panels, search and minimap once per animation frame.

import { ClientMsg, Cmd, ConnState, Ev, FACILITATION_COMMANDS, Rejection, ServerMsg, socketPath } from './protocol.js';
import { applyEvents, emptyBoard, fromView } from './model.js';
import { decide } from './decide.js';
import { addPending, initialSync, receiveEvent, replaceConfirmed, settle, visibleState } from './reconcile.js';
import { loadOutbox, saveOutbox, unsent } from './outbox.js';
import { canRedo, canUndo, confirm, drop, emptyHistory, record } from './undo.js';
import { boundsOf } from './geometry.js';
import { newId } from './ids.js';
import { facilitatorKey, keyFromHash, rememberVisit, saveFacilitatorKey } from './recent.js';
import { clockOffset, sharedViewport, viewFromShared } from './facilitation.js';
import { FacilitationBar } from './facilitate.js';
import { TimeTravel } from './timetravel.js';
import { ExportTools } from './exporting.js';
import { Connection } from './socket.js';
import { Renderer } from './render.js';
import { FarView } from './farview.js';
import { Viewport } from './viewport.js';
import { Pointer } from './pointer.js';
import { TextEditor } from './editor.js';
import { DetailsPanel } from './panels.js';
import { People, askName, participantSecret, saveName, savedName } from './people.js';
import { Search } from './search.js';
import { Minimap } from './minimap.js';
import { StatusBar, rejectionNotice } from './status.js';
import { buildPalette, installShortcuts } from './tools.js';
import { Actions } from './actions.js';
import { byId } from './dom.js';

/** @typedef {import('./model.js').BoardState} BoardState */
/** @typedef {import('./types.js').Command} Command */
/** @typedef {import('./types.js').BoardEvent} BoardEvent */
/** @typedef {import('./types.js').EventEnvelope} EventEnvelope */
/** @typedef {import('./types.js').ServerMessage} ServerMessage */

/** Presence updates sent at most this often. */
const PRESENCE_EVERY_MS = 50;
/** After the view stops moving, its final place is sent again (a throttled frame may be dropped). */
const VIEW_SETTLE_MS = 300;
/** How often culling follows a moving view. */
const CULL_EVERY_MS = 100;

export class BoardApp {
  /** @param {HTMLElement} root */
  constructor(root) {
    this.root = root;
    this.boardId = root.dataset.boardId ?? '';
    /** Opened through the view-only link. */
    this.viewOnly = root.dataset.readOnly === 'true';
    /** The board as it was at a past seq, while the history slider shows it. @type {BoardState | null} */
    this.past = null;
    this.storage = window.localStorage;
    const title = byId('board-title').textContent ?? '';
    const pending = this.viewOnly ? [] : loadOutbox(this.storage, this.boardId);
    /** @type {import('./reconcile.js').Sync} */
    this.sync = initialSync(emptyBoard(this.boardId, title), pending);
    /** Whether the confirmed state came from the server (else join asks for the whole board). */
    this.hasBoard = false;
    this.syncDirty = true;
    /** @type {BoardState} */
    this.visible = this.sync.confirmed;
    this.history = emptyHistory();
    /** Ops this page sent and keeps undo history for -> the events the server confirmed so far. @type {Map<string, BoardEvent[]>} */
    this.tracked = new Map();
    /** Ops sent on the current connection. @type {Set<string>} */
    this.sent = new Set();
    /** A `retract` came: the next `board` is the committed board on this same connection. */
    this.retracted = false;
    /** @type {Set<string>} */
    this.selection = new Set();
    /** @type {Set<string>} */
    this.matches = new Set();
    this.boxMode = false;
    this.pointerDown = false;
    /** @type {import('./types.js').Point | null} */
    this.cursor = null;
    this.presenceTimer = 0;
    this.lastPresence = 0;
    this.raf = 0;
    this.cullTimer = 0;
    this.fitted = false;
    this.name = savedName(this.storage);
    /** @type {ReturnType<typeof setTimeout> | null} */
    this.resendTimer = null;
    this.resendAttempt = 0;
    // A facilitator link (#facilitator=KEY) hands this browser the key: keep it, then take it
    // out of the address bar so it is not shared by accident.
    const fromHash = keyFromHash(location.hash);
    if (fromHash.key) {
      saveFacilitatorKey(this.storage, this.boardId, fromHash.key);
      history.replaceState(history.state, '', `${location.pathname}${location.search}${fromHash.rest}`);
    }
    this.facilitatorKey = this.viewOnly ? null : facilitatorKey(this.storage, this.boardId);
    /** Whether the server accepted this participant as the facilitator. */
    this.facilitator = false;
    /** Add to Date.now() to read the server's clock (from the last welcome). */
    this.clockOffset = 0;
    /** Facilitation commands sent and not yet answered. @type {Set<string>} */
    this.facilOps = new Set();
    /** Other participants' views, by participant id. @type {Map<string, import('./types.js').SharedViewport>} */
    this.viewports = new Map();
    /** The participant whose view this one follows. @type {string | null} */
    this.following = null;
    this.viewSettleTimer = 0;

    this.status = new StatusBar(byId('conn'), byId('conn-text'), byId('toast'));
    const wall = byId('wall');
    this.viewport = new Viewport(wall, byId('layer'), (v) => {
      this.scheduleCull();
      this.people.setZoom(v.zoom);
      this.minimap.schedule();
      // Only when it changes: new text lays out the page, and a pan changes no zoom.
      const zoomText = `${Math.round(v.zoom * 100)}%`;
      const zoomReset = byId('zoom-reset');
      if (zoomReset.textContent !== zoomText) zoomReset.textContent = zoomText;
      this.farView.setView(v, this.viewport.far);
      this.viewChanged();
    });
    this.renderer = new Renderer(
      {
        frames: byId('frames-layer'),
        connectors: /** @type {SVGSVGElement} */ (/** @type {unknown} */ (byId('connectors-layer'))),
        notes: byId('notes-layer'),
        frameChrome: byId('frame-chrome-layer'),
      },
      { readOnly: this.readOnly, previewed: () => this.farView.previewChanged() },
    );
    this.farView = new FarView(wall, this.renderer, () => this.viewport.size());
    this.people = new People(byId('participants'), byId('cursors-layer'));
    this.minimap = new Minimap(/** @type {HTMLCanvasElement} */ (byId('minimap')), this.viewport);
    this.actions = new Actions(this);
    this.editor = new TextEditor({
      noteElement: (id) => this.renderer.noteElement(id),
      noteText: (id) => this.current().notes.get(id)?.text ?? null,
      commit: (id, text, group) => this.issue([{ type: Cmd.EDIT_TEXT, id, text }], { group }),
      finished: (id, reason) => {
        this.renderer.invalidate(id);
        this.scheduleRender();
        if (reason === 'tab') this.actions.addNext(id);
      },
    });
    this.panel = new DetailsPanel(byId('panel'), {
      state: () => this.current(),
      selection: () => this.selection,
      readOnly: () => this.readOnly,
      issue: (commands, opts) => this.issue(commands, opts),
      select: (ids) => this.select(ids),
      deleteSelection: () => this.actions.deleteSelection(),
      connectSelection: () => this.actions.connectSelection(),
      elementHistory: async (id) => {
        const r = await fetch(`/api/boards/${encodeURIComponent(this.boardId)}/history?element=${encodeURIComponent(id)}`);
        const body = await r.json().catch(() => ({}));
        if (!r.ok) throw new Error(body.message || `the server answered ${r.status}`);
        return body.events ?? [];
      },
      nameOf: (id) => this.nameOf(id),
      focusNote: (id) => this.renderer.focusNote(id),
    });
    this.search = new Search(/** @type {HTMLInputElement} */ (byId('search-input')), byId('search-count'), {
      state: () => this.current(),
      setMatches: (ids) => {
        this.matches = ids;
        this.scheduleRender();
      },
      showNote: (id) => this.actions.showNote(id),
    });
    this.pointer = new Pointer(wall, byId('marquee'), {
      state: () => this.current(),
      viewport: this.viewport,
      renderer: this.renderer,
      readOnly: () => this.readOnly,
      selection: () => this.selection,
      select: (ids) => this.select(ids),
      toggleSelected: (id) => this.toggleSelected(id),
      issue: (commands, opts) => this.issue(commands, opts),
      renderNow: () => this.renderNow(),
      editText: (id) => this.actions.editText(id),
      addNoteAt: (at) => this.actions.addNoteAt(this.actions.kind, at),
      renameFrame: (id) => this.actions.renameFrame(id),
      boxMode: () => this.boxMode,
      cursorMoved: (p) => this.cursorMoved(p),
    });
    this.updatePalette = buildPalette(byId('palette'), this.actions);
    this.facil = new FacilitationBar({
      state: () => this.current(),
      canFacilitate: () => this.facilitator && !this.readOnly,
      canVote: () => !this.readOnly,
      voter: () => this.people.me?.id ?? '',
      serverNow: () => Date.now() + this.clockOffset,
      send: (command) => this.facilitate(command),
      people: () => ({ me: this.people.me, participants: this.people.participants }),
      follow: (participant) => this.follow(participant),
      summon: () => this.summon(),
      showNote: (id) => this.actions.showNote(id),
    });
    window.setInterval(() => this.facil.tick(), 250);
    this.timeTravel = new TimeTravel({
      boardId: this.boardId,
      liveSeq: () => this.sync.confirmed.seq,
      past: () => this.past,
      setPast: (state) => this.setPast(state),
      nameOf: (id) => this.nameOf(id),
      toast: (message) => this.status.toast(message),
      storage: () => this.storage,
    });
    this.exports = new ExportTools({
      boardId: this.boardId,
      pastSeq: () => this.past?.seq ?? null,
      showStickies: (ids) => this.showStickies(ids),
      toast: (message) => this.status.toast(message),
    });
    installShortcuts(this.actions);
    this.actions.installClipboard();
    this.wireChrome(wall);
    this.connection = new Connection({
      url: `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}${socketPath(this.boardId)}`,
      joinMessage: () => ({
        type: ClientMsg.JOIN,
        since: this.hasBoard ? this.sync.confirmed.seq : 0,
        name: this.name,
        participant_secret: participantSecret(this.storage),
        ...(this.facilitatorKey ? { facilitator_key: this.facilitatorKey } : {}),
        // Events arrive before their commit: naming the one held at `since` lets the server
        // send the committed board instead when that one never was.
        ...(this.hasBoard && this.sync.head ? { since_event: this.sync.head } : {}),
      }),
      onMessage: (msg) => this.onMessage(msg),
      onState: () => {
        this.sent.clear();
        this.scheduleRender();
      },
      onProgress: () => this.scheduleRender(),
    });
    this.applyReadOnly();
    this.viewport.set({ x: 80, y: 80, zoom: 1 });
  }

  /** Asks for a name the first time, then connects. */
  async start() {
    if (!this.name) {
      this.name = await askName(/** @type {HTMLDialogElement} */ (byId('name-dialog')), '');
      saveName(this.storage, this.name);
    }
    byId('rename-me').textContent = this.name;
    this.connection.start();
    this.scheduleRender();
  }

  /** @param {HTMLElement} wall */
  wireChrome(wall) {
    byId('zoom-in').addEventListener('click', () => this.viewport.zoomBy(1.25));
    byId('zoom-out').addEventListener('click', () => this.viewport.zoomBy(0.8));
    byId('zoom-reset').addEventListener('click', () => this.viewport.zoomTo(1));
    byId('zoom-fit').addEventListener('click', () => this.actions.zoomFit());
    byId('board-title').addEventListener('click', () => this.actions.renameBoard());
    byId('share').addEventListener('click', () => this.share());
    byId('rename-me').addEventListener('click', async () => {
      const name = await askName(/** @type {HTMLDialogElement} */ (byId('name-dialog')), this.name);
      if (name === this.name) return;
      this.name = name;
      saveName(this.storage, name);
      byId('rename-me').textContent = name;
      this.connection.reconnectNow();
    });
    wall.addEventListener('pointerdown', () => {
      this.pointerDown = true;
      this.stopFollowing();
    });
    wall.addEventListener('wheel', () => this.stopFollowing(), { passive: true });
    for (const id of ['zoom-in', 'zoom-out', 'zoom-reset', 'zoom-fit']) byId(id).addEventListener('click', () => this.stopFollowing());
    window.addEventListener('pointerup', () => {
      setTimeout(() => {
        this.pointerDown = false;
      }, 0);
    });
    wall.addEventListener('focusin', (e) => {
      const t = /** @type {HTMLElement} */ (e.target);
      const id = t.classList.contains('note') ? t.dataset.id : t.classList.contains('frame-header') ? t.closest('.frame-chrome')?.getAttribute('data-id') : null;
      if (id && !this.selection.has(id) && !this.pointerDown) this.select([id]);
    });
    window.addEventListener('online', () => this.connection.reconnectNow());
    window.addEventListener('offline', () => this.connection.browserOffline());
    window.addEventListener('pagehide', () => {
      this.editor.flush();
      this.panel.flushAll();
    });
    window.addEventListener('resize', () => this.minimap.schedule());
  }

  /** Shows the board's links: the edit link (unless this is a view-only link) and the view-only one. */
  share() {
    const dialog = /** @type {HTMLDialogElement} */ (byId('share-dialog'));
    const here = `${location.origin}${location.pathname}`;
    const viewLink = this.root.dataset.viewLink;
    byId('share-edit').hidden = this.viewOnly;
    /** @type {HTMLInputElement} */ (byId('share-edit-link')).value = here;
    /** @type {HTMLInputElement} */ (byId('share-view-link')).value = this.viewOnly || !viewLink ? here : `${location.origin}${viewLink}`;
    const key = this.facilitator ? this.facilitatorKey : null;
    byId('share-facilitator').hidden = !key;
    /** @type {HTMLInputElement} */ (byId('share-facilitator-link')).value = key ? `${here}#facilitator=${encodeURIComponent(key)}` : '';
    for (const button of dialog.querySelectorAll('button[data-copy]')) {
      if (!(button instanceof HTMLButtonElement)) continue;
      button.onclick = async () => {
        const input = /** @type {HTMLInputElement} */ (byId(button.dataset.copy ?? ''));
        input.select();
        try {
          await navigator.clipboard.writeText(input.value);
          button.textContent = 'Copied';
        } catch {
          button.textContent = 'Press Ctrl+C';
        }
      };
      button.textContent = 'Copy';
    }
    dialog.showModal();
  }

  /** Nothing can be changed: a view-only link, or the wall shows the past. */
  get readOnly() {
    return this.viewOnly || this.past !== null;
  }

  applyReadOnly() {
    this.root.classList.toggle('read-only', this.readOnly);
    this.root.classList.toggle('time-travel', this.past !== null);
    byId('view-only').hidden = !this.viewOnly;
    this.renderer.setReadOnly(this.readOnly);
    /** @type {HTMLButtonElement} */ (byId('board-title')).disabled = this.readOnly;
  }

  /**
   * Shows the board as it was (read-only), or the live board again with null.
   * @param {BoardState | null} state
   */
  setPast(state) {
    const was = this.past !== null;
    if (state && !was) {
      this.editor.flush();
      this.panel.flushAll();
      if (this.editor.editing) this.editor.finish('done');
    }
    this.past = state;
    if (was !== (state !== null)) this.applyReadOnly();
    byId('past-banner').hidden = !state;
    byId('past-seq').textContent = state ? `Seq ${state.seq} of ${this.sync.confirmed.seq}.` : '';
    this.root.dataset.pastSeq = state ? String(state.seq) : '';
    this.scheduleRender();
  }

  /** Selects the given stickies (those on the wall) and brings them into view. @param {string[]} ids */
  showStickies(ids) {
    const s = this.current();
    const notes = ids.map((id) => s.notes.get(id)).filter((n) => n !== undefined);
    if (!notes.length) {
      this.status.toast('That sticky is no longer on the wall.');
      return;
    }
    this.stopFollowing();
    this.select(notes.map((n) => n.id));
    // Draw now so the details panel takes its room before the wall works out what is in view.
    this.renderNow();
    const bounds = boundsOf(notes);
    if (bounds) this.viewport.reveal(bounds);
    this.renderer.focusNote(notes[0].id);
  }

  /** A sticky's text for history lines: as it is now, or as it was when deleted. @param {string} id */
  nameOf(id) {
    const s = this.current();
    return s.notes.get(id)?.text ?? this.sync.confirmed.notes.get(id)?.text ?? this.sync.confirmed.deleted.get(id)?.note.text ?? s.deleted.get(id)?.note.text;
  }

  /** The state the wall shows: confirmed plus pending (or the past the history slider shows). */
  current() {
    if (this.past) return this.past;
    if (this.syncDirty) {
      this.visible = visibleState(this.sync);
      this.syncDirty = false;
    }
    return this.visible;
  }

  /**
   * Applies commands optimistically, queues them in the outbox and sends them when live.
   * Commands the board would refuse (their target is gone) or that change nothing are not sent.
   * Returns how many were refused locally.
   * @param {Command[]} commands
   * @param {{group?: string | null, target?: 'undo' | 'redo' | 'undo-keep-redo'}} [opts]
   */
  issue(commands, opts = {}) {
    if (this.readOnly) return commands.length;
    let refused = 0;
    /** @type {{op_id: string, events: BoardEvent[]}[]} */
    const recorded = [];
    for (const command of commands) {
      const state = this.current();
      const events = decide(state, command);
      if (events === null) {
        refused += 1;
        continue;
      }
      if (events.length === 0) continue;
      const op = { op_id: newId(), command };
      this.sync = addPending(this.sync, op);
      this.visible = applyEvents(state, events);
      this.tracked.set(op.op_id, []);
      recorded.push({ op_id: op.op_id, events });
      if (this.connection.send({ type: ClientMsg.COMMAND, op_id: op.op_id, command })) this.sent.add(op.op_id);
    }
    if (recorded.length) {
      this.history = record(this.history, recorded, { group: opts.group ?? null, target: opts.target ?? 'undo' });
      this.persist();
      this.scheduleRender();
    }
    return refused;
  }

  persist() {
    saveOutbox(this.storage, this.boardId, this.sync.pending);
  }

  /** @param {ServerMessage} msg */
  onMessage(msg) {
    switch (msg.type) {
      case ServerMsg.WELCOME:
        return this.onWelcome(msg);
      case ServerMsg.BOARD:
        return this.onBoard(msg.board);
      case ServerMsg.RETRACT:
        // Events after `after_seq` were never committed; the committed board follows and
        // replaces the state (onBoard). This client's ops among them are answered `rejected`
        // (retryable) and sent again after a pause, not at once into a store that just failed.
        this.retracted = true;
        return;
      case ServerMsg.EVENT:
        return this.onEvent(msg);
      case ServerMsg.ACK: {
        if (this.facilOps.delete(msg.op_id)) return;
        this.sync = settle(this.sync, msg.op_id);
        this.syncDirty = true;
        const events = this.tracked.get(msg.op_id);
        if (events) {
          // A duplicate ack for an op whose events came in a full board: keep the prediction.
          if (!(msg.duplicate && events.length === 0)) this.history = confirm(this.history, msg.op_id, events);
          this.tracked.delete(msg.op_id);
        }
        this.persist();
        return this.scheduleRender();
      }
      case ServerMsg.REJECTED:
        return this.onRejected(msg);
      case ServerMsg.PARTICIPANTS:
        this.people.setParticipants(null, msg.participants);
        return this.scheduleRender();
      case ServerMsg.PRESENCE:
        this.people.setPresence(msg.participant, msg.cursor, msg.selection ?? []);
        if (msg.viewport) {
          this.viewports.set(msg.participant, msg.viewport);
          if (this.following === msg.participant) this.showShared(msg.viewport);
        }
        return this.scheduleRender();
      case ServerMsg.SUMMON: {
        this.stopFollowing();
        this.showShared(msg.viewport);
        const who = this.people.participants.find((p) => p.id === msg.participant);
        this.status.toast(`${who ? who.name : 'The facilitator'} brought everyone to this part of the wall`);
        return this.scheduleRender();
      }
      case ServerMsg.ERROR:
        console.warn('server error', msg.error, msg.message);
        return;
      case ServerMsg.PONG:
      case ServerMsg.RESYNC:
        return;
    }
  }

  /**
   * The server took the join. With `events` the app is up to date once they are applied;
   * without, the whole board follows in a `board` frame (onBoard), and nothing is sent until
   * it has arrived.
   * @param {Extract<ServerMessage, {type: 'welcome'}>} msg
   */
  onWelcome(msg) {
    this.facilitator = !!msg.facilitator && !msg.read_only;
    this.clockOffset = clockOffset(msg.server_time, Date.now());
    this.facilOps.clear();
    this.retracted = false;
    if (msg.read_only && !this.viewOnly) {
      this.viewOnly = true;
      this.applyReadOnly();
    }
    this.people.setParticipants(msg.participant, msg.participants);
    if (!msg.events) return this.scheduleRender();
    for (const env of msg.events) this.onEvent(env);
    this.caughtUp();
  }

  /** The whole board, after a welcome without events or a retraction. @param {import('./types.js').BoardView} view */
  onBoard(view) {
    this.sync = replaceConfirmed(this.sync, fromView(view));
    // Pending ops' events come again (or, for those the board already holds, only their ack).
    for (const op of this.sync.pending) if (this.tracked.has(op.op_id)) this.tracked.set(op.op_id, []);
    this.hasBoard = true;
    this.syncDirty = true;
    if (this.retracted) {
      // The same connection: the server still answers every op sent on it.
      this.retracted = false;
      return this.scheduleRender();
    }
    this.caughtUp();
  }

  /** The app holds the board as the server has it: send what waited, show the wall. */
  caughtUp() {
    rememberVisit(this.storage, this.boardId, this.current().title);
    this.sent.clear();
    this.flushOutbox();
    this.sendPresence(true);
    if (!this.fitted) {
      // Fit the view before the first draw: a big board fitted is far out, where its
      // stickies are painted on the canvas and the DOM ones stay out of the layout, and what
      // is beyond the view is culled; drawn first at 100 %, every sticky would be laid out.
      this.fitted = true;
      const s = this.current();
      if (s.notes.size || s.frames.size) {
        this.actions.zoomFit();
        this.viewport.applyNow();
        this.cullNow();
      }
      this.renderNow();
    }
    this.scheduleRender();
  }

  /** @param {EventEnvelope} env */
  onEvent(env) {
    const { sync, status } = receiveEvent(this.sync, env);
    if (status === 'gap') {
      this.connection.reconnectNow();
      return;
    }
    if (status !== 'applied') return;
    this.sync = sync;
    this.syncDirty = true;
    const mine = this.tracked.get(env.op_id);
    if (mine) mine.push(env.event);
    if (env.event.type === Ev.BOARD_RENAMED) rememberVisit(this.storage, this.boardId, env.event.title);
    this.scheduleRender();
  }

  /** @param {Extract<ServerMessage, {type: 'rejected'}>} msg */
  onRejected(msg) {
    if (this.facilOps.delete(msg.op_id)) {
      if (msg.error === Rejection.BOARD_FULL) this.status.toast(rejectionNotice(msg.error, msg.message), 'long');
      else this.status.toast(msg.retryable ? 'The server is busy: try again in a moment.' : msg.message);
      return;
    }
    if (msg.retryable) {
      this.sent.delete(msg.op_id);
      this.scheduleResend();
      return;
    }
    this.sync = settle(this.sync, msg.op_id);
    this.syncDirty = true;
    this.history = drop(this.history, msg.op_id);
    this.tracked.delete(msg.op_id);
    this.persist();
    const actionable = msg.error === Rejection.BOARD_FULL || msg.error === Rejection.NOTE_NOT_RESTORABLE;
    this.status.toast(rejectionNotice(msg.error, msg.message), actionable ? 'long' : 'short');
    this.scheduleRender();
  }

  /** Sends every pending op not yet sent on this connection, oldest first. */
  flushOutbox() {
    for (const op of unsent(this.sync.pending, this.sent)) {
      if (!this.connection.send({ type: ClientMsg.COMMAND, op_id: op.op_id, command: op.command })) return;
      this.sent.add(op.op_id);
    }
    this.resendAttempt = 0;
  }

  scheduleResend() {
    if (this.resendTimer) return;
    this.resendAttempt += 1;
    this.resendTimer = setTimeout(() => {
      this.resendTimer = null;
      this.flushOutbox();
    }, Math.min(10_000, 500 * 2 ** this.resendAttempt));
  }

  /**
   * Sends a facilitation command (phase, timer, vote, dots). Not predicted, queued or undone:
   * the wall changes when the server's event arrives, and one that cannot be sent now is not
   * sent later (a timer started an hour late would be wrong).
   * @param {Command} command
   */
  facilitate(command) {
    if (!FACILITATION_COMMANDS.has(command.type)) return;
    const op_id = newId();
    if (!this.connection.send({ type: ClientMsg.COMMAND, op_id, command })) {
      this.status.toast('Not connected: try again when the board is live.');
      return;
    }
    this.facilOps.add(op_id);
  }

  /** This participant's view as others follow it. */
  sharedView() {
    const { width, height } = this.viewport.size();
    return sharedViewport(this.viewport.view, width, height);
  }

  /** @param {import('./types.js').SharedViewport} shared */
  showShared(shared) {
    const { width, height } = this.viewport.size();
    this.viewport.set(viewFromShared(shared, width, height));
  }

  /** @param {string | null} participant */
  follow(participant) {
    this.following = participant;
    this.root.dataset.following = participant ?? '';
    const view = participant ? this.viewports.get(participant) : undefined;
    if (view) this.showShared(view);
    if (participant) {
      const who = this.people.participants.find((p) => p.id === participant);
      this.status.toast(`Following ${who ? who.name : 'them'}: move the wall yourself to stop`);
    }
  }

  stopFollowing() {
    if (this.following) this.facil.setFollowing(null);
  }

  /** The facilitator brings everyone to this view. */
  summon() {
    if (!this.facilitator) return;
    if (this.connection.send({ type: ClientMsg.SUMMON, viewport: this.sharedView() })) this.status.toast('Everyone now sees this part of the wall');
    else this.status.toast('Not connected: try again when the board is live.');
  }

  /** The view moved: tell the others (throttled), and once more when it settles. */
  viewChanged() {
    if (!this.connection) return;
    const v = this.sharedView();
    this.root.dataset.view = `${v.x},${v.y},${v.zoom}`;
    this.sendPresence(false);
    if (this.viewSettleTimer) clearTimeout(this.viewSettleTimer);
    this.viewSettleTimer = window.setTimeout(() => {
      this.viewSettleTimer = 0;
      this.sendPresence(false);
    }, VIEW_SETTLE_MS);
  }

  /** @param {Iterable<string>} ids */
  select(ids) {
    const s = this.current();
    const next = new Set([...ids].filter((id) => s.notes.has(id) || s.connectors.has(id) || s.frames.has(id)));
    if (next.size === this.selection.size && [...next].every((id) => this.selection.has(id))) return;
    if (this.editor.editing && !next.has(this.editor.editing)) this.editor.finish('done');
    this.selection = next;
    this.sendPresence(false);
    this.scheduleRender();
  }

  /** @param {string} id */
  toggleSelected(id) {
    const next = new Set(this.selection);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    this.select(next);
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
      this.connection.send({ type: ClientMsg.PRESENCE, cursor, selection: [...this.selection], viewport: this.sharedView() });
    }, wait);
  }

  /**
   * Stickies more than a screen away from the view are not drawn. Recomputed at most every
   * 100 ms while the view moves; the margin covers what a pan reveals meanwhile.
   */
  scheduleCull() {
    if (this.cullTimer) return;
    this.cullTimer = window.setTimeout(() => {
      this.cullTimer = 0;
      this.cullNow();
    }, CULL_EVERY_MS);
  }

  cullNow() {
    const r = this.viewport.visible();
    this.renderer.setCullRect({ x: r.x - r.w, y: r.y - r.h, w: r.w * 3, h: r.h * 3 });
  }

  scheduleRender() {
    if (this.raf) return;
    this.raf = requestAnimationFrame(() => {
      this.raf = 0;
      this.renderNow();
    });
  }

  renderNow() {
    const state = this.current();
    for (const id of this.selection) {
      if (!state.notes.has(id) && !state.connectors.has(id) && !state.frames.has(id)) this.selection.delete(id);
    }
    const editing = this.editor.editing;
    if (editing && !state.notes.has(editing)) this.editor.finish('gone');
    const previous = this.renderer.state;
    /** @type {import('./render.js').Decorations} */
    const deco = {
      selected: this.selection,
      editing: this.editor.editing,
      matches: this.matches,
      remote: this.people.remoteSelections(),
    };
    this.renderer.render(state, deco);
    this.farView.setBoard(state, deco);
    if (previous?.notes !== state.notes) {
      if (this.search.input.value) this.search.refresh();
      this.minimap.setState(state);
    }
    if (previous?.frames !== state.frames) this.minimap.setState(state);
    this.panel.update();
    this.facil.update();
    this.timeTravel.update();
    const title = byId('board-title');
    if (this.hasBoard && title.textContent !== state.title) {
      title.textContent = state.title;
      document.title = `${state.title} · eventstorm`;
    }
    byId('empty-hint').hidden = this.readOnly || !this.hasBoard || state.notes.size > 0 || state.frames.size > 0;
    const unsentCount = this.sync.pending.length;
    this.status.show(this.connection.state === ConnState.LIVE && !this.hasBoard ? ConnState.CONNECTING : this.connection.state, unsentCount, this.connection.progress);
    this.root.dataset.seq = String(this.sync.confirmed.seq);
    this.root.dataset.notes = String(state.notes.size);
    this.root.dataset.unsent = String(unsentCount);
    this.updatePalette({
      box: this.boxMode,
      canUndo: canUndo(this.history),
      canRedo: canRedo(this.history),
      hasSelection: this.selection.size > 0,
    });
  }

  /** The content's bounds, for zoom to fit. */
  contentBounds() {
    const s = this.current();
    return boundsOf([...s.notes.values(), ...s.frames.values()]);
  }
}
