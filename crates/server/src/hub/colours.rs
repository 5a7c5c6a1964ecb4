//! Participant colours: distinct among the people on a board and stable per participant.
//! Each participant prefers the palette colour their id hashes to; someone present already
//! holding it pushes them to the next free one. The board's actor remembers what each
//! participant got while the board is loaded, so a rename or a reconnect keeps it.

use std::collections::{BTreeMap, BTreeSet};

/// Colours for cursors, selection rings and name badges (white text on them): each has at
/// least 4.5:1 contrast against the white wall (a test checks), in hues far enough apart to
/// tell twelve people apart.
pub(super) const PALETTE: [&str; 12] = [
    "#c62828", // red
    "#1565c0", // blue
    "#2e7d32", // green
    "#6a1b9a", // purple
    "#bf360c", // deep orange
    "#00838f", // cyan
    "#ad1457", // magenta
    "#5d4037", // brown
    "#283593", // indigo
    "#827717", // olive
    "#37474f", // slate
    "#00695c", // teal
];

/// How many participants' colours are remembered before those not on the board are forgotten:
/// participant ids come from the clients, so a stream of new ones must not grow the board's
/// memory without bound.
const REMEMBERED: usize = 1_000;

/// The colour each participant seen since the board loaded was given (palette index).
#[derive(Default)]
pub(super) struct Colours {
    given: BTreeMap<String, usize>,
}

impl Colours {
    /// The colour of `participant`, joining while `present` (the participant ids connected,
    /// possibly including `participant` itself) are on the board.
    pub(super) fn assign<'a>(
        &mut self,
        participant: &str,
        present: impl Iterator<Item = &'a str>,
    ) -> &'static str {
        let others: BTreeSet<&str> = present.filter(|p| *p != participant).collect();
        if self.given.len() >= REMEMBERED && !self.given.contains_key(participant) {
            self.given.retain(|p, _| others.contains(p.as_str()));
        }
        let taken: BTreeSet<usize> = others
            .iter()
            .filter_map(|p| self.given.get(*p).copied())
            .collect();
        let start = self
            .given
            .get(participant)
            .copied()
            .unwrap_or_else(|| preferred(participant));
        // Beyond the palette's size someone has to share: they keep their own colour.
        let index = (0..PALETTE.len())
            .map(|step| (start + step) % PALETTE.len())
            .find(|i| !taken.contains(i))
            .unwrap_or(start);
        self.given.insert(participant.to_owned(), index);
        PALETTE[index]
    }
}

/// The palette index a participant id hashes to (FNV-1a: the same on every instance and
/// release, unlike the standard library's hasher).
fn preferred(participant: &str) -> usize {
    let h = participant.bytes().fold(0x811c_9dc5_u32, |h, b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    });
    h as usize % PALETTE.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// WCAG relative luminance of a `#rrggbb` colour.
    fn luminance(hex: &str) -> f64 {
        let channel = |i: usize| {
            let c = f64::from(u8::from_str_radix(&hex[i..i + 2], 16).unwrap()) / 255.0;
            if c <= 0.039_28 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5)
    }

    #[test]
    fn every_colour_reads_on_white_and_under_white_text() {
        for c in PALETTE {
            let contrast = 1.05 / (luminance(c) + 0.05);
            assert!(contrast >= 4.5, "{c}: {contrast:.2}");
        }
        let distinct: BTreeSet<&str> = PALETTE.into_iter().collect();
        assert_eq!(distinct.len(), PALETTE.len());
    }

    #[test]
    fn participants_present_together_get_distinct_colours() {
        let mut colours = Colours::default();
        let ids: Vec<String> = (0..PALETTE.len()).map(|i| format!("p{i}")).collect();
        let mut seen = BTreeSet::new();
        for (n, id) in ids.iter().enumerate() {
            let c = colours.assign(id, ids[..n].iter().map(String::as_str));
            assert!(seen.insert(c), "{id} got a colour already taken: {c}");
        }
    }

    #[test]
    fn a_participant_keeps_their_colour_and_a_free_one_is_preferred_by_hash() {
        let mut colours = Colours::default();
        let first = colours.assign("ann", std::iter::empty());
        assert_eq!(first, PALETTE[preferred("ann")]);
        let other = colours.assign("ben", ["ann"].into_iter());
        assert_eq!(colours.assign("ann", ["ben", "ann"].into_iter()), first);
        assert_eq!(colours.assign("ben", ["ann"].into_iter()), other);
    }

    #[test]
    fn a_stream_of_new_participants_keeps_a_bounded_memory_and_the_present_keep_their_colours() {
        let mut colours = Colours::default();
        let ann = colours.assign("ann", std::iter::empty());
        for i in 0..5 * REMEMBERED {
            colours.assign(&format!("passer-by {i}"), ["ann"].into_iter());
            assert!(
                colours.given.len() <= REMEMBERED,
                "{} remembered",
                colours.given.len()
            );
        }
        assert_eq!(colours.assign("ann", ["ann"].into_iter()), ann);
    }

    #[test]
    fn a_colour_taken_while_its_owner_was_away_moves_the_owner_on() {
        let mut colours = Colours::default();
        let ann = colours.assign("ann", std::iter::empty());
        // Someone preferring Ann's colour joins while she is away and gets it.
        let rival = (0..)
            .map(|i| format!("r{i}"))
            .find(|r| PALETTE[preferred(r)] == ann)
            .unwrap();
        assert_eq!(colours.assign(&rival, std::iter::empty()), ann);
        assert_ne!(colours.assign("ann", [rival.as_str()].into_iter()), ann);
    }
}
