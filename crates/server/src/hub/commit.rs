//! Group commit: decide a batch of queued commands against the evolving board, append them in
//! one store call, then apply, broadcast and acknowledge. Nothing is acknowledged before the
//! store has committed it, and a resent op id is answered with its original seqs.

use std::collections::HashSet;
use std::sync::atomic::Ordering;

use eventstorm_board::{Event, Rejection, decide, evolve};
use eventstorm_protocol::{EventEnvelope, ServerMessage};
use eventstorm_store::{AppendOutcome, NewOp, OpRecord, RecordedEvent, StoreError, now_millis};
use uuid::Uuid;

use super::actor::BoardActor;
use super::frames::{message_frame, rfc3339};
use super::messages::{CommandOutcome, CommandReply, HubError, PendingCommand};
use super::recent::RememberedOp;

/// How often a batch is re-decided after losing a race to another writer before its commands
/// are answered `unavailable` (and resent by their clients).
const MAX_ATTEMPTS: usize = 8;

/// A command the board refused, with its position in the batch.
type Refused = (usize, PendingCommand, Rejection);

/// An event sent to the connections before its commit.
struct SentEvent {
    rec: RecordedEvent,
    frame: axum::extract::ws::Utf8Bytes,
}

/// Whether the store gave each op the seqs its events were sent with.
fn same_seqs(records: &[OpRecord], sent: &[SentEvent]) -> bool {
    let mut seqs = sent.iter().map(|s| s.rec.seq);
    records
        .iter()
        .all(|r| (r.first_seq..=r.last_seq).all(|seq| seqs.next() == Some(seq)))
        && seqs.next().is_none()
}

/// A command the board accepted in this batch, with the events it produced.
struct Decided {
    /// Position in the batch, so a batch decided again keeps its order.
    pos: usize,
    cmd: PendingCommand,
    events: Vec<Event>,
}

impl BoardActor {
    pub(super) async fn commit_batch(&mut self, mut batch: Vec<PendingCommand>) {
        for _ in 0..MAX_ATTEMPTS {
            batch = self.answer_known_resends(batch);
            if batch.is_empty() {
                return;
            }
            let (next, deferred) = split_repeated_ops(batch);
            // Kept only once the append commits.
            let mut draft = self.state().draft();
            let mut decided = Vec::new();
            let mut refused = Vec::new();
            let now = now_millis();
            for (pos, mut cmd) in next.into_iter().enumerate() {
                // What only the server may say (the clock, the voter), after the op's hash.
                cmd.command.stamp(now, &cmd.participant);
                match decide(&draft.0, &cmd.command, &self.settings().limits) {
                    Ok(events) => {
                        for e in &events {
                            evolve(&mut draft.0, e);
                        }
                        decided.push(Decided { pos, cmd, events });
                    }
                    Err(rejection) => refused.push((pos, cmd, rejection)),
                }
            }
            let ops: Vec<NewOp> = decided.iter().map(new_op).collect();
            let result = if ops.is_empty() {
                Ok(None)
            } else {
                // Fan out on decide: the other participants see the events now; the senders'
                // acks wait for the commit below.
                let sent = self.fan_out(&decided, &ops, &draft.0);
                self.append(&ops).await.map(|outcome| Some((outcome, sent)))
            };
            match result {
                Ok(outcome) => {
                    if let Some((outcome, sent)) = outcome {
                        if !same_seqs(&outcome.ops, &sent) {
                            // The store placed the events elsewhere than where they were
                            // sent: take them back and read the store before going on.
                            tracing::error!(board = %self.id().log_tag(), "append placed events at unexpected seqs");
                            self.state_mut().mark_stale();
                            self.retract();
                            return self.fail_all(decided, refused, deferred);
                        }
                        self.state_mut().accept(draft);
                        // Listed before the rename is acknowledged: whoever renamed sees the
                        // new title on the page they load next.
                        if let Some(title) = renamed_to(&decided) {
                            self.list_title(title).await;
                        }
                        self.confirm(decided, &ops, outcome.ops, sent);
                    }
                    self.answer_refused(refused).await;
                    if deferred.is_empty() {
                        return;
                    }
                    batch = deferred;
                }
                Err(StoreError::Conflict(_)) => {
                    // Another instance appended first: take back what was sent, catch up,
                    // then decide again.
                    self.retract();
                    if !self.catch_up().await && !self.reload().await {
                        return self.fail_all(decided, refused, deferred);
                    }
                    batch = rejoin(decided, refused, deferred);
                }
                Err(StoreError::DuplicateOp) => {
                    // An op in the batch was committed before (a resend we did not remember):
                    // take back what was sent, answer those from the store, decide the rest
                    // again.
                    self.retract();
                    batch = rejoin(decided, refused, deferred);
                    batch = match self.answer_from_store(batch).await {
                        Some(rest) => rest,
                        None => return,
                    };
                }
                Err(e) => {
                    tracing::error!(board = %self.id().log_tag(), error = %e, "append failed");
                    // The append may or may not have committed (a lost connection mid-commit).
                    // Every client is told the events it was sent did not happen; the state is
                    // reloaded before the next command (publishing whatever did commit), and
                    // clients resend with the same op ids, which apply once.
                    self.state_mut().mark_stale();
                    self.retract();
                    return self.fail_all(decided, refused, deferred);
                }
            }
        }
        tracing::warn!(board = %self.id().log_tag(), "batch kept losing append races");
        for cmd in batch {
            self.reply(
                cmd.reply,
                CommandOutcome::Rejected(HubError::Unavailable),
                cmd.op_id,
            );
        }
    }

