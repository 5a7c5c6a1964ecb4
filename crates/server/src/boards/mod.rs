//! The application layer: what may be done with a board, whichever transport asked. HTTP
//! handlers and WebSocket sessions parse with the protocol's one command parser, ask
//! [`authorise`] whether the link and keys allow the command, and hand it to the hub; reads
//! of the past (a board at a seq, pages of events, one element's history, backups, listings)
//! are the read models in [`reads`], built on the hub's loader. No transport touches the store.

pub mod authorise;
pub mod reads;

pub use authorise::{Facilitator, authorise};
