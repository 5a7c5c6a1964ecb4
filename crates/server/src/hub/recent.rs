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
}

impl RecentEvents {
    pub fn new(capacity: usize) -> Self {
        Self {
            capacity,
            frames: VecDeque::new(),
        }
    }

    pub fn push(&mut self, seq: u64, frame: Utf8Bytes) {
        if let Some((last, _)) = self.frames.back()
            && *last + 1 != seq
        {
            // A gap (frames we never saw): what we hold no longer forms a run up to `seq`.
            self.frames.clear();
        }
        self.frames.push_back((seq, frame));
        while self.frames.len() > self.capacity {
            self.frames.pop_front();
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

/// A bounded map of recently recorded ops, oldest evicted first.
pub struct RecentOps {
    capacity: usize,
    order: VecDeque<Uuid>,
    ops: HashMap<Uuid, OpRecord>,
}

impl RecentOps {
    pub fn new(capacity: usize) -> Self {
        Self {
            capacity,
            order: VecDeque::new(),
            ops: HashMap::new(),
        }
    }

    pub fn get(&self, op_id: &Uuid) -> Option<&OpRecord> {
        self.ops.get(op_id)
    }

    pub fn insert(&mut self, op: OpRecord) {
        if self.ops.insert(op.op_id, op.clone()).is_none() {
            self.order.push_back(op.op_id);
        }
        while self.order.len() > self.capacity {
            if let Some(old) = self.order.pop_front() {
                self.ops.remove(&old);
            }
        }
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
            r.push(seq, Utf8Bytes::from(seq.to_string()));
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
        r.push(1, Utf8Bytes::from("1"));
        r.push(3, Utf8Bytes::from("3"));
        assert_eq!(frames(&r, 0, 3), None);
        assert_eq!(frames(&r, 2, 3), Some(vec!["3".into()]));
    }

    #[test]
    fn recent_ops_evict_the_oldest() {
        let mut ops = RecentOps::new(2);
        for i in 0..3u128 {
            ops.insert(OpRecord {
                op_id: Uuid::from_u128(i),
                content_hash: String::new(),
                first_seq: 1,
                last_seq: 1,
            });
        }
        assert!(ops.get(&Uuid::from_u128(0)).is_none());
        assert!(ops.get(&Uuid::from_u128(2)).is_some());
    }
}
