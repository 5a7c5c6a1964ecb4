//! The load generator's bookkeeping, kept free of I/O so it can be tested on its own: op ids
//! that carry their sender and send time, per-client seq tracking (duplicates, gaps, late
//! arrivals), and matching what each board's senders had acknowledged against what every other
//! client on the board received.

use std::collections::BTreeMap;

use hdrhistogram::Histogram;
use serde::Serialize;
use uuid::Uuid;

/// What a load generator op id encodes, so a receiver can tell who sent an event and when,
/// without sharing state with the sender: run tag, client index, counter, send time (µs since
/// the run's clock started). Every op id of a run is distinct (client index and counter).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OpTag {
    /// Random per run: events of other runs or other tools are told apart.
    pub run: u32,
    /// The sending client's index within the run (unique across boards).
    pub client: u32,
    /// The client's op counter.
    pub counter: u32,
    /// Microseconds since the run's clock started, when the command was written.
    pub sent_us: u32,
}

impl OpTag {
    pub fn encode(&self) -> Uuid {
        let mut b = [0u8; 16];
        b[0..4].copy_from_slice(&self.run.to_be_bytes());
        b[4..8].copy_from_slice(&self.client.to_be_bytes());
        b[8..12].copy_from_slice(&self.counter.to_be_bytes());
        b[12..16].copy_from_slice(&self.sent_us.to_be_bytes());
        Uuid::from_bytes(b)
    }

    pub fn decode(id: Uuid) -> OpTag {
        let b = id.as_bytes();
        let word = |i: usize| u32::from_be_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]]);
        OpTag {
            run: word(0),
            client: word(4),
            counter: word(8),
            sent_us: word(12),
        }
    }
}

/// The part of the run whose ops are measured: sent at or after `start_us` and before
/// `end_us` (µs on the run's clock), by this run (`run`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Window {
    pub run: u32,
    pub start_us: u32,
    pub end_us: u32,
}

impl Window {
    /// Whether the op this tag names belongs to this run's measured window.
    pub fn measures(&self, tag: &OpTag) -> bool {
        tag.run == self.run && tag.sent_us >= self.start_us && tag.sent_us < self.end_us
    }
}

/// How one event's seq relates to what the client had before.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SeqCheck {
    /// The next seq.
    InOrder,
    /// Further than the next seq: this many seqs were skipped over.
    Gap(u64),
    /// Below the highest seq seen but not seen before: it fills an earlier gap.
    Late,
    /// Seen already (or covered by the welcome's state).
    Duplicate,
}

/// One client's view of a board's event stream: which seqs it received after the welcome, and
/// what was wrong with their order.
#[derive(Clone, Debug, Default)]
pub struct SeqTracker {
    /// The welcome's seq: the state the client started from.
    base: u64,
    /// The highest seq received.
    last: u64,
    /// Bit `i` set = seq `base + 1 + i` received.
    seen: Vec<u64>,
    pub duplicates: u64,
    /// Times a seq arrived further than the next one.
    pub gaps: u64,
    /// Seqs skipped over at those times.
    pub gap_seqs: u64,
    pub late: u64,
}

impl SeqTracker {
    /// A tracker for a client whose welcome was at `base`.
    pub fn new(base: u64) -> Self {
        Self {
            base,
            last: base,
            ..Self::default()
        }
    }

    pub fn base(&self) -> u64 {
        self.base
    }

    pub fn last(&self) -> u64 {
        self.last
    }

    /// Forgets the seqs after `after_seq`: the server took them back (`retract`), and the
    /// events that come next at those seqs are new ones, not repeats.
    pub fn rewind(&mut self, after_seq: u64) {
        if after_seq < self.base {
            *self = Self::new(after_seq);
            return;
        }
        let keep = (after_seq - self.base) as usize;
        for (w, word) in self.seen.iter_mut().enumerate() {
            for bit in 0..64 {
                if w * 64 + bit >= keep {
                    *word &= !(1u64 << bit);
                }
            }
        }
        self.last = self.last.min(after_seq);
    }

    /// Records an event's seq.
    pub fn observe(&mut self, seq: u64) -> SeqCheck {
        if self.has(seq) {
            self.duplicates += 1;
            return SeqCheck::Duplicate;
        }
        let i = (seq - self.base - 1) as usize;
        let word = i / 64;
        if word >= self.seen.len() {
            self.seen.resize(word + 1, 0);
        }
        self.seen[word] |= 1 << (i % 64);
        if seq == self.last + 1 {
            self.last = seq;
            SeqCheck::InOrder
        } else if seq > self.last {
            let skipped = seq - self.last - 1;
            self.last = seq;
            self.gaps += 1;
            self.gap_seqs += skipped;
            SeqCheck::Gap(skipped)
        } else {
            self.late += 1;
            SeqCheck::Late
        }
    }

