//! The actor's memory of recent history: the last events as encoded frames (so a client that
//! reconnects is caught up without touching the store) and the last ops (so a resend is
//! answered without a query).

use std::collections::{HashMap, VecDeque};

use axum::extract::ws::Utf8Bytes;
use eventstorm_store::OpRecord;
use uuid::Uuid;

/// The last `capacity` event frames, by seq.
pub struct RecentEvents {
    capacity: usize,
    /// (seq, frame), seqs dense and increasing.
    frames: VecDeque<(u64, Utf8Bytes)>,
    /// Which event each held seq is (its op id and time), in step with `frames`.
    identities: VecDeque<(Uuid, i64)>,
}

impl RecentEvents {
    pub fn new(capacity: usize) -> Self {
        Self {
            capacity,
            frames: VecDeque::new(),
            identities: VecDeque::new(),
        }
    }

    pub fn push(&mut self, seq: u64, op_id: Uuid, at_ms: i64, frame: Utf8Bytes) {
        if let Some((last, _)) = self.frames.back()
            && *last + 1 != seq
        {
            // A gap (frames we never saw): what we hold no longer forms a run up to `seq`.
            self.frames.clear();
            self.identities.clear();
        }
        self.frames.push_back((seq, frame));
        self.identities.push_back((op_id, at_ms));
        while self.frames.len() > self.capacity {
            self.frames.pop_front();
            self.identities.pop_front();
        }
    }

    /// Whether the committed event at `seq` is the one a client names (`op_id` and `at` as
    /// it received them); false when `seq` is not held.
    pub fn is_event(&self, seq: u64, op_id: Uuid, at: &str) -> bool {
        let Some((first, _)) = self.frames.front() else {
            return false;
        };
        let Some(i) = seq.checked_sub(*first) else {
            return false;
        };
        match self.identities.get(i as usize) {
            Some((op, at_ms)) => *op == op_id && super::frames::rfc3339(*at_ms) == at,
            None => false,
        }
    }

    /// The frames after `since` up to the newest, if they are all held.
    pub fn after(&self, since: u64, head: u64) -> Option<Vec<Utf8Bytes>> {
        if since >= head {
            return Some(Vec::new());
        }
        let first = self.frames.front()?.0;
        let last = self.frames.back()?.0;
        if since + 1 < first || last != head {
            return None;
        }
        let skip = (since + 1 - first) as usize;
        Some(
            self.frames
                .iter()
                .skip(skip)
                .map(|(_, f)| f.clone())
                .collect(),
        )
    }
}

/// What the actor remembers of a recorded op: enough to answer a resend.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RememberedOp {
    pub first_seq: u64,
    pub last_seq: u64,
    /// The first 128 bits of the SHA-256 of the op's content hash: a resend with another
    /// content (an op id reused) cannot match it by chance, and it takes no allocation.
    content: u128,
}

impl RememberedOp {
    pub fn of(op: &OpRecord) -> Self {
        RememberedOp {
            first_seq: op.first_seq,
            last_seq: op.last_seq,
            content: content_digest(&op.content_hash),
        }
    }

    /// Whether a command with `content_hash` is this op sent again (rather than its id reused).
    pub fn same_content(&self, content_hash: &str) -> bool {
        self.content == content_digest(content_hash)
    }
}

fn content_digest(content_hash: &str) -> u128 {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(content_hash.as_bytes());
    let mut first = [0u8; 16];
    first.copy_from_slice(&digest[..16]);
    u128::from_le_bytes(first)
}

/// A bounded map of recently recorded ops, oldest evicted first.
///
/// Evicting leaves tombstones in the hash table, and when they have used up its free slots a
/// table more than half full grows (doubling its memory), while one at most half full cleans
/// them up in place. With a capacity of 7/16 of a power of two (896: half of what a 2,048-slot
/// table holds) the table grows with use up to 2,048 slots and no further.
pub struct RecentOps {
    capacity: usize,
    order: VecDeque<Uuid>,
    ops: HashMap<Uuid, RememberedOp>,
}

impl RecentOps {
    pub fn new(capacity: usize) -> Self {
        Self {
            capacity,
            order: VecDeque::new(),
            ops: HashMap::new(),
        }
    }

    pub fn get(&self, op_id: &Uuid) -> Option<RememberedOp> {
        self.ops.get(op_id).copied()
    }

