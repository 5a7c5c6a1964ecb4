//! The example boards: a clean order flow, a messy workshop and an empty board.

use eventstorm_board::{Backoff, FrameKind, NoteDetails, NoteKind, PayloadField, Scenario};

use super::{Builder, fields, handler};

use NoteKind::*;

/// An order flow across three bounded contexts, every link drawn as a connector: a customer
/// places an order, the warehouse reserves stock, an external payment provider captures the
/// payment, and sales confirms the order. Policies state idempotency, retries and dead letters.
pub fn order_flow() -> Builder {
    let mut b = Builder::new(1, "Order flow");
    b.frame(FrameKind::BoundedContext, "Sales", 0.0, 0.0, 3300.0, 600.0);
    b.frame(
        FrameKind::BoundedContext,
        "Warehouse",
        0.0,
        650.0,
        3300.0,
        500.0,
    );
    b.frame(
        FrameKind::BoundedContext,
        "Payment",
        0.0,
        1200.0,
        3300.0,
        500.0,
    );

    let customer = b.note(Actor, "Customer", 20.0, 40.0);
    let place_order = b.note_with(
        Command,
        "Place Order",
        140.0,
        150.0,
        Some(fields(&[
            ("customerId", "uuid", true),
            ("lines", "OrderLine[]", true),
            ("deliveryAddress", "Address", false),
        ])),
    );
    let order = b.note(Aggregate, "Order", 320.0, 130.0);
    let mut placed_details = fields(&[
        ("orderId", "uuid", true),
        ("customerId", "uuid", true),
        ("lines", "OrderLine[]", true),
        ("total", "money", true),
        ("placedAt", "datetime", true),
    ]);
    placed_details.pivotal = true;
    placed_details.description = "The customer committed to buy; the order is now binding.".into();
    let order_placed = b.note_with(Event, "Order Placed", 560.0, 150.0, Some(placed_details));
    let summary = b.note_with(
        ReadModel,
        "Order Summary",
        560.0,
        380.0,
        Some(fields(&[
            ("orderId", "uuid", true),
            ("status", "string", true),
            ("total", "money", true),
        ])),
    );

    let reserve_policy = b.note_with(
        Policy,
        "Reserve stock when order placed",
        760.0,
        800.0,
        Some(handler(
            Some(true),
            Some((3, Backoff::Exponential, Some(2))),
            Some("warehouse.reserve-stock.dlq"),
        )),
    );
    let reserve_stock = b.note_with(
        Command,
        "Reserve Stock",
        940.0,
        800.0,
        Some(fields(&[
            ("orderId", "uuid", true),
            ("lines", "list<OrderLine>", true),
        ])),
    );
    let inventory = b.note(Aggregate, "Inventory", 1120.0, 780.0);
    let stock_reserved = b.note_with(
        Event,
        "Stock Reserved",
        1360.0,
        800.0,
        Some(fields(&[
            ("orderId", "uuid", true),
            ("reservationId", "uuid", true),
            ("reservedAt", "datetime", true),
        ])),
    );
    let shortage = b.note_with(
        Event,
        "Stock Shortage Detected",
        1360.0,
        960.0,
        Some(fields(&[
            ("orderId", "uuid", true),
            ("sku", "string", true),
            ("missing", "integer", true),
        ])),
    );

    let charge_policy = b.note_with(
        Policy,
        "Charge payment when stock reserved",
        1560.0,
        1300.0,
        Some(handler(
            Some(true),
            Some((5, Backoff::Fixed, Some(30))),
            Some("payments.dlq"),
        )),
    );
    let charge = b.note_with(
        Command,
        "Charge Payment",
        1740.0,
        1300.0,
        Some(fields(&[
            ("orderId", "uuid", true),
            ("amount", "money", true),
            ("currency", "string", true),
        ])),
    );
    let provider = b.note(ExternalSystem, "Payment Provider", 1920.0, 1280.0);
    let mut captured_details = fields(&[
        ("orderId", "uuid", true),
        ("paymentId", "string", true),
        ("amount", "decimal", true),
        ("capturedAt", "datetime", true),
    ]);
    captured_details.fields[1].description = "The provider's reference for the charge.".into();
    let captured = b.note_with(
        Event,
        "Payment Captured",
        2160.0,
        1300.0,
        Some(captured_details),
    );
    let declined = b.note_with(
        Event,
        "Payment Declined",
        2160.0,
        1450.0,
        Some(fields(&[
            ("orderId", "uuid", true),
            ("reason", "string", false),
        ])),
    );
    let partial = b.note(
        Hotspot,
        "What if the provider captures only part of the amount?",
        2360.0,
        1300.0,
    );

    let confirm_policy = b.note_with(
        Policy,
        "Confirm order when payment captured",
        2360.0,
        150.0,
        Some(handler(
            Some(true),
            Some((3, Backoff::Linear, Some(10))),
            None,
        )),
    );
    let confirm = b.note_with(
        Command,
        "Confirm Order",
        2540.0,
        150.0,
        Some(fields(&[("orderId", "uuid", true)])),
    );
    let order_again = b.note(Aggregate, "Order", 2720.0, 130.0);
    let confirmed = b.note_with(
        Event,
        "Order Confirmed",
        2960.0,
        150.0,
        Some(fields(&[
            ("orderId", "uuid", true),
            ("confirmedAt", "datetime", true),
        ])),
    );

    for (from, to) in [
        (customer, place_order),
        (place_order, order),
        (order, order_placed),
        (order_placed, summary),
        (summary, customer),
        (order_placed, reserve_policy),
        (reserve_policy, reserve_stock),
        (reserve_stock, inventory),
        (inventory, stock_reserved),
        (inventory, shortage),
        (stock_reserved, charge_policy),
        (charge_policy, charge),
        (charge, provider),
        (provider, captured),
        (provider, declined),
        (captured, summary),
        (partial, captured),
        (captured, confirm_policy),
        (confirm_policy, confirm),
        (confirm, order_again),
        (order_again, confirmed),
        (confirmed, summary),
    ] {
        b.connect(from, to);
    }
    b
}

