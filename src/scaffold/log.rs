//! `ebb log`: one check-in written into the day's entry, which is made (as
//! `ebb new --no-edit` makes it) when the day has none. An existing entry
//! is edited in place by [`edit`], validated, and replaced atomically.

mod edit;
mod lines;

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

pub use edit::{Changes, Edited, Refusal, edit};

use super::entry::{default_title, latest_mode};
use super::{NewEntry, ScaffoldError, write_atomic, yaml_scalar};
use crate::config::Metric;
use crate::content::date::parse_day;
use crate::content::validate::{SourceFile, parse_entry};
use crate::content::{Journal, Level, Mode, Moment};
use crate::diagnostics::{Diagnostic, display_path};

/// One check-in to record, and what else the day's entry should say.
#[derive(Debug, Clone)]
pub struct Request {
    pub moment: Moment,
    pub score: Level,
    /// What was done before the check-in; empty when none were given.
    pub tags: Vec<String>,
    pub note: Option<String>,
    /// The day; `date_given` says whether the writer named it.
    pub date: NaiveDate,
    pub date_given: bool,
    pub mode: Option<Mode>,
    pub focus_hours: Option<f64>,
    pub meeting_hours: Option<f64>,
    /// Metrics to set (`--set sleep=7.5`), checked against their declaration.
    pub metrics: Vec<(String, f64)>,
    /// Replace a check-in that is already recorded.
    pub replace: bool,
    /// The entry to write into, when the writer names it.
    pub entry: Option<PathBuf>,
}

/// What was written.
#[derive(Debug, Clone, PartialEq)]
pub enum Logged {
    /// A new entry for the day, with the check-in.
    Created(PathBuf),
    /// The day's entry, edited; with the score the check-in had before.
    Edited {
        path: PathBuf,
        previous: Option<String>,
    },
}

/// Why nothing was written.
#[derive(Debug, thiserror::Error)]
pub enum LogError {
    /// A refusal, in one line.
    #[error("{0}")]
    Refused(String),
    /// The entry has problems, or would have them after the edit.
    #[error(
        "nothing was written: {} would not be a valid entry (the errors above are in the text it would have)",
        display_path(.path)
    )]
    Invalid {
        path: PathBuf,
        diagnostics: Vec<Diagnostic>,
    },
    /// The entry's problems before any edit, which the writer fixes first.
    #[error("nothing was written: fix the errors above in {} first", display_path(.path))]
    Unreadable {
        path: PathBuf,
        diagnostics: Vec<Diagnostic>,
    },
    #[error(transparent)]
    Write(#[from] ScaffoldError),
}

impl Request {
    /// The edit, as YAML text for each value.
    fn changes(&self, with_mode: bool, metrics: &[Metric]) -> Changes {
        let tags: Vec<String> = self.tags.iter().map(|t| yaml_scalar(t)).collect();
        let mut top = Vec::new();
        if let Some(mode) = self.mode.filter(|_| with_mode) {
            top.push(("mode", mode.to_string()));
        }
        top.extend(self.focus_hours.map(|h| ("focus_hours", format!("{h}"))));
        top.extend(
            self.meeting_hours
                .map(|h| ("meeting_hours", format!("{h}"))),
        );
        Changes {
            slot: self.moment.key(),
            score: self.score.get().to_string(),
            tags: (!tags.is_empty()).then(|| format!("[{}]", tags.join(", "))),
            note: self
                .note
                .as_deref()
                .map(|n| serde_json::Value::from(n).to_string()),
            replace: self.replace,
            top,
            metrics: self
                .metrics
                .iter()
                .map(|(k, v)| (k.clone(), format!("{v}")))
                .collect(),
            metric_order: metrics.iter().map(|m| m.key.clone()).collect(),
        }
    }
}

/// `morning`, `midday` or `evening`, in any case.
pub fn parse_moment(text: &str) -> Result<Moment, String> {
    let word = text.trim().to_lowercase();
    if let Some(moment) = Moment::ALL.into_iter().find(|m| m.key() == word) {
        return Ok(moment);
    }
    let keys = Moment::ALL.map(Moment::key);
    let hint = crate::content::validate::closest(&word, &keys)
        .map(|k| format!(" (did you mean `{k}`?)"))
        .unwrap_or_default();
    Err(format!(
        "`{}` is not a check-in{hint}: use morning, midday or evening",
        text.trim()
    ))
}

/// A check-in's score: a whole number from 1 to 10.
pub fn parse_score(text: &str) -> Result<Level, String> {
    let text = text.trim();
    text.parse::<i64>()
        .ok()
        .and_then(Level::new)
        .ok_or_else(|| format!("the score must be a whole number from 1 to 10, found `{text}`"))
}

