use eventstorm_board::{Board, Connector, Facilitation, Frame, Note};
use serde::{Deserialize, Serialize};

/// A board as `GET /api/boards/{id}` and `welcome` show it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BoardView {
    pub id: String,
    pub title: String,
    pub seq: u64,
    /// In stacking order, bottom first.
    pub notes: Vec<Note>,
    pub connectors: Vec<Connector>,
    pub frames: Vec<Frame>,
    /// Phase, timer and the current (or last) vote.
    #[serde(default)]
    pub facilitation: Facilitation,
}

/// The view of `board` at `seq`, under the id the caller used.
pub fn board_view(id: &str, seq: u64, board: &Board) -> BoardView {
    BoardView {
        id: id.to_owned(),
        title: board.title.clone(),
        seq,
        notes: board.notes().into_iter().cloned().collect(),
        connectors: board.connectors().cloned().collect(),
        frames: board.frames().cloned().collect(),
        facilitation: board.facilitation.clone(),
    }
}

/// A `BoardView` borrowed from the board: the same JSON, without copying every sticky first
/// (what matters for a board of tens of megabytes).
#[derive(Serialize)]
pub struct BoardViewRef<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub seq: u64,
    pub notes: Vec<&'a Note>,
    pub connectors: Vec<&'a Connector>,
    pub frames: Vec<&'a Frame>,
    pub facilitation: &'a Facilitation,
}

/// The borrowed view of `board` at `seq`, under the id the caller used.
pub fn board_view_ref<'a>(id: &'a str, seq: u64, board: &'a Board) -> BoardViewRef<'a> {
    BoardViewRef {
        id,
        title: &board.title,
        seq,
        notes: board.notes(),
        connectors: board.connectors().collect(),
        frames: board.frames().collect(),
        facilitation: &board.facilitation,
    }
}

/// The `board` message (`ServerMessage::Board`) encoded straight from a board.
pub fn board_message_json(id: &str, seq: u64, board: &Board) -> String {
    #[derive(Serialize)]
    #[serde(tag = "type", rename = "board")]
    struct BoardMessage<'a> {
        board: BoardViewRef<'a>,
    }
    serde_json::to_string(&BoardMessage {
        board: board_view_ref(id, seq, board),
    })
    .expect("a board serialises")
}
