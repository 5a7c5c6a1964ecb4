// The board page's components, made in the order they need one another and connected to each
// other here; from the page they get only the functions and objects of `PageHost`, never the page
// controller itself.

import { ClientMsg, Cmd, socketPath } from './protocol.js';
import { ViewSharing } from './viewsharing.js';
import { FacilitationBar } from './facilitationbar.js';
import { TimeTravel } from './timetravel.js';
import { ExportTools } from './exporting.js';
import { WorkshopTools } from './workshoptools.js';
import { Connection } from './socket.js';
import { Renderer } from './render.js';
import { FarView } from './farview.js';
import { Viewport } from './viewport.js';
import { Pointer } from './pointer.js';
import { TextEditor } from './editor.js';
import { EditingBadges } from './editingbadges.js';
import { EDITING_REPEAT_MS } from './editing.js';
import { KeyGuard } from './tools.js';
import { DetailsPanel } from './panels.js';
import { ArrangeBar } from './arrangebar.js';
import { People, participantSecret } from './people.js';
import { Search } from './search.js';
import { Minimap } from './minimap.js';
import { Actions } from './actions.js';
import { buildPalette, installShortcuts } from './tools.js';
import { wirePageControls } from './pagecontrols.js';
import { showShareDialog } from './sharedialog.js';
import { boundsOf } from './geometry.js';
import { byId } from './dom.js';
import { fetchElementHistory } from './history.js';

/** @typedef {import('./types.js').Command} Command */

/**
 * What the components need from the board page.
 * @typedef {object} PageHost
 * @property {HTMLElement} root
 * @property {string} boardId
 * @property {Storage} storage
 * @property {import('./boardsync.js').BoardSync} ops The confirmed board, the outbox and the undo history.
 * @property {import('./status.js').StatusBar} status
 * @property {() => import('./model.js').BoardState} current The state the wall shows.
 * @property {() => Set<string>} selection
 * @property {() => boolean} readOnly
 * @property {(commands: Command[], opts?: {group?: string | null, target?: 'undo' | 'redo' | 'undo-keep-redo'}) => number} issue
 * @property {(ids: Iterable<string>) => void} select
 * @property {(id: string) => void} toggleSelected
 * @property {() => void} renderNow
 * @property {() => void} scheduleRender
 * @property {() => void} scheduleCull
 * @property {(frame: object) => boolean} send Sends on the connection now; false when not connected.
 * @property {() => boolean} connected Whether the connection has been made yet.
 * @property {() => import('./types.js').Rect | null} contentBounds
 * @property {() => boolean} boxMode
 * @property {(on: boolean) => void} setBoxMode
 * @property {(ids: Set<string>) => void} setMatches The stickies search found.
 * @property {(id: string) => string | undefined} nameOf
 * @property {() => boolean} viewOnly Opened through the view-only link.
 * @property {() => boolean} facilitator Whether the server accepted this participant as the facilitator.
 * @property {() => number} serverNow
 * @property {() => import('./model.js').BoardState | null} past
 * @property {(state: import('./model.js').BoardState | null) => void} setPast
 * @property {() => string} name
 * @property {string | null} facilitatorKey
 * @property {(msg: import('./types.js').ServerMessage) => void} onMessage
 * @property {() => void} renameMe
 * @property {() => void} stopFollowing
 * @property {() => void} reconnect Connects again now.
 * @property {() => void} browserOffline
 */

/**
 * @typedef {object} BoardComponents
 * @property {Viewport} viewport
 * @property {ViewSharing} sharing
 * @property {Renderer} renderer
 * @property {FarView} farView
 * @property {People} people
 * @property {EditingBadges} badges Who else is editing which sticky.
 * @property {KeyGuard} keys Which keystrokes may act as shortcuts.
 * @property {Minimap} minimap
 * @property {Actions} actions
 * @property {TextEditor} editor
 * @property {DetailsPanel} panel
 * @property {ArrangeBar} arrange
 * @property {Search} search
 * @property {FacilitationBar} facil
 * @property {TimeTravel} timeTravel
 * @property {WorkshopTools} tools The phase instruction, big timer, presentation and vote results.
 * @property {ExportTools} exports
 * @property {Pointer} pointer
 */

/**
 * Makes the wall's and the panels' components; later ones use earlier ones.
 * @param {HTMLElement} wall @param {PageHost} host
 * @returns {BoardComponents}
 */
