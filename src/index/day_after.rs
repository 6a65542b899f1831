//! The day after: next-day energy after heavy and light meeting days, and
//! after IC days and EM days.

use super::days::{Day, DayMode};
use super::effects::{self, Effect, Moments, Split};
use crate::content::Mode;

/// Next-day energy after one kind of day.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct After {
    /// Mean next-day energy over the pairs.
    pub energy: Option<f64>,
    /// Pairs: a day of this kind followed by a calendar day with energy.
    pub pairs: usize,
}

impl After {
    fn of(values: Moments) -> After {
        After {
            energy: values.mean(),
            pairs: values.n,
        }
    }
}

/// The two splits of the day after.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct DayAfter {
    /// The median of meeting hours over all days that record them.
    pub median_meetings: Option<f64>,
    /// After days with meeting hours above the median.
    pub after_heavy: After,
    /// After days with meeting hours at or below it.
    pub after_light: After,
    /// After IC days and EM days; mixed days are left out.
    pub after_ic: After,
    pub after_em: After,
    /// After heavy minus after light meeting days, with its 90% interval.
    pub meetings: Option<Effect>,
    /// After IC days minus after EM days, with its 90% interval.
    pub role: Option<Effect>,
}

/// The median: the middle value, or the mean of the two middle ones.
pub fn median(values: impl IntoIterator<Item = f64>) -> Option<f64> {
    let mut v: Vec<f64> = values.into_iter().collect();
    v.sort_by(f64::total_cmp);
    let n = v.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(v[n / 2]),
        _ => Some((v[n / 2 - 1] + v[n / 2]) / 2.0),
    }
}

