//! The day after: next-day energy after heavy and light meeting days, and
//! after IC days and EM days.

use super::days::{Day, DayMode};
use crate::content::Mode;
use crate::numbers::mean;

/// Next-day energy after one kind of day.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct After {
    /// Mean next-day energy over the pairs.
    pub energy: Option<f64>,
    /// Pairs: a day of this kind followed by a calendar day with energy.
    pub pairs: usize,
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
        let values: Vec<f64> = pairs
            .iter()
            .filter(|(d, _)| keep(d))
            .map(|(_, e)| *e)
            .collect();
        After {
            pairs: values.len(),
            energy: mean(values),
        }
    };
    let (heavy, light) = match median_meetings {
        Some(m) => (
            after(&|d| d.meeting_hours.is_some_and(|h| h > m)),
            after(&|d| d.meeting_hours.is_some_and(|h| h <= m)),
        ),
        None => (After::default(), After::default()),
    };
    DayAfter {
        median_meetings,
        after_heavy: heavy,
        after_light: light,
        after_ic: after(&|d| d.mode == Some(DayMode::Only(Mode::Ic))),
        after_em: after(&|d| d.mode == Some(DayMode::Only(Mode::Em))),
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
    }

    #[test]
    fn medians() {
        assert_eq!(median([]), None);
        assert_eq!(median([3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median([4.0, 1.0, 2.0, 5.0]), Some(3.0));
    }
}
