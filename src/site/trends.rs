//! Assembling the trend pages: statistics from `crate::index` become chart
//! inputs, charts, and the key numbers in words.

use chrono::{Datelike, Duration, NaiveDate};

use crate::charts::{self, Band, Bar, DayPoint, MomentSeries, PeriodPoint, WeekHours};
use crate::content::Mode;
use crate::index::trends::{self, Daily};
use crate::index::{DayMode, Effect, Index, TagIndex, Verdict, Week};
use crate::numbers::count;
use crate::numbers::{hours, mean, one_decimal, signed};
use crate::render::trend_views::{ChartView, TrendsView};
use crate::render::views::{Link, Links};

/// Journals longer than this get a monthly long view beside the last year in days.
const DAILY_SPAN_DAYS: i64 = 400;
/// Weekly hours are grouped by month beyond this many weeks.
const WEEKLY_LIMIT: usize = 156;

/// A chart with its anchor, title and caption.
fn chart(id: &str, title: &str, caption: &str, svg: String, summary: Vec<String>) -> ChartView {
    ChartView {
        id: id.to_owned(),
        title: title.to_owned(),
        caption: caption.to_owned(),
        svg,
        summary,
    }
}

/// Gaps of at most this many days between two days of the same mode are
/// shaded as that mode: a journal is rarely written every day.
const BAND_GAP_DAYS: usize = 7;

/// Timeline points for chart input, each linked to the day's first entry.
pub fn day_points(index: &Index<'_>, urls: Links<'_>, series: &[Daily]) -> Vec<DayPoint> {
    let mut points = raw_points(index, urls, series);
    fill_band_gaps(&mut points);
    points
}

/// Shades short runs of days without a mode between two days of one mode.
fn fill_band_gaps(points: &mut [DayPoint]) {
    let mut last: Option<(usize, Band)> = None;
    for i in 0..points.len() {
        let Some(band) = points[i].band else { continue };
        if let Some((j, prev)) = last {
            let gap = i - j - 1;
            if prev == band && gap > 0 && gap <= BAND_GAP_DAYS {
                for p in &mut points[j + 1..i] {
                    p.band = Some(band);
                }
            }
        }
        last = Some((i, band));
    }
}

fn raw_points(index: &Index<'_>, urls: Links<'_>, series: &[Daily]) -> Vec<DayPoint> {
    series
        .iter()
        .map(|d| DayPoint {
            date: d.date,
            energy: d.energy,
            rolling: d.rolling,
            range: d.range,
            band: d.mode.map(|m| match m {
                DayMode::Only(Mode::Ic) => Band::Ic,
                DayMode::Only(Mode::Em) => Band::Em,
                DayMode::Mixed => Band::Mixed,
            }),
            url: d
                .day
                .and_then(|i| index.days[i].entries.first())
                .map(|&e| urls.entry(index.entries[e])),
        })
        .collect()
}

/// `1 Mar 2024`.
fn long_date(d: NaiveDate) -> String {
    d.format("%-d %b %Y").to_string()
}

/// The days shown in daily detail: everything for a short journal, else the
/// last year up to `now`.
fn daily_range(index: &Index<'_>, now: NaiveDate) -> Option<(NaiveDate, NaiveDate)> {
    let first = index.days.first()?.date;
    let to = now.max(first);
    let from = if (to - first).num_days() > DAILY_SPAN_DAYS {
        to - Duration::days(364)
    } else {
        first
    };
    Some((from, to))
}

