//! Day One's JSON export: one entry each, dated in its own time zone, the
//! first line of its text (a `# heading` when there is one) as its title.
//! Photos and other media stay in Day One; the body says where one was.

use chrono::{DateTime, Offset};
use serde::Deserialize;

use super::Read;
use super::draft::Draft;
use super::json::{self, At};
use super::source::Source;
use super::text::{tags, title_and_body};
use crate::diagnostics::{Diagnostic, Pos};

const EXPECTED: &str = "expected Day One's JSON export: \
                        {\"metadata\": {…}, \"entries\": [{\"creationDate\", \"timeZone\", \"text\", \"tags\", \"starred\"}]}";

/// How media Day One kept is linked from an entry's text.
const MOMENT: &str = "dayone-moment:";

/// One Day One entry as exported.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Entry {
    creation_date: String,
    #[serde(default)]
    time_zone: Option<String>,
    #[serde(default)]
    text: String,
    #[serde(default)]
    tags: Vec<String>,
    #[serde(default)]
    starred: bool,
}

/// Reads a Day One export: one draft per entry.
pub fn read(source: &Source) -> Result<Read, Diagnostic> {
    json::read(source, EXPECTED, draft)
}

fn draft(At { value: e, pos }: At<Entry>) -> Result<Draft, (Pos, String)> {
    let created = DateTime::parse_from_rfc3339(e.creation_date.trim()).map_err(|_| {
        (
            pos,
            format!(
                "`creationDate` must be an ISO 8601 date and time like 2024-03-14T22:30:00Z, found `{}`",
                e.creation_date
            ),
        )
    })?;
    let zone = e.time_zone.as_deref().map(str::trim).unwrap_or("UTC");
    let zone: chrono_tz::Tz = zone.parse().map_err(|_| {
        (
            pos,
            format!("`timeZone` `{zone}` is not a time zone name (like Europe/Paris)"),
        )
    })?;
    let local = created.with_timezone(&zone);
    let date = local.date_naive();
    let (title, body) = title_and_body(&e.text, date);
    let mut draft = Draft::new(pos.line, date, title);
    draft.time = Some((local.time(), Some(local.offset().fix())));
    (draft.tags, _) = tags(
        e.tags
            .iter()
            .map(String::as_str)
            .chain(e.starred.then_some("starred")),
    );
    draft.body = media(body);
    Ok(draft)
}

/// The text with each image of Day One's own (`![](dayone-moment://…)`)
/// replaced by a line saying it was not imported.
fn media(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find("![") {
        let image = &rest[i..];
        let link = image
            .find("](")
            .map(|close| close + 2)
            .filter(|&url| image[url..].starts_with(MOMENT))
            .and_then(|url| image[url..].find(')').map(|end| (url, url + end)));
        match link {
            Some((url, end)) => {
                let kind = match &image[url..end] {
                    u if u.contains("/video") => "video",
                    u if u.contains("/audio") => "audio recording",
                    u if u.contains("/pdf") => "PDF",
                    _ => "photo",
                };
                out.push_str(&rest[..i]);
                out.push_str(&format!("*(a {kind} from Day One, not imported)*"));
                rest = &image[end + 1..];
            }
            None => {
                out.push_str(&rest[..i + 2]);
                rest = &rest[i + 2..];
            }
        }
    }
    out.push_str(rest);
    out
}
