//! An entry to write, as the importers make it from another tool's data,
//! and its text: the frontmatter a writer would type, then the body.

use chrono::{Datelike, FixedOffset, NaiveDate, NaiveTime};

use crate::content::{Level, Mode, Moment};
use crate::render::dates::WEEKDAYS;
use crate::scaffold::yaml_scalar;
use crate::slug::slugify;

/// The key that says where an entry came from (kept under `extra`).
pub const IMPORTED_FROM: &str = "imported_from";

/// The longest file-name slug an import makes from a title.
const SLUG_CHARS: usize = 60;

/// One check-in: its score and what was done in the hours before it.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckIn {
    pub score: Level,
    pub tags: Vec<String>,
    pub note: Option<String>,
}

/// How an imported entry records energy.
#[derive(Debug, Clone, PartialEq)]
pub enum DraftEnergy {
    Score(Level),
    /// Morning, midday, evening; at least one is there.
    CheckIns([Option<CheckIn>; 3]),
}

/// An entry as an importer read it, before it is written.
#[derive(Debug, Clone, PartialEq)]
pub struct Draft {
    /// The line of the source where it starts, for reports.
    pub line: usize,
    pub date: NaiveDate,
    /// The time of day, and its offset when the source gives one.
    pub time: Option<(NaiveTime, Option<FixedOffset>)>,
    pub title: String,
    pub mode: Option<Mode>,
    pub energy: Option<DraftEnergy>,
    pub focus_hours: Option<f64>,
    pub meeting_hours: Option<f64>,
    pub tags: Vec<String>,
    pub summary: Option<String>,
    pub draft: bool,
    pub private: bool,
    /// Declared metrics' values, by key, in the spreadsheet's order.
    pub metrics: Vec<(String, f64)>,
    pub body: String,
}

impl Draft {
    /// An entry of `date` from line `line` with nothing but its title.
    pub fn new(line: usize, date: NaiveDate, title: String) -> Draft {
        Draft {
            line,
            date,
            time: None,
            title,
            mode: None,
            energy: None,
            focus_hours: None,
            meeting_hours: None,
            tags: Vec::new(),
            summary: None,
            draft: false,
            private: false,
            metrics: Vec::new(),
            body: String::new(),
        }
    }

    /// The slug of its file name: from the title, else from the weekday,
    /// cut at a word to stay short.
    pub fn slug(&self) -> String {
        let mut slug = slugify(&self.title);
        if slug.is_empty() {
            slug = slugify(WEEKDAYS[self.date.weekday().num_days_from_monday() as usize]);
        }
        if slug.len() > SLUG_CHARS {
            let cut = slug[..=SLUG_CHARS].rfind('-').unwrap_or(SLUG_CHARS);
            slug.truncate(cut);
        }
        slug
    }

    /// The entry's text, marked as imported from `from`.
    pub fn text(&self, from: &str) -> String {
        let mut out = String::with_capacity(256 + self.body.len());
        let mut line = |key: &str, value: &str| {
            out.push_str(key);
            out.push(':');
            if !value.starts_with('\n') {
                out.push(' ');
            }
            out.push_str(value);
            out.push('\n');
        };
        line("title", &yaml_scalar(&self.title));
        line("date", &self.date_text());
        if let Some(mode) = self.mode {
            line("mode", mode.label());
        }
        match &self.energy {
            Some(DraftEnergy::Score(level)) => line("energy", &level.get().to_string()),
            Some(DraftEnergy::CheckIns(check_ins)) => line("energy", &check_ins_text(check_ins)),
            None => {}
        }
        if let Some(h) = self.focus_hours {
            line("focus_hours", &h.to_string());
        }
        if let Some(h) = self.meeting_hours {
            line("meeting_hours", &h.to_string());
        }
        for (key, value) in &self.metrics {
            line(key, &value.to_string());
        }
        if !self.tags.is_empty() {
            line("tags", &flow_list(&self.tags));
        }
        if let Some(summary) = &self.summary {
            line("summary", &yaml_scalar(summary));
        }
        if self.draft {
            line("draft", "true");
        }
        if self.private {
            line("private", "true");
        }
        line(IMPORTED_FROM, from);
        let body = self.body.trim();
        match body.is_empty() {
            true => format!("---\n{out}---\n"),
            false => format!("---\n{out}---\n\n{body}\n"),
        }
    }

    /// `2024-03-14`, or with the time: `2024-03-14T09:30:00` (local) or
    /// `2024-03-14T09:30:00-04:00`.
    fn date_text(&self) -> String {
        let day = crate::render::dates::iso(self.date);
        match self.time {
            None => day,
            Some((time, None)) => format!("{day}T{}", time.format("%H:%M:%S")),
            Some((time, Some(offset))) => format!("{day}T{}{offset}", time.format("%H:%M:%S")),
        }
    }
}

/// Check-ins as an indented block under `energy:`; one with tags or a note
/// as a block of its own.
fn check_ins_text(check_ins: &[Option<CheckIn>; 3]) -> String {
    let mut out = String::new();
    for (moment, check_in) in Moment::ALL.iter().zip(check_ins) {
        let Some(c) = check_in else { continue };
        let key = moment.key();
        let score = c.score.get();
        if c.tags.is_empty() && c.note.is_none() {
            out.push_str(&format!("\n  {key}: {score}"));
            continue;
        }
        out.push_str(&format!("\n  {key}:\n    score: {score}"));
        if !c.tags.is_empty() {
            out.push_str(&format!("\n    tags: {}", flow_list(&c.tags)));
        }
        if let Some(note) = &c.note {
            out.push_str(&format!(
                "\n    note: {}",
                serde_json::Value::from(note.as_str())
            ));
        }
    }
    out
}

/// `[a, "b c"]`, each item a YAML scalar.
fn flow_list(items: &[String]) -> String {
    let items: Vec<String> = items.iter().map(|t| yaml_scalar(t)).collect();
    format!("[{}]", items.join(", "))
}

/// `Thursday, 14 March 2024`: the title of a day whose source gives none.
pub fn day_title(date: NaiveDate) -> String {
    format!(
        "{}, {} {} {}",
        WEEKDAYS[date.weekday().num_days_from_monday() as usize],
        date.day(),
        super::text::MONTHS[date.month0() as usize],
        date.year()
    )
}

/// Adds `tag` to `tags` unless a tag with its slug is there.
pub fn add_tag(tags: &mut Vec<String>, tag: &str) {
    let slug = slugify(tag);
    if !tags.iter().any(|t| slugify(t) == slug) {
        tags.push(tag.to_owned());
    }
}
