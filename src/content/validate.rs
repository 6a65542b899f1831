//! From an entry file's bytes to a validated [`Entry`], reporting every problem
//! with the position of the offending key or value.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::date::{parse_date, parse_day};
use super::entry::{Activity, CheckIns, Energy, Entry, EntryTime, Level, Mode, Moment};
use super::frontmatter::{self, Node, NodeKind, key_text};
pub use super::keys::{ForeignHide, closest, foreign_hide, privacy_near_miss};
use crate::config::Metric;
use crate::diagnostics::{Diagnostic, Pos, with_sources};
use crate::slug::{is_slug, slugify};

mod values;

/// The most tags an entry may have. Every tag page shows the entry's card with
/// all its tags, so the site grows with the square of this number.
pub const MAX_TAGS: usize = 100;

/// The frontmatter keys ebb reads; any other key is kept under `extra`. The
/// first seven are in the order `ebb new` writes them, which `ebb log`
/// follows when it adds one.
pub const KNOWN_KEYS: &[&str] = &[
    "title",
    "slug",
    "date",
    "mode",
    "energy",
    "focus_hours",
    "meeting_hours",
    "tags",
    "summary",
    "draft",
    "private",
];

/// An entry file as read from disk.
#[derive(Debug, Clone, Copy)]
pub struct SourceFile<'a> {
    pub path: &'a Path,
    /// The path as shown in messages.
    pub display: &'a str,
    /// The path inside the content folder, `/`-separated.
    pub content_path: &'a str,
    pub bytes: &'a [u8],
    /// The metrics book.toml declares: keys read as numbers, not `extra`.
    pub metrics: &'a [Metric],
}

/// The outcome of reading one entry: the entry when it is valid, and every problem found.
#[derive(Debug, Default, Clone)]
pub struct Parsed {
    /// Shared, so a file read once is reused by every rebuild without a copy.
    pub entry: Option<std::sync::Arc<Entry>>,
    /// Where each of the entry's tags is written, in the order of `entry.tags`.
    pub tag_positions: Vec<Pos>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Reads and validates one entry file. Never panics, whatever the bytes.
pub fn parse_entry(file: SourceFile<'_>) -> Parsed {
    let text = match std::str::from_utf8(file.bytes) {
        Ok(t) => t,
        Err(e) => {
            let valid = &file.bytes[..e.valid_up_to()];
            let valid = std::str::from_utf8(valid).unwrap_or_default();
            let pos = Pos::of_offset(valid, valid.len());
            let bad = file.bytes[e.valid_up_to()];
            return Parsed {
                diagnostics: vec![Diagnostic::error(
                    file.display,
                    pos,
                    format!("file is not valid UTF-8 (byte 0x{bad:02X}); save it as UTF-8"),
                )],
                ..Parsed::default()
            };
        }
    };
    let text = normalize(text);
    let mut checker = Checker {
        file,
        diagnostics: Vec::new(),
    };
    let (entry, tag_positions) = checker.entry(&text).unzip();
    let diagnostics = with_sources(checker.diagnostics, &text);
    Parsed {
        entry: entry.map(std::sync::Arc::new),
        tag_positions: tag_positions.unwrap_or_default(),
        diagnostics,
    }
}

/// Strips a UTF-8 BOM and turns CRLF line endings, and lone CRs (old Mac
/// files), into LF (lines and columns stay as an editor shows them).
pub fn normalize(text: &str) -> String {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text.to_owned()
    }
}

/// A control character other than tab and line feed: pasted from a terminal
/// or a PDF, it would reach pages unseen, so the site leaves it out.
fn is_stray_control(c: char) -> bool {
    c.is_control() && !matches!(c, '\t' | '\n')
}

/// Whether `text` holds a stray control character: what
/// `text.chars().any(is_stray_control)` says, read byte by byte (C0 and DEL
/// are single bytes, C1 is `0xC2` then `0x80..=0x9F`), as every body is.
fn has_stray_control(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.iter().enumerate().any(|(i, &b)| {
        (b < 0x20 && b != b'\t' && b != b'\n')
            || b == 0x7f
            || (b == 0xc2 && bytes.get(i + 1).is_some_and(|n| (0x80..=0x9f).contains(n)))
    })
}

/// `text` without stray control characters.
pub fn strip_controls(text: &str) -> std::borrow::Cow<'_, str> {
    if has_stray_control(text) {
        text.chars().filter(|&c| !is_stray_control(c)).collect()
    } else {
        text.into()
    }
}

