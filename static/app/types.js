// Shared JSDoc types for the board client. This module exports nothing at run time; other
// modules import its types with `import('./types.js').Name`. The shapes mirror the serde types
// of `eventstorm-board` and `eventstorm-protocol`.

/**
 * @typedef {'event'|'command'|'actor'|'aggregate'|'policy'|'read_model'|'external_system'|'hotspot'|'opportunity'|'ui'|'note'} NoteKind
 * @typedef {'bounded_context'|'swimlane'} FrameKindName
 * @typedef {'fixed'|'linear'|'exponential'} Backoff
 */

/**
 * @typedef {object} PayloadField
 * @property {string} name
 * @property {string} type
 * @property {boolean} required
 * @property {string} [description]
 */

/**
 * @typedef {object} RetryPolicy
 * @property {number} max_attempts
 * @property {Backoff} [backoff]
 * @property {number} [delay_seconds]
 */

/**
 * What a sticky says beyond its text. Absent keys mean empty / false / none.
 * @typedef {object} NoteDetails
 * @property {string} [description]
 * @property {PayloadField[]} [fields]
 * @property {boolean} [pivotal]
 * @property {boolean} [idempotent]
 * @property {RetryPolicy} [retry]
 * @property {string} [dead_letter]
 * @property {string} [code_name] The identifier the exports use, pinned.
 * @property {boolean} [failure] An event that reports a failed command.
 * @property {string} [schedule] A policy run by a clock: cron or plain language.
 * @property {string[]} [idempotency_key] Payload fields that identify a delivery.
 * @property {Scenario[]} [scenarios] Given / When / Then examples (commands and policies).
 */

/**
 * A Given / When / Then example naming the board's elements by their text.
 * @typedef {object} Scenario
 * @property {string} name
 * @property {string[]} [given]
 * @property {string} when
 * @property {string[]} [then]
 * @property {string} [rejected] Why the command is refused, instead of then-events.
 */

/**
 * @typedef {object} Note
 * @property {string} id
 * @property {NoteKind} kind
 * @property {string} text
 * @property {number} x
 * @property {number} y
 * @property {number} w
 * @property {number} h
 * @property {NoteDetails} details
 */

/**
 * @typedef {object} Connector
 * @property {string} id
 * @property {string} from
 * @property {string} to
 * @property {string} [label]
 */

/**
 * @typedef {object} Frame
 * @property {string} id
 * @property {FrameKindName} kind
 * @property {string} name
 * @property {number} x
 * @property {number} y
 * @property {number} w
 * @property {number} h
 */

/**
 * @typedef {'chaotic_exploration'|'enforce_the_timeline'|'hotspots_and_pivotal_events'|'commands_and_actors'|'policies_and_read_models'|'aggregates_and_bounded_contexts'} Phase
 * @typedef {{duration_ms: number, state: 'running', ends_at_ms: number} | {duration_ms: number, state: 'paused', remaining_ms: number}} Timer
 * @typedef {{id: string, dots_per_participant: number, kinds: NoteKind[], open: boolean, dots: {[voter: string]: string[]}}} Vote
 * @typedef {{phase: Phase | null, timer: Timer | null, vote: Vote | null, instructions?: {[phase: string]: string}, locked?: string[], private_mode?: boolean, private_notes?: {[id: string]: string}}} Facilitation
 * @typedef {{x: number, y: number, zoom: number}} SharedViewport  The board point at the centre of a screen, and its zoom.
 */

/** @typedef {{id: string, x: number, y: number}} Move */
/** @typedef {{id: string, x: number, y: number, from_x: number, from_y: number}} MovedNote */

/**
 * @typedef {{type: 'rename_board', title: string}
 *   | {type: 'add_note', id: string, kind: NoteKind, text: string, x: number, y: number, w?: number, h?: number, details?: NoteDetails, owner?: string}
 *   | {type: 'move_notes', moves: Move[]}
 *   | {type: 'resize_note', id: string, w: number, h: number}
 *   | {type: 'edit_text', id: string, text: string}
 *   | {type: 'change_kind', id: string, kind: NoteKind}
 *   | {type: 'set_details', id: string, details: NoteDetails}
 *   | {type: 'delete_note', id: string}
 *   | {type: 'restore_note', id: string}
 *   | {type: 'add_connector', id: string, from: string, to: string, label?: string}
 *   | {type: 'change_connector', id: string, label?: string | null}
 *   | {type: 'remove_connector', id: string}
 *   | {type: 'add_frame', id: string, kind: FrameKindName, name: string, x: number, y: number, w: number, h: number}
 *   | {type: 'change_frame', id: string, kind?: FrameKindName, name?: string, x?: number, y?: number, w?: number, h?: number}
 *   | {type: 'remove_frame', id: string}
 *   | {type: 'set_phase', phase: Phase | null}
 *   | {type: 'set_phase_instruction', phase: Phase, text: string}
 *   | {type: 'start_timer', duration_ms: number}
 *   | {type: 'pause_timer'}
 *   | {type: 'resume_timer'}
 *   | {type: 'add_time', ms?: number}
 *   | {type: 'reset_timer'}
 *   | {type: 'lock_elements', ids: string[]}
 *   | {type: 'unlock_elements', ids: string[]}
 *   | {type: 'start_private_mode'}
 *   | {type: 'end_private_mode'}
 *   | {type: 'open_vote', id: string, dots_per_participant: number, kinds?: NoteKind[]}
 *   | {type: 'close_vote'}
 *   | {type: 'place_dot', note: string}
 *   | {type: 'remove_dot', note: string}} Command
 */

