//! Daylio's CSV export: each row a mood at a time of day, with activities
//! and a note. Rows become the check-ins of one entry a day, placed by their
//! time with `[journal]` `midday-from`/`evening-from`.

use std::collections::BTreeMap;

use chrono::{NaiveDate, NaiveTime};

use super::csv::{Header, Reader, Record};
use super::draft::{CheckIn, Draft, DraftEnergy, day_title};
use super::source::Source;
use super::text::{clock, html_text, month, tags};
use super::{Options, Read};
use crate::content::Level;
use crate::content::date::parse_day;
use crate::diagnostics::Diagnostic;

/// The header of a current export, and of an older one.
const HEADER: &str = "full_date,date,weekday,time,mood,activities,note_title,note";
const OLD_HEADER: &str = "year,date,weekday,time,mood,activities,note";

/// Daylio's own moods and their scores; `--mood LABEL=N` adds or replaces.
pub const MOODS: [(&str, u8); 5] = [
    ("rad", 9),
    ("good", 7),
    ("meh", 5),
    ("bad", 3),
    ("awful", 1),
];

/// Where a row's day is written.
enum DateColumns {
    /// `full_date`: `2024-03-14`.
    Full(usize),
    /// `year` and `date`: `2018` and `18 May` or `May 18`.
    Split { year: usize, date: usize },
}

/// The columns the reader uses.
struct Columns {
    date: DateColumns,
    time: usize,
    mood: usize,
    activities: usize,
    note_title: Option<usize>,
    note: usize,
}

impl Columns {
    fn of(header: &Header, source: &Source) -> Result<Columns, Diagnostic> {
        let expected = format!("a Daylio export, whose header is `{HEADER}` (or `{OLD_HEADER}`)");
        let need = |name| header.require(source, name, &expected);
        let date = match (header.index("full_date"), header.index("year")) {
            (Some(full), _) => DateColumns::Full(full),
            (None, Some(year)) => DateColumns::Split {
                year,
                date: need("date")?,
            },
            // Neither: the error names the current export's column.
            (None, None) => DateColumns::Full(need("full_date")?),
        };
        Ok(Columns {
            date,
            time: need("time")?,
            mood: need("mood")?,
            activities: need("activities")?,
            note_title: header.index("note_title"),
            note: need("note")?,
        })
    }
}

/// One row, read.
struct Row {
    line: usize,
    time: NaiveTime,
    label: String,
    score: Level,
    tags: Vec<String>,
    title: Option<String>,
    note: Option<String>,
}

/// Reads a Daylio export: one draft a day, and a problem for each row skipped.
pub fn read(source: &Source, options: &Options) -> Result<Read, Diagnostic> {
    let mut reader = Reader::new(source.open()?, source);
    let header = Header::read(&mut reader, source, HEADER)?;
    let columns = Columns::of(&header, source)?;
    let mut read = Read::default();
    let mut days: BTreeMap<NaiveDate, Vec<Row>> = BTreeMap::new();
    header.rows(reader, source, &mut read, |record, read| {
        match row(record, &columns, source, options, read) {
            Ok((date, row)) => days.entry(date).or_default().push(row),
            Err(problem) => read.skip(problem),
        }
    })?;
    // Exports list the newest rows first: a day is put together by time.
    read.drafts = days
        .into_iter()
        .map(|(date, rows)| day(date, rows, options))
        .collect();
    Ok(read)
}