export function createComponents(wall, host) {
  const parts = /** @type {BoardComponents} */ ({});
  createWall(wall, host, parts);
  createEditing(host, parts);
  createPanels(host, parts);
  parts.pointer = createPointer(wall, host, parts);
  return parts;
}

/**
 * The wall and what is drawn on it.
 * @param {HTMLElement} wall @param {PageHost} host @param {BoardComponents} parts
 */
function createWall(wall, host, parts) {
  parts.viewport = new Viewport(wall, byId('layer'), (v) => {
    host.scheduleCull();
    parts.people.setZoom(v.zoom);
    parts.minimap.schedule();
    // Only when it changes: new text lays out the page, and a pan changes no zoom.
    const zoomText = `${Math.round(v.zoom * 100)}%`;
    const zoomReset = byId('zoom-reset');
    if (zoomReset.textContent !== zoomText) zoomReset.textContent = zoomText;
    parts.farView.setView(v, parts.viewport.far);
    if (host.connected()) parts.sharing.viewChanged();
  });
  parts.sharing = new ViewSharing({
    viewport: parts.viewport,
    root: host.root,
    send: (frame) => host.send(frame),
    selection: () => host.selection(),
    editing: () => parts.editor?.editing ?? null,
    participantName: (id) => parts.people.participants.find((p) => p.id === id)?.name,
    toast: (message) => host.status.toast(message),
    stopFollowingInBar: () => parts.facil.setFollowing(null),
    fitFrame: (id) => !!parts.tools.presenter.follow(id),
  });
  parts.renderer = new Renderer(
    {
      frames: byId('frames-layer'),
      connectors: /** @type {SVGSVGElement} */ (/** @type {unknown} */ (byId('connectors-layer'))),
      notes: byId('notes-layer'),
      frameChrome: byId('frame-chrome-layer'),
    },
    { readOnly: host.readOnly(), previewed: () => parts.farView.previewChanged() },
  );
  parts.farView = new FarView(wall, parts.renderer, () => parts.viewport.size());
  parts.people = new People(byId('participants'), byId('cursors-layer'));
  parts.badges = new EditingBadges();
  parts.minimap = new Minimap(/** @type {HTMLCanvasElement} */ (byId('minimap')), parts.viewport);
}

/**
 * What the user does to the board: the actions (toolbar, keys, clipboard) and in-place text editing.
 * @param {PageHost} host @param {BoardComponents} parts
 */
function createEditing(host, parts) {
  parts.actions = new Actions({
    state: () => host.current(),
    selection: () => host.selection(),
    readOnly: () => host.readOnly(),
    cursor: () => parts.sharing.cursor,
    issue: (commands, opts) => host.issue(commands, opts),
    select: (ids) => host.select(ids),
    renderNow: () => host.renderNow(),
    scheduleRender: () => host.scheduleRender(),
    viewport: parts.viewport,
    startEditing: (id, opts) => parts.editor.start(id, opts),
    finishEditing: () => parts.editor.finish('done'),
    flushPanel: () => parts.panel.flushAll(),
    showDetails: () => parts.panel.dock.setOpen(true),
    history: () => host.ops.history,
    setHistory: (h) => {
      host.ops.history = h;
    },
    contentBounds: () => host.contentBounds(),
    boxMode: () => host.boxMode(),
    setBoxMode: (on) => host.setBoxMode(on),
    focusSearch: () => parts.search.focus(),
    refreshSearch: () => parts.search.refresh(),
    toast: (message, length) => host.status.toast(message, length),
  });
  parts.keys = new KeyGuard((message) => host.status.toast(message, 'long'));
  parts.editor = new TextEditor({
    noteElement: (id) => parts.renderer.noteElement(id),
    noteText: (id) => host.current().notes.get(id)?.text ?? null,
    commit: (id, text, group) => host.issue([{ type: Cmd.EDIT_TEXT, id, text }], { group }),
    finished: (id, reason) => {
      parts.renderer.invalidate(id);
      host.scheduleRender();
      if (reason === 'tab') parts.actions.addNext(id);
    },
    othersEditing: (id) => parts.badges.editors(id, others(parts)).map((p) => p.name),
    copyAsNew: (id, text) => parts.actions.copyAsNew(id, text),
    restore: (id, text) => host.issue([{ type: Cmd.RESTORE_NOTE, id }, { type: Cmd.EDIT_TEXT, id, text }], { group: `restore:${id}` }),
    remove: (id, group) => host.issue([{ type: Cmd.DELETE_NOTE, id }], { group }),
    editingChanged: () => parts.sharing.sendPresence(true),
    closed: (onPurpose) => parts.keys.fieldClosed(onPurpose),
  });
  // An open editor repeats its presence, so others' marks of it do not run out; marks that
  // did run out (a browser gone without a word) are redrawn away.
  window.setInterval(() => {
    if (parts.editor.editing) parts.sharing.sendPresence(true);
    if (parts.badges.anyMarks()) host.scheduleRender();
  }, EDITING_REPEAT_MS);
}

