//! Boards to start from. Each template is a list of the same commands a workshop would issue,
//! decided one by one against the board they build, so a template board is valid by
//! construction and its log is like any other. A template's guidance is the instruction of the
//! phase it starts in, so it shows on the wall, and the home page shows the same words.

mod big_picture;
mod order_flow;
mod process_modelling;
mod software_design;

use eventstorm_board::{
    Board, Command, ElementId, FrameKind, Limits, NoteDetails, NoteKind, PayloadField, Phase,
    decide, evolve,
};
use eventstorm_store::{NewOp, now_millis};
use uuid::Uuid;

/// A board to start from.
pub struct BoardTemplate {
    /// What `POST /api/boards` takes as `template`.
    pub name: &'static str,
    /// The choice on the home page.
    pub label: &'static str,
    /// What the board shows, in a sentence.
    pub summary: &'static str,
    /// The phase the board starts in, if any.
    pub phase: Option<Phase>,
    /// Instructions per phase, shown on the wall during it; the starting phase's is the
    /// template's guidance.
    pub instructions: &'static [(Phase, &'static str)],
    commands: fn() -> Vec<Command>,
}

impl BoardTemplate {
    /// The short guidance shown with the template: its starting phase's instruction.
    pub fn guidance(&self) -> &'static str {
        self.instructions
            .iter()
            .find(|(phase, _)| Some(*phase) == self.phase)
            .map_or("", |(_, text)| text)
    }

    /// Every command that builds the board after it is created: the stickies, then the
    /// instructions and the phase.
    pub fn commands(&self) -> Vec<Command> {
        let mut commands = (self.commands)();
        commands.extend(self.instructions.iter().map(|(phase, text)| {
            Command::SetPhaseInstruction {
                phase: *phase,
                text: (*text).to_owned(),
            }
        }));
        if let Some(phase) = self.phase {
            commands.push(Command::SetPhase { phase: Some(phase) });
        }
        commands
    }
}

/// The templates `POST /api/boards` knows, besides `empty`, in the order the home page lists them.
pub const TEMPLATES: [BoardTemplate; 4] = [
    big_picture::TEMPLATE,
    process_modelling::TEMPLATE,
    software_design::TEMPLATE,
    BoardTemplate {
        name: "order-flow",
        label: "Worked example: an order flow",
        summary: "An order flow in two bounded contexts, with policies, read models and payloads, ready to export.",
        phase: None,
        instructions: &[],
        commands: order_flow::commands,
    },
];

/// The template called `name`.
pub fn find(name: &str) -> Option<&'static BoardTemplate> {
    TEMPLATES.iter().find(|t| t.name == name)
}

/// The ops that create a board titled `title` from the named template.
pub fn ops(name: &str, title: &str, limits: &Limits) -> Result<Vec<NewOp>, String> {
    let Some(template) = find(name) else {
        let known: Vec<&str> = TEMPLATES.iter().map(|t| t.name).collect();
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
    .chain(template.commands())
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

/// Collects the commands of a template, minting ids as it goes.
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

    /// Connects each sticky to the next.
    fn chain(&mut self, notes: &[ElementId]) {
        for pair in notes.windows(2) {
            self.connect(pair[0], pair[1]);
        }
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
mod tests;
