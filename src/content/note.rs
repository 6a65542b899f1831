//! Weekly notes (`weeks/2024-W11.md`): the writer's own look-back on an ISO
//! week, with intentions for the next one.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::{Datelike, Duration, NaiveDate, Weekday};

use super::frontmatter::{self, NodeKind, key_text};
use super::validate::{Checker, SourceFile};
use crate::diagnostics::{Diagnostic, Diagnostics, Pos};

/// The keys a weekly note reads; any other is kept under `extra`.
const NOTE_KEYS: &[&str] = &["title", "next", "private", "draft"];

/// One weekly note.
#[derive(Debug, Clone, PartialEq)]
pub struct WeekNote {
    /// `2024-W11`: the file's name, and the week page's.
    pub id: String,
    /// The ISO week-numbering year and week.
    pub year: i32,
    pub week: u32,
    pub monday: NaiveDate,
    pub title: Option<String>,
    /// Intentions for the following week.
    pub next: Vec<String>,
    pub draft: bool,
    pub private: bool,
    pub extra: BTreeMap<String, serde_json::Value>,
    pub body: String,
    pub body_line: usize,
    pub display_path: String,
    pub source: PathBuf,
}

impl WeekNote {
    /// The Monday of the week after this one, whose review shows `next`.
    pub fn following_monday(&self) -> NaiveDate {
        self.monday + Duration::days(7)
    }
}

/// The ISO week a note's file name names: `2024-W11` → (2024, 11, its Monday).
pub fn week_of_name(stem: &str) -> Result<(i32, u32, NaiveDate), String> {
    let named = || {
        format!(
            "a weekly note is named by its ISO week, like `2024-W11.md`; `{stem}` is not such a name"
        )
    };
    let (year, week) = stem.split_once("-W").ok_or_else(named)?;
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(year, 4) || !digits(week, 2) {
        return Err(named());
    }
    let (year, week): (i32, u32) = (
        year.parse().map_err(|_| named())?,
        week.parse().map_err(|_| named())?,
    );
    // The ISO week of 28 December is always the year's last.
    let weeks = NaiveDate::from_ymd_opt(year, 12, 28).map(|d| d.iso_week().week());
    match (weeks, NaiveDate::from_isoywd_opt(year, week, Weekday::Mon)) {
        (Some(_), Some(monday)) if week >= 1 => Ok((year, week, monday)),
        (Some(weeks), _) => Err(format!(
            "`{stem}` is not an ISO week: {year} has weeks W01 to W{weeks:02}"
        )),
        (None, _) => Err(format!(
            "`{stem}` is not an ISO week: {year} is out of range"
        )),
    }
}

/// Reads a weekly note; `None` (with errors) when it cannot be published safely.
pub fn parse_note(file: SourceFile<'_>) -> (Option<WeekNote>, Vec<Diagnostic>) {
    Checker::read_file(file, |c, text| c.note(text))
}

impl Checker<'_> {
    fn note(&mut self, text: &str) -> Option<WeekNote> {
        let stem = self
            .file
            .path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let week = week_of_name(&stem);
        if let Err(message) = &week {
            self.error(Pos::START, message.clone());
        }
        // A note without frontmatter is a body alone.
        let (body, body_line, pairs) = if text.starts_with("---") {
            let split = frontmatter::split(text)
                .and_then(|s| frontmatter::parse(s.yaml, s.yaml_line).map(|root| (s, root)));
            match split {
                Ok((split, root)) => match root.kind {
                    NodeKind::Map(pairs) => (split.body, split.body_line, pairs),
                    _ if root.is_null() => (split.body, split.body_line, Vec::new()),
                    _ => {
                        self.error(
                            root.pos,
                            format!(
                                "the frontmatter must be keys and values, found {}",
                                root.kind_name()
                            ),
                        );
                        return None;
                    }
                },
                Err(e) => {
                    self.error(e.pos, e.message);
                    return None;
                }
            }
        } else {
            (text, 1, Vec::new())
        };
        let mut note = WeekNote {
            id: stem.clone(),
            year: 0,
            week: 0,
            monday: NaiveDate::MIN,
            title: None,
            next: Vec::new(),
            draft: false,
            private: false,
            extra: BTreeMap::new(),
            body: body.to_owned(),
            body_line,
            display_path: self.file.display.to_owned(),
            source: self.file.path.to_path_buf(),
        };
        for (key, value) in &pairs {
            let name = key_text(key);
            match name.as_str() {
                "title" => {
                    note.title = self
                        .text(value, "title")
                        .map(|t| t.trim().to_owned())
                        .filter(|t| !t.is_empty());
                }
                "next" => note.next = self.intentions(value),
                "draft" => note.draft = self.flag(value, "draft"),
                "private" => note.private = self.flag(value, "private"),
                _ => self.other_key(name, key, value, NOTE_KEYS, &mut note.extra),
            }
        }
        if self.diagnostics.iter().any(Diagnostic::is_error) {
            return None;
        }
        let (year, week, monday) = week.ok()?;
        (note.year, note.week, note.monday) = (year, week, monday);
        Some(note)
    }

    /// `next`: a list of intentions (one text is one intention).
    fn intentions(&mut self, value: &crate::content::frontmatter::Node) -> Vec<String> {
        let items: Vec<&crate::content::frontmatter::Node> = match &value.kind {
            NodeKind::Seq(items) => items.iter().collect(),
            _ if value.is_null() => return Vec::new(),
            NodeKind::Map(_) => {
                self.error(
                    value.pos,
                    "`next` must be a list of intentions, like `[\"one 1:1 without status\", \"a focus day\"]`",
                );
                return Vec::new();
            }
            _ => vec![value],
        };
        items
            .into_iter()
            .filter_map(|item| self.text(item, "next"))
            .map(|t| t.trim().to_owned())
            .filter(|t| !t.is_empty())
            .collect()
    }
}

