//! A new entry (`ebb new`): which day it is for, its file name, and its
//! frontmatter with every field ready to fill in.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{Datelike, Duration, NaiveDate, Weekday};

use super::{ScaffoldError, write_new, yaml_scalar};
use crate::content::date::parse_day;
use crate::content::{Entry, Level, Mode};
use crate::slug::slugify;

/// What `ebb new` writes.
#[derive(Debug, Clone, PartialEq)]
pub struct NewEntry {
    /// The title as given; the slug is made from it.
    pub title: String,
    /// The day the entry is for.
    pub date: NaiveDate,
    /// The role; `None` writes `IC` for the writer to check.
    pub mode: Option<Mode>,
    /// One score for the day; `None` leaves three check-ins to fill in.
    pub energy: Option<Level>,
    /// Tags as given, one per slug.
    pub tags: Vec<String>,
    /// The metrics book.toml declares, in order: the key, the value given
    /// (`--set`) or none for a line to fill in, and what the metric is.
    pub metrics: Vec<(String, Option<f64>, String)>,
}

impl NewEntry {
    /// The entry's slug, from its title.
    pub fn slug(&self) -> String {
        slugify(&self.title)
    }

    /// Where the entry goes inside the content folder: `YYYY/YYYY-MM-DD-slug.md`.
    pub fn relative_path(&self) -> PathBuf {
        let year = self.date.format("%Y");
        PathBuf::from(format!("{year}/{}-{}.md", self.date, self.slug()))
    }

    /// The file: complete frontmatter, empty values where the writer fills in.
    pub fn text(&self) -> String {
        let mode = self.mode.unwrap_or(Mode::Ic);
        let energy = match self.energy {
            Some(level) => format!("energy: {}\n", level.get()),
            None => {
                "energy:                 # 1 to 10 at each check-in, or one score: `energy: 6`\n  \
                     morning:\n  midday:\n  evening:\n"
                    .to_owned()
            }
        };
        let tags: Vec<String> = self.tags.iter().map(|t| yaml_scalar(t)).collect();
        let metrics: String = self
            .metrics
            .iter()
            .map(|(key, value, about)| match value {
                Some(v) => format!("{key}: {v}\n"),
                None => format!("{:<24}# {about}\n", format!("{key}:")),
            })
            .collect();
        format!(
            "---\n\
             title: {title}\n\
             date: {date}\n\
             mode: {mode}                # IC or EM\n\
             {energy}\
             focus_hours:            # hours of focused work\n\
             meeting_hours:          # hours in meetings\n\
             {metrics}\
             tags: [{tags}]\n\
             # summary: one line for lists and feeds\n\
             ---\n\n",
            title = yaml_scalar(&self.title),
            date = self.date,
            tags = tags.join(", "),
        )
    }
}

/// The day `spec` names, seen from `today`: `today`, `yesterday`, a weekday
/// name (its latest occurrence, today included) or `YYYY-MM-DD`.
pub fn parse_day_spec(spec: &str, today: NaiveDate) -> Result<NaiveDate, String> {
    let spec = spec.trim();
    match spec.to_lowercase().as_str() {
        "today" => return Ok(today),
        "yesterday" => return Ok(today - Duration::days(1)),
        "tomorrow" => return Ok(today + Duration::days(1)),
        _ => {}
    }
    if let Ok(weekday) = spec.parse::<Weekday>() {
        let back =
            (7 + today.weekday().num_days_from_monday() - weekday.num_days_from_monday()) % 7;
        return Ok(today - Duration::days(i64::from(back)));
    }
    parse_day(spec).map_err(|e| {
        e.unwrap_or_else(|| {
            // `2026/11/05` and `2026.11.05` mean a day too: say how to write it.
            let dashed = spec.replace(['/', '.'], "-");
            let hint = if parse_day(&dashed).is_ok() {
                format!(" (write {dashed})")
            } else {
                String::new()
            };
            format!(
                "`--date` must be today, yesterday, tomorrow, a weekday name or YYYY-MM-DD, found `{spec}`{hint}"
            )
        })
    })
}

/// The title of an entry given none: its weekday, like `Tuesday`.
pub fn default_title(date: NaiveDate) -> String {
    date.format("%A").to_string()
}

