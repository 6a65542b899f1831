//! The series behind the trend timelines: daily energy with its rolling mean,
//! monthly means for the long view, energy through the day, and "now".
//! Plain statistics; drawing them is `crate::charts`' job.

use chrono::{Datelike, Duration, NaiveDate};

use super::days::{Day, DayMode};
use crate::content::{Entry, Mode, Moment};
use crate::numbers::mean;

/// How many days the rolling mean covers, ending on the day itself.
pub const ROLLING_DAYS: i64 = 7;

/// One calendar day of a timeline; days without entries have no figures.
#[derive(Debug, Clone, PartialEq)]
pub struct Daily {
    pub date: NaiveDate,
    pub energy: Option<f64>,
    /// Mean energy of the days with data in `[date - 6, date]`.
    pub rolling: Option<f64>,
    pub range: Option<(u8, u8)>,
    pub mode: Option<DayMode>,
    /// The index of the day in the index's days, when it has entries.
    pub day: Option<usize>,
}

/// Every calendar day from `from` to `to` (inclusive) with its figures.
/// `days` must be sorted; days outside the range still feed the rolling mean.
pub fn daily(days: &[Day], from: NaiveDate, to: NaiveDate) -> Vec<Daily> {
    if to < from {
        return Vec::new();
    }
    let mut out = Vec::with_capacity(usize::try_from((to - from).num_days() + 1).unwrap_or(0));
    // `next`: the first day not yet added to the window; `tail`: the oldest day in it.
    let mut next = days.partition_point(|d| d.date < from - Duration::days(ROLLING_DAYS - 1));
    let mut tail = next;
    let (mut sum, mut count) = (0.0, 0usize);
    let mut date = from;
    while date <= to {
        while next < days.len() && days[next].date <= date {
            if let Some(e) = days[next].energy {
                sum += e;
                count += 1;
            }
            next += 1;
        }
        while tail < next && days[tail].date <= date - Duration::days(ROLLING_DAYS) {
            if let Some(e) = days[tail].energy {
                sum -= e;
                count -= 1;
            }
            tail += 1;
        }
        let today = (next > 0 && days[next - 1].date == date).then(|| next - 1);
        out.push(Daily {
            date,
            energy: today.and_then(|i| days[i].energy),
            rolling: (count > 0).then(|| sum / count as f64),
            range: today.and_then(|i| days[i].range),
            mode: today.and_then(|i| days[i].mode),
            day: today,
        });
        date += Duration::days(1);
    }
    out
}

/// One calendar month with entries.
#[derive(Debug, Clone, PartialEq)]
pub struct Monthly {
    /// The first day of the month.
    pub start: NaiveDate,
    pub energy: Option<f64>,
    pub days: usize,
    pub ic_days: usize,
    pub em_days: usize,
}

/// Days grouped by calendar month, oldest first.
pub fn monthly(days: &[Day]) -> Vec<Monthly> {
    let mut out: Vec<Monthly> = Vec::new();
    let mut start = 0;
    while start < days.len() {
        let key = (days[start].date.year(), days[start].date.month());
        let end = start
            + days[start..]
                .iter()
                .take_while(|d| (d.date.year(), d.date.month()) == key)
                .count();
        let month = &days[start..end];
        let count = |m: Mode| {
            month
                .iter()
                .filter(|d| d.mode == Some(DayMode::Only(m)))
                .count()
        };
        out.push(Monthly {
            start: days[start].date.with_day(1).unwrap_or(days[start].date),
            energy: mean(month.iter().filter_map(|d| d.energy)),
            days: month.len(),
            ic_days: count(Mode::Ic),
            em_days: count(Mode::Em),
        });
        start = end;
    }
    out
}

/// Mean energy at each moment of the day over a group of days.
#[derive(Debug, Clone, PartialEq)]
pub struct Moments {
    /// `None` for all days, else the days worked wholly in that mode.
    pub mode: Option<Mode>,
    /// Morning, midday, evening.
    pub means: [Option<f64>; 3],
    /// Days behind each mean.
    pub counts: [usize; 3],
}

/// Energy through the day: for each day, the mean of its entries' check-ins at
/// each moment; then the mean over days, for all days and for each mode.
pub fn moments(days: &[Day], entries: &[&Entry]) -> Vec<Moments> {
    let groups: [Option<Mode>; 3] = [None, Some(Mode::Ic), Some(Mode::Em)];
    groups
        .into_iter()
        .map(|mode| {
            let in_group = days
                .iter()
                .filter(|d| mode.is_none_or(|m| d.mode == Some(DayMode::Only(m))));
            let mut means = [None; 3];
            let mut counts = [0; 3];
            for (k, moment) in Moment::ALL.into_iter().enumerate() {
                let per_day: Vec<f64> = in_group
                    .clone()
                    .filter_map(|d| {
                        mean(d.entries.iter().filter_map(|&i| {
                            entries[i]
                                .energy
                                .and_then(|e| e.check_ins().and_then(|c| c.get(moment)))
                                .map(|l| f64::from(l.get()))
                        }))
                    })
                    .collect();
                counts[k] = per_day.len();
                means[k] = mean(per_day);
            }
            Moments {
                mode,
                means,
                counts,
            }
        })
        .collect()
}

