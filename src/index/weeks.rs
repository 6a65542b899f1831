//! ISO weeks: the days of a week, its figures, and its change from the week before.

use std::collections::BTreeMap;

use chrono::{Datelike, Duration, NaiveDate};

use super::days::{Day, DayMode};
use crate::content::Mode;
use crate::numbers::mean;

/// One ISO week with at least one entry.
#[derive(Debug, Clone, PartialEq)]
pub struct Week {
    /// The ISO week-numbering year (2024-12-30 is in 2025).
    pub year: i32,
    pub week: u32,
    pub monday: NaiveDate,
    /// Indexes into the index's days, oldest first.
    pub days: Vec<usize>,
    /// Mean of the days' energies.
    pub energy: Option<f64>,
    /// `energy` minus the previous calendar week's, when both have energy.
    pub change: Option<f64>,
    /// Days (indexes into the index's days) with the highest and lowest energy;
    /// the earlier day wins a tie.
    pub best: Option<usize>,
    pub worst: Option<usize>,
    /// Summed over the week's days that record them.
    pub focus_hours: Option<f64>,
    pub meeting_hours: Option<f64>,
    pub ic_days: usize,
    pub em_days: usize,
    pub mixed_days: usize,
    /// Tag slugs with the number of days they appear on, most frequent first.
    pub tags: Vec<(String, usize)>,
    /// Each metric's mean over the week's day values, by key.
    pub metrics: BTreeMap<String, f64>,
}

impl Week {
    /// `2024-W07`, as in `/weeks/2024-W07/`.
    pub fn id(&self) -> String {
        format!("{:04}-W{:02}", self.year, self.week)
    }
}

/// The ISO week id of a date: `2025-W01` for 2024-12-30.
pub fn week_id(date: NaiveDate) -> String {
    let w = date.iso_week();
    format!("{:04}-W{:02}", w.year(), w.week())
}

/// A week without entries (its review shows a weekly note alone).
pub fn empty(monday: NaiveDate) -> Week {
    let iso = monday.iso_week();
    Week {
        year: iso.year(),
        week: iso.week(),
        monday,
        days: Vec::new(),
        energy: None,
        change: None,
        best: None,
        worst: None,
        focus_hours: None,
        meeting_hours: None,
        ic_days: 0,
        em_days: 0,
        mixed_days: 0,
        tags: Vec::new(),
        metrics: Default::default(),
    }
}

/// Groups days (oldest first) into ISO weeks, oldest first.
pub fn weeks(days: &[Day]) -> Vec<Week> {
    let mut out: Vec<Week> = Vec::new();
    let mut start = 0;
    while start < days.len() {
        let iso = days[start].date.iso_week();
        let end = start
            + days[start..]
                .iter()
                .take_while(|d| d.date.iso_week() == iso)
                .count();
        out.push(week(days, start..end));
        start = end;
    }
    // Change from the previous calendar week, only when that week had entries.
    for i in 1..out.len() {
        if out[i - 1].monday + Duration::days(7) == out[i].monday {
            out[i].change = out[i].energy.zip(out[i - 1].energy).map(|(a, b)| a - b);
        }
    }
    out
}