    /// Appends the batch's ops at the head, keeping the store metrics.
    async fn append(&mut self, ops: &[NewOp]) -> Result<AppendOutcome, StoreError> {
        let started = std::time::Instant::now();
        let result = self
            .store()
            .append(self.id(), self.state().head(), ops)
            .await;
        let metrics = self.metrics();
        match &result {
            Ok(_) => {
                metrics.append_seconds.observe_duration(started.elapsed());
                metrics.append_batch.observe(ops.len() as f64);
                let events: usize = ops.iter().map(|o| o.events.len()).sum();
                metrics
                    .events_appended
                    .fetch_add(events as u64, Ordering::Relaxed);
                metrics
                    .commands_accepted
                    .fetch_add(ops.len() as u64, Ordering::Relaxed);
            }
            Err(StoreError::Conflict(_) | StoreError::DuplicateOp) => {}
            Err(_) => {
                metrics.store_errors.fetch_add(1, Ordering::Relaxed);
            }
        }
        result
    }

    fn fail_all(
        &mut self,
        decided: Vec<Decided>,
        refused: Vec<Refused>,
        deferred: Vec<PendingCommand>,
    ) {
        for cmd in rejoin(decided, refused, deferred) {
            self.reply(
                cmd.reply,
                CommandOutcome::Rejected(HubError::Unavailable),
                cmd.op_id,
            );
        }
    }

    /// Answers resends this actor remembers; returns the rest.
    fn answer_known_resends(&mut self, batch: Vec<PendingCommand>) -> Vec<PendingCommand> {
        let mut rest = Vec::with_capacity(batch.len());
        for cmd in batch {
            match self.state().remembered(&cmd.op_id) {
                Some(op) => self.answer_resend(cmd, op),
                None => rest.push(cmd),
            }
        }
        rest
    }

    fn answer_resend(&mut self, cmd: PendingCommand, op: RememberedOp) {
        let outcome = if op.same_content(&cmd.content_hash) {
            CommandOutcome::Duplicate {
                first_seq: op.first_seq,
                seq: op.last_seq,
            }
        } else {
            CommandOutcome::Rejected(HubError::OpIdReused)
        };
        self.reply(cmd.reply, outcome, cmd.op_id);
    }

    /// Looks the batch's ops up in the store; answers those recorded, returns the others.
    /// `None` when the store cannot be read (everything was answered `unavailable`).
    async fn answer_from_store(
        &mut self,
        batch: Vec<PendingCommand>,
    ) -> Option<Vec<PendingCommand>> {
        let ids: Vec<Uuid> = batch.iter().map(|c| c.op_id).collect();
        match self.store().find_ops(self.id(), &ids).await {
            Ok(found) => {
                for op in &found {
                    self.state_mut().remember(op);
                }
                Some(self.answer_known_resends(batch))
            }
            Err(e) => {
                tracing::warn!(board = %self.id().log_tag(), error = %e, "op lookup failed");
                for cmd in batch {
                    self.reply(
                        cmd.reply,
                        CommandOutcome::Rejected(HubError::Unavailable),
                        cmd.op_id,
                    );
                }
                None
            }
        }
    }

    /// Refused commands may be resends of ops committed long ago (re-deciding an `add_note`
    /// resend fails with `duplicate_id`): check the store before sending a rejection.
    async fn answer_refused(&mut self, refused: Vec<Refused>) {
        if refused.is_empty() {
            return;
        }
        let ids: Vec<Uuid> = refused.iter().map(|(_, c, _)| c.op_id).collect();
        let found = match self.store().find_ops(self.id(), &ids).await {
            Ok(found) => found,
            Err(_) => {
                for (_, cmd, _) in refused {
                    self.reply(
                        cmd.reply,
                        CommandOutcome::Rejected(HubError::Unavailable),
                        cmd.op_id,
                    );
                }
                return;
            }
        };
        for (_, cmd, rejection) in refused {
            match found.iter().find(|op| op.op_id == cmd.op_id) {
                Some(op) => {
                    let remembered = self.state_mut().remember(op);
                    self.answer_resend(cmd, remembered);
                }
                None => {
                    let err = HubError::from(rejection);
                    self.reply(cmd.reply, CommandOutcome::Rejected(err), cmd.op_id);
                }
            }
        }
    }