    /// Whether the client has the event at `seq` (received, or part of its welcome state).
    pub fn has(&self, seq: u64) -> bool {
        if seq <= self.base {
            return true;
        }
        let i = (seq - self.base - 1) as usize;
        self.seen
            .get(i / 64)
            .is_some_and(|w| w & (1 << (i % 64)) != 0)
    }
}

/// A measured command the server acknowledged: its events are `first_seq..=seq` (an empty
/// range when it changed nothing).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Acked {
    pub first_seq: u64,
    pub seq: u64,
}

/// Everything one client saw and did during a run.
#[derive(Clone, Debug)]
pub struct ClientLog {
    /// The client's index within the run (the one its op ids carry).
    pub client: u32,
    pub seqs: SeqTracker,
    /// Fan-out latency (µs) of measured ops sent by other clients, at their first arrival.
    pub fanout_us: Vec<u32>,
    /// Ack latency (µs) of this client's measured ops.
    pub ack_us: Vec<u32>,
    /// This client's measured ops that were acknowledged.
    pub acked: Vec<Acked>,
    /// Acks for resends the server had already committed (`duplicate: true`).
    pub duplicate_acks: u64,
    /// This client's measured ops the server rejected, by error code.
    pub rejected: BTreeMap<String, u64>,
    /// Commands written (all, and in the measured window).
    pub sent: u64,
    pub sent_measured: u64,
    /// Event frames whose op id is not one of this run's.
    pub foreign_events: u64,
    /// `resync` frames received (the server dropped the client for falling behind).
    pub resyncs: u64,
    /// `error` frames and unreadable frames, by code.
    pub errors: BTreeMap<String, u64>,
    /// The largest delay between a command's scheduled and actual send time (µs).
    pub max_send_lag_us: u64,
}

impl ClientLog {
    pub fn new(client: u32, welcome_seq: u64) -> Self {
        Self {
            client,
            seqs: SeqTracker::new(welcome_seq),
            fanout_us: Vec::new(),
            ack_us: Vec::new(),
            acked: Vec::new(),
            duplicate_acks: 0,
            rejected: BTreeMap::new(),
            sent: 0,
            sent_measured: 0,
            foreign_events: 0,
            resyncs: 0,
            errors: BTreeMap::new(),
            max_send_lag_us: 0,
        }
    }

    /// An `event` frame arrived at `now_us`.
    pub fn on_event(&mut self, seq: u64, op_id: Uuid, now_us: u32, window: Option<&Window>) {
        let check = self.seqs.observe(seq);
        let tag = OpTag::decode(op_id);
        let Some(window) = window else { return };
        if tag.run != window.run {
            self.foreign_events += 1;
            return;
        }
        if check != SeqCheck::Duplicate && tag.client != self.client && window.measures(&tag) {
            self.fanout_us.push(now_us.saturating_sub(tag.sent_us));
        }
    }

    /// An `ack` for one of this client's commands arrived at `now_us`.
    pub fn on_ack(
        &mut self,
        op_id: Uuid,
        first_seq: u64,
        seq: u64,
        duplicate: bool,
        now_us: u32,
        window: Option<&Window>,
    ) {
        if duplicate {
            self.duplicate_acks += 1;
        }
        let tag = OpTag::decode(op_id);
        if window.is_some_and(|w| w.measures(&tag)) {
            self.ack_us.push(now_us.saturating_sub(tag.sent_us));
            self.acked.push(Acked { first_seq, seq });
        }
    }

    /// A `rejected` for one of this client's commands.
    pub fn on_rejected(&mut self, op_id: Uuid, code: &str, window: Option<&Window>) {
        let tag = OpTag::decode(op_id);
        if window.is_some_and(|w| w.measures(&tag)) {
            *self.rejected.entry(code.to_owned()).or_default() += 1;
        }
    }

    /// The server took back the events after `after_seq` (their commit failed): they are
    /// counted as an error, and their seqs may arrive again with other events.
    pub fn on_retract(&mut self, after_seq: u64) {
        self.on_error("retract");
        self.seqs.rewind(after_seq);
    }

    pub fn on_error(&mut self, code: &str) {
        *self.errors.entry(code.to_owned()).or_default() += 1;
    }
}

