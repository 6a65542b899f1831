//! The indexes of a build: its entries in order, the days they fall on, tags
//! and modes with their figures. Built only from the entries a build shows,
//! so nothing hidden can reach a count, a mean or a list.

pub mod balance;
pub mod capacity;
pub mod day_after;
pub mod days;
pub mod effects;
pub mod intervals;
pub mod metrics;
pub mod trends;
pub mod weekdays;
pub mod weeks;

#[cfg(test)]
mod testing;

use std::collections::{BTreeMap, HashMap};

use crate::content::{Entry, Mode};
use crate::numbers::mean;
pub use days::{Day, DayMode};
pub use effects::{Effect, Moments, Split, Verdict};
pub use intervals::{Hours, TagHours};
pub use weeks::Week;

/// Tags seen on fewer days than this are listed apart: their delta says little.
pub const RARE_TAG_DAYS: usize = 3;

/// A tag across the entries of a build.
#[derive(Debug, Clone)]
pub struct TagIndex {
    pub slug: String,
    /// The most common spelling (ties: alphabetical).
    pub name: String,
    /// Entries with the tag, as indexes into [`Index::entries`], in journal order.
    pub entries: Vec<usize>,
    /// Days on which the tag appears.
    pub days: usize,
    /// Mean day energy on days with the tag.
    pub mean_with: Option<f64>,
    /// Mean day energy on days without it.
    pub mean_without: Option<f64>,
    /// `mean_with - mean_without`: positive restores, negative drains.
    pub delta: Option<f64>,
    /// Days with energy, with the tag and without: what the delta compares.
    pub split: Split,
    /// The same delta with its 90% interval.
    pub raw: Option<Effect>,
    /// Per mode, by [`Mode::index`]: its days with energy, with the tag and without.
    pub modes: [Split; 2],
    /// The per-mode deltas weighted by days with the tag (see [`effects`]):
    /// the tag without the role it comes with.
    pub within_role: Option<Effect>,
}

impl TagIndex {
    /// Is the tag seen on too few days for its figures to mean much?
    pub fn is_rare(&self) -> bool {
        self.days < RARE_TAG_DAYS
    }

    /// The delta that wording and rankings follow: within the role where it
    /// is defined, else the raw one.
    pub fn effect(&self) -> Option<Effect> {
        self.within_role.or(self.raw)
    }
}

/// Figures for one role mode, over the days worked only in that mode.
#[derive(Debug, Clone, PartialEq)]
pub struct ModeFigures {
    pub mode: Mode,
    /// Entries written in this mode.
    pub entries: usize,
    /// Days whose entries are all in this mode.
    pub days: usize,
    pub mean_energy: Option<f64>,
    pub mean_focus: Option<f64>,
    pub mean_meetings: Option<f64>,
}

/// Everything the pages of one build are made from.
#[derive(Debug)]
pub struct Index<'a> {
    /// The entries of this build, in journal order (oldest first).
    pub entries: Vec<&'a Entry>,
    /// Days with at least one entry, oldest first.
    pub days: Vec<Day>,
    /// Tags, by slug.
    pub tags: Vec<TagIndex>,
    /// ISO weeks with entries, oldest first.
    pub weeks: Vec<Week>,
    /// Mean day energy over all days with energy.
    pub mean_energy: Option<f64>,
    /// Hour by hour: intervals between check-ins, their slope and tags.
    pub hours: Hours,
    /// The day (index into `days`) of each entry.
    day_of: Vec<usize>,
    /// Where each entry's date recurs in earlier years: (month, day) → entry indexes.
    on_this_day: HashMap<(u32, u32), Vec<usize>>,
}

impl<'a> Index<'a> {
    /// Indexes `entries`, which must already be only the visible ones, in journal order.
    pub fn new(entries: Vec<&'a Entry>) -> Index<'a> {
        let days = days::by_day(&entries);
        let mean_energy = mean(days.iter().filter_map(|d| d.energy));
        // Independent of each other: side by side (`serve` makes all three on every save).
        let ((tags, hours), (weeks, on_this_day)) = rayon::join(
            || (tags(&entries, &days), intervals::hours(&entries, &days)),
            || (weeks::weeks(&days), on_this_day(&entries)),
        );
        let mut day_of = vec![0; entries.len()];
        for (d, day) in days.iter().enumerate() {
            for &e in &day.entries {
                day_of[e] = d;
            }
        }
        Index {
            day_of,
            entries,
            days,
            weeks,
            tags,
            mean_energy,
            hours,
            on_this_day,
        }
    }

    /// Adds a week without days for each Monday of `mondays` that has no week
    /// yet, keeping the weeks in order: the review page of a week that has a
    /// weekly note (or the intentions of the week before) but no entries.
    pub fn with_weeks(mut self, mondays: &[chrono::NaiveDate]) -> Index<'a> {
        for &monday in mondays {
            if let Err(at) = self.weeks.binary_search_by(|w| w.monday.cmp(&monday)) {
                self.weeks.insert(at, weeks::empty(monday));
            }
        }
        self
    }

    /// The day (index into `days`) of entry `i`.
    pub fn day_of(&self, i: usize) -> usize {
        self.day_of[i]
    }

