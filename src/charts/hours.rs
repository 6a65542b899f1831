//! Focus vs meetings: hours per week over time, as paired bars for a few
//! weeks and as two lines for many.

use chrono::NaiveDate;

use super::axis::{self, Days, Frame, MAX_TEXT, Scale, W, text_width};
use super::svg::Svg;
use super::ticks;
use super::{WeekHours, mean, num, span};

const H: f64 = 260.0;
/// Up to this many weeks, paired bars; beyond it, lines.
const BARS_UP_TO: usize = 30;
/// Beyond this many weeks, lines are thin and have no dots.
const DOTS_UP_TO: usize = 160;

/// Weekly focus and meeting hours over time (bars for ≤ 30 weeks, else lines).
pub fn weekly_hours(weeks: &[WeekHours]) -> String {
    let mut weeks: Vec<&WeekHours> = weeks.iter().collect();
    weeks.sort_by_key(|w| w.start);
    // NaN is no value; negative hours are none.
    let hours = |v: f64| v.is_finite().then_some(v.max(0.0));
    let focus: Vec<Option<f64>> = weeks.iter().map(|w| hours(w.focus)).collect();
    let meetings: Vec<Option<f64>> = weeks.iter().map(|w| hours(w.meetings)).collect();
    let all = || focus.iter().chain(&meetings).flatten().copied();
    let (Some(first), Some(last), Some(_)) = (weeks.first(), weeks.last(), all().next()) else {
        return String::new();
    };
    let monthly = axis::monthly(weeks.iter().map(|w| w.start));
    let end = axis::period_end(last.start, monthly);
    let label = format!(
        "Hours per week from {}{}: on average {} h focus and {} h meetings.",
        span(first.start, end),
        if monthly { ", averaged by month" } else { "" },
        num(mean(focus.iter().flatten().copied()).unwrap_or(0.0)),
        num(mean(meetings.iter().flatten().copied()).unwrap_or(0.0)),
    );
    let mut svg = Svg::new("chart-hours", W, H, &label);
    let (top, step) = axis::nice_top(all().fold(0.0, f64::max));
    let f = Frame::new((text_width(&num(top), MAX_TEXT) + 12.0).max(36.0), H);
    let y = Scale::new(0.0, top, f.bottom, f.top + 6.0);
    let x = Days::new(first.start, end, &f);
    let grid: Vec<f64> = (0..=20)
        .map(|i| f64::from(i) * step)
        .take_while(|v| *v <= top + 1e-9)
        .collect();
    axis::y_grid(&mut svg, &f, &y, &grid);
    ticks::x_axis(
        &mut svg,
        &f,
        &ticks::date_ticks(first.start, end, |d| x.edge(d)),
    );
    let slot = |start: NaiveDate| {
        let x0 = x.edge(start);
        (x0, x.edge(axis::period_end(start, monthly)) + x.step() - x0)
    };
    if weeks.len() <= BARS_UP_TO {
        axis::heading(
            &mut svg,
            "Hours per week",
            &[
                ("bar focus", "■", "focus"),
                ("bar meetings", "■", "meetings"),
            ],
        );
        for (i, w) in weeks.iter().enumerate() {
            let (x0, width) = slot(w.start);
            let bar = width * 0.4;
            for (k, (class, v)) in [("bar focus", focus[i]), ("bar meetings", meetings[i])]
                .into_iter()
                .enumerate()
            {
                if let Some(v) = v {
                    let bx = x0 + width * 0.1 + k as f64 * bar;
                    svg.rect(class, bx, y.at(v), bar, f.bottom - y.at(v), None);
                }
            }
        }
    } else {
        axis::heading(
            &mut svg,
            "Hours per week",
            &[
                ("line focus", "—", "focus"),
                ("line meetings", "—", "meetings"),
            ],
        );
        let thin = if weeks.len() > DOTS_UP_TO {
            " thin"
        } else {
            ""
        };
        for (name, values) in [("focus", &focus), ("meetings", &meetings)] {
            let mut points = Vec::with_capacity(weeks.len());
            let mut prev_end: Option<NaiveDate> = None;
            for (w, v) in weeks.iter().zip(values.iter()) {
                // A week with no entries is a gap, not a zero.
                if prev_end.is_some_and(|e| e.succ_opt() != Some(w.start)) {
                    points.push(None);
                }
                let (x0, width) = slot(w.start);
                points.push(v.map(|v| (x0 + width / 2.0, y.at(v))));
                prev_end = Some(axis::period_end(w.start, monthly));
            }
            svg.path(
                &format!("line {name}{thin}"),
                &axis::broken_path(points.iter().copied()),
            );
            if thin.is_empty() {
                for (cx, cy) in points.into_iter().flatten() {
                    svg.circle(&format!("pt {name}"), cx, cy, 2.2, None);
                }
            }
        }
    }
    // A transparent column per week on top carries its tooltip and link.
    svg.group("hits");
    for (i, w) in weeks.iter().enumerate() {
        let (x0, width) = slot(w.start);
        let part = |v: Option<f64>, what: &str| {
            v.map_or_else(
                || format!("{what} not recorded"),
                |v| format!("{} h {what}", num(v)),
            )
        };
        let tip = format!(
            "{}: {}, {}",
            w.label,
            part(focus[i], "focus"),
            part(meetings[i], "meetings")
        );
        svg.link(w.url.as_deref(), &tip, |s| {
            s.rect("hit", x0, f.top, width, f.bottom - f.top, Some(&tip))
        });
    }
    svg.end_group();
    svg.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn week(i: u64, focus: f64, meetings: f64) -> WeekHours {
        let start = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap() + chrono::Days::new(7 * i);
        WeekHours {
            start,
            label: format!("2024-W{:02}", i + 1),
            focus,
            meetings,
            url: None,
        }
    }

    #[test]
    fn few_weeks_are_paired_bars_with_tooltips() {
        let svg = weekly_hours(&[week(6, 18.0, 12.5), week(7, 20.0, 9.0)]);
        assert!(
            svg.contains("<title>2024-W07: 18 h focus, 12.5 h meetings</title>"),
            "{svg}"
        );
        assert_eq!(svg.matches(r#"<rect class="bar focus""#).count(), 2);
        assert!(svg.contains(">Hours per week</text>"));
    }

    #[test]
    fn many_weeks_are_lines_that_break_at_missing_weeks() {
        let weeks: Vec<WeekHours> = (0..60)
            .filter(|i| *i != 30)
            .map(|i| week(i, 10.0, 5.0))
            .collect();
        let svg = weekly_hours(&weeks);
        assert!(!svg.contains(r#"class="bar focus""#));
        let d = svg
            .split(r#"class="line focus" fill="none" d=""#)
            .nth(1)
            .unwrap();
        assert_eq!(d[..d.find('"').unwrap()].matches('M').count(), 2);
        assert_eq!(svg.matches(r#"<circle class="pt meetings""#).count(), 59);
    }

    #[test]
    fn very_many_weeks_are_thin_lines_without_dots() {
        let weeks: Vec<WeekHours> = (0..200).map(|i| week(i, 10.0, f64::NAN)).collect();
        let svg = weekly_hours(&weeks);
        assert!(svg.contains(r#"class="line focus thin""#) && !svg.contains("<circle"));
        assert!(svg.contains(">2025</text>"), "year ticks past two years");
        assert!(svg.contains("10 h focus, meetings not recorded"));
    }

    #[test]
    fn nothing_to_draw_gives_empty() {
        assert_eq!(weekly_hours(&[]), "");
        assert_eq!(weekly_hours(&[week(0, f64::NAN, f64::INFINITY)]), "");
    }
}
