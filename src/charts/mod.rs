//! Charts as inline SVG, generated at build time. Each chart takes plain data
//! (computed by `crate::index`) and returns SVG markup: readable without
//! JavaScript, in print and in feed readers, with a `<title>` on every point.
//! Colours come from CSS classes (`assets/style.css`), so charts follow the
//! light and dark themes.
//!
//! Geometry lives here; statistics never do.

use chrono::NaiveDate;

use crate::numbers::{count, level, mean, signed};
use std::fmt::Write as _;

/// The role of a day, as far as a chart cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Band {
    Ic,
    Em,
    Mixed,
}

/// One calendar day of an energy timeline. Days without entries have no energy.
#[derive(Debug, Clone, PartialEq)]
pub struct DayPoint {
    pub date: NaiveDate,
    /// The day's energy (mean of its entries).
    pub energy: Option<f64>,
    /// The 7-day rolling mean ending on this day, if any day in the window has data.
    pub rolling: Option<f64>,
    /// Lowest and highest check-in of the day.
    pub range: Option<(u8, u8)>,
    pub band: Option<Band>,
    /// The day's entry page or week page, for links from points.
    pub url: Option<String>,
}

/// One bucket (a week or a month) of a long timeline.
#[derive(Debug, Clone, PartialEq)]
pub struct PeriodPoint {
    /// The first day of the period.
    pub start: NaiveDate,
    /// A label for tooltips, e.g. `2024-W07` or `March 2024`.
    pub label: String,
    pub energy: Option<f64>,
    pub days: usize,
    pub ic_days: usize,
    pub em_days: usize,
}

/// A labelled value with the number of days behind it.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    pub label: String,
    pub value: Option<f64>,
    pub count: usize,
    /// Optional link, e.g. a tag page.
    pub url: Option<String>,
}

/// A week's focus and meeting hours.
#[derive(Debug, Clone, PartialEq)]
pub struct WeekHours {
    pub start: NaiveDate,
    /// `2024-W07`.
    pub label: String,
    pub focus: f64,
    pub meetings: f64,
    pub url: Option<String>,
}

/// Mean energy at each moment of the day, for one group of days (a mode).
#[derive(Debug, Clone, PartialEq)]
pub struct MomentSeries {
    /// `IC`, `EM` or `All`.
    pub label: String,
    /// Morning, midday, evening.
    pub means: [Option<f64>; 3],
    /// Days behind each mean.
    pub counts: [usize; 3],
}

mod axis;
mod bars;
mod calendar;
mod deltas;
mod hours;
mod intervals;
mod metric;
mod moments;
mod periods;
mod shares;
mod svg;
mod tags;
mod ticks;
mod timeline;

pub use bars::mode_comparison;
pub use calendar::calendar;
pub use deltas::{next_day_differences, tag_deltas};
pub use hours::weekly_hours;
pub use intervals::interval_deltas;
pub use metric::{MetricScale, MetricWeek, weekly_metric};
pub use moments::moments;
pub use periods::period_timeline;
pub use shares::{Part, ShareRow, shares};
pub use tags::tag_timeline;
pub use timeline::energy_timeline;

impl Band {
    /// The CSS class and the word used in tooltips.
    fn class(self) -> &'static str {
        match self {
            Band::Ic => "ic",
            Band::Em => "em",
            Band::Mixed => "mixed",
        }
    }

    fn name(self) -> &'static str {
        match self {
            Band::Ic => "IC",
            Band::Em => "EM",
            Band::Mixed => "mixed",
        }
    }
}

impl DayPoint {
    /// The day's energy, if it is a real number.
    fn energy(&self) -> Option<f64> {
        finite(self.energy)
    }
}

/// Drops NaN and infinities: a value a chart cannot place is no value.
fn finite(v: Option<f64>) -> Option<f64> {
    v.filter(|v| v.is_finite())
}

/// Escapes text for SVG element content and double-quoted attributes.
fn esc(s: &str) -> String {
    crate::html::escape(s)
}

/// A number with at most one decimal (`6.3`, `6`), for positions and tooltips.
/// Written from whole tenths: charts have thousands of coordinates, and
/// integers format much faster than floats.
fn num(v: f64) -> String {
    let t = tenths(v);
    let mut out = String::with_capacity(8);
    if t < 0 {
        out.push('-');
    }
    let t = t.unsigned_abs();
    let _ = write!(out, "{}", t / 10);
    if t % 10 != 0 {
        let _ = write!(out, ".{}", t % 10);
    }
    out
}

/// `v` in whole tenths, rounded half away from zero; 0 when not finite
/// (so no chart ever shows `NaN` or `-0`).
fn tenths(v: f64) -> i64 {
    let t = (v * 10.0).round();
    if t.is_finite() {
        // Saturates far beyond any chart's coordinates.
        t as i64
    } else {
        0
    }
}

/// `1 day`, `12 days`.
fn days(n: usize) -> String {
    count(n, "day", "days")
}

/// `Tue 5 Mar 2024`.
fn long_day(d: NaiveDate) -> String {
    d.format("%a %-d %b %Y").to_string()
}

/// `4 Mar to 1 Jun 2024`, or with both years when they differ; `4 Mar 2024`
/// for a single day.
fn span(first: NaiveDate, last: NaiveDate) -> String {
    use chrono::Datelike;
    if first == last {
        return last.format("%-d %b %Y").to_string();
    }
    let from = if first.year() == last.year() {
        "%-d %b"
    } else {
        "%-d %b %Y"
    };
    format!("{} to {}", first.format(from), last.format("%-d %b %Y"))
}

/// The class of a series or bar named after a mode: `ic`, `em`, `all` or `other`.
fn mode_class(label: &str) -> &'static str {
    match label.trim().to_ascii_lowercase().as_str() {
        "ic" => "ic",
        "em" => "em",
        "all" => "all",
        _ => "other",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_have_at_most_one_decimal() {
        assert_eq!(num(6.25), "6.3");
        assert_eq!(num(6.0), "6");
        assert_eq!(num(-0.01), "0");
        assert_eq!(num(f64::NAN), "0");
        assert_eq!(num(-0.06), "-0.1");
        assert_eq!(num(1234.5), "1234.5");
        assert_eq!(num(-12.0), "-12");
        assert_eq!(signed(1.24), "+1.2");
        assert_eq!(signed(-0.4), "−0.4");
        assert_eq!(signed(0.01), "±0.0");
    }

    #[test]
    fn escapes_markup() {
        assert_eq!(esc(r#"a<b & "c">"#), "a&lt;b &amp; &quot;c&quot;&gt;");
    }

    #[test]
    fn levels_are_clamped() {
        assert_eq!(level(6.5), 7);
        assert_eq!(level(0.2), 1);
        assert_eq!(level(42.0), 10);
    }

    #[test]
    fn spans_name_the_year_once_when_shared() {
        let d = |m, day| NaiveDate::from_ymd_opt(2024, m, day).unwrap();
        assert_eq!(span(d(3, 4), d(6, 1)), "4 Mar to 1 Jun 2024");
        assert_eq!(span(d(3, 4), d(3, 4)), "4 Mar 2024");
        assert_eq!(long_day(d(3, 5)), "Tue 5 Mar 2024");
    }
}
