//! How sure a delta is, and the delta that accounts for the role.
//!
//! Every delta gets a 90% interval by Welch's t: SE² = s₁²/n₁ + s₂²/n₂,
//! Welch–Satterthwaite degrees of freedom (not rounded), the t quantile at
//! 0.95. The *within-role delta* of a tag is the mean of its per-mode deltas
//! d_m (over m-days with energy; defined when both groups are non-empty),
//! weighted by w_m = the number of m-days with the tag; its interval uses the
//! normalised weights v_m = w_m / Σw: SE² = Σ v_m² (s₁²/n₁ + s₂²/n₂)_m, with
//! df by Welch–Satterthwaite over all the groups used. An interval needs
//! n ≥ 2 in every group it uses.

use crate::numbers::{signed, t_quantile};

/// The confidence of every interval: 90%, so the t quantile at 0.95.
const QUANTILE: f64 = 0.95;

/// Count, sum and sum of squares of a group of values: enough for its mean
/// and variance, and one group can be taken from another ("without" is all
/// minus "with").
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Moments {
    pub n: usize,
    sum: f64,
    squares: f64,
}

impl Moments {
    /// The moments of `values`.
    pub fn of(values: impl IntoIterator<Item = f64>) -> Moments {
        let mut m = Moments::default();
        for v in values {
            m.add(v);
        }
        m
    }

    /// Counts one more value.
    pub fn add(&mut self, value: f64) {
        self.n += 1;
        self.sum += value;
        self.squares += value * value;
    }

    /// The values of `self` that are not in `part` (a subset of them).
    pub fn minus(self, part: Moments) -> Moments {
        Moments {
            n: self.n - part.n,
            sum: self.sum - part.sum,
            squares: self.squares - part.squares,
        }
    }

    /// The mean, or `None` for an empty group.
    pub fn mean(&self) -> Option<f64> {
        (self.n > 0).then(|| self.sum / self.n as f64)
    }

    /// The sample variance (divided by n − 1), or `None` below 2 values.
    pub fn variance(&self) -> Option<f64> {
        if self.n < 2 {
            return None;
        }
        let n = self.n as f64;
        // Rounding can leave a hair below zero when every value is equal.
        Some(((self.squares - self.sum * self.sum / n) / (n - 1.0)).max(0.0))
    }

    /// s²/n, the group's share of a squared standard error.
    fn spread(&self) -> Option<f64> {
        self.variance().map(|v| v / self.n as f64)
    }
}

/// Days with a tag against days without it, over days with energy.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Split {
    pub with: Moments,
    pub without: Moments,
}

impl Split {
    /// Mean with minus mean without, when both groups have days.
    pub fn delta(&self) -> Option<f64> {
        Some(self.with.mean()? - self.without.mean()?)
    }
}

/// A delta and how sure it is.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Effect {
    /// Positive restores, negative drains.
    pub delta: f64,
    /// The 90% interval, low to high; `None` when a group it would use has
    /// fewer than 2 days.
    pub interval: Option<(f64, f64)>,
}

/// What a delta says, in words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Restores,
    Drains,
    /// The interval contains 0.
    NoClearEffect,
    /// No interval: a group has fewer than 2 days.
    TooFewDays,
}

impl Verdict {
    /// The words a page or a summary uses.
    pub fn text(self) -> &'static str {
        match self {
            Verdict::Restores => "restores",
            Verdict::Drains => "drains",
            Verdict::NoClearEffect => "no clear effect",
            Verdict::TooFewDays => "too few days",
        }
    }

    /// A class name for the same (`restores`, `drains`, `unclear`, `few`).
    pub fn class(self) -> &'static str {
        match self {
            Verdict::Restores => "restores",
            Verdict::Drains => "drains",
            Verdict::NoClearEffect => "unclear",
            Verdict::TooFewDays => "few",
        }
    }
}

impl Effect {
    /// The interval in words: `−0.3 to +2.7`, or `too few days`.
    pub fn interval_text(&self) -> String {
        match self.interval {
            Some((low, high)) => format!("{} to {}", signed(low), signed(high)),
            None => Verdict::TooFewDays.text().to_owned(),
        }
    }

