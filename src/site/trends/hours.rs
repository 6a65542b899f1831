//! Hour by hour, on `/trends/` and on tag pages: each tag's interval delta
//! drawn as bars, and the day's usual slope and the tags that move it most,
//! in words.

use crate::charts::{self, Bar};
use crate::content::Mode;
use crate::index::intervals::Slope;
use crate::index::{Effect, Index, TagHours, Verdict};
use crate::numbers::{count, one_decimal, signed};
use crate::render::trend_views::ChartView;
use crate::render::views::{Link, Links};

/// How many tags each direction names in the summary.
const TOP: usize = 3;

/// `9 intervals`.
fn intervals(n: usize) -> String {
    count(n, "interval", "intervals")
}

/// `fell 2.1`, `rose 0.4`, or `None` when the change rounds to nothing.
fn moved(change: f64) -> Option<String> {
    let size = one_decimal(change.abs());
    if size == "0.0" {
        return None;
    }
    let word = if change < 0.0 { "fell" } else { "rose" };
    Some(format!("{word} {size}"))
}

/// The line a tag page shows: how the hours the tag ends went against
/// other hours, and how sure that is (`effect`, the hour-level delta with
/// its 90% interval). `None` when the tag ends no interval.
pub fn tag_line(name: &str, hours: Option<&TagHours>, effect: Option<Effect>) -> Option<String> {
    let t = hours?;
    let n = intervals(t.intervals);
    Some(if t.is_rare() {
        format!("In the hours with #{name}: too few intervals to compare ({n}).")
    } else {
        match t.delta {
            None => format!(
                "In the hours with #{name}, energy changed by {} on average, over {n}; there are no other hours to compare with.",
                signed(t.mean_with)
            ),
            Some(d) => {
                let how = match moved(d) {
                    Some(m) => format!("energy {m} more than in other hours"),
                    None => "energy moved as it did in other hours".to_owned(),
                };
                format!(
                    "In the hours with #{name}, {how}, over {n}{}.",
                    sureness(effect)
                )
            }
        }
    })
}

/// ` (90% interval −6.0 to −0.8)`, with `: no clear effect` where it
/// contains 0, or a note that a group is too small for one.
fn sureness(effect: Option<Effect>) -> String {
    let Some(e) = effect else {
        return String::new();
    };
    match (e.interval, e.verdict()) {
        (None, _) => " (too few intervals for a 90% interval)".to_owned(),
        (Some(_), Verdict::NoClearEffect) => {
            format!(" (90% interval {}): no clear effect", e.interval_text())
        }
        (Some(_), _) => format!(" (90% interval {})", e.interval_text()),
    }
}

/// Restores or drains: an hour-level effect whose interval leaves out 0.
fn clear(effect: Option<Effect>) -> bool {
    effect.is_some_and(|e| matches!(e.verdict(), Verdict::Drains | Verdict::Restores))
}

/// `From one check-in to the next, energy fell 1.2 on average, over 14 intervals.`
fn slope_line(who: &str, slope: Slope) -> Option<String> {
    let mean = slope.mean?;
    let n = intervals(slope.intervals);
    Some(match moved(mean) {
        Some(m) => format!("{who}, energy {m} on average, over {n}."),
        None => format!("{who}, energy held steady on average, over {n}."),
    })
}

