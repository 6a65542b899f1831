//! The figures of the weekly look-back on `/trends/`: days of the week, the
//! day after, and role balance.

use chrono::Weekday;

use super::*;
use crate::content::Moment;
use crate::index::balance::{self, Balance, Run};
use crate::index::day_after::{self, After};
use crate::index::weekdays::{self, WeekdayMeans, Weekdays};

/// Months of role balance drawn: the latest ones.
const BALANCE_MONTHS: usize = 12;

const WEEKDAYS: [Weekday; 7] = [
    Weekday::Mon,
    Weekday::Tue,
    Weekday::Wed,
    Weekday::Thu,
    Weekday::Fri,
    Weekday::Sat,
    Weekday::Sun,
];

fn weekday_name(k: usize) -> String {
    format!("{}", WEEKDAYS[k])
}

fn who(mode: Option<Mode>) -> &'static str {
    match mode {
        None => "All days",
        Some(Mode::Ic) => "IC days",
        Some(Mode::Em) => "EM days",
    }
}

/// Days of the week: mean energy and evening check-in per ISO weekday.
pub(super) fn weekdays_chart(index: &Index<'_>) -> ChartView {
    let evenings = weekdays::check_ins(&index.days, &index.entries, Moment::Evening);
    let groups = weekdays::weekdays(&index.days, &evenings);
    let bars = |w: &Weekdays, value: fn(&WeekdayMeans) -> (Option<f64>, usize)| {
        (0..7)
            .map(|k| {
                let (value, count) = value(&w.days[k]);
                Bar {
                    label: weekday_name(k),
                    value,
                    count,
                    url: None,
                }
            })
            .collect::<Vec<Bar>>()
    };
    let mut drawn = Vec::new();
    for w in &groups {
        if w.days.iter().any(|d| d.energy_days > 0) {
            drawn.push((
                format!("{}: mean energy", who(w.mode)),
                bars(w, |d| (d.energy, d.energy_days)),
            ));
        }
    }
    if let Some(all) = groups
        .first()
        .filter(|w| w.days.iter().any(|d| d.evening_days > 0))
    {
        drawn.push((
            "All days: mean evening energy".to_owned(),
            bars(all, |d| (d.evening, d.evening_days)),
        ));
    }
    chart(
        "weekdays",
        "Days of the week",
        "Mean day energy per weekday, overall and per mode, and the mean evening check-in.",
        charts::mode_comparison(&drawn),
        weekday_lines(&groups),
    )
}

/// The highest and lowest weekday of each group, in words.
pub(super) fn weekday_lines(groups: &[Weekdays]) -> Vec<String> {
    let mut lines = Vec::new();
    let extremes = |values: Vec<(usize, f64, usize)>| {
        let high = values
            .iter()
            .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)))
            .copied();
        let low = values
            .iter()
            .min_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)))
            .copied();
        high.zip(low)
    };
    let say = |(k, v, n): (usize, f64, usize)| {
        format!(
            "{} ({}, {})",
            crate::render::dates::WEEKDAYS[k],
            one_decimal(v),
            count(n, "day", "days")
        )
    };
    for w in groups {
        let energy = w
            .days
            .iter()
            .enumerate()
            .filter_map(|(k, d)| d.energy.map(|e| (k, e, d.energy_days)))
            .collect::<Vec<_>>();
        if energy.len() < 2 {
            continue;
        }
        match extremes(energy) {
            Some((high, low)) if high.1 == low.1 => lines.push(format!(
                "{}: {} on every weekday with energy.",
                who(w.mode),
                one_decimal(high.1)
            )),
            Some((high, low)) => lines.push(format!(
                "{}: highest on {}, lowest on {}.",
                who(w.mode),
                say(high),
                say(low)
            )),
            None => {}
        }
    }
    if let Some(all) = groups.first() {
        let evening = all
            .days
            .iter()
            .enumerate()
            .filter_map(|(k, d)| d.evening.map(|e| (k, e, d.evening_days)))
            .collect::<Vec<_>>();
        if evening.len() >= 2 {
            if let Some((high, low)) = extremes(evening) {
                lines.push(format!(
                    "Evenings: best on {}, hardest on {}.",
                    say(high),
                    say(low)
                ));
            }
        }
    }
    lines
}

