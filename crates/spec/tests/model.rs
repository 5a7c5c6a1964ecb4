//! Deriving the model: connectors first, the layout where connectors are missing, frames for
//! bounded contexts, code names.

mod common;

use common::{Builder, boards};
use eventstorm_board::{FrameKind, NoteKind::*};
use eventstorm_spec::{InferenceRule, ModelOptions, Relation, derive_model};

fn model(b: &Builder) -> eventstorm_spec::Model {
    derive_model(&b.board, &ModelOptions::default())
}

#[test]
fn connectors_give_the_flow_of_the_order_board() {
    let m = model(&boards::order_flow());
    let placed = m
        .events
        .iter()
        .find(|e| e.common.name == "Order Placed")
        .unwrap();
    assert_eq!(placed.order, 1);
    assert!(placed.pivotal);
    assert_eq!(placed.producers[0].name, "Order");
    assert_eq!(placed.handlers[0].name, "Reserve stock when order placed");
    assert_eq!(placed.read_models[0].name, "Order Summary");
    let charge = m
        .commands
        .iter()
        .find(|c| c.common.name == "Charge Payment")
        .unwrap();
    assert_eq!(charge.issuers[0].name, "Charge payment when stock reserved");
    assert_eq!(charge.targets[0].name, "Payment Provider");
    let reserve = &m.handlers[0];
    assert_eq!(reserve.idempotent, Some(true));
    assert_eq!(
        reserve.dead_letter.as_deref(),
        Some("warehouse.reserve-stock.dlq")
    );
    // Every link is drawn except what commands emit: no arrow goes from a command to an event,
    // so the row command -> aggregate -> event says it.
    assert!(m.inferred_links().count() > 0);
    assert!(m.inferred_links().all(|l| l.relation == Relation::ResultsIn
        && l.inferred.as_deref() == Some(InferenceRule::EventsOfTargetForCommand.as_str())));
    let place = m
        .commands
        .iter()
        .find(|c| c.common.name == "Place Order")
        .unwrap();
    assert_eq!(place.results_in.len(), 1);
    assert_eq!(place.results_in[0].name, "Order Placed");
    assert!(place.results_in[0].inferred, "listed as inferred");
}

#[test]
fn an_event_next_to_an_aggregate_is_inferred_to_be_produced_by_it() {
    let mut b = Builder::new(10, "t");
    let agg = b.note(Aggregate, "Order", 0.0, 0.0);
    let evt = b.note(Event, "Order Placed", 240.0, 20.0);
    let m = model(&b);
    assert_eq!(m.events[0].producers[0].id, agg.to_string());
    let link = m.inferred_links().next().unwrap();
    assert_eq!(link.relation, Relation::Produces);
    assert_eq!(link.to.id, evt.to_string());
    assert_eq!(
        link.inferred.as_deref(),
        Some(InferenceRule::ProducerLeftOfOrAboveEvent.as_str())
    );
}

#[test]
fn a_connector_wins_over_the_layout() {
    let mut b = Builder::new(11, "t");
    b.note(Aggregate, "Beside", 0.0, 0.0);
    let far = b.note(Aggregate, "Far away", 5000.0, 5000.0);
    let evt = b.note(Event, "Order Placed", 240.0, 20.0);
    b.connect(far, evt);
    let m = model(&b);
    assert_eq!(m.events[0].producers.len(), 1);
    assert_eq!(m.events[0].producers[0].name, "Far away");
    assert_eq!(m.inferred_links().count(), 0);
}

#[test]
fn inference_does_not_reach_across_a_bounded_context_or_past_the_gap() {
    let mut b = Builder::new(12, "t");
    b.frame(
        FrameKind::BoundedContext,
        "Left",
        -10.0,
        -10.0,
        220.0,
        200.0,
    );
    b.note(Aggregate, "Order", 0.0, 0.0);
    b.note(Event, "Order Placed", 240.0, 20.0);
    b.note(Aggregate, "Stock", 0.0, 1000.0);
    b.note(Event, "Stock Counted", 600.0, 1000.0);
    let m = model(&b);
    assert!(m.events.iter().all(|e| e.producers.is_empty()));
    let off = derive_model(
        &b.board,
        &ModelOptions {
            max_gap: 1000.0,
            ..ModelOptions::default()
        },
    );
    let counted = off
        .events
        .iter()
        .find(|e| e.common.name == "Stock Counted")
        .unwrap();
    assert_eq!(
        counted.producers[0].name, "Stock",
        "a larger gap reaches it"
    );
}

