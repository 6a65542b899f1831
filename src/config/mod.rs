//! `book.toml`: the journal's configuration, read strictly. Unknown keys
//! outside `[extra]` are errors that name the closest known key.

pub mod metrics;
mod read;

use std::path::{Path, PathBuf};

use chrono::NaiveTime;

use crate::content::Moment;
use crate::diagnostics::{Diagnostic, Diagnostics, Pos, display_path};
pub use metrics::{Better, Metric};

/// The configuration of one journal, with every default filled in.
#[derive(Debug, Clone)]
pub struct Config {
    /// The journal root: the folder holding book.toml.
    pub root: PathBuf,
    pub title: String,
    pub authors: Vec<String>,
    pub description: Option<String>,
    pub language: String,
    /// Absolute output folder.
    pub build_dir: PathBuf,
    /// Absolute content folder.
    pub content_dir: PathBuf,
    /// Absolute folder of the build cache (`[build] cache-dir`).
    pub cache_dir: PathBuf,
    /// The public URL of the site, always ending in `/`, if given.
    pub base_url: Option<String>,
    pub theme: String,
    pub page_size: usize,
    pub highlight_theme: String,
    pub highlight_theme_dark: String,
    pub feed_limit: usize,
    /// `[journal]`: the writer's working day.
    pub journal: JournalSettings,
    /// `[metrics]`: the writer's own measures, in the order book.toml declares them.
    pub metrics: Vec<Metric>,
    /// `[extra]`, for templates.
    pub extra: serde_json::Value,
}

/// `[journal]`: how long a working day is, and when its check-ins fall.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct JournalSettings {
    /// Hours in a working day (slack = workday - focus - meetings).
    pub workday_hours: f64,
    /// The day's deep-work capacity in hours; days above it are flagged.
    pub deep_work_hours: f64,
    /// `ebb log` without a slot: before this time, the morning check-in.
    pub midday_from: NaiveTime,
    /// From this time on, the evening check-in (between the two, midday).
    pub evening_from: NaiveTime,
}

impl Default for JournalSettings {
    fn default() -> JournalSettings {
        let at = |h| NaiveTime::from_hms_opt(h, 0, 0).unwrap_or(NaiveTime::MIN);
        JournalSettings {
            workday_hours: 8.0,
            deep_work_hours: 4.0,
            midday_from: at(11),
            evening_from: at(16),
        }
    }
}

impl JournalSettings {
    /// The check-in a time of day falls in.
    pub fn moment_at(&self, time: NaiveTime) -> Moment {
        if time < self.midday_from {
            Moment::Morning
        } else if time < self.evening_from {
            Moment::Midday
        } else {
            Moment::Evening
        }
    }
}

impl Config {
    /// The file name of the configuration.
    pub const FILE: &'static str = "book.toml";

    /// A configuration with every default, for a journal at `root`.
    pub fn with_defaults(root: &Path, title: &str) -> Config {
        Config {
            root: root.to_path_buf(),
            title: title.to_owned(),
            authors: Vec::new(),
            description: None,
            language: "en".to_owned(),
            build_dir: root.join("public"),
            content_dir: root.join("content"),
            cache_dir: root.join(".ebb-cache"),
            base_url: None,
            theme: "default".to_owned(),
            page_size: 20,
            highlight_theme: "InspiredGitHub".to_owned(),
            highlight_theme_dark: "base16-ocean.dark".to_owned(),
            feed_limit: 20,
            journal: JournalSettings::default(),
            metrics: Vec::new(),
            extra: serde_json::Value::Object(Default::default()),
        }
    }

    /// Reads `root/book.toml`, reporting every problem in it.
    pub fn load(root: &Path) -> Result<Config, Diagnostics> {
        let path = root.join(Self::FILE);
        let display = display_path(&path);
        let fail = |pos: Pos, message: String| {
            let mut d = Diagnostics::default();
            d.push(Diagnostic::error(&display, pos, message));
            d
        };
        let bytes =
            std::fs::read(&path).map_err(|e| fail(Pos::START, format!("cannot read: {e}")))?;
        let text = String::from_utf8(bytes).map_err(|e| {
            let bytes = e.as_bytes();
            let at = e.utf8_error().valid_up_to();
            let valid = std::str::from_utf8(&bytes[..at]).unwrap_or_default();
            fail(
                Pos::of_offset(valid, valid.len()),
                format!(
                    "file is not valid UTF-8 (byte 0x{:02X}); save it as UTF-8",
                    bytes[at]
                ),
            )
        })?;
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
        Self::parse(root, &display, text)
    }

    /// Parses book.toml text for a journal at `root`, reporting every
    /// problem at the position the TOML parser gives for it.
    pub fn parse(root: &Path, display: &str, text: &str) -> Result<Config, Diagnostics> {
        read::read(root, display, text)
    }

    /// The folder of theme `name` in the journal at `root`: `themes/<name>/`.
    /// It must exist for any theme but `default`, which is built in.
    pub fn theme_dir(root: &Path, name: &str) -> PathBuf {
        root.join("themes").join(name)
    }

    /// Whether theme `name` can be found for the journal at `root`.
    pub fn theme_exists(root: &Path, name: &str) -> bool {
        name == "default" || Config::theme_dir(root, name).is_dir()
    }

    /// The path part of the base URL (`/notes/` for `https://ada.example/notes/`), or `/`.
    pub fn base_path(&self) -> String {
        let Some(url) = &self.base_url else {
            return "/".to_owned();
        };
        let after_scheme = url.split_once("://").map_or(url.as_str(), |(_, rest)| rest);
        let path = if url.contains("://") {
            after_scheme.find('/').map_or("/", |i| &after_scheme[i..])
        } else {
            after_scheme
        };
        let trimmed = path.trim_matches('/');
        if trimmed.is_empty() {
            "/".to_owned()
        } else {
            format!("/{trimmed}/")
        }
    }
}

impl Config {
    /// The absolute URL of a site path (`/notes/x/`), when the base URL is
    /// known; else the path itself.
    pub fn absolute(&self, path: &str) -> String {
        match &self.base_url {
            Some(url) => {
                let origin = match url.split_once("://") {
                    Some((scheme, rest)) => {
                        let host = rest.split('/').next().unwrap_or(rest);
                        format!("{scheme}://{host}")
                    }
                    None => String::new(),
                };
                format!("{origin}{path}")
            }
            None => path.to_owned(),
        }
    }
}

/// Why `url` cannot be a site's base URL, if it cannot: it must be an
/// absolute `http` or `https` URL with a host, and nothing that would need
/// escaping in a link (spaces, quotes, `<`, `>`), a query or a fragment.
pub fn check_base_url(url: &str) -> Result<(), &'static str> {
    let url = url.trim();
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or("must start with https:// or http://, like \"https://example.org/journal/\"")?;
    let host = rest.split('/').next().unwrap_or("");
    if host.is_empty() {
        return Err("must name a host after the scheme, like \"https://example.org/\"");
    }
    let odd = |c: char| c.is_whitespace() || c.is_control() || "\"'<>\\`{}|^?#".contains(c);
    if url.chars().any(odd) {
        return Err(
            "must be a plain URL: no spaces, quotes, `<`, `>`, `\\`, query (`?`) or fragment (`#`)",
        );
    }
    Ok(())
}

/// Normalises a base URL to end in exactly one `/`.
pub fn normalize_base_url(url: &str) -> String {
    format!("{}/", url.trim().trim_end_matches('/'))
}

#[cfg(test)]
mod tests;
