//! From book.toml's text to a [`Config`]: the TOML parser's tree, in which
//! every key and value keeps its span, checked key by key. Every problem is
//! collected, at the span the parser gave for what it is about.

use std::borrow::Cow;
use std::num::IntErrorKind;
use std::path::Path;

use serde_json::Value as Json;
use toml::Spanned;
use toml::de::{DeInteger, DeTable, DeValue};

use super::{Config, check_base_url, normalize_base_url};
use crate::content::validate::closest;
use crate::diagnostics::{Diagnostic, Diagnostics, Pos, with_sources};

mod metrics;

/// The sections of book.toml and the keys each one takes.
const SCHEMA: &[(&str, &[&str])] = &[
    ("book", &["title", "authors", "description", "language"]),
    ("build", &["build-dir", "content-dir", "cache-dir"]),
    ("site", &["base-url", "theme", "page-size"]),
    ("markdown", &["highlight-theme", "highlight-theme-dark"]),
    ("feed", &["limit"]),
    (
        "journal",
        &[
            "workday-hours",
            "deep-work-hours",
            "midday-from",
            "evening-from",
        ],
    ),
    ("metrics", &[]),
    ("extra", &[]),
];

/// A key as the parser read it, with the span of its name.
type Key<'i> = Spanned<Cow<'i, str>>;
/// A value as the parser read it, with its span.
type Value<'i> = Spanned<DeValue<'i>>;

/// Reads book.toml `text` for a journal at `root`; `display` names the file
/// in diagnostics.
pub(super) fn read(root: &Path, display: &str, text: &str) -> Result<Config, Diagnostics> {
    let (doc, syntax_errors) = DeTable::parse_recoverable(text);
    let mut reader = Reader {
        display,
        lines: Lines::new(text),
        errors: Vec::new(),
    };
    // One mistake often throws the parser off for the rest of its line, so
    // only the first error of each line is worth reading.
    let mut syntax: Vec<(usize, &str)> = syntax_errors
        .iter()
        .map(|e| (e.span().map_or(0, |s| s.start), e.message().trim()))
        .collect();
    syntax.sort_unstable();
    let mut last_line = 0;
    for (at, message) in syntax {
        let line = reader.lines.pos(at).line;
        if line != last_line {
            last_line = line;
            reader.error(at, format!("invalid TOML: {message}"));
        }
    }
    // After a syntax error the tree holds what the parser could recover;
    // checking it would report guesses, so only the syntax is reported.
    let config = if syntax_errors.is_empty() {
        reader.config(root, doc.get_ref())
    } else {
        None
    };
    match config {
        Some(c) if reader.errors.is_empty() => Ok(c),
        _ => {
            let mut problems = Diagnostics::default();
            problems.extend(with_sources(reader.errors, text));
            problems.sort();
            Err(problems)
        }
    }
}

struct Reader<'a> {
    display: &'a str,
    lines: Lines<'a>,
    errors: Vec<Diagnostic>,
}

