//! `data/figures.json`: the numbers behind every chart of `/trends/`, for a
//! person's own analysis. Made from the build's index, so it holds what the
//! charts hold and nothing more: in a public build, public entries only.

use chrono::NaiveDate;
use serde_json::{Value, json};

use crate::config::{Config, JournalSettings, Metric};
use crate::content::{Mode, Moment};
use crate::index::balance::{self, Run};
use crate::index::capacity;
use crate::index::day_after::{self, After};
use crate::index::effects::Split;
use crate::index::trends::{self, daily};
use crate::index::weekdays;
use crate::index::{DayMode, Effect, Index};
use crate::render::dates::WEEKDAYS;

/// The version of the file's shape; it changes when a field changes meaning.
const VERSION: u32 = 1;

/// The whole file.
pub fn figures(index: &Index<'_>, now: Option<NaiveDate>, config: &Config) -> String {
    let journal = &config.journal;
    let value = json!({
        "version": VERSION,
        "now": now.map(date),
        "mean_energy": index.mean_energy,
        "days": days(index),
        "months": months(index),
        "modes": modes(index),
        "tags": tags(index),
        "through_the_day": through_the_day(index),
        "weeks": weeks(index, journal),
        "hour_by_hour": hour_by_hour(index),
        "weekdays": weekday_figures(index),
        "day_after": the_day_after(index),
        "capacity": capacity_figures(index, journal),
        "role_balance": role_balance(index),
        "metrics": metrics(index, &config.metrics),
    });
    // Compact: a long journal has a record per day. Tag names are the
    // writer's text: made safe to serve as any type.
    let mut out = crate::html::web_json(serde_json::to_string(&value).unwrap_or_default());
    out.push('\n');
    out
}

