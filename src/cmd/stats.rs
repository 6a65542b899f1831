//! `ebb stats`: a terminal summary of the journal's figures.

use std::path::PathBuf;
use std::process::ExitCode;

use chrono::Duration;

use crate::content::Mode;
use crate::index::{Effect, Index, Verdict, trends};
use crate::numbers::count;
use crate::numbers::{mean, one_decimal, signed};

use super::{Printer, Selection, load_index};

/// Summarise the journal in the terminal.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The journal folder (default: the nearest folder upward with a book.toml).
    dir: Option<PathBuf>,
    /// How many weeks the energy sparkline covers.
    #[arg(long, default_value_t = 12, value_parser = clap::value_parser!(u32).range(1..=520))]
    weeks: u32,
    #[command(flatten)]
    selection: Selection,
}

/// Runs `ebb stats`.
pub fn run(args: Args, out: &Printer) -> anyhow::Result<ExitCode> {
    let Some(site) = load_index(args.dir.as_deref(), args.selection, out)? else {
        return Ok(ExitCode::FAILURE);
    };
    let index = Index::new(site.entries());
    print!("{}", summary(&site.config.title, &index, args.weeks));
    print!("{}", practice(&index, &site.config.journal));
    print!("{}", metrics(&index, &site.config.metrics));
    Ok(ExitCode::SUCCESS)
}

/// A line for each metric book.toml declares: its mean, per mode, and its
/// correlation with day energy (from enough days).
pub fn metrics(index: &Index<'_>, declared: &[crate::config::Metric]) -> String {
    use crate::index::metrics::{CORRELATION_DAYS, figures};
    let mut out = String::new();
    for m in declared {
        let f = figures(&index.days, &index.weeks, &m.key);
        let Some(overall) = f.mean else {
            out.push_str(&format!("{:<15} not recorded yet\n", m.label));
            continue;
        };
        let modes: Vec<String> = Mode::ALL
            .iter()
            .map(|mode| {
                let (v, n) = f.modes[mode.index()];
                format!(
                    "{} {} ({n})",
                    mode.label(),
                    v.map_or_else(|| "–".to_owned(), |v| m.show(v))
                )
            })
            .collect();
        let c = f.correlation;
        let r = match c.shown() {
            Some(r) => format!(
                "r = {} with energy (n = {})",
                crate::numbers::coefficient(r),
                c.n
            ),
            None if c.n < CORRELATION_DAYS => format!(
                "too few days for a correlation with energy (n = {}, {CORRELATION_DAYS} needed)",
                c.n
            ),
            None => format!(
                "no correlation with energy: one does not vary (n = {})",
                c.n
            ),
        };
        out.push_str(&format!(
            "{:<15} mean {} over {}; {}; {r}\n",
            m.label,
            m.show(overall),
            count(f.days, "day", "days"),
            modes.join(", ")
        ));
    }
    if !out.is_empty() {
        out.insert(0, '\n');
    }
    out
}

/// The summary text: sparkline of weekly means, IC/EM figures, top tags.
pub fn summary(title: &str, index: &Index<'_>, weeks: u32) -> String {
    let (Some(first), Some(last)) = (index.days.first(), index.days.last()) else {
        return format!("{title}: no entries yet.\n");
    };
    let mut out = format!(
        "{title}: {}, {} to {}\n\n",
        count(index.entries.len(), "entry", "entries"),
        first.date.format("%-d %b %Y"),
        last.date.format("%-d %b %Y")
    );
    let now = trends::now(&index.days, crate::clock::today()).unwrap_or(last.date);
    let start = now - Duration::days(7 * i64::from(weeks) - 1);
    let series = trends::daily(&index.days, start, now);
    let weekly: Vec<Option<f64>> = series
        .chunks(7)
        .map(|w| mean(w.iter().filter_map(|d| d.energy)))
        .collect();
    let spark: String = weekly.iter().map(|w| spark_char(*w)).collect();
    let overall = mean(series.iter().filter_map(|d| d.energy));
    out.push_str(&format!(
        "Energy, last {} (weekly means, oldest first)\n  {spark}  mean {}\n\n",
        count(weeks as usize, "week", "weeks"),
        overall.map_or_else(|| "–".to_owned(), one_decimal)
    ));

    out.push_str("        days  energy  focus h  meetings h\n");
    for mode in Mode::ALL {
        let f = index.mode_figures(mode);
        let fmt = |v: Option<f64>| v.map_or_else(|| "–".to_owned(), one_decimal);
        out.push_str(&format!(
            "  {:<4} {:>5} {:>7} {:>8} {:>11}\n",
            mode.label(),
            f.days,
            fmt(f.mean_energy),
            fmt(f.mean_focus),
            fmt(f.mean_meetings)
        ));
    }
    let mut tags: Vec<_> = index
        .tags
        .iter()
        .filter(|t| !t.is_rare() && t.effect().is_some())
        .collect();
    // Ranked by the delta within the role where there is one, else the raw one.
    let delta = |t: &crate::index::TagIndex| t.effect().map_or(0.0, |e| e.delta);
    tags.sort_by(|a, b| delta(a).total_cmp(&delta(b)).then(a.slug.cmp(&b.slug)));
    let show = |t: &&crate::index::TagIndex| shown(&t.name, t.effect(), t.days, "day", "days");
    let (draining, restoring) = extremes(&tags, |t| t.effect(), show);
    out.push_str(&format!(
        "\nMost draining   {draining}\nMost restoring  {restoring}\n  (each tag against other days of its role, where both kinds of day allow it;\n   named only where its 90% interval leaves out 0)\n"
    ));
    out.push_str(&hour_by_hour(index));
    out
}

