//! Contract cases: reading streams, isolation between boards, the event envelope.

use std::sync::Arc;

use uuid::Uuid;

use super::{append_at_head, board_id, created, found_ops, new_board, op, read_all};
use crate::{EventStore, NewEvent, NewOp, RecordedEvent};

pub async fn read_pages_in_seq_order(store: Arc<dyn EventStore>) {
    let (board, _) = created(&*store).await;
    for size in [3, 0, 7, 1, 13] {
        append_at_head(&*store, &board.id, &[op(size)]).await;
    }
    assert_eq!(store.head(&board.id).await.unwrap(), 25);

    let seqs = |events: Vec<RecordedEvent>| events.iter().map(|e| e.seq).collect::<Vec<_>>();
    let page = |after, limit| {
        let store = store.clone();
        let id = board.id.clone();
        async move { seqs(store.read(&id, after, limit).await.expect("read")) }
    };
    assert_eq!(page(0, 10).await, (1..=10).collect::<Vec<_>>());
    assert_eq!(page(10, 10).await, (11..=20).collect::<Vec<_>>());
    assert_eq!(page(20, 10).await, (21..=25).collect::<Vec<_>>());
    assert_eq!(page(25, 10).await, Vec::<u64>::new());
    assert_eq!(page(3, 1000).await, (4..=25).collect::<Vec<_>>());
    assert_eq!(page(0, 0).await, Vec::<u64>::new());
    assert_eq!(page(u64::MAX, 10).await, Vec::<u64>::new());
}

pub async fn boards_are_isolated(store: Arc<dyn EventStore>) {
    let (a, _) = created(&*store).await;
    let (b, _) = created(&*store).await;

    // The same op id may be used on two boards: op ids are per board.
    let on_a = op(2);
    let mut on_b = op(1);
    on_b.op_id = on_a.op_id;
    append_at_head(&*store, &a.id, std::slice::from_ref(&on_a)).await;
    append_at_head(&*store, &b.id, std::slice::from_ref(&on_b)).await;
    append_at_head(&*store, &a.id, &[op(1)]).await;

    assert_eq!(store.head(&a.id).await.unwrap(), 4);
    assert_eq!(store.head(&b.id).await.unwrap(), 2);
    let seqs = |events: &[RecordedEvent]| events.iter().map(|e| e.seq).collect::<Vec<_>>();
    let events_a = read_all(&*store, &a.id).await;
    let events_b = read_all(&*store, &b.id).await;
    assert_eq!(seqs(&events_a), [1, 2, 3, 4]);
    assert_eq!(seqs(&events_b), [1, 2]);
    assert_eq!(events_b[1].op_id, on_b.op_id);
    assert_eq!(events_b[1].payload, on_b.events[0].payload);

    let found_a = found_ops(&*store, &a.id, &[on_a.op_id]).await;
    let found_b = found_ops(&*store, &b.id, &[on_a.op_id]).await;
    assert_eq!(
        (found_a[0].first_seq, found_a[0].last_seq),
        (2, 3),
        "board a's record"
    );
    assert_eq!((found_b[0].first_seq, found_b[0].last_seq), (2, 2));
    assert_eq!(found_b[0].content_hash, on_b.content_hash);
    // Expected seqs are per board too: b's head says nothing about a's.
    assert!(store.append(&b.id, 4, &[op(1)]).await.is_err());
}

pub async fn unknown_board_reads_as_empty(store: Arc<dyn EventStore>) {
    let unknown = board_id();
    assert_eq!(store.head(&unknown).await.unwrap(), 0);
    assert!(store.read(&unknown, 0, 100).await.unwrap().is_empty());
    assert!(
        store
            .find_ops(&unknown, &[Uuid::new_v4()])
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        store.latest_snapshot(&unknown, u64::MAX).await.unwrap(),
        None
    );
}

pub async fn envelope_round_trips_exactly(store: Arc<dyn EventStore>) {
    let board = new_board();
    let first = op(0);
    store.create_board(&board, &first).await.expect("create");

    // Payloads are kept as given, byte for byte: spacing, key order, escapes and all.
    let payloads = [
        r#"{"text":"Grüße, \"quoted\" and 'single' \\ back\\slash\n🦀 ☃ 日本語"}"#,
        r#"{ "b" : 1 ,  "a":[1.50, 2e3, -0, null],"z":{}}"#,
        r#""just a string with \u00e9 and \u0000""#,
        "{}",
    ];
    let odd_op = NewOp {
        op_id: Uuid::new_v4(),
        content_hash: "sha256:ä\"'".to_owned(),
        actor: "Zoë \"the\" O'Brien 🦀".to_owned(),
        recorded_at_ms: 1_234_567_890_123_456,
        events: payloads
            .iter()
            .enumerate()
            .map(|(i, payload)| NewEvent {
                kind: format!("sticky_kind_{i}"),
                payload: (*payload).to_owned(),
                schema_version: 7 + i as i32,
            })
            .collect(),
    };
    let plain = op(1);
    store
        .append(&board.id, 0, &[odd_op.clone(), plain.clone()])
        .await
        .expect("append");

    let events = read_all(&*store, &board.id).await;
    let expected: Vec<RecordedEvent> = [&odd_op, &plain]
        .iter()
        .flat_map(|op| op.events.iter().map(move |e| (*op, e)))
        .enumerate()
        .map(|(i, (op, e))| RecordedEvent {
            seq: i as u64 + 1,
            op_id: op.op_id,
            actor: op.actor.clone(),
            kind: e.kind.clone(),
            payload: e.payload.clone(),
            schema_version: e.schema_version,
            recorded_at_ms: op.recorded_at_ms,
        })
        .collect();
    assert_eq!(events, expected);
    let found = found_ops(&*store, &board.id, &[odd_op.op_id]).await;
    assert_eq!(found[0].content_hash, odd_op.content_hash);
}

pub async fn read_mentioning_finds_only_matching_events_in_pages(store: Arc<dyn EventStore>) {
    let (board, _) = created(&*store).await;
    let (other, _) = created(&*store).await;
    let mut named = op(0);
    for i in 0..12 {
        // Every third event names the element; the rest name others.
        let text = if i % 3 == 0 { "el-7f3a" } else { "el-0000" };
        named.events.push(super::event(&format!("{text} #{i}")));
    }
    append_at_head(&*store, &board.id, &[named]).await;
    append_at_head(&*store, &other.id, &[op(0)]).await;
    let mut elsewhere = op(0);
    elsewhere
        .events
        .push(super::event("el-7f3a on another board"));
    append_at_head(&*store, &other.id, &[elsewhere]).await;

    let seqs = |events: Vec<RecordedEvent>| events.iter().map(|e| e.seq).collect::<Vec<_>>();
    let find = |after, limit| {
        let store = store.clone();
        let id = board.id.clone();
        async move {
            seqs(
                store
                    .read_mentioning(&id, "el-7f3a", after, limit)
                    .await
                    .expect("read"),
            )
        }
    };
    // The board's events are seq 1 (board created) then 2..=13, every third from 2 named.
    assert_eq!(find(0, 100).await, [2, 5, 8, 11]);
    assert_eq!(find(0, 2).await, [2, 5]);
    assert_eq!(find(5, 2).await, [8, 11]);
    assert_eq!(find(11, 2).await, Vec::<u64>::new());
    let none = store
        .read_mentioning(&board.id, "absent", 0, 100)
        .await
        .unwrap();
    assert!(none.is_empty());
    let unknown = store
        .read_mentioning(&super::board_id(), "el-7f3a", 0, 100)
        .await
        .unwrap();
    assert!(unknown.is_empty());
}
