//! The worked example: an order flow across Sales and Warehouse.

use eventstorm_board::{Backoff, Command, FrameKind, NoteDetails, NoteKind, RetryPolicy};

use super::{Builder, field};

/// An order flow across Sales and Warehouse, with a payment provider outside the team.
pub(super) fn commands() -> Vec<Command> {
    let mut b = Builder::default();
    b.frame(
        FrameKind::BoundedContext,
        "Sales",
        -40.0,
        -60.0,
        1_500.0,
        520.0,
    );
    b.frame(
        FrameKind::BoundedContext,
        "Warehouse",
        -40.0,
        560.0,
        1_500.0,
        420.0,
    );
    let customer = b.note(NoteKind::Actor, "Customer", 0.0, 40.0);
    let place = b.note(NoteKind::Command, "Place Order", 140.0, 20.0);
    let order = b.note(NoteKind::Aggregate, "Order", 320.0, 0.0);
    let placed = b.note(NoteKind::Event, "Order Placed", 560.0, 20.0);
    let charge_policy = b.note(
        NoteKind::Policy,
        "Whenever an order is placed, charge the payment",
        760.0,
        20.0,
    );
    let charge = b.note(NoteKind::Command, "Charge Payment", 960.0, 20.0);
    let payments = b.note(NoteKind::ExternalSystem, "Payment Provider", 1_140.0, 0.0);
    let paid = b.note(NoteKind::Event, "Payment Received", 1_140.0, 200.0);
    let summary = b.note(NoteKind::ReadModel, "Order Summary", 560.0, 220.0);
    let reserve_policy = b.note(
        NoteKind::Policy,
        "Whenever a payment is received, reserve the stock",
        1_140.0,
        620.0,
    );
    let reserve = b.note(NoteKind::Command, "Reserve Stock", 940.0, 620.0);
    let stock = b.note(NoteKind::Aggregate, "Stock", 740.0, 600.0);
    let reserved = b.note(NoteKind::Event, "Stock Reserved", 540.0, 620.0);
    let picking = b.note(NoteKind::ReadModel, "Picking List", 540.0, 800.0);
    let clerk = b.note(NoteKind::Actor, "Warehouse Clerk", 320.0, 820.0);
    b.note(
        NoteKind::Hotspot,
        "What if the stock runs out after payment?",
        1_300.0,
        820.0,
    );
    for (from, to) in [
        (customer, place),
        (place, order),
        (order, placed),
        (placed, charge_policy),
        (charge_policy, charge),
        (charge, payments),
        (payments, paid),
        (placed, summary),
        (summary, customer),
        (paid, reserve_policy),
        (reserve_policy, reserve),
        (reserve, stock),
        (stock, reserved),
        (reserved, picking),
        (picking, clerk),
    ] {
        b.connect(from, to);
    }
    b.details(
        place,
        NoteDetails {
            fields: vec![
                field("customerId", "uuid", true),
                field("lines", "OrderLine[]", true),
            ],
            ..NoteDetails::default()
        },
    );
    b.details(
        placed,
        NoteDetails {
            description: "The customer committed to buy; the price is fixed from here on.".into(),
            fields: vec![
                field("orderId", "uuid", true),
                field("customerId", "uuid", true),
                field("total", "money", true),
            ],
            pivotal: true,
            ..NoteDetails::default()
        },
    );
    b.details(
        paid,
        NoteDetails {
            fields: vec![
                field("orderId", "uuid", true),
                field("amount", "money", true),
                field("paidAt", "datetime", true),
            ],
            ..NoteDetails::default()
        },
    );
    b.details(
        reserved,
        NoteDetails {
            fields: vec![field("orderId", "uuid", true), field("sku", "string", true)],
            ..NoteDetails::default()
        },
    );
    for policy in [charge_policy, reserve_policy] {
        b.details(
            policy,
            NoteDetails {
                idempotent: Some(true),
                retry: Some(RetryPolicy {
                    max_attempts: 5,
                    backoff: Backoff::Exponential,
                    delay_seconds: Some(2),
                }),
                dead_letter: Some("order-flow-dlq".into()),
                ..NoteDetails::default()
            },
        );
    }
    b.details(
        summary,
        NoteDetails {
            fields: vec![
                field("orderId", "uuid", true),
                field("status", "string", true),
            ],
            ..NoteDetails::default()
        },
    );
    b.commands
}
