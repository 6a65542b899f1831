//! A spreadsheet's CSV: a header naming frontmatter keys, one row a day.
//! What `ebb export --format csv` writes imports back.

use crate::config::Metric;
use std::collections::HashMap;

use chrono::NaiveDate;

use super::Read;
use super::csv::{Header, Reader, Record};
use super::draft::{CheckIn, Draft, DraftEnergy, day_title};
use super::source::Source;
use super::text::tags;
use crate::content::date::parse_day;
use crate::content::{Level, Mode, Moment};
use crate::diagnostics::{Diagnostic, Pos};

/// What the header must look like, for messages.
const EXPECTED: &str = "a header row naming frontmatter keys, with `date` (like \
                        `date,morning,midday,evening,mode,focus_hours,meeting_hours,tags,title,note`)";

/// A column the import reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    Date,
    Title,
    Mode,
    Energy,
    /// A check-in's score, its tags, its note.
    Score(Moment),
    SlotTags(Moment),
    SlotNote(Moment),
    FocusHours,
    MeetingHours,
    Tags,
    /// The body.
    Note,
    Summary,
    Draft,
    Private,
    /// A metric book.toml declares, by its place in the declarations.
    Metric(usize),
}

/// What a column of the header is to the import.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnKind {
    Read(Key),
    /// Written by `ebb export` and made again on import (`slug`, `url`).
    Ignored,
    /// Not a column ebb knows: a warning names it.
    Unknown,
}

/// The one place that says which columns are read: ebb's own keys, and the
/// `metrics` book.toml declares.
pub fn column_kind(name: &str, metrics: &[Metric]) -> ColumnKind {
    let slot = |m: Moment, rest: &str| match rest {
        "" => Some(Key::Score(m)),
        "_tags" => Some(Key::SlotTags(m)),
        "_note" => Some(Key::SlotNote(m)),
        _ => None,
    };
    let key = match name {
        "date" => Some(Key::Date),
        "title" => Some(Key::Title),
        "mode" => Some(Key::Mode),
        "energy" => Some(Key::Energy),
        "focus_hours" => Some(Key::FocusHours),
        "meeting_hours" => Some(Key::MeetingHours),
        "tags" => Some(Key::Tags),
        "note" => Some(Key::Note),
        "summary" => Some(Key::Summary),
        "draft" => Some(Key::Draft),
        "private" => Some(Key::Private),
        "slug" | "url" => return ColumnKind::Ignored,
        _ => Moment::ALL
            .into_iter()
            .find_map(|m| name.strip_prefix(m.key()).and_then(|rest| slot(m, rest)))
            .or_else(|| metrics.iter().position(|m| m.key == name).map(Key::Metric)),
    };
    key.map_or(ColumnKind::Unknown, ColumnKind::Read)
}

/// Reads a spreadsheet: one draft a day, and a problem for each row skipped.
pub fn read(source: &Source, metrics: &[Metric]) -> Result<Read, Diagnostic> {
    let mut reader = Reader::new(source.open()?, source);
    let header = Header::read(&mut reader, source, EXPECTED)?;
    header.require(source, "date", EXPECTED)?;
    let mut read = Read::default();
    let mut columns: Vec<(Key, usize)> = Vec::new();
    for (i, name) in header.names.iter().enumerate() {
        match column_kind(name, metrics) {
            ColumnKind::Read(key) if !columns.iter().any(|(k, _)| *k == key) => {
                columns.push((key, i));
            }
            ColumnKind::Read(_) | ColumnKind::Ignored => {}
            ColumnKind::Unknown => read.warn(header.record.problem(
                source,
                header.record.pos(Some(i)),
                format!(
                    "the column `{name}` is not a frontmatter key ebb reads; it is not imported"
                ),
            )),
        }
    }
    let mut seen: HashMap<NaiveDate, usize> = HashMap::new();
    header.rows(reader, source, &mut read, |record, read| {
        let row = Row {
            record,
            columns: &columns,
            names: &header.names,
        };
        match row.draft(read, source) {
            Ok(draft) => match seen.get(&draft.date) {
                Some(first) => read.skip(record.problem(
                    source,
                    row.pos(Key::Date),
                    format!(
                        "skipped: a second row for {} (the first is on line {first}); one entry a day",
                        draft.date
                    ),
                )),
                None => {
                    seen.insert(draft.date, record.line);
                    read.drafts.push(draft);
                }
            },
            Err((pos, message)) => {
                read.skip(record.problem(source, pos, format!("skipped: {message}")));
            }
        }
    })?;
    read.drafts.sort_by_key(|d| d.date);
    Ok(read)
}

/// One row, with the columns it is read by.
struct Row<'r> {
    record: &'r Record,
    columns: &'r [(Key, usize)],
    names: &'r [String],
}

type Problem = (Pos, String);