    /// The delta and its interval: `+1.2 (−0.3 to +2.7)`.
    pub fn text(&self) -> String {
        format!("{} ({})", signed(self.delta), self.interval_text())
    }

    /// Restores or drains only when the interval leaves out 0.
    pub fn verdict(&self) -> Verdict {
        match self.interval {
            None => Verdict::TooFewDays,
            Some((low, high)) if low <= 0.0 && high >= 0.0 => Verdict::NoClearEffect,
            Some(_) if self.delta > 0.0 => Verdict::Restores,
            Some(_) => Verdict::Drains,
        }
    }
}

/// The raw delta of `split` with its interval, when both groups have days.
pub fn raw(split: &Split) -> Option<Effect> {
    Some(Effect {
        delta: split.delta()?,
        interval: interval(split.delta()?, &[(1.0, *split)]),
    })
}

/// The within-role delta over one split per mode: the mean of the defined
/// per-mode deltas weighted by the days with the tag; `None` when no mode
/// has days both with and without it.
pub fn within_role(modes: &[Split]) -> Option<Effect> {
    let used: Vec<&Split> = modes.iter().filter(|s| s.delta().is_some()).collect();
    let total: usize = used.iter().map(|s| s.with.n).sum();
    if total == 0 {
        return None;
    }
    let total = total as f64;
    let weighted: Vec<(f64, Split)> = used
        .iter()
        .map(|s| (s.with.n as f64 / total, **s))
        .collect();
    let delta = weighted
        .iter()
        .map(|(v, s)| v * s.delta().unwrap_or(0.0))
        .sum();
    Some(Effect {
        delta,
        interval: interval(delta, &weighted),
    })
}

