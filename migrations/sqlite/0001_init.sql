-- The eventstorm event store: boards, their append-only event streams, recorded ops
-- (exactly-once commands) and snapshots. See DESIGN.md, "Event store".

CREATE TABLE boards (
    id            TEXT    NOT NULL PRIMARY KEY,
    view_id       TEXT    NOT NULL UNIQUE,
    title         TEXT    NOT NULL,
    created_at_ms INTEGER NOT NULL
);

-- The (board_id, seq) primary key is the concurrency referee. Op ids are hyphenated UUID text,
-- readable in the sqlite3 shell.
CREATE TABLE board_events (
    board_id       TEXT    NOT NULL REFERENCES boards (id),
    seq            INTEGER NOT NULL CHECK (seq > 0),
    op_id          TEXT    NOT NULL,
    actor          TEXT    NOT NULL,
    kind           TEXT    NOT NULL,
    payload        TEXT    NOT NULL,
    schema_version INTEGER NOT NULL,
    recorded_at_ms INTEGER NOT NULL,
    PRIMARY KEY (board_id, seq)
);

-- One row per command, written in the same transaction as its events. An op without events
-- has first_seq = last_seq + 1.
CREATE TABLE board_ops (
    board_id       TEXT    NOT NULL REFERENCES boards (id),
    op_id          TEXT    NOT NULL,
    content_hash   TEXT    NOT NULL,
    first_seq      INTEGER NOT NULL,
    last_seq       INTEGER NOT NULL,
    recorded_at_ms INTEGER NOT NULL,
    PRIMARY KEY (board_id, op_id),
    CHECK (first_seq > 0 AND last_seq >= first_seq - 1)
);

-- Kept, not replaced: the board at any seq is the nearest snapshot at or below it plus a tail.
CREATE TABLE board_snapshots (
    board_id       TEXT    NOT NULL REFERENCES boards (id),
    seq            INTEGER NOT NULL,
    schema_version INTEGER NOT NULL,
    state          TEXT    NOT NULL,
    PRIMARY KEY (board_id, seq)
);

-- Events are history. SQLite has no session settings to let a purge through, so a purge
-- (SqliteStore::purge_board) drops board_events_no_delete, deletes the board and recreates the
-- trigger from its stored SQL, all inside one write transaction: no other writer can slip in.
CREATE TRIGGER board_events_no_update BEFORE UPDATE ON board_events
BEGIN
    SELECT RAISE(ABORT, 'board_events is append-only: UPDATE refused');
END;

CREATE TRIGGER board_events_no_delete BEFORE DELETE ON board_events
BEGIN
    SELECT RAISE(ABORT, 'board_events is append-only: DELETE refused outside a purge');
END;
