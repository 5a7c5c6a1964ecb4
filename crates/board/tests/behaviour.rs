//! The domain's behaviour, as cases shared with the browser client: `fixtures/behaviour.json`
//! holds given / command / then cases, and this run checks them against `decide`, `evolve`
//! and `inverse`; `e2e/unit/behaviour.test.js` checks the same cases against the client's
//! mirrors (`static/app/decide.js`, `model.js`, `undo.js`), so a rule changed on one side only
//! fails one of the two runs. `fixtures/README.md` describes a case and how to add one.

use std::collections::BTreeSet;

use eventstorm_board::{Board, Command, Event, Limits, decide, evolve, inverse};
use serde::Deserialize;
use serde_json::Value;

const FIXTURE: &str = include_str!("fixtures/behaviour.json");

/// The title of the board every case starts from (unless it says `"created": false`).
const BOARD_TITLE: &str = "Workshop";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Fixture {
    cases: Vec<Case>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    name: String,
    #[serde(default = "created_by_default")]
    created: bool,
    #[serde(default)]
    given: Vec<Given>,
    command: Value,
    then: Then,
    /// One entry per event of `then`: the command that undoes it, or null.
    #[serde(default)]
    undo: Option<Vec<Option<Value>>>,
    /// Parts of the board after the events (see `board_matches`).
    #[serde(default)]
    board: Option<Value>,
    /// How the client treats the command; only checked for a known value here.
    #[serde(default)]
    #[allow(dead_code)]
    client: Option<ClientRole>,
}

fn created_by_default() -> bool {
    true
}

#[derive(Deserialize)]
#[serde(untagged)]
enum Given {
    /// An event folded in as it is (for what the client does not predict, such as the timer).
    Event { event: Value },
    /// A command that must be accepted; its events are folded in.
    Command(Value),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Then {
    events: Option<Vec<Value>>,
    rejected: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "snake_case")]
enum ClientRole {
    /// Sent without prediction: facilitation, dots, board creation.
    Unpredicted,
    /// Refused on a limit only the server checks; the client predicts the edit and rolls back.
    ServerChecks,
}

fn cases() -> Vec<Case> {
    serde_json::from_str::<Fixture>(FIXTURE)
        .unwrap_or_else(|e| panic!("fixtures/behaviour.json does not read: {e}"))
        .cases
}

fn command(case: &Case, value: &Value) -> Command {
    serde_json::from_value(value.clone())
        .unwrap_or_else(|e| panic!("{}: {value} is not a command: {e}", case.name))
}

fn event(case: &Case, value: &Value) -> Event {
    serde_json::from_value(value.clone())
        .unwrap_or_else(|e| panic!("{}: {value} is not an event: {e}", case.name))
}

fn json<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_string(v).expect("serialises")
}

/// Decides `command` and folds its events in; a refusal means the case's `given` is wrong.
fn accept(case: &Case, board: &mut Board, command: &Command) {
    let events = decide(board, command, &Limits::default())
        .unwrap_or_else(|r| panic!("{}: the given {} is refused: {r}", case.name, json(command)));
    for e in &events {
        evolve(board, e);
    }
}

/// The board the case's `given` describes.
fn given_board(case: &Case) -> Board {
    let mut board = Board::default();
    if case.created {
        let create = Command::CreateBoard {
            title: BOARD_TITLE.into(),
        };
        accept(case, &mut board, &create);
    }
    for g in &case.given {
        match g {
            Given::Event { event: e } => evolve(&mut board, &event(case, e)),
            Given::Command(c) => accept(case, &mut board, &command(case, c)),
        }
    }
    board
}

/// Every type name of a tagged enum (`Command`, `Event`): serde names them all when it refuses
/// an unknown one, so a new variant shows up here without anyone listing it.
fn type_names<T: serde::de::DeserializeOwned>() -> BTreeSet<String> {
    let err = match serde_json::from_str::<T>(r#"{"type": "?"}"#) {
        Ok(_) => panic!("`?` is no type"),
        Err(e) => e.to_string(),
    };
    let expected = err
        .split("expected one of ")
        .nth(1)
        .unwrap_or_else(|| panic!("serde's message changed: {err}"));
    let names: BTreeSet<String> = expected
        .split(", ")
        .map(|n| n.trim_matches(|c: char| c == '`' || c.is_whitespace()))
        .map(|n| n.split('`').next().unwrap_or(n).to_owned())
        .collect();
    assert!(names.len() > 20, "too few type names read from `{err}`");
    names
}

#[test]
fn every_command_type_has_a_case() {
    let cases = cases();
    let covered: BTreeSet<String> = cases
        .iter()
        .map(|c| {
            let parsed = command(c, &c.command);
            assert_eq!(
                c.command["type"].as_str(),
                Some(parsed.type_name()),
                "{}: the command's type is its type_name()",
                c.name
            );
            parsed.type_name().to_owned()
        })
        .collect();
    assert_all_in::<Command>(&covered, "command");
}

#[test]
fn every_event_type_is_in_a_case() {
    let cases = cases();
    let mut seen = BTreeSet::new();
    for c in &cases {
        let given = c.given.iter().filter_map(|g| match g {
            Given::Event { event } => Some(event),
            Given::Command(_) => None,
        });
        for e in c.then.events.iter().flatten().chain(given) {
            let parsed = event(c, e);
            assert_eq!(e["type"].as_str(), Some(parsed.kind()), "{}", c.name);
            seen.insert(parsed.kind().to_owned());
        }
    }
    assert_all_in::<Event>(&seen, "event");
}

