//! The long view for journals spanning years: mean energy per period (month
//! or week) and, in a strip along the bottom, each period's IC and EM share.

use chrono::NaiveDate;

use super::axis::{self, Days, Frame, W};
use super::svg::Svg;
use super::ticks;
use super::{PeriodPoint, count, days, finite, level, mean, num, span};

const H: f64 = 280.0;
/// Height of the IC/EM strip and the gap above it.
const STRIP: f64 = 18.0;
const GAP: f64 = 8.0;

/// Mean energy per period over years, with each period's IC/EM share of days below.
pub fn period_timeline(points: &[PeriodPoint]) -> String {
    let mut points: Vec<&PeriodPoint> = points.iter().collect();
    points.sort_by_key(|p| p.start);
    let values: Vec<f64> = points.iter().filter_map(|p| finite(p.energy)).collect();
    let (Some(first), Some(last), Some(avg)) =
        (points.first(), points.last(), mean(values.iter().copied()))
    else {
        return String::new();
    };
    let monthly = axis::monthly(points.iter().map(|p| p.start));
    let end = axis::period_end(last.start, monthly);
    let label = format!(
        "Mean energy by {} from {}: {} with energy, overall mean {}.",
        if monthly { "month" } else { "week" },
        span(first.start, end),
        if monthly {
            count(values.len(), "month", "months")
        } else {
            count(values.len(), "week", "weeks")
        },
        num(avg)
    );
    let mut svg = Svg::new("chart-periods", W, H, &label);
    let mut f = Frame::new(36.0, H);
    // The x axis runs under the strip; the energy plot ends above it.
    let below = f;
    f.bottom -= STRIP + GAP;
    let x = Days::new(first.start, end, &f);
    let y = f.energy();
    axis::y_grid(&mut svg, &f, &y, &[2.0, 4.0, 6.0, 8.0, 10.0]);
    ticks::x_axis(
        &mut svg,
        &below,
        &ticks::date_ticks(first.start, end, |d| x.edge(d)),
    );
    axis::heading(
        &mut svg,
        "Energy (1–10)",
        &[
            ("mean", "●", "mean energy"),
            ("share ic", "■", "IC days"),
            ("share em", "■", "EM days"),
        ],
    );
    // Each period's slot on x: its left edge and width.
    let slot = |start: NaiveDate| {
        let x0 = x.edge(start);
        (x0, x.edge(axis::period_end(start, monthly)) + x.step() - x0)
    };
    svg.group("strip");
    for p in &points {
        let total = p.days.max(p.ic_days + p.em_days);
        if total == 0 {
            continue;
        }
        let (x0, w) = slot(p.start);
        let w = w - (w * 0.15).min(1.0);
        let share = |n: usize| STRIP * n as f64 / total as f64;
        let (ic, em) = (share(p.ic_days), share(p.em_days));
        let tip = format!(
            "{}: {} IC, {} EM of {}",
            p.label,
            p.ic_days,
            p.em_days,
            days(p.days)
        );
        svg.rect("track", x0, below.bottom - STRIP, w, STRIP, Some(&tip));
        svg.rect("share ic", x0, below.bottom - ic, w, ic, None);
        svg.rect("share em", x0, below.bottom - ic - em, w, em, None);
    }
    svg.end_group();
    let mut line = Vec::with_capacity(points.len());
    let mut prev_end: Option<NaiveDate> = None;
    for p in &points {
        if prev_end.is_some_and(|e| e.succ_opt() != Some(p.start)) {
            line.push(None);
        }
        let (x0, w) = slot(p.start);
        line.push(finite(p.energy).map(|e| (x0 + w / 2.0, y.at(e))));
        prev_end = Some(axis::period_end(p.start, monthly));
    }
    svg.path("mean", &axis::broken_path(line));
    let r = match points.len() {
        0..=60 => 3.0,
        61..=200 => 2.2,
        _ => 1.5,
    };
    svg.group("dots");
    for p in &points {
        let Some(e) = finite(p.energy) else { continue };
        let (x0, w) = slot(p.start);
        let tip = format!(
            "{}: energy {} over {} ({} IC, {} EM)",
            p.label,
            num(e),
            days(p.days),
            p.ic_days,
            p.em_days
        );
        svg.circle(
            &format!("dot e{}", level(e)),
            x0 + w / 2.0,
            y.at(e),
            r,
            Some(&tip),
        );
    }
    svg.end_group();
    svg.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn month(y: i32, m: u32, energy: Option<f64>) -> PeriodPoint {
        let start = NaiveDate::from_ymd_opt(y, m, 1).unwrap();
        PeriodPoint {
            start,
            label: start.format("%B %Y").to_string(),
            energy,
            days: 18,
            ic_days: 12,
            em_days: 6,
        }
    }

    #[test]
    fn empty_input_draws_nothing() {
        assert_eq!(period_timeline(&[]), "");
        assert_eq!(period_timeline(&[month(2024, 1, None)]), "");
    }

    #[test]
    fn points_have_tooltips_and_the_line_breaks_at_missing_months() {
        let pts = [
            month(2024, 1, Some(5.0)),
            month(2024, 2, Some(6.0)),
            month(2024, 4, Some(6.1)),
        ];
        let svg = period_timeline(&pts);
        assert!(
            svg.contains("<title>April 2024: energy 6.1 over 18 days (12 IC, 6 EM)</title>"),
            "{svg}"
        );
        let d = svg.split(r#"class="mean" fill="none" d=""#).nth(1).unwrap();
        assert_eq!(d[..d.find('"').unwrap()].matches('M').count(), 2);
        assert_eq!(svg.matches(r#"class="share ic""#).count(), 3);
    }

    #[test]
    fn shares_stack_within_the_strip() {
        let mut p = month(2024, 1, Some(5.0));
        (p.days, p.ic_days, p.em_days) = (0, 3, 1);
        let svg = period_timeline(&[p]);
        // 3 of 4 days IC: three quarters of the strip.
        assert!(svg.contains(r#"height="13.5"/>"#), "{svg}");
    }

    #[test]
    fn spans_of_years_are_ticked_by_year() {
        let pts: Vec<PeriodPoint> = (0..48)
            .map(|i| month(2021 + i / 12, (i % 12) as u32 + 1, Some(5.0)))
            .collect();
        let svg = period_timeline(&pts);
        for y in ["2021", "2022", "2023", "2024"] {
            assert!(svg.contains(&format!(">{y}</text>")), "{y}");
        }
    }
}
