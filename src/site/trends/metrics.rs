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
            "The mean of each week's days ({better}; dots coloured against the mean of the \
             weeks), then the mean on IC days and on EM days (mixed days left out)."
        ),
        svg,
        summary(m, f),
    )
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