    /// Remembers `op` (evicting the oldest if full); returns what is remembered of it.
    pub fn insert(&mut self, op: &OpRecord) -> RememberedOp {
        if let Some(known) = self.ops.get(&op.op_id) {
            return *known;
        }
        // Room first, so the map never holds more than `capacity`.
        while self.order.len() >= self.capacity {
            match self.order.pop_front() {
                Some(old) => self.ops.remove(&old),
                None => break,
            };
        }
        let remembered = RememberedOp::of(op);
        self.ops.insert(op.op_id, remembered);
        self.order.push_back(op.op_id);
        remembered
    }

    #[cfg(test)]
    fn table_slots(&self) -> usize {
        self.ops.capacity()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frames(r: &RecentEvents, since: u64, head: u64) -> Option<Vec<String>> {
        r.after(since, head)
            .map(|v| v.iter().map(|f| f.as_str().to_owned()).collect())
    }

    #[test]
    fn recent_events_serve_exactly_the_missing_run() {
        let mut r = RecentEvents::new(3);
        for seq in 1..=5 {
            r.push(seq, Uuid::nil(), 0, Utf8Bytes::from(seq.to_string()));
        }
        assert_eq!(frames(&r, 3, 5), Some(vec!["4".into(), "5".into()]));
        assert_eq!(
            frames(&r, 2, 5),
            Some(vec!["3".into(), "4".into(), "5".into()])
        );
        assert_eq!(frames(&r, 1, 5), None, "seq 2 was evicted");
        assert_eq!(frames(&r, 5, 5), Some(vec![]));
        assert_eq!(frames(&r, 9, 5), Some(vec![]));
    }

    #[test]
    fn a_gap_forgets_older_frames() {
        let mut r = RecentEvents::new(10);
        r.push(1, Uuid::nil(), 0, Utf8Bytes::from("1"));
        r.push(3, Uuid::nil(), 0, Utf8Bytes::from("3"));
        assert_eq!(frames(&r, 0, 3), None);
        assert_eq!(frames(&r, 2, 3), Some(vec!["3".into()]));
    }

    #[test]
    fn an_event_is_known_by_its_op_id_and_time() {
        let mut r = RecentEvents::new(2);
        let (a, b) = (Uuid::from_u128(1), Uuid::from_u128(2));
        r.push(7, a, 1_000, Utf8Bytes::from("7"));
        r.push(8, b, 2_000, Utf8Bytes::from("8"));
        assert!(r.is_event(8, b, "1970-01-01T00:00:02.000Z"));
        assert!(
            !r.is_event(8, b, "1970-01-01T00:00:02.001Z"),
            "decided again later"
        );
        assert!(!r.is_event(8, a, "1970-01-01T00:00:02.000Z"), "another op");
        r.push(9, a, 3_000, Utf8Bytes::from("9"));
        assert!(
            !r.is_event(7, a, "1970-01-01T00:00:01.000Z"),
            "no longer held"
        );
        assert!(!r.is_event(10, a, "1970-01-01T00:00:03.000Z"), "never held");
    }

    fn op(i: u128, content: &str) -> OpRecord {
        OpRecord {
            op_id: Uuid::from_u128(i),
            content_hash: content.to_owned(),
            first_seq: i as u64 + 1,
            last_seq: i as u64 + 1,
        }
    }

    #[test]
    fn recent_ops_evict_the_oldest() {
        let mut ops = RecentOps::new(2);
        for i in 0..3u128 {
            ops.insert(&op(i, "h"));
        }
        assert!(ops.get(&Uuid::from_u128(0)).is_none());
        assert!(ops.get(&Uuid::from_u128(1)).is_some());
        assert_eq!(ops.get(&Uuid::from_u128(2)).map(|o| o.first_seq), Some(3));
    }

    #[test]
    fn a_remembered_op_tells_a_resend_from_a_reused_id() {
        let mut ops = RecentOps::new(4);
        ops.insert(&op(1, "5f2b"));
        let remembered = ops.get(&Uuid::from_u128(1)).unwrap();
        assert!(remembered.same_content("5f2b"));
        assert!(!remembered.same_content("5f2c"));
        assert!(!remembered.same_content(""));
    }

    #[test]
    fn recent_ops_keep_their_table_under_churn() {
        let mut ops = RecentOps::new(896);
        assert_eq!(
            ops.table_slots(),
            0,
            "nothing allocated before the first op"
        );
        for i in 0..100_000u128 {
            ops.insert(&op(i, "h"));
            // A 2,048-slot table holds up to 1,792 entries; the next size up, 3,584.
            assert!(ops.table_slots() <= 1_792, "the table grew after {i} ops");
        }
        assert!(ops.get(&Uuid::from_u128(100_000 - 896)).is_some());
        assert!(ops.get(&Uuid::from_u128(100_000 - 897)).is_none());
    }
}