/// `/trends/`.
pub fn trends_view(
    index: &Index<'_>,
    urls: Links<'_>,
    now: Option<NaiveDate>,
    config: &crate::config::Config,
) -> TrendsView {
    let journal = &config.journal;
    let mut charts = Vec::new();
    let (Some(now), Some(first), Some(last)) = (now, index.days.first(), index.days.last()) else {
        return TrendsView {
            toc: Vec::new(),
            charts,
            rare_tags: Vec::new(),
            rare_days: crate::index::RARE_TAG_DAYS,
            rare_hour_tags: Vec::new(),
            rare_intervals: crate::index::intervals::RARE_TAG_INTERVALS,
            span: None,
            metrics: Vec::new(),
        };
    };
    if let Some((from, to)) = daily_range(index, now) {
        let series = trends::daily(&index.days, from, to);
        charts.push(chart(
            "energy",
            "Energy over time",
            "Each day's energy, its 7-day rolling mean, the range of its check-ins, and IC/EM days shaded behind.",
            charts::energy_timeline(&day_points(index, urls, &series)),
            energy_summary(&series),
        ));
        if from > first.date {
            charts.push(long_view(index));
        }
    }
    // The latest year only: each year's page draws its own calendar.
    for year in [now.year().clamp(first.date.year(), last.date.year())] {
        let (Some(start), Some(end)) = (
            NaiveDate::from_ymd_opt(year, 1, 1),
            NaiveDate::from_ymd_opt(year, 12, 31),
        ) else {
            continue;
        };
        let series = trends::daily(&index.days, start, end);
        charts.push(chart(
            &format!("calendar-{year}"),
            &format!("{year} at a glance"),
            "One square a day, coloured by energy.",
            charts::calendar(year, &day_points(index, urls, &series)),
            calendar_summary(year, &series),
        ));
    }
    charts.push(mode_chart(index));
    let (rare, common): (Vec<&TagIndex>, Vec<&TagIndex>) =
        index.tags.iter().partition(|t| t.is_rare());
    charts.push(tags_chart(urls, &common));
    charts.push(moments_chart(index));
    let (by_hour, rare_hour_tags) = hours::hours_chart(index, urls);
    charts.push(by_hour);
    charts.push(hours_chart(index, urls));
    charts.push(practice::weekdays_chart(index));
    charts.push(practice::day_after_chart(index));
    charts.push(practice::balance_chart(index));
    charts.push(practice::capacity_chart(
        index,
        urls,
        journal.workday_hours,
        journal.deep_work_hours,
    ));
    let metrics = metrics::metric_charts(index, urls, &config.metrics);
    let mut toc = contents(&charts);
    if !metrics.is_empty() {
        toc.push(Link {
            title: "Your metrics".to_owned(),
            url: "#your-metrics".to_owned(),
        });
    }
    TrendsView {
        toc,
        charts,
        metrics,
        rare_tags: rare
            .iter()
            .map(|t| Link {
                title: t.name.clone(),
                url: urls.tag(&t.slug),
            })
            .collect(),
        rare_days: crate::index::RARE_TAG_DAYS,
        rare_hour_tags,
        rare_intervals: crate::index::intervals::RARE_TAG_INTERVALS,
        span: Some(format!(
            "{} to {}",
            long_date(first.date),
            long_date(last.date)
        )),
    }
}

/// Links to the charts of the page; the yearly calendars share one link.
fn contents(charts: &[ChartView]) -> Vec<Link> {
    let mut toc: Vec<Link> = Vec::new();
    let mut calendars = charts.iter().filter(|c| c.id.starts_with("calendar-"));
    let first_calendar = calendars.next();
    let years = 1 + calendars.count();
    for c in charts {
        let is_calendar = c.id.starts_with("calendar-");
        if is_calendar && Some(c) != first_calendar {
            continue;
        }
        let title = if is_calendar && years > 1 {
            "The years at a glance".to_owned()
        } else {
            c.title.clone()
        };
        toc.push(Link {
            title,
            url: format!("#{}", c.id),
        });
    }
    toc
}