/// `IC` or `EM`, in any case.
pub fn parse_mode(text: &str) -> Result<Mode, String> {
    match text.trim().to_ascii_lowercase().as_str() {
        "ic" => Ok(Mode::Ic),
        "em" => Ok(Mode::Em),
        _ => Err(format!("`--mode` must be IC or EM, found `{text}`")),
    }
}

/// An energy score: a whole number from 1 to 10.
pub fn parse_energy(text: &str) -> Result<Level, String> {
    let text = text.trim();
    text.parse::<i64>()
        .ok()
        .and_then(Level::new)
        .ok_or_else(|| format!("`--energy` must be a whole number from 1 to 10, found `{text}`"))
}

/// Comma-separated tags, each with letters or digits, once per slug.
pub fn parse_tags(text: &str) -> Result<Vec<String>, String> {
    let mut tags: Vec<String> = Vec::new();
    for tag in text.split(',').map(str::trim).filter(|t| !t.is_empty()) {
        let slug = slugify(tag);
        if slug.is_empty() {
            return Err(format!(
                "tag `{tag}` has no letters or digits, so it cannot have a URL"
            ));
        }
        if !tags.iter().any(|t| slugify(t) == slug) {
            tags.push(tag.to_owned());
        }
    }
    Ok(tags)
}

/// The mode of the latest entry that has one (`entries` in journal order).
pub fn latest_mode(entries: &[Arc<Entry>]) -> Option<Mode> {
    entries.iter().rev().find_map(|e| e.mode)
}

/// The entry `ebb new` opens instead of writing `entry`: the file it would
/// write, else an entry of that day with that slug, else (when the writer
/// gave no title, `titled` false) the day's only entry. A day with several
/// entries and no title given is refused: which one is meant is unclear.
pub fn existing_entry(
    content_dir: &Path,
    entry: &NewEntry,
    titled: bool,
    existing: &[Arc<Entry>],
) -> Result<Option<PathBuf>, ScaffoldError> {
    let slug = entry.slug();
    let path = content_dir.join(entry.relative_path());
    if !slug.is_empty() && path.is_file() {
        return Ok(Some(path));
    }
    let day: Vec<&Arc<Entry>> = existing.iter().filter(|e| e.date == entry.date).collect();
    if let Some(same) = day.iter().find(|e| e.slug == slug) {
        return Ok(Some(same.source.clone()));
    }
    match day.as_slice() {
        _ if titled => Ok(None),
        [] => Ok(None),
        [one] => Ok(Some(one.source.clone())),
        several => {
            let paths: Vec<&str> = several.iter().map(|e| e.display_path.as_str()).collect();
            Err(ScaffoldError::Invalid(format!(
                "{} has {} entries ({}); open one of them, or give a title to write another",
                entry.date,
                several.len(),
                paths.join(", ")
            )))
        }
    }
}

