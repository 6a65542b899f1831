//! `[metrics]`: measures of the writer's own (`sleep`, `one_on_ones`),
//! declared in book.toml and recorded in entries like `energy`.

use crate::content::keys::{foreign_hide, privacy_near_miss};

/// Which way a metric is better, for how charts colour it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Better {
    Higher,
    Lower,
}

/// One `[metrics.<key>]` declaration.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Metric {
    /// The frontmatter key, in snake_case.
    pub key: String,
    /// Shown in pages; the key when not given.
    pub label: String,
    /// Shown after values (`h`), if any.
    pub unit: Option<String>,
    pub min: f64,
    pub max: f64,
    /// Whole numbers only.
    pub integer: bool,
    pub better: Better,
}

impl Metric {
    /// A value as pages write it, with its unit: `7.5 h`, `3`.
    pub fn show(&self, value: f64) -> String {
        let number = crate::numbers::compact(value);
        match &self.unit {
            Some(unit) => format!("{number} {unit}"),
            None => number,
        }
    }

    /// The bounds in words, for messages and the schema: `from 0 to 12`.
    pub fn bounds(&self) -> String {
        let kind = if self.integer {
            "a whole number"
        } else {
            "a number"
        };
        format!("{kind} from {} to {}", plain(self.min), plain(self.max))
    }

    /// Whether `value` may be recorded: within the bounds, and whole if it
    /// must be.
    pub fn accepts(&self, value: f64) -> bool {
        value.is_finite()
            && value >= self.min
            && value <= self.max
            && (!self.integer || value.fract() == 0.0)
    }
}

/// A bound as written: `0`, `12`, `0.5`.
fn plain(v: f64) -> String {
    format!("{v}")
}

/// The metric declared under `key`.
pub fn find<'m>(metrics: &'m [Metric], key: &str) -> Option<&'m Metric> {
    metrics.iter().find(|m| m.key == key)
}

/// Why `key` cannot name a metric, if it cannot: it would be read as one of
/// ebb's own frontmatter keys, a check-in, another tool's hide key, a near
/// miss of `private`/`draft` (which fails every entry that uses it), or a
/// column that `ebb import csv` already reads.
pub fn reserved(key: &str) -> Option<String> {
    const CHECK_IN_KEYS: &[&str] = &["morning", "midday", "evening", "score", "note"];
    if crate::content::validate::KNOWN_KEYS.contains(&key) {
        return Some(format!("`{key}` is a frontmatter key of ebb's"));
    }
    if CHECK_IN_KEYS.contains(&key) {
        return Some(format!("`{key}` is a check-in key"));
    }
    if foreign_hide(key, None).is_some() {
        return Some(format!(
            "`{key}` is a key other tools read to hide a page, which ebb refuses in entries"
        ));
    }
    if let Some(target) = privacy_near_miss(key) {
        return Some(format!(
            "`{key}` looks like `{target}`, which ebb refuses in entries"
        ));
    }
    if crate::import::sheet_reads(key) {
        return Some(format!("`{key}` is a column `ebb import csv` reads"));
    }
    None
}

/// Whether `key` is snake_case: lowercase ASCII letters, digits and `_`,
/// starting with a letter.
pub fn is_snake_case(key: &str) -> bool {
    key.starts_with(|c: char| c.is_ascii_lowercase())
        && key
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}
