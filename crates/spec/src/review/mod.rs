//! The review: findings about the model a facilitator would point out at the end of a
//! workshop. Each has a stable code (documents and tools match on it), a severity and the
//! stickies it is about.
//!
//! Findings come out grouped by code in catalogue order, and within a code in the board's
//! reading order, so the list is the same for the same board.

mod flow;
mod names;

use std::collections::BTreeMap;

use eventstorm_board::{Board, Note, NoteKind};
use serde::Serialize;

use crate::grammar;
use crate::model::Model;
use crate::names::collapse_whitespace;
use crate::tense::{command_reads_imperative, event_reads_past};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FindingCode {
    EmptySticky,
    EventNotPastTense,
    CommandNotImperative,
    EventWithoutProducer,
    CommandWithoutHandler,
    HandlerWithoutEvent,
    HandlerHandlesSeveralEvents,
    HandlerNotIdempotent,
    HandlerWithoutFailurePolicy,
    PolicyIssuesNothing,
    DanglingConnector,
    DuplicateNameInContext,
    NameSharedAcrossContexts,
    CommandIssuedByNobody,
    FailureEventUnhandled,
    RetriedHandlerNotIdempotent,
    CommandTargetsAnotherContext,
    ScenarioNamesUnknownElement,
    UnresolvedHotspot,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Warning,
    Info,
}

