//! Assembling the weekly reviews, "this week" on the home page, and the
//! small charts of the home and tag pages.

use chrono::{Datelike, Duration, NaiveDate};

use super::trends::{day_points, week_url};
use crate::charts;
use crate::content::Moment;
use crate::index::trends;
use crate::index::{DayMode, Index, TagIndex, Week};
use crate::numbers::count;
use crate::numbers::{compact, hours, mean, one_decimal, signed};
use crate::render::trend_views::{
    ChartView, MomentView, NoteView, TagCount, ThisWeek, WeekDay, WeekRow, WeekView, WeekYear,
    WeeksView,
};
use crate::render::views::{Figure, Link, Links, level_view};
use crate::site::Site;

/// Days in the home page's chart, ending on "now".
pub const RECENT_DAYS: i64 = 90;

/// `2–8 Dec 2024`, or `30 Dec 2024 – 5 Jan 2025` across a year.
fn week_dates(monday: NaiveDate) -> String {
    let sunday = monday + Duration::days(6);
    if monday.year() != sunday.year() {
        format!(
            "{} – {}",
            monday.format("%-d %b %Y"),
            sunday.format("%-d %b %Y")
        )
    } else if monday.month() != sunday.month() {
        format!(
            "{} – {}",
            monday.format("%-d %b"),
            sunday.format("%-d %b %Y")
        )
    } else {
        format!("{}–{}", monday.format("%-d"), sunday.format("%-d %b %Y"))
    }
}

/// `/weeks/`: every week with entries or a weekly note, newest first, by year.
pub fn weeks_view(index: &Index<'_>, urls: Links<'_>, site: &Site) -> WeeksView {
    let mut years: Vec<WeekYear> = Vec::new();
    for w in index.weeks.iter().rev() {
        let year = format!("{:04}", w.year);
        if years.last().is_none_or(|y| y.year != year) {
            years.push(WeekYear {
                year: year.clone(),
                weeks: Vec::new(),
            });
        }
        if let Some(y) = years.last_mut() {
            y.weeks.push(week_row(index, urls, w, site));
        }
    }
    WeeksView {
        years,
        total: index.weeks.iter().filter(|w| !w.days.is_empty()).count(),
    }
}

pub(super) fn week_row(index: &Index<'_>, urls: Links<'_>, w: &Week, site: &Site) -> WeekRow {
    WeekRow {
        id: w.id(),
        url: week_url(urls, w),
        dates: week_dates(w.monday),
        energy: w.energy.map(level_view),
        change: w.change.map(signed),
        trend: match w.change {
            Some(c) if c >= 0.05 => "up",
            Some(c) if c <= -0.05 => "down",
            _ => "flat",
        },
        focus_hours: w.focus_hours.map(hours),
        meeting_hours: w.meeting_hours.map(hours),
        ic_days: w.ic_days,
        em_days: w.em_days,
        entries: w.days.iter().map(|&d| index.days[d].entries.len()).sum(),
        note: site.note(w.monday).is_some(),
    }
}

/// The seven days of a week, Monday first, with or without entries.
fn week_days(index: &Index<'_>, urls: Links<'_>, w: &Week) -> Vec<WeekDay> {
    (0..7)
        .map(|offset| {
            let date = w.monday + Duration::days(offset);
            let day = w.days.iter().copied().find(|&d| index.days[d].date == date);
            let mut view = WeekDay {
                label: date.format("%a %-d %b").to_string(),
                date: date.format("%Y-%m-%d").to_string(),
                energy: None,
                check_ins: Vec::new(),
                check_ins_say: false,
                mode: None,
                focus_hours: None,
                meeting_hours: None,
                entries: Vec::new(),
                best: false,
                worst: false,
            };
            let Some(i) = day else { return view };
            let d = &index.days[i];
            view.energy = d.energy.map(level_view);
            let slots = Moment::ALL.map(|m| moment_view(index, urls, &d.entries, m));
            // All three slots or none: `7 · – · 6` says which score is which,
            // and a day of single scores has no check-ins to show.
            view.check_ins_say = slots
                .iter()
                .any(|s| !s.tags.is_empty() || !s.notes.is_empty());
            if view.check_ins_say || slots.iter().any(|s| s.value.is_some()) {
                view.check_ins = slots.into();
            }
            view.mode = d.mode.map(|m| match m {
                DayMode::Only(mode) => mode.label(),
                DayMode::Mixed => "mixed",
            });
            view.focus_hours = d.focus_hours.map(hours);
            view.meeting_hours = d.meeting_hours.map(hours);
            view.entries = d
                .entries
                .iter()
                .map(|&e| Link {
                    title: index.entries[e].title.clone(),
                    url: urls.entry(index.entries[e]),
                })
                .collect();
            view.best = w.best == Some(i) && w.best != w.worst;
            view.worst = w.worst == Some(i) && w.best != w.worst;
            view
        })
        .collect()
}

