//! From an entry file's bytes to a validated [`Entry`], reporting every problem
//! with the position of the offending key or value.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::date::{parse_date, parse_day};
use super::entry::{CheckIns, Energy, Entry, EntryTime, Level, Mode, Moment};
use super::frontmatter::{self, Node, NodeKind, key_text};
pub use super::keys::{ForeignHide, closest, foreign_hide, privacy_near_miss};
use crate::diagnostics::{Diagnostic, Pos, with_sources};
use crate::slug::{is_slug, slugify};

/// The most tags an entry may have. Every tag page shows the entry's card with
/// all its tags, so the site grows with the square of this number.
pub const MAX_TAGS: usize = 100;

/// The frontmatter keys ebb reads; any other key is kept under `extra`.
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

/// `text` without stray control characters.
pub fn strip_controls(text: &str) -> std::borrow::Cow<'_, str> {
    if text.chars().any(is_stray_control) {
        text.chars().filter(|&c| !is_stray_control(c)).collect()
    } else {
        text.into()
    }
}

/// Where the stray control characters of a body that starts on file line
/// `first_line` are, and which they are; at most a few, since one warning
/// makes the point.
fn control_characters(body: &str, first_line: usize) -> Vec<(Pos, char)> {
    if !body.chars().any(is_stray_control) {
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
    focus_hours: Option<f64>,
    meeting_hours: Option<f64>,
    hours_given: bool,
    tags: Vec<String>,
    tag_positions: Vec<Pos>,
    summary: Option<String>,
    draft: bool,
    private: bool,
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
                f.energy = self.energy(key, value);
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
            _ if self.foreign_hide_key(&name, key, value) => {}
            _ => {
                if let Some(target) = privacy_near_miss(&name) {
                    self.error(
                        key.pos,
                        format!(
                            "`{name}` looks like `{target}` but is not it; write `{target}: true` or `{target}: false` \
                             (a misspelt `{target}` could publish what you meant to keep back)"
                        ),
                    );
                } else {
                    if let Some(known) = closest(&name, KNOWN_KEYS) {
                        self.warning(
                            key.pos,
                            format!(
                                "unknown key `{name}`: did you mean `{known}`? (kept under `extra`)"
                            ),
                        );
                    }
                    f.extra.insert(name, value.to_json());
                }
            }
        }
    }

    /// Reports another tool's way of hiding a page (`published: false`):
    /// an error when it asks to hide, since ebb would publish the entry
    /// anyway, and a warning when it asks to show. Returns whether `name` was
    /// such a key.
    pub(super) fn foreign_hide_key(&mut self, name: &str, key: &Node, value: &Node) -> bool {
        let text = value.scalar().map(|s| s.text.as_str());
        let written = match text {
            Some(t) if !t.trim().is_empty() => format!("{name}: {}", t.trim()),
            _ => name.to_owned(),
        };
        match foreign_hide(name, text) {
            Some(ForeignHide::Hides) => self.error(
                key.pos,
                format!(
                    "`{written}` hides a page in other tools, but ebb does not read it, so this \
                     would be published; write `private: true` (for you alone) or `draft: true` \
                     (not ready yet) instead"
                ),
            ),
            Some(ForeignHide::Shows) => self.warning(
                key.pos,
                format!(
                    "`{written}` does nothing in ebb: entries are published unless they say \
                     `private: true` or `draft: true`; you can remove it"
                ),
            ),
            None => return false,
        }
        true
    }

    /// A scalar's text; a list or map is an error. Null gives `None` silently
    /// only when the caller treats it as absent.
    pub(super) fn text(&mut self, value: &Node, key: &str) -> Option<String> {
        match value.scalar() {
            Some(s) if s.is_null() => {
                self.error(value.pos, format!("`{key}` has no value"));
                None
            }
            Some(s) => Some(s.text.clone()),
            None => {
                self.error(
                    value.pos,
                    format!("`{key}` must be text, found {}", value.kind_name()),
                );
                None
            }
        }
    }

    pub(super) fn flag(&mut self, value: &Node, key: &str) -> bool {
        match value.scalar().and_then(|s| s.as_bool()) {
            Some(b) => b,
            None => {
                self.error(
                    value.pos,
                    format!("`{key}` must be true or false, found {}", describe(value)),
                );
                // An unreadable flag must never publish: treat it as set.
                true
            }
        }
    }

    fn hours(&mut self, value: &Node, key: &str) -> Option<f64> {
        if value.is_null() {
            return None;
        }
        match value.scalar().and_then(|s| s.as_f64()) {
            Some(h) if (0.0..=24.0).contains(&h) => Some(h),
            Some(_) => {
                self.error(
                    value.pos,
                    format!(
                        "`{key}` must be between 0 and 24 hours, found {}",
                        describe(value)
                    ),
                );
                None
            }
            None => {
                self.error(
                    value.pos,
                    format!(
                        "`{key}` must be a number of hours, found {}",
                        describe(value)
                    ),
                );
                None
            }
        }
    }

    fn level(&mut self, value: &Node, what: &str) -> Option<Level> {
        let scalar = value.scalar();
        if let Some(level) = scalar.and_then(|s| s.as_int()).and_then(Level::new) {
            return Some(level);
        }
        let detail = match scalar.and_then(|s| s.as_f64()) {
            Some(n) if n.is_finite() && n.fract() != 0.0 => "a whole number from 1 to 10",
            _ => "from 1 to 10",
        };
        self.error(
            value.pos,
            format!("{what} must be {detail}, found {}", describe(value)),
        );
        None
    }

    fn energy(&mut self, key: &Node, value: &Node) -> Option<Energy> {
        match &value.kind {
            NodeKind::Map(pairs) => {
                let mut check_ins = CheckIns {
                    morning: None,
                    midday: None,
                    evening: None,
                };
                let mut given = false;
                for (k, v) in pairs {
                    let name = key_text(k);
                    let Some(moment) = Moment::ALL.into_iter().find(|m| m.key() == name) else {
                        let hint = closest(&name, &["morning", "midday", "evening"])
                            .map(|c| format!(" (did you mean `{c}`?)"))
                            .unwrap_or_default();
                        self.error(
                            k.pos,
                            format!(
                                "unknown check-in `{name}`{hint}: use morning, midday and evening"
                            ),
                        );
                        continue;
                    };
                    given = true;
                    if v.is_null() {
                        self.warning(k.pos, format!("`{name}` check-in is empty (not recorded)"));
                        continue;
                    }
                    let level = self.level(v, &format!("the {name} check-in"));
                    match moment {
                        Moment::Morning => check_ins.morning = level,
                        Moment::Midday => check_ins.midday = level,
                        Moment::Evening => check_ins.evening = level,
                    }
                }
                if !given {
                    self.error(
                        value.pos,
                        "`energy` check-ins need at least one of morning, midday and evening",
                    );
                }
                check_ins
                    .recorded()
                    .next()
                    .is_some()
                    .then_some(Energy::CheckIns(check_ins))
            }
            _ if value.is_null() => {
                self.warning(key.pos, "`energy` is empty (not recorded)");
                None
            }
            NodeKind::Scalar(_) => self.level(value, "`energy`").map(Energy::Score),
            NodeKind::Seq(_) => {
                self.error(
                    value.pos,
                    "`energy` must be a number from 1 to 10, or check-ins like `{ morning: 7, midday: 5, evening: 4 }`",
                );
                None
            }
        }
    }

    /// Each tag once per slug, with where it is written.
    fn tags(&mut self, value: &Node) -> Vec<(String, Pos)> {
        let items = match &value.kind {
            NodeKind::Seq(items) => items,
            _ if value.is_null() => return Vec::new(),
            _ => {
                self.error(
                    value.pos,
                    format!(
                        "`tags` must be a list like `[deep-work, one-on-ones]`, found {}",
                        value.kind_name()
                    ),
                );
                return Vec::new();
            }
        };
        if items.len() > MAX_TAGS {
            self.error(
                value.pos,
                format!(
                    "an entry can have at most {MAX_TAGS} tags, found {}",
                    items.len()
                ),
            );
            return Vec::new();
        }
        let mut tags: Vec<(String, Pos)> = Vec::new();
        let mut slugs = std::collections::HashSet::new();
        for item in items {
            let Some(s) = item.scalar().filter(|s| !s.is_null()) else {
                self.error(
                    item.pos,
                    format!("each tag must be text, found {}", item.kind_name()),
                );
                continue;
            };
            let tag = s.text.trim().to_owned();
            let slug = slugify(&tag);
            if tag.is_empty() {
                self.error(item.pos, "a tag is empty: write a word or remove it");
            } else if slug.is_empty() {
                self.error(
                    item.pos,
                    format!("tag `{tag}` has no letters or digits, so it cannot have a URL"),
                );
            } else if slugs.insert(slug) {
                tags.push((tag, item.pos));
            }
        }
        tags
    }
}

