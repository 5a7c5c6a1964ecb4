//! English wording heuristics for the review: events read in the past tense ("Order Placed"),
//! commands in the imperative ("Place Order").
//!
//! These are heuristics over the words of a name, not grammar. They stay silent rather than
//! guess: a name with letters outside ASCII (another language) is never judged, because a wrong
//! finding in a workshop review costs more than a missed one.

/// Irregular past participles that differ from the verb's base form, so they mark a past tense
/// wherever they appear ("Invoice Sent", "Sent Invoice").
const IRREGULAR: &[&str] = &[
    "arisen",
    "awoken",
    "been",
    "beaten",
    "begun",
    "bent",
    "bitten",
    "bled",
    "blown",
    "born",
    "borne",
    "bought",
    "bound",
    "bred",
    "broken",
    "brought",
    "built",
    "burnt",
    "caught",
    "chosen",
    "clung",
    "crept",
    "dealt",
    "done",
    "drawn",
    "dreamt",
    "driven",
    "drunk",
    "dug",
    "eaten",
    "fallen",
    "fed",
    "felt",
    "fled",
    "flown",
    "flung",
    "forbidden",
    "forgiven",
    "forgone",
    "forgotten",
    "fought",
    "found",
    "frozen",
    "given",
    "gone",
    "got",
    "gotten",
    "ground",
    "grown",
    "had",
    "heard",
    "held",
    "hidden",
    "hung",
    "kept",
    "known",
    "laid",
    "learnt",
    "led",
    "left",
    "lent",
    "lost",
    "made",
    "meant",
    "met",
    "mislaid",
    "mistaken",
    "overdone",
    "overpaid",
    "overridden",
    "overseen",
    "overtaken",
    "paid",
    "prepaid",
    "proven",
    "rebuilt",
    "redone",
    "remade",
    "repaid",
    "resent",
    "resold",
    "retaken",
    "retold",
    "rewound",
    "rewritten",
    "ridden",
    "risen",
    "rung",
    "said",
    "seen",
    "sent",
    "sewn",
    "shaken",
    "shot",
    "shown",
    "shrunk",
    "slain",
    "slept",
    "slung",
    "sold",
    "sought",
    "sown",
    "spat",
    "sped",
    "spelt",
    "spent",
    "spilt",
    "spoilt",
    "spoken",
    "spun",
    "stolen",
    "stood",
    "struck",
    "stuck",
    "stung",
    "sung",
    "sunk",
    "swept",
    "sworn",
    "swung",
    "taken",
    "taught",
    "thought",
    "thrown",
    "told",
    "torn",
    "undergone",
    "underpaid",
    "undertaken",
    "understood",
    "undone",
    "upheld",
    "wept",
    "withdrawn",
    "withheld",
    "woken",
    "won",
    "worn",
    "woven",
    "wound",
    "written",
    "wrung",
];

/// Past participles identical to the base verb: past tense in an event ("Password Reset"), but
/// perfectly imperative at the start of a command ("Reset Password").
const AMBIGUOUS: &[&str] = &[
    "bet",
    "bid",
    "broadcast",
    "cast",
    "come",
    "become",
    "cost",
    "cut",
    "fit",
    "forecast",
    "hit",
    "hurt",
    "let",
    "lit",
    "overcome",
    "preset",
    "put",
    "quit",
    "read",
    "reread",
    "rerun",
    "reset",
    "run",
    "set",
    "shed",
    "shut",
    "split",
    "spread",
    "upset",
];

/// Words ending in "-ed" that are not past tense.
const NOT_PAST_ED: &[&str] = &[
    "bed", "bleed", "breed", "embed", "exceed", "feed", "heed", "need", "proceed", "red", "seed",
    "shred", "speed", "succeed", "wed",
];

/// Verbs ending in "-ing" that are base forms, not gerunds ("Bring Goods").
const BASE_ING: &[&str] = &[
    "bring", "cling", "fling", "ping", "ring", "sing", "sling", "spring", "sting", "string",
    "swing", "wring",
];

/// Words that, before a trailing participle, show a command rather than an event: "Mark Order
/// as Paid", "Set Status to Closed".
const LINKING: &[&str] = &["as", "to", "into", "for", "is", "be", "when", "if", "until"];