/// "Now" for a build: the latest day with an entry that is not after
/// `today` (the build day), or `today` when every entry is after it. An entry
/// dated in the future is still shown, but never moves "now", so a mistyped
/// year cannot take over the home page; and a journal with no such entry
/// builds the same bytes whatever the clock says. `None` for no entries.
pub fn now(days: &[Day], today: NaiveDate) -> Option<NaiveDate> {
    let last = days.last()?;
    if last.date <= today {
        return Some(last.date);
    }
    let upto = days.partition_point(|d| d.date <= today);
    Some(upto.checked_sub(1).map_or(today, |i| days[i].date))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::testing::day;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn rolling_mean_spans_seven_days_and_breaks_across_gaps() {
        let days = vec![
            day("2024-03-01", Some(4.0), None),
            day("2024-03-03", Some(8.0), None),
            day("2024-03-04", None, None),
            day("2024-03-20", Some(6.0), None),
        ];
        let s = daily(&days, d("2024-03-01"), d("2024-03-20"));
        assert_eq!(s.len(), 20);
        // 1 Mar: only itself → 4.
        assert_eq!(s[0].rolling, Some(4.0));
        // 2 Mar: no entry, window [24 Feb, 2 Mar] holds 4 → 4; the day itself has no energy.
        assert_eq!((s[1].energy, s[1].rolling), (None, Some(4.0)));
        // 3 Mar: (4 + 8) / 2 = 6.
        assert_eq!(s[2].rolling, Some(6.0));
        // 7 Mar: window [1, 7] still holds 4 and 8 → 6.
        assert_eq!(s[6].rolling, Some(6.0));
        // 8 Mar: window [2, 8] holds only 8.
        assert_eq!(s[7].rolling, Some(8.0));
        // 10 Mar: window [4, 10] has only the day without energy → a gap.
        assert_eq!(s[9].rolling, None);
        // 20 Mar: itself.
        assert_eq!(s[19].rolling, Some(6.0));
        assert_eq!(s[19].day, Some(3));
    }

    #[test]
    fn rolling_mean_uses_days_before_the_range() {
        let days = vec![
            day("2024-03-01", Some(2.0), None),
            day("2024-03-05", Some(6.0), None),
        ];
        let s = daily(&days, d("2024-03-05"), d("2024-03-05"));
        // Window [28 Feb, 5 Mar]: (2 + 6) / 2 = 4.
        assert_eq!(s[0].rolling, Some(4.0));
    }

    #[test]
    fn months_group_days() {
        let ic = Some(DayMode::Only(Mode::Ic));
        let em = Some(DayMode::Only(Mode::Em));
        let days = vec![
            day("2024-01-30", Some(3.0), ic),
            day("2024-01-31", Some(5.0), em),
            day("2024-02-01", Some(9.0), Some(DayMode::Mixed)),
        ];
        let m = monthly(&days);
        assert_eq!(m.len(), 2);
        assert_eq!(m[0].start, d("2024-01-01"));
        // (3 + 5) / 2.
        assert_eq!(
            (m[0].energy, m[0].days, m[0].ic_days, m[0].em_days),
            (Some(4.0), 2, 1, 1)
        );
        assert_eq!((m[1].ic_days, m[1].em_days), (0, 0));
    }

    #[test]
    fn now_is_the_latest_entry_not_after_the_build_day() {
        let days = vec![
            day("2024-03-01", Some(2.0), None),
            day("2024-03-05", Some(6.0), None),
            day("2027-03-01", Some(9.0), None),
        ];
        // The future entry never moves "now".
        assert_eq!(now(&days, d("2026-12-02")), Some(d("2024-03-05")));
        assert_eq!(now(&days, d("2024-03-05")), Some(d("2024-03-05")));
        assert_eq!(now(&days, d("2024-03-04")), Some(d("2024-03-01")));
        // Every entry after the build day: the build day itself.
        assert_eq!(now(&days, d("2024-02-01")), Some(d("2024-02-01")));
        // Nothing in the future: the clock plays no part.
        assert_eq!(now(&days[..2], d("2030-01-01")), Some(d("2024-03-05")));
        assert_eq!(now(&[], d("2024-02-01")), None);
    }
}
