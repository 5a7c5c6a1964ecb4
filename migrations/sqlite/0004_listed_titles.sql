-- A board's listed title (boards.title: the board page, the administrators' list) follows its
-- renames: the server writes it after each one. Boards renamed before that take the title of
-- their last rename.
UPDATE boards
   SET title = (SELECT json_extract(e.payload, '$.title')
                  FROM board_events e
                 WHERE e.board_id = boards.id AND e.kind = 'board_renamed'
                 ORDER BY e.seq DESC LIMIT 1)
 WHERE EXISTS (SELECT 1
                 FROM board_events e
                WHERE e.board_id = boards.id AND e.kind = 'board_renamed'
                  AND json_extract(e.payload, '$.title') IS NOT NULL);