    /// Sends the batch's events to every connection, at the seqs the append will give them
    /// (the next after the head, in order), before the append: the board's other
    /// participants need not wait for the commit, only the senders' acks do. Nothing goes
    /// into the catch-up memory yet.
    fn fan_out(
        &mut self,
        decided: &[Decided],
        ops: &[NewOp],
        decided_board: &eventstorm_board::Board,
    ) -> Vec<SentEvent> {
        let mut seq = self.state().head();
        let mut sent = Vec::new();
        for (d, op) in decided.iter().zip(ops) {
            for event in &op.events {
                seq += 1;
                let rec = RecordedEvent {
                    seq,
                    op_id: op.op_id,
                    actor: op.actor.clone(),
                    kind: event.kind.clone(),
                    payload: event.payload.clone(),
                    schema_version: event.schema_version,
                    recorded_at_ms: op.recorded_at_ms,
                };
                // A secret ballot's dot goes in full to its voter only (see `ballot`).
                let frame = self.send_event(&rec, decided_board);
                sent.push(SentEvent { rec, frame });
            }
            self.metrics()
                .fanout_seconds
                .observe_duration(d.cmd.received.elapsed());
        }
        sent
    }

    /// After the commit: the new head, the events in the catch-up memory, the ops remembered,
    /// and each command acknowledged to its sender.
    fn confirm(
        &mut self,
        decided: Vec<Decided>,
        ops: &[NewOp],
        records: Vec<OpRecord>,
        sent: Vec<SentEvent>,
    ) {
        let mut sent = sent.into_iter();
        for ((d, op), record) in decided.into_iter().zip(ops).zip(records) {
            let mut envelopes = Vec::new();
            for (i, s) in sent.by_ref().take(op.events.len()).enumerate() {
                self.state_mut()
                    .record(s.rec.seq, s.rec.op_id, s.rec.recorded_at_ms, s.frame);
                if matches!(d.cmd.reply, CommandReply::Http(_)) {
                    envelopes.push(EventEnvelope {
                        seq: s.rec.seq,
                        op_id: s.rec.op_id,
                        actor: s.rec.actor,
                        at: rfc3339(s.rec.recorded_at_ms),
                        event: d.events[i].clone(),
                    });
                }
            }
            self.state_mut().remember(&record);
            let outcome = CommandOutcome::Committed {
                first_seq: record.first_seq,
                seq: record.last_seq,
                events: envelopes,
            };
            self.reply(d.cmd.reply, outcome, d.cmd.op_id);
        }
    }

    pub(super) fn reply(&mut self, reply: CommandReply, outcome: CommandOutcome, op_id: Uuid) {
        if let CommandOutcome::Rejected(err) = &outcome {
            self.metrics().rejected(err.code().as_str());
        }
        match reply {
            CommandReply::Http(tx) => {
                let _ = tx.send(outcome);
            }
            CommandReply::Conn(conn) => {
                let msg = match outcome {
                    CommandOutcome::Committed { first_seq, seq, .. } => ServerMessage::Ack {
                        op_id,
                        first_seq,
                        seq,
                        duplicate: false,
                    },
                    CommandOutcome::Duplicate { first_seq, seq } => ServerMessage::Ack {
                        op_id,
                        first_seq,
                        seq,
                        duplicate: true,
                    },
                    CommandOutcome::Rejected(err) => ServerMessage::Rejected {
                        op_id,
                        error: err.code(),
                        message: err.to_string(),
                        retryable: err.retryable(),
                    },
                };
                self.send_to(conn, message_frame(&msg));
            }
        }
    }
}

fn new_op(d: &Decided) -> NewOp {
    NewOp::from_events(
        d.cmd.op_id,
        d.cmd.content_hash.clone(),
        &d.cmd.actor,
        now_millis(),
        &d.events,
    )
}

/// The title the batch's last rename gave the board, if it renamed it.
fn renamed_to(decided: &[Decided]) -> Option<String> {
    decided
        .iter()
        .flat_map(|d| &d.events)
        .filter_map(|e| match e {
            Event::BoardRenamed { title, .. } => Some(title.clone()),
            _ => None,
        })
        .next_back()
}

/// Two commands with one op id in one batch: the second is a resend of the first and must be
/// answered with the first's outcome, so it waits for the next round.
fn split_repeated_ops(batch: Vec<PendingCommand>) -> (Vec<PendingCommand>, Vec<PendingCommand>) {
    let mut seen = HashSet::new();
    let (mut now, mut later) = (Vec::with_capacity(batch.len()), Vec::new());
    for cmd in batch {
        if seen.insert(cmd.op_id) {
            now.push(cmd)
        } else {
            later.push(cmd)
        }
    }
    (now, later)
}

/// The batch's commands in their original relative order, for deciding again.
fn rejoin(
    decided: Vec<Decided>,
    refused: Vec<Refused>,
    deferred: Vec<PendingCommand>,
) -> Vec<PendingCommand> {
    let mut all: Vec<(usize, PendingCommand)> =
        decided.into_iter().map(|d| (d.pos, d.cmd)).collect();
    all.extend(refused.into_iter().map(|(pos, c, _)| (pos, c)));
    all.sort_by_key(|(pos, _)| *pos);
    let mut all: Vec<PendingCommand> = all.into_iter().map(|(_, c)| c).collect();
    all.extend(deferred);
    all
}
