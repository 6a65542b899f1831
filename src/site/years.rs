//! A year in review: the calendar year's days (its calendar, months, modes
//! and tag deltas over those days alone) and its ISO weeks.

use chrono::{Datelike, NaiveDate};

use super::plan::years;
use super::trends::day_points;
use super::weeks::week_row;
use crate::charts;
use crate::index::trends;
use crate::index::{DayMode, Index, RARE_TAG_DAYS, TagIndex, Week};
use crate::numbers::{count, mean, one_decimal};
use crate::render::trend_views::{ChartView, MonthRow, WeekRow, YearReview};
use crate::render::views::{Figure, Link, Links, level_view};
use crate::site::Site;

/// Drains and restores shown on a year's page, each way.
const TOP_TAGS: usize = 5;
/// Best and hardest weeks shown, each way.
const TOP_WEEKS: usize = 3;

/// Links to every year in review, newest first.
pub fn year_links(index: &Index<'_>, urls: Links<'_>) -> Vec<Link> {
    years(index)
        .into_iter()
        .rev()
        .map(|y| link(urls, y))
        .collect()
}

fn link(urls: Links<'_>, year: i32) -> Link {
    Link {
        title: format!("{year:04}"),
        url: urls.urls.year(year),
    }
}

/// The weeks (indexes into `index.weeks`) whose ISO year is `year`.
pub fn iso_weeks(index: &Index<'_>, year: i32) -> std::ops::Range<usize> {
    let start = index.weeks.partition_point(|w| w.year < year);
    let end = index.weeks.partition_point(|w| w.year <= year);
    start..end
}

/// `/years/YYYY/`.
pub fn year_view(index: &Index<'_>, urls: Links<'_>, year: i32, site: &Site) -> YearReview {
    let start = index.days.partition_point(|d| d.date.year() < year);
    let end = index.days.partition_point(|d| d.date.year() <= year);
    let days = &index.days[start..end];
    // The year's entries alone: tag deltas over its days only.
    let entries: Vec<_> = days
        .iter()
        .flat_map(|d| d.entries.iter().map(|&e| index.entries[e]))
        .collect();
    let entry_count = entries.len();
    let tags = crate::index::tags_of(&entries);

    let calendar = calendar(index, urls, year);
    let months = trends::monthly(days)
        .into_iter()
        .map(|m| MonthRow {
            name: m.start.format("%B").to_string(),
            energy: m.energy.map(level_view),
            days: m.days,
            ic_days: m.ic_days,
            em_days: m.em_days,
        })
        .collect();
    let (rare, common): (Vec<&TagIndex>, Vec<&TagIndex>) = tags.iter().partition(|t| t.is_rare());

    let weeks: Vec<&Week> = index.weeks[iso_weeks(index, year)].iter().collect();
    let (best_weeks, hardest_weeks) = best_and_hardest(index, urls, &weeks, site);
    let all = years(index);
    let at = all.iter().position(|&y| y == year);
    let lede = match (days.first(), days.last()) {
        (Some(first), Some(last)) => format!(
            "{} on {}, {} to {}.",
            count(entry_count, "entry", "entries"),
            count(days.len(), "day", "days"),
            first.date.format("%-d %b"),
            last.date.format("%-d %b %Y")
        ),
        _ => String::new(),
    };
    YearReview {
        year: format!("{year:04}"),
        lede,
        figures: figures(days),
        calendar,
        months,
        tags: tags_chart(urls, &common),
        rare_tags: rare
            .iter()
            .map(|t| Link {
                title: urls.tag_name(&t.slug, &t.name).to_owned(),
                url: urls.tag(&t.slug),
            })
            .collect(),
        rare_days: RARE_TAG_DAYS,
        best_weeks,
        hardest_weeks,
        weeks: weeks
            .iter()
            .map(|w| week_row(index, urls, w, site))
            .collect(),
        // Weeks belong to their ISO year, and so do their notes.
        notes: site
            .notes()
            .filter(|(n, _)| n.year == year)
            .map(|(n, _)| Link {
                title: match &n.title {
                    Some(t) => format!("{}: {t}", n.id),
                    None => n.id.clone(),
                },
                url: urls.urls.week(&n.id),
            })
            .collect(),
        prev: at
            .and_then(|i| i.checked_sub(1))
            .map(|i| link(urls, all[i])),
        next: at.and_then(|i| all.get(i + 1)).map(|&y| link(urls, y)),
    }
}