/// `--set KEY=V`: a metric book.toml declares, and a value its declaration accepts.
pub fn parse_metric(text: &str, metrics: &[Metric]) -> Result<(String, f64), String> {
    let Some((key, value)) = text.split_once('=') else {
        return Err(format!(
            "`--set {text}` must be METRIC=VALUE, like `--set sleep=7.5`"
        ));
    };
    let (key, value) = (key.trim(), value.trim());
    let Some(metric) = crate::config::metrics::find(metrics, key) else {
        let keys: Vec<&str> = metrics.iter().map(|m| m.key.as_str()).collect();
        let hint = match crate::content::validate::closest(key, &keys) {
            Some(k) => format!(" (did you mean `{k}`?)"),
            None if keys.is_empty() => " (declare it under [metrics] first)".to_owned(),
            None => format!(" (declared: {})", keys.join(", ")),
        };
        return Err(format!(
            "`--set {text}`: `{key}` is not a metric declared in book.toml{hint}"
        ));
    };
    let plain = !value.is_empty()
        && value
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == '-');
    match value.parse::<f64>() {
        Ok(v) if plain && metric.accepts(v) => Ok((metric.key.clone(), v)),
        _ => Err(format!(
            "`--set {text}`: `{key}` must be {}, found `{value}`",
            metric.bounds()
        )),
    }
}

/// A number of hours for `flag`, from 0 to 24.
pub fn parse_hours(text: &str, flag: &str) -> Result<f64, String> {
    let text = text.trim();
    let plain = !text.is_empty() && text.chars().all(|c| c.is_ascii_digit() || c == '.');
    match text.parse::<f64>() {
        Ok(h) if plain && (0.0..=24.0).contains(&h) => Ok(h),
        _ => Err(format!(
            "`{flag}` must be a number of hours from 0 to 24, like 1.5, found `{text}`"
        )),
    }
}

/// Records `request` in the day's entry under `content_dir`, or in a new
/// one; `journal` is what was read from it.
/// `metrics` are the declarations book.toml makes, which the result must
/// satisfy like any entry.
pub fn log(
    content_dir: &Path,
    journal: &Journal,
    metrics: &[Metric],
    request: &Request,
) -> Result<Logged, LogError> {
    let path = match &request.entry {
        Some(given) => Some(named_entry(content_dir, journal, request, given)?),
        None => {
            let day = day_entries(content_dir, journal, request.date);
            match day.as_slice() {
                [] => None,
                [one] => Some(one.clone()),
                several => {
                    let shown: Vec<String> = several.iter().map(|p| display_path(p)).collect();
                    return Err(LogError::Refused(format!(
                        "{} has {} entries ({}); say which one with --entry PATH",
                        request.date,
                        several.len(),
                        shown.join(", ")
                    )));
                }
            }
        }
    };
    match path {
        Some(path) => edit_entry(content_dir, metrics, &path, request),
        None => create(content_dir, metrics, journal, request),
    }
}

/// The entry `given` names: a Markdown file in the content folder, of the
/// day asked for when a day was.
fn named_entry(
    content_dir: &Path,
    journal: &Journal,
    request: &Request,
    given: &Path,
) -> Result<PathBuf, LogError> {
    let path = std::path::absolute(given).unwrap_or_else(|_| given.to_path_buf());
    let shown = given.display();
    let real = path
        .canonicalize()
        .map_err(|e| LogError::Refused(format!("cannot read --entry {shown}: {e}")))?;
    let inside = content_dir
        .canonicalize()
        .is_ok_and(|content| real.starts_with(content));
    let markdown = real.extension().is_some_and(|e| e == "md") && real.is_file();
    if !inside || !markdown {
        return Err(LogError::Refused(format!(
            "--entry {shown} is not an entry: give a .md file in {}",
            display_path(content_dir)
        )));
    }
    let dated = journal
        .entries
        .iter()
        .find(|e| e.source.canonicalize().is_ok_and(|s| s == real));
    if let Some(entry) = dated.filter(|e| request.date_given && e.date != request.date) {
        return Err(LogError::Refused(format!(
            "{shown} is the entry of {}, not of {}; leave out --date to log into it",
            entry.date, request.date
        )));
    }
    Ok(path)
}

