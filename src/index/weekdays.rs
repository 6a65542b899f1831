//! Days of the week: mean day energy and mean evening check-in per ISO
//! weekday, overall and per mode, with counts.

use chrono::Datelike;

use super::days::{Day, DayMode};
use crate::content::{Entry, Mode, Moment};
use crate::numbers::mean;

/// One weekday's figures.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct WeekdayMeans {
    /// Mean day energy, over the `energy_days` days with energy.
    pub energy: Option<f64>,
    pub energy_days: usize,
    /// Mean evening check-in, over the `evening_days` days with one.
    pub evening: Option<f64>,
    pub evening_days: usize,
}

/// The seven weekdays (Monday first) for all days, or for one mode's days.
#[derive(Debug, Clone, PartialEq)]
pub struct Weekdays {
    /// `None` for all days; a mode for the days worked only in it.
    pub mode: Option<Mode>,
    pub days: [WeekdayMeans; 7],
}

/// Each day's check-in at `moment`: the mean over its entries that record it.
pub fn check_ins(days: &[Day], entries: &[&Entry], moment: Moment) -> Vec<Option<f64>> {
    days.iter()
        .map(|d| {
            mean(d.entries.iter().filter_map(|&i| {
                entries[i]
                    .energy
                    .and_then(|e| e.check_ins().and_then(|c| c.get(moment)))
                    .map(|l| f64::from(l.get()))
            }))
        })
        .collect()
}

/// All days, IC days and EM days by weekday; `evenings` holds each day's
/// evening check-in (see [`check_ins`]). Mixed days count only in "all".
pub fn weekdays(days: &[Day], evenings: &[Option<f64>]) -> Vec<Weekdays> {
    [None, Some(Mode::Ic), Some(Mode::Em)]
        .into_iter()
        .map(|mode| {
            let mut out = [WeekdayMeans::default(); 7];
            for (k, slot) in out.iter_mut().enumerate() {
                let on = || {
                    days.iter()
                        .zip(evenings)
                        .filter(|(d, _)| d.date.weekday().num_days_from_monday() as usize == k)
                        .filter(|(d, _)| mode.is_none_or(|m| d.mode == Some(DayMode::Only(m))))
                };
                let energy: Vec<f64> = on().filter_map(|(d, _)| d.energy).collect();
                let evening: Vec<f64> = on().filter_map(|(_, e)| *e).collect();
                *slot = WeekdayMeans {
                    energy_days: energy.len(),
                    energy: mean(energy),
                    evening_days: evening.len(),
                    evening: mean(evening),
                };
            }
            Weekdays { mode, days: out }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::testing::day;

    /// DESIGN.md: "Days of the week. Mean day energy and mean evening
    /// check-in per ISO weekday, overall and per mode, with counts."
    #[test]
    fn weekdays_by_hand() {
        // 2024-03-04 and 2024-03-11 are Mondays, 2024-03-08 a Friday,
        // 2024-03-10 a Sunday (ISO: the week's last day, not its first).
        let ic = Some(DayMode::Only(Mode::Ic));
        let em = Some(DayMode::Only(Mode::Em));
        let days = vec![
            day("2024-03-04", Some(8.0), ic),
            day("2024-03-08", Some(3.0), em),
            day("2024-03-10", Some(5.0), None),
            day("2024-03-11", Some(6.0), Some(DayMode::Mixed)),
            day("2024-03-15", None, ic),
        ];
        // Evening check-ins: Monday 4th 6, Friday 8th 2, Friday 15th 4
        // (a day with an evening check-in but no day energy counts here only).
        let evenings = vec![Some(6.0), Some(2.0), None, None, Some(4.0)];
        let w = weekdays(&days, &evenings);
        let all = &w[0];
        assert_eq!(all.mode, None);
        // Monday: energy (8 + 6) / 2 = 7 over 2 days; evening 6 over 1.
        assert_eq!(
            all.days[0],
            WeekdayMeans {
                energy: Some(7.0),
                energy_days: 2,
                evening: Some(6.0),
                evening_days: 1
            }
        );
        // Friday: energy 3 over 1 (the 15th has none); evening (2 + 4) / 2 = 3 over 2.
        assert_eq!(
            all.days[4],
            WeekdayMeans {
                energy: Some(3.0),
                energy_days: 1,
                evening: Some(3.0),
                evening_days: 2
            }
        );
        // Sunday is index 6.
        assert_eq!(
            (all.days[6].energy, all.days[6].energy_days),
            (Some(5.0), 1)
        );
        assert_eq!(all.days[1], WeekdayMeans::default());
        // IC: the mixed Monday is left out → Monday 8; Friday only the 15th's evening 4.
        let ic_days = &w[1];
        assert_eq!(ic_days.mode, Some(Mode::Ic));
        assert_eq!(
            (ic_days.days[0].energy, ic_days.days[0].energy_days),
            (Some(8.0), 1)
        );
        assert_eq!(
            ic_days.days[4],
            WeekdayMeans {
                energy: None,
                energy_days: 0,
                evening: Some(4.0),
                evening_days: 1
            }
        );
        // EM: Friday 3, evening 2.
        assert_eq!(
            (w[2].days[4].energy, w[2].days[4].evening),
            (Some(3.0), Some(2.0))
        );
        assert_eq!(w[2].days[0].energy_days, 0);
    }
}