fn week(days: &[Day], range: std::ops::Range<usize>) -> Week {
    let first = &days[range.start];
    let iso = first.date.iso_week();
    let monday =
        first.date - Duration::days(i64::from(first.date.weekday().num_days_from_monday()));
    let in_week = &days[range.clone()];
    let sum = |f: fn(&Day) -> Option<f64>| {
        let values: Vec<f64> = in_week.iter().filter_map(f).collect();
        (!values.is_empty()).then(|| values.iter().sum())
    };
    let with_energy = range.clone().filter_map(|i| days[i].energy.map(|e| (i, e)));
    let best = with_energy
        .clone()
        .fold(None, |best: Option<(usize, f64)>, (i, e)| match best {
            Some((_, b)) if b >= e => best,
            _ => Some((i, e)),
        })
        .map(|(i, _)| i);
    let worst = with_energy
        .fold(None, |worst: Option<(usize, f64)>, (i, e)| match worst {
            Some((_, w)) if w <= e => worst,
            _ => Some((i, e)),
        })
        .map(|(i, _)| i);
    let count = |m: DayMode| in_week.iter().filter(|d| d.mode == Some(m)).count();
    let mut tags: BTreeMap<&str, usize> = BTreeMap::new();
    for d in in_week {
        for t in &d.tags {
            *tags.entry(t).or_default() += 1;
        }
    }
    let mut tags: Vec<(String, usize)> = tags.into_iter().map(|(t, n)| (t.to_owned(), n)).collect();
    tags.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    Week {
        year: iso.year(),
        week: iso.week(),
        monday,
        days: range.collect(),
        energy: mean(in_week.iter().filter_map(|d| d.energy)),
        change: None,
        best,
        worst,
        focus_hours: sum(|d| d.focus_hours),
        meeting_hours: sum(|d| d.meeting_hours),
        ic_days: count(DayMode::Only(Mode::Ic)),
        em_days: count(DayMode::Only(Mode::Em)),
        mixed_days: count(DayMode::Mixed),
        tags,
        metrics: super::days::metric_means(in_week.iter().map(|d| &d.metrics)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    fn day(date: &str, energy: Option<f64>, mode: Option<DayMode>, tags: &[&str]) -> Day {
        Day {
            date: date.parse().unwrap(),
            energy,
            range: None,
            focus_hours: energy.map(|_| 2.0),
            meeting_hours: None,
            mode,
            tags: tags
                .iter()
                .map(|t| (*t).to_owned())
                .collect::<BTreeSet<_>>(),
            metrics: Default::default(),
            entries: vec![],
        }
    }

    #[test]
    fn iso_weeks_cross_the_year_end() {
        // 2024-12-30 is a Monday in ISO week 1 of 2025; 2024-12-29 is a Sunday in 2024-W52.
        assert_eq!(week_id("2024-12-30".parse().unwrap()), "2025-W01");
        assert_eq!(week_id("2024-12-29".parse().unwrap()), "2024-W52");
        // 2021-01-03 (a Sunday) still belongs to 2020-W53.
        assert_eq!(week_id("2021-01-03".parse().unwrap()), "2020-W53");
        let ic = Some(DayMode::Only(Mode::Ic));
        let days = vec![
            day("2024-12-29", Some(4.0), ic, &["a"]),
            day("2024-12-30", Some(6.0), ic, &["a", "b"]),
            day("2025-01-01", Some(8.0), Some(DayMode::Mixed), &["b"]),
            day("2025-01-05", None, None, &[]),
        ];
        let w = weeks(&days);
        assert_eq!(w.len(), 2);
        assert_eq!(w[0].id(), "2024-W52");
        assert_eq!(w[1].id(), "2025-W01");
        assert_eq!(w[1].monday, "2024-12-30".parse::<NaiveDate>().unwrap());
        assert_eq!(w[1].days, [1, 2, 3]);
        // (6 + 8) / 2 = 7; the previous week's mean is 4, so the change is +3.
        assert_eq!(w[1].energy, Some(7.0));
        assert_eq!(w[1].change, Some(3.0));
        assert_eq!(w[0].change, None);
        assert_eq!((w[1].best, w[1].worst), (Some(2), Some(1)));
        // Focus: 2 + 2 on the days with energy; the empty Sunday adds nothing.
        assert_eq!(w[1].focus_hours, Some(4.0));
        assert_eq!(w[1].meeting_hours, None);
        assert_eq!((w[1].ic_days, w[1].em_days, w[1].mixed_days), (1, 0, 1));
        assert_eq!(w[1].tags, [("b".to_owned(), 2), ("a".to_owned(), 1)]);
    }

    #[test]
    fn no_change_across_a_gap_week() {
        let days = vec![
            day("2024-01-01", Some(5.0), None, &[]),
            day("2024-01-15", Some(7.0), None, &[]),
        ];
        let w = weeks(&days);
        assert_eq!(w[1].change, None, "2024-W02 had no entries");
    }

    #[test]
    fn ties_go_to_the_earlier_day() {
        let days = vec![
            day("2024-01-01", Some(5.0), None, &[]),
            day("2024-01-02", Some(5.0), None, &[]),
        ];
        let w = weeks(&days);
        assert_eq!((w[0].best, w[0].worst), (Some(0), Some(0)));
    }
}
