//! A metric of the writer's own: its weekly mean over time, on the scale
//! its declaration gives, with each week's dot coloured by whether it is on
//! the better or the worse side of the overall mean.

use chrono::NaiveDate;

use super::axis::{self, Days, Frame, MAX_TEXT, Scale, W, text_width};
use super::svg::{Anchor, Svg};
use super::ticks;
use super::{days, finite, mean, num, span};

const H: f64 = 240.0;

/// One week's mean of a metric.
#[derive(Debug, Clone, PartialEq)]
pub struct MetricWeek {
    /// The Monday of the week.
    pub start: NaiveDate,
    /// `2024-W07`.
    pub label: String,
    pub mean: f64,
    pub days: usize,
    /// The week's review page.
    pub url: Option<String>,
}

/// How a metric is drawn: its name and unit, its declared bounds, and
/// whether higher is better.
#[derive(Debug, Clone, PartialEq)]
pub struct MetricScale {
    /// `Sleep (h)`.
    pub title: String,
    pub unit: Option<String>,
    pub min: f64,
    pub max: f64,
    pub higher_is_better: bool,
}

/// Weekly means of one metric over time: a line through the weeks with a
/// dot each (its tooltip names the week, the mean and its days) and the
/// overall mean dashed across.
pub fn weekly_metric(weeks: &[MetricWeek], scale: &MetricScale) -> String {
    let mut weeks: Vec<&MetricWeek> = weeks.iter().filter(|w| w.mean.is_finite()).collect();
    weeks.sort_by_key(|w| w.start);
    let (Some(first), Some(last), Some(avg)) = (
        weeks.first(),
        weeks.last(),
        mean(weeks.iter().map(|w| w.mean)),
    ) else {
        return String::new();
    };
    let unit = scale
        .unit
        .as_deref()
        .map_or(String::new(), |u| format!(" {u}"));
    // A long journal's weeks come grouped by month (each starts on the 1st).
    let monthly = axis::monthly(weeks.iter().map(|w| w.start));
    let (period, periods) = if monthly {
        ("month", "months")
    } else {
        ("week", "weeks")
    };
    let end = axis::period_end(last.start, monthly);
    let label = format!(
        "{} by {period} from {}: {} with values, mean of the {periods} {}{unit}.",
        scale.title,
        span(first.start, end),
        super::count(weeks.len(), period, periods),
        num(avg)
    );
    let mut svg = Svg::new("chart-metric", W, H, &label);
    let (lo, hi) = if scale.max > scale.min {
        (scale.min, scale.max)
    } else {
        (scale.min, scale.min + 1.0)
    };
    let f = Frame::new((text_width(&num(hi), MAX_TEXT) + 12.0).max(36.0), H);
    let y = Scale::new(lo, hi, f.bottom - 6.0, f.top + 6.0);
    let x = Days::new(first.start, end, &f);
    axis::y_grid(&mut svg, &f, &y, &gridlines(lo, hi));
    ticks::x_axis(
        &mut svg,
        &f,
        &ticks::date_ticks(first.start, end, |d| x.edge(d)),
    );
    axis::heading(
        &mut svg,
        &scale.title,
        &[
            ("dot better", "●", "better than the mean"),
            ("dot worse", "●", "worse"),
        ],
    );
    let mid = |start: NaiveDate| {
        (x.edge(start) + x.edge(axis::period_end(start, monthly)) + x.step()) / 2.0
    };
    let at = y.at(avg);
    svg.line("mean-line", f.left, at, f.right, at);
    svg.text(
        "mean-label",
        f.right - 4.0,
        at - 8.0,
        Anchor::End,
        0.0,
        &format!("mean {}{unit}", num(avg)),
    );
    let mut line = Vec::with_capacity(weeks.len());
    let mut prev: Option<NaiveDate> = None;
    for w in &weeks {
        // A period without a value is a gap in the line, not a zero.
        if prev.is_some_and(|p| axis::period_end(p, monthly).succ_opt() != Some(w.start)) {
            line.push(None);
        }
        line.push(finite(Some(w.mean)).map(|v| (mid(w.start), y.at(v))));
        prev = Some(w.start);
    }
    svg.path("mean", &axis::broken_path(line));
    let r = if weeks.len() > 120 { 2.0 } else { 3.5 };
    svg.group("dots");
    for w in &weeks {
        let better = (w.mean >= avg) == scale.higher_is_better;
        let class = if better { "dot better" } else { "dot worse" };
        let tip = format!("{}: {}{unit} over {}", w.label, num(w.mean), days(w.days));
        svg.link(w.url.as_deref(), &tip, |s| {
            s.circle(class, mid(w.start), y.at(w.mean), r, Some(&tip));
        });
    }
    svg.end_group();
    svg.finish()
}

/// About four round gridlines between the bounds, the bounds included.
fn gridlines(lo: f64, hi: f64) -> Vec<f64> {
    let (_, step) = axis::nice_top(hi - lo);
    let first = (lo / step).ceil() * step;
    (0..=40)
        .map(|i| first + f64::from(i) * step)
        .take_while(|v| *v <= hi + 1e-9)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn week(d: u32, mean: f64) -> MetricWeek {
        let start = NaiveDate::from_ymd_opt(2024, 3, d).unwrap();
        MetricWeek {
            start,
            label: crate::index::weeks::week_id(start),
            mean,
            days: 4,
            url: None,
        }
    }

    fn scale() -> MetricScale {
        MetricScale {
            title: "Sleep (h)".to_owned(),
            unit: Some("h".to_owned()),
            min: 0.0,
            max: 12.0,
            higher_is_better: true,
        }
    }

    #[test]
    fn weeks_have_tooltips_and_gaps_break_the_line() {
        let svg = weekly_metric(&[week(4, 6.0), week(11, 7.5), week(25, 8.0)], &scale());
        assert!(
            svg.contains("<title>2024-W11: 7.5 h over 4 days</title>"),
            "{svg}"
        );
        assert!(svg.contains("mean 7.2 h"), "{svg}");
        let d = svg.split(r#"class="mean" fill="none" d=""#).nth(1).unwrap();
        assert_eq!(d[..d.find('"').unwrap()].matches('M').count(), 2);
        // Above the mean is better for sleep; below it worse.
        assert_eq!(svg.matches(r#"class="dot better""#).count(), 2);
        assert_eq!(svg.matches(r#"class="dot worse""#).count(), 1);
    }

    #[test]
    fn nothing_to_draw_draws_nothing() {
        assert_eq!(weekly_metric(&[], &scale()), "");
        assert_eq!(weekly_metric(&[week(4, f64::NAN)], &scale()), "");
        assert_eq!(gridlines(0.0, 12.0), [0.0, 5.0, 10.0]);
        assert_eq!(gridlines(1.0, 5.0), [1.0, 2.0, 3.0, 4.0, 5.0]);
    }
}
