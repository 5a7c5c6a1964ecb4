//! Messages larger than one WebSocket frame may be: the server sends a `parts {bytes}` text
//! frame, then binary frames whose bytes together are the message's UTF-8 text. A socket's
//! write buffer then never holds more than one part, and every connection sends slices of one
//! shared encoding. `split` says how the server cuts a message; `Reassembler` puts it back
//! together on the other side (the load generator and the tests use it; the browser has its
//! own in `static/app/parts.js`).

use std::borrow::Cow;
use std::ops::Range;

use crate::ServerMessage;

/// The largest WebSocket message the server sends; longer messages go as parts of this size.
pub const PART_BYTES: usize = 64 * 1024;

/// The `parts` header for a message of `len` bytes.
pub fn header(len: usize) -> String {
    serde_json::to_string(&ServerMessage::Parts { bytes: len as u64 })
        .expect("server messages serialise")
}

/// The byte ranges a message of `len` bytes is cut into; empty when it fits one frame.
pub fn split(len: usize) -> Vec<Range<usize>> {
    if len <= PART_BYTES {
        return Vec::new();
    }
    (0..len)
        .step_by(PART_BYTES)
        .map(|start| start..(start + PART_BYTES).min(len))
        .collect()
}

/// What went wrong while putting parts together: the connection is not following the
/// protocol and should be dropped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PartsError {
    /// A binary frame that no `parts` header announced.
    UnexpectedBinary,
    /// A text frame arrived before the announced parts were complete.
    Interrupted,
    /// More bytes arrived than announced.
    Overrun,
    /// The parts did not decode as UTF-8.
    NotUtf8,
}

/// Puts `parts` sequences back together; passes other text frames through.
#[derive(Debug, Default)]
pub struct Reassembler {
    /// Bytes still expected, and what has arrived; `None` outside a sequence.
    pending: Option<(usize, Vec<u8>)>,
}

impl Reassembler {
    pub fn new() -> Self {
        Self::default()
    }

    /// A text frame: the message to handle now, or `None` when it announced parts.
    pub fn text<'a>(&mut self, text: &'a str) -> Result<Option<Cow<'a, str>>, PartsError> {
        if self.pending.is_some() {
            return Err(PartsError::Interrupted);
        }
        // The server writes the header with its tag first; anything else is a message.
        if text.starts_with(r#"{"type":"parts""#)
            && let Ok(ServerMessage::Parts { bytes }) = serde_json::from_str(text)
        {
            let total = usize::try_from(bytes).map_err(|_| PartsError::Overrun)?;
            self.pending = Some((total, Vec::with_capacity(total.min(64 << 20))));
            return Ok(None);
        }
        Ok(Some(Cow::Borrowed(text)))
    }

    /// A binary frame: the whole message once its last part has arrived.
    pub fn binary(&mut self, bytes: &[u8]) -> Result<Option<String>, PartsError> {
        let Some((total, buf)) = self.pending.as_mut() else {
            return Err(PartsError::UnexpectedBinary);
        };
        if buf.len() + bytes.len() > *total {
            return Err(PartsError::Overrun);
        }
        buf.extend_from_slice(bytes);
        if buf.len() < *total {
            return Ok(None);
        }
        let (_, buf) = self.pending.take().expect("a sequence is pending");
        String::from_utf8(buf)
            .map(Some)
            .map_err(|_| PartsError::NotUtf8)
    }

    /// Bytes received and announced, while a sequence is arriving.
    pub fn progress(&self) -> Option<(usize, usize)> {
        self.pending
            .as_ref()
            .map(|(total, buf)| (buf.len(), *total))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_small_message_is_not_split() {
        assert!(split(PART_BYTES).is_empty());
        assert_eq!(
            split(PART_BYTES + 1),
            vec![0..PART_BYTES, PART_BYTES..PART_BYTES + 1]
        );
    }

    #[test]
    fn parts_put_back_together_give_the_message_even_when_a_character_is_cut() {
        // Three-byte characters, so part boundaries fall inside characters.
        let message = format!(r#"{{"type":"pong","x":"{}"}}"#, "€".repeat(70_000));
        let mut r = Reassembler::new();
        assert_eq!(r.text(&header(message.len())).unwrap(), None);
        let ranges = split(message.len());
        assert_eq!(ranges.len(), 4);
        for (i, range) in ranges.iter().enumerate() {
            let out = r.binary(&message.as_bytes()[range.clone()]).unwrap();
            assert_eq!(out.is_some(), i == ranges.len() - 1);
            if let Some(text) = out {
                assert_eq!(text, message);
            }
        }
        assert_eq!(r.progress(), None);
        assert_eq!(r.text("{}").unwrap().as_deref(), Some("{}"));
    }

    #[test]
    fn frames_out_of_sequence_are_errors() {
        let mut r = Reassembler::new();
        assert_eq!(r.binary(b"x"), Err(PartsError::UnexpectedBinary));
        r.text(&header(10)).unwrap();
        assert_eq!(r.progress(), Some((0, 10)));
        assert_eq!(r.text("{}"), Err(PartsError::Interrupted));
        assert_eq!(r.binary(&[b'a'; 11]), Err(PartsError::Overrun));
    }
}