/// A workshop as it often ends: connectors missing (the layout says what they would be),
/// events in the present tense, a command in the past tense, a policy handling two events and
/// another issuing nothing, a duplicated event, an arrow that fits no grammar, an empty sticky,
/// hotspots (one with markup in it), text that YAML must quote, and a non-English sticky.
pub fn messy_workshop() -> Builder {
    let mut b = Builder::new(2, "Shipping workshop: day 2");
    b.frame(
        FrameKind::BoundedContext,
        "Shipping",
        0.0,
        0.0,
        2000.0,
        850.0,
    );
    b.frame(FrameKind::Swimlane, "Returns", 0.0, 450.0, 2000.0, 400.0);

    // Row one: nothing connected; every link is read from the layout.
    let clerk = b.note(Actor, "Warehouse Clerk", 0.0, 40.0);
    b.note_with(
        Command,
        "Ship Parcel",
        120.0,
        100.0,
        Some(fields(&[
            ("parcelId", "uuid", true),
            ("carrier", "string", true),
        ])),
    );
    b.note(Aggregate, "Shipment", 300.0, 80.0);
    let shipped = b.note_with(
        Event,
        "Parcel Shipped",
        540.0,
        100.0,
        Some(fields(&[
            ("parcelId", "uuid", true),
            ("trackingCode", "string", true),
            ("shippedOn", "date", true),
        ])),
    );
    b.note(Policy, "Notify Customer", 720.0, 100.0);
    b.note(Event, "Send Tracking Email", 1100.0, 100.0);
    b.note(Command, "Parcel Delivered", 1300.0, 100.0);

    let stock_policy = b.note(Policy, "Update Stock Levels", 1100.0, 300.0);
    let adjust = b.note(Command, "Adjust Stock", 1300.0, 300.0);
    b.note(Aggregate, "Stock", 1480.0, 280.0);

    // The returns swimlane.
    b.note(Actor, "Customer", 140.0, 460.0);
    b.note(Command, "Return Parcel", 120.0, 550.0);
    b.note(Aggregate, "Shipment", 300.0, 530.0);
    let returned = b.note(Event, "Parcel Returned", 540.0, 550.0);
    b.note_with(
        ReadModel,
        "Returns Overview",
        760.0,
        550.0,
        Some(fields(&[("openReturns", "integer", true)])),
    );
    b.note(Event, "Parcel returned", 760.0, 700.0);
    b.note(Hotspot, "Who pays for\nreturn shipping?", 540.0, 700.0);
    b.note(
        Hotspot,
        "<img src=x onerror=alert(1)> | *bold* `code` & [link](javascript:alert(1))",
        1300.0,
        550.0,
    );
    b.note(
        Opportunity,
        "Print return labels as QR codes",
        1500.0,
        550.0,
    );
    b.note(Event, "", 1700.0, 600.0);

    // Outside any context: text that tests naming and YAML quoting.
    b.note(Event, "Colis livré", 2200.0, 100.0);
    b.note(Aggregate, "Catalogue", 1960.0, 280.0);
    let mut price = NoteDetails {
        description: "Prices change at midnight.\nkey: value # not a comment".into(),
        ..NoteDetails::default()
    };
    price.fields = vec![
        PayloadField {
            name: "price".into(),
            field_type: "money".into(),
            required: true,
            description: "true".into(),
        },
        PayloadField {
            name: "on".into(),
            field_type: "date".into(),
            required: true,
            description: "The day the price applies from: 2025-01-01 or later.".into(),
        },
        PayloadField {
            name: "tags".into(),
            field_type: "list<string>".into(),
            required: false,
            description: "- not a list item".into(),
        },
        PayloadField {
            name: "#sku".into(),
            field_type: "SKU".into(),
            required: false,
            description: String::new(),
        },
    ];
    b.note_with(
        Event,
        "Price Changed\nincl. VAT",
        2200.0,
        300.0,
        Some(price),
    );

    // Connectors: a policy handling two events, its command, and one arrow the grammar rejects.
    b.connect(shipped, stock_policy);
    b.connect(returned, stock_policy);
    b.connect(stock_policy, adjust);
    b.connect(clerk, shipped);
    b
}

