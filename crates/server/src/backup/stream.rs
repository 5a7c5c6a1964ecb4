//! Writing a backup document as it is read: the header, then the events a store page at a
//! time, then the closing brackets. However long the log, the server holds one page of events
//! and its encoding, so a backup of a 100,000-event board costs what one of 1,000 costs. The
//! document is the one [`crate::backup::Backup`] reads back (events one to a line).

use std::sync::Arc;

use axum::body::Bytes;
use eventstorm_store::{BoardId, EventStore, StoreError};
use futures_util::Stream;
use futures_util::stream;

use super::{BACKUP_FORMAT, BackupEvent};

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
    step: Step,
}

/// The backup of `board` holding events 1..=`seq` under `title` (the board's title at `seq`),
/// as chunks of the document. A store error, or events missing below `seq` (the board purged
/// meanwhile), ends the stream with an error: the document is then visibly cut short.
pub fn backup_document(
    store: Arc<dyn EventStore>,
    board: BoardId,
    title: String,
    seq: u64,
) -> impl Stream<Item = Result<Bytes, StoreError>> + Send + 'static {
    let writer = Writer {
        store,
        board,
        title,
        seq,
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
            out.extend_from_slice(if rec.seq == 1 { b"\n    " } else { b",\n    " });
            let seq = rec.seq;
            let event = BackupEvent::from_recorded(rec)
                .map_err(|e| StoreError::Corrupt(format!("event {seq}: {e}")))?;
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