/// Where the stray control characters of a body that starts on file line
/// `first_line` are, and which they are; at most a few, since one warning
/// makes the point.
fn control_characters(body: &str, first_line: usize) -> Vec<(Pos, char)> {
    if !has_stray_control(body) {
        return Vec::new();
    }
    let mut found = Vec::new();
    for (i, line) in body.lines().enumerate() {
        for (col, c) in line.chars().enumerate() {
            if is_stray_control(c) && found.len() < 5 {
                found.push((Pos::new(first_line + i, col + 1), c));
            }
        }
    }
    found
}

/// Reads one file's frontmatter, collecting every problem.
pub(super) struct Checker<'a> {
    pub(super) file: SourceFile<'a>,
    pub(super) diagnostics: Vec<Diagnostic>,
}

/// The fields read so far, before the checks that need several of them.
#[derive(Default)]
struct Fields {
    title: Option<String>,
    slug: Option<(String, Pos)>,
    date: Option<(NaiveDate, Option<EntryTime>)>,
    date_given: bool,
    /// Where the `date` value is written.
    date_pos: Option<Pos>,
    mode: Option<Mode>,
    mode_given: bool,
    energy: Option<Energy>,
    energy_given: bool,
    activities: [Activity; 3],
    /// Tags written with check-ins, with where each is.
    check_in_tags: Vec<(String, Pos)>,
    focus_hours: Option<f64>,
    meeting_hours: Option<f64>,
    hours_given: bool,
    tags: Vec<String>,
    tag_positions: Vec<Pos>,
    summary: Option<String>,
    draft: bool,
    private: bool,
    metrics: BTreeMap<String, f64>,
    extra: BTreeMap<String, serde_json::Value>,
}