#[test]
fn inference_can_be_switched_off() {
    let b = boards::messy_workshop();
    let m = derive_model(
        &b.board,
        &ModelOptions {
            infer_links: false,
            ..ModelOptions::default()
        },
    );
    assert_eq!(m.inferred_links().count(), 0);
    assert!(
        m.commands
            .iter()
            .all(|c| c.common.name == "Adjust Stock" || c.issuers.is_empty())
    );
}

#[test]
fn a_command_drawn_to_an_event_makes_its_target_the_producer() {
    let mut b = Builder::new(13, "t");
    let cmd = b.note(Command, "Place Order", 0.0, 0.0);
    let agg = b.note(Aggregate, "Order", 0.0, 500.0);
    let evt = b.note(Event, "Order Placed", 0.0, 1000.0);
    b.connect(cmd, agg);
    b.connect(cmd, evt);
    let m = model(&b);
    let e = &m.events[0];
    assert_eq!(e.producers[0].id, agg.to_string());
    assert_eq!(e.caused_by[0].id, cmd.to_string());
    let via = m
        .links
        .iter()
        .find(|l| l.relation == Relation::Produces)
        .unwrap();
    assert_eq!(via.via_command.as_deref(), Some(cmd.to_string().as_str()));
}

#[test]
fn the_smallest_bounded_context_holds_a_sticky_and_swimlanes_do_not_count() {
    let mut b = Builder::new(14, "t");
    b.frame(FrameKind::BoundedContext, "Outer", 0.0, 0.0, 1000.0, 1000.0);
    let inner = b.frame(
        FrameKind::BoundedContext,
        "Inner",
        100.0,
        100.0,
        400.0,
        400.0,
    );
    let lane = b.frame(FrameKind::Swimlane, "Lane", 150.0, 150.0, 100.0, 100.0);
    b.note(Event, "Thing Happened", 130.0, 150.0);
    let m = model(&b);
    let e = &m.events[0].common;
    assert_eq!(
        e.bounded_context.as_deref(),
        Some(inner.to_string().as_str())
    );
    assert_eq!(e.swimlane.as_deref(), Some(lane.to_string().as_str()));
}

#[test]
fn code_names_are_pascal_case_and_one_element_per_name_in_a_namespace() {
    let mut b = Builder::new(15, "t");
    b.note(Event, "Order Placed", 0.0, 0.0);
    b.note(Event, "order placed!", 200.0, 0.0);
    b.note(Command, "Order  Placed", 400.0, 0.0);
    b.note(ReadModel, "Order Placed", 600.0, 0.0);
    b.note(Event, "注文", 800.0, 0.0);
    let m = model(&b);
    let names: Vec<&str> = m
        .events
        .iter()
        .map(|e| e.common.code_name.as_str())
        .collect();
    // "Order Placed" and "order placed!" are the same event in code: one element, two cards.
    assert_eq!(names.len(), 2, "{names:?}");
    assert_eq!(names[0], "OrderPlaced");
    assert_eq!(m.events[0].common.repeated_on.len(), 1);
    assert!(names[1].starts_with("Event"), "{names:?}");
    // A command may not take an event's name: it is told apart by its kind, not a number.
    assert_eq!(m.commands[0].common.code_name, "OrderPlacedCommand");
    assert_eq!(
        m.read_models[0].common.code_name, "OrderPlaced",
        "its own namespace"
    );
}

#[test]
fn the_timeline_orders_events_by_x_then_y() {
    let mut b = Builder::new(16, "t");
    b.note(Event, "C Happened", 500.0, 0.0);
    b.note(Event, "B Happened", 0.0, 300.0);
    b.note(Event, "A Happened", 0.0, 0.0);
    let m = model(&b);
    let order: Vec<(&str, usize)> = m
        .events
        .iter()
        .map(|e| (e.common.name.as_str(), e.order))
        .collect();
    assert_eq!(
        order,
        [("A Happened", 1), ("B Happened", 2), ("C Happened", 3)]
    );
}
