//! Date ticks on the x axis, with labels thinned so they never overlap, at
//! the base text size or at the larger size phones get.

use chrono::{Datelike, Days, Months, NaiveDate};

use super::axis::{Frame, MAX_TEXT, W, text_width};
use super::svg::{Anchor, Svg, TEXT};

/// A place on the x axis: `mark` draws a tick line; `key` labels (those
/// naming a year) win over the rest when space is short.
pub struct Tick {
    pub x: f64,
    pub label: String,
    pub key: bool,
    pub mark: bool,
}

#[derive(Clone, Copy, PartialEq)]
enum Unit {
    Week,
    Month,
    Year,
}

/// Ticks from `first` to `last`: Mondays for two months or less, month starts
/// up to two years, else years (a partial first year is labelled too).
pub fn date_ticks(first: NaiveDate, last: NaiveDate, x: impl Fn(NaiveDate) -> f64) -> Vec<Tick> {
    let span = (last - first).num_days();
    let (unit, start) = if span <= 62 {
        let back = Days::new(u64::from(first.weekday().num_days_from_monday()));
        (Unit::Week, first.checked_sub_days(back))
    } else if span <= 731 {
        (Unit::Month, first.with_day(1))
    } else {
        (Unit::Year, NaiveDate::from_ymd_opt(first.year(), 1, 1))
    };
    // Years in steps of 1, 2, 5, 10, …: at most about 40 ticks for any span.
    let years = span / 365;
    let every = [1, 2, 5]
        .iter()
        .flat_map(|m| (0..7).map(move |k| m * 10u32.pow(k)));
    let every = every
        .filter(|e| years / i64::from(*e) <= 40)
        .min()
        .unwrap_or(1_000_000);
    let next = |t: NaiveDate| match unit {
        Unit::Week => t.checked_add_days(Days::new(7)),
        Unit::Month => t.checked_add_months(Months::new(1)),
        Unit::Year => t.checked_add_months(Months::new(12 * every)),
    };
    // The first tick on or after `first`.
    let mut d = start.and_then(|t| if t < first { next(t) } else { Some(t) });
    let mut ticks = Vec::new();
    if unit == Unit::Year && d.is_some_and(|y| (y - first).num_days() > 120) {
        let label = first.year().to_string();
        ticks.push(Tick {
            x: x(first),
            label,
            key: true,
            mark: false,
        });
    }
    while let Some(t) = d.filter(|t| *t <= last) {
        let head = ticks.is_empty();
        let (label, key) = match unit {
            Unit::Week if head => (t.format("%-d %b %Y").to_string(), true),
            Unit::Week => (t.format("%-d %b").to_string(), false),
            Unit::Month if head || t.month() == 1 => (t.format("%b %Y").to_string(), true),
            Unit::Month => (t.format("%b").to_string(), false),
            Unit::Year => (t.year().to_string(), true),
        };
        ticks.push(Tick {
            x: x(t),
            label,
            key,
            mark: true,
        });
        d = next(t);
    }
    ticks
}

/// Greedily keeps labels (keys first) that fit beside the ones kept so far.
fn fit(ticks: &[Tick], size: f64, placed: &mut Vec<(f64, f64)>, keep: &mut [bool]) {
    let keys = (0..ticks.len()).filter(|&i| ticks[i].key);
    for i in keys.chain((0..ticks.len()).filter(|&i| !ticks[i].key)) {
        let (a, b) = extent(&ticks[i], size);
        if keep[i] || b > W - 2.0 || placed.iter().any(|&(p, q)| a < q + 8.0 && p < b + 8.0) {
            continue;
        }
        placed.push((a, b));
        keep[i] = true;
    }
}

/// Where a tick's label starts and ends at a text size.
fn extent(t: &Tick, size: f64) -> (f64, f64) {
    (t.x + 3.0, t.x + 3.0 + text_width(&t.label, size))
}

/// The axis line, tick marks and the labels that fit. Labels that fit only
/// at the base text size get class `minor`, which phones hide.
pub fn x_axis(svg: &mut Svg, f: &Frame, ticks: &[Tick]) {
    let mut phone = vec![false; ticks.len()];
    fit(ticks, MAX_TEXT, &mut Vec::new(), &mut phone);
    let mut wide = phone.clone();
    let mut placed = (0..ticks.len())
        .filter(|&i| phone[i])
        .map(|i| extent(&ticks[i], TEXT))
        .collect();
    fit(ticks, TEXT, &mut placed, &mut wide);
    svg.line("axis", f.left, f.bottom, f.right, f.bottom);
    for (i, t) in ticks.iter().enumerate() {
        if t.mark {
            svg.line("axis", t.x, f.bottom, t.x, f.bottom + 5.0);
        }
        if wide[i] {
            let class = if phone[i] { "tick" } else { "tick minor" };
            svg.text(
                class,
                t.x + 3.0,
                f.bottom + 4.0,
                Anchor::Start,
                0.95,
                &t.label,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn labels(t: &[Tick]) -> Vec<&str> {
        t.iter().map(|t| t.label.as_str()).collect()
    }

    #[test]
    fn month_ticks_name_the_year_on_january_and_first() {
        let t = date_ticks(date(2024, 11, 15), date(2025, 2, 10), |_| 0.0);
        assert_eq!(labels(&t), ["Dec 2024", "Jan 2025", "Feb"]);
        let t = date_ticks(date(2024, 3, 1), date(2024, 6, 1), |_| 0.0);
        assert_eq!(labels(&t), ["Mar 2024", "Apr", "May", "Jun"]);
    }

    #[test]
    fn short_spans_get_mondays_and_long_ones_years() {
        let t = date_ticks(date(2024, 3, 6), date(2024, 3, 20), |_| 0.0);
        assert_eq!(labels(&t), ["11 Mar 2024", "18 Mar"]);
        let t = date_ticks(date(2020, 6, 1), date(2024, 2, 1), |_| 0.0);
        assert_eq!(labels(&t), ["2020", "2021", "2022", "2023", "2024"]);
        assert!(!t[0].mark && t[1].mark);
        let t = date_ticks(NaiveDate::MIN, NaiveDate::MAX, |_| 0.0);
        assert!(t.len() < 50, "{}", t.len());
    }

    #[test]
    fn crowded_labels_are_thinned_for_phones() {
        let ticks: Vec<Tick> = (0..22)
            .map(|i| Tick {
                x: 40.0 + f64::from(i) * 30.0,
                label: "Mar".into(),
                key: false,
                mark: true,
            })
            .collect();
        let mut s = Svg::new("t", W, 100.0, "");
        x_axis(&mut s, &Frame::new(36.0, 100.0), &ticks);
        let out = s.finish();
        // Every label fits at the base size; at the phone size, every other.
        assert_eq!(out.matches("class=\"tick").count(), 22);
        assert_eq!(out.matches("tick minor").count(), 11);
    }

    #[test]
    fn keys_win_over_their_neighbours() {
        let tick = |x: f64, label: &str, key| Tick {
            x,
            label: label.into(),
            key,
            mark: true,
        };
        let ticks = [tick(50.0, "Dec", false), tick(70.0, "Jan 2025", true)];
        let mut s = Svg::new("t", W, 100.0, "");
        x_axis(&mut s, &Frame::new(36.0, 100.0), &ticks);
        let out = s.finish();
        assert!(
            out.contains(">Jan 2025</text>") && !out.contains(">Dec</text>"),
            "{out}"
        );
    }
}