/// The hour-by-hour chart of `/trends/`, and the tags that end too few
/// intervals to be drawn in it.
pub fn hours_chart(index: &Index<'_>, urls: Links<'_>) -> (ChartView, Vec<Link>) {
    let hours = &index.hours;
    let name = |slug: &str| {
        index
            .tag(slug)
            .map_or_else(|| slug.to_owned(), |t| t.name.clone())
    };
    let mut chart = ChartView {
        id: "hour-by-hour".to_owned(),
        title: "Hour by hour".to_owned(),
        caption: "Per tag written with a check-in: the change of energy over the hours it ends, minus the change over other hours; the whisker is the 90% interval, and a faded bar's interval contains 0.".to_owned(),
        svg: String::new(),
        summary: Vec::new(),
    };
    if hours.intervals.is_empty() {
        chart.summary.push(
            "No intervals yet: an interval is two check-ins with scores in one entry, such as morning and evening."
                .to_owned(),
        );
        return (chart, Vec::new());
    }
    let ranked = hours.ranked();
    let effects: Vec<Option<Effect>> = ranked.iter().map(|t| hours.effect(&t.slug)).collect();
    // Drawn rising first, as the day-level chart is.
    let rows: Vec<Bar> = ranked
        .iter()
        .rev()
        .map(|t| Bar {
            label: name(&t.slug),
            value: t.delta,
            count: t.intervals,
            url: Some(urls.tag(&t.slug)),
        })
        .collect();
    let sure: Vec<_> = effects
        .iter()
        .rev()
        .map(|e| {
            (
                None,
                e.and_then(|e| e.interval),
                e.map_or("", |e| e.verdict().text()),
            )
        })
        .collect();
    chart.svg = charts::interval_deltas(&rows, &sure);

    let summary = &mut chart.summary;
    summary.extend(slope_line("From one check-in to the next", hours.slope));
    for mode in Mode::ALL {
        summary.extend(slope_line(
            &format!("On {} days", mode.label()),
            hours.modes[mode.index()],
        ));
    }
    // Named as draining or restoring only where the interval leaves out 0.
    let named = |t: &&(&TagHours, Option<Effect>), falls: bool| {
        clear(t.1) && t.0.delta.is_some_and(|d| (d < 0.0) == falls)
    };
    let paired: Vec<(&TagHours, Option<Effect>)> = ranked
        .iter()
        .copied()
        .zip(effects.iter().copied())
        .collect();
    let falling: Vec<_> = paired.iter().filter(|t| named(t, true)).take(TOP).collect();
    let rising: Vec<_> = paired
        .iter()
        .rev()
        .filter(|t| named(t, false))
        .take(TOP)
        .collect();
    for (group, most) in [
        (&falling, "Most draining hours"),
        (&rising, "Most restoring hours"),
    ] {
        let Some((first, effect)) = group.first() else {
            continue;
        };
        summary.extend(tag_line(&name(&first.slug), Some(first), *effect));
        if group.len() > 1 {
            let listed: Vec<String> = group
                .iter()
                .map(|(t, _)| {
                    format!(
                        "#{} ({}, {})",
                        name(&t.slug),
                        t.delta.map(signed).unwrap_or_default(),
                        intervals(t.intervals)
                    )
                })
                .collect();
            summary.push(format!("{most}: {}.", listed.join(", ")));
        }
    }
    let unclear = paired.iter().filter(|t| !clear(t.1)).count();
    if unclear > 0 {
        summary.push(format!(
            "{} no clear effect hour by hour, or too few intervals to say.",
            count(unclear, "tag shows", "tags show")
        ));
    }
    if ranked.is_empty() {
        summary.push(format!(
            "No tag ends {} yet.",
            intervals(crate::index::intervals::RARE_TAG_INTERVALS)
        ));
    }
    let rare = hours
        .tags
        .iter()
        .filter(|t| t.is_rare())
        .map(|t| Link {
            title: name(&t.slug),
            url: urls.tag(&t.slug),
        })
        .collect();
    (chart, rare)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tag(intervals: usize, delta: Option<f64>) -> TagHours {
        TagHours {
            slug: "incident".to_owned(),
            intervals,
            mean_with: -2.5,
            mean_without: delta.map(|d| -2.5 - d),
            delta,
        }
    }

    #[test]
    fn a_tag_line_says_which_way_and_over_how_many() {
        assert_eq!(
            tag_line("incident", Some(&tag(9, Some(-2.14))), None).as_deref(),
            Some(
                "In the hours with #incident, energy fell 2.1 more than in other hours, over 9 intervals."
            )
        );
        assert_eq!(
            tag_line("walks", Some(&tag(3, Some(0.96))), None).as_deref(),
            Some(
                "In the hours with #walks, energy rose 1.0 more than in other hours, over 3 intervals."
            )
        );
        assert_eq!(
            tag_line("x", Some(&tag(1, Some(-4.0))), None).as_deref(),
            Some("In the hours with #x: too few intervals to compare (1 interval).")
        );
        assert_eq!(
            tag_line("x", Some(&tag(4, Some(0.04))), None).as_deref(),
            Some("In the hours with #x, energy moved as it did in other hours, over 4 intervals.")
        );
        assert_eq!(tag_line("x", None, None), None);
        let sure = |delta, interval| Some(Effect { delta, interval });
        assert_eq!(
            tag_line(
                "incident",
                Some(&tag(9, Some(-2.14))),
                sure(-2.14, Some((-3.0, -1.2)))
            )
            .as_deref(),
            Some(
                "In the hours with #incident, energy fell 2.1 more than in other hours, over 9 intervals (90% interval −3.0 to −1.2)."
            )
        );
        assert_eq!(
            tag_line(
                "coding",
                Some(&tag(3, Some(-0.57))),
                sure(-0.57, Some((-3.3, 2.2)))
            )
            .as_deref(),
            Some(
                "In the hours with #coding, energy fell 0.6 more than in other hours, over 3 intervals (90% interval −3.3 to +2.2): no clear effect."
            )
        );
        assert_eq!(
            tag_line("x", Some(&tag(4, Some(0.5))), sure(0.5, None)).as_deref(),
            Some(
                "In the hours with #x, energy rose 0.5 more than in other hours, over 4 intervals (too few intervals for a 90% interval)."
            )
        );
    }

    #[test]
    fn a_slope_line_needs_intervals() {
        let slope = |mean, intervals| Slope { mean, intervals };
        assert_eq!(
            slope_line("On EM days", slope(Some(-1.25), 4)).as_deref(),
            Some("On EM days, energy fell 1.3 on average, over 4 intervals.")
        );
        assert_eq!(
            slope_line("On IC days", slope(Some(0.0), 1)).as_deref(),
            Some("On IC days, energy held steady on average, over 1 interval.")
        );
        assert_eq!(slope_line("On IC days", slope(None, 0)), None);
    }
}