impl Checker<'_> {
    pub(super) fn error(&mut self, pos: Pos, message: impl Into<String>) {
        self.diagnostics
            .push(Diagnostic::error(self.file.display, pos, message));
    }

    pub(super) fn warning(&mut self, pos: Pos, message: impl Into<String>) {
        self.diagnostics
            .push(Diagnostic::warning(self.file.display, pos, message));
    }

    /// The entry, and where each of its tags is written.
    fn entry(&mut self, text: &str) -> Option<(Entry, Vec<Pos>)> {
        let split = match frontmatter::split(text) {
            Ok(s) => s,
            Err(e) => {
                self.error(e.pos, e.message);
                return None;
            }
        };
        let root = match frontmatter::parse(split.yaml, split.yaml_line) {
            Ok(r) => r,
            Err(e) => {
                self.error(e.pos, e.message);
                return None;
            }
        };
        let NodeKind::Map(pairs) = &root.kind else {
            return None;
        };
        let mut f = Fields::default();
        for (key, value) in pairs {
            self.field(&mut f, key, value);
        }

        let file_name = FileName::of(self.file.path);
        let top = Pos::START;
        if f.title.is_none() && !pairs.iter().any(|(k, _)| key_text(k) == "title") {
            self.error(top, "missing `title`: every entry needs a title");
        }
        if !f.date_given {
            match &file_name.date {
                Some(Ok(d)) => f.date = Some((*d, None)),
                Some(Err(prefix)) => self.error(
                    top,
                    format!("no `date`, and the file name's `{prefix}` is not a calendar date"),
                ),
                None => self.error(
                    top,
                    "missing `date`: add `date: YYYY-MM-DD`, or start the file name with the date",
                ),
            }
        }
        for (pos, c) in control_characters(split.body, split.body_line) {
            self.warning(
                pos,
                format!(
                    "control character U+{:04X} is left out of the site (most editors do not show it)",
                    u32::from(c)
                ),
            );
        }
        let body = strip_controls(split.body);
        let title = strip_controls(&f.title.take()?).into_owned();
        let slug = match f.slug.take() {
            Some((s, _)) => s,
            None => {
                let from_name = slugify(&file_name.rest);
                if from_name.is_empty() {
                    slugify(&title)
                } else {
                    from_name
                }
            }
        };
        if slug.is_empty() {
            self.error(
                top,
                "cannot make a URL slug from the file name or the title; add `slug: some-words`",
            );
        }
        if let (Some((written, _)), Some(Ok(named)), Some(pos)) =
            (f.date, &file_name.date, f.date_pos)
            && written != *named
        {
            self.warning(
                pos,
                format!(
                    "`date` is {written} but the file name says {named}; the `date` wins \
                     (rename the file, or fix the date)"
                ),
            );
        }
        self.missing_figures(&f);
        // Check-in tags are the entry's tags too, after its own.
        let mut slugs: std::collections::HashSet<String> =
            f.tags.iter().map(|t| slugify(t)).collect();
        for (tag, pos) in std::mem::take(&mut f.check_in_tags) {
            if slugs.insert(slugify(&tag)) {
                f.tags.push(tag);
                f.tag_positions.push(pos);
            }
        }
        if f.tags.len() > MAX_TAGS {
            self.error(
                Pos::START,
                format!(
                    "an entry can have at most {MAX_TAGS} tags with its check-ins', found {}",
                    f.tags.len()
                ),
            );
        }
        if self.diagnostics.iter().any(Diagnostic::is_error) {
            return None;
        }
        let (date, time) = f.date?;
        let dir = crate::urls::entry_dir(date, &slug);
        let entry = Entry {
            date_pos: f.date_pos.unwrap_or(Pos::START),
            dir,
            source: self.file.path.to_path_buf(),
            display_path: self.file.display.to_owned(),
            content_path: self.file.content_path.to_owned(),
            title,
            slug,
            date,
            time,
            mode: f.mode,
            energy: f.energy,
            activities: f.activities,
            focus_hours: f.focus_hours,
            meeting_hours: f.meeting_hours,
            tag_slugs: f.tags.iter().map(|t| slugify(t)).collect(),
            tags: f
                .tags
                .iter()
                .map(|t| strip_controls(t).into_owned())
                .collect(),
            summary: f
                .summary
                .map(|s| strip_controls(&s).into_owned())
                .or_else(|| crate::markdown::summary_of(&body)),
            draft: f.draft,
            private: f.private,
            metrics: f.metrics,
            extra: f.extra,
            body_hash: crate::hash::hash_bytes(body.as_bytes()),
            body: body.into(),
            body_line: split.body_line,
            assets: Vec::<PathBuf>::new(),
        };
        Some((entry, f.tag_positions))
    }

    /// Tells the writer what an entry without `mode` or `energy` is left out
    /// of. An entry that records no figure at all is a reflection, a normal
    /// thing to write: a note, not a warning. A `mode` or `energy` that was
    /// written but is wrong has its own error, and is not "missing" too.
    fn missing_figures(&mut self, f: &Fields) {
        let no_mode = f.mode.is_none() && !f.mode_given;
        let no_energy = f.energy.is_none() && !f.energy_given;
        let missing = match (no_mode, no_energy) {
            (true, true) => "`mode` or `energy`",
            (true, false) => "`mode`",
            (false, true) => "`energy`",
            (false, false) => return,
        };
        let no_figures = no_mode
            && no_energy
            && f.focus_hours.is_none()
            && f.meeting_hours.is_none()
            && !f.hours_given;
        if no_figures {
            self.diagnostics.push(Diagnostic::note(
                self.file.display,
                Pos::START,
                "no `mode`, `energy` or hours: a reflection, left out of the figures",
            ));
        } else {
            self.warning(
                Pos::START,
                format!("no {missing}: this entry is left out of the figures that need it"),
            );
        }
    }

    fn field(&mut self, f: &mut Fields, key: &Node, value: &Node) {
        let name = key_text(key);
        match name.as_str() {
            "title" => match self.text(value, "title") {
                Some(t) if !t.trim().is_empty() => f.title = Some(t.trim().to_owned()),
                Some(_) => self.error(value.pos, "`title` is empty"),
                None => {}
            },
            "slug" => {
                if let Some(s) = self.text(value, "slug") {
                    if is_slug(&s) {
                        f.slug = Some((s, value.pos));
                    } else {
                        let suggestion = slugify(&s);
                        let hint = if suggestion.is_empty() {
                            String::new()
                        } else {
                            format!(" (like `{suggestion}`)")
                        };
                        self.error(
                            value.pos,
                            format!("`slug` must be lowercase ASCII words joined by `-`{hint}, found `{s}`"),
                        );
                    }
                }
            }
            "date" => {
                f.date_given = true;
                f.date_pos = Some(value.pos);
                if let Some(s) = self.text(value, "date") {
                    match parse_date(s.trim()) {
                        Ok(d) => f.date = Some(d),
                        Err(message) => self.error(value.pos, message),
                    }
                }
            }
            "mode" => {
                f.mode_given = true;
                if let Some(s) = self.text(value, "mode") {
                    match s.trim().to_ascii_lowercase().as_str() {
                        "ic" => f.mode = Some(Mode::Ic),
                        "em" => f.mode = Some(Mode::Em),
                        _ => self.error(value.pos, format!("`mode` must be IC or EM, found `{s}`")),
                    }
                }
            }
            "energy" => {
                f.energy_given = true;
                self.energy(key, value, f);
            }
            "focus_hours" => {
                f.hours_given = true;
                f.focus_hours = self.hours(value, "focus_hours");
            }
            "meeting_hours" => {
                f.hours_given = true;
                f.meeting_hours = self.hours(value, "meeting_hours");
            }
            "tags" => (f.tags, f.tag_positions) = self.tags(value).into_iter().unzip(),
            "summary" => {
                f.summary = self
                    .text(value, "summary")
                    .map(|s| s.trim().to_owned())
                    .filter(|s| !s.is_empty());
            }
            "draft" => f.draft = self.flag(value, "draft"),
            "private" => f.private = self.flag(value, "private"),
            _ if crate::config::metrics::find(self.file.metrics, &name).is_some() => {
                let metrics = self.file.metrics;
                let value = crate::config::metrics::find(metrics, &name)
                    .and_then(|metric| self.metric(value, metric));
                if let Some(v) = value {
                    f.metrics.insert(name, v);
                }
            }
            _ => {
                // A near miss of a declared metric is named like one of ebb's keys.
                let mut known = KNOWN_KEYS.to_vec();
                known.extend(self.file.metrics.iter().map(|m| m.key.as_str()));
                self.other_key(name, key, value, &known, &mut f.extra);
            }
        }
    }

    /// A key ebb does not read: another tool's hide key or a near miss of
    /// `private`/`draft` is an error; anything else is kept under `extra`,
    /// with a warning when it looks like a typo of one of `known`.
    pub(super) fn other_key(
        &mut self,
        name: String,
        key: &Node,
        value: &Node,
        known: &[&str],
        extra: &mut BTreeMap<String, serde_json::Value>,
    ) {
        if self.foreign_hide_key(&name, key, value) {
            return;
        }
        if let Some(target) = privacy_near_miss(&name) {
            self.error(
                key.pos,
                format!(
                    "`{name}` looks like `{target}` but is not it; write `{target}: true` or `{target}: false` \
                     (a misspelt `{target}` could publish what you meant to keep back)"
                ),
            );
            return;
        }
        if let Some(close) = closest(&name, known) {
            self.warning(
                key.pos,
                format!("unknown key `{name}`: did you mean `{close}`? (kept under `extra`)"),
            );
        }
        extra.insert(name, value.to_json());
    }

    /// Reads `file` with `read`, which checks its normalised text; the
    /// diagnostics carry their source lines.
    pub(super) fn read_file<T>(
        file: SourceFile<'_>,
        read: impl FnOnce(&mut Checker<'_>, &str) -> Option<T>,
    ) -> (Option<T>, Vec<Diagnostic>) {
        let Ok(text) = std::str::from_utf8(file.bytes) else {
            let parsed = parse_entry(file);
            return (None, parsed.diagnostics);
        };
        let text = normalize(text);
        let mut checker = Checker {
            file,
            diagnostics: Vec::new(),
        };
        let found = read(&mut checker, &text);
        let diagnostics = with_sources(checker.diagnostics, &text);
        (found, diagnostics)
    }
}

