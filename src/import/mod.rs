//! `ebb import`: another tool's export read into entries of the journal.
//! Each format has a reader that turns the file into [`Draft`]s (and a
//! problem, with its line, for each row it cannot read); this module skips
//! what the journal had before the run, renders each entry, validates it as
//! `ebb check` would, and writes it atomically, never over a file.

mod csv;
mod daylio;
mod dayone;
mod draft;
mod jrnl;
mod json;
mod sheet;
mod source;
mod text;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use rayon::prelude::*;

pub use draft::{CheckIn, Draft, DraftEnergy, IMPORTED_FROM, day_title};
pub use sheet::{ColumnKind, Key, column_kind};

/// Whether `ebb import csv` reads a column of this name (or knowingly
/// passes over it, as `url`), so that no metric may take the name.
pub fn sheet_reads(name: &str) -> bool {
    column_kind(name, &[]) != ColumnKind::Unknown
}
pub use source::Source;

use crate::config::JournalSettings;
use crate::content::validate::{SourceFile, parse_entry};
use crate::content::{Journal, Level, Mode};
use crate::diagnostics::{Diagnostic, Diagnostics, Pos, display_path};
use crate::scaffold::write_atomic;

/// The formats `ebb import` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Daylio's CSV export: check-ins, one entry a day.
    Daylio,
    /// `jrnl --export json`: one entry each.
    Jrnl,
    /// Day One's JSON export: one entry each.
    DayOne,
    /// A spreadsheet whose header names frontmatter keys: one entry a day.
    Csv,
}

impl Format {
    /// Every format, as the command line names them.
    pub const ALL: [Format; 4] = [Format::Daylio, Format::Jrnl, Format::DayOne, Format::Csv];

    /// The name on the command line, and in `imported_from`.
    pub fn name(self) -> &'static str {
        match self {
            Format::Daylio => "daylio",
            Format::Jrnl => "jrnl",
            Format::DayOne => "dayone",
            Format::Csv => "csv",
        }
    }

    /// The format `name` names, in any case.
    pub fn parse(name: &str) -> Result<Format, String> {
        let lower = name.trim().to_lowercase();
        Format::ALL
            .into_iter()
            .find(|f| f.name() == lower || (lower == "day-one" && *f == Format::DayOne))
            .ok_or_else(|| {
                format!("`{name}` is not a format ebb imports: use daylio, jrnl, dayone or csv")
            })
    }

    /// Whether it writes one entry a day (and so skips a day that has one),
    /// rather than one per source entry (skipping a date and slug).
    fn per_day(self) -> bool {
        matches!(self, Format::Daylio | Format::Csv)
    }
}

/// How to import.
#[derive(Debug, Clone)]
pub struct Options {
    /// Daylio moods' scores by label (lowercase), over the default ones.
    pub moods: Vec<(String, Level)>,
    /// The mode of days whose source gives none.
    pub mode: Option<Mode>,
    /// Mark every entry private.
    pub private: bool,
    /// Write nothing; report what would be written.
    pub dry_run: bool,
    /// When the check-ins of the day fall.
    pub journal: JournalSettings,
    /// The metrics book.toml declares: spreadsheet columns, checked as entries' are.
    pub metrics: Vec<crate::config::Metric>,
}

impl Options {
    /// The defaults: Daylio's own moods, nothing marked, files written.
    pub fn new(journal: JournalSettings) -> Options {
        Options {
            moods: Vec::new(),
            mode: None,
            private: false,
            dry_run: false,
            journal,
            metrics: Vec::new(),
        }
    }
}

/// What a reader made of the file: the entries, and the rows it could not use.
#[derive(Debug, Default)]
pub struct Read {
    pub drafts: Vec<Draft>,
    pub diagnostics: Vec<Diagnostic>,
    /// Rows (or source entries) skipped because they could not be read.
    pub unreadable: usize,
}

impl Read {
    /// A row that is skipped, and why.
    fn skip(&mut self, problem: Diagnostic) {
        self.unreadable += 1;
        self.diagnostics.push(problem);
    }

    /// Something left out of a row that is imported all the same.
    fn warn(&mut self, mut problem: Diagnostic) {
        problem.severity = crate::diagnostics::Severity::Warning;
        self.diagnostics.push(problem);
    }
}

/// One entry the import did not write because the journal had it before.
#[derive(Debug, Clone, PartialEq)]
pub struct Existing {
    pub date: NaiveDate,
    /// The source line it came from.
    pub line: usize,
    /// The file that was there, shown as a path.
    pub there: String,
}

/// What an import did (or, in a dry run, would do).
#[derive(Debug, Default)]
pub struct Report {
    /// The files written, in the order of the days.
    pub written: Vec<PathBuf>,
    pub existing: Vec<Existing>,
    /// Rows skipped because they could not be read.
    pub unreadable: usize,
    /// Rows' problems, by line; warnings for what was left out of a row.
    pub diagnostics: Diagnostics,
    /// Entries written without a mode (a hint for `--mode`).
    pub without_mode: usize,
}

/// Reads `source` as `format` and writes its entries into `content_dir`,
/// skipping what `journal` (read before the run) has. An error is a file
/// that cannot be read at all, and then nothing is written.
pub fn import(
    format: Format,
    source: &Source,
    content_dir: &Path,
    journal: &Journal,
    options: &Options,
) -> Result<Report, Diagnostic> {
    let read = read(format, source, options)?;
    Ok(write(format, source, read, content_dir, journal, options))
}

