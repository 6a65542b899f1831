//! A validated journal entry: what an entry file means once its frontmatter
//! has been checked. Invalid states cannot be built from outside `validate`.

use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;

use chrono::{FixedOffset, NaiveDate, NaiveTime};
use serde::Serialize;

/// The role a day was worked in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Mode {
    /// Individual contributor.
    #[serde(rename = "IC")]
    Ic,
    /// Engineering manager.
    #[serde(rename = "EM")]
    Em,
}

impl Mode {
    /// Both modes, IC first.
    pub const ALL: [Mode; 2] = [Mode::Ic, Mode::Em];

    /// Its place in per-mode arrays: IC 0, EM 1 (the order of [`Mode::ALL`]).
    pub fn index(self) -> usize {
        match self {
            Mode::Ic => 0,
            Mode::Em => 1,
        }
    }

    /// `IC` or `EM`.
    pub fn label(self) -> &'static str {
        match self {
            Mode::Ic => "IC",
            Mode::Em => "EM",
        }
    }

    /// `ic` or `em`, as in `/modes/ic/`.
    pub fn slug(self) -> &'static str {
        match self {
            Mode::Ic => "ic",
            Mode::Em => "em",
        }
    }
}

impl fmt::Display for Mode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// An energy score, always within 1..=10.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct Level(u8);

impl Level {
    /// A level, if `value` is within 1..=10.
    pub fn new(value: i64) -> Option<Level> {
        (1..=10).contains(&value).then_some(Level(value as u8))
    }

    /// The score.
    pub fn get(self) -> u8 {
        self.0
    }
}

/// The three times of day a check-in can be recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Moment {
    Morning,
    Midday,
    Evening,
}

impl Moment {
    /// In the order of a day.
    pub const ALL: [Moment; 3] = [Moment::Morning, Moment::Midday, Moment::Evening];

    /// The frontmatter key.
    pub fn key(self) -> &'static str {
        match self {
            Moment::Morning => "morning",
            Moment::Midday => "midday",
            Moment::Evening => "evening",
        }
    }
}

impl Moment {
    /// Its place in per-moment arrays, in the order of the day.
    pub fn index(self) -> usize {
        self as usize
    }
}

/// What a check-in says besides its score: what the writer did in the hours
/// before it (`midday: { score: 4, tags: [incident], note: "paged at 10" }`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize)]
pub struct Activity {
    /// Tags as written, once per slug; they are the entry's tags too.
    pub tags: Vec<String>,
    pub note: Option<String>,
}

impl Activity {
    /// Whether nothing was written besides the score.
    pub fn is_empty(&self) -> bool {
        self.tags.is_empty() && self.note.is_none()
    }
}

/// Energy check-ins of one entry; at least one is present.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct CheckIns {
    pub morning: Option<Level>,
    pub midday: Option<Level>,
    pub evening: Option<Level>,
}

impl CheckIns {
    /// The check-in at `moment`, if recorded.
    pub fn get(&self, moment: Moment) -> Option<Level> {
        match moment {
            Moment::Morning => self.morning,
            Moment::Midday => self.midday,
            Moment::Evening => self.evening,
        }
    }

    /// The recorded check-ins, in the order of the day.
    pub fn recorded(&self) -> impl Iterator<Item = (Moment, Level)> + '_ {
        Moment::ALL
            .into_iter()
            .filter_map(|m| self.get(m).map(|l| (m, l)))
    }
}

/// How an entry records energy: one score for the day, or check-ins.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(untagged)]
pub enum Energy {
    Score(Level),
    CheckIns(CheckIns),
}

impl Energy {
    /// The entry's energy: the score, or the mean of the recorded check-ins.
    pub fn value(&self) -> f64 {
        match self {
            Energy::Score(l) => f64::from(l.get()),
            Energy::CheckIns(c) => {
                let (sum, n) = c.recorded().fold((0.0, 0.0), |(s, n), (_, l)| {
                    (s + f64::from(l.get()), n + 1.0)
                });
                sum / n
            }
        }
    }