/// A board with nothing on it yet.
pub fn empty() -> Builder {
    Builder::new(3, "Empty board")
}

/// A city library across three bounded contexts, laid out the way a workshop leaves it: rows
/// without arrows, a read model fed by two arrows and by the pivotal event beside it, an
/// aggregate repeated along the timeline, "Book Returned" in two contexts, a command written
/// with an event's name, a scheduled policy, a failure event stacked below its success, a
/// retried policy not marked idempotent, a command reaching into another context's aggregate
/// and a pinned code name.
pub fn city_library() -> Builder {
    let mut b = Builder::new(4, "City library");
    b.frame(
        FrameKind::BoundedContext,
        "Catalogue",
        0.0,
        0.0,
        2600.0,
        500.0,
    );
    b.frame(
        FrameKind::BoundedContext,
        "Lending",
        0.0,
        550.0,
        2600.0,
        900.0,
    );
    b.frame(FrameKind::Swimlane, "Renewals", 0.0, 1000.0, 2600.0, 450.0);
    b.frame(
        FrameKind::BoundedContext,
        "Billing",
        0.0,
        1500.0,
        2600.0,
        600.0,
    );

    // Catalogue: a librarian adds copies; a returned book goes back on the shelf.
    b.note(Actor, "Librarian", 0.0, 40.0);
    b.note_with(
        Command,
        "Add Copy",
        120.0,
        100.0,
        Some(fields(&[
            ("copyId", "uuid", true),
            ("isbn", "string", true),
        ])),
    );
    let copy = b.note(Aggregate, "Copy", 300.0, 80.0);
    let mut catalogued = fields(&[("copyId", "uuid", true), ("isbn", "string", true)]);
    catalogued.contract.code_name = Some("CopyCatalogued".into());
    b.note_with(
        Event,
        "Copy Added To Catalogue",
        540.0,
        100.0,
        Some(catalogued),
    );
    b.note(Aggregate, "Copy", 1200.0, 80.0);
    b.note_with(
        Event,
        "Book Returned",
        1440.0,
        100.0,
        Some(fields(&[("copyId", "uuid", true)])),
    );

    // Lending, row one: no arrows at all.
    b.note(Actor, "Member", 0.0, 590.0);
    b.note_with(
        Command,
        "Borrow Book",
        120.0,
        650.0,
        Some(fields(&[
            ("loanId", "uuid", true),
            ("memberId", "uuid", true),
            ("copyId", "uuid", true),
        ])),
    );
    b.note(Aggregate, "Loan", 300.0, 630.0);
    let mut borrowed = fields(&[
        ("loanId", "uuid", true),
        ("dueOn", "date", true),
        ("fee", "money", false),
    ]);
    borrowed.pivotal = true;
    borrowed.description = "The member has the book; the loan period runs.".into();
    let book_borrowed = b.note_with(Event, "Book Borrowed", 540.0, 650.0, Some(borrowed));
    let loans = b.note_with(
        ReadModel,
        "Loans Overview",
        720.0,
        650.0,
        Some(fields(&[("openLoans", "LoanSummary[]", true)])),
    );
    // The same Loan again, further along: returning.
    b.note(Command, "Return Book", 1020.0, 650.0);
    b.note(Aggregate, "Loan", 1200.0, 630.0);
    let lending_returned = b.note_with(
        Event,
        "Book Returned",
        1440.0,
        650.0,
        Some(fields(&[
            ("loanId", "uuid", true),
            ("copyId", "uuid", true),
        ])),
    );
    let mut notify = handler(Some(false), Some((3, Backoff::Exponential, Some(30))), None);
    notify.description = "Thank the member and suggest what to read next.".into();
    b.note_with(
        Policy,
        "Thank member for returning",
        1620.0,
        650.0,
        Some(notify),
    );
    b.note(Command, "Send Thank You", 1800.0, 650.0);
    b.note(ExternalSystem, "Mailer", 1980.0, 630.0);
    // A command that reaches into the catalogue's aggregate.
    let reserve = b.note(Command, "Reserve Copy", 2200.0, 650.0);

    // Lending, renewals swimlane: a failure outcome stacked below the success.
    b.note(Actor, "Member", 0.0, 1040.0);
    let mut renew = fields(&[("loanId", "uuid", true)]);
    renew.contract.scenarios = vec![
        Scenario {
            name: "A loan is renewed".into(),
            given: vec!["Book Borrowed".into()],
            when: "Renew Loan".into(),
            then: vec!["Loan Renewed".into()],
            rejected: None,
        },
        Scenario {
            name: "A reserved book is not renewed".into(),
            given: vec!["Book Borrowed".into(), "Copy Reserved".into()],
            when: "Renew Loan".into(),
            then: vec![],
            rejected: Some("reserved_by_other".into()),
        },
    ];
    b.note_with(Command, "Renew Loan", 120.0, 1100.0, Some(renew));
    b.note(Aggregate, "Loan", 300.0, 1080.0);
    let renewed = b.note_with(
        Event,
        "Loan Renewed",
        540.0,
        1100.0,
        Some(fields(&[("loanId", "uuid", true), ("dueOn", "date", true)])),
    );
    let mut rejected = fields(&[
        ("loanId", "uuid", true),
        ("reason", "RenewalRejectionReason", true),
    ]);
    rejected.contract.failure = true;
    rejected.fields[1].description = "reserved_by_other | too_many_renewals | fines_due".into();
    b.note_with(Event, "Renewal Rejected", 540.0, 1240.0, Some(rejected));

    // Billing: a scheduled policy, an arrow from another context, and a command written with
    // an event's name.
    let mut nightly = handler(
        Some(true),
        Some((5, Backoff::Fixed, Some(600))),
        Some("billing.dlq"),
    );
    nightly.contract.schedule = Some("every night at 02:00".into());
    nightly.contract.idempotency_key = vec!["loanId".into(), "day".into()];
    nightly.contract.scenarios = vec![Scenario {
        name: "An overdue loan is fined once a night".into(),
        given: vec!["Book Borrowed".into()],
        when: "Charge Overdue Fine".into(),
        then: vec!["Overdue Fine Charged".into()],
        rejected: None,
    }];
    b.note_with(
        Policy,
        "Charge overdue fines nightly",
        0.0,
        1600.0,
        Some(nightly),
    );
    b.note_with(
        Command,
        "Charge Overdue Fine",
        180.0,
        1600.0,
        Some(fields(&[
            ("fineId", "uuid", true),
            ("loanId", "uuid", true),
            ("amount", "money", true),
        ])),
    );
    b.note(Aggregate, "Fine", 360.0, 1580.0);
    b.note(Event, "Overdue Fine Charged", 600.0, 1600.0);
    let fee_policy = b.note_with(
        Policy,
        "Assess late fee when book returned",
        780.0,
        1800.0,
        Some(handler(
            Some(true),
            Some((3, Backoff::Linear, Some(60))),
            Some("billing.dlq"),
        )),
    );
    b.note(Command, "Assess Late Fee", 960.0, 1800.0);
    b.note(Aggregate, "Fine", 1140.0, 1780.0);
    b.note(Event, "Late Fee Assessed", 1380.0, 1800.0);
    b.note(Command, "Fine Waived", 1600.0, 1600.0);
    b.note(Aggregate, "Fine", 1780.0, 1580.0);
    b.note(Event, "Fine Waived", 2020.0, 1600.0);
    b.note(ExternalSystem, "Payment Gateway", 2200.0, 1780.0);
    b.note(
        Hotspot,
        "Can a librarian waive a fine without a reason?",
        1600.0,
        1760.0,
    );

    // The arrows that were drawn: the overview's other two sources, the cross-context
    // handler, and the reservation into the catalogue.
    b.connect(lending_returned, loans);
    b.connect(renewed, loans);
    b.connect(lending_returned, fee_policy);
    b.connect(reserve, copy);
    let _ = book_borrowed;
    b
}