fn judged_words(name: &str) -> Option<Vec<String>> {
    if !name.is_ascii() {
        return None;
    }
    let words: Vec<String> = name
        .split(|c: char| !c.is_ascii_alphanumeric() && c != '\'')
        .map(|w| w.trim_matches('\'').to_ascii_lowercase())
        .filter(|w| w.chars().any(|c| c.is_ascii_alphabetic()))
        .collect();
    (!words.is_empty()).then_some(words)
}

/// Whether the word is a past participle, counting those spelled like their base verb.
fn is_participle(word: &str) -> bool {
    is_clear_participle(word) || AMBIGUOUS.contains(&word)
}

/// A past participle that cannot be read as an imperative.
fn is_clear_participle(word: &str) -> bool {
    (word.len() > 3 && word.ends_with("ed") && !NOT_PAST_ED.contains(&word))
        || IRREGULAR.contains(&word)
}

/// Particles and prepositions that may follow an event's participle: a phrasal verb ("Book
/// Checked Out") or a phrase saying where or to whom ("Copy Added To Catalogue").
const AFTER_PARTICIPLE: &[&str] = &[
    "about", "across", "after", "against", "around", "at", "away", "back", "by", "down", "for",
    "from", "in", "into", "off", "on", "onto", "out", "over", "through", "to", "under", "up",
    "via", "with", "within", "without",
];

/// Whether an event name reads as past tense. The last word decides, except that a trailing
/// adverb ("Payment Captured Successfully") is skipped and a participle followed by a particle
/// or a prepositional phrase counts ("Book Checked Out", "Copy Added To Catalogue"). `None`
/// when the name is not judged.
pub fn event_reads_past(name: &str) -> Option<bool> {
    let words = judged_words(name)?;
    let mut last = words.last()?;
    if words.len() > 1 && last.ends_with("ly") {
        last = &words[words.len() - 2];
    }
    if is_participle(last) {
        return Some(true);
    }
    let phrase_after_participle =
        words.windows(2).skip(1).any(|pair| {
            is_clear_participle(&pair[0]) && AFTER_PARTICIPLE.contains(&pair[1].as_str())
        }) || (words.len() > 1
            && is_clear_participle(&words[0])
            && AFTER_PARTICIPLE.contains(&words[1].as_str()));
    Some(phrase_after_participle)
}

/// Whether a command name reads as imperative: it must not start with a past participle or a
/// gerund, nor look like an event ("Order Placed": a trailing participle with no linking word
/// before it). `None` when the name is not judged.
pub fn command_reads_imperative(name: &str) -> Option<bool> {
    let words = judged_words(name)?;
    let first = &words[0];
    if is_clear_participle(first) {
        return Some(false);
    }
    if first.len() > 4 && first.ends_with("ing") && !BASE_ING.contains(&first.as_str()) {
        return Some(false);
    }
    let last = &words[words.len() - 1];
    let looks_like_event = words.len() > 1
        && is_clear_participle(last)
        && !words[..words.len() - 1]
            .iter()
            .any(|w| LINKING.contains(&w.as_str()));
    Some(!looks_like_event)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn past_tense_events_pass() {
        for name in [
            "Order Placed",
            "Invoice Sent",
            "Payment captured successfully",
            "Password Reset",
            "Goods Paid",
            "Terms agreed",
            "Book Checked Out",
            "Copy Added To Catalogue",
            "Member Signed Up",
        ] {
            assert_eq!(event_reads_past(name), Some(true), "{name}");
        }
    }

    #[test]
    fn present_tense_events_are_caught() {
        for name in [
            "Place Order",
            "Order Placing",
            "Payment Succeed",
            "Ship",
            "Check Out Book",
        ] {
            assert_eq!(event_reads_past(name), Some(false), "{name}");
        }
    }

    #[test]
    fn foreign_and_empty_names_are_not_judged() {
        assert_eq!(event_reads_past("Bestellung aufgegeben für Kunde"), None);
        assert_eq!(event_reads_past(""), None);
        assert_eq!(command_reads_imperative("..."), None);
    }

    #[test]
    fn imperative_commands_pass() {
        for name in [
            "Place Order",
            "Reset Password",
            "Mark Order as Paid",
            "Bring Goods",
            "Feed Catalogue",
            "Ship",
        ] {
            assert_eq!(command_reads_imperative(name), Some(true), "{name}");
        }
    }

    #[test]
    fn past_tense_and_event_like_commands_are_caught() {
        for name in [
            "Placed Order",
            "Order Placed",
            "Sent Invoice",
            "Shipping Order",
        ] {
            assert_eq!(command_reads_imperative(name), Some(false), "{name}");
        }
    }
}