/// What an entry's file name says: a date prefix (if any) and the rest.
struct FileName {
    date: Option<Result<NaiveDate, String>>,
    rest: String,
}

impl FileName {
    /// Reads `2024-03-14-some-title.md`, or the folder name for `index.md`.
    fn of(path: &Path) -> FileName {
        let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned());
        let name = match stem.as_deref() {
            Some("index") => path
                .parent()
                .and_then(Path::file_name)
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default(),
            _ => stem.unwrap_or_default(),
        };
        match name.get(..10).map(parse_day) {
            Some(Ok(date)) => FileName {
                date: Some(Ok(date)),
                rest: name[10..].to_owned(),
            },
            Some(Err(Some(_))) => FileName {
                date: Some(Err(name[..10].to_owned())),
                rest: name[10..].to_owned(),
            },
            _ => FileName {
                date: None,
                rest: name,
            },
        }
    }
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod controls {
    use super::*;

    #[test]
    fn stray_controls_read_by_bytes_as_by_characters() {
        for text in [
            "plain text\twith a tab\nand a line",
            "a bell \u{7}",
            "a carriage return \r",
            "delete \u{7f}",
            "C1 \u{85} next line",
            "C1 \u{9f}",
            "not C1: \u{a0} \u{c2} \u{100} é 日本 🙂",
            "\u{80}",
            "",
        ] {
            assert_eq!(
                has_stray_control(text),
                text.chars().any(is_stray_control),
                "{text:?}"
            );
        }
    }
}