/// The weekday pattern and the slack left in a workday, one line each.
pub fn practice(index: &Index<'_>, journal: &crate::config::JournalSettings) -> String {
    use crate::content::Moment;
    use crate::index::{capacity, weekdays};
    let mut out = String::new();
    let evenings = weekdays::check_ins(&index.days, &index.entries, Moment::Evening);
    let all = weekdays::weekdays(&index.days, &evenings);
    let days: Vec<(usize, f64, usize)> = all
        .first()
        .map(|w| {
            w.days
                .iter()
                .enumerate()
                .filter_map(|(k, d)| d.energy.map(|e| (k, e, d.energy_days)))
                .collect()
        })
        .unwrap_or_default();
    let high = days
        .iter()
        .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)));
    let low = days
        .iter()
        .min_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
    if let (Some(h), Some(l), true) = (
        high,
        low,
        days.len() >= 2 && high.map(|h| h.1) != low.map(|l| l.1),
    ) {
        let say = |(k, e, n): &(usize, f64, usize)| {
            format!(
                "{} {} ({})",
                crate::render::dates::WEEKDAYS[*k],
                one_decimal(*e),
                count(*n, "day", "days")
            )
        };
        out.push_str(&format!(
            "\nWeekdays        highest {}, lowest {}\n",
            say(h),
            say(l)
        ));
    }
    let c = capacity::capacity(&index.days, journal.workday_hours, journal.deep_work_hours);
    if let Some(m) = c.mean_slack {
        let fmt = |v: Option<f64>| v.map_or_else(|| "–".to_owned(), one_decimal);
        out.push_str(&format!(
            "Slack           {} h a day of {} over {}; {} with none; energy {} with 1 h or more ({}), {} with less ({}); {} of {} with focus above {} h\n",
            one_decimal(m),
            crate::numbers::a_workday(&crate::numbers::hours(journal.workday_hours)),
            count(c.days, "day", "days"),
            count(c.no_slack, "day", "days"),
            fmt(c.roomy_energy),
            count(c.roomy_days, "day", "days"),
            fmt(c.tight_energy),
            count(c.tight_days, "day", "days"),
            c.over_deep_work,
            count(c.focus_days, "day", "days"),
            crate::numbers::hours(journal.deep_work_hours)
        ));
    }
    out
}

/// The day's usual slope and the tags whose hours fall or rise most, three each.
fn hour_by_hour(index: &Index<'_>) -> String {
    let hours = &index.hours;
    let Some(slope) = hours.slope.mean else {
        return "\nHour by hour    no intervals yet\n".to_owned();
    };
    let ranked = hours.ranked();
    let show = |t: &&crate::index::TagHours| {
        let name = index
            .tag(&t.slug)
            .map_or(t.slug.as_str(), |tag| tag.name.as_str());
        shown(
            name,
            hours.effect(&t.slug),
            t.intervals,
            "interval",
            "intervals",
        )
    };
    let (draining, restoring) = extremes(&ranked, |t| hours.effect(&t.slug), show);
    format!(
        "\nHour by hour    energy {} from one check-in to the next ({})\nDraining hours  {draining}\nRestoring hours {restoring}\n",
        signed(slope),
        count(hours.slope.intervals, "interval", "intervals"),
    )
}

/// `incident −3.4 (3 intervals, 90% −6.0 to −0.8)`.
fn shown(name: &str, effect: Option<Effect>, n: usize, one: &str, many: &str) -> String {
    match effect {
        Some(e) => format!(
            "{name} {} ({}, 90% {})",
            signed(e.delta),
            count(n, one, many),
            e.interval_text()
        ),
        None => format!("{name} ({})", count(n, one, many)),
    }
}

/// The three most draining and the three most restoring of `ranked` (most
/// draining first) whose interval leaves out 0, each list shown joined, or
/// `–` when empty.
fn extremes<T>(
    ranked: &[T],
    effect: impl Fn(&T) -> Option<Effect>,
    show: impl Fn(&T) -> String,
) -> (String, String) {
    let pick = |items: &mut dyn Iterator<Item = &T>, verdict: Verdict| {
        let shown: Vec<String> = items
            .filter(|t| effect(t).is_some_and(|e| e.verdict() == verdict))
            .take(3)
            .map(&show)
            .collect();
        if shown.is_empty() {
            "–".to_owned()
        } else {
            shown.join(", ")
        }
    };
    (
        pick(&mut ranked.iter(), Verdict::Drains),
        pick(&mut ranked.iter().rev(), Verdict::Restores),
    )
}

/// A block character for an energy from 1 to 10; a space for no data.
fn spark_char(energy: Option<f64>) -> char {
    const BLOCKS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    match energy {
        None => '·',
        Some(e) => {
            let k = ((e - 1.0) / 9.0 * 7.0).round().clamp(0.0, 7.0) as usize;
            BLOCKS[k]
        }
    }
}

#[cfg(test)]
mod tests {
    use super::spark_char;

    #[test]
    fn sparkline_characters_span_the_scale() {
        assert_eq!(spark_char(Some(1.0)), '▁');
        assert_eq!(spark_char(Some(10.0)), '█');
        assert_eq!(spark_char(None), '·');
    }
}