/// The day after, from `days` (oldest first) and each day's morning
/// check-in (`mornings`, by day). Next-day energy is the next calendar day's
/// morning check-in, else its day energy.
pub fn day_after(days: &[Day], mornings: &[Option<f64>]) -> DayAfter {
    let median_meetings = median(days.iter().filter_map(|d| d.meeting_hours));
    // (day d, energy of d + 1) for each d whose next calendar day has energy.
    let pairs: Vec<(&Day, f64)> = (0..days.len().saturating_sub(1))
        .filter(|&i| days[i].date.succ_opt() == Some(days[i + 1].date))
        .filter_map(|i| {
            let next = mornings
                .get(i + 1)
                .copied()
                .flatten()
                .or(days[i + 1].energy)?;
            Some((&days[i], next))
        })
        .collect();
    let after = |keep: &dyn Fn(&Day) -> bool| {
        Moments::of(pairs.iter().filter(|(d, _)| keep(d)).map(|(_, e)| *e))
    };
    let meetings = median_meetings.map(|m| Split {
        with: after(&|d| d.meeting_hours.is_some_and(|h| h > m)),
        without: after(&|d| d.meeting_hours.is_some_and(|h| h <= m)),
    });
    let role = Split {
        with: after(&|d| d.mode == Some(DayMode::Only(Mode::Ic))),
        without: after(&|d| d.mode == Some(DayMode::Only(Mode::Em))),
    };
    let meetings = meetings.unwrap_or_default();
    DayAfter {
        median_meetings,
        after_heavy: After::of(meetings.with),
        after_light: After::of(meetings.without),
        after_ic: After::of(role.with),
        after_em: After::of(role.without),
        meetings: effects::raw(&meetings),
        role: effects::raw(&role),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::testing::hours;

    /// DESIGN.md: "The day after. Next-day energy (the next calendar day's
    /// morning check-in, else its day energy) after days with meeting hours
    /// above the median versus at or below it (the median of meeting hours
    /// over all days that record them), and after IC days versus EM days
    /// (mixed days left out). A pair is day d with meeting hours (for the
    /// first split) or a mode (for the second) and day d+1 with energy."
    #[test]
    fn day_after_by_hand() {
        let ic = Some(DayMode::Only(Mode::Ic));
        let em = Some(DayMode::Only(Mode::Em));
        let with_mode = |d: Day, mode| Day { mode, ..d };
        let days = vec![
            with_mode(hours("2024-03-04", Some(5.0), None, Some(1.0)), ic),
            with_mode(hours("2024-03-05", Some(6.0), None, Some(4.0)), em),
            with_mode(
                hours("2024-03-06", Some(4.0), None, Some(2.0)),
                Some(DayMode::Mixed),
            ),
            with_mode(hours("2024-03-07", Some(8.0), None, Some(5.0)), ic),
            // A gap: the 8th has no entry, so the 7th has no day after.
            hours("2024-03-09", Some(7.0), None, None),
            with_mode(hours("2024-03-10", Some(3.0), None, None), em),
        ];
        // Morning check-ins: the 6th's morning 2 is preferred over its day energy 4.
        let mornings = vec![None, None, Some(2.0), None, None, None];
        let a = day_after(&days, &mornings);
        // Meeting hours 1, 4, 2, 5: an even count, median (2 + 4) / 2 = 3
        // (not 2 or 4, the lower or upper middle).
        assert_eq!(a.median_meetings, Some(3.0));
        // Pairs: 4th→5th (6), 5th→6th (morning 2), 6th→7th (8), 9th→10th (3).
        // Above 3: the 5th (4 h) → 2. At or below: the 4th (1 h) → 6, the 6th (2 h) → 8: mean 7.
        assert_eq!(
            a.after_heavy,
            After {
                energy: Some(2.0),
                pairs: 1
            }
        );
        assert_eq!(
            a.after_light,
            After {
                energy: Some(7.0),
                pairs: 2
            }
        );
        // IC: the 4th → 6 (the 7th has no next day); EM: the 5th → 2; the
        // mixed 6th is left out, and the 9th has no mode.
        assert_eq!(
            a.after_ic,
            After {
                energy: Some(6.0),
                pairs: 1
            }
        );
        assert_eq!(
            a.after_em,
            After {
                energy: Some(2.0),
                pairs: 1
            }
        );
        // One day on a side: a difference, but no interval.
        let heavy_minus_light = a.meetings.unwrap();
        assert_eq!(
            (heavy_minus_light.delta, heavy_minus_light.interval),
            (-5.0, None)
        );
        assert_eq!(a.role.map(|r| (r.delta, r.interval)), Some((4.0, None)));
    }

    /// "with counts and intervals": each split's difference gets the 90%
    /// Welch interval of every delta, on groups of 3 and 3, and 2 and 3.
    #[test]
    fn the_day_after_differences_have_intervals() {
        let ic = Some(DayMode::Only(Mode::Ic));
        let em = Some(DayMode::Only(Mode::Em));
        let day = |date, energy, meetings, mode| Day {
            mode,
            ..hours(date, Some(energy), None, meetings)
        };
        let days = vec![
            day("2024-03-01", 5.0, Some(1.0), ic),
            day("2024-03-02", 6.0, Some(5.0), em),
            day("2024-03-03", 4.0, Some(2.0), ic),
            day("2024-03-04", 7.0, Some(6.0), em),
            day("2024-03-05", 3.0, Some(1.0), None),
            day("2024-03-06", 8.0, Some(4.0), em),
            day("2024-03-07", 5.0, None, None),
        ];
        let a = day_after(&days, &[None; 7]);
        // Meetings 1, 5, 2, 6, 1, 4: median (2 + 4) / 2 = 3.
        // Above: the 2nd → 4, the 4th → 3, the 6th → 5 (mean 4, s² 1);
        // at or below: the 1st → 6, the 3rd → 7, the 5th → 8 (mean 7, s² 1).
        // delta −3, SE² = 1/3 + 1/3, df = (2/3)² / (2 · (1/3)² / 2) = 4,
        // t_0.95(4) = 2.131847, half = 2.131847 · √(2/3) = 1.740646.
        let m = a.meetings.unwrap();
        let (low, high) = m.interval.unwrap();
        assert!((m.delta + 3.0).abs() < 1e-9);
        assert!((low + 4.740_646).abs() < 1e-6 && (high + 1.259_354).abs() < 1e-6);
        assert_eq!(m.verdict(), crate::index::Verdict::Drains);
        // IC: the 1st → 6, the 3rd → 7 (mean 6.5, s² 0.5); EM: 4, 3, 5 (mean 4, s² 1).
        // delta +2.5, SE² = 0.25 + 1/3, df = SE⁴ / (0.25² / 1 + (1/3)² / 2) = 2.882353,
        // t_0.95 = 2.393044, half = 1.827718: +0.672282 to +4.327718.
        let r = a.role.unwrap();
        let (low, high) = r.interval.unwrap();
        assert!((r.delta - 2.5).abs() < 1e-9);
        assert!((low - 0.672_282).abs() < 1e-6 && (high - 4.327_718).abs() < 1e-6);
        assert_eq!((a.after_ic.pairs, a.after_em.pairs), (2, 3));
    }

    #[test]
    fn medians() {
        assert_eq!(median([]), None);
        assert_eq!(median([3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median([4.0, 1.0, 2.0, 5.0]), Some(3.0));
    }
}