impl FindingCode {
    /// Every code, in the order findings are listed.
    pub const ALL: [FindingCode; 19] = [
        FindingCode::EmptySticky,
        FindingCode::EventNotPastTense,
        FindingCode::CommandNotImperative,
        FindingCode::EventWithoutProducer,
        FindingCode::CommandWithoutHandler,
        FindingCode::HandlerWithoutEvent,
        FindingCode::HandlerHandlesSeveralEvents,
        FindingCode::HandlerNotIdempotent,
        FindingCode::HandlerWithoutFailurePolicy,
        FindingCode::PolicyIssuesNothing,
        FindingCode::DanglingConnector,
        FindingCode::DuplicateNameInContext,
        FindingCode::NameSharedAcrossContexts,
        FindingCode::CommandIssuedByNobody,
        FindingCode::FailureEventUnhandled,
        FindingCode::RetriedHandlerNotIdempotent,
        FindingCode::CommandTargetsAnotherContext,
        FindingCode::ScenarioNamesUnknownElement,
        FindingCode::UnresolvedHotspot,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            FindingCode::EmptySticky => "empty_sticky",
            FindingCode::EventNotPastTense => "event_not_past_tense",
            FindingCode::CommandNotImperative => "command_not_imperative",
            FindingCode::EventWithoutProducer => "event_without_producer",
            FindingCode::CommandWithoutHandler => "command_without_handler",
            FindingCode::HandlerWithoutEvent => "handler_without_event",
            FindingCode::HandlerHandlesSeveralEvents => "handler_handles_several_events",
            FindingCode::HandlerNotIdempotent => "handler_not_idempotent",
            FindingCode::HandlerWithoutFailurePolicy => "handler_without_failure_policy",
            FindingCode::PolicyIssuesNothing => "policy_issues_nothing",
            FindingCode::DanglingConnector => "dangling_connector",
            FindingCode::DuplicateNameInContext => "duplicate_name_in_context",
            FindingCode::NameSharedAcrossContexts => "name_shared_across_contexts",
            FindingCode::CommandIssuedByNobody => "command_issued_by_nobody",
            FindingCode::FailureEventUnhandled => "failure_event_unhandled",
            FindingCode::RetriedHandlerNotIdempotent => "retried_handler_not_idempotent",
            FindingCode::CommandTargetsAnotherContext => "command_targets_another_context",
            FindingCode::ScenarioNamesUnknownElement => "scenario_names_unknown_element",
            FindingCode::UnresolvedHotspot => "unresolved_hotspot",
        }
    }

    /// Warnings are likely mistakes in the model; infos are worth a look but often fine.
    pub fn severity(self) -> Severity {
        match self {
            FindingCode::EmptySticky
            | FindingCode::HandlerHandlesSeveralEvents
            | FindingCode::NameSharedAcrossContexts
            | FindingCode::CommandIssuedByNobody
            | FindingCode::FailureEventUnhandled
            | FindingCode::UnresolvedHotspot => Severity::Info,
            _ => Severity::Warning,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Finding {
    pub code: FindingCode,
    pub severity: Severity,
    pub message: String,
    /// The stickies the finding is about, in reading order.
    pub sticky_ids: Vec<String>,
    /// For `dangling_connector`: the connector itself.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub connector_id: Option<String>,
}

impl Finding {
    pub(crate) fn new(code: FindingCode, message: String, sticky_ids: Vec<String>) -> Self {
        Finding {
            code,
            severity: code.severity(),
            message,
            sticky_ids,
            connector_id: None,
        }
    }
}

/// Reviews a model derived from `board`.
pub fn review_model(board: &Board, model: &Model) -> Vec<Finding> {
    let mut out = Vec::new();
    empty_stickies(board, &mut out);
    wording(model, &mut out);
    flow::flow(model, &mut out);
    dangling_connectors(board, &mut out);
    names::collisions(model, &mut out);
    names::scenario_steps(model, &mut out);
    for h in &model.hotspots {
        out.push(Finding::new(
            FindingCode::UnresolvedHotspot,
            format!("Open question: {}", quoted(&collapse_whitespace(&h.text))),
            vec![h.id.clone()],
        ));
    }
    // Stable: within a code, the order of generation (reading order) is kept.
    out.sort_by_key(|f| f.code);
    out
}

fn reading_order(board: &Board) -> Vec<&Note> {
    let mut notes = board.notes();
    notes.sort_by(|a, b| {
        a.x.total_cmp(&b.x)
            .then(a.y.total_cmp(&b.y))
            .then(a.id.cmp(&b.id))
    });
    notes
}

fn empty_stickies(board: &Board, out: &mut Vec<Finding>) {
    for n in reading_order(board) {
        if n.text.trim().is_empty() {
            out.push(Finding::new(
                FindingCode::EmptySticky,
                format!("{} sticky has no text.", with_article(kind_words(n.kind))),
                vec![n.id.to_string()],
            ));
        }
    }
}

/// A naming rule: the finding, the check (None when it cannot tell), and the message around
/// the element's name.
type NameRule = (
    FindingCode,
    fn(&str) -> Option<bool>,
    &'static str,
    &'static str,
);

const EVENT_NAMES: NameRule = (
    FindingCode::EventNotPastTense,
    event_reads_past,
    "Event",
    "does not read as past tense; name an event for what happened (\"Order Placed\").",
);
const COMMAND_NAMES: NameRule = (
    FindingCode::CommandNotImperative,
    command_reads_imperative,
    "Command",
    "does not read as an imperative; name a command for the intent (\"Place Order\").",
);

/// Events that do not read as past tense and commands that do not read as imperatives.
fn wording(model: &Model, out: &mut Vec<Finding>) {
    let events = model.events.iter().map(|e| (&e.common, &EVENT_NAMES));
    let commands = model.commands.iter().map(|c| (&c.common, &COMMAND_NAMES));
    for (common, (code, reads_right, what, advice)) in events.chain(commands) {
        if !common.name.is_empty() && reads_right(&common.name) == Some(false) {
            let message = format!("{what} {} {advice}", quoted(&common.name));
            out.push(Finding::new(*code, message, vec![common.id.clone()]));
        }
    }
}

fn dangling_connectors(board: &Board, out: &mut Vec<Finding>) {
    let rank: BTreeMap<_, usize> = reading_order(board)
        .iter()
        .enumerate()
        .map(|(i, n)| (n.id, i))
        .collect();
    let mut found = Vec::new();
    for c in board.connectors() {
        let (Some(from), Some(to)) = (board.note(&c.from), board.note(&c.to)) else {
            continue;
        };
        if grammar::relation(from.kind, to.kind).is_some() {
            continue;
        }
        let message = format!(
            "Connector from {} {} to {} {} does not fit the grammar: {}.",
            kind_words(from.kind),
            quoted(&crate::names::display_name(&from.text)),
            kind_words(to.kind),
            quoted(&crate::names::display_name(&to.text)),
            grammar::hint(from.kind, to.kind)
        );
        let mut f = Finding::new(
            FindingCode::DanglingConnector,
            message,
            vec![from.id.to_string(), to.id.to_string()],
        );
        f.connector_id = Some(c.id.to_string());
        found.push(((rank[&from.id], rank[&to.id], c.id), f));
    }
    found.sort_by_key(|(key, _)| *key);
    out.extend(found.into_iter().map(|(_, f)| f));
}

/// A name in quotes, or a placeholder for a sticky with no text.
pub(crate) fn quoted(name: &str) -> String {
    if name.is_empty() {
        "(no text)".to_owned()
    } else {
        format!("\"{name}\"")
    }
}

/// "An event", "A command".
fn with_article(words: &str) -> String {
    let article = if words.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "An"
    } else {
        "A"
    };
    format!("{article} {words}")
}

fn kind_words(kind: NoteKind) -> &'static str {
    match kind {
        NoteKind::Event => "event",
        NoteKind::Command => "command",
        NoteKind::Actor => "actor",
        NoteKind::Aggregate => "aggregate",
        NoteKind::Policy => "policy",
        NoteKind::ReadModel => "read model",
        NoteKind::ExternalSystem => "external system",
        NoteKind::Hotspot => "hotspot",
        NoteKind::Opportunity => "opportunity",
        NoteKind::Ui => "UI",
        NoteKind::Note => "note",
    }
}
