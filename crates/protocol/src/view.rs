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