/// One check-in moment of a day: the mean score of the day's entries, and
/// what they did before it (each tag once, every note).
fn moment_view(index: &Index<'_>, urls: Links<'_>, entries: &[usize], m: Moment) -> MomentView {
    let entries = || entries.iter().map(|&e| index.entries[e]);
    let v = mean(entries().filter_map(|e| {
        e.energy
            .and_then(|x| x.check_ins().and_then(|c| c.get(m)))
            .map(|l| f64::from(l.get()))
    }));
    let mut tags: Vec<Link> = Vec::new();
    for tag in entries().flat_map(|e| &e.activities[m.index()].tags) {
        let link = urls.tag_link(tag);
        if !tags.iter().any(|t| t.url == link.url) {
            tags.push(link);
        }
    }
    MomentView {
        moment: m.key(),
        value: v.map(compact),
        level: v.map(crate::numbers::level),
        tags,
        notes: entries()
            .filter_map(|e| e.activities[m.index()].note.clone())
            .collect(),
    }
}

fn week_figures(index: &Index<'_>, w: &Week) -> Vec<Figure> {
    let day_label = |i: Option<usize>| i.map(|i| index.days[i].date.format("%A").to_string());
    let mut figures = vec![Figure::new(
        "Mean energy",
        w.energy.map_or_else(|| "–".to_owned(), one_decimal),
        Some(w.change.map_or_else(
            || "no entries the week before".to_owned(),
            |c| format!("{} on the week before", signed(c)),
        )),
    )];
    if w.best != w.worst {
        if let (Some(best), Some(worst)) = (day_label(w.best), day_label(w.worst)) {
            figures.push(Figure::new("Best day", best, None));
            figures.push(Figure::new("Hardest day", worst, None));
        }
    }
    figures.push(Figure::new(
        "Focus",
        w.focus_hours
            .map_or_else(|| "–".to_owned(), |h| format!("{} h", hours(h))),
        w.meeting_hours
            .map(|h| format!("{} h of meetings", hours(h))),
    ));
    figures.push(Figure::new(
        "Days",
        w.days.len().to_string(),
        Some(format!(
            "{} IC, {} EM, {} mixed",
            w.ic_days, w.em_days, w.mixed_days
        )),
    ));
    figures
}

/// The week's slack: the mean hours a day left of the workday after focus
/// and meetings, over its days that record both.
fn week_slack(
    index: &Index<'_>,
    w: &Week,
    journal: &crate::config::JournalSettings,
) -> Option<Figure> {
    let (slack, days) = crate::index::capacity::mean_slack(
        w.days.iter().map(|&d| &index.days[d]),
        journal.workday_hours,
    )?;
    Some(Figure::new(
        "Slack",
        format!("{} h a day", one_decimal(slack)),
        Some(format!(
            "of {}, over {} with focus and meetings",
            crate::numbers::a_workday(&hours(journal.workday_hours)),
            count(days, "day", "days")
        )),
    ))
}

/// Each metric's mean over the week's day values.
fn week_metrics<'m>(
    index: &'m Index<'_>,
    w: &'m Week,
    metrics: &'m [crate::config::Metric],
) -> impl Iterator<Item = Figure> + 'm {
    metrics.iter().filter_map(move |m| {
        let mean = w.metrics.get(&m.key)?;
        let days = w
            .days
            .iter()
            .filter(|&&d| index.days[d].metrics.contains_key(&m.key))
            .count();
        Some(Figure::new(
            &m.label,
            m.show(*mean),
            Some(format!("mean of {}", count(days, "day", "days"))),
        ))
    })
}