impl Reader<'_> {
    /// An error at byte `offset` of the file.
    fn error(&mut self, offset: usize, message: String) {
        let pos = self.lines.pos(offset);
        self.errors
            .push(Diagnostic::error(self.display, pos, message));
    }

    /// An error at `value`: `key` in `[section]` must be `expected`.
    fn wrong(&mut self, value: &Value, section: &str, key: &str, expected: &str) {
        self.error(
            value.span().start,
            format!("`{key}` in [{section}] must be {expected}"),
        );
    }

    fn config(&mut self, root: &Path, doc: &DeTable<'_>) -> Option<Config> {
        self.check_names(doc);
        let get = |section: &str, key: &str| table(doc, section)?.get(key);

        let title = match get("book", "title") {
            Some(v) => self.text(v, "book", "title"),
            None => {
                let at = doc
                    .get_key_value("book")
                    .map_or(0, |(k, v)| section_start(k, v));
                self.error(
                    at,
                    "missing `title` in [book]: add `[book]` and `title = \"My journal\"`"
                        .to_owned(),
                );
                None
            }
        };
        let mut c = Config::with_defaults(root, title.as_deref().unwrap_or(""));
        if let Some(v) = get("book", "authors") {
            c.authors = self.names(v).unwrap_or_default();
        }
        if let Some(v) = get("book", "description") {
            c.description = self.text(v, "book", "description");
        }
        if let Some(v) = get("book", "language") {
            c.language = self.text(v, "book", "language").unwrap_or(c.language);
        }
        if let Some(v) = get("build", "build-dir") {
            if let Some(dir) = self.text(v, "build", "build-dir") {
                c.build_dir = root.join(dir);
            }
        }
        if let Some(v) = get("build", "content-dir") {
            if let Some(dir) = self.text(v, "build", "content-dir") {
                c.content_dir = root.join(dir);
            }
        }
        if let Some(v) = get("build", "cache-dir") {
            if let Some(dir) = self.text(v, "build", "cache-dir") {
                c.cache_dir = root.join(dir);
            }
        }
        if let Some(v) = get("site", "base-url") {
            c.base_url = self.base_url(v);
        }
        if let Some(v) = get("site", "theme") {
            c.theme = self.theme(v, root).unwrap_or(c.theme);
        }
        if let Some(v) = get("site", "page-size") {
            c.page_size = self.count(v, "site", "page-size").unwrap_or(c.page_size);
        }
        if let Some(v) = get("markdown", "highlight-theme") {
            c.highlight_theme = self
                .highlight_theme(v, "highlight-theme")
                .unwrap_or(c.highlight_theme);
        }
        if let Some(v) = get("markdown", "highlight-theme-dark") {
            c.highlight_theme_dark = self
                .highlight_theme(v, "highlight-theme-dark")
                .unwrap_or(c.highlight_theme_dark);
        }
        if let Some(v) = get("feed", "limit") {
            c.feed_limit = self.count(v, "feed", "limit").unwrap_or(c.feed_limit);
        }
        self.journal(&mut c, |key| get("journal", key));
        if let Some(metrics) = table(doc, "metrics") {
            c.metrics = self.metrics(metrics);
        }
        if let Some(v) = doc.get("extra") {
            c.extra = self.json(v);
        }
        title.map(|_| c)
    }

    /// Reports each section and key that book.toml does not take, and each
    /// section that is not a table.
    fn check_names(&mut self, doc: &DeTable<'_>) {
        for (name, value) in doc {
            let at = section_start(name, value);
            let Some((_, keys)) = SCHEMA.iter().find(|(s, _)| s == name.get_ref()) else {
                let names: Vec<&str> = SCHEMA.iter().map(|(s, _)| *s).collect();
                let hint = suggestion(name.get_ref(), &names);
                self.error(at, format!("unknown section `{name}`{hint}"));
                continue;
            };
            let Some(inner) = value.get_ref().as_table() else {
                self.error(at, format!("`{name}` must be a section (`[{name}]`)"));
                continue;
            };
            // `[extra]` is free-form; `[metrics]` is read key by key.
            if matches!(name.get_ref().as_ref(), "extra" | "metrics") {
                continue;
            }
            for key in inner.keys() {
                if !keys.contains(&key.get_ref().as_ref()) {
                    let hint = suggestion(key.get_ref(), keys);
                    self.error(
                        key.span().start,
                        format!("unknown key `{key}` in [{name}]{hint}"),
                    );
                }
            }
        }
    }

    fn text(&mut self, v: &Value, section: &str, key: &str) -> Option<String> {
        match v.get_ref().as_str() {
            Some(s) if !s.trim().is_empty() => Some(s.to_owned()),
            Some(_) => {
                self.wrong(v, section, key, "non-empty text");
                None
            }
            None => {
                self.wrong(v, section, key, "text in quotes");
                None
            }
        }
    }

    /// `authors`: a list of text, reported at the first item that is not.
    fn names(&mut self, v: &Value) -> Option<Vec<String>> {
        let expected = "a list of names, like [\"Ada\"]";
        let Some(items) = v.get_ref().as_array() else {
            self.wrong(v, "book", "authors", expected);
            return None;
        };
        let mut names = Vec::with_capacity(items.len());
        for item in items {
            match item.get_ref().as_str() {
                Some(name) => names.push(name.to_owned()),
                None => {
                    self.wrong(item, "book", "authors", expected);
                    return None;
                }
            }
        }
        Some(names)
    }

    /// `[journal]`: hours within a day, and the times that part it, in order.
    fn journal<'t, 'i: 't>(&mut self, c: &mut Config, get: impl Fn(&str) -> Option<&'t Value<'i>>) {
        let j = &mut c.journal;
        let workday = get("workday-hours").and_then(|v| self.day_hours(v, "workday-hours"));
        let deep = get("deep-work-hours").and_then(|v| self.day_hours(v, "deep-work-hours"));
        j.workday_hours = workday.unwrap_or(j.workday_hours);
        if let (Some(deep), Some(v)) = (deep, get("deep-work-hours")) {
            if deep > j.workday_hours {
                self.error(
                    v.span().start,
                    format!(
                        "`deep-work-hours` in [journal] must be at most `workday-hours` ({}), found {}",
                        j.workday_hours, deep
                    ),
                );
            } else {
                j.deep_work_hours = deep;
            }
        }
        let midday = get("midday-from").and_then(|v| self.time_of_day(v, "midday-from"));
        let evening = get("evening-from").and_then(|v| self.time_of_day(v, "evening-from"));
        j.midday_from = midday.unwrap_or(j.midday_from);
        if let (Some(evening), Some(v)) = (evening, get("evening-from")) {
            if evening <= j.midday_from {
                self.error(
                    v.span().start,
                    format!(
                        "`evening-from` in [journal] must be later than `midday-from` ({}), found \"{}\"",
                        j.midday_from.format("%H:%M"),
                        evening.format("%H:%M")
                    ),
                );
            } else {
                j.evening_from = evening;
            }
        } else if midday.is_some() && j.evening_from <= j.midday_from {
            let at = get("midday-from").map_or(0, |v| v.span().start);
            self.error(
                at,
                format!(
                    "`midday-from` in [journal] must be earlier than `evening-from` ({}), found \"{}\"",
                    j.evening_from.format("%H:%M"),
                    j.midday_from.format("%H:%M")
                ),
            );
        }
    }

    /// A number of hours within a day: above 0, at most 24.
    fn day_hours(&mut self, v: &Value, key: &str) -> Option<f64> {
        let n = match v.get_ref() {
            DeValue::Integer(i) => self.integer(i, v).map(|n| n as f64),
            DeValue::Float(f) => f.as_str().replace('_', "").parse::<f64>().ok(),
            _ => None,
        };
        match n {
            Some(h) if h > 0.0 && h <= 24.0 => Some(h),
            _ => {
                self.wrong(
                    v,
                    "journal",
                    key,
                    "a number of hours above 0 and at most 24",
                );
                None
            }
        }
    }

    /// A time of day, `"HH:MM"` (or a TOML local time, `11:00:00`).
    fn time_of_day(&mut self, v: &Value, key: &str) -> Option<chrono::NaiveTime> {
        let text = match v.get_ref() {
            DeValue::String(s) => Some(s.trim().to_owned()),
            DeValue::Datetime(d) if d.date.is_none() && d.offset.is_none() => Some(d.to_string()),
            _ => None,
        };
        let parse = |t: &str| {
            chrono::NaiveTime::parse_from_str(t, "%H:%M")
                .or_else(|_| chrono::NaiveTime::parse_from_str(t, "%H:%M:%S"))
                .ok()
        };
        match text.as_deref().and_then(parse) {
            Some(t) => Some(t),
            None => {
                self.wrong(v, "journal", key, "a time of day in quotes, like \"11:00\"");
                None
            }
        }
    }

    fn count(&mut self, v: &Value, section: &str, key: &str) -> Option<usize> {
        let n = match v.get_ref() {
            DeValue::Integer(i) => self.integer(i, v)?,
            _ => 0,
        };
        match usize::try_from(n) {
            Ok(n) if n >= 1 => Some(n),
            _ => {
                self.wrong(v, section, key, "a whole number of at least 1");
                None
            }
        }
    }

    /// An integer as 64 bits, the range TOML promises.
    fn integer(&mut self, i: &DeInteger<'_>, v: &Value) -> Option<i64> {
        match i64::from_str_radix(i.as_str(), i.radix()) {
            Ok(n) => Some(n),
            Err(e) => {
                let why = match e.kind() {
                    IntErrorKind::PosOverflow | IntErrorKind::NegOverflow => {
                        "does not fit in 64 bits"
                    }
                    _ => "is not a number",
                };
                self.error(v.span().start, format!("invalid TOML: integer `{i}` {why}"));
                None
            }
        }
    }

    fn base_url(&mut self, v: &Value) -> Option<String> {
        let url = self.text(v, "site", "base-url")?;
        match check_base_url(&url) {
            Ok(()) => Some(normalize_base_url(&url)),
            Err(why) => {
                self.error(
                    v.span().start,
                    format!("`base-url` in [site] {why}, found `{url}`"),
                );
                None
            }
        }
    }

    /// `theme`: `default` or the name of a folder in `root/themes/`.
    fn theme(&mut self, v: &Value, root: &Path) -> Option<String> {
        let name = self.text(v, "site", "theme")?;
        let plain = !name.contains(['/', '\\']) && !name.starts_with('.');
        let why = if !plain {
            format!("`theme` in [site] must be the name of a folder in themes/, found `{name}`")
        } else if !Config::theme_exists(root, &name) {
            format!("theme `{name}` not found: expected a folder themes/{name}")
        } else {
            return Some(name);
        };
        self.error(v.span().start, why);
        None
    }

    fn highlight_theme(&mut self, v: &Value, key: &str) -> Option<String> {
        let name = self.text(v, "markdown", key)?;
        let known = crate::highlight::theme_names();
        if known.contains(&name.as_str()) {
            return Some(name);
        }
        let hint = suggestion(&name, &known);
        self.error(
            v.span().start,
            format!(
                "unknown highlight theme `{name}`{hint}; known: {}",
                known.join(", ")
            ),
        );
        None
    }

    /// `[extra]` and what it holds, for templates. A date or time becomes
    /// its text as written in TOML.
    fn json(&mut self, v: &Value) -> Json {
        match v.get_ref() {
            DeValue::String(s) => Json::String(s.to_string()),
            DeValue::Integer(i) => self.integer(i, v).map_or(Json::Null, Json::from),
            DeValue::Float(f) => match f.as_str().parse::<f64>() {
                Ok(x) if x.is_infinite() && !f.as_str().contains("inf") => {
                    self.error(
                        v.span().start,
                        "invalid TOML: floating-point number overflowed".to_owned(),
                    );
                    Json::Null
                }
                Ok(x) => serde_json::Number::from_f64(x).map_or(Json::Null, Json::Number),
                Err(_) => Json::Null,
            },
            DeValue::Boolean(b) => Json::Bool(*b),
            DeValue::Datetime(d) => Json::String(d.to_string()),
            DeValue::Array(items) => Json::Array(items.iter().map(|x| self.json(x)).collect()),
            DeValue::Table(t) => Json::Object(
                t.iter()
                    .map(|(k, x)| (k.get_ref().to_string(), self.json(x)))
                    .collect(),
            ),
        }
    }
}

/// A section of the document, when it is a table.
fn table<'t, 'i>(doc: &'t DeTable<'i>, name: &str) -> Option<&'t DeTable<'i>> {
    doc.get(name)?.get_ref().as_table()
}

/// Where a section is written: its `[header]`, or its name when it is set
/// with `name = ...` or a dotted key.
fn section_start(name: &Key, value: &Value) -> usize {
    name.span().start.min(value.span().start)
}

fn suggestion(word: &str, known: &[&str]) -> String {
    closest(word, known)
        .map(|k| format!("; did you mean `{k}`?"))
        .unwrap_or_default()
}

/// Where each line of a text starts, so that each of many byte offsets
/// finds its line without reading the text from its start again.
struct Lines<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> Lines<'a> {
    fn new(text: &'a str) -> Lines<'a> {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Lines { text, starts }
    }

    fn pos(&self, offset: usize) -> Pos {
        let index = self
            .starts
            .partition_point(|&start| start <= offset)
            .saturating_sub(1);
        let start = self.starts.get(index).copied().unwrap_or(0);
        let line = self.text.get(start..).unwrap_or_default();
        Pos::new(
            index + 1,
            Pos::of_offset(line, offset.saturating_sub(start)).col,
        )
    }
}