/** The other participants on the board. @param {BoardComponents} parts */
function others(parts) {
  return parts.people.participants.filter((p) => p.id !== parts.people.me?.id);
}

/** Brings the bars and the tools over the wall in line with the board (with every render). @param {BoardComponents} parts */
export function updateBars(parts) {
  parts.facil.update();
  parts.tools.update();
  parts.timeTravel.update();
}

/**
 * Shows who else edits which sticky.
 * @param {BoardComponents} parts
 */
export function drawEditors(parts) {
  parts.badges.draw((id) => parts.renderer.noteElement(id), others(parts));
}

/**
 * The details panel, search, facilitation bar, workshop tools, time travel and exports.
 * @param {PageHost} host @param {BoardComponents} parts
 */
function createPanels(host, parts) {
  parts.panel = new DetailsPanel(byId('panel'), {
    state: () => host.current(),
    selection: () => host.selection(),
    readOnly: () => host.readOnly(),
    issue: (commands, opts) => host.issue(commands, opts),
    select: (ids) => host.select(ids),
    deleteSelection: () => parts.actions.deleteSelection(),
    connectSelection: () => parts.actions.connectSelection(),
    elementHistory: (id) => fetchElementHistory(host.boardId, id),
    facilitator: () => host.facilitator() && !host.readOnly(),
    facilitate: (command) => host.ops.facilitate(command),
    nameOf: (id) => host.nameOf(id),
    focusNote: (id) => parts.renderer.focusNote(id),
  });
  parts.arrange = new ArrangeBar(byId('wall'), {
    selectedNotes: () => [...host.selection()].map((id) => host.current().notes.get(id)).filter((n) => !!n),
    move: (moves) => host.issue([{ type: Cmd.MOVE_NOTES, moves }]),
  });
  parts.search = new Search(/** @type {HTMLInputElement} */ (byId('search-input')), byId('search-count'), {
    state: () => host.current(),
    setMatches: (ids) => host.setMatches(ids),
    showNote: (id) => parts.actions.showNote(id),
  });
  parts.facil = new FacilitationBar({
    state: () => host.current(),
    canFacilitate: () => host.facilitator() && !host.readOnly(),
    canVote: () => !host.readOnly(),
    voter: () => parts.people.me?.id ?? '',
    serverNow: () => host.serverNow(),
    send: (command) => host.ops.facilitate(command),
    people: () => ({ me: parts.people.me, participants: parts.people.participants }),
    follow: (participant) => parts.sharing.follow(participant),
    // Only the facilitator brings everyone to this view.
    summon: () => {
      if (host.facilitator()) parts.sharing.summon();
    },
    showNote: (id) => parts.actions.showNote(id),
  });
  window.setInterval(() => parts.facil.tick(), 250);
  parts.tools = new WorkshopTools({
    root: host.root,
    boardId: host.boardId,
    storage: host.storage,
    board: () => host.current(),
    canFacilitate: () => host.facilitator() && !host.readOnly(),
    serverNow: () => host.serverNow(),
    send: (command) => host.ops.facilitate(command),
    view: () => parts.viewport.view,
    setView: (view) => parts.viewport.set(view),
    stopFollowing: () => host.stopFollowing(),
    wallSize: () => parts.viewport.measure(),
    summon: (frameId) => parts.sharing.summon(frameId),
    toast: (message) => host.status.toast(message),
  });
  parts.timeTravel = new TimeTravel({
    boardId: host.boardId,
    liveSeq: () => host.ops.sync.confirmed.seq,
    past: () => host.past(),
    setPast: (state) => host.setPast(state),
    nameOf: (id) => host.nameOf(id),
    toast: (message) => host.status.toast(message),
    storage: () => host.storage,
  });
  parts.exports = new ExportTools({
    boardId: host.boardId,
    pastSeq: () => host.past()?.seq ?? null,
    selection: () => host.selection(), isFrame: (id) => host.current().frames.has(id),
    showStickies: (ids) => showStickies(ids, host, parts),
    toast: (message) => host.status.toast(message),
  });
}

