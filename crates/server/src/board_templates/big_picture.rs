//! Big picture: the whole story of a business on one timeline, here a conference from its
//! announcement to the feedback, in two swimlanes, with pivotal events, a hotspot and an
//! opportunity. It starts in chaotic exploration.

use eventstorm_board::{Command, FrameKind, NoteDetails, NoteKind, Phase};

use super::{BoardTemplate, Builder};

pub(super) const TEMPLATE: BoardTemplate = BoardTemplate {
    name: "big-picture",
    label: "Big picture",
    summary: "The whole story of a business on one timeline: a conference from its announcement to the feedback, with pivotal events and open questions.",
    phase: Some(Phase::ChaoticExploration),
    instructions: &[
        (
            Phase::ChaoticExploration,
            "Big picture: write every domain event you can think of on an orange sticky, in the past tense, roughly where it happens in time. No discussion yet; duplicates are fine.",
        ),
        (
            Phase::EnforceTheTimeline,
            "Line the events up left to right as they happen, merge the duplicates, and mark the few pivotal events that split the story into chapters.",
        ),
        (
            Phase::HotspotsAndPivotalEvents,
            "Put a pink hotspot on every question, conflict or risk, and a green opportunity on every idea; then vote on what to tackle first.",
        ),
    ],
    commands,
};

fn commands() -> Vec<Command> {
    let mut b = Builder::default();
    b.frame(
        FrameKind::Swimlane,
        "Programme",
        -40.0,
        -60.0,
        1_720.0,
        300.0,
    );
    b.frame(
        FrameKind::Swimlane,
        "Attendees",
        -40.0,
        280.0,
        1_720.0,
        300.0,
    );
    let programme = [
        b.note(NoteKind::Event, "Conference Announced", 0.0, 20.0),
        b.note(NoteKind::Event, "Call for Papers Opened", 200.0, 20.0),
        b.note(NoteKind::Event, "Talk Submitted", 400.0, 20.0),
        b.note(NoteKind::Event, "Talk Accepted", 600.0, 20.0),
        b.note(NoteKind::Event, "Schedule Published", 800.0, 20.0),
        b.note(NoteKind::Event, "Talk Given", 1_300.0, 20.0),
    ];
    let attendees = [
        b.note(NoteKind::Event, "Ticket Sold", 900.0, 360.0),
        b.note(NoteKind::Event, "Attendee Checked In", 1_100.0, 360.0),
        b.note(NoteKind::Event, "Feedback Collected", 1_500.0, 360.0),
    ];
    b.note(NoteKind::ExternalSystem, "Payment Provider", 900.0, 480.0);
    b.note(
        NoteKind::Hotspot,
        "Who decides when the schedule is final?",
        800.0,
        140.0,
    );
    b.note(
        NoteKind::Opportunity,
        "Recommend talks from last year's feedback",
        1_500.0,
        140.0,
    );
    for pivotal in [programme[3], programme[4], attendees[1]] {
        b.details(
            pivotal,
            NoteDetails {
                pivotal: true,
                ..NoteDetails::default()
            },
        );
    }
    b.commands
}
