//! Process modelling: one process read left to right in the grammar actor, read model,
//! command, system, event, policy; here a refund for a damaged delivery. It starts in the
//! commands-and-actors phase.

use eventstorm_board::{Command, NoteKind, Phase};

use super::{BoardTemplate, Builder};

pub(super) const TEMPLATE: BoardTemplate = BoardTemplate {
    name: "process-modelling",
    label: "Process modelling",
    summary: "One process step by step: who decides what, seeing what, and what happens next. Here, refunding a damaged delivery.",
    phase: Some(Phase::CommandsAndActors),
    instructions: &[
        (
            Phase::CommandsAndActors,
            "Process modelling: read the flow left to right. Before every event, put the command that caused it and the actor or system that issued it. Add the steps that are missing.",
        ),
        (
            Phase::PoliciesAndReadModels,
            "Name the policy behind every \"and then\" (purple), and the read model (green) each actor looks at before deciding.",
        ),
        (
            Phase::HotspotsAndPivotalEvents,
            "Mark every exception, delay or disagreement in the process with a hotspot.",
        ),
    ],
    commands,
};

fn commands() -> Vec<Command> {
    let mut b = Builder::default();
    let history = b.note(NoteKind::ReadModel, "Order History", 0.0, 0.0);
    let customer = b.note(NoteKind::Actor, "Customer", 20.0, 160.0);
    let request = b.note(NoteKind::Command, "Request Refund", 180.0, 140.0);
    let refunds = b.note(NoteKind::ExternalSystem, "Refund Service", 360.0, 140.0);
    let requested = b.note(NoteKind::Event, "Refund Requested", 540.0, 140.0);
    let review = b.note(
        NoteKind::Policy,
        "Whenever a refund over 100 € is requested, ask a support clerk",
        720.0,
        140.0,
    );
    let queue = b.note(NoteKind::ReadModel, "Refund Queue", 900.0, 0.0);
    let clerk = b.note(NoteKind::Actor, "Support Clerk", 920.0, 160.0);
    let approve = b.note(NoteKind::Command, "Approve Refund", 1_080.0, 140.0);
    let approved = b.note(NoteKind::Event, "Refund Approved", 1_260.0, 140.0);
    let pay = b.note(
        NoteKind::Policy,
        "Whenever a refund is approved, pay the money back",
        1_440.0,
        140.0,
    );
    let provider = b.note(NoteKind::ExternalSystem, "Payment Provider", 1_620.0, 140.0);
    let paid = b.note(NoteKind::Event, "Refund Paid", 1_800.0, 140.0);
    b.note(
        NoteKind::Hotspot,
        "What if the parcel is never sent back?",
        540.0,
        300.0,
    );
    b.chain(&[
        history, customer, request, refunds, requested, review, clerk, approve, approved, pay,
        provider, paid,
    ]);
    b.connect(queue, clerk);
    b.commands
}