/** @param {HTMLElement} wall @param {PageHost} host @param {BoardComponents} parts */
function createPointer(wall, host, parts) {
  return new Pointer(wall, byId('marquee'), {
    state: () => host.current(),
    viewport: parts.viewport,
    renderer: parts.renderer,
    readOnly: () => host.readOnly(),
    selection: () => host.selection(),
    select: (ids) => host.select(ids),
    toggleSelected: (id) => host.toggleSelected(id),
    issue: (commands, opts) => host.issue(commands, opts),
    renderNow: () => host.renderNow(),
    editText: (id) => parts.actions.editText(id),
    addNoteAt: (at) => parts.actions.addNoteAt(parts.actions.kind, at),
    renameFrame: (id) => parts.actions.renameFrame(id),
    boxMode: () => host.boxMode(),
    cursorMoved: (p) => parts.sharing.cursorMoved(p),
    toast: (message) => host.status.toast(message),
  });
}

/**
 * Selects the given stickies (those on the wall) and brings them into view.
 * @param {string[]} ids @param {PageHost} host @param {BoardComponents} parts
 */
function showStickies(ids, host, parts) {
  const s = host.current();
  const notes = ids.map((id) => s.notes.get(id)).filter((n) => n !== undefined);
  if (!notes.length) {
    host.status.toast('That sticky is no longer on the wall.');
    return;
  }
  host.stopFollowing();
  host.select(notes.map((n) => n.id));
  // Draw now so the details panel takes its room before the wall works out what is in view.
  host.renderNow();
  const bounds = boundsOf(notes);
  if (bounds) parts.viewport.reveal(bounds);
  parts.renderer.focusNote(notes[0].id);
}

/**
 * The palette, the keyboard shortcuts, the clipboard and the page's buttons and window signals.
 * Returns what updates the palette's buttons.
 * @param {HTMLElement} wall @param {PageHost} host @param {BoardComponents} parts
 */
export function createControls(wall, host, parts) {
  const updatePalette = buildPalette(byId('palette'), parts.actions);
  installShortcuts(parts.actions, parts.keys);
  parts.actions.installClipboard();
  wirePageControls(wall, {
    viewport: parts.viewport,
    zoomFit: () => parts.actions.zoomFit(),
    renameBoard: () => parts.actions.renameBoard(),
    // The board's links: the edit link (unless this is a view-only link) and the view-only one.
    share: () => showShareDialog({ viewOnly: host.viewOnly(), viewLink: host.root.dataset.viewLink, facilitatorKey: host.facilitator() ? host.facilitatorKey : null }),
    renameMe: () => host.renameMe(),
    stopFollowing: () => host.stopFollowing(),
    focused: (id) => {
      if (!host.selection().has(id)) host.select([id]);
    },
    online: () => host.reconnect(),
    offline: () => host.browserOffline(),
    leaving: () => {
      parts.editor.flush();
      parts.panel.flushAll();
    },
    resized: () => parts.minimap.schedule(),
  });
  return updatePalette;
}

/**
 * The WebSocket connection; it joins with what the page holds at that moment.
 * @param {PageHost} host
 */
export function createConnection(host) {
  return new Connection({
    url: `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}${socketPath(host.boardId)}`,
    joinMessage: () => ({
      type: ClientMsg.JOIN,
      since: host.ops.hasBoard ? host.ops.sync.confirmed.seq : 0,
      name: host.name(),
      participant_secret: participantSecret(host.storage),
      ...(host.facilitatorKey ? { facilitator_key: host.facilitatorKey } : {}),
      // Events arrive before their commit: naming the one held at `since` lets the server
      // send the committed board instead when that one never was.
      ...(host.ops.hasBoard && host.ops.sync.head ? { since_event: host.ops.sync.head } : {}),
    }),
    onMessage: (msg) => host.onMessage(msg),
    onState: () => {
      host.ops.connectionChanged();
      host.scheduleRender();
    },
    onProgress: () => host.scheduleRender(),
  });
}
