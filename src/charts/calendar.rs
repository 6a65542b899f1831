//! A year at a glance: one square per day, a column per week (Monday first),
//! coloured by energy.

use chrono::{Datelike, NaiveDate};

use super::axis::{MAX_TEXT, W, text_width};
use super::svg::{Anchor, Svg};
use super::{DayPoint, level, long_day, mean, num};

/// Distance between cells, and their size: 54 weeks fit in the width.
const PITCH: f64 = 12.2;
const CELL: f64 = 10.2;
/// Room for "Wed" at the largest text size.
const LEFT: f64 = 50.0;
const TOP: f64 = 28.0;
const LEGEND: f64 = TOP + 7.0 * PITCH + 10.0;
const H: f64 = LEGEND + CELL + 14.0;

/// A calendar heatmap of one year's energy; days of other years are ignored.
pub fn calendar(year: i32, days: &[DayPoint]) -> String {
    let (Some(jan1), Some(dec31)) = (
        NaiveDate::from_ymd_opt(year, 1, 1),
        NaiveDate::from_ymd_opt(year, 12, 31),
    ) else {
        return String::new();
    };
    let mut by_day: Vec<Option<&DayPoint>> = vec![None; dec31.ordinal() as usize];
    for d in days.iter().filter(|d| d.date.year() == year) {
        by_day[d.date.ordinal0() as usize] = Some(d);
    }
    let values: Vec<f64> = by_day.iter().flatten().filter_map(|d| d.energy()).collect();
    let Some(avg) = mean(values.iter().copied()) else {
        return String::new();
    };
    let label = format!(
        "Energy in {year}, one square a day: {} with energy, mean {}.",
        super::days(values.len()),
        num(avg)
    );
    let mut svg = Svg::new("chart-calendar", W, H, &label);
    let offset = jan1.weekday().num_days_from_monday();
    let col = |d: NaiveDate| f64::from((d.ordinal0() + offset) / 7);
    for m in 1..=12 {
        // Labelled over the month's first full week, so labels never crowd.
        let Some(first) = NaiveDate::from_ymd_opt(year, m, 1) else {
            continue;
        };
        let monday =
            first + chrono::Days::new(u64::from((7 - first.weekday().num_days_from_monday()) % 7));
        let text = first.format("%b").to_string();
        svg.text(
            "tick",
            LEFT + col(monday) * PITCH,
            TOP - 6.0,
            Anchor::Start,
            0.0,
            &text,
        );
    }
    for (row, name) in [(0.0, "Mon"), (2.0, "Wed"), (4.0, "Fri")] {
        svg.text(
            "tick",
            LEFT - 5.0,
            TOP + row * PITCH + CELL / 2.0,
            Anchor::End,
            0.35,
            name,
        );
    }
    svg.group("days");
    for (date, d) in jan1.iter_days().zip(by_day.iter()) {
        let (x, y) = (
            LEFT + col(date) * PITCH,
            TOP + f64::from(date.weekday().num_days_from_monday()) * PITCH,
        );
        let energy = d.and_then(|d| d.energy());
        let (class, tip) = match energy {
            Some(e) => (
                format!("day e{}", level(e)),
                format!("{}: energy {}", long_day(date), num(e)),
            ),
            None => (
                "day none".to_owned(),
                format!("{}: no entry", long_day(date)),
            ),
        };
        svg.link(d.and_then(|d| d.url.as_deref()), &tip, |s| {
            s.rect(&class, x, y, CELL, CELL, Some(&tip))
        });
    }
    svg.end_group();
    legend(&mut svg);
    svg.finish()
}

/// "no entry" on the left; "low", the ten levels and "high" on the right.
fn legend(svg: &mut Svg) {
    let mid = LEGEND + CELL / 2.0;
    svg.rect("key none", LEFT, LEGEND, CELL, CELL, None);
    svg.text(
        "tick",
        LEFT + CELL + 5.0,
        mid,
        Anchor::Start,
        0.35,
        "no entry",
    );
    // Swatches end where "high" still fits at the largest text size.
    let start = W - 4.0 - text_width("high", MAX_TEXT) - 5.0 - 10.0 * PITCH;
    svg.text("tick", start - 5.0, mid, Anchor::End, 0.35, "low");
    for i in 1..=10u8 {
        svg.rect(
            &format!("key e{i}"),
            start + f64::from(i - 1) * PITCH,
            LEGEND,
            CELL,
            CELL,
            None,
        );
    }
    svg.text(
        "tick",
        start + 10.0 * PITCH + 3.0,
        mid,
        Anchor::Start,
        0.35,
        "high",
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32, energy: Option<f64>) -> DayPoint {
        let date = NaiveDate::from_ymd_opt(y, m, d).unwrap();
        DayPoint {
            date,
            energy,
            rolling: None,
            range: None,
            band: None,
            url: None,
        }
    }

    #[test]
    fn a_leap_year_has_366_cells() {
        let svg = calendar(
            2024,
            &[day(2024, 3, 5, Some(6.25)), day(2023, 12, 31, Some(2.0))],
        );
        assert_eq!(svg.matches(r#"<rect class="day "#).count(), 366);
        assert_eq!(
            calendar(2023, &[day(2023, 1, 1, Some(5.0))])
                .matches(r#"<rect class="day "#)
                .count(),
            365
        );
        assert!(svg.contains("<title>Tue 5 Mar 2024: energy 6.3</title>"));
        assert!(svg.contains("<title>Wed 6 Mar 2024: no entry</title>"));
        assert_eq!(svg.matches(r#"class="day e6""#).count(), 1);
        assert!(
            !svg.contains(r#"class="day e2""#),
            "the 2023 day is ignored"
        );
    }

    #[test]
    fn no_data_for_the_year_draws_nothing() {
        assert_eq!(calendar(2024, &[]), "");
        assert_eq!(
            calendar(2024, &[day(2023, 5, 1, Some(5.0)), day(2024, 5, 1, None)]),
            ""
        );
        assert_eq!(calendar(i32::MAX, &[]), "");
    }

    #[test]
    fn cells_link_to_their_day() {
        let mut d = day(2024, 1, 1, Some(8.0));
        d.url = Some("/2024/01/01/x/".into());
        let svg = calendar(2024, &[d]);
        assert!(
            svg.contains(
                r#"<a href="/2024/01/01/x/" aria-label="Mon 1 Jan 2024: energy 8"><rect class="day e8" x="50" y="28""#
            ),
            "{svg}"
        );
        // 1 Jan 2024 is a Monday, so 31 Dec is in the 53rd column.
        assert!(svg.contains(&format!(
            r#"x="{}" y="{}" width"#,
            num(LEFT + 52.0 * PITCH),
            num(TOP + PITCH)
        )));
    }
}
