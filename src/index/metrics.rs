//! The writer's own metrics across days: weekly means, the mean per mode,
//! and how each moves with day energy.

use chrono::NaiveDate;

use super::days::{Day, DayMode};
use super::weeks::Week;
use crate::numbers::{mean, pearson};

/// A correlation is shown from this many days with both the metric and energy.
pub const CORRELATION_DAYS: usize = 5;

/// One week's mean of a metric's day values.
#[derive(Debug, Clone, PartialEq)]
pub struct WeekValue {
    pub monday: NaiveDate,
    /// Index into the index's weeks.
    pub week: usize,
    pub mean: f64,
    /// Days of the week that record the metric.
    pub days: usize,
}

/// Pearson's r between a metric's day values and day energy.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Correlation {
    /// `None` when either series does not vary or there are fewer than 2 days.
    pub r: Option<f64>,
    /// Days with both the metric and energy.
    pub n: usize,
}

impl Correlation {
    /// The coefficient, when there are enough days to show it.
    pub fn shown(&self) -> Option<f64> {
        self.r.filter(|_| self.n >= CORRELATION_DAYS)
    }
}

/// What a build's days say about one metric.
#[derive(Debug, Clone, PartialEq)]
pub struct MetricFigures {
    pub key: String,
    /// Weeks with the metric, oldest first.
    pub weekly: Vec<WeekValue>,
    /// The mean over all days that record it, and how many they are.
    pub mean: Option<f64>,
    pub days: usize,
    /// Per mode, by [`crate::content::Mode::index`]: the mean over days worked
    /// wholly in that mode, and their number (mixed days are left out).
    pub modes: [(Option<f64>, usize); 2],
    pub correlation: Correlation,
}

/// The figures of metric `key` over `days`, grouped in `weeks`.
pub fn figures(days: &[Day], weeks: &[Week], key: &str) -> MetricFigures {
    let values: Vec<(&Day, f64)> = days
        .iter()
        .filter_map(|d| Some((d, *d.metrics.get(key)?)))
        .collect();
    let weekly = weeks
        .iter()
        .enumerate()
        .filter_map(|(i, w)| {
            Some(WeekValue {
                monday: w.monday,
                week: i,
                mean: *w.metrics.get(key)?,
                days: w
                    .days
                    .iter()
                    .filter(|&&d| days[d].metrics.contains_key(key))
                    .count(),
            })
        })
        .collect();
    let modes = crate::content::Mode::ALL.map(|m| {
        let of_mode: Vec<f64> = values
            .iter()
            .filter(|(d, _)| d.mode == Some(DayMode::Only(m)))
            .map(|(_, v)| *v)
            .collect();
        (mean(of_mode.iter().copied()), of_mode.len())
    });
    let pairs: Vec<(f64, f64)> = values
        .iter()
        .filter_map(|(d, v)| Some((*v, d.energy?)))
        .collect();
    MetricFigures {
        key: key.to_owned(),
        weekly,
        mean: mean(values.iter().map(|(_, v)| *v)),
        days: values.len(),
        modes,
        correlation: Correlation {
            r: pearson(&pairs),
            n: pairs.len(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::day;
    use super::*;
    use crate::content::Mode;

    #[test]
    fn weekly_means_modes_and_correlation() {
        let ic = Some(DayMode::Only(Mode::Ic));
        let em = Some(DayMode::Only(Mode::Em));
        let with = |date, energy, mode, sleep: Option<f64>| {
            let mut d = day(date, energy, mode);
            if let Some(s) = sleep {
                d.metrics.insert("sleep".to_owned(), s);
            }
            d
        };
        let days = vec![
            with("2024-03-04", Some(4.0), ic, Some(6.0)),
            with("2024-03-05", Some(6.0), em, Some(7.0)),
            with("2024-03-06", Some(8.0), Some(DayMode::Mixed), Some(8.0)),
            with("2024-03-07", Some(5.0), ic, None),
            with("2024-03-11", None, em, Some(9.0)),
        ];
        let weeks = super::super::weeks::weeks(&days);
        let f = figures(&days, &weeks, "sleep");
        // Week 10: (6 + 7 + 8) / 3 = 7 over 3 days; week 11: 9 over 1.
        let weekly: Vec<(f64, usize)> = f.weekly.iter().map(|w| (w.mean, w.days)).collect();
        assert_eq!(weekly, [(7.0, 3), (9.0, 1)]);
        assert_eq!(f.mean, Some(7.5));
        // IC: the 4th only (the 7th has none); EM: 7 and 9; the mixed day is out.
        assert_eq!(f.modes, [(Some(6.0), 1), (Some(8.0), 2)]);
        // Pairs (6, 4), (7, 6), (8, 8): perfectly in line, but only 3 days.
        assert_eq!(f.correlation.n, 3);
        assert!((f.correlation.r.unwrap() - 1.0).abs() < 1e-12);
        assert_eq!(f.correlation.shown(), None);
    }
}
