//! Capacity: the hours of a workday left after focus and meetings.

use chrono::{Datelike, Duration, NaiveDate};

use super::days::Day;
use crate::numbers::mean;

/// Slack of at least this many hours makes a day with room.
pub const ROOMY_HOURS: f64 = 1.0;

/// One ISO week's mean slack.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WeekSlack {
    pub monday: NaiveDate,
    /// Mean slack over the week's days that record both hours.
    pub slack: f64,
    pub days: usize,
}

/// The capacity figures of a journal.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Capacity {
    /// Days that record both focus and meeting hours.
    pub days: usize,
    /// Mean slack over those days.
    pub mean_slack: Option<f64>,
    /// Of those, days with no slack left.
    pub no_slack: usize,
    /// Mean energy on days with at least [`ROOMY_HOURS`] of slack, and their count.
    pub roomy_energy: Option<f64>,
    pub roomy_days: usize,
    /// Mean energy on days with less slack, and their count.
    pub tight_energy: Option<f64>,
    pub tight_days: usize,
    /// Days whose focus exceeds the deep-work hours, of `focus_days` with focus.
    pub over_deep_work: usize,
    pub focus_days: usize,
    /// Weekly mean slack, oldest first; weeks without a day with both hours are left out.
    pub weekly: Vec<WeekSlack>,
}

/// Slack = workday hours − focus − meeting hours, 0 at least, on a day
/// that records both hours.
pub fn slack(day: &Day, workday_hours: f64) -> Option<f64> {
    let (f, m) = day.focus_hours.zip(day.meeting_hours)?;
    Some((workday_hours - f - m).max(0.0))
}

/// The mean slack of some days (e.g. one week's), with the count of days with both hours.
pub fn mean_slack<'d>(
    days: impl IntoIterator<Item = &'d Day>,
    workday_hours: f64,
) -> Option<(f64, usize)> {
    let values: Vec<f64> = days
        .into_iter()
        .filter_map(|d| slack(d, workday_hours))
        .collect();
    let n = values.len();
    mean(values).map(|m| (m, n))
}

/// The capacity figures of `days` (oldest first).
pub fn capacity(days: &[Day], workday_hours: f64, deep_work_hours: f64) -> Capacity {
    let with: Vec<(&Day, f64)> = days
        .iter()
        .filter_map(|d| slack(d, workday_hours).map(|s| (d, s)))
        .collect();
    let energy = |roomy: bool| {
        let v: Vec<f64> = with
            .iter()
            .filter(|(_, s)| (*s >= ROOMY_HOURS) == roomy)
            .filter_map(|(d, _)| d.energy)
            .collect();
        (v.len(), mean(v))
    };
    let (roomy_days, roomy_energy) = energy(true);
    let (tight_days, tight_energy) = energy(false);
    let mut weekly: Vec<(NaiveDate, f64, usize)> = Vec::new();
    for (d, s) in &with {
        let monday = d.date - Duration::days(i64::from(d.date.weekday().num_days_from_monday()));
        match weekly.last_mut() {
            Some((m, sum, n)) if *m == monday => {
                *sum += s;
                *n += 1;
            }
            _ => weekly.push((monday, *s, 1)),
        }
    }
    Capacity {
        days: with.len(),
        mean_slack: mean(with.iter().map(|(_, s)| *s)),
        no_slack: with.iter().filter(|(_, s)| *s <= 0.0).count(),
        roomy_energy,
        roomy_days,
        tight_energy,
        tight_days,
        over_deep_work: days
            .iter()
            .filter(|d| d.focus_hours.is_some_and(|f| f > deep_work_hours))
            .count(),
        focus_days: days.iter().filter(|d| d.focus_hours.is_some()).count(),
        weekly: weekly
            .into_iter()
            .map(|(monday, sum, n)| WeekSlack {
                monday,
                slack: sum / n as f64,
                days: n,
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::testing::hours;

    /// DESIGN.md: "Capacity. Slack = workday-hours − focus − meeting hours
    /// (0 at least) on days with both hours; weekly mean slack over time;
    /// days with no slack; mean energy on days with at least 1 h of slack
    /// versus less; days whose focus exceeds deep-work-hours."
    #[test]
    fn capacity_by_hand() {
        let days = vec![
            // Week of Monday 4 March. Slack 8 − 3 − 2 = 3.
            hours("2024-03-04", Some(7.0), Some(3.0), Some(2.0)),
            // 8 − 5 − 4 = −1 → 0 (not −1: 0 at least).
            hours("2024-03-05", Some(3.0), Some(5.0), Some(4.0)),
            // 8 − 4 − 3.5 = 0.5: less than 1 h.
            hours("2024-03-06", Some(5.0), Some(4.0), Some(3.5)),
            // Focus only: no slack figure, but 6 > 4 deep-work hours counts.
            hours("2024-03-07", Some(9.0), Some(6.0), None),
            // Week of Monday 11 March: 8 − 1 − 6 = 1, exactly 1 h counts as room.
            hours("2024-03-11", Some(6.0), Some(1.0), Some(6.0)),
            // Exactly the deep-work hours does not exceed them; 8 − 4 − 4 = 0.
            hours("2024-03-12", None, Some(4.0), Some(4.0)),
        ];
        let c = capacity(&days, 8.0, 4.0);
        assert_eq!(c.days, 5);
        // (3 + 0 + 0.5 + 1 + 0) / 5 = 0.9.
        assert!((c.mean_slack.unwrap() - 0.9).abs() < 1e-9);
        // No slack: the 5th (clamped) and the 12th.
        assert_eq!(c.no_slack, 2);
        // At least 1 h: the 4th (7) and the 11th (6) → 6.5 over 2.
        assert_eq!((c.roomy_energy, c.roomy_days), (Some(6.5), 2));
        // Less: the 5th (3), the 6th (5); the 12th has no energy → 4 over 2.
        assert_eq!((c.tight_energy, c.tight_days), (Some(4.0), 2));
        // Focus above 4: the 5th (5) and the 7th (6), of 6 days with focus.
        assert_eq!((c.over_deep_work, c.focus_days), (2, 6));
        // Weekly: (3 + 0 + 0.5) / 3 and (1 + 0) / 2.
        assert_eq!(c.weekly.len(), 2);
        assert_eq!(c.weekly[0].monday, "2024-03-04".parse().unwrap());
        assert!((c.weekly[0].slack - 3.5 / 3.0).abs() < 1e-9);
        assert_eq!(
            (c.weekly[0].days, c.weekly[1].slack, c.weekly[1].days),
            (3, 0.5, 2)
        );
        // A workday of 7.5 h (book.toml) moves it: 7.5 − 3 − 2 = 2.5.
        assert_eq!(slack(&days[0], 7.5), Some(2.5));
        assert_eq!(mean_slack(&days[4..], 8.0), Some((0.5, 2)));
    }
}
