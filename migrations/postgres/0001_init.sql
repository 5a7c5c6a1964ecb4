-- The eventstorm event store: boards, their append-only event streams, recorded ops
-- (exactly-once commands) and snapshots. See DESIGN.md, "Event store".

CREATE TABLE boards (
    id            TEXT   PRIMARY KEY,
    view_id       TEXT   NOT NULL UNIQUE,
    title         TEXT   NOT NULL,
    created_at_ms BIGINT NOT NULL
);

-- The (board_id, seq) primary key is the concurrency referee: two appends after the same head
-- cannot both insert seq head + 1. Payloads are TEXT, not jsonb, so they come back byte for byte.
CREATE TABLE board_events (
    board_id       TEXT    NOT NULL REFERENCES boards (id),
    seq            BIGINT  NOT NULL CHECK (seq > 0),
    op_id          UUID    NOT NULL,
    actor          TEXT    NOT NULL,
    kind           TEXT    NOT NULL,
    payload        TEXT    NOT NULL,
    schema_version INTEGER NOT NULL,
    recorded_at_ms BIGINT  NOT NULL,
    PRIMARY KEY (board_id, seq)
);

-- One row per command, written in the same transaction as its events. An op without events
-- has first_seq = last_seq + 1.
CREATE TABLE board_ops (
    board_id       TEXT   NOT NULL REFERENCES boards (id),
    op_id          UUID   NOT NULL,
    content_hash   TEXT   NOT NULL,
    first_seq      BIGINT NOT NULL,
    last_seq       BIGINT NOT NULL,
    recorded_at_ms BIGINT NOT NULL,
    PRIMARY KEY (board_id, op_id),
    CHECK (first_seq > 0 AND last_seq >= first_seq - 1)
);

-- Kept, not replaced: the board at any seq is the nearest snapshot at or below it plus a tail.
CREATE TABLE board_snapshots (
    board_id       TEXT    NOT NULL REFERENCES boards (id),
    seq            BIGINT  NOT NULL,
    schema_version INTEGER NOT NULL,
    state          TEXT    NOT NULL,
    PRIMARY KEY (board_id, seq)
);

-- Events are history: never updated, and deleted only by a purge of a whole board, which sets
-- `SET LOCAL eventstorm.purge = on` in its transaction (the setting ends with the transaction).
CREATE FUNCTION board_events_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('DELETE', 'TRUNCATE')
       AND coalesce(current_setting('eventstorm.purge', true), '') = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'board_events is append-only: % refused', TG_OP
        USING HINT = 'only a board purge (SET LOCAL eventstorm.purge = on) may delete events';
END;
$$;

CREATE TRIGGER board_events_no_update_or_delete
    BEFORE UPDATE OR DELETE ON board_events
    FOR EACH ROW EXECUTE FUNCTION board_events_append_only();

CREATE TRIGGER board_events_no_truncate
    BEFORE TRUNCATE ON board_events
    FOR EACH STATEMENT EXECUTE FUNCTION board_events_append_only();
