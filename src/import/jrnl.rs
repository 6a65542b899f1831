//! jrnl's JSON export (`jrnl --export json`): one entry each, a reflection
//! without energy; `@tags` become tags and a starred entry gets `starred`.

use serde::Deserialize;

use super::Read;
use super::draft::Draft;
use super::json::{self, At};
use super::source::Source;
use super::text::{clock, tags, title_and_body};
use crate::content::date::parse_day;
use crate::diagnostics::{Diagnostic, Pos};

const EXPECTED: &str = "expected jrnl's JSON export (`jrnl --export json`): \
                        {\"entries\": [{\"title\", \"body\", \"date\", \"time\", \"tags\", \"starred\"}]}";

/// One jrnl entry as exported.
#[derive(Deserialize)]
struct Entry {
    #[serde(default)]
    title: String,
    #[serde(default)]
    body: String,
    date: String,
    #[serde(default)]
    time: String,
    #[serde(default)]
    tags: Vec<String>,
    #[serde(default)]
    starred: bool,
}

/// Reads a jrnl export: one draft per entry.
pub fn read(source: &Source) -> Result<Read, Diagnostic> {
    json::read(source, EXPECTED, draft)
}

fn draft(At { value: e, pos }: At<Entry>) -> Result<Draft, (Pos, String)> {
    let date = parse_day(e.date.trim()).map_err(|why| {
        let why = why.unwrap_or_else(|| format!("`date` must be YYYY-MM-DD, found `{}`", e.date));
        (pos, why)
    })?;
    let time = match e.time.trim() {
        "" => None,
        t => Some(clock(t).ok_or_else(|| (pos, format!("`time` must be HH:MM, found `{t}`")))?),
    };
    let title = e.title.split_whitespace().collect::<Vec<_>>().join(" ");
    let (title, body) = match title.is_empty() {
        false => (title, e.body.as_str()),
        true => title_and_body(&e.body, date),
    };
    let mut draft = Draft::new(pos.line, date, title);
    draft.time = time.map(|t| (t, None));
    let names = e
        .tags
        .iter()
        .map(|t| t.trim().trim_start_matches(['@', '#']));
    (draft.tags, _) = tags(names.chain(e.starred.then_some("starred")));
    draft.body = body.to_owned();
    Ok(draft)
}