    /// The tag with this slug.
    pub fn tag(&self, slug: &str) -> Option<&TagIndex> {
        self.tags
            .binary_search_by(|t| t.slug.as_str().cmp(slug))
            .ok()
            .map(|i| &self.tags[i])
    }

    /// Entries in `mode`, as indexes, in journal order.
    pub fn mode_entries(&self, mode: Mode) -> Vec<usize> {
        (0..self.entries.len())
            .filter(|&i| self.entries[i].mode == Some(mode))
            .collect()
    }

    /// The figures of `mode`.
    pub fn mode_figures(&self, mode: Mode) -> ModeFigures {
        let days: Vec<&Day> = self
            .days
            .iter()
            .filter(|d| d.mode == Some(DayMode::Only(mode)))
            .collect();
        ModeFigures {
            mode,
            entries: self.entries.iter().filter(|e| e.mode == Some(mode)).count(),
            days: days.len(),
            mean_energy: mean(days.iter().filter_map(|d| d.energy)),
            mean_focus: mean(days.iter().filter_map(|d| d.focus_hours)),
            mean_meetings: mean(days.iter().filter_map(|d| d.meeting_hours)),
        }
    }

    /// Entries from earlier years on the same month and day as entry `i`,
    /// newest first, at most [`ON_THIS_DAY`] of them.
    pub fn on_this_day(&self, i: usize) -> Vec<usize> {
        use chrono::Datelike;
        let date = self.entries[i].date;
        let Some(bucket) = self.on_this_day.get(&(date.month(), date.day())) else {
            return Vec::new();
        };
        // The bucket is in journal order: earlier years come first.
        let earlier = bucket.partition_point(|&j| self.entries[j].date.year() < date.year());
        bucket[..earlier]
            .iter()
            .rev()
            .take(ON_THIS_DAY)
            .copied()
            .collect()
    }
}

/// Entries by the month and day of their date, in journal order.
fn on_this_day(entries: &[&Entry]) -> HashMap<(u32, u32), Vec<usize>> {
    use chrono::Datelike;
    let mut found: HashMap<(u32, u32), Vec<usize>> = HashMap::new();
    for (i, e) in entries.iter().enumerate() {
        found
            .entry((e.date.month(), e.date.day()))
            .or_default()
            .push(i);
    }
    found
}

/// How many earlier years an entry's "on this day" shows.
pub const ON_THIS_DAY: usize = 10;

/// The tags of `entries` (visible ones, in journal order) with their deltas
/// over those entries' days alone, without the rest of an index.
pub fn tags_of(entries: &[&Entry]) -> Vec<TagIndex> {
    tags(entries, &days::by_day(entries))
}

fn tags(entries: &[&Entry], days: &[Day]) -> Vec<TagIndex> {
    // slug → (spelling → count, entry indexes)
    let mut found: BTreeMap<String, (BTreeMap<&str, usize>, Vec<usize>)> = BTreeMap::new();
    for (i, e) in entries.iter().enumerate() {
        for (tag, slug) in e.tags.iter().zip(&e.tag_slugs) {
            let (spellings, list) = match found.get_mut(slug.as_str()) {
                Some(known) => known,
                None => found.entry(slug.clone()).or_default(),
            };
            *spellings.entry(tag.as_str()).or_default() += 1;
            list.push(i);
        }
    }
    // One pass over the days: per tag, the days it is on and the energy of
    // those that record it, overall and per mode (days worked wholly in it);
    // "without" is the journal's (or the mode's) total minus "with".
    let mut per_tag: HashMap<&str, (usize, Moments, [Moments; 2])> = HashMap::new();
    let mut all = Moments::default();
    let mut all_modes = [Moments::default(); 2];
    for d in days {
        let mode = match d.mode {
            Some(DayMode::Only(m)) => Some(m.index()),
            _ => None,
        };
        if let Some(e) = d.energy {
            all.add(e);
            if let Some(m) = mode {
                all_modes[m].add(e);
            }
        }
        for t in &d.tags {
            let (n, with, modes) = per_tag.entry(t.as_str()).or_default();
            *n += 1;
            if let Some(e) = d.energy {
                with.add(e);
                if let Some(m) = mode {
                    modes[m].add(e);
                }
            }
        }
    }
    found
        .into_iter()
        .map(|(slug, (spellings, list))| {
            // Most common spelling; among equals, the alphabetically first.
            let name = spellings
                .iter()
                .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
                .map(|(s, _)| (*s).to_owned())
                .unwrap_or_else(|| slug.clone());
            let (on_days, with, with_modes) =
                per_tag.get(slug.as_str()).copied().unwrap_or_default();
            let split = Split {
                with,
                without: all.minus(with),
            };
            let modes = [0, 1].map(|m| Split {
                with: with_modes[m],
                without: all_modes[m].minus(with_modes[m]),
            });
            TagIndex {
                slug,
                name,
                entries: list,
                days: on_days,
                mean_with: split.with.mean(),
                mean_without: split.without.mean(),
                delta: split.delta(),
                raw: effects::raw(&split),
                split,
                modes,
                within_role: effects::within_role(&modes),
            }
        })
        .collect()
}
