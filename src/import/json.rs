//! The JSON exports (jrnl, Day One): an object whose `entries` is a list.
//! Each entry is read on its own, so one of the wrong shape is reported at
//! its line and column, and skipped, while the others are imported.

use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::value::RawValue;

use super::Read;
use super::draft::Draft;
use super::source::{Lines, Source};
use crate::diagnostics::{Diagnostic, Pos};

/// What the top of an export must hold; other keys are passed over.
#[derive(Deserialize)]
struct Export<'t> {
    #[serde(borrow)]
    entries: Vec<&'t RawValue>,
}

/// An entry, as deserialized, with where it starts in the file.
pub struct At<T> {
    pub value: T,
    pub pos: Pos,
}

/// Reads `source` as an export whose entries are `T`, and makes each a
/// draft with `draft` (or a problem at the position it is given).
/// `expected` says what the file should be, for a file of another shape.
pub fn read<T: DeserializeOwned>(
    source: &Source,
    expected: &str,
    draft: impl Fn(At<T>) -> Result<Draft, (Pos, String)>,
) -> Result<Read, Diagnostic> {
    let text = source.read()?;
    let start = text.len() - text.trim_start().len();
    let found = match text[start..].chars().next() {
        Some('{') => None,
        Some('[') => Some("a JSON list".to_owned()),
        Some(c) => Some(format!("not JSON (it starts with `{c}`)")),
        None => Some("empty".to_owned()),
    };
    if let Some(found) = found {
        let pos = Lines::new(&text).at(start);
        let problem = format!("the file is {found}; {expected}");
        return Err(Diagnostic::error(&source.display, pos, problem).with_source(&text));
    }
    let export: Export<'_> = serde_json::from_str(&text).map_err(|e| {
        let pos = Pos::new(e.line().max(1), e.column().max(1));
        Diagnostic::error(&source.display, pos, format!("{} ({expected})", reason(&e)))
            .with_source(&text)
    })?;
    let mut lines = Lines::new(&text);
    let mut read = Read::default();
    for raw in export.entries {
        let offset = raw.get().as_ptr() as usize - text.as_ptr() as usize;
        let start = lines.at(offset);
        let line_text = lines.line_text(start);
        let problem = |pos: Pos, message: String| {
            Diagnostic::error(&source.display, pos, format!("skipped: {message}"))
                .with_source_line((pos.line == start.line).then_some(line_text).flatten())
        };
        let value = match serde_json::from_str::<T>(raw.get()) {
            Ok(v) => v,
            Err(e) => {
                // The error's position counts from the entry's start.
                let pos = match e.line() {
                    0 | 1 => Pos::new(start.line, start.col + e.column().saturating_sub(1)),
                    l => Pos::new(start.line + l - 1, e.column().max(1)),
                };
                read.skip(problem(pos, format!("{} ({expected})", reason(&e))));
                continue;
            }
        };
        match draft(At { value, pos: start }) {
            Ok(d) => read.drafts.push(d),
            Err((pos, message)) => read.skip(problem(pos, message)),
        }
    }
    Ok(read)
}

/// serde_json's message without its ` at line L column C`, which the
/// diagnostic's position says.
fn reason(e: &serde_json::Error) -> String {
    let text = e.to_string();
    match text.rfind(" at line ") {
        Some(i) => text[..i].to_owned(),
        None => text,
    }
}
