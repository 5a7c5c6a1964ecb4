//! Forks: a new board with the first events of another, copied a store page at a time, so a
//! fork of a long log holds one page (and the board being folded for its snapshots), never the
//! whole log.

use eventstorm_board::Event;
use eventstorm_store::{BoardId, RecordedEvent, StoreError};

use super::seeded::NewBoardWriter;
use super::{CreatedBoard, Hub, HubError, store_error};
use crate::backup::{ImportedEvent, into_ops};

/// Events read from the source per page.
const FORK_PAGE: u32 = 1_000;

impl Hub {
    /// A new board titled `title` holding events 1..=`at` of `source`, with their op ids,
    /// actors and times (and content hashes of their own, like an import's). `NotFound` if the
    /// source has fewer events (it was purged meanwhile); all or nothing.
    pub async fn fork_board(
        &self,
        source: &BoardId,
        at: u64,
        title: &str,
    ) -> Result<CreatedBoard, HubError> {
        let store = &self.inner.store;
        let mut writer: Option<NewBoardWriter> = None;
        // The events of the page's last op, which may go on in the next page.
        let mut pending: Vec<ImportedEvent> = Vec::new();
        let mut after = 0;
        while after < at {
            let page = store
                .read(source, after, FORK_PAGE)
                .await
                .map_err(store_error)?;
            if page.is_empty() {
                return Err(match &writer {
                    Some(w) => w.abandon(StoreError::NotFound).await,
                    None => HubError::NotFound,
                });
            }
            for rec in page.into_iter().take_while(|r| r.seq <= at) {
                after = rec.seq;
                pending.push(imported(rec)?);
            }
            // Whole ops only: keep the last op back unless the copy is complete.
            let keep = if after >= at {
                0
            } else {
                let last_op = pending.last().map(|e| e.op_id);
                pending
                    .iter()
                    .rev()
                    .take_while(|e| Some(e.op_id) == last_op)
                    .count()
            };
            let held = pending.split_off(pending.len() - keep);
            let mut ops = into_ops(std::mem::replace(&mut pending, held)).into_iter();
            if writer.is_none()
                && let Some(first) = ops.next()
            {
                writer = Some(self.start_new_board(title, &first).await?);
            }
            let rest: Vec<_> = ops.collect();
            if let Some(w) = writer.as_mut()
                && !rest.is_empty()
            {
                w.append(&rest).await?;
            }
        }
        writer.map(|w| w.finish()).ok_or(HubError::NotFound)
    }
}

fn imported(rec: RecordedEvent) -> Result<ImportedEvent, HubError> {
    let event = Event::decode(rec.schema_version, &rec.payload).map_err(|e| {
        tracing::error!(seq = rec.seq, error = %e, "stored event does not decode");
        HubError::Unavailable
    })?;
    Ok(ImportedEvent {
        op_id: rec.op_id,
        actor: rec.actor,
        recorded_at_ms: rec.recorded_at_ms,
        event,
    })
}
