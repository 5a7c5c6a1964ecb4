//! The sticky grammar as connectors express it: which (from, to) kind pairs mean what.
//!
//! actor -decides-> command -invoked on-> aggregate / external system -produces-> event
//! -activates-> policy -issues-> command; event -results in-> read model -observed by-> actor.
//!
//! Direction matters: a connector is read from `from` to `to`. A pair not listed here does not
//! fit the grammar and the review reports it as `dangling_connector`, rather than the export
//! guessing what a reversed or skipped arrow meant.

use eventstorm_board::NoteKind;

use crate::model::Relation;

/// What a connector from a sticky of kind `from` to one of kind `to` means, if anything.
pub fn relation(from: NoteKind, to: NoteKind) -> Option<Relation> {
    use NoteKind::*;
    if is_annotation(from) || is_annotation(to) {
        return Some(Relation::Annotates);
    }
    Some(match (from, to) {
        (Actor | Policy | Ui, Command) => Relation::Issues,
        (Command, Aggregate | ExternalSystem) => Relation::Targets,
        (Aggregate | ExternalSystem, Event) => Relation::Produces,
        (Command, Event) => Relation::ResultsIn,
        (Event, Policy) => Relation::Activates,
        (Event, ReadModel) => Relation::Feeds,
        (ReadModel, Actor | Ui) => Relation::ObservedBy,
        (Actor, Ui) => Relation::Uses,
        _ => return None,
    })
}

/// Hotspots, opportunities and free notes comment on whatever they touch.
pub fn is_annotation(kind: NoteKind) -> bool {
    matches!(
        kind,
        NoteKind::Hotspot | NoteKind::Opportunity | NoteKind::Note
    )
}

/// What the grammar would expect instead, for the review's message.
pub fn hint(from: NoteKind, to: NoteKind) -> &'static str {
    use NoteKind::*;
    match (from, to) {
        (Actor | Ui, Event) => "an actor decides a command, which produces the event",
        (Event, Command) => "an event activates a policy, which issues the command",
        (Policy, Aggregate | ExternalSystem) => "a policy issues a command to an aggregate",
        (Event, Aggregate | ExternalSystem) | (Aggregate | ExternalSystem, Command) => {
            "the arrow may be reversed: command -> aggregate -> event"
        }
        (Command, Actor | Policy | Ui) | (Event, Actor) => "the arrow may be reversed",
        (Policy, Event) | (ReadModel, Event) => {
            "the arrow may be reversed: event -> policy or read model"
        }
        _ => "this pair of kinds has no meaning in the event storming grammar",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_canonical_flow_is_understood() {
        use NoteKind::*;
        assert_eq!(relation(Actor, Command), Some(Relation::Issues));
        assert_eq!(relation(Command, Aggregate), Some(Relation::Targets));
        assert_eq!(relation(Aggregate, Event), Some(Relation::Produces));
        assert_eq!(relation(Event, Policy), Some(Relation::Activates));
        assert_eq!(relation(Policy, Command), Some(Relation::Issues));
        assert_eq!(relation(Event, ReadModel), Some(Relation::Feeds));
        assert_eq!(relation(ReadModel, Actor), Some(Relation::ObservedBy));
        assert_eq!(relation(Hotspot, Event), Some(Relation::Annotates));
    }

    #[test]
    fn pairs_outside_the_grammar_are_not() {
        use NoteKind::*;
        assert_eq!(relation(Actor, Event), None);
        assert_eq!(relation(Event, Aggregate), None);
        assert_eq!(relation(Event, Command), None);
    }
}
