//! Several server instances on one Postgres database.

mod support;

use std::collections::HashSet;
use std::time::{Duration, Instant};

use serde_json::json;
use support::ws::Client;
use support::{Db, add_note, spawn_app};
use uuid::Uuid;

#[tokio::test]
#[cfg_attr(no_test_database, ignore = "needs TEST_DATABASE_URL")]
async fn a_client_on_one_instance_sees_edits_made_through_another_within_a_second() {
    let Some(db) = Db::fresh_postgres().await else {
        return;
    };
    let a = spawn_app(db.clone()).await;
    let b = spawn_app(db).await;
    let board = a.create_board("Two instances").await;
    let (mut on_a, _) = Client::join(&a.ws_url(&board), "Ann", 0).await;
    let (mut on_b, _) = Client::join(&b.ws_url(&board), "Ben", 0).await;
    for i in 0..5 {
        let (op, note) = (Uuid::new_v4(), Uuid::new_v4());
        let sent = Instant::now();
        on_b.command(op, add_note(note, "event", &format!("Event {i}"), 0.0, 0.0))
            .await;
        let seen = on_a.next_of("event").await;
        assert_eq!(seen["op_id"], op.to_string());
        assert!(
            sent.elapsed() < Duration::from_secs(1),
            "seen after {:?}",
            sent.elapsed()
        );
    }
}

#[tokio::test]
#[cfg_attr(no_test_database, ignore = "needs TEST_DATABASE_URL")]
async fn clients_hammering_one_board_through_two_instances_converge_without_losing_a_command() {
    let Some(db) = Db::fresh_postgres().await else {
        return;
    };
    let a = spawn_app(db.clone()).await;
    let b = spawn_app(db).await;
    let board = a.create_board("Hammer").await;
    let note = Uuid::new_v4();
    assert_eq!(
        a.command(
            &board,
            Uuid::new_v4(),
            add_note(note, "event", "Target", 0.0, 0.0)
        )
        .await
        .0,
        200
    );

    const CLIENTS_PER_INSTANCE: usize = 3;
    const COMMANDS: usize = 60;
    let mut tasks = Vec::new();
    for (i, app) in [&a, &b].into_iter().enumerate() {
        for c in 0..CLIENTS_PER_INSTANCE {
            let url = app.ws_url(&board);
            tasks.push(tokio::spawn(async move {
                let (mut client, _) = Client::join(&url, &format!("c{i}{c}"), 0).await;
                let ops: Vec<Uuid> = (0..COMMANDS).map(|_| Uuid::new_v4()).collect();
                for (k, op) in ops.iter().enumerate() {
                    let x = (i * 1000 + c * 100 + k) as f64;
                    let cmd = if k % 3 == 0 {
                        add_note(Uuid::new_v4(), "command", &format!("n{i}{c}{k}"), x, 0.0)
                    } else {
                        json!({ "type": "move_notes", "moves": [{ "id": note, "x": x, "y": k }] })
                    };
                    client.command(*op, cmd).await;
                }
                let mut acked = HashSet::new();
                while acked.len() < ops.len() {
                    let f = client.next().await.expect("socket stays open");
                    if f["type"] == "ack" {
                        acked.insert(f["op_id"].as_str().unwrap().to_owned());
                    }
                    assert_ne!(f["type"], "rejected", "{f}");
                }
                (ops, client)
            }));
        }
    }
    let mut all_ops = Vec::new();
    let mut clients = Vec::new();
    for t in tasks {
        let (ops, client) = t.await.unwrap();
        all_ops.extend(ops);
        clients.push(client);
    }
    let events_a = a.all_events(&board).await;
    let events_b = b.all_events(&board).await;
    assert_eq!(events_a, events_b);
    let stored_ops: HashSet<String> = events_a
        .iter()
        .map(|e| e["op_id"].as_str().unwrap().to_owned())
        .collect();
    for op in &all_ops {
        assert!(
            stored_ops.contains(&op.to_string()),
            "acknowledged op {op} is stored"
        );
    }
    // Every op appears exactly once (each produced one event).
    assert_eq!(events_a.len(), 2 + all_ops.len());
    // Every client ends at the same head, having seen every event in order.
    let head = events_a.len() as u64;
    for c in &mut clients {
        c.events_until(head).await;
        assert_eq!(c.seq, head);
    }
    assert_eq!(
        a.board(&board).await["notes"],
        b.board(&board).await["notes"]
    );
}