/// `delta` ± t·SE over splits with normalised weights, or `None` when a group
/// has fewer than 2 values.
fn interval(delta: f64, parts: &[(f64, Split)]) -> Option<(f64, f64)> {
    // Each group's term v² s²/n, with its n − 1.
    let mut terms = Vec::with_capacity(parts.len() * 2);
    for (v, split) in parts {
        for group in [split.with, split.without] {
            terms.push((v * v * group.spread()?, (group.n - 1) as f64));
        }
    }
    let se2: f64 = terms.iter().map(|(a, _)| a).sum();
    if se2 <= 0.0 {
        // Every group is constant: nothing is uncertain.
        return Some((delta, delta));
    }
    let df = se2 * se2 / terms.iter().map(|(a, k)| a * a / k).sum::<f64>();
    let half = t_quantile(QUANTILE, df)? * se2.sqrt();
    Some((delta - half, delta + half))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(with: &[f64], without: &[f64]) -> Split {
        Split {
            with: Moments::of(with.iter().copied()),
            without: Moments::of(without.iter().copied()),
        }
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-6
    }

    /// "A 90% interval by Welch's t: SE² = s₁²/n₁ + s₂²/n₂, Welch–Satterthwaite
    /// degrees of freedom (not rounded), the t quantile at 0.95."
    #[test]
    fn welch_interval_on_groups_of_two_and_three() {
        // With [4, 6]: mean 5, s² = (1 + 1) / 1 = 2.
        // Without [7, 8, 9]: mean 8, s² = (1 + 0 + 1) / 2 = 1.
        // delta = 5 − 8 = −3; SE² = 2/2 + 1/3 = 4/3.
        // df = (4/3)² / ((2/2)²/1 + (1/3)²/2) = (16/9) / (19/18) = 32/19 = 1.684211
        // (rounded to 1 or 2 it would give 6.3138 or 2.9200, not this).
        // t_0.95(32/19) = 3.329870 (mpmath); half = 3.329870 · √(4/3) = 3.845003.
        // Interval: −6.845003 to +0.845003: it contains 0, "no clear effect".
        let e = raw(&split(&[4.0, 6.0], &[7.0, 8.0, 9.0])).unwrap();
        assert!(close(e.delta, -3.0));
        let (low, high) = e.interval.unwrap();
        assert!(
            close(low, -6.845_003) && close(high, 0.845_003),
            "{low} {high}"
        );
        assert_eq!(e.verdict(), Verdict::NoClearEffect);
        assert_eq!(e.verdict().text(), "no clear effect");
        assert_eq!(e.text(), "−3.0 (−6.8 to +0.8)");
    }

    #[test]
    fn one_day_in_a_group_is_too_few() {
        let e = raw(&split(&[9.0], &[2.0, 3.0, 4.0])).unwrap();
        assert!(close(e.delta, 6.0));
        assert_eq!(e.interval, None);
        assert_eq!(e.verdict(), Verdict::TooFewDays);
        assert_eq!(e.text(), "+6.0 (too few days)");
        assert_eq!(raw(&split(&[], &[2.0, 3.0])), None);
    }

    #[test]
    fn a_clear_interval_names_its_direction() {
        // With [8, 9], without [2, 3]: delta 6, SE² = 0.25 + 0.25, df = 0.25 / (0.0625 · 2) = 2.
        // Half = 2.919986 · √0.5 = 2.064742: 3.935258 to 8.064742.
        let e = raw(&split(&[8.0, 9.0], &[2.0, 3.0])).unwrap();
        let (low, high) = e.interval.unwrap();
        assert!(
            close(low, 3.935_258) && close(high, 8.064_742),
            "{low} {high}"
        );
        assert_eq!(e.verdict(), Verdict::Restores);
        let e = raw(&split(&[2.0, 3.0], &[8.0, 9.0])).unwrap();
        assert_eq!(e.verdict(), Verdict::Drains);
        // Constant groups: an interval of one point.
        let e = raw(&split(&[5.0, 5.0], &[4.0, 4.0, 4.0])).unwrap();
        assert_eq!(e.interval, Some((1.0, 1.0)));
        assert_eq!(e.verdict(), Verdict::Restores);
    }

    /// "d_m = mean energy of m-days with the tag minus mean energy of m-days
    /// without it, defined when both groups are non-empty. The tag's
    /// within-role delta is the mean of the defined d_m weighted by w_m = the
    /// number of m-days with the tag (with energy); when only one d_m is
    /// defined, it is that one."
    #[test]
    fn within_role_weights_by_days_with_the_tag() {
        // IC: with [7, 9] (mean 8), without [6, 7, 7, 8] (mean 7): d = 1, w = 2.
        // EM: with [3, 4, 4, 5] (mean 4), without [2, 3] (mean 2.5): d = 1.5, w = 4.
        // (2 · 1 + 4 · 1.5) / 6 = 4/3 (unweighted it would be 1.25, by days without 7/6).
        let ic = split(&[7.0, 9.0], &[6.0, 7.0, 7.0, 8.0]);
        let em = split(&[3.0, 4.0, 4.0, 5.0], &[2.0, 3.0]);
        let e = within_role(&[ic, em]).unwrap();
        assert!(close(e.delta, 4.0 / 3.0));
        // v = 1/3, 2/3. s²: 2, 2/3 (IC); 2/3, 1/2 (EM).
        // SE² = (1/9)(2/2 + (2/3)/4) + (4/9)((2/3)/4 + (1/2)/2)
        //     = (1/9)(7/6) + (4/9)(5/12) = 7/54 + 10/54 = 17/54 = 0.314815.
        // Terms v² s²/n: 1/9 (n−1 = 1), 1/54 (3), 2/27 (3), 1/9 (1).
        // df = (17/54)² / ((1/9)² + (1/54)²/3 + (2/27)²/3 + (1/9)²) = 3.721030.
        // t_0.95(3.721030) = 2.178608 (mpmath); half = 2.178608 · √(17/54) = 1.222381.
        // Interval: 4/3 ∓ 1.222381 = 0.110952 to 2.555715: leaves out 0, "restores".
        let (low, high) = e.interval.unwrap();
        assert!(
            close(low, 0.110_952) && close(high, 2.555_715),
            "{low} {high}"
        );
        assert_eq!(e.verdict(), Verdict::Restores);

        // Only one d_m defined: it is that one, with that mode's interval.
        let none = split(&[4.0], &[]);
        let only = within_role(&[ic, none]).unwrap();
        assert_eq!(only.delta, 1.0);
        assert_eq!(only.interval, raw(&ic).unwrap().interval);
        assert_eq!(within_role(&[none, none]), None);
        // One group of one day among the groups used: no interval.
        let one = split(&[4.0], &[2.0, 3.0]);
        assert_eq!(within_role(&[ic, one]).unwrap().interval, None);
    }
}
