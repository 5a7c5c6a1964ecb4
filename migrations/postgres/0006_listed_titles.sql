-- A board's listed title (boards.title: the board page, the administrators' list) follows its
-- renames: the server writes it after each one. Boards renamed before that take the title of
-- their last rename.
UPDATE boards b
   SET title = r.payload::json ->> 'title'
  FROM (SELECT DISTINCT ON (board_id) board_id, payload
          FROM board_events
         WHERE kind = 'board_renamed'
         ORDER BY board_id, seq DESC) r
 WHERE r.board_id = b.id
   AND r.payload::json ->> 'title' IS NOT NULL;
