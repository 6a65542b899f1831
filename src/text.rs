//! Text that is either its own or a part of a bigger buffer read from a
//! file (the readings the build cache keeps), shared instead of copied:
//! a cached build takes ten thousand entries' bodies from one buffer.

use std::ops::{Deref, Range};
use std::sync::Arc;

/// Immutable UTF-8 text, cheap to clone; reads as a `&str`.
#[derive(Clone)]
pub struct Text(Repr);

#[derive(Clone)]
enum Repr {
    /// Its own (in an `Arc` of the `String` as made, so nothing is copied).
    Own(Arc<String>),
    /// Bytes of a buffer, checked to be UTF-8 when the text was made.
    Part(Arc<[u8]>, Range<usize>),
}

impl Text {
    /// The bytes of `buffer` at `range` as text; `None` when they are not
    /// there or not UTF-8.
    pub fn part(buffer: &Arc<[u8]>, range: Range<usize>) -> Option<Text> {
        std::str::from_utf8(buffer.get(range.clone())?).ok()?;
        Some(Text(Repr::Part(Arc::clone(buffer), range)))
    }

    pub fn as_str(&self) -> &str {
        match &self.0 {
            Repr::Own(s) => s,
            // Checked when made, and the bytes never change.
            Repr::Part(buffer, range) => buffer
                .get(range.clone())
                .and_then(|b| std::str::from_utf8(b).ok())
                .unwrap_or_default(),
        }
    }
}

impl Default for Text {
    fn default() -> Text {
        Text(Repr::Own(Arc::default()))
    }
}

impl Deref for Text {
    type Target = str;

    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl From<String> for Text {
    fn from(s: String) -> Text {
        Text(Repr::Own(Arc::new(s)))
    }
}

impl From<std::borrow::Cow<'_, str>> for Text {
    fn from(s: std::borrow::Cow<'_, str>) -> Text {
        Text(Repr::Own(Arc::new(s.into_owned())))
    }
}

impl From<&str> for Text {
    fn from(s: &str) -> Text {
        Text(Repr::Own(Arc::new(s.to_owned())))
    }
}

impl std::fmt::Debug for Text {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self.as_str(), f)
    }
}

impl PartialEq for Text {
    fn eq(&self, other: &Text) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for Text {}

impl std::hash::Hash for Text {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_part_reads_as_its_bytes_and_only_whole_utf8_is_taken() {
        let buffer: Arc<[u8]> = Arc::from("ab→cd".as_bytes());
        let part = Text::part(&buffer, 2..5).expect("a whole letter");
        assert_eq!(&*part, "→");
        assert_eq!(part, Text::from("→"));
        assert_eq!(format!("{part:?}"), "\"→\"");
        assert!(Text::part(&buffer, 2..4).is_none(), "half a letter");
        assert!(Text::part(&buffer, 4..40).is_none(), "past the end");
        assert_eq!(&*Text::default(), "");
    }
}