fn energy_summary(series: &[Daily]) -> Vec<String> {
    let with: Vec<&Daily> = series.iter().filter(|d| d.energy.is_some()).collect();
    let (Some(first), Some(last)) = (series.first(), series.last()) else {
        return Vec::new();
    };
    let mut lines = vec![format!(
        "From {} to {}: {} with entries, mean energy {}.",
        long_date(first.date),
        long_date(last.date),
        count(with.len(), "day", "days"),
        mean(with.iter().filter_map(|d| d.energy))
            .map_or_else(|| "not recorded".to_owned(), one_decimal)
    )];
    for (mode, name) in [(Mode::Ic, "IC"), (Mode::Em, "EM")] {
        let m = mean(
            with.iter()
                .filter(|d| d.mode == Some(DayMode::Only(mode)))
                .filter_map(|d| d.energy),
        );
        if let Some(m) = m {
            lines.push(format!("{name} days averaged {}.", one_decimal(m)));
        }
    }
    let rolling = series.iter().filter_map(|d| d.rolling.map(|r| (d.date, r)));
    let low = rolling.clone().min_by(|a, b| a.1.total_cmp(&b.1));
    let high = rolling.max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)));
    if let (Some(low), Some(high)) = (low, high) {
        lines.push(format!(
            "The 7-day mean was lowest at {} in the week to {}, and highest at {} in the week to {}.",
            one_decimal(low.1),
            long_date(low.0),
            one_decimal(high.1),
            long_date(high.0)
        ));
    }
    lines
}

fn long_view(index: &Index<'_>) -> ChartView {
    let points: Vec<PeriodPoint> = trends::monthly(&index.days)
        .into_iter()
        .map(|m| PeriodPoint {
            start: m.start,
            label: m.start.format("%B %Y").to_string(),
            energy: m.energy,
            days: m.days,
            ic_days: m.ic_days,
            em_days: m.em_days,
        })
        .collect();
    let best = points
        .iter()
        .filter(|p| p.energy.is_some())
        .max_by(|a, b| a.energy.unwrap_or(0.0).total_cmp(&b.energy.unwrap_or(0.0)));
    let worst = points
        .iter()
        .filter(|p| p.energy.is_some())
        .min_by(|a, b| a.energy.unwrap_or(0.0).total_cmp(&b.energy.unwrap_or(0.0)));
    let mut summary = vec![format!(
        "{} with entries.",
        count(points.len(), "month", "months")
    )];
    if let (Some(b), Some(w)) = (best, worst) {
        summary.push(format!(
            "Best month: {} ({}). Hardest month: {} ({}).",
            b.label,
            b.energy.map(one_decimal).unwrap_or_default(),
            w.label,
            w.energy.map(one_decimal).unwrap_or_default()
        ));
    }
    chart(
        "long-view",
        "The long view",
        "Mean energy by month, with the share of IC and EM days below.",
        charts::period_timeline(&points),
        summary,
    )
}

fn calendar_summary(year: i32, series: &[Daily]) -> Vec<String> {
    let with: Vec<f64> = series.iter().filter_map(|d| d.energy).collect();
    if with.is_empty() {
        return vec![format!("No energy recorded in {year}.")];
    }
    vec![format!(
        "{year}: {} with energy, mean {}.",
        count(with.len(), "day", "days"),
        mean(with.iter().copied())
            .map(one_decimal)
            .unwrap_or_default()
    )]
}

fn mode_chart(index: &Index<'_>) -> ChartView {
    let figures = [index.mode_figures(Mode::Ic), index.mode_figures(Mode::Em)];
    let group = |name: &str, value: fn(&crate::index::ModeFigures) -> Option<f64>| {
        (
            name.to_owned(),
            figures
                .iter()
                .map(|f| Bar {
                    label: f.mode.label().to_owned(),
                    value: value(f),
                    count: f.days,
                    url: None,
                })
                .collect(),
        )
    };
    let groups = vec![
        group("Mean energy", |f| f.mean_energy),
        group("Focus hours a day", |f| f.mean_focus),
        group("Meeting hours a day", |f| f.mean_meetings),
    ];
    let summary = figures
        .iter()
        .map(|f| {
            let fmt = |v: Option<f64>| v.map_or_else(|| "–".to_owned(), one_decimal);
            format!(
                "{} days ({}): energy {}, {} h focus and {} h meetings a day.",
                f.mode.label(),
                f.days,
                fmt(f.mean_energy),
                fmt(f.mean_focus),
                fmt(f.mean_meetings)
            )
        })
        .collect();
    chart(
        "modes",
        "IC days and EM days",
        "Days worked wholly in one mode; mixed days are left out.",
        charts::mode_comparison(&groups),
        summary,
    )
}