fn row(
    record: &Record,
    columns: &Columns,
    source: &Source,
    options: &Options,
    read: &mut Read,
) -> Result<(NaiveDate, Row), Diagnostic> {
    let at = |i: usize| (record.get(Some(i)).trim(), record.pos(Some(i)));
    let date = match columns.date {
        DateColumns::Full(i) => {
            let (text, pos) = at(i);
            parse_day(text).map_err(|e| {
                let why =
                    e.unwrap_or_else(|| format!("`full_date` must be YYYY-MM-DD, found `{text}`"));
                record.problem(source, pos, format!("skipped: {why}"))
            })?
        }
        DateColumns::Split { year, date } => {
            let (year_text, _) = at(year);
            let (text, pos) = at(date);
            day_of_year(year_text, text).ok_or_else(|| {
                record.problem(
                    source,
                    pos,
                    format!(
                        "skipped: `{year_text}` and `{text}` are not a date (expected a year and a day like `18 May` or `May 18`)"
                    ),
                )
            })?
        }
    };
    let (time_text, time_pos) = at(columns.time);
    let time = clock(time_text).ok_or_else(|| {
        record.problem(
            source,
            time_pos,
            format!("skipped: `{time_text}` is not a time of day (like `22:00` or `10:00 pm`)"),
        )
    })?;
    let (label, mood_pos) = at(columns.mood);
    let score = mood_score(label, options).ok_or_else(|| {
        let label = if label.is_empty() { "(empty)" } else { label };
        record.problem(
            source,
            mood_pos,
            format!(
                "skipped: the mood `{label}` has no score; give it one with `--mood \"{}=N\"` (N from 1 to 10)",
                label.to_lowercase()
            ),
        )
    })?;
    let (activities, activities_pos) = at(columns.activities);
    let (tags, dropped) = tags(activities.split(" | "));
    for item in dropped {
        read.warn(record.problem(
            source,
            activities_pos,
            format!("the activity `{item}` has no letters or digits, so it cannot be a tag; it is left out"),
        ));
    }
    let text = |i: Option<usize>| {
        let t = html_text(record.get(i));
        (!t.is_empty()).then_some(t)
    };
    let title =
        text(columns.note_title).map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "));
    Ok((
        date,
        Row {
            line: record.line,
            time,
            label: label.to_owned(),
            score,
            tags,
            title,
            note: text(Some(columns.note)),
        },
    ))
}

/// The score of a mood label, by `--mood` first, then Daylio's defaults.
fn mood_score(label: &str, options: &Options) -> Option<Level> {
    let label = label.trim().to_lowercase();
    if let Some((_, level)) = options.moods.iter().find(|(l, _)| *l == label) {
        return Some(*level);
    }
    MOODS
        .iter()
        .find(|(l, _)| *l == label)
        .and_then(|(_, n)| Level::new(i64::from(*n)))
}

/// `2018` and `18 May` (or `May 18`) as a date.
fn day_of_year(year: &str, day: &str) -> Option<NaiveDate> {
    let year: i32 = year.parse().ok().filter(|y| (1..=9999).contains(y))?;
    let words: Vec<&str> = day
        .split([' ', '.', ','])
        .filter(|w| !w.is_empty())
        .collect();
    let [a, b] = words.as_slice() else {
        return None;
    };
    let (d, m) = match a.parse::<u32>() {
        Ok(d) => (d, month(b)?),
        Err(_) => (b.parse().ok()?, month(a)?),
    };
    NaiveDate::from_ymd_opt(year, m, d)
}

/// The day's entry: check-ins by slot (the later row's score when two share
/// one, their tags joined), the first note title, the notes in time order.
fn day(date: NaiveDate, mut rows: Vec<Row>, options: &Options) -> Draft {
    rows.sort_by_key(|r| (r.time, std::cmp::Reverse(r.line)));
    let mut check_ins: [Option<CheckIn>; 3] = Default::default();
    for r in &rows {
        let slot = &mut check_ins[options.journal.moment_at(r.time).index()];
        let check_in = slot.get_or_insert_with(|| CheckIn {
            score: r.score,
            tags: Vec::new(),
            note: None,
        });
        check_in.score = r.score;
        for tag in &r.tags {
            super::draft::add_tag(&mut check_in.tags, tag);
        }
    }
    let title = rows.iter().find_map(|r| r.title.clone());
    let noted: Vec<&Row> = rows
        .iter()
        .filter(|r| r.note.is_some() || (r.title.is_some() && r.title != title))
        .collect();
    let body = match noted.as_slice() {
        [] => String::new(),
        [one] if one.title.is_none() || one.title == title => one.note.clone().unwrap_or_default(),
        several => several
            .iter()
            .map(|r| {
                let mut head = format!("**{} · {}", r.time.format("%H:%M"), r.label);
                if let Some(t) = r.title.as_ref().filter(|t| Some(*t) != title.as_ref()) {
                    head.push_str(" — ");
                    head.push_str(t);
                }
                head.push_str("**");
                match &r.note {
                    Some(note) => format!("{head}\n\n{note}"),
                    None => head,
                }
            })
            .collect::<Vec<_>>()
            .join("\n\n"),
    };
    let line = rows.iter().map(|r| r.line).min().unwrap_or(1);
    let mut draft = Draft::new(line, date, title.unwrap_or_else(|| day_title(date)));
    draft.energy = Some(DraftEnergy::CheckIns(check_ins));
    draft.body = body;
    draft
}
