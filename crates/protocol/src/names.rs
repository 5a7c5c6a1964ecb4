//! The names a serde-derived enum accepts, read from the enum's own derive: the wire names of
//! commands and board codes are written once, in the domain, and everything that needs the list
//! (the command parser, the error vocabulary and its documentation check) asks for it here.

use std::fmt;

use serde::de::value::{MapDeserializer, StrDeserializer};
use serde::de::{self, DeserializeOwned};

/// The error a probe deserialisation ends with: the derive's list of names when it met one it
/// does not know, or nothing useful.
#[derive(Debug)]
enum Probe {
    Unknown(&'static [&'static str]),
    Other,
}

impl fmt::Display for Probe {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("probe")
    }
}

impl std::error::Error for Probe {}

impl de::Error for Probe {
    fn custom<T: fmt::Display>(_: T) -> Self {
        Probe::Other
    }

    fn unknown_variant(_: &str, expected: &'static [&'static str]) -> Self {
        Probe::Unknown(expected)
    }
}

/// A name no enum uses, so the derive answers with its list.
const NOBODY: &str = "\u{0}";

/// Every `type` an internally tagged enum (`#[serde(tag = "type")]`) accepts.
pub fn tag_names<T: DeserializeOwned>() -> &'static [&'static str] {
    let probe = MapDeserializer::<_, Probe>::new(std::iter::once(("type", NOBODY)));
    match T::deserialize(probe) {
        Err(Probe::Unknown(names)) => names,
        _ => &[],
    }
}

/// Every name an enum of unit variants (serialised as strings) accepts.
pub fn unit_names<T: DeserializeOwned>() -> &'static [&'static str] {
    match T::deserialize(StrDeserializer::<Probe>::new(NOBODY)) {
        Err(Probe::Unknown(names)) => names,
        _ => &[],
    }
}

#[cfg(test)]
mod tests {
    use eventstorm_board::{Command, RejectCode};

    use super::*;

    #[test]
    fn command_names_come_from_the_domain() {
        let names = tag_names::<Command>();
        assert!(names.contains(&"add_note") && names.contains(&"place_dot"));
        let reset = Command::ResetTimer;
        assert!(names.contains(&reset.type_name()));
        assert!(!names.contains(&"drop_table"));
    }

    #[test]
    fn reject_code_names_come_from_the_domain() {
        let names = unit_names::<RejectCode>();
        assert!(names.contains(&RejectCode::UnknownNote.as_str()));
        assert!(names.contains(&RejectCode::NoDotHere.as_str()));
    }
}