fn date(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn month(d: NaiveDate) -> String {
    d.format("%Y-%m").to_string()
}

fn mode(m: Option<Mode>) -> Value {
    m.map_or(Value::Null, |m| m.label().into())
}

fn day_mode(m: Option<DayMode>) -> Value {
    match m {
        None => Value::Null,
        Some(DayMode::Only(m)) => m.label().into(),
        Some(DayMode::Mixed) => "mixed".into(),
    }
}

/// A delta with its interval and its verdict; `null` when it has none.
fn effect(e: Option<Effect>) -> Value {
    e.map_or(Value::Null, |e| {
        json!({
            "delta": e.delta,
            "low": e.interval.map(|i| i.0),
            "high": e.interval.map(|i| i.1),
            "verdict": e.verdict().text(),
        })
    })
}

/// The two groups of a split: their sizes and means.
fn split(s: &Split) -> Value {
    json!({
        "with": { "days": s.with.n, "mean": s.with.mean() },
        "without": { "days": s.without.n, "mean": s.without.mean() },
    })
}

/// Every day with an entry: energy, its 7-day rolling mean, the range of
/// its check-ins, the mode, the hours and the slack.
fn days(index: &Index<'_>) -> Vec<Value> {
    let (Some(first), Some(last)) = (index.days.first(), index.days.last()) else {
        return Vec::new();
    };
    daily(&index.days, first.date, last.date)
        .iter()
        .filter_map(|d| {
            let day = &index.days[d.day?];
            Some(json!({
                "date": date(d.date),
                "energy": d.energy,
                "rolling_mean": d.rolling,
                "low": d.range.map(|r| r.0),
                "high": d.range.map(|r| r.1),
                "mode": day_mode(d.mode),
                "focus_hours": day.focus_hours,
                "meeting_hours": day.meeting_hours,
                "entries": day.entries.len(),
            }))
        })
        .collect()
}

/// The long view and the role balance's months: mean energy, days with
/// entries, and days by mode.
fn months(index: &Index<'_>) -> Vec<Value> {
    let shares = balance::balance(&index.days).months;
    trends::monthly(&index.days)
        .iter()
        .map(|m| {
            let mixed = shares
                .iter()
                .find(|s| s.start == m.start)
                .map_or(0, |s| s.mixed);
            json!({
                "month": month(m.start),
                "energy": m.energy,
                "days": m.days,
                "ic_days": m.ic_days,
                "em_days": m.em_days,
                "mixed_days": mixed,
            })
        })
        .collect()
}

/// IC days and EM days: mean energy, focus and meeting hours.
fn modes(index: &Index<'_>) -> Vec<Value> {
    Mode::ALL
        .iter()
        .map(|&m| {
            let f = index.mode_figures(m);
            json!({
                "mode": m.label(),
                "entries": f.entries,
                "days": f.days,
                "energy": f.mean_energy,
                "focus_hours": f.mean_focus,
                "meeting_hours": f.mean_meetings,
            })
        })
        .collect()
}

/// Every tag: its days, the raw and within-role deltas with their
/// intervals, each mode's split, and the one that ranks it.
fn tags(index: &Index<'_>) -> Vec<Value> {
    index
        .tags
        .iter()
        .map(|t| {
            json!({
                "tag": t.name,
                "slug": t.slug,
                "days": t.days,
                "rare": t.is_rare(),
                "mean_with": t.mean_with,
                "mean_without": t.mean_without,
                "raw": effect(t.raw),
                "within_role": effect(t.within_role),
                "by_mode": {
                    "IC": split(&t.modes[Mode::Ic.index()]),
                    "EM": split(&t.modes[Mode::Em.index()]),
                },
                "ranked_by": effect(t.effect()),
            })
        })
        .collect()
}

/// Mean morning, midday and evening check-ins, overall and per mode.
fn through_the_day(index: &Index<'_>) -> Vec<Value> {
    trends::moments(&index.days, &index.entries)
        .iter()
        .map(|m| {
            let mut v = json!({ "mode": mode(m.mode) });
            for moment in Moment::ALL {
                let k = moment.index();
                v[moment.key()] = json!({ "mean": m.means[k], "days": m.counts[k] });
            }
            v
        })
        .collect()
}

/// Every ISO week with entries: energy, hours and slack.
fn weeks(index: &Index<'_>, journal: &JournalSettings) -> Vec<Value> {
    index
        .weeks
        .iter()
        .filter(|w| !w.days.is_empty())
        .map(|w| {
            let days = w.days.iter().map(|&d| &index.days[d]);
            let slack = capacity::mean_slack(days, journal.workday_hours);
            json!({
                "week": w.id(),
                "monday": date(w.monday),
                "days": w.days.len(),
                "energy": w.energy,
                "change": w.change,
                "focus_hours": w.focus_hours,
                "meeting_hours": w.meeting_hours,
                "slack": slack.map(|s| s.0),
                "slack_days": slack.map_or(0, |s| s.1),
                "ic_days": w.ic_days,
                "em_days": w.em_days,
                "mixed_days": w.mixed_days,
            })
        })
        .collect()
}

/// The day's usual slope and each tag's interval delta.
fn hour_by_hour(index: &Index<'_>) -> Value {
    let hours = &index.hours;
    let slope =
        |s: crate::index::intervals::Slope| json!({ "mean": s.mean, "intervals": s.intervals });
    json!({
        "intervals": hours.intervals.len(),
        "slope": slope(hours.slope),
        "IC": slope(hours.modes[Mode::Ic.index()]),
        "EM": slope(hours.modes[Mode::Em.index()]),
        "tags": hours.tags.iter().map(|t| json!({
            "tag": index.tag(&t.slug).map_or(t.slug.as_str(), |tag| tag.name.as_str()),
            "slug": t.slug,
            "intervals": t.intervals,
            "rare": t.is_rare(),
            "mean_with": t.mean_with,
            "mean_without": t.mean_without,
            "effect": effect(hours.effect(&t.slug)),
        })).collect::<Vec<_>>(),
    })
}

/// Mean day energy and evening check-in per ISO weekday, overall and per mode.
fn weekday_figures(index: &Index<'_>) -> Vec<Value> {
    let evenings = weekdays::check_ins(&index.days, &index.entries, Moment::Evening);
    weekdays::weekdays(&index.days, &evenings)
        .iter()
        .map(|w| {
            json!({
                "mode": mode(w.mode),
                "days": w.days.iter().enumerate().map(|(k, d)| json!({
                    "weekday": WEEKDAYS[k],
                    "energy": d.energy,
                    "energy_days": d.energy_days,
                    "evening": d.evening,
                    "evening_days": d.evening_days,
                })).collect::<Vec<_>>(),
            })
        })
        .collect()
}

fn after(a: After) -> Value {
    json!({ "energy": a.energy, "pairs": a.pairs })
}

/// Next-day energy after heavy and light meeting days, and after IC and EM days.
fn the_day_after(index: &Index<'_>) -> Value {
    let mornings = weekdays::check_ins(&index.days, &index.entries, Moment::Morning);
    let a = day_after::day_after(&index.days, &mornings);
    json!({
        "median_meeting_hours": a.median_meetings,
        "after_heavy_meetings": after(a.after_heavy),
        "after_light_meetings": after(a.after_light),
        "heavy_minus_light": effect(a.meetings),
        "after_ic": after(a.after_ic),
        "after_em": after(a.after_em),
        "ic_minus_em": effect(a.role),
    })
}

/// Slack against the workday, energy with and without room, and deep work.
fn capacity_figures(index: &Index<'_>, journal: &JournalSettings) -> Value {
    let c = capacity::capacity(&index.days, journal.workday_hours, journal.deep_work_hours);
    json!({
        "workday_hours": journal.workday_hours,
        "deep_work_hours": journal.deep_work_hours,
        "days": c.days,
        "mean_slack": c.mean_slack,
        "days_without_slack": c.no_slack,
        "with_slack": { "energy": c.roomy_energy, "days": c.roomy_days },
        "with_less_slack": { "energy": c.tight_energy, "days": c.tight_days },
        "days_above_deep_work": c.over_deep_work,
        "days_with_focus": c.focus_days,
    })
}

fn run(r: Option<Run>) -> Value {
    r.map_or(
        Value::Null,
        |r| json!({ "first": date(r.first), "last": date(r.last), "days": r.days }),
    )
}

/// The longest runs without each mode and the focus share per mode (the
/// monthly shares are in `months`).
fn role_balance(index: &Index<'_>) -> Value {
    let b = balance::balance(&index.days);
    json!({
        "longest_without_ic": run(b.without_ic),
        "longest_without_em": run(b.without_em),
        "focus_share": b.focus.iter().map(|f| json!({
            "mode": f.mode.label(),
            "share": f.share,
            "days": f.days,
        })).collect::<Vec<_>>(),
    })
}

/// Each declared metric: its weekly means, its mean per mode, and its
/// correlation with day energy (`r` only from the days the page needs).
fn metrics(index: &Index<'_>, declared: &[Metric]) -> Vec<Value> {
    declared
        .iter()
        .map(|m| {
            let f = crate::index::metrics::figures(&index.days, &index.weeks, &m.key);
            json!({
                "key": m.key,
                "label": m.label,
                "unit": m.unit,
                "min": m.min,
                "max": m.max,
                "integer": m.integer,
                "better": m.better,
                "mean": f.mean,
                "days": f.days,
                "weeks": f.weekly.iter().map(|w| json!({
                    "week": index.weeks[w.week].id(),
                    "monday": date(w.monday),
                    "mean": w.mean,
                    "days": w.days,
                })).collect::<Vec<_>>(),
                "modes": Mode::ALL.iter().map(|mode| {
                    let (mean, days) = f.modes[mode.index()];
                    json!({ "mode": mode.label(), "mean": mean, "days": days })
                }).collect::<Vec<_>>(),
                "correlation": {
                    "r": f.correlation.shown(),
                    "n": f.correlation.n,
                },
            })
        })
        .collect()
}