/// Deliveries on one board: for every event of every measured, acknowledged op, each client on
/// the board other than its sender is expected to receive it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Delivery {
    pub expected: u64,
    pub delivered: u64,
    /// Expected but never received (by the end of the grace period).
    pub lost: u64,
}

impl std::ops::AddAssign for Delivery {
    fn add_assign(&mut self, o: Self) {
        self.expected += o.expected;
        self.delivered += o.delivered;
        self.lost += o.lost;
    }
}

/// Matches one board's acknowledged ops against what its other clients received.
pub fn match_board(logs: &[ClientLog]) -> Delivery {
    let mut d = Delivery::default();
    for sender in logs {
        for ack in &sender.acked {
            for seq in ack.first_seq..=ack.seq {
                for receiver in logs.iter().filter(|r| r.client != sender.client) {
                    d.expected += 1;
                    if receiver.seqs.has(seq) {
                        d.delivered += 1;
                    } else {
                        d.lost += 1;
                    }
                }
            }
        }
    }
    d
}

/// A latency distribution, in milliseconds.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Latency {
    pub count: u64,
    pub p50_ms: f64,
    pub p95_ms: f64,
    pub p99_ms: f64,
    pub p999_ms: f64,
    pub max_ms: f64,
    pub mean_ms: f64,
}

impl Latency {
    /// Summarises samples in microseconds (HDR histogram, 3 significant digits).
    pub fn from_micros<'a>(samples: impl IntoIterator<Item = &'a u32>) -> Latency {
        let mut h = Histogram::<u64>::new_with_bounds(1, u64::from(u32::MAX), 3)
            .expect("valid histogram bounds");
        for &us in samples {
            h.saturating_record(u64::from(us.max(1)));
        }
        if h.is_empty() {
            return Latency::default();
        }
        let ms = |us: u64| us as f64 / 1000.0;
        Latency {
            count: h.len(),
            p50_ms: ms(h.value_at_quantile(0.50)),
            p95_ms: ms(h.value_at_quantile(0.95)),
            p99_ms: ms(h.value_at_quantile(0.99)),
            p999_ms: ms(h.value_at_quantile(0.999)),
            max_ms: ms(h.max()),
            mean_ms: h.mean() / 1000.0,
        }
    }
}

/// The run's accounting, summed over clients and boards.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Totals {
    pub sent: u64,
    pub sent_measured: u64,
    pub acked: u64,
    pub rejected: BTreeMap<String, u64>,
    /// Measured ops neither acknowledged nor rejected by the end of the grace period.
    pub unanswered: u64,
    pub duplicate_acks: u64,
    pub delivery: Delivery,
    /// Event frames with a seq the client already had.
    pub duplicates: u64,
    /// Times a client received a seq further than the next one, and the seqs skipped over.
    pub seq_gaps: u64,
    pub gap_seqs: u64,
    /// Events that arrived below a client's highest seq, filling a gap.
    pub late: u64,
    pub foreign_events: u64,
    pub resyncs: u64,
    pub errors: BTreeMap<String, u64>,
    pub fanout: Latency,
    pub ack: Latency,
    pub max_send_lag_ms: f64,
}

impl Totals {
    /// Sums the logs of every board (one slice of client logs per board).
    pub fn from_boards(boards: &[Vec<ClientLog>]) -> Totals {
        let mut t = Totals::default();
        let mut max_lag = 0;
        for logs in boards {
            t.delivery += match_board(logs);
            for log in logs {
                t.sent += log.sent;
                t.sent_measured += log.sent_measured;
                t.acked += log.acked.len() as u64;
                t.duplicate_acks += log.duplicate_acks;
                for (code, n) in &log.rejected {
                    *t.rejected.entry(code.clone()).or_default() += n;
                }
                for (code, n) in &log.errors {
                    *t.errors.entry(code.clone()).or_default() += n;
                }
                t.duplicates += log.seqs.duplicates;
                t.seq_gaps += log.seqs.gaps;
                t.gap_seqs += log.seqs.gap_seqs;
                t.late += log.seqs.late;
                t.foreign_events += log.foreign_events;
                t.resyncs += log.resyncs;
                max_lag = max_lag.max(log.max_send_lag_us);
            }
        }
        let rejected: u64 = t.rejected.values().sum();
        t.unanswered = t.sent_measured.saturating_sub(t.acked + rejected);
        t.fanout = Latency::from_micros(boards.iter().flatten().flat_map(|l| &l.fanout_us));
        t.ack = Latency::from_micros(boards.iter().flatten().flat_map(|l| &l.ack_us));
        t.max_send_lag_ms = max_lag as f64 / 1000.0;
        t
    }

