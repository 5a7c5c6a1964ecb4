//! Boards to start from: a worked example of an order flow, built through the same commands a
//! workshop would issue, so it is valid by construction.

use eventstorm_board::{
    Backoff, Board, Command, ElementId, FrameKind, Limits, NoteDetails, NoteKind, PayloadField,
    RetryPolicy, decide, evolve,
};
use eventstorm_store::{NewOp, now_millis};
use uuid::Uuid;

/// The templates `POST /api/boards` knows, besides `empty`.
pub const TEMPLATES: [&str; 1] = ["order-flow"];

/// The ops that create a board titled `title` from the named template.
pub fn ops(name: &str, title: &str, limits: &Limits) -> Result<Vec<NewOp>, String> {
    let commands = match name {
        "order-flow" => order_flow(),
        other => {
            return Err(format!(
                "unknown template {other:?}; known: empty, {}",
                TEMPLATES.join(", ")
            ));
        }
    };
    let mut board = Board::default();
    let mut ops = Vec::new();
    let now = now_millis();
    for command in std::iter::once(Command::CreateBoard {
        title: title.to_owned(),
    })
    .chain(commands)
    {
        let events = decide(&board, &command, limits).map_err(|r| r.to_string())?;
        for e in &events {
            evolve(&mut board, e);
        }
        let hash = crate::hub::hash_command(&command);
        ops.push(NewOp::from_events(
            Uuid::new_v4(),
            hash,
            "template",
            now,
            &events,
        ));
    }
    Ok(ops)
}

fn field(name: &str, field_type: &str, required: bool) -> PayloadField {
    PayloadField {
        name: name.into(),
        field_type: field_type.into(),
        required,
        description: String::new(),
    }
}

/// An order flow across Sales and Warehouse, with a payment provider outside the team.
fn order_flow() -> Vec<Command> {
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

#[derive(Default)]
struct Builder {
    commands: Vec<Command>,
}

impl Builder {
    fn note(&mut self, kind: NoteKind, text: &str, x: f64, y: f64) -> ElementId {
        let id = ElementId::new_random();
        self.commands.push(Command::AddNote {
            id,
            kind,
            text: text.into(),
            x,
            y,
            w: None,
            h: None,
            details: None,
        });
        id
    }

    fn connect(&mut self, from: ElementId, to: ElementId) {
        self.commands.push(Command::AddConnector {
            id: ElementId::new_random(),
            from,
            to,
            label: None,
        });
    }

    fn frame(&mut self, kind: FrameKind, name: &str, x: f64, y: f64, w: f64, h: f64) {
        self.commands.push(Command::AddFrame {
            id: ElementId::new_random(),
            kind,
            name: name.into(),
            x,
            y,
            w,
            h,
        });
    }

    fn details(&mut self, id: ElementId, details: NoteDetails) {
        self.commands.push(Command::SetDetails { id, details });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_order_flow_template_builds_a_valid_two_context_board_with_no_review_warnings_on_handlers()
     {
        let ops = ops("order-flow", "Shop", &Limits::default()).unwrap();
        let mut board = Board::default();
        for op in &ops {
            for e in &op.events {
                evolve(
                    &mut board,
                    &eventstorm_board::Event::decode(e.schema_version, &e.payload).unwrap(),
                );
            }
        }
        assert_eq!(board.title, "Shop");
        assert_eq!(board.frames().count(), 2);
        assert_eq!(board.note_count(), 16);
        assert_eq!(board.connectors().count(), 15);
        let findings = eventstorm_spec::review(&board);
        let codes: Vec<String> = findings.iter().map(|f| format!("{:?}", f.code)).collect();
        assert!(
            !codes
                .iter()
                .any(|c| c.contains("NotIdempotent") || c.contains("WithoutFailurePolicy")),
            "{codes:?}"
        );
        assert!(super::ops("nonsense", "x", &Limits::default()).is_err());
    }
}
