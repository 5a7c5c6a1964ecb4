//! eventstorm's load generator: B boards x C clients x R edits per second per client against a
//! running server, measuring fan-out and ack latency, delivered vs expected events (loss,
//! duplicates, seq gaps), rejections, achieved throughput, and the server's CPU and RSS.
//!
//! The accounting ([`accounting`]) is pure and unit-tested; `tests/lossy_stub.rs` runs the
//! whole generator against a stub server that drops, duplicates and skips events on purpose.

pub mod accounting;
pub mod client;
pub mod procstat;
pub mod run;
pub mod step;
pub mod table;
pub mod wire;

pub use run::{Report, RunConfig, run};
pub use step::{StepConfig, StepReport, step};