    /// The check-ins, if the entry has them.
    pub fn check_ins(&self) -> Option<&CheckIns> {
        match self {
            Energy::CheckIns(c) => Some(c),
            Energy::Score(_) => None,
        }
    }
}

/// The time of an entry given as an RFC 3339 datetime, kept as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct EntryTime {
    /// The writer's local time of day.
    pub time: NaiveTime,
    /// The offset written with it; `None` for a local time without one.
    pub offset: Option<FixedOffset>,
}

/// A journal entry, validated.
#[derive(Debug, Clone)]
pub struct Entry {
    /// The file on disk.
    pub source: PathBuf,
    /// The file as shown in messages.
    pub display_path: String,
    /// The path inside the content folder, with `/` separators (`2024/x.md`).
    pub content_path: String,
    pub title: String,
    pub slug: String,
    /// The writer's calendar day.
    pub date: NaiveDate,
    /// Where `date` is written (the file's start when the file name gives it).
    pub date_pos: crate::diagnostics::Pos,
    pub time: Option<EntryTime>,
    pub mode: Option<Mode>,
    pub energy: Option<Energy>,
    /// What each check-in says it followed, by [`Moment::index`]; empty for
    /// a single score and for plain check-ins.
    pub activities: [Activity; 3],
    pub focus_hours: Option<f64>,
    pub meeting_hours: Option<f64>,
    /// Tags as written, one per slug.
    pub tags: Vec<String>,
    /// The slug of each tag, in the order of `tags`.
    pub tag_slugs: Vec<String>,
    /// The folder of its page inside the site: `YYYY/MM/DD/slug/`.
    pub dir: String,
    pub summary: Option<String>,
    pub draft: bool,
    pub private: bool,
    /// The values of the metrics book.toml declares, by key.
    pub metrics: BTreeMap<String, f64>,
    /// Frontmatter keys that ebb does not know, for templates.
    pub extra: BTreeMap<String, serde_json::Value>,
    /// The Markdown body.
    /// Shared, so entries cached by `serve` are cheap to hand out again,
    /// and those a cached build keeps are not copied out of the cache file.
    pub body: crate::text::Text,
    /// A hash of `body`, made once when the file is read: `serve` keys its
    /// caches by it on every rebuild.
    pub body_hash: u64,
    /// The file line on which the body starts.
    pub body_line: usize,
    /// Files beside an `index.md` entry, copied next to its page.
    pub assets: Vec<PathBuf>,
}

impl Entry {
    /// How entries sort within the journal: by day, date-only entries first,
    /// then by time of day, then by slug.
    pub fn sort_key(&self) -> (NaiveDate, Option<NaiveTime>, &str) {
        (self.date, self.time.map(|t| t.time), &self.slug)
    }

    /// Is this entry part of a site built with these visibility options?
    pub fn is_visible(&self, visibility: Visibility) -> bool {
        visibility.shows(self.private, self.draft)
    }
}

/// Which non-public entries a build includes. The default is a public build.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Visibility {
    pub drafts: bool,
    pub private: bool,
}

impl Visibility {
    /// The privacy rule, the one place it is written: what is private is
    /// shown only with private entries, a draft only with drafts, and what is
    /// both only with both.
    pub fn shows(self, private: bool, draft: bool) -> bool {
        (!private || self.private) && (!draft || self.drafts)
    }

    /// A personal copy (with drafts, private entries or both): never written
    /// into `build-dir`, and kept out of search engines.
    pub fn is_personal(self) -> bool {
        self.drafts || self.private
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn energy_is_mean_of_check_ins() {
        let c = CheckIns {
            morning: Level::new(7),
            midday: None,
            evening: Level::new(4),
        };
        assert_eq!(Energy::CheckIns(c).value(), 5.5);
        assert_eq!(Energy::Score(Level::new(6).unwrap()).value(), 6.0);
    }

    #[test]
    fn levels_are_bounded() {
        assert!(Level::new(0).is_none());
        assert!(Level::new(11).is_none());
        assert_eq!(Level::new(10).map(Level::get), Some(10));
    }
}
