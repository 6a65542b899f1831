//! Role balance: the share of IC, EM and mixed days per month, the longest
//! runs without one kind of day, and how much of each mode is focus.

use chrono::{Datelike, NaiveDate};

use super::days::{Day, DayMode};
use crate::content::Mode;

/// One month's days with a mode.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MonthShare {
    /// The first of the month.
    pub start: NaiveDate,
    pub ic: usize,
    pub em: usize,
    pub mixed: usize,
}

impl MonthShare {
    /// The month's days with a mode: the denominator of its shares.
    pub fn days(&self) -> usize {
        self.ic + self.em + self.mixed
    }
}

/// A run of days with a mode.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Run {
    pub first: NaiveDate,
    pub last: NaiveDate,
    /// Its length in days with a mode.
    pub days: usize,
}

/// The focus share of one mode's days.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FocusShare {
    pub mode: Mode,
    /// Σ focus / (Σ focus + Σ meetings).
    pub share: Option<f64>,
    /// Σ focus and Σ meetings over those days.
    pub focus: f64,
    pub meetings: f64,
    /// Days of the mode that record both hours.
    pub days: usize,
}

/// Role balance over a journal.
#[derive(Debug, Clone, PartialEq)]
pub struct Balance {
    /// Months with a day with a mode, oldest first.
    pub months: Vec<MonthShare>,
    /// The longest run without an IC day, and without an EM day.
    pub without_ic: Option<Run>,
    pub without_em: Option<Run>,
    /// IC, then EM.
    pub focus: [FocusShare; 2],
}

/// The role balance of `days` (oldest first).
pub fn balance(days: &[Day]) -> Balance {
    let mut months: Vec<MonthShare> = Vec::new();
    for d in days {
        let Some(mode) = d.mode else { continue };
        let start = d.date.with_day(1).unwrap_or(d.date);
        if months.last().is_none_or(|m| m.start != start) {
            months.push(MonthShare {
                start,
                ic: 0,
                em: 0,
                mixed: 0,
            });
        }
        if let Some(m) = months.last_mut() {
            match mode {
                DayMode::Only(Mode::Ic) => m.ic += 1,
                DayMode::Only(Mode::Em) => m.em += 1,
                DayMode::Mixed => m.mixed += 1,
            }
        }
    }
    Balance {
        months,
        without_ic: longest_run_without(days, Mode::Ic),
        without_em: longest_run_without(days, Mode::Em),
        focus: [focus_share(days, Mode::Ic), focus_share(days, Mode::Em)],
    }
}

/// The longest run of consecutive days with a mode (days without one are
/// skipped) in which no day is `mode`; a mixed day counts as both modes, so
/// it breaks the run. The earliest wins a tie.
pub fn longest_run_without(days: &[Day], mode: Mode) -> Option<Run> {
    let mut best: Option<Run> = None;
    let mut current: Option<Run> = None;
    for d in days {
        let Some(m) = d.mode else { continue };
        if m == DayMode::Only(mode) || m == DayMode::Mixed {
            current = None;
            continue;
        }
        let run = match current {
            Some(r) => Run {
                last: d.date,
                days: r.days + 1,
                ..r
            },
            None => Run {
                first: d.date,
                last: d.date,
                days: 1,
            },
        };
        if best.is_none_or(|b| run.days > b.days) {
            best = Some(run);
        }
        current = Some(run);
    }
    best
}

