// Every string the client shares with the server (message, command and event types), and the
// keys it keeps in localStorage, defined once. The Rust crates `eventstorm-protocol` and
// `eventstorm-board` are the source of truth; these mirror their serde names.

/** Messages the client sends over the WebSocket. */
export const ClientMsg = Object.freeze({
  JOIN: 'join',
  COMMAND: 'command',
  PRESENCE: 'presence',
  PING: 'ping',
  SUMMON: 'summon',
});

/** Messages the server sends over the WebSocket. */
export const ServerMsg = Object.freeze({
  WELCOME: 'welcome',
  BOARD: 'board',
  RETRACT: 'retract',
  EVENT: 'event',
  ACK: 'ack',
  REJECTED: 'rejected',
  PARTICIPANTS: 'participants',
  PRESENCE: 'presence',
  PONG: 'pong',
  ERROR: 'error',
  RESYNC: 'resync',
  SUMMON: 'summon',
});

/** Rejection codes the client explains to the user beyond the server's message. */
export const Rejection = Object.freeze({
  BOARD_FULL: 'board_full',
  NOTE_NOT_RESTORABLE: 'note_not_restorable',
  LOCKED: 'locked',
});

/** Command types (the same on the WebSocket and the HTTP API). */
export const Cmd = Object.freeze({
  RENAME_BOARD: 'rename_board',
  ADD_NOTE: 'add_note',
  MOVE_NOTES: 'move_notes',
  RESIZE_NOTE: 'resize_note',
  EDIT_TEXT: 'edit_text',
  CHANGE_KIND: 'change_kind',
  SET_DETAILS: 'set_details',
  DELETE_NOTE: 'delete_note',
  RESTORE_NOTE: 'restore_note',
  ADD_CONNECTOR: 'add_connector',
  CHANGE_CONNECTOR: 'change_connector',
  REMOVE_CONNECTOR: 'remove_connector',
  ADD_FRAME: 'add_frame',
  CHANGE_FRAME: 'change_frame',
  REMOVE_FRAME: 'remove_frame',
  SET_PHASE: 'set_phase',
  SET_PHASE_INSTRUCTION: 'set_phase_instruction',
  START_TIMER: 'start_timer',
  PAUSE_TIMER: 'pause_timer',
  RESUME_TIMER: 'resume_timer',
  ADD_TIME: 'add_time',
  RESET_TIMER: 'reset_timer',
  LOCK_ELEMENTS: 'lock_elements',
  UNLOCK_ELEMENTS: 'unlock_elements',
  START_PRIVATE_MODE: 'start_private_mode',
  END_PRIVATE_MODE: 'end_private_mode',
  OPEN_VOTE: 'open_vote',
  CLOSE_VOTE: 'close_vote',
  PLACE_DOT: 'place_dot',
  REMOVE_DOT: 'remove_dot',
});

/** Commands that are not edits of the wall: sent at once, never predicted, queued or undone. */
export const FACILITATION_COMMANDS = Object.freeze(
  /** @type {ReadonlySet<string>} */ (new Set([Cmd.SET_PHASE, Cmd.SET_PHASE_INSTRUCTION, Cmd.START_TIMER, Cmd.PAUSE_TIMER, Cmd.RESUME_TIMER, Cmd.ADD_TIME, Cmd.RESET_TIMER, Cmd.LOCK_ELEMENTS, Cmd.UNLOCK_ELEMENTS, Cmd.START_PRIVATE_MODE, Cmd.END_PRIVATE_MODE, Cmd.OPEN_VOTE, Cmd.CLOSE_VOTE, Cmd.PLACE_DOT, Cmd.REMOVE_DOT])),
);

/** Board event types. */
export const Ev = Object.freeze({
  BOARD_CREATED: 'board_created',
  BOARD_RENAMED: 'board_renamed',
  NOTE_ADDED: 'note_added',
  PRIVATE_NOTE_ADDED: 'private_note_added',
  NOTES_MOVED: 'notes_moved',
  NOTE_RESIZED: 'note_resized',
  NOTE_TEXT_EDITED: 'note_text_edited',
  NOTE_KIND_CHANGED: 'note_kind_changed',
  NOTE_DETAILS_CHANGED: 'note_details_changed',
  NOTE_DELETED: 'note_deleted',
  NOTE_RESTORED: 'note_restored',
  CONNECTOR_ADDED: 'connector_added',
  CONNECTOR_CHANGED: 'connector_changed',
  CONNECTOR_REMOVED: 'connector_removed',
  FRAME_ADDED: 'frame_added',
  FRAME_CHANGED: 'frame_changed',
  FRAME_REMOVED: 'frame_removed',
  PHASE_CHANGED: 'phase_changed',
  PHASE_INSTRUCTION_SET: 'phase_instruction_set',
  TIMER_STARTED: 'timer_started',
  TIMER_PAUSED: 'timer_paused',
  TIMER_RESUMED: 'timer_resumed',
  TIMER_EXTENDED: 'timer_extended',
  TIMER_RESET: 'timer_reset',
  ELEMENTS_LOCKED: 'elements_locked',
  ELEMENTS_UNLOCKED: 'elements_unlocked',
  PRIVATE_MODE_STARTED: 'private_mode_started',
  PRIVATE_MODE_ENDED: 'private_mode_ended',
  VOTE_OPENED: 'vote_opened',
  VOTE_CLOSED: 'vote_closed',
  DOT_PLACED: 'dot_placed',
  DOT_REMOVED: 'dot_removed',
});

/**
 * Not a board event but what the server sends in place of someone else's `dot_placed` or
 * `dot_removed` while the vote is open (a secret ballot): who, and how many dots they have now.
 */
export const DOT_HIDDEN = 'dot_hidden';

/**
 * Not a board event but what the server sends in place of an event about someone else's
 * private sticky (private mode): nothing to fold, only its seq.
 */
export const HIDDEN = 'hidden';

/** Frame kinds. */
export const FrameKind = Object.freeze({
  BOUNDED_CONTEXT: 'bounded_context',
  SWIMLANE: 'swimlane',
});

/** Retry backoffs of a policy. */
export const BACKOFFS = /** @type {const} */ (['fixed', 'linear', 'exponential']);

/** The close code after a `resync` (the client fell behind and must rejoin). */
export const CLOSE_RESYNC = 4000;

/** Where the connection is, as the indicator shows it. */
export const ConnState = Object.freeze({
  CONNECTING: 'connecting',
  LIVE: 'live',
  RECONNECTING: 'reconnecting',
  OFFLINE: 'offline',
});

/** localStorage keys. */
export const Storage = Object.freeze({
  RECENT_BOARDS: 'eventstorm.recentBoards',
  NAME: 'eventstorm.name',
  PARTICIPANT_SECRET: 'eventstorm.participantSecret',
  OUTBOX_PREFIX: 'eventstorm.outbox.',
  FACILITATOR_KEYS: 'eventstorm.facilitatorKeys',
});

/** The WebSocket URL path of a board. */
export function socketPath(/** @type {string} */ boardId) {
  return `/api/boards/${encodeURIComponent(boardId)}/ws`;
}