/**
 * @typedef {{type: 'board_created', title: string}
 *   | {type: 'board_renamed', title: string, from: string}
 *   | {type: 'note_added', note: Note}
 *   | {type: 'private_note_added', note: Note, owner: string}
 *   | {type: 'notes_moved', moves: MovedNote[]}
 *   | {type: 'note_resized', id: string, w: number, h: number, from_w: number, from_h: number}
 *   | {type: 'note_text_edited', id: string, text: string, from: string}
 *   | {type: 'note_kind_changed', id: string, kind: NoteKind, from: NoteKind}
 *   | {type: 'note_details_changed', id: string, details: NoteDetails, from: NoteDetails}
 *   | {type: 'note_deleted', id: string, connectors: Connector[]}
 *   | {type: 'note_restored', note: Note, connectors: Connector[]}
 *   | {type: 'connector_added', connector: Connector}
 *   | {type: 'connector_changed', connector: Connector, from: Connector}
 *   | {type: 'connector_removed', connector: Connector}
 *   | {type: 'frame_added', frame: Frame}
 *   | {type: 'frame_changed', frame: Frame, from: Frame}
 *   | {type: 'frame_removed', frame: Frame}
 *   | {type: 'phase_changed', phase: Phase | null, from: Phase | null}
 *   | {type: 'phase_instruction_set', phase: Phase, text: string | null, from: string | null}
 *   | {type: 'timer_started', timer: Timer, from: Timer | null, now_ms: number}
 *   | {type: 'timer_paused', timer: Timer, from: Timer, now_ms: number}
 *   | {type: 'timer_resumed', timer: Timer, from: Timer, now_ms: number}
 *   | {type: 'timer_extended', timer: Timer, from: Timer, by_ms: number, now_ms: number}
 *   | {type: 'timer_reset', from: Timer}
 *   | {type: 'elements_locked', ids: string[]}
 *   | {type: 'elements_unlocked', ids: string[]}
 *   | {type: 'private_mode_started'}
 *   | {type: 'private_mode_ended', notes: Note[], connectors: Connector[]}
 *   | {type: 'hidden'}
 *   | {type: 'vote_opened', vote: Vote}
 *   | {type: 'vote_closed', vote_id: string, dots?: Record<string, string[]>}
 *   | {type: 'dot_hidden', vote_id: string, voter: string, voter_dots?: number}
 *   | {type: 'dot_placed', vote_id: string, note: string, voter: string}
 *   | {type: 'dot_removed', vote_id: string, note: string, voter: string}} BoardEvent
 */

/**
 * @typedef {object} EventEnvelope
 * @property {number} seq
 * @property {string} op_id
 * @property {string} actor
 * @property {string} at
 * @property {BoardEvent} event
 */

/**
 * @typedef {object} BoardView
 * @property {string} id
 * @property {string} title
 * @property {number} seq
 * @property {Note[]} notes  In stacking order, bottom first.
 * @property {Connector[]} connectors
 * @property {Frame[]} frames
 * @property {Facilitation} [facilitation]
 */

/** @typedef {{id: string, name: string, colour: string}} Participant */
/** @typedef {{x: number, y: number}} Point */

/**
 * @typedef {{type: 'welcome', participant: Participant, participants: Participant[], seq: number, server_time: number, read_only: boolean, facilitator?: boolean, events?: EventEnvelope[]}
 *   | {type: 'board', board: BoardView}
 *   | {type: 'retract', after_seq: number}
 *   | ({type: 'event'} & EventEnvelope)
 *   | {type: 'ack', op_id: string, first_seq: number, seq: number, duplicate?: boolean}
 *   | {type: 'rejected', op_id: string, error: string, message: string, retryable: boolean}
 *   | {type: 'participants', participants: Participant[]}
 *   | {type: 'presence', participant: string, cursor: Point|null, selection: string[], viewport?: SharedViewport | null, editing?: string | null}
 *   | {type: 'summon', participant: string, viewport: SharedViewport, frame?: string}
 *   | {type: 'pong'}
 *   | {type: 'error', error: string, message: string}
 *   | {type: 'resync', reason: string}} ServerMessage
 */

/** A command waiting for the server's confirmation, kept in the outbox. */
/** @typedef {{op_id: string, command: Command}} PendingOp */

/** @typedef {{x: number, y: number, w: number, h: number}} Rect */

export {};