/// Every type of `T` is among those the cases hold.
fn assert_all_in<T: serde::de::DeserializeOwned>(in_cases: &BTreeSet<String>, what: &str) {
    let all = type_names::<T>();
    let missing: Vec<&String> = all.difference(in_cases).collect();
    assert!(
        missing.is_empty(),
        "{what} types in no case of fixtures/behaviour.json: {missing:?}"
    );
}

#[test]
fn case_names_are_unique() {
    let mut seen = BTreeSet::new();
    for c in cases() {
        assert!(
            seen.insert(c.name.clone()),
            "two cases are named {:?}",
            c.name
        );
    }
}

#[test]
fn decide_evolve_and_inverse_meet_every_case() {
    let limits = Limits::default();
    let mut failures = Vec::new();
    for case in cases() {
        if let Err(why) = run(&case, &limits) {
            failures.push(format!("{}: {why}", case.name));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

fn run(case: &Case, limits: &Limits) -> Result<(), String> {
    let mut board = given_board(case);
    let cmd = command(case, &case.command);
    let outcome = decide(&board, &cmd, limits);
    let events = match (&case.then.events, &case.then.rejected, outcome) {
        (Some(_), Some(_), _) | (None, None, _) => {
            return Err("`then` holds either `events` or `rejected`".into());
        }
        (None, Some(code), Ok(events)) => {
            return Err(format!("expected {code}, accepted with {}", json(&events)));
        }
        (None, Some(code), Err(r)) if r.code.as_str() != code => {
            return Err(format!("expected {code}, refused with {}", r.code));
        }
        (None, Some(_), Err(_)) => return check_unchanged_parts(case),
        (Some(_), None, Err(r)) => return Err(format!("refused: {r}")),
        (Some(expected), None, Ok(events)) => {
            let expected: Vec<Event> = expected.iter().map(|e| event(case, e)).collect();
            if events != expected {
                return Err(format!("events differ; decide gives {}", json(&events)));
            }
            events
        }
    };
    for e in &events {
        evolve(&mut board, e);
    }
    check_undo(case, &events)?;
    match &case.board {
        Some(expected) => board_matches(expected, &board),
        None => Ok(()),
    }
}

/// A refused command has no events to fold or undo.
fn check_unchanged_parts(case: &Case) -> Result<(), String> {
    if case.undo.is_some() || case.board.is_some() {
        return Err("a refused case has no `undo` or `board`".into());
    }
    Ok(())
}

fn check_undo(case: &Case, events: &[Event]) -> Result<(), String> {
    let Some(undo) = &case.undo else {
        return if events.is_empty() {
            Ok(())
        } else {
            Err("`undo` must list one entry per event".into())
        };
    };
    if undo.len() != events.len() {
        return Err(format!(
            "`undo` has {} entries for {} events",
            undo.len(),
            events.len()
        ));
    }
    for (e, expected) in events.iter().zip(undo) {
        let expected = expected.as_ref().map(|c| command(case, c));
        let actual = inverse(e);
        if actual != expected {
            return Err(format!("the inverse of {} is {}", json(e), json(&actual)));
        }
    }
    Ok(())
}

/// Checks the parts of the board a case names: `title`; `notes`, `connectors` and `frames`
/// by id, each with some of its fields; `deleted` (the ids kept for restore, in any order);
/// `absent` (ids that are no live element); `facilitation` with some of its fields.
fn board_matches(expected: &Value, board: &Board) -> Result<(), String> {
    let full = serde_json::to_value(board).expect("a board serialises");
    let Value::Object(parts) = expected else {
        return Err("`board` is an object".into());
    };
    for (key, want) in parts {
        match key.as_str() {
            "title" | "notes" | "connectors" | "frames" | "facilitation" => {
                partial_match(want, &full[key.as_str()], &format!("board.{key}"))?
            }
            "deleted" => {
                let have: BTreeSet<&String> = full["deleted_notes"]
                    .as_object()
                    .map(|m| m.keys().collect())
                    .unwrap_or_default();
                let want: BTreeSet<&String> = string_list(want)?.into_iter().collect();
                if have != want {
                    return Err(format!("board.deleted is {have:?}, not {want:?}"));
                }
            }
            "absent" => {
                for id in string_list(want)? {
                    for map in ["notes", "connectors", "frames"] {
                        if full[map].get(id).is_some() {
                            return Err(format!("{id} is still in board.{map}"));
                        }
                    }
                }
            }
            other => return Err(format!("`board` has no part {other}")),
        }
    }
    Ok(())
}

fn string_list(v: &Value) -> Result<Vec<&String>, String> {
    v.as_array()
        .and_then(|a| {
            a.iter()
                .map(|s| match s {
                    Value::String(s) => Some(s),
                    _ => None,
                })
                .collect()
        })
        .ok_or_else(|| format!("{v} is not a list of ids"))
}

/// `actual` has every field `expected` names, with the same value (numbers compared as
/// numbers, so 140 and 140.0 agree); fields `expected` leaves out are not checked.
fn partial_match(expected: &Value, actual: &Value, at: &str) -> Result<(), String> {
    let same = match (expected, actual) {
        (Value::Object(want), Value::Object(have)) => {
            for (k, w) in want {
                partial_match(w, have.get(k).unwrap_or(&Value::Null), &format!("{at}.{k}"))?;
            }
            true
        }
        (Value::Array(want), Value::Array(have)) if want.len() == have.len() => {
            for (i, (w, h)) in want.iter().zip(have).enumerate() {
                partial_match(w, h, &format!("{at}[{i}]"))?;
            }
            true
        }
        (Value::Number(w), Value::Number(h)) => w.as_f64() == h.as_f64(),
        _ => expected == actual,
    };
    if same {
        Ok(())
    } else {
        Err(format!("{at} is {actual}, not {expected}"))
    }
}