/// What drains and what restores, over `tags` (rare ones left out by the caller).
pub(super) fn tags_chart(urls: Links<'_>, tags: &[&TagIndex]) -> ChartView {
    // Rankings and wording follow the within-role delta where it is defined.
    let mut sorted: Vec<(&TagIndex, Effect)> = tags
        .iter()
        .filter_map(|t| Some((*t, t.effect()?)))
        .collect();
    sorted.sort_by(|(a, ea), (b, eb)| eb.delta.total_cmp(&ea.delta).then(a.slug.cmp(&b.slug)));
    let rows: Vec<Bar> = sorted
        .iter()
        .map(|(t, e)| Bar {
            label: t.name.clone(),
            value: Some(e.delta),
            count: t.days,
            url: Some(urls.tag(&t.slug)),
        })
        .collect();
    let sure: Vec<_> = sorted
        .iter()
        .map(|(t, e)| {
            let raw = t.within_role.and(t.delta);
            (raw, e.interval, e.verdict().text())
        })
        .collect();
    let name = |(t, e): &(&TagIndex, Effect)| {
        let within = if t.within_role.is_some() {
            " within the role"
        } else {
            ""
        };
        format!(
            "{} ({}{within}, 90% interval {})",
            t.name,
            signed(e.delta),
            e.interval_text()
        )
    };
    let restoring: Vec<String> = sorted
        .iter()
        .filter(|(_, e)| e.verdict() == Verdict::Restores)
        .take(3)
        .map(name)
        .collect();
    let draining: Vec<String> = sorted
        .iter()
        .rev()
        .filter(|(_, e)| e.verdict() == Verdict::Drains)
        .take(3)
        .map(name)
        .collect();
    let unclear = sorted
        .iter()
        .filter(|(_, e)| matches!(e.verdict(), Verdict::NoClearEffect | Verdict::TooFewDays))
        .count();
    let mut summary = Vec::new();
    if !restoring.is_empty() {
        summary.push(format!("Most restoring: {}.", restoring.join(", ")));
    }
    if !draining.is_empty() {
        summary.push(format!("Most draining: {}.", draining.join(", ")));
    }
    if unclear > 0 {
        summary.push(format!(
            "{} no clear effect, or too few days to say.",
            count(unclear, "tag shows", "tags show")
        ));
    }
    chart(
        "tags",
        "What drains and what restores",
        "Mean energy on days with a tag minus the mean on days without it, within each role \
         (IC days against IC days, EM days against EM days, weighted by the days with the tag) \
         where it can be, drawn strong; the raw delta over all days faint beneath it; \
         the whisker is the 90% interval, and a faded bar's interval contains 0 (no clear effect).",
        charts::tag_deltas(&rows, &sure),
        summary,
    )
}

fn moments_chart(index: &Index<'_>) -> ChartView {
    let moments = trends::moments(&index.days, &index.entries);
    let series: Vec<MomentSeries> = moments
        .iter()
        .map(|m| MomentSeries {
            label: m.mode.map_or("All", Mode::label).to_owned(),
            means: m.means,
            counts: m.counts,
        })
        .collect();
    let summary = moments
        .iter()
        .filter_map(|m| {
            let (Some(morning), Some(evening)) = (m.means[0], m.means[2]) else {
                return None;
            };
            let who = m.mode.map_or("All days", |mode| match mode {
                Mode::Ic => "IC days",
                Mode::Em => "EM days",
            });
            Some(format!(
                "{who}: {} in the morning, {} in the evening.",
                one_decimal(morning),
                one_decimal(evening)
            ))
        })
        .collect();
    chart(
        "moments",
        "Energy through the day",
        "Mean morning, midday and evening check-ins.",
        charts::moments(&series),
        summary,
    )
}

/// The week page's URL.
pub fn week_url(urls: Links<'_>, w: &Week) -> String {
    urls.urls.week(&w.id())
}

mod focus;
mod hours;
mod metrics;
mod practice;
use focus::hours_chart;
pub use hours::tag_line;

#[cfg(test)]
mod tests;