fn calendar(index: &Index<'_>, urls: Links<'_>, year: i32) -> ChartView {
    let (start, end) = (
        NaiveDate::from_ymd_opt(year, 1, 1),
        NaiveDate::from_ymd_opt(year, 12, 31),
    );
    let series = match start.zip(end) {
        Some((start, end)) => trends::daily(&index.days, start, end),
        None => Vec::new(),
    };
    let with: Vec<f64> = series.iter().filter_map(|d| d.energy).collect();
    let summary = match mean(with.iter().copied()) {
        Some(m) => format!(
            "{} with energy, mean {}.",
            count(with.len(), "day", "days"),
            one_decimal(m)
        ),
        None => format!("No energy recorded in {year:04}."),
    };
    ChartView {
        id: "calendar".to_owned(),
        title: "The year at a glance".to_owned(),
        caption: "One square a day, coloured by energy.".to_owned(),
        svg: charts::calendar(year, &day_points(index, urls, &series)),
        summary: vec![summary],
    }
}

/// Mean energy, days, and the share of IC, EM and mixed days among the
/// year's days with a mode.
fn figures(days: &[crate::index::Day]) -> Vec<Figure> {
    let energies: Vec<f64> = days.iter().filter_map(|d| d.energy).collect();
    let with_mode = days.iter().filter(|d| d.mode.is_some()).count();
    let of = |mode: DayMode| days.iter().filter(|d| d.mode == Some(mode)).count();
    let share = |label: &str, n: usize| {
        Figure::new(
            label,
            (n * 100 + with_mode / 2)
                .checked_div(with_mode)
                .map_or_else(|| "–".to_owned(), |p| format!("{p}%")),
            Some(format!("{n} of {with_mode} days with a mode")),
        )
    };
    vec![
        Figure::new(
            "Mean energy",
            mean(energies.iter().copied()).map_or_else(|| "–".to_owned(), one_decimal),
            Some(format!("over {}", count(energies.len(), "day", "days"))),
        ),
        share("IC days", of(DayMode::Only(crate::content::Mode::Ic))),
        share("EM days", of(DayMode::Only(crate::content::Mode::Em))),
        share("Mixed days", of(DayMode::Mixed)),
    ]
}

/// The most restoring and most draining tags over the year's days, ranked
/// and worded as on `/trends/`: by the within-role delta where it is
/// defined, else the raw one, each with its interval.
fn tags_chart(urls: Links<'_>, tags: &[&TagIndex]) -> Option<ChartView> {
    let mut ranked: Vec<(&TagIndex, f64)> = tags
        .iter()
        .filter_map(|t| Some((*t, t.effect()?.delta)))
        .collect();
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.slug.cmp(&b.0.slug)));
    let restoring = ranked.iter().filter(|t| t.1 > 0.0).take(TOP_TAGS);
    let draining = ranked.iter().rev().filter(|t| t.1 < 0.0).take(TOP_TAGS);
    let shown: Vec<&TagIndex> = restoring.chain(draining).map(|t| t.0).collect();
    if shown.is_empty() {
        return None;
    }
    let mut chart = super::trends::tags_chart(urls, &shown);
    chart.title = "What drained and what restored".to_owned();
    chart.caption = format!("Over this year's days alone. {}", chart.caption);
    Some(chart)
}

/// The best and the hardest weeks by mean energy (the earlier week first
/// among equals), as many each way as keeps the two lists apart.
fn best_and_hardest(
    index: &Index<'_>,
    urls: Links<'_>,
    weeks: &[&Week],
    site: &Site,
) -> (Vec<WeekRow>, Vec<WeekRow>) {
    let mut ranked: Vec<(&Week, f64)> = weeks
        .iter()
        .filter_map(|w| w.energy.map(|e| (*w, e)))
        .collect();
    let k = TOP_WEEKS.min(ranked.len() / 2);
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.monday.cmp(&b.0.monday)));
    let best: Vec<&Week> = ranked.iter().take(k).map(|(w, _)| *w).collect();
    ranked.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.monday.cmp(&b.0.monday)));
    let hardest: Vec<&Week> = ranked
        .iter()
        .map(|(w, _)| *w)
        .filter(|w| !best.iter().any(|b| b.monday == w.monday))
        .take(k)
        .collect();
    let row = |w: &Week| week_row(index, urls, w, site);
    (
        best.into_iter().map(row).collect(),
        hardest.into_iter().map(row).collect(),
    )
}
