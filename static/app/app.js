// The board page's controller: owns the confirmed state, the pending ops (outbox), the undo
// history and the selection; talks to the server through the Connection; hands the state to
// the renderer, panels, search and minimap once per animation frame. The components are made
// and connected to one another in components.js, which reaches the page only through `host`.

import { ConnState, Ev, ServerMsg } from './protocol.js';
import { BoardSync } from './boardsync.js';
import { canRedo, canUndo } from './undo.js';
import { boundsOf } from './geometry.js';
import { facilitatorKey, keyFromHash, rememberVisit, saveFacilitatorKey } from './recent.js';
import { clockOffset } from './facilitation.js';
import { askName, saveName, savedName } from './people.js';
import { createComponents, createConnection, createControls, drawEditors, updateBars } from './components.js';
import { StatusBar } from './status.js';
import { byId } from './dom.js';
import { dodgeOverlays } from './dodge.js';
import { FrameTask } from './frametask.js';

/** @typedef {import('./model.js').BoardState} BoardState */
/** @typedef {import('./types.js').Command} Command */
/** @typedef {import('./types.js').EventEnvelope} EventEnvelope */
/** @typedef {import('./types.js').ServerMessage} ServerMessage */

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
    /** @type {BoardSync} */
    this.ops = new BoardSync({
      boardId: this.boardId,
      title: byId('board-title').textContent ?? '',
      storage: this.storage,
      viewOnly: this.viewOnly,
      send: (frame) => /** @type {boolean} */ (this.connection.send(frame)),
      reconnect: () => this.connection.reconnectNow(),
      changed: () => this.scheduleRender(),
      toast: (message, length) => this.status.toast(message, length),
      me: () => this.people?.me?.id ?? null,
    });
    /** @type {Set<string>} */
    this.selection = new Set();
    /** @type {Set<string>} */
    this.matches = new Set();
    this.boxMode = false;
    this.renderTask = new FrameTask(() => this.renderNow());
    this.cullTimer = 0;
    this.fitted = false;
    this.name = savedName(this.storage);
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

    this.status = new StatusBar(byId('conn'), byId('conn-text'), byId('toast'));
    const wall = byId('wall');
    /** @type {import('./components.js').PageHost} */
    const host = {
      root: this.root,
      boardId: this.boardId,
      storage: this.storage,
      ops: this.ops,
      status: this.status,
      current: () => this.current(),
      selection: () => this.selection,
      readOnly: () => this.readOnly,
      issue: (commands, opts) => this.issue(commands, opts),
      select: (ids) => this.select(ids),
      toggleSelected: (id) => this.toggleSelected(id),
      renderNow: () => this.renderNow(),
      scheduleRender: () => this.scheduleRender(),
      scheduleCull: () => this.scheduleCull(),
      send: (frame) => /** @type {boolean} */ (this.connection.send(frame)),
      connected: () => this.connection !== undefined,
      contentBounds: () => this.contentBounds(),
      boxMode: () => this.boxMode,
      setBoxMode: (on) => {
        this.boxMode = on;
      },
      setMatches: (ids) => {
        this.matches = ids;
        this.scheduleRender();
      },
      nameOf: (id) => this.nameOf(id),
      viewOnly: () => this.viewOnly,
      facilitator: () => this.facilitator,
      serverNow: () => Date.now() + this.clockOffset,
      past: () => this.past,
      setPast: (state) => this.setPast(state),
      name: () => this.name,
      facilitatorKey: this.facilitatorKey,
      onMessage: (msg) => this.onMessage(msg),
      renameMe: () => this.renameMe(),
      stopFollowing: () => this.stopFollowing(),
      reconnect: () => this.connection.reconnectNow(),
      browserOffline: () => this.connection.browserOffline(),
    };
    const parts = createComponents(wall, host);
    this.viewport = parts.viewport;
    this.sharing = parts.sharing;
    this.renderer = parts.renderer;
    this.farView = parts.farView;
    this.people = parts.people;
    this.parts = parts;
    this.badges = parts.badges;
    this.minimap = parts.minimap;
    this.actions = parts.actions;
    this.editor = parts.editor;
    this.panel = parts.panel;
    this.arrange = parts.arrange;
    this.search = parts.search;
    this.updatePalette = createControls(wall, host, parts);
    this.connection = createConnection(host);
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

  /** Asks for another name; the others see it after the page joins again. */
  async renameMe() {
    const name = await askName(/** @type {HTMLDialogElement} */ (byId('name-dialog')), this.name);
    if (name === this.name) return;
    this.name = name;
    saveName(this.storage, name);
    byId('rename-me').textContent = name;
    this.connection.reconnectNow();
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
    byId('past-seq').textContent = state ? `Seq ${state.seq} of ${this.ops.sync.confirmed.seq}.` : '';
    this.root.dataset.pastSeq = state ? String(state.seq) : '';
    this.scheduleRender();
  }

  /** A sticky's text for history lines: as it is now, or as it was when deleted. @param {string} id */
  nameOf(id) {
    const s = this.current();
    return s.notes.get(id)?.text ?? this.ops.sync.confirmed.notes.get(id)?.text ?? this.ops.sync.confirmed.deleted.get(id)?.note.text ?? s.deleted.get(id)?.note.text;
  }

  /** The state the wall shows: confirmed plus pending (or the past the history slider shows). */
  current() {
    return this.past ?? this.ops.live();
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
    return this.ops.issue(commands, opts);
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
        return this.ops.retract();
      case ServerMsg.EVENT:
        return this.onEvent(msg);
      case ServerMsg.ACK:
        return this.ops.ack(msg);
      case ServerMsg.REJECTED:
        return this.ops.rejected(msg);
      case ServerMsg.PARTICIPANTS:
        this.people.setParticipants(null, msg.participants);
        return this.scheduleRender();
      case ServerMsg.PRESENCE:
        this.people.setPresence(msg.participant, msg.cursor, msg.selection ?? []);
        this.badges.set(msg.participant, msg.editing);
        if (msg.viewport) this.sharing.viewOf(msg.participant, msg.viewport);
        return this.scheduleRender();
      case ServerMsg.SUMMON:
        this.sharing.summoned(msg.participant, msg.viewport, msg.frame);
        return this.scheduleRender();
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
    this.ops.welcomed();
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
    if (this.ops.board(view)) this.caughtUp();
  }

  /** The app holds the board as the server has it: send what waited, show the wall. */
  caughtUp() {
    rememberVisit(this.storage, this.boardId, this.current().title);
    this.ops.connectionChanged();
    this.ops.flushOutbox();
    this.sharing.sendPresence(true);
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
    if (this.ops.event(env) && env.event.type === Ev.BOARD_RENAMED) rememberVisit(this.storage, this.boardId, env.event.title);
  }

  stopFollowing() {
    this.sharing.stopFollowing();
  }

  /** @param {Iterable<string>} ids */
  select(ids) {
    const s = this.current();
    const next = new Set([...ids].filter((id) => s.notes.has(id) || s.connectors.has(id) || s.frames.has(id)));
    if (next.size === this.selection.size && [...next].every((id) => this.selection.has(id))) return;
    if (this.editor.editing && !next.has(this.editor.editing)) this.editor.finish('done');
    this.selection = next;
    this.sharing.sendPresence(false);
    this.scheduleRender();
  }

  /** @param {string} id */
  toggleSelected(id) {
    const next = new Set(this.selection);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    this.select(next);
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
    this.renderTask.schedule();
  }

  renderNow() {
    const state = this.current();
    for (const id of this.selection) {
      if (!state.notes.has(id) && !state.connectors.has(id) && !state.frames.has(id)) this.selection.delete(id);
    }
    // Before the sticky's element goes: a sticky deleted under the typist keeps their typing.
    this.editor.boardChanged();
    const previous = this.renderer.state;
    /** @type {import('./render.js').Decorations} */
    const deco = {
      selected: this.selection,
      editing: this.editor.editing,
      matches: this.matches,
      remote: this.people.remoteSelections(),
    };
    this.renderer.render(state, deco);
    drawEditors(this.parts);
    this.farView.setBoard(state, deco);
    if (previous?.notes !== state.notes) {
      if (this.search.input.value) this.search.refresh();
      this.minimap.setState(state);
    }
    if (previous?.frames !== state.frames) this.minimap.setState(state);
    this.panel.update();
    const picked = [...this.selection].map((id) => state.notes.get(id)).filter((n) => !!n);
    this.arrange.update(picked.length, this.readOnly);
    dodgeOverlays(picked.length <= 50 ? picked.map((n) => this.renderer.drawnRect(n)) : [], this.viewport.view, byId('wall'));
    updateBars(this.parts);
    const title = byId('board-title');
    if (this.ops.hasBoard && title.textContent !== state.title) {
      title.textContent = state.title;
      document.title = `${state.title} · eventstorm`;
    }
    byId('empty-hint').hidden = this.readOnly || !this.ops.hasBoard || state.notes.size > 0 || state.frames.size > 0;
    const unsentCount = this.ops.sync.pending.length;
    this.status.show(this.connection.state === ConnState.LIVE && !this.ops.hasBoard ? ConnState.CONNECTING : this.connection.state, unsentCount, this.connection.progress);
    this.root.dataset.seq = String(this.ops.sync.confirmed.seq);
    this.root.dataset.notes = String(state.notes.size);
    this.root.dataset.unsent = String(unsentCount);
    this.updatePalette({
      box: this.boxMode,
      canUndo: canUndo(this.ops.history),
      canRedo: canRedo(this.ops.history),
      hasSelection: this.selection.size > 0,
      kind: this.actions.kind,
    });
  }

  /** The content's bounds, for zoom to fit. */
  contentBounds() {
    const s = this.current();
    return boundsOf([...s.notes.values(), ...s.frames.values()]);
  }
}