/// Σ focus / (Σ focus + Σ meetings) over `mode`'s days that record both.
pub fn focus_share(days: &[Day], mode: Mode) -> FocusShare {
    let both: Vec<(f64, f64)> = days
        .iter()
        .filter(|d| d.mode == Some(DayMode::Only(mode)))
        .filter_map(|d| d.focus_hours.zip(d.meeting_hours))
        .collect();
    let focus: f64 = both.iter().map(|(f, _)| f).sum();
    let meetings: f64 = both.iter().map(|(_, m)| m).sum();
    FocusShare {
        mode,
        share: (focus + meetings > 0.0).then(|| focus / (focus + meetings)),
        focus,
        meetings,
        days: both.len(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::testing::{day, hours};

    const IC: Option<DayMode> = Some(DayMode::Only(Mode::Ic));
    const EM: Option<DayMode> = Some(DayMode::Only(Mode::Em));
    const MIXED: Option<DayMode> = Some(DayMode::Mixed);

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    /// DESIGN.md: "Role balance. The share of IC, EM and mixed days per
    /// month over time, out of the month's days with a mode; the longest run
    /// without an IC day (and without an EM day): consecutive days with a
    /// mode, in date order, skipping days without one, where a mixed day
    /// counts as both and breaks both kinds of run; shown with its first and
    /// last date and its length in days with a mode. Focus share per mode =
    /// Σ focus / (Σ focus + Σ meetings) over that mode's days that record both."
    #[test]
    fn balance_by_hand() {
        let days = vec![
            day("2024-03-01", None, IC),
            day("2024-03-02", None, EM),
            day("2024-03-03", None, EM),
            // No mode: skipped, neither counted nor breaking the run.
            day("2024-03-05", None, None),
            day("2024-03-06", None, EM),
            // Mixed: breaks the run without IC and the run without EM.
            day("2024-03-07", None, MIXED),
            day("2024-03-08", None, IC),
            day("2024-03-09", None, IC),
            day("2024-04-01", None, EM),
            day("2024-04-02", None, None),
        ];
        let b = balance(&days);
        // March: 3 IC, 3 EM, 1 mixed of 7 days with a mode (the 5th is not one of them).
        assert_eq!(
            b.months,
            vec![
                MonthShare {
                    start: d("2024-03-01"),
                    ic: 3,
                    em: 3,
                    mixed: 1
                },
                MonthShare {
                    start: d("2024-04-01"),
                    ic: 0,
                    em: 1,
                    mixed: 0
                },
            ]
        );
        assert_eq!(b.months[0].days(), 7);
        // Without IC: 2nd, 3rd, (5th skipped), 6th → 3 days from the 2nd to
        // the 6th; the mixed 7th ends it (otherwise it would be 4).
        assert_eq!(
            b.without_ic,
            Some(Run {
                first: d("2024-03-02"),
                last: d("2024-03-06"),
                days: 3
            })
        );
        // Without EM: the 1st (1 day), then after the mixed 7th: 8th, 9th → 2
        // (had the mixed day counted as IC only, 7th–9th would make 3).
        assert_eq!(
            b.without_em,
            Some(Run {
                first: d("2024-03-08"),
                last: d("2024-03-09"),
                days: 2
            })
        );
    }

    #[test]
    fn focus_share_by_hand() {
        let with = |d: Day, mode| Day { mode, ..d };
        let days = vec![
            with(hours("2024-03-04", None, Some(6.0), Some(1.0)), IC),
            with(hours("2024-03-05", None, Some(3.0), Some(2.0)), IC),
            // Focus only: left out of both sums (else 9 + 4 = 13 of 16).
            with(hours("2024-03-06", None, Some(4.0), None), IC),
            with(hours("2024-03-07", None, Some(1.0), Some(5.0)), EM),
            // Mixed days are in neither mode.
            with(hours("2024-03-08", None, Some(8.0), Some(0.0)), MIXED),
        ];
        // IC: 9 / (9 + 3) = 0.75 (a mean of the daily shares would give
        // (6/7 + 3/5) / 2 ≈ 0.73); EM: 1 / 6.
        let ic = focus_share(&days, Mode::Ic);
        assert_eq!((ic.share, ic.days), (Some(0.75), 2));
        let em = focus_share(&days, Mode::Em);
        assert_eq!(em.days, 1);
        assert!((em.share.unwrap() - 1.0 / 6.0).abs() < 1e-12);
        assert_eq!(focus_share(&[], Mode::Em).share, None);
    }
}