/// `/weeks/YYYY-Www/` for the `n`th week.
pub fn week_view(index: &Index<'_>, urls: Links<'_>, n: usize, site: &Site) -> WeekView {
    let config = &site.config;
    let w = &index.weeks[n];
    let before = site.note(w.monday - Duration::days(7));
    let link = |other: &Week| Link {
        title: format!("{} ({})", other.id(), week_dates(other.monday)),
        url: week_url(urls, other),
    };
    WeekView {
        id: w.id(),
        title: format!("Week {}, {}", w.week, w.year),
        dates: week_dates(w.monday),
        figures: week_figures(index, w)
            .into_iter()
            .chain(week_slack(index, w, &config.journal))
            .chain(week_metrics(index, w, &config.metrics))
            .collect(),
        days: week_days(index, urls, w),
        has_entries: !w.days.is_empty(),
        note: site.note(w.monday).map(|(note, body)| NoteView {
            title: note.title.clone(),
            html: body.html.clone(),
            next: note.next.clone(),
            draft: note.draft,
            private: note.private,
        }),
        planned: before.map(|(n, _)| n.next.clone()).unwrap_or_default(),
        planned_from: before
            .filter(|(n, _)| !n.next.is_empty())
            .map(|(n, _)| Link {
                title: n.id.clone(),
                url: urls.urls.week(&n.id),
            }),
        tags: w
            .tags
            .iter()
            .map(|(slug, days)| TagCount {
                title: index
                    .tag(slug)
                    .map_or_else(|| slug.clone(), |t| t.name.clone()),
                url: urls.tag(slug),
                days: *days,
            })
            .collect(),
        prev: n.checked_sub(1).map(|p| link(&index.weeks[p])),
        next: index.weeks.get(n + 1).map(link),
    }
}

/// The week containing `now`, if it has entries.
pub fn this_week(index: &Index<'_>, urls: Links<'_>, now: Option<NaiveDate>) -> Option<ThisWeek> {
    let now = now?;
    let iso = now.iso_week();
    let n = index
        .weeks
        .iter()
        .rposition(|w| w.year == iso.year() && w.week == iso.week())?;
    let w = &index.weeks[n];
    Some(ThisWeek {
        url: week_url(urls, w),
        title: format!("Week {}", w.week),
        dates: week_dates(w.monday),
        days: week_days(index, urls, w),
        figures: week_figures(index, w),
    })
}

/// The home page's 90-day chart: the last 90 days up to `now`, drawn as a
/// small energy timeline (a bare sparkline says too little about a sparse journal).
pub fn recent_chart(
    index: &Index<'_>,
    urls: Links<'_>,
    now: Option<NaiveDate>,
) -> Option<ChartView> {
    let now = now?;
    let from = now - Duration::days(RECENT_DAYS - 1);
    let series = trends::daily(&index.days, from, now);
    let energies: Vec<f64> = series.iter().filter_map(|d| d.energy).collect();
    if energies.is_empty() {
        return None;
    }
    Some(ChartView {
        id: "last-90-days".to_owned(),
        title: "The last 90 days".to_owned(),
        caption: "Daily energy, its 7-day mean, and IC/EM days shaded behind.".to_owned(),
        svg: charts::energy_timeline(&day_points(index, urls, &series)),
        summary: vec![format!(
            "{} with entries, mean energy {}.",
            count(energies.len(), "day", "days"),
            mean(energies.iter().copied())
                .map(one_decimal)
                .unwrap_or_default()
        )],
    })
}

/// A tag page's chart: energy on the days with the tag, against the journal's mean.
pub fn tag_chart(index: &Index<'_>, urls: Links<'_>, tag: &TagIndex) -> Option<ChartView> {
    // The tag's days, from its entries (in journal order, so days repeat in runs).
    let mut days: Vec<usize> = tag.entries.iter().map(|&e| index.day_of(e)).collect();
    days.dedup();
    let series: Vec<trends::Daily> = days
        .into_iter()
        .map(|i| (i, &index.days[i]))
        .filter(|(_, d)| d.energy.is_some())
        .map(|(i, d)| trends::Daily {
            date: d.date,
            energy: d.energy,
            rolling: None,
            range: d.range,
            mode: d.mode,
            day: Some(i),
        })
        .collect();
    if series.is_empty() {
        return None;
    }
    let mut summary = vec![format!(
        "Mean energy {} on {} with #{}",
        tag.mean_with.map(one_decimal).unwrap_or_default(),
        count(series.len(), "day", "days"),
        tag.name
    )];
    if let Some(all) = index.mean_energy {
        summary[0].push_str(&format!(
            ", against {} for the whole journal.",
            one_decimal(all)
        ));
    }
    Some(ChartView {
        id: "tag-energy".to_owned(),
        title: "Energy on days with this tag".to_owned(),
        caption: "Each day with the tag; the dashed line is the journal's mean.".to_owned(),
        svg: charts::tag_timeline(&day_points(index, urls, &series), index.mean_energy),
        summary,
    })
}