    pub fn rejected_total(&self) -> u64 {
        self.rejected.values().sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const RUN: u32 = 0xfeed_beef;
    const WINDOW: Window = Window {
        run: RUN,
        start_us: 1_000,
        end_us: 9_000,
    };

    fn op(client: u32, counter: u32, sent_us: u32) -> Uuid {
        OpTag {
            run: RUN,
            client,
            counter,
            sent_us,
        }
        .encode()
    }

    #[test]
    fn retracted_seqs_that_arrive_again_are_not_repeats() {
        let mut seqs = SeqTracker::new(10);
        for seq in 11..=14 {
            assert_eq!(seqs.observe(seq), SeqCheck::InOrder);
        }
        seqs.rewind(12);
        assert_eq!(seqs.observe(13), SeqCheck::InOrder);
        assert_eq!(seqs.observe(14), SeqCheck::InOrder);
        assert_eq!(
            seqs.observe(12),
            SeqCheck::Duplicate,
            "kept before the retraction"
        );
        assert_eq!((seqs.duplicates, seqs.gaps), (1, 0));
    }

    #[test]
    fn op_tags_round_trip_and_differ() {
        let tag = OpTag {
            run: 7,
            client: 123_456,
            counter: u32::MAX,
            sent_us: 42,
        };
        assert_eq!(OpTag::decode(tag.encode()), tag);
        assert_ne!(op(1, 2, 3), op(2, 1, 3));
        assert_ne!(op(1, 2, 3), op(1, 3, 3));
    }

    #[test]
    fn window_measures_only_this_runs_ops_inside_it() {
        let tag = |run, sent_us| OpTag {
            run,
            client: 0,
            counter: 0,
            sent_us,
        };
        assert!(!WINDOW.measures(&tag(RUN, 999)));
        assert!(WINDOW.measures(&tag(RUN, 1_000)));
        assert!(WINDOW.measures(&tag(RUN, 8_999)));
        assert!(!WINDOW.measures(&tag(RUN, 9_000)));
        assert!(!WINDOW.measures(&tag(RUN + 1, 5_000)));
    }

    #[test]
    fn tracker_classifies_order_gaps_late_and_duplicates() {
        let mut t = SeqTracker::new(10);
        assert_eq!(t.observe(11), SeqCheck::InOrder);
        assert_eq!(t.observe(12), SeqCheck::InOrder);
        assert_eq!(t.observe(15), SeqCheck::Gap(2));
        assert_eq!(t.observe(13), SeqCheck::Late);
        assert_eq!(t.observe(15), SeqCheck::Duplicate);
        assert_eq!(t.observe(9), SeqCheck::Duplicate, "covered by the welcome");
        assert_eq!(t.observe(16), SeqCheck::InOrder);
        assert_eq!(t.observe(200), SeqCheck::Gap(183));
        assert_eq!((t.duplicates, t.gaps, t.gap_seqs, t.late), (2, 2, 185, 1));
        assert_eq!(t.last(), 200);
        assert!(t.has(10) && t.has(13) && t.has(200));
        assert!(!t.has(14) && !t.has(17) && !t.has(201));
    }

    #[test]
    fn tracker_crosses_bitset_words() {
        let mut t = SeqTracker::new(0);
        for seq in 1..=130 {
            assert_eq!(t.observe(seq), SeqCheck::InOrder);
        }
        assert!((1..=130).all(|s| t.has(s)));
        assert!(!t.has(131));
        assert_eq!((t.duplicates, t.gaps, t.late), (0, 0, 0));
    }

    #[test]
    fn fanout_latency_counts_first_arrivals_of_others_measured_ops() {
        let mut log = ClientLog::new(1, 0);
        log.on_event(1, op(0, 0, 2_000), 2_500, Some(&WINDOW)); // other, measured: 500
        log.on_event(1, op(0, 0, 2_000), 2_900, Some(&WINDOW)); // duplicate: not again
        log.on_event(2, op(1, 0, 3_000), 3_100, Some(&WINDOW)); // own echo
        log.on_event(3, op(2, 0, 500), 3_200, Some(&WINDOW)); // warm-up op
        log.on_event(4, op(2, 1, 4_000), 4_300, Some(&WINDOW)); // other, measured: 300
        log.on_event(5, Uuid::from_u128(1), 4_400, Some(&WINDOW)); // not ours
        log.on_event(6, op(2, 2, 5_000), 5_100, None); // before the window is known
        assert_eq!(log.fanout_us, vec![500, 300]);
        assert_eq!(log.foreign_events, 1);
        assert_eq!(log.seqs.duplicates, 1);
        assert_eq!(log.seqs.last(), 6);
    }

    #[test]
    fn acks_and_rejections_count_inside_the_window() {
        let mut log = ClientLog::new(0, 0);
        log.on_ack(op(0, 0, 500), 1, 1, false, 900, Some(&WINDOW));
        log.on_ack(op(0, 1, 2_000), 2, 2, false, 2_700, Some(&WINDOW));
        log.on_ack(op(0, 2, 2_100), 3, 2, true, 2_800, Some(&WINDOW));
        log.on_rejected(op(0, 3, 3_000), "rate_limited", Some(&WINDOW));
        log.on_rejected(op(0, 4, 3_100), "rate_limited", Some(&WINDOW));
        log.on_rejected(op(0, 5, 100), "rate_limited", Some(&WINDOW));
        assert_eq!(log.ack_us, vec![700, 700]);
        assert_eq!(
            log.acked,
            vec![
                Acked {
                    first_seq: 2,
                    seq: 2
                },
                Acked {
                    first_seq: 3,
                    seq: 2
                }
            ]
        );
        assert_eq!(log.duplicate_acks, 1);
        assert_eq!(log.rejected.get("rate_limited"), Some(&2));
    }

    /// Three clients; client 0 sends seqs 1..=4, client 1 sends 5..=6 (one op, two events) and
    /// an op that changed nothing. Client 2 misses 3 and 6; client 1 misses 2.
    #[test]
    fn matching_counts_expected_delivered_and_lost_per_other_client() {
        let mut logs: Vec<ClientLog> = (0..3).map(|c| ClientLog::new(c, 0)).collect();
        logs[0].acked = (1..=4)
            .map(|s| Acked {
                first_seq: s,
                seq: s,
            })
            .collect();
        logs[1].acked = vec![
            Acked {
                first_seq: 5,
                seq: 6,
            },
            Acked {
                first_seq: 7,
                seq: 6,
            },
        ];
        for seq in 1..=6 {
            logs[0].seqs.observe(seq);
        }
        for seq in [1, 3, 4, 5, 6] {
            logs[1].seqs.observe(seq);
        }
        for seq in [1, 2, 4, 5] {
            logs[2].seqs.observe(seq);
        }
        let d = match_board(&logs);
        // 4 events x 2 others + 2 events x 2 others.
        assert_eq!(d.expected, 12);
        assert_eq!(d.lost, 3);
        assert_eq!(d.delivered, 9);

        let totals = Totals::from_boards(&[logs]);
        assert_eq!(totals.delivery, d);
        assert_eq!(
            totals.seq_gaps, 2,
            "client 1 jumped 1->3, client 2 jumped 2->4"
        );
        assert_eq!(totals.gap_seqs, 2);
        assert_eq!(totals.acked, 6);
    }

    #[test]
    fn boards_are_matched_separately() {
        // The same seqs on two boards: a receiver on board B does not cover board A's events.
        let mut a: Vec<ClientLog> = (0..2).map(|c| ClientLog::new(c, 0)).collect();
        let b: Vec<ClientLog> = (2..4).map(|c| ClientLog::new(c, 0)).collect();
        a[0].acked.push(Acked {
            first_seq: 1,
            seq: 1,
        });
        let totals = Totals::from_boards(&[a, b]);
        assert_eq!(
            totals.delivery,
            Delivery {
                expected: 1,
                delivered: 0,
                lost: 1
            }
        );
    }

    #[test]
    fn unanswered_is_sent_minus_acked_and_rejected() {
        let mut log = ClientLog::new(0, 0);
        log.sent_measured = 5;
        log.on_ack(op(0, 0, 2_000), 1, 1, false, 2_100, Some(&WINDOW));
        log.on_rejected(op(0, 1, 2_000), "unavailable", Some(&WINDOW));
        let totals = Totals::from_boards(&[vec![log]]);
        assert_eq!(totals.unanswered, 3);
        assert_eq!(totals.rejected_total(), 1);
    }

    #[test]
    fn latency_percentiles_come_from_the_histogram() {
        let samples: Vec<u32> = (1..=1000).map(|i| i * 10).collect();
        let l = Latency::from_micros(&samples);
        assert_eq!(l.count, 1000);
        assert!((l.p50_ms - 5.0).abs() < 0.01, "{l:?}");
        assert!((l.p99_ms - 9.9).abs() < 0.01, "{l:?}");
        assert!((l.max_ms - 10.0).abs() < 0.01, "{l:?}");
        assert_eq!(Latency::from_micros(&[]), Latency::default());
    }
}
