//! Day-level aggregation: several entries on one day make one day.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;

use crate::content::{Entry, Mode};
use crate::numbers::mean;

/// The role of a day: one mode, or mixed when its entries disagree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DayMode {
    Only(Mode),
    Mixed,
}

/// One calendar day of the journal.
#[derive(Debug, Clone, PartialEq)]
pub struct Day {
    pub date: NaiveDate,
    /// Mean of the day's entries' energies.
    pub energy: Option<f64>,
    /// Lowest and highest check-in or score of the day.
    pub range: Option<(u8, u8)>,
    /// Summed over the day's entries that record it.
    pub focus_hours: Option<f64>,
    pub meeting_hours: Option<f64>,
    pub mode: Option<DayMode>,
    /// Tag slugs of all the day's entries.
    pub tags: BTreeSet<String>,
    /// Each metric's mean over the day's entries that record it, by key.
    pub metrics: BTreeMap<String, f64>,
    /// Indexes of the day's entries in the build's entry list.
    pub entries: Vec<usize>,
}

/// Groups entries (in journal order) into days, oldest first.
pub fn by_day(entries: &[&Entry]) -> Vec<Day> {
    let mut days: Vec<Day> = Vec::new();
    let mut start = 0;
    while start < entries.len() {
        let date = entries[start].date;
        let end = start
            + entries[start..]
                .iter()
                .take_while(|e| e.date == date)
                .count();
        days.push(day(date, entries, start..end));
        start = end;
    }
    days
}

fn day(date: NaiveDate, all: &[&Entry], range: std::ops::Range<usize>) -> Day {
    let entries = &all[range.clone()];
    let sum = |f: fn(&Entry) -> Option<f64>| {
        let values: Vec<f64> = entries.iter().filter_map(|e| f(e)).collect();
        (!values.is_empty()).then(|| values.iter().sum())
    };
    let levels: Vec<u8> = entries
        .iter()
        .filter_map(|e| e.energy.as_ref())
        .flat_map(|energy| match energy {
            crate::content::Energy::Score(l) => vec![l.get()],
            crate::content::Energy::CheckIns(c) => c.recorded().map(|(_, l)| l.get()).collect(),
        })
        .collect();
    let modes: BTreeSet<Mode> = entries.iter().filter_map(|e| e.mode).collect();
    let mode = match modes.len() {
        0 => None,
        1 => modes.first().map(|m| DayMode::Only(*m)),
        _ => Some(DayMode::Mixed),
    };
    Day {
        date,
        energy: mean(entries.iter().filter_map(|e| e.energy.map(|x| x.value()))),
        range: levels
            .iter()
            .min()
            .zip(levels.iter().max())
            .map(|(lo, hi)| (*lo, *hi)),
        focus_hours: sum(|e| e.focus_hours),
        meeting_hours: sum(|e| e.meeting_hours),
        mode,
        tags: entries
            .iter()
            .flat_map(|e| e.tag_slugs.iter().cloned())
            .collect(),
        metrics: metric_means(entries.iter().map(|e| &e.metrics)),
        entries: range.collect(),
    }
}

/// Each key's mean over the maps that hold it: a day's metrics from its
/// entries', a week's from its days'.
pub fn metric_means<'m>(
    maps: impl Iterator<Item = &'m BTreeMap<String, f64>>,
) -> BTreeMap<String, f64> {
    let mut sums: BTreeMap<&str, (f64, usize)> = BTreeMap::new();
    for map in maps {
        for (key, v) in map {
            let (sum, n) = sums.entry(key.as_str()).or_default();
            *sum += v;
            *n += 1;
        }
    }
    sums.into_iter()
        .map(|(key, (sum, n))| (key.to_owned(), sum / n as f64))
        .collect()
}
