//! Writing a backup document as it is read: the header, then the events a store page at a
//! time, then the closing brackets. However long the log, the server holds one page of events
//! and its encoding, so a backup of a 100,000-event board costs what one of 1,000 costs. The
//! document is the one [`crate::backup::Backup`] reads back (events one to a line).

use std::sync::Arc;

use axum::body::Bytes;
use eventstorm_board::{Board, Event};
use eventstorm_store::{BoardId, EventStore, StoreError};
use futures_util::Stream;
use futures_util::stream;

use super::{BACKUP_FORMAT, BackupEvent};
use crate::hub::privacy::{Shown, shown};

/// Events read from the store per page (and per chunk of the document).
pub const BACKUP_PAGE: u32 = 1_000;

enum Step {
    Header,
    Events { after: u64 },
    Done,
}

struct Writer {
    store: Arc<dyn EventStore>,
    board: BoardId,
    title: String,
    /// The head the document stops at.
    seq: u64,
    /// The live board, when it keeps private stickies out of sight: their events are left
    /// out (or cut to what anyone may see), as from every other read.
    private: Option<Board>,
    /// Events left out so far: the ones after them move down, so the document's seqs stay
    /// dense (what an import checks).
    left_out: u64,
    step: Step,
}

/// The backup of `board` holding events 1..=`seq` under `title` (the board's title at `seq`),
/// as chunks of the document. A store error, or events missing below `seq` (the board purged
/// meanwhile), ends the stream with an error: the document is then visibly cut short. With
/// `live` (the board now), what it keeps private stays out of the document; without, the
/// document holds the whole log.
pub fn backup_document(
    store: Arc<dyn EventStore>,
    board: BoardId,
    title: String,
    seq: u64,
    live: Option<Board>,
) -> impl Stream<Item = Result<Bytes, StoreError>> + Send + 'static {
    let writer = Writer {
        store,
        board,
        title,
        seq,
        private: live.filter(Board::keeps_private_notes),
        left_out: 0,
        step: Step::Header,
    };
    stream::unfold(writer, |mut w| async move {
        let chunk = w.next_chunk().await?;
        Some((chunk, w))
    })
}

impl Writer {
    async fn next_chunk(&mut self) -> Option<Result<Bytes, StoreError>> {
        match self.step {
            Step::Header => {
                self.step = Step::Events { after: 0 };
                Some(Ok(Bytes::from(self.header())))
            }
            Step::Events { after } if after >= self.seq => {
                self.step = Step::Done;
                Some(Ok(Bytes::from_static(b"\n  ]\n}\n")))
            }
            Step::Events { after } => {
                let result = self.page(after).await;
                if result.is_err() {
                    self.step = Step::Done;
                }
                Some(result)
            }
            Step::Done => None,
        }
    }

    fn header(&self) -> String {
        format!(
            "{{\n  \"format\": {},\n  \"title\": {},\n  \"seq\": {},\n  \"events\": [",
            json_string(BACKUP_FORMAT),
            json_string(&self.title),
            self.seq
        )
    }

    /// The events of the page after `after`, each on its own line after a separator.
    async fn page(&mut self, after: u64) -> Result<Bytes, StoreError> {
        let records = self.store.read(&self.board, after, BACKUP_PAGE).await?;
        let Some(last) = records.last().map(|r| r.seq) else {
            return Err(StoreError::NotFound);
        };
        let mut out = Vec::with_capacity(records.iter().map(|r| r.payload.len() + 200).sum());
        for rec in records.into_iter().take_while(|r| r.seq <= self.seq) {
            let seq = rec.seq;
            let corrupt = |e: serde_json::Error| StoreError::Corrupt(format!("event {seq}: {e}"));
            let mut event = BackupEvent::from_recorded(rec).map_err(corrupt)?;
            if let Some(live) = &self.private {
                let decoded: Event =
                    serde_json::from_value(event.event.clone()).map_err(corrupt)?;
                match shown(&decoded, live, None) {
                    Shown::Whole => {}
                    Shown::Part(part) => {
                        event.event = serde_json::to_value(&*part).expect("events serialise")
                    }
                    Shown::Nothing => {
                        self.left_out += 1;
                        continue;
                    }
                }
                event.seq -= self.left_out;
            }
            // The board's creation (seq 1) is always there and always first.
            out.extend_from_slice(if seq == 1 { b"\n    " } else { b",\n    " });
            serde_json::to_writer(&mut out, &event).expect("a backup event serialises");
        }
        self.step = Step::Events {
            after: last.min(self.seq),
        };
        Ok(Bytes::from(out))
    }
}

fn json_string(s: &str) -> String {
    serde_json::to_string(s).expect("a string serialises")
}
