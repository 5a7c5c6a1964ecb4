//! The `board` message a full join receives, encoded once per head and link and shared by
//! every connection that joins meanwhile. A big board's encoding (tens of megabytes) is built
//! on a blocking thread from a clone of the board (cheap: the board's maps are persistent), so
//! the actor goes on deciding while it is made; each joiner's queue holds a handle that its
//! writer waits on, in queue order, so events decided meanwhile still follow the board.

use std::sync::{Arc, Weak};

use axum::extract::ws::Utf8Bytes;
use eventstorm_board::Board;
#[cfg(test)]
use eventstorm_protocol::ServerMessage;
use eventstorm_protocol::board_message_json;
use tokio::sync::watch;

use super::messages::Outbound;
use super::privacy;

/// Boards this small are encoded on the actor: a thread hop would cost more than the work.
const ENCODE_INLINE_BYTES: usize = 64 * 1024;

/// A `board` message being encoded, or encoded; shared by the queues of the joiners.
pub type SharedFrame = Arc<watch::Receiver<Option<Utf8Bytes>>>;

/// The encodings of the current head, one per link id (edit and view-only ids differ).
/// Weak: once every joiner has sent it, the encoding is freed, so an idle big board does not
/// keep a second copy of itself.
#[derive(Default)]
pub struct BoardFrames {
    head: u64,
    by_link: Vec<(String, Weak<watch::Receiver<Option<Utf8Bytes>>>)>,
}

impl BoardFrames {
    /// What to queue for a joiner that needs the full board at `head`.
    pub fn for_join(&mut self, link: &str, head: u64, board: &Board) -> Outbound {
        if board.bytes() <= ENCODE_INLINE_BYTES {
            return Outbound::Text(encode(link, head, board));
        }
        if self.head != head {
            self.head = head;
            self.by_link.clear();
        }
        self.by_link.retain(|(_, frame)| frame.strong_count() > 0);
        if let Some(frame) = self
            .by_link
            .iter()
            .find(|(l, _)| l == link)
            .and_then(|(_, frame)| frame.upgrade())
        {
            return Outbound::Pending(frame);
        }
        let (tx, rx) = watch::channel(None);
        let frame = Arc::new(rx);
        self.by_link.push((link.to_owned(), Arc::downgrade(&frame)));
        let (link, board) = (link.to_owned(), board.clone());
        tokio::task::spawn_blocking(move || {
            let _ = tx.send(Some(encode(&link, head, &board)));
        });
        Outbound::Pending(frame)
    }
}

impl BoardFrames {
    /// What to queue for the joiner `me`: the shared encoding, or, during a secret ballot or
    /// while stickies are private, a board of their own (their dots, their private stickies).
    /// That one is never shared, but a big board's is still made off the actor, so a join or a
    /// retraction on a board of thousands of stickies costs the actor no encoding per person.
    pub fn for_viewer(&mut self, link: &str, head: u64, board: &Board, me: &str) -> Outbound {
        if !privacy::needs_personal_board(board) {
            return self.for_join(link, head, board);
        }
        if board.bytes() <= ENCODE_INLINE_BYTES {
            return Outbound::Text(privacy::board_frame_for(link, head, board, me));
        }
        let (tx, rx) = watch::channel(None);
        let (link, board, me) = (link.to_owned(), board.clone(), me.to_owned());
        tokio::task::spawn_blocking(move || {
            let _ = tx.send(Some(privacy::board_frame_for(&link, head, &board, &me)));
        });
        Outbound::Pending(Arc::new(rx))
    }
}

fn encode(link: &str, head: u64, board: &Board) -> Utf8Bytes {
    Utf8Bytes::from(board_message_json(link, head, board))
}

#[cfg(test)]
mod tests {
    use super::*;
    use eventstorm_board::{Command, ElementId, Limits, NoteKind, decide, evolve};

    fn board_of(notes: usize, text_len: usize) -> Board {
        let mut board = Board::default();
        let run = |board: &mut Board, c: Command| {
            for e in decide(board, &c, &Limits::default()).unwrap() {
                evolve(board, &e);
            }
        };
        run(
            &mut board,
            Command::CreateBoard {
                title: "Big".into(),
            },
        );
        for i in 0..notes {
            run(
                &mut board,
                Command::AddNote {
                    id: ElementId::new_random(),
                    kind: NoteKind::Event,
                    text: "x".repeat(text_len),
                    x: i as f64,
                    y: 0.0,
                    w: None,
                    h: None,
                    details: None,
                    owner: None,
                },
            );
        }
        board
    }

    #[test]
    fn the_board_message_reads_back_as_the_protocol_message() {
        let board = board_of(3, 10);
        let frame = encode("link", 4, &board);
        let msg: ServerMessage = serde_json::from_str(frame.as_str()).unwrap();
        let ServerMessage::Board { board: view } = msg else {
            panic!("not a board message")
        };
        assert_eq!(view, eventstorm_protocol::board_view("link", 4, &board));
    }

    #[tokio::test]
    async fn a_big_board_with_private_stickies_is_encoded_for_each_viewer_off_the_actor() {
        let mut board = board_of(40, 4_000);
        for e in decide(&board, &Command::StartPrivateMode, &Limits::default()).unwrap() {
            evolve(&mut board, &e);
        }
        let add = Command::AddNote {
            id: ElementId::new_random(),
            kind: NoteKind::Event,
            text: "Ann's idea".into(),
            x: 0.0,
            y: 500.0,
            w: None,
            h: None,
            details: None,
            owner: Some("ann".into()),
        };
        for e in decide(&board, &add, &Limits::default()).unwrap() {
            evolve(&mut board, &e);
        }
        let mut frames = BoardFrames::default();
        let mut text_for = async |me: &str| {
            let Outbound::Pending(frame) = frames.for_viewer("edit", 43, &board, me) else {
                panic!("a big board is encoded off the actor")
            };
            let mut rx = (*frame).clone();
            rx.wait_for(Option::is_some).await.unwrap().clone().unwrap()
        };
        assert!(text_for("ann").await.as_str().contains("Ann's idea"));
        assert!(!text_for("ben").await.as_str().contains("Ann's idea"));
        assert!(frames.by_link.is_empty(), "nothing personal is shared");
    }

    #[tokio::test]
    async fn joiners_at_one_head_share_one_encoding_of_a_big_board() {
        let board = board_of(40, 4_000);
        assert!(board.bytes() > ENCODE_INLINE_BYTES);
        let mut frames = BoardFrames::default();
        let (Outbound::Pending(a), Outbound::Pending(b)) = (
            frames.for_join("edit", 41, &board),
            frames.for_join("edit", 41, &board),
        ) else {
            panic!("a big board is encoded off the actor")
        };
        assert!(Arc::ptr_eq(&a, &b), "one encoding for both joiners");
        let Outbound::Pending(view) = frames.for_join("view", 41, &board) else {
            panic!("pending")
        };
        assert!(!Arc::ptr_eq(&a, &view), "a view-only link has its own");
        let mut rx = (*a).clone();
        let text = rx.wait_for(Option::is_some).await.unwrap().clone().unwrap();
        assert!(
            text.as_str()
                .starts_with(r#"{"type":"board","board":{"id":"edit""#)
        );
        // Once every joiner has sent it, the encoding is freed.
        drop((a, b, rx));
        let Outbound::Pending(again) = frames.for_join("edit", 41, &board) else {
            panic!("pending")
        };
        assert_eq!(frames.by_link.len(), 2);
        drop(again);
    }
}