/// Writes `entry` into `content_dir`, refusing when its file exists or another
/// entry has its date and slug. Returns the path written.
pub fn create_entry(
    content_dir: &Path,
    entry: &NewEntry,
    existing: &[Arc<Entry>],
) -> Result<PathBuf, ScaffoldError> {
    let slug = entry.slug();
    if slug.is_empty() {
        return Err(ScaffoldError::Invalid(format!(
            "cannot make a file name from the title `{}`; give it some letters or digits",
            entry.title
        )));
    }
    let path = content_dir.join(entry.relative_path());
    if let Some(other) = existing
        .iter()
        .find(|e| e.date == entry.date && e.slug == slug && e.source != path)
    {
        return Err(ScaffoldError::SameUrl {
            existing: other.display_path.clone(),
            date: entry.date,
            slug,
        });
    }
    if write_new(&path, &entry.text())? {
        Ok(path)
    } else {
        Err(ScaffoldError::EntryExists(path))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::validate::{SourceFile, parse_entry};

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn day_specs() {
        let thursday = day(2024, 3, 14);
        let at = |s: &str| parse_day_spec(s, thursday);
        assert_eq!(at("today"), Ok(thursday));
        assert_eq!(at("Yesterday"), Ok(day(2024, 3, 13)));
        assert_eq!(at("thursday"), Ok(thursday), "today counts");
        assert_eq!(at("Tue"), Ok(day(2024, 3, 12)));
        assert_eq!(at("friday"), Ok(day(2024, 3, 8)));
        assert_eq!(at("2024-02-29"), Ok(day(2024, 2, 29)));
        assert_eq!(
            at("2023-02-29"),
            Err("`2023-02-29` is not a calendar date".into())
        );
        assert_eq!(at("Tomorrow"), Ok(day(2024, 3, 15)));
        assert!(at("soon").unwrap_err().contains("found `soon`"));
        assert!(
            at("2026/11/05")
                .unwrap_err()
                .ends_with("found `2026/11/05` (write 2026-11-05)")
        );
    }

    #[test]
    fn flags() {
        assert_eq!(parse_mode("em"), Ok(Mode::Em));
        assert!(parse_mode("cto").is_err());
        assert_eq!(parse_energy("10").map(Level::get), Ok(10));
        assert_eq!(
            parse_energy("11"),
            Err("`--energy` must be a whole number from 1 to 10, found `11`".into())
        );
        assert_eq!(
            parse_energy("7.5"),
            Err("`--energy` must be a whole number from 1 to 10, found `7.5`".into())
        );
        assert_eq!(
            parse_tags("Deep Work, deep-work,,hiring"),
            Ok(vec!["Deep Work".to_owned(), "hiring".to_owned()])
        );
        assert!(parse_tags("ok, !!!").is_err());
        assert_eq!(default_title(day(2024, 3, 12)), "Tuesday");
    }

    fn check(entry: &NewEntry) -> (Option<Entry>, Vec<String>) {
        let text = entry.text();
        let name = entry.relative_path();
        let parsed = parse_entry(SourceFile {
            path: &name,
            display: "x.md",
            content_path: "x.md",
            bytes: text.as_bytes(),
            metrics: &[],
        });
        let found = parsed
            .diagnostics
            .iter()
            .map(|d| format!("{:?}: {}", d.severity, d.message))
            .collect();
        (parsed.entry.map(|e| (*e).clone()), found)
    }

    #[test]
    fn a_new_entry_validates_with_empty_check_ins_as_warnings() {
        let entry = NewEntry {
            title: "Q3: planning".into(),
            date: day(2024, 3, 14),
            mode: None,
            energy: None,
            tags: vec!["one-on-ones".into(), "C++".into()],
            metrics: Vec::new(),
        };
        assert_eq!(
            entry.relative_path(),
            Path::new("2024/2024-03-14-q3-planning.md")
        );
        let (parsed, found) = check(&entry);
        assert_eq!(
            found,
            [
                "Warning: `morning` check-in is empty (not recorded)",
                "Warning: `midday` check-in is empty (not recorded)",
                "Warning: `evening` check-in is empty (not recorded)",
            ]
        );
        let parsed = parsed.unwrap();
        assert_eq!(parsed.title, "Q3: planning");
        assert_eq!(parsed.slug, "q3-planning");
        assert_eq!(parsed.mode, Some(Mode::Ic));
        assert_eq!(parsed.tags, ["one-on-ones", "C++"]);
        assert_eq!((parsed.focus_hours, parsed.energy), (None, None));
    }

    #[test]
    fn a_new_entry_with_a_score_has_no_problem() {
        let entry = NewEntry {
            title: "Tuesday".into(),
            date: day(2024, 3, 12),
            mode: Some(Mode::Em),
            energy: Level::new(4),
            tags: Vec::new(),
            metrics: Vec::new(),
        };
        let (parsed, found) = check(&entry);
        assert!(found.is_empty(), "{found:?}");
        let parsed = parsed.unwrap();
        assert_eq!(parsed.mode, Some(Mode::Em));
        assert_eq!(parsed.energy.map(|e| e.value()), Some(4.0));
    }

    #[test]
    fn create_entry_never_overwrites() {
        let dir = tempfile::tempdir().unwrap();
        let entry = NewEntry {
            title: "Tuesday".into(),
            date: day(2024, 3, 12),
            mode: None,
            energy: None,
            tags: Vec::new(),
            metrics: Vec::new(),
        };
        let path = create_entry(dir.path(), &entry, &[]).unwrap();
        assert_eq!(path, dir.path().join("2024/2024-03-12-tuesday.md"));
        std::fs::write(&path, "mine").unwrap();
        let again = create_entry(dir.path(), &entry, &[]);
        assert!(matches!(again, Err(ScaffoldError::EntryExists(_))));
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "mine");
        let nameless = NewEntry {
            title: "!!!".into(),
            ..entry
        };
        assert!(create_entry(dir.path(), &nameless, &[]).is_err());
    }
}