/// The files of `date`: the valid entries of that day, and files with
/// errors whose name starts with it.
fn day_entries(content_dir: &Path, journal: &Journal, date: NaiveDate) -> Vec<PathBuf> {
    let valid = journal
        .entries
        .iter()
        .filter(|e| e.date == date)
        .map(|e| e.source.clone());
    let invalid = journal
        .invalid
        .iter()
        .map(|p| content_dir.join(p))
        .filter(|p| name_date(p) == Some(date));
    let mut paths: Vec<PathBuf> = valid.chain(invalid).collect();
    paths.sort();
    paths.dedup();
    paths
}

/// The date a file's name (or its folder's, for `index.md`) starts with.
pub(crate) fn name_date(path: &Path) -> Option<NaiveDate> {
    let name = match path.file_stem()?.to_str()? {
        "index" => path.parent()?.file_name()?.to_str()?,
        stem => stem,
    };
    parse_day(name.get(..10)?).ok()
}

/// Writes the day's entry, as `ebb new --no-edit` would, with the check-in.
fn create(
    content_dir: &Path,
    metrics: &[Metric],
    journal: &Journal,
    request: &Request,
) -> Result<Logged, LogError> {
    let entry = NewEntry {
        title: default_title(request.date),
        date: request.date,
        mode: request.mode.or_else(|| latest_mode(&journal.entries)),
        energy: None,
        tags: Vec::new(),
        // The metrics given are written by the edit below, in their place.
        metrics: Vec::new(),
    };
    let path = content_dir.join(entry.relative_path());
    let edited = edit(&entry.text(), &request.changes(false, metrics))
        .map_err(|r| LogError::Refused(format!("cannot write the new entry's check-in ({r:?})")))?;
    validated(content_dir, metrics, &path, &edited.text)?;
    if write_atomic(&path, edited.text.as_bytes(), false)? {
        Ok(Logged::Created(path))
    } else {
        Err(ScaffoldError::EntryExists(path).into())
    }
}

/// Edits the entry at `path` in place.
fn edit_entry(
    content_dir: &Path,
    metrics: &[Metric],
    path: &Path,
    request: &Request,
) -> Result<Logged, LogError> {
    let shown = display_path(path);
    let bytes = std::fs::read(path).map_err(|source| ScaffoldError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let unreadable = || LogError::Unreadable {
        path: path.to_path_buf(),
        diagnostics: errors(content_dir, metrics, path, &bytes),
    };
    let text = std::str::from_utf8(&bytes).map_err(|_| unreadable())?;
    let line = |line: usize| format!("{shown}:{line}");
    let edited = edit(text, &request.changes(true, metrics)).map_err(|refusal| match refusal {
        Refusal::Unreadable => unreadable(),
        Refusal::Recorded { line: at, written } => LogError::Refused(format!(
            "the {} check-in is already recorded in {} ({written}); add --replace to replace it",
            request.moment.key(),
            line(at)
        )),
        Refusal::OneScore { line: at, written } => LogError::Refused(format!(
            "{} has one energy score for the day (`energy: {written}`), not check-ins; \
             to log check-ins, write it as one first, like `energy: {{ {}: {written} }}` \
             for the time of day it was for",
            line(at),
            request.moment.key()
        )),
        Refusal::Shape { line: at, message } => {
            LogError::Refused(format!("cannot log into {}: {message}", line(at)))
        }
    })?;
    validated(content_dir, metrics, path, &edited.text)?;
    write_atomic(path, edited.text.as_bytes(), true)?;
    Ok(Logged::Edited {
        path: path.to_path_buf(),
        previous: edited.previous,
    })
}

/// The errors the validator finds in `bytes` as the file at `path`.
fn errors(content_dir: &Path, metrics: &[Metric], path: &Path, bytes: &[u8]) -> Vec<Diagnostic> {
    let display = display_path(path);
    let content_path = path
        .strip_prefix(content_dir)
        .map(|p| p.to_string_lossy().replace('\\', "/"))
        .unwrap_or_else(|_| display.clone());
    parse_entry(SourceFile {
        path,
        display: &display,
        content_path: &content_path,
        bytes,
        metrics,
    })
    .diagnostics
    .into_iter()
    .filter(Diagnostic::is_error)
    .collect()
}

/// Refuses a text that would not be a valid entry.
fn validated(
    content_dir: &Path,
    metrics: &[Metric],
    path: &Path,
    text: &str,
) -> Result<(), LogError> {
    let diagnostics = errors(content_dir, metrics, path, text.as_bytes());
    if diagnostics.is_empty() {
        Ok(())
    } else {
        Err(LogError::Invalid {
            path: path.to_path_buf(),
            diagnostics,
        })
    }
}

#[cfg(test)]
mod tests;