/// Every weekly note under `dir` (none when it does not exist), one per week.
pub fn load_notes(dir: &Path, diagnostics: &mut Diagnostics) -> Vec<WeekNote> {
    if !dir.is_dir() {
        return Vec::new();
    }
    let mut notes: Vec<WeekNote> = Vec::new();
    for note in super::read_all(dir, diagnostics, parse_note) {
        if let Some(other) = notes.iter().find(|n| n.id == note.id) {
            diagnostics.push(Diagnostic::error(
                &note.display_path,
                Pos::START,
                format!(
                    "a second note for {}: `{}` is one already; keep one file per week",
                    note.id, other.display_path
                ),
            ));
        } else {
            notes.push(note);
        }
    }
    notes.sort_by_key(|n| n.monday);
    notes
}

#[cfg(test)]
mod tests {
    use super::*;

    fn note(name: &str, text: &str) -> (Option<WeekNote>, Vec<Diagnostic>) {
        let path = PathBuf::from(format!("weeks/{name}"));
        parse_note(SourceFile {
            path: &path,
            display: &format!("weeks/{name}"),
            content_path: "",
            metrics: &[],
            bytes: text.as_bytes(),
        })
    }

    fn messages(d: &[Diagnostic]) -> Vec<String> {
        d.iter()
            .map(|d| format!("{}:{}: {}", d.line, d.column, d.message))
            .collect()
    }

    #[test]
    fn a_note_reads_its_week_title_intentions_and_body() {
        let (n, d) = note(
            "2024-W11.md",
            "---\ntitle: A heavy week\nnext: [\"protect Thursday\", fewer status meetings]\nmood: fine\n---\nBody.\n",
        );
        assert!(d.is_empty(), "{:?}", messages(&d));
        let n = n.unwrap();
        assert_eq!((n.year, n.week), (2024, 11));
        assert_eq!(n.monday, NaiveDate::from_ymd_opt(2024, 3, 11).unwrap());
        assert_eq!(n.title.as_deref(), Some("A heavy week"));
        assert_eq!(n.next, ["protect Thursday", "fewer status meetings"]);
        assert_eq!(n.extra["mood"], "fine");
        assert_eq!((n.body.as_str(), n.body_line), ("Body.\n", 6));
        assert_eq!(
            n.following_monday(),
            NaiveDate::from_ymd_opt(2024, 3, 18).unwrap()
        );
        // No frontmatter: a body alone; one text is one intention.
        let (n, _) = note("2025-W01.md", "Just words.\n");
        assert_eq!(
            n.unwrap().monday,
            NaiveDate::from_ymd_opt(2024, 12, 30).unwrap()
        );
        let (n, _) = note("2025-W02.md", "---\nnext: one thing\n---\n");
        assert_eq!(n.unwrap().next, ["one thing"]);
    }

    #[test]
    fn names_that_are_not_iso_weeks_are_errors() {
        for (name, message) in [
            (
                "2024-W54.md",
                "`2024-W54` is not an ISO week: 2024 has weeks W01 to W52",
            ),
            ("2020-W53.md", ""),
            (
                "2024-W00.md",
                "`2024-W00` is not an ISO week: 2024 has weeks W01 to W52",
            ),
            (
                "2024-11.md",
                "a weekly note is named by its ISO week, like `2024-W11.md`; `2024-11` is not such a name",
            ),
            (
                "2024-W1.md",
                "a weekly note is named by its ISO week, like `2024-W11.md`; `2024-W1` is not such a name",
            ),
        ] {
            let (n, d) = note(name, "Body.\n");
            if message.is_empty() {
                assert!(n.is_some() && d.is_empty(), "{name}: {:?}", messages(&d));
            } else {
                assert!(n.is_none(), "{name}");
                assert_eq!(messages(&d), [format!("1:1: {message}")], "{name}");
            }
        }
    }

    #[test]
    fn hide_keys_and_privacy_near_misses_are_errors_and_typos_warnings() {
        let (n, d) = note("2024-W11.md", "---\npublished: false\nprivte: true\n---\n");
        assert!(n.is_none());
        let m = messages(&d);
        assert!(
            m[0].starts_with("2:1: `published: false` hides a page in other tools"),
            "{m:?}"
        );
        assert!(
            m[1].starts_with("3:1: `privte` looks like `private`"),
            "{m:?}"
        );
        let (n, d) = note("2024-W11.md", "---\ntitel: x\nnxt: [a]\n---\n");
        assert!(n.is_some());
        assert_eq!(
            messages(&d),
            [
                "2:1: unknown key `titel`: did you mean `title`? (kept under `extra`)",
                "3:1: unknown key `nxt`: did you mean `next`? (kept under `extra`)",
            ]
        );
        let (n, d) = note("2024-W11.md", "---\nnext: { a: b }\nprivate: maybe\n---\n");
        assert!(n.is_none());
        assert!(
            messages(&d)[0].starts_with("2:7: `next` must be a list"),
            "{:?}",
            messages(&d)
        );
    }
}