impl Row<'_> {
    fn index(&self, key: Key) -> Option<usize> {
        self.columns
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, i)| *i)
    }

    /// The trimmed text of a column, `None` when empty or absent.
    fn get(&self, key: Key) -> Option<&str> {
        Some(self.record.get(self.index(key)).trim()).filter(|t| !t.is_empty())
    }

    fn pos(&self, key: Key) -> Pos {
        self.record.pos(self.index(key))
    }

    /// A problem with the value of `key`.
    fn bad(&self, key: Key, message: String) -> Problem {
        (self.pos(key), message)
    }

    fn draft(&self, read: &mut Read, source: &Source) -> Result<Draft, Problem> {
        let date_text = self.get(Key::Date).unwrap_or_default();
        let date = parse_day(date_text).map_err(|e| {
            let why =
                e.unwrap_or_else(|| format!("`date` must be YYYY-MM-DD, found `{date_text}`"));
            self.bad(Key::Date, why)
        })?;
        let title = self
            .get(Key::Title)
            .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
            .unwrap_or_else(|| day_title(date));
        let mut draft = Draft::new(self.record.line, date, title);
        draft.mode = match self.get(Key::Mode).map(str::to_ascii_lowercase).as_deref() {
            None => None,
            Some("ic") => Some(Mode::Ic),
            Some("em") => Some(Mode::Em),
            Some(_) => {
                let found = self.get(Key::Mode).unwrap_or_default();
                return Err(self.bad(
                    Key::Mode,
                    format!("`mode` must be IC or EM, found `{found}`"),
                ));
            }
        };
        let mut check_ins: [Option<CheckIn>; 3] = Default::default();
        let mut notes = Vec::new();
        for m in Moment::ALL {
            let score = self.level(Key::Score(m))?;
            let tags = self.tags(Key::SlotTags(m), read, source);
            let note = self.get(Key::SlotNote(m)).map(str::to_owned);
            match score {
                Some(score) => check_ins[m.index()] = Some(CheckIn { score, tags, note }),
                // Without a score, what was done is the day's.
                None => {
                    draft.tags.extend(tags);
                    notes.extend(note.map(|n| format!("*{}:* {n}", m.key())));
                }
            }
        }
        draft.energy = match check_ins.iter().any(Option::is_some) {
            true => Some(DraftEnergy::CheckIns(check_ins)),
            // `energy` is the mean of the check-ins when there are any.
            false => self.level(Key::Energy)?.map(DraftEnergy::Score),
        };
        draft.focus_hours = self.hours(Key::FocusHours)?;
        draft.meeting_hours = self.hours(Key::MeetingHours)?;
        let own = self.tags(Key::Tags, read, source);
        for tag in own.iter().chain(std::mem::take(&mut draft.tags).iter()) {
            super::draft::add_tag(&mut draft.tags, tag);
        }
        for &(key, _) in self.columns {
            if let Key::Metric(_) = key {
                if let Some(value) = self.number(key)? {
                    draft.metrics.push((self.name(key).to_owned(), value));
                }
            }
        }
        draft.summary = self.get(Key::Summary).map(str::to_owned);
        draft.draft = self.flag(Key::Draft)?;
        draft.private = self.flag(Key::Private)?;
        let body = self.record.get(self.index(Key::Note)).trim();
        notes.insert(0, body.to_owned());
        draft.body = notes
            .into_iter()
            .filter(|n| !n.is_empty())
            .collect::<Vec<_>>()
            .join("\n\n");
        Ok(draft)
    }

    /// A score from 1 to 10 (`6` or `6.0`).
    fn level(&self, key: Key) -> Result<Option<Level>, Problem> {
        let Some(text) = self.get(key) else {
            return Ok(None);
        };
        let whole = text
            .parse::<f64>()
            .ok()
            .filter(|x| x.fract() == 0.0)
            .and_then(|x| Level::new(x as i64));
        match whole {
            Some(level) => Ok(Some(level)),
            None => Err(self.bad(
                key,
                format!(
                    "`{}` must be a whole number from 1 to 10, found `{text}`",
                    self.name(key)
                ),
            )),
        }
    }

    /// A number of hours from 0 to 24.
    fn hours(&self, key: Key) -> Result<Option<f64>, Problem> {
        let Some(text) = self.get(key) else {
            return Ok(None);
        };
        match text.parse::<f64>() {
            Ok(h) if (0.0..=24.0).contains(&h) => Ok(Some(h)),
            _ => Err(self.bad(
                key,
                format!(
                    "`{}` must be a number of hours from 0 to 24, found `{text}`",
                    self.name(key)
                ),
            )),
        }
    }

    /// A number (a metric's value; its bounds are checked with the entry).
    fn number(&self, key: Key) -> Result<Option<f64>, Problem> {
        let Some(text) = self.get(key) else {
            return Ok(None);
        };
        match text.parse::<f64>() {
            Ok(x) if x.is_finite() => Ok(Some(x)),
            _ => Err(self.bad(
                key,
                format!("`{}` must be a number, found `{text}`", self.name(key)),
            )),
        }
    }

    /// `true` or `false` (also yes/no, 1/0); empty is false.
    fn flag(&self, key: Key) -> Result<bool, Problem> {
        match self.get(key).map(str::to_ascii_lowercase).as_deref() {
            None | Some("false" | "no" | "0") => Ok(false),
            Some("true" | "yes" | "1") => Ok(true),
            Some(other) => Err(self.bad(
                key,
                format!(
                    "`{}` must be true or false, found `{other}`",
                    self.name(key)
                ),
            )),
        }
    }

    /// Tags separated by `;` (or by `,` when there is no `;`); one without
    /// letters or digits is left out with a warning.
    fn tags(&self, key: Key, read: &mut Read, source: &Source) -> Vec<String> {
        let text = self.get(key).unwrap_or_default();
        let separator = if text.contains(';') { ';' } else { ',' };
        let (tags, dropped) = tags(text.split(separator));
        for item in dropped {
            read.warn(self.record.problem(
                source,
                self.pos(key),
                format!("the tag `{item}` has no letters or digits, so it is left out"),
            ));
        }
        tags
    }

    /// The column's name as the header writes it.
    fn name(&self, key: Key) -> &str {
        self.index(key)
            .and_then(|i| self.names.get(i))
            .map_or("", String::as_str)
    }
}
