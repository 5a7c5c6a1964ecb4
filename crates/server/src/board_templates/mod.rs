//! Boards to start from. Each template is a JSON file (frames, stickies with their details,
//! connectors, phase instructions) turned into the same commands a workshop would issue,
//! decided one by one against the board they build, so a template board is valid by
//! construction and its log is like any other. A template's guidance is the instruction of the
//! phase it starts in, so it shows on the wall, and the home page shows the same words.

use std::collections::HashMap;
use std::sync::LazyLock;

use eventstorm_board::{
    Board, Command, ElementId, FrameKind, Limits, NoteDetails, NoteKind, Phase, decide, evolve,
};
use eventstorm_store::{NewOp, now_millis};
use serde::Deserialize;
use uuid::Uuid;

/// The template files, in the order the home page lists them. A template is data: adding one
/// is a JSON file here and a line below, and `tests.rs` builds every one through `decide`.
const FILES: [&str; 4] = [
    include_str!("big-picture.json"),
    include_str!("process-modelling.json"),
    include_str!("software-design.json"),
    include_str!("order-flow.json"),
];

/// A board to start from.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BoardTemplate {
    /// What `POST /api/boards` takes as `template`.
    pub name: String,
    /// The choice on the home page.
    pub label: String,
    /// What the board shows, in a sentence.
    pub summary: String,
    /// The phase the board starts in, if any.
    pub phase: Option<Phase>,
    /// Instructions per phase, shown on the wall during it; the starting phase's is the
    /// template's guidance.
    pub instructions: Vec<Instruction>,
    frames: Vec<TemplateFrame>,
    notes: Vec<TemplateNote>,
    /// `[from, to]` or `[from, to, label]`, naming notes by their `key`.
    connectors: Vec<Vec<String>>,
}

/// A phase's instruction.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Instruction {
    pub phase: Phase,
    pub text: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TemplateFrame {
    kind: FrameKind,
    name: String,
    x: f64,
    y: f64,
    w: f64,
    h: f64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TemplateNote {
    /// How `connectors` name the note; not stored.
    key: String,
    kind: NoteKind,
    text: String,
    x: f64,
    y: f64,
    #[serde(default)]
    details: Option<NoteDetails>,
}

impl BoardTemplate {
    /// The short guidance shown with the template: its starting phase's instruction.
    pub fn guidance(&self) -> &str {
        self.instructions
            .iter()
            .find(|i| Some(i.phase) == self.phase)
            .map_or("", |i| &i.text)
    }

    /// Every command that builds the board after it is created: the frames, the stickies with
    /// their details, the connectors, then the instructions and the phase. Ids are minted anew
    /// for every board.
    pub fn commands(&self) -> Result<Vec<Command>, String> {
        let mut commands: Vec<Command> = self
            .frames
            .iter()
            .map(|f| Command::AddFrame {
                id: ElementId::new_random(),
                kind: f.kind,
                name: f.name.clone(),
                x: f.x,
                y: f.y,
                w: f.w,
                h: f.h,
            })
            .collect();
        let mut ids: HashMap<&str, ElementId> = HashMap::new();
        for note in &self.notes {
            let id = ElementId::new_random();
            if ids.insert(&note.key, id).is_some() {
                return Err(format!("{}: two notes are keyed {:?}", self.name, note.key));
            }
            commands.push(Command::AddNote {
                id,
                kind: note.kind,
                text: note.text.clone(),
                x: note.x,
                y: note.y,
                w: None,
                h: None,
                details: note.details.clone(),
                owner: None,
            });
        }
        for connector in &self.connectors {
            let note = |i: usize| {
                let key = connector.get(i).map(String::as_str).unwrap_or_default();
                ids.get(key)
                    .copied()
                    .ok_or_else(|| format!("{}: no note keyed {key:?}", self.name))
            };
            if !(2..=3).contains(&connector.len()) {
                return Err(format!("{}: a connector is [from, to, label?]", self.name));
            }
            commands.push(Command::AddConnector {
                id: ElementId::new_random(),
                from: note(0)?,
                to: note(1)?,
                label: connector.get(2).cloned(),
            });
        }
        commands.extend(
            self.instructions
                .iter()
                .map(|i| Command::SetPhaseInstruction {
                    phase: i.phase,
                    text: i.text.clone(),
                }),
        );
        if let Some(phase) = self.phase {
            commands.push(Command::SetPhase { phase: Some(phase) });
        }
        Ok(commands)
    }
}

/// The templates `POST /api/boards` knows, besides `empty`, in the order the home page lists
/// them. The files are part of the binary; a file that does not parse fails every test.
pub fn templates() -> &'static [BoardTemplate] {
    static TEMPLATES: LazyLock<Vec<BoardTemplate>> = LazyLock::new(|| {
        FILES
            .iter()
            .map(|file| serde_json::from_str(file).expect("a board template parses"))
            .collect()
    });
    &TEMPLATES
}

/// The template called `name`.
pub fn find(name: &str) -> Option<&'static BoardTemplate> {
    templates().iter().find(|t| t.name == name)
}

/// The ops that create a board titled `title` from the named template.
pub fn ops(name: &str, title: &str, limits: &Limits) -> Result<Vec<NewOp>, String> {
    let Some(template) = find(name) else {
        let known: Vec<&str> = templates().iter().map(|t| t.name.as_str()).collect();
        return Err(format!(
            "unknown template {name:?}; known: empty, {}",
            known.join(", ")
        ));
    };
    let mut board = Board::default();
    let mut ops = Vec::new();
    let now = now_millis();
    for command in std::iter::once(Command::CreateBoard {
        title: title.to_owned(),
    })
    .chain(template.commands()?)
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

#[cfg(test)]
mod tests;