/// The entries of `source` as `format`, before anything is written.
pub fn read(format: Format, source: &Source, options: &Options) -> Result<Read, Diagnostic> {
    let mut read = match format {
        Format::Daylio => daylio::read(source, options)?,
        Format::Jrnl => jrnl::read(source)?,
        Format::DayOne => dayone::read(source)?,
        Format::Csv => sheet::read(source, &options.metrics)?,
    };
    for d in &mut read.drafts {
        d.mode = d.mode.or(options.mode);
        d.private |= options.private;
    }
    Ok(read)
}

/// An entry to write: where, and its text.
struct Planned {
    draft: Draft,
    path: PathBuf,
    text: String,
}

/// What became of one planned entry.
enum Outcome {
    Written(PathBuf),
    /// The file was there already.
    Present(PathBuf),
    Invalid(Diagnostic),
}

/// Skips what the journal had, then renders, validates and writes the rest.
fn write(
    format: Format,
    source: &Source,
    read: Read,
    content_dir: &Path,
    journal: &Journal,
    options: &Options,
) -> Report {
    let mut report = Report {
        unreadable: read.unreadable,
        ..Report::default()
    };
    report.diagnostics.extend(read.diagnostics);
    let days = days_before(content_dir, journal);
    let slugs: HashMap<(NaiveDate, &str), &str> = journal
        .entries
        .iter()
        .map(|e| ((e.date, e.slug.as_str()), e.display_path.as_str()))
        .collect();
    // Two source entries with one date and title: the later gets `-2`.
    let mut taken: HashSet<(NaiveDate, String)> = HashSet::new();
    let mut planned = Vec::with_capacity(read.drafts.len());
    for draft in read.drafts {
        let mut slug = draft.slug();
        if !format.per_day() {
            let base = slug.clone();
            let mut n = 1;
            while !taken.insert((draft.date, slug.clone())) {
                n += 1;
                slug = format!("{base}-{n}");
            }
        }
        let there = match format.per_day() {
            true => days.get(&draft.date).cloned(),
            false => slugs
                .get(&(draft.date, slug.as_str()))
                .map(|s| (*s).to_owned()),
        };
        if let Some(there) = there {
            report.existing.push(Existing {
                date: draft.date,
                line: draft.line,
                there,
            });
            continue;
        }
        let path = content_dir.join(format!(
            "{:04}/{}-{slug}.md",
            chrono::Datelike::year(&draft.date),
            crate::render::dates::iso(draft.date)
        ));
        let text = draft.text(format.name());
        planned.push(Planned { draft, path, text });
    }
    let outcomes: Vec<Outcome> = planned
        .par_iter()
        .map(|p| place(p, content_dir, options))
        .collect();
    for (p, outcome) in planned.into_iter().zip(outcomes) {
        match outcome {
            Outcome::Written(path) => {
                report.without_mode += usize::from(p.draft.mode.is_none());
                report.written.push(path);
            }
            Outcome::Present(path) => report.existing.push(Existing {
                date: p.draft.date,
                line: p.draft.line,
                there: display_path(&path),
            }),
            Outcome::Invalid(problem) => {
                report.unreadable += 1;
                report.diagnostics.push(Diagnostic::error(
                    &source.display,
                    Pos::new(p.draft.line, 1),
                    format!(
                        "skipped: the entry it makes would not be valid ({})",
                        problem.message
                    ),
                ));
            }
        }
    }
    report.existing.sort_by_key(|e| (e.date, e.line));
    report.diagnostics.sort();
    report
}

/// Validates one entry and writes it, unless its file is there.
fn place(planned: &Planned, content_dir: &Path, options: &Options) -> Outcome {
    let dry_run = options.dry_run;
    let display = display_path(&planned.path);
    let content_path = crate::content::content_relative(content_dir, &planned.path);
    let parsed = parse_entry(SourceFile {
        path: &planned.path,
        display: &display,
        content_path: &content_path,
        bytes: planned.text.as_bytes(),
        metrics: &options.metrics,
    });
    if let Some(error) = parsed.diagnostics.into_iter().find(Diagnostic::is_error) {
        return Outcome::Invalid(error);
    }
    if planned.path.exists() {
        return Outcome::Present(planned.path.clone());
    }
    if dry_run {
        return Outcome::Written(planned.path.clone());
    }
    match write_atomic(&planned.path, planned.text.as_bytes(), false) {
        Ok(true) => Outcome::Written(planned.path.clone()),
        Ok(false) => Outcome::Present(planned.path.clone()),
        Err(e) => Outcome::Invalid(Diagnostic::error(&display, Pos::START, e.to_string())),
    }
}

/// The days that have an entry: valid entries' dates, and the dates that
/// start the names of files with errors. Each with one of its files.
fn days_before(content_dir: &Path, journal: &Journal) -> HashMap<NaiveDate, String> {
    let mut days: HashMap<NaiveDate, String> = HashMap::new();
    for e in &journal.entries {
        days.entry(e.date).or_insert_with(|| e.display_path.clone());
    }
    for p in &journal.invalid {
        let path = content_dir.join(p);
        if let Some(date) = crate::scaffold::log::name_date(&path) {
            days.entry(date).or_insert_with(|| display_path(&path));
        }
    }
    days
}

#[cfg(test)]
mod tests;
