use serde::{Deserialize, Serialize};

/// Domain limits. Each is a setting (tests and benchmarks raise them); the defaults are what a
/// real workshop never reaches and what keeps one board cheap to hold in memory.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Limits {
    /// Characters in a sticky's text (and in a description).
    pub max_text_chars: usize,
    /// Live notes, connectors and frames on one board.
    pub max_elements: usize,
    /// Characters in a board title, frame name, connector label or field name.
    pub max_name_chars: usize,
    /// Largest absolute coordinate on the wall.
    pub max_coordinate: f64,
    /// Smallest and largest width or height of a sticky or frame.
    pub min_size: f64,
    pub max_size: f64,
    /// Payload fields on one sticky.
    pub max_fields: usize,
    /// Estimated bytes one board may hold in memory (`Board::bytes`): live elements, their
    /// details and the deleted notes kept for restore. Past it, commands that would grow the
    /// board are refused with `board_full`.
    #[serde(default = "default_max_board_bytes")]
    pub max_board_bytes: usize,
}

fn default_max_board_bytes() -> usize {
    64 * 1024 * 1024
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_text_chars: 4_000,
            max_elements: 10_000,
            max_name_chars: 200,
            max_coordinate: 1_000_000.0,
            min_size: 10.0,
            max_size: 100_000.0,
            max_fields: 100,
            max_board_bytes: default_max_board_bytes(),
        }
    }
}
