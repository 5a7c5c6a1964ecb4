-- A group of appends in one call, so a group costs one round trip (and, called outside a
-- transaction, one implicit transaction) instead of a statement each for BEGIN, the locks, the
-- heads, the two inserts and COMMIT.
--
-- The caller has placed the rows assuming every board's head is the seq it expects. The
-- function locks the boards (in id order, so two instances' groups cannot deadlock), then
-- reads the heads in a statement of its own: a VOLATILE function takes a fresh snapshot per
-- statement, so it sees what the previous lock holder committed. If every board exists at its
-- expected head the rows are inserted and the
-- result is NULL. Otherwise nothing is written and the result is the boards' actual heads in
-- the order given (NULL for a board that does not exist), for the caller to sort out.
-- A seq or op id already taken still fails the call with the tables' unique violations.
CREATE FUNCTION eventstorm_append(
    p_boards   TEXT[],
    p_expected BIGINT[],
    e_board    TEXT[],
    e_seq      BIGINT[],
    e_op_id    UUID[],
    e_actor    TEXT[],
    e_kind     TEXT[],
    e_payload  TEXT[],
    e_schema   INTEGER[],
    e_recorded BIGINT[],
    o_board    TEXT[],
    o_op_id    UUID[],
    o_hash     TEXT[],
    o_first    BIGINT[],
    o_last     BIGINT[],
    o_recorded BIGINT[]
) RETURNS BIGINT[]
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    heads BIGINT[];
BEGIN
    PERFORM 1 FROM boards WHERE id = ANY(p_boards) ORDER BY id FOR NO KEY UPDATE;
    SELECT array_agg(
               CASE WHEN EXISTS (SELECT 1 FROM boards WHERE id = given.b)
                    THEN (SELECT coalesce(max(seq), 0) FROM board_events WHERE board_id = given.b)
               END
               ORDER BY given.n)
      INTO heads
      FROM unnest(p_boards) WITH ORDINALITY AS given(b, n);
    IF heads IS DISTINCT FROM p_expected THEN
        RETURN heads;
    END IF;
    INSERT INTO board_events (board_id, seq, op_id, actor, kind, payload, schema_version,
                              recorded_at_ms)
    SELECT * FROM unnest(e_board, e_seq, e_op_id, e_actor, e_kind, e_payload, e_schema,
                         e_recorded);
    INSERT INTO board_ops (board_id, op_id, content_hash, first_seq, last_seq, recorded_at_ms)
    SELECT * FROM unnest(o_board, o_op_id, o_hash, o_first, o_last, o_recorded);
    RETURN NULL;
END;
$$;