/// Describes a value for a message: its text for scalars, its kind otherwise.
/// A quoted `"true"` or `"7"` says so, since quotes make it text.
fn describe(value: &Node) -> String {
    match value.scalar() {
        Some(s) if !s.is_null() => {
            let unquoted = frontmatter::Scalar {
                text: s.text.clone(),
                plain: true,
            };
            let typed = unquoted.as_bool().is_some() || unquoted.as_f64().is_some();
            if !s.plain && typed {
                format!("`{}` in quotes (quotes make it text; remove them)", s.text)
            } else {
                format!("`{}`", s.text)
            }
        }
        _ => value.kind_name().to_owned(),
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
mod tests {
    use super::*;

    fn parse(name: &str, text: &str) -> Parsed {
        parse_entry(SourceFile {
            path: Path::new(name),
            display: name,
            content_path: name,
            bytes: text.as_bytes(),
        })
    }

    fn errors(p: &Parsed) -> Vec<String> {
        p.diagnostics
            .iter()
            .filter(|d| d.is_error())
            .map(|d| format!("{}:{}: {}", d.line, d.column, d.message))
            .collect()
    }

    #[test]
    fn a_complete_entry() {
        let p = parse(
            "2024-03-14-Delegating the migration.md",
            "---\ntitle: Delegating\nmode: em\nenergy: { morning: 7, evening: 4 }\nfocus_hours: 1.5\nmeeting_hours: 5\ntags: [Deep Work, deep-work, 2024, no]\nsummary: One line\nmood: calm\n---\nBody\n",
        );
        assert!(p.diagnostics.is_empty(), "{:?}", p.diagnostics);
        let e = p.entry.unwrap();
        assert_eq!(e.slug, "delegating-the-migration");
        assert_eq!(e.date, NaiveDate::from_ymd_opt(2024, 3, 14).unwrap());
        assert_eq!(e.mode, Some(Mode::Em));
        assert_eq!(e.energy.unwrap().value(), 5.5);
        assert_eq!(e.tags, ["Deep Work", "2024", "no"]);
        assert_eq!(e.extra["mood"], "calm");
        assert_eq!(&*e.body, "Body\n");
        assert_eq!(e.body_line, 11);
    }

    #[test]
    fn every_error_in_one_entry_is_reported_at_its_value() {
        let p = parse(
            "x.md",
            "---\ntitle: T\ndate: 2024-02-30\nenergy: 11\nmode: CTO\nfocus_hours: -1\nmeeting_hours: 25\ntags: {a: 1}\n---\n",
        );
        assert_eq!(
            errors(&p),
            [
                "3:7: `2024-02-30` is not a calendar date",
                "4:9: `energy` must be from 1 to 10, found `11`",
                "5:7: `mode` must be IC or EM, found `CTO`",
                "6:14: `focus_hours` must be between 0 and 24 hours, found `-1`",
                "7:16: `meeting_hours` must be between 0 and 24 hours, found `25`",
                "8:7: `tags` must be a list like `[deep-work, one-on-ones]`, found a map",
            ]
        );
        assert!(p.entry.is_none());
    }

    #[test]
    fn energy_shapes() {
        let e = |v: &str| {
            errors(&parse(
                "2024-01-01.md",
                &format!("---\ntitle: T\nenergy: {v}\n---\n"),
            ))
        };
        assert_eq!(e("0"), ["3:9: `energy` must be from 1 to 10, found `0`"]);
        assert_eq!(
            e("7.5"),
            ["3:9: `energy` must be a whole number from 1 to 10, found `7.5`"]
        );
        assert_eq!(
            e("high"),
            ["3:9: `energy` must be from 1 to 10, found `high`"]
        );
        assert_eq!(
            e("{ morning: 12 }"),
            ["3:20: the morning check-in must be from 1 to 10, found `12`"]
        );
        assert_eq!(e("{ morning: 7, midday: }").len(), 0);
    }

    #[test]
    fn too_many_tags_and_empty_tags() {
        let many: Vec<String> = (0..=MAX_TAGS).map(|i| format!("t{i}")).collect();
        let p = parse(
            "2024-01-01.md",
            &format!("---\ntitle: T\ntags: [{}]\n---\n", many.join(", ")),
        );
        assert_eq!(
            errors(&p),
            [format!(
                "3:7: an entry can have at most {MAX_TAGS} tags, found {}",
                MAX_TAGS + 1
            )]
        );
        let p = parse(
            "2024-01-01.md",
            &format!("---\ntitle: T\ntags: [{}]\n---\n", many[1..].join(", ")),
        );
        assert_eq!(p.entry.unwrap().tags.len(), MAX_TAGS);
        let p = parse("2024-01-01.md", "---\ntitle: T\ntags: [\"  \", ok]\n---\n");
        assert_eq!(
            errors(&p),
            ["3:8: a tag is empty: write a word or remove it"]
        );
    }

    #[test]
    fn quoted_values_and_huge_numbers_are_described_as_they_are() {
        let p = parse(
            "2024-01-01.md",
            "---\ntitle: T\ndraft: \"true\"\nenergy: '7'\nfocus_hours: 1e309\n---\n",
        );
        assert_eq!(
            errors(&p),
            [
                "3:8: `draft` must be true or false, found `true` in quotes (quotes make it text; remove them)",
                "4:9: `energy` must be from 1 to 10, found `7` in quotes (quotes make it text; remove them)",
                "5:14: `focus_hours` must be between 0 and 24 hours, found `1e309`",
            ]
        );
        let p = parse("2024-01-01.md", "---\ntitle: T\nenergy: 1e309\n---\n");
        assert_eq!(
            errors(&p),
            ["3:9: `energy` must be from 1 to 10, found `1e309`"]
        );
    }

    #[test]
    fn control_characters_are_dropped_and_reported() {
        let p = parse(
            "2024-01-01.md",
            "---\ntitle: Bell\u{7} here\nmode: IC\nenergy: 5\n---\nA\u{8}B \u{1b}[1mbold\r\nnext\u{9b}\n",
        );
        let e = p.entry.as_ref().expect("entry");
        assert_eq!(e.title, "Bell here");
        assert_eq!(&*e.body, "AB [1mbold\nnext\n");
        let warnings: Vec<String> = p
            .diagnostics
            .iter()
            .map(|d| format!("{}:{}: {}", d.line, d.column, d.message))
            .collect();
        assert_eq!(
            warnings,
            [
                "6:2: control character U+0008 is left out of the site (most editors do not show it)",
                "6:5: control character U+001B is left out of the site (most editors do not show it)",
                "7:5: control character U+009B is left out of the site (most editors do not show it)",
            ]
        );
    }

    #[test]
    fn lone_carriage_returns_end_lines() {
        let p = parse("2024-01-02-a.md", "---\rtitle: T\renergy: 0\r---\rBody\r");
        assert_eq!(
            errors(&p),
            ["3:9: `energy` must be from 1 to 10, found `0`"]
        );
    }

    #[test]
    fn tag_positions_follow_the_kept_tags() {
        let p = parse(
            "2024-01-01.md",
            "---\ntitle: T\ntags: [Deep Work, deep-work, walk]\n---\n",
        );
        assert_eq!(p.tag_positions, [Pos::new(3, 8), Pos::new(3, 30)]);
        assert_eq!(p.entry.unwrap().tags, ["Deep Work", "walk"]);
    }

    #[test]
    fn crlf_and_bom_are_accepted() {
        let p = parse(
            "2024-01-02-a.md",
            "\u{feff}---\r\ntitle: T\r\nenergy: 0\r\n---\r\nBody\r\n",
        );
        assert_eq!(
            errors(&p),
            ["3:9: `energy` must be from 1 to 10, found `0`"]
        );
    }

    #[test]
    fn privacy_typos_are_errors() {
        for key in [
            "privte",
            "Private",
            "is_private",
            "drafts",
            "Draft",
            "isDraft",
        ] {
            let p = parse(
                "2024-01-01.md",
                &format!("---\ntitle: T\n{key}: true\n---\n"),
            );
            assert_eq!(errors(&p).len(), 1, "{key}");
        }
        assert_eq!(privacy_near_miss("date"), None);
        assert_eq!(privacy_near_miss("mood"), None);
        let p = parse("2024-01-01.md", "---\ntitle: T\nprivate: yes\n---\n");
        assert_eq!(
            errors(&p),
            ["3:10: `private` must be true or false, found `yes`"]
        );
    }

    #[test]
    fn slugs_from_file_names() {
        let slug = |name: &str, title: &str| {
            parse(
                name,
                &format!("---\ntitle: {title}\ndate: 2024-01-01\n---\n"),
            )
            .entry
            .map(|e| e.slug.clone())
        };
        assert_eq!(
            slug("2024-03-14.md", "Hello There"),
            Some("hello-there".into())
        );
        assert_eq!(
            slug("a/2024-04-02-offsite/index.md", "X"),
            Some("offsite".into())
        );
        assert_eq!(slug("notes_on_Q1.md", "X"), Some("notes-on-q1".into()));
    }

    #[test]
    fn missing_title_and_unclosed_frontmatter() {
        assert_eq!(
            errors(&parse("2024-01-01.md", "---\nenergy: 5\n---\n")),
            ["1:1: missing `title`: every entry needs a title"]
        );
        assert_eq!(errors(&parse("a.md", "---\ntitle: T\n")).len(), 1);
    }

    #[test]
    fn non_utf8_is_located() {
        let p = parse_entry(SourceFile {
            path: Path::new("a.md"),
            display: "a.md",
            content_path: "a.md",
            bytes: b"---\ntitle: caf\xe9\n---\n",
        });
        assert_eq!(
            errors(&p),
            ["2:11: file is not valid UTF-8 (byte 0xE9); save it as UTF-8"]
        );
    }
}
