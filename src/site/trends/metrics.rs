//! "Your metrics" on `/trends/`: for each metric book.toml declares, its
//! weekly means, its mean per mode, and how it moves with day energy.

use crate::charts::{self, Bar, MetricScale, MetricWeek};
use crate::config::{Better, Metric};
use crate::content::Mode;
use crate::index::Index;
use crate::index::metrics::{self, CORRELATION_DAYS, MetricFigures};
use crate::numbers::count;
use crate::render::trend_views::ChartView;
use crate::render::views::Links;

use super::{chart, week_url};

/// A chart for each metric, in the order book.toml declares them.
pub(super) fn metric_charts(
    index: &Index<'_>,
    urls: Links<'_>,
    declared: &[Metric],
) -> Vec<ChartView> {
    declared
        .iter()
        .map(|m| {
            let f = metrics::figures(&index.days, &index.weeks, &m.key);
            metric_chart(index, urls, m, &f)
        })
        .collect()
}

/// `Sleep (h)`, or the label alone without a unit.
fn title(m: &Metric) -> String {
    match &m.unit {
        Some(unit) => format!("{} ({unit})", m.label),
        None => m.label.clone(),
    }
}

fn metric_chart(index: &Index<'_>, urls: Links<'_>, m: &Metric, f: &MetricFigures) -> ChartView {
    let weeks: Vec<MetricWeek> = f
        .weekly
        .iter()
        .map(|w| {
            let week = &index.weeks[w.week];
            MetricWeek {
                start: w.monday,
                label: week.id(),
                mean: w.mean,
                days: w.days,
                url: Some(week_url(urls, week)),
            }
        })
        .collect();
    // Beyond three years of weeks, a point a month (a mean weighted by days).
    let (weeks, period) = if weeks.len() > super::WEEKLY_LIMIT {
        (by_month(&weeks), "month")
    } else {
        (weeks, "week")
    };
    let scale = MetricScale {
        title: title(m),
        unit: m.unit.clone(),
        min: m.min,
        max: m.max,
        higher_is_better: m.better == Better::Higher,
    };
    let bars = vec![(
        format!("Mean {} by mode", m.label.to_lowercase()),
        Mode::ALL
            .iter()
            .map(|mode| {
                let (value, days) = f.modes[mode.index()];
                Bar {
                    label: mode.label().to_owned(),
                    value,
                    count: days,
                    url: None,
                }
            })
            .collect(),
    )];
    let svg = charts::weekly_metric(&weeks, &scale) + &charts::mode_comparison(&bars);
    let better = match m.better {
        Better::Higher => "higher is better",
        Better::Lower => "lower is better",
    };
    chart(
        &format!("metric-{}", m.key.replace('_', "-")),
        &m.label,
        &format!(
            "The mean of each {period}'s days ({better}; dots coloured against the mean of the \
             {period}s), then the mean on IC days and on EM days (mixed days left out)."
        ),
        svg,
        summary(m, f),
    )
}

/// Weekly means grouped by the month each week starts in, weighted by days.
pub(super) fn by_month(weeks: &[MetricWeek]) -> Vec<MetricWeek> {
    use chrono::Datelike;
    let mut out: Vec<(MetricWeek, f64)> = Vec::new();
    for w in weeks {
        let Some(first) = w.start.with_day(1) else {
            continue;
        };
        match out.last_mut() {
            Some((m, sum)) if m.start == first => {
                *sum += w.mean * w.days as f64;
                m.days += w.days;
            }
            _ => out.push((
                MetricWeek {
                    start: first,
                    label: first.format("%B %Y").to_string(),
                    mean: 0.0,
                    days: w.days,
                    url: None,
                },
                w.mean * w.days as f64,
            )),
        }
    }
    out.into_iter()
        .map(|(mut m, sum)| {
            m.mean = sum / m.days.max(1) as f64;
            m
        })
        .collect()
}

/// The figures in words: the mean, per mode, and the correlation with energy.
fn summary(m: &Metric, f: &MetricFigures) -> Vec<String> {
    let Some(overall) = f.mean else {
        return vec![format!("No {} recorded yet.", m.label.to_lowercase())];
    };
    let mut lines = vec![format!(
        "{}: {} on average over {}, in {}.",
        m.label,
        m.show(overall),
        count(f.days, "day", "days"),
        count(f.weekly.len(), "week", "weeks")
    )];
    let modes: Vec<String> = Mode::ALL
        .iter()
        .filter_map(|mode| {
            let (value, days) = f.modes[mode.index()];
            Some(format!(
                "{} over {} {} days",
                m.show(value?),
                days,
                mode.label()
            ))
        })
        .collect();
    if !modes.is_empty() {
        lines.push(format!("{}.", capitalise(&modes.join(", "))));
    }
    let c = f.correlation;
    lines.push(match (c.shown(), c.r) {
        (Some(r), _) => format!(
            "With day energy: r = {} over {}: {}.",
            crate::numbers::coefficient(r),
            count(c.n, "day", "days"),
            strength(r)
        ),
        (None, _) if c.n < CORRELATION_DAYS => format!(
            "With day energy: too few days to say ({} with both, {CORRELATION_DAYS} needed).",
            c.n
        ),
        (None, _) => format!(
            "With day energy: no correlation to compute over {} (one of them does not vary).",
            count(c.n, "day", "days")
        ),
    });
    lines
}

/// How strong a correlation is, in words (by |r|: below 0.1 none to speak
/// of, below 0.3 weak, below 0.5 moderate, else strong).
fn strength(r: f64) -> String {
    let size = match r.abs() {
        a if a < 0.1 => return "no clear relation".to_owned(),
        a if a < 0.3 => "weak",
        a if a < 0.5 => "moderate",
        _ => "strong",
    };
    let way = if r > 0.0 { "higher" } else { "lower" };
    format!("{size}, {way} on days with more energy")
}

fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn week(start: &str, mean: f64, days: usize) -> MetricWeek {
        MetricWeek {
            start: start.parse::<NaiveDate>().expect("a date"),
            label: start.to_owned(),
            mean,
            days,
            url: None,
        }
    }

    #[test]
    fn weeks_group_by_the_month_they_start_in_weighted_by_days() {
        let months = by_month(&[
            week("2024-01-01", 6.0, 3),
            week("2024-01-29", 8.0, 1),
            week("2024-02-05", 5.0, 2),
        ]);
        // January: (6 · 3 + 8 · 1) / 4 = 6.5 over 4 days; February: 5 over 2.
        assert_eq!(months.len(), 2);
        assert_eq!(
            (months[0].label.as_str(), months[0].mean, months[0].days),
            ("January 2024", 6.5, 4)
        );
        assert_eq!((months[1].mean, months[1].days), (5.0, 2));
        let svg = charts::weekly_metric(
            &months,
            &MetricScale {
                title: "Sleep (h)".to_owned(),
                unit: Some("h".to_owned()),
                min: 0.0,
                max: 12.0,
                higher_is_better: true,
            },
        );
        assert!(svg.contains("Sleep (h) by month from"), "{svg}");
        assert!(
            svg.contains("<title>January 2024: 6.5 h over 4 days</title>"),
            "{svg}"
        );
    }
}
