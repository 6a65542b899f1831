//! Hour by hour: how energy changes from one check-in of an entry to the
//! next, and which check-in tags come with the hours that fall or rise.
//!
//! An *interval* is a pair of consecutive recorded check-ins of one entry
//! (morning→midday, midday→evening; morning→evening when midday is not
//! recorded); check-ins of two entries on one day are never paired. Its
//! change is the later score minus the earlier; its tags are the later
//! check-in's tags. A check-in without a score ends no interval, whatever it
//! says it followed, and a morning check-in ends none either.

use std::collections::BTreeMap;

use super::days::{Day, DayMode};
use super::effects::{self, Effect, Split};
use crate::content::{Entry, Mode, Moment};
use crate::slug::slugify;

/// Tags that end fewer intervals than this are listed apart: their delta says little.
pub const RARE_TAG_INTERVALS: usize = 3;

/// A pair of consecutive recorded check-ins of one entry.
#[derive(Debug, Clone, PartialEq)]
pub struct Interval {
    /// The entry, as an index into the build's entries.
    pub entry: usize,
    pub from: Moment,
    pub to: Moment,
    /// The later score minus the earlier.
    pub change: i32,
    /// The slugs of the later check-in's tags, sorted.
    pub tags: Vec<String>,
    /// The mode of the entry's day; `None` on a mixed day or one without a mode.
    pub mode: Option<Mode>,
}

/// The mean change over a group of intervals: the day's usual slope.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Slope {
    /// `None` when the group has no intervals.
    pub mean: Option<f64>,
    pub intervals: usize,
}

/// One tag at the check-in level: the intervals it ends, against the rest.
#[derive(Debug, Clone, PartialEq)]
pub struct TagHours {
    pub slug: String,
    /// Intervals the tag ends (at least one).
    pub intervals: usize,
    /// Mean change over the intervals with the tag.
    pub mean_with: f64,
    /// Mean change over all other intervals, if there are any.
    pub mean_without: Option<f64>,
    /// `mean_with - mean_without`: negative when the hours with it fall more.
    pub delta: Option<f64>,
}

impl TagHours {
    /// Does the tag end too few intervals for its delta to mean much?
    pub fn is_rare(&self) -> bool {
        self.intervals < RARE_TAG_INTERVALS
    }
}

/// The hour-by-hour figures of a build.
#[derive(Debug, Clone, PartialEq)]
pub struct Hours {
    /// Every interval, in journal order.
    pub intervals: Vec<Interval>,
    /// The mean change of all intervals.
    pub slope: Slope,
    /// The mean change on days worked wholly in each mode, by [`Mode::index`].
    pub modes: [Slope; 2],
    /// Tags that end at least one interval, by slug.
    pub tags: Vec<TagHours>,
}

impl Hours {
    /// The figures of the tag with this slug, if it ends any interval.
    pub fn tag(&self, slug: &str) -> Option<&TagHours> {
        self.tags
            .binary_search_by(|t| t.slug.as_str().cmp(slug))
            .ok()
            .map(|i| &self.tags[i])
    }

    /// The tag's delta with its 90% interval, by the same Welch's t as the
    /// day-level deltas, over the changes of the intervals with it and
    /// without it; `None` unless both have intervals.
    pub fn effect(&self, slug: &str) -> Option<Effect> {
        let mut split = Split::default();
        for i in &self.intervals {
            let group = if i.tags.binary_search_by(|t| t.as_str().cmp(slug)).is_ok() {
                &mut split.with
            } else {
                &mut split.without
            };
            group.add(f64::from(i.change));
        }
        effects::raw(&split)
    }

    /// Tags that end enough intervals and have a delta, most draining first
    /// (ties by slug).
    pub fn ranked(&self) -> Vec<&TagHours> {
        let mut ranked: Vec<&TagHours> = self
            .tags
            .iter()
            .filter(|t| !t.is_rare() && t.delta.is_some())
            .collect();
        ranked.sort_by(|a, b| {
            a.delta
                .unwrap_or(0.0)
                .total_cmp(&b.delta.unwrap_or(0.0))
                .then(a.slug.cmp(&b.slug))
        });
        ranked
    }
}

/// The intervals of `entries` (in journal order), grouped into `days`.
pub fn intervals(entries: &[&Entry], days: &[Day]) -> Vec<Interval> {
    let mut out = Vec::new();
    for day in days {
        let mode = match day.mode {
            Some(DayMode::Only(m)) => Some(m),
            Some(DayMode::Mixed) | None => None,
        };
        // Entry by entry: two entries of one day are never paired.
        for &i in &day.entries {
            let e = entries[i];
            let Some(check_ins) = e.energy.as_ref().and_then(|x| x.check_ins()) else {
                continue;
            };
            let recorded: Vec<(Moment, u8)> =
                check_ins.recorded().map(|(m, l)| (m, l.get())).collect();
            for pair in recorded.windows(2) {
                let [(from, before), (to, after)] = [pair[0], pair[1]];
                let mut tags: Vec<String> = e.activities[to.index()]
                    .tags
                    .iter()
                    .map(|t| slugify(t))
                    .collect();
                tags.sort_unstable();
                tags.dedup();
                out.push(Interval {
                    entry: i,
                    from,
                    to,
                    change: i32::from(after) - i32::from(before),
                    tags,
                    mode,
                });
            }
        }
    }
    out
}

/// The hour-by-hour figures of `entries` (in journal order), grouped into `days`.
pub fn hours(entries: &[&Entry], days: &[Day]) -> Hours {
    let intervals = intervals(entries, days);
    let slope = |of: &mut dyn Iterator<Item = &Interval>| {
        let (sum, n) = of.fold((0i64, 0usize), |(s, n), i| (s + i64::from(i.change), n + 1));
        Slope {
            mean: (n > 0).then(|| sum as f64 / n as f64),
            intervals: n,
        }
    };
    let all = slope(&mut intervals.iter());
    let modes = Mode::ALL.map(|m| slope(&mut intervals.iter().filter(|i| i.mode == Some(m))));
    // Per tag: the intervals it ends and their summed change; "without" is
    // every interval's total minus "with".
    let mut per_tag: BTreeMap<&str, (usize, i64)> = BTreeMap::new();
    let total: i64 = intervals.iter().map(|i| i64::from(i.change)).sum();
    for interval in &intervals {
        for t in &interval.tags {
            let (n, sum) = per_tag.entry(t.as_str()).or_default();
            *n += 1;
            *sum += i64::from(interval.change);
        }
    }
    let tags = per_tag
        .into_iter()
        .map(|(slug, (n, sum))| {
            let mean_with = sum as f64 / n as f64;
            let others = intervals.len() - n;
            let mean_without = (others > 0).then(|| (total - sum) as f64 / others as f64);
            TagHours {
                slug: slug.to_owned(),
                intervals: n,
                mean_with,
                mean_without,
                delta: mean_without.map(|wo| mean_with - wo),
            }
        })
        .collect();
    Hours {
        slope: all,
        modes,
        tags,
        intervals,
    }
}

#[cfg(test)]
mod tests;