/// The day after: next-day energy after heavy and light meeting days, and after IC and EM days.
pub(super) fn day_after_chart(index: &Index<'_>) -> ChartView {
    let mornings = weekdays::check_ins(&index.days, &index.entries, Moment::Morning);
    let a = day_after::day_after(&index.days, &mornings);
    let bar = |label: String, after: After| Bar {
        label,
        value: after.energy,
        count: after.pairs,
        url: None,
    };
    let mut groups = Vec::new();
    let mut summary = Vec::new();
    if let Some(m) = a.median_meetings {
        groups.push((
            "Next-day energy after meetings".to_owned(),
            vec![
                bar(format!("Above {} h", hours(m)), a.after_heavy),
                bar(format!("{} h or less", hours(m)), a.after_light),
            ],
        ));
        summary.push(format!(
            "After days with more than {} h of meetings (the median): {}; after days with {} h or less: {}.",
            hours(m),
            after_text(a.after_heavy),
            hours(m),
            after_text(a.after_light)
        ));
    }
    groups.push((
        "Next-day energy by role".to_owned(),
        vec![
            bar("IC".to_owned(), a.after_ic),
            bar("EM".to_owned(), a.after_em),
        ],
    ));
    summary.push(format!(
        "After IC days: {}; after EM days: {}.",
        after_text(a.after_ic),
        after_text(a.after_em)
    ));
    // Each split's difference, with its interval, drawn as the deltas are.
    let mut rows = Vec::new();
    let mut sure = Vec::new();
    let splits = [
        (
            "Heavy − light",
            "Heavy − light meeting days",
            a.meetings,
            a.after_heavy.pairs + a.after_light.pairs,
        ),
        (
            "IC − EM",
            "IC − EM days",
            a.role,
            a.after_ic.pairs + a.after_em.pairs,
        ),
    ];
    for (label, said, effect, pairs) in splits {
        let Some(e) = effect else { continue };
        summary.push(difference_line(said, e));
        rows.push(Bar {
            label: label.to_owned(),
            value: Some(e.delta),
            count: pairs,
            url: None,
        });
        sure.push((None, e.interval, e.verdict().text()));
    }
    let svg = charts::mode_comparison(&groups) + &charts::next_day_differences(&rows, &sure);
    chart(
        "day-after",
        "The day after",
        "Energy the next calendar day (its morning check-in, else its day energy); mixed days are left out of the role split. \
         Below, each split's difference with its 90% interval (faded where it contains 0).",
        svg,
        summary,
    )
}

/// `Heavy − light meetings: −0.8 (90% interval −1.5 to −0.1).`, with
/// `no clear effect` where the interval contains 0.
fn difference_line(what: &str, e: Effect) -> String {
    match (e.interval, e.verdict()) {
        (None, _) => format!(
            "{what}: {} the next day (too few days for a 90% interval).",
            signed(e.delta)
        ),
        (Some(_), Verdict::NoClearEffect) => format!(
            "{what}: {} the next day (90% interval {}): no clear effect.",
            signed(e.delta),
            e.interval_text()
        ),
        (Some(_), _) => format!(
            "{what}: {} the next day (90% interval {}).",
            signed(e.delta),
            e.interval_text()
        ),
    }
}

/// `6.5 over 4 days`, or `no pairs`.
fn after_text(a: After) -> String {
    match a.energy {
        Some(e) => format!("{} over {}", one_decimal(e), count(a.pairs, "day", "days")),
        None => "no days yet".to_owned(),
    }
}

/// Role balance: the latest months' shares, the longest runs and the focus share per mode.
pub(super) fn balance_chart(index: &Index<'_>) -> ChartView {
    use charts::{Part, ShareRow};
    let b = balance::balance(&index.days);
    let skip = b.months.len().saturating_sub(BALANCE_MONTHS);
    let months: Vec<ShareRow> = b.months[skip..]
        .iter()
        .rev()
        .map(|m| {
            ShareRow::new(
                m.start.format("%B %Y").to_string(),
                vec![
                    Part {
                        name: "IC",
                        class: "ic",
                        amount: m.ic as f64,
                    },
                    Part {
                        name: "EM",
                        class: "em",
                        amount: m.em as f64,
                    },
                    Part {
                        name: "Mixed",
                        class: "mixed",
                        amount: m.mixed as f64,
                    },
                ],
                count(m.days(), "day", "days"),
            )
        })
        .collect();
    let focus: Vec<ShareRow> = b
        .focus
        .iter()
        .map(|f| {
            let total = f.focus + f.meetings;
            ShareRow {
                label: format!("{} days", f.mode.label()),
                parts: vec![
                    Part {
                        name: "Focus",
                        class: "focus",
                        amount: f.focus,
                    },
                    Part {
                        name: "Meetings",
                        class: "meetings",
                        amount: f.meetings,
                    },
                ],
                whole: format!("{} h", crate::numbers::compact(total)),
                note: f.share.map_or_else(String::new, |s| {
                    format!(
                        "{}% focus ({})",
                        (100.0 * s).round(),
                        count(f.days, "day", "days")
                    )
                }),
            }
        })
        .collect();
    let svg = charts::shares(
        &months,
        "The share of IC, EM and mixed days in each month, newest first.",
    ) + &charts::shares(&focus, "Focus and meeting hours in each mode.");
    let caption = if skip > 0 {
        "The share of IC, EM and mixed days in each of the last 12 months, newest first, and of focus in each mode's hours."
    } else {
        "The share of IC, EM and mixed days in each month, newest first, and of focus in each mode's hours."
    };
    chart("balance", "Role balance", caption, svg, balance_lines(&b))
}

fn balance_lines(b: &Balance) -> Vec<String> {
    let mut lines = Vec::new();
    let run = |what: &str, r: Option<Run>| match r {
        Some(r) if r.first == r.last => format!(
            "Longest run without an {what} day: {} on {}.",
            count(r.days, "day", "days"),
            long_date(r.first)
        ),
        Some(r) => format!(
            "Longest run without an {what} day: {} with a mode, {} to {}.",
            count(r.days, "day", "days"),
            long_date(r.first),
            long_date(r.last)
        ),
        None => format!("Every day with a mode had {what} work."),
    };
    if !b.months.is_empty() {
        lines.push(run("IC", b.without_ic));
        lines.push(run("EM", b.without_em));
    }
    for f in &b.focus {
        if let Some(s) = f.share {
            lines.push(format!(
                "{} days: {}% of focus and meeting hours were focus ({}).",
                f.mode.label(),
                (100.0 * s).round(),
                count(f.days, "day", "days")
            ));
        }
    }
    lines
}

/// Capacity: the slack left in a workday of `workday_hours`, week by week,
/// and energy on days with and without room.
pub(super) fn capacity_chart(
    index: &Index<'_>,
    urls: Links<'_>,
    workday_hours: f64,
    deep_work_hours: f64,
) -> ChartView {
    use crate::index::capacity::{self, ROOMY_HOURS};
    let c = capacity::capacity(&index.days, workday_hours, deep_work_hours);
    let groups = vec![(
        "Mean energy by slack".to_owned(),
        vec![
            Bar {
                label: format!("{} h or more", hours(ROOMY_HOURS)),
                value: c.roomy_energy,
                count: c.roomy_days,
                url: None,
            },
            Bar {
                label: format!("Less than {} h", hours(ROOMY_HOURS)),
                value: c.tight_energy,
                count: c.tight_days,
                url: None,
            },
        ],
    )];
    // Slack week by week over the whole journal (by month when it is long),
    // on the scale of the workday: more room is better.
    let weekly: Vec<charts::MetricWeek> = c
        .weekly
        .iter()
        .map(|w| {
            let id = crate::index::weeks::week_id(w.monday);
            charts::MetricWeek {
                start: w.monday,
                url: Some(urls.urls.week(&id)),
                label: id,
                mean: w.slack,
                days: w.days,
            }
        })
        .collect();
    let weekly = if weekly.len() > WEEKLY_LIMIT {
        super::metrics::by_month(&weekly)
    } else {
        weekly
    };
    let line = charts::weekly_metric(
        &weekly,
        &charts::MetricScale {
            title: "Slack a day (h)".to_owned(),
            unit: Some("h".to_owned()),
            min: 0.0,
            max: workday_hours,
            higher_is_better: true,
        },
    );
    let mut summary = Vec::new();
    if let Some(m) = c.mean_slack {
        summary.push(format!(
            "Of {}, {} h a day were left after focus and meetings, over {}; {} had none.",
            crate::numbers::a_workday(&hours(workday_hours)),
            one_decimal(m),
            count(c.days, "day", "days"),
            count(c.no_slack, "day", "days")
        ));
        let fmt = |v: Option<f64>| v.map_or_else(|| "–".to_owned(), one_decimal);
        summary.push(format!(
            "Energy {} on days with {} h of slack or more ({}), {} on days with less ({}).",
            fmt(c.roomy_energy),
            hours(ROOMY_HOURS),
            count(c.roomy_days, "day", "days"),
            fmt(c.tight_energy),
            count(c.tight_days, "day", "days")
        ));
    } else {
        summary.push("No day records both focus and meeting hours yet.".to_owned());
    }
    if c.focus_days > 0 {
        summary.push(format!(
            "{} of {} with focus went beyond {} h of deep work.",
            c.over_deep_work,
            count(c.focus_days, "day", "days"),
            hours(deep_work_hours)
        ));
    }
    chart(
        "capacity",
        "Capacity",
        "Slack is the workday's hours minus focus and meetings (0 at least), on days that record both: its mean week by week, and energy on days with and without room.",
        line + &charts::mode_comparison(&groups),
        summary,
    )
}
