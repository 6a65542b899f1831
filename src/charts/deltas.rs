//! What drains and what restores: each tag's energy delta as a bar left
//! (drains) or right (restores) of a zero line.

use super::axis::{MAX_TEXT, W, text_width};
use super::svg::{Anchor, Svg};
use super::{Bar, count, finite, signed};

const ROW: f64 = 24.0;
const BAR: f64 = 14.0;
/// The faint raw bar under a within-role one.
const RAW: f64 = 4.0;
/// The header row naming the two directions.
const TOP: f64 = 30.0;
/// Tag names longer than this are shortened (the bar's tooltip has them whole).
const LABEL_CHARS: usize = 18;

/// What the bars of a delta chart count, and the words around them.
pub(super) struct Unit {
    /// The counted thing, singular and plural (`day`, `days`).
    pub one: &'static str,
    pub many: &'static str,
    /// The chart's accessible name, from the numbers of rising and falling bars.
    pub label: fn(usize, usize) -> String,
    /// A bar's tooltip, from the tag's name, its signed value and its count in words.
    pub tip: fn(&str, &str, &str) -> String,
}

/// Tags against days: the per-tag delta of day energy.
const DAYS: Unit = Unit {
    one: "day",
    many: "days",
    label: |restoring, draining| {
        format!(
            "Energy delta per tag: {} on days with higher energy, {draining} on days with lower energy.",
            count(restoring, "tag", "tags")
        )
    },
    tip: |name, value, counted| format!("{name}: energy {value} on days with it ({counted})"),
};

/// Next-day energy after one kind of day minus after another, over pairs of days.
const NEXT_DAYS: Unit = Unit {
    one: "day",
    many: "days",
    label: |higher, lower| {
        format!(
            "Next-day energy differences: {} with a higher next day, {lower} with a lower one.",
            count(higher, "split", "splits")
        )
    },
    tip: |name, value, counted| format!("{name}: next-day energy {value} ({counted} in all)"),
};

/// Diverging bars of next-day differences (`rows` name the two kinds of day
/// compared and count the pairs of both), with their whiskers and verdicts.
pub fn next_day_differences(rows: &[Bar], sure: &[Sure<'_>]) -> String {
    diverging_sure(rows, &NEXT_DAYS, sure)
}

/// How sure a bar is, beside it: the raw delta drawn faint when the bar is
/// the within-role one, the bar's 90% interval as a whisker, and its verdict
/// in words (`restores`, `no clear effect`, …).
pub type Sure<'a> = (Option<f64>, Option<(f64, f64)>, &'a str);

/// Diverging bars of each tag's energy delta (days with it minus days
/// without), in the given order; `sure`, row by row, adds the faint raw
/// delta, the whisker and the verdict (none where it is shorter).
pub fn tag_deltas(rows: &[Bar], sure: &[Sure<'_>]) -> String {
    diverging_sure(rows, &DAYS, sure)
}

/// Diverging bars of each row's value, left (negative) or right of zero,
/// with its count in `unit`; `sure`, row by row, adds the faint raw delta,
/// the whisker and the verdict (none where it is shorter). Empty when no
/// row has a value.
pub(super) fn diverging_sure(rows: &[Bar], unit: &Unit, sure: &[Sure<'_>]) -> String {
    let values: Vec<Option<f64>> = rows.iter().map(|r| finite(r.value)).collect();
    let sure: Vec<Sure<'_>> = (0..rows.len())
        .map(|i| {
            sure.get(i)
                .map_or((None, None, ""), |(raw, interval, words)| {
                    let interval = interval.filter(|(l, h)| l.is_finite() && h.is_finite());
                    (raw.and_then(|r| finite(Some(r))), interval, *words)
                })
        })
        .collect();
    // How far each row reaches left and right of zero: its bar, its faint raw
    // bar and its whisker.
    let reach: Vec<Option<(f64, f64)>> = values
        .iter()
        .zip(&sure)
        .map(|(v, (raw, interval, _))| {
            let v = (*v)?;
            let mut ends = vec![v, 0.0];
            ends.extend(raw);
            ends.extend(interval.iter().flat_map(|(l, h)| [*l, *h]));
            Some((
                ends.iter().copied().fold(f64::INFINITY, f64::min),
                ends.iter().copied().fold(f64::NEG_INFINITY, f64::max),
            ))
        })
        .collect();
    if values.iter().all(Option::is_none) {
        return String::new();
    }
    let labels: Vec<String> = rows.iter().map(|r| shorten(&r.label)).collect();
    // Room for the largest text the stylesheet may set: labels, then value texts on each side.
    let label_w = labels
        .iter()
        .map(|l| text_width(l, MAX_TEXT))
        .fold(30.0, f64::max)
        + 12.0;
    let side = |neg: bool| {
        rows.iter()
            .zip(&values)
            .zip(&sure)
            .filter(|((_, v), _)| v.is_some_and(|v| (v < 0.0) == neg))
            .map(|((r, _), _)| text_width(&value_text(r, unit), MAX_TEXT) + 8.0)
            .fold(0.0, f64::max)
    };
    let (neg_w, pos_w) = (side(true), side(false));
    let avail = (W - 4.0 - label_w - neg_w - pos_w).max(60.0);
    let max_pos = reach.iter().flatten().fold(0.0, |m: f64, r| m.max(r.1));
    let max_neg = reach.iter().flatten().fold(0.0, |m: f64, r| m.max(-r.0));
    let (scale, zero) = if max_pos + max_neg > 0.0 {
        let s = avail / (max_pos + max_neg);
        (s, label_w + neg_w + s * max_neg)
    } else {
        (0.0, label_w + neg_w + avail / 2.0)
    };
    let h = TOP + rows.len() as f64 * ROW + 6.0;
    let restoring = values.iter().flatten().filter(|v| **v > 0.0).count();
    let draining = values.iter().flatten().filter(|v| **v < 0.0).count();
    let label = (unit.label)(restoring, draining);
    let mut svg = Svg::new("chart-deltas", W, h, &label);
    if max_neg > 0.0 {
        svg.text(
            "direction drains",
            zero - 6.0,
            TOP / 2.0,
            Anchor::End,
            0.35,
            "← drains",
        );
    }
    if max_pos > 0.0 {
        svg.text(
            "direction restores",
            zero + 6.0,
            TOP / 2.0,
            Anchor::Start,
            0.35,
            "restores →",
        );
    }
    for (i, ((row, value), label)) in rows.iter().zip(&values).zip(&labels).enumerate() {
        let mid = TOP + i as f64 * ROW + ROW / 2.0;
        let (raw, interval, words) = sure[i];
        // The link's name keeps the whole tag and its figure, as the bar's tooltip does.
        let name = match value {
            Some(_) => format!("{}: {}", row.label, full_text(row, unit, &sure[i])),
            None => row.label.clone(),
        };
        svg.link(row.url.as_deref(), &name, |s| {
            s.text("label", label_w - 8.0, mid, Anchor::End, 0.35, label)
        });
        let Some(v) = *value else {
            svg.text("value", zero + 6.0, mid, Anchor::Start, 0.35, "no data");
            continue;
        };
        let direction = match v {
            v if v > 0.0 => "bar restores",
            v if v < 0.0 => "bar drains",
            _ => "bar neutral",
        };
        // A bar whose interval contains 0 (or that has none) is drawn faded.
        let clear = words.is_empty() || matches!(words, "restores" | "drains");
        let class = if clear {
            direction.to_owned()
        } else {
            format!("{direction} unclear")
        };
        let class = class.as_str();
        let end = zero + v * scale;
        let shown = match raw {
            Some(_) => format!("{} within the role", signed(v)),
            None => signed(v),
        };
        let mut tip = (unit.tip)(&row.label, &shown, &counted(row, unit));
        if let Some(r) = raw {
            tip = format!("{tip}; raw {}", signed(r));
        }
        if let Some((low, high)) = interval {
            tip = format!("{tip}; 90% interval {} to {}", signed(low), signed(high));
        }
        if !words.is_empty() {
            tip = format!("{tip}: {words}");
        }
        let strong_tip = tip.clone();
        if let Some(r) = raw {
            // The raw delta, faint, in a thin bar under the strong one.
            let tip = format!("{}: raw delta {}", row.label, signed(r));
            svg.rect(
                "track raw",
                zero,
                mid + BAR / 2.0 - RAW,
                r * scale,
                RAW,
                Some(&tip),
            );
            svg.rect(
                class,
                zero,
                mid - BAR / 2.0,
                end - zero,
                BAR - RAW - 1.0,
                Some(&strong_tip),
            );
        }
        if raw.is_none() {
            svg.rect(class, zero, mid - BAR / 2.0, end - zero, BAR, Some(&tip));
        }
        let whisker_y = mid - BAR / 2.0 + (BAR - if raw.is_some() { RAW + 1.0 } else { 0.0 }) / 2.0;
        if let Some((low, high)) = interval {
            let (x1, x2) = (zero + low * scale, zero + high * scale);
            svg.line("range whisker", x1, whisker_y, x2, whisker_y);
            svg.line("range whisker", x1, whisker_y - 4.0, x1, whisker_y + 4.0);
            svg.line("range whisker", x2, whisker_y - 4.0, x2, whisker_y + 4.0);
        }
        let (far_left, far_right) = reach[i].unwrap_or((v.min(0.0), v.max(0.0)));
        if v < 0.0 {
            let end = zero + far_left * scale;
            svg.text(
                "value",
                end - 6.0,
                mid,
                Anchor::End,
                0.35,
                &value_text(row, unit),
            );
        } else {
            let end = zero + far_right * scale;
            svg.text(
                "value",
                end + 6.0,
                mid,
                Anchor::Start,
                0.35,
                &value_text(row, unit),
            );
        }
    }
    svg.line("zero", zero, TOP - 2.0, zero, h - 4.0);
    svg.finish()
}

/// `+1.2 (14 days)`: the figure beside a bar; its whisker draws the interval.
fn value_text(r: &Bar, unit: &Unit) -> String {
    format!(
        "{} ({})",
        finite(r.value).map_or_else(String::new, signed),
        counted(r, unit)
    )
}

/// The same with the interval and the verdict, for the bar's name:
/// `+1.2 (−0.3 to +2.7, no clear effect, 14 days)`.
fn full_text(r: &Bar, unit: &Unit, sure: &Sure<'_>) -> String {
    let mut inside = Vec::new();
    if let Some((low, high)) = sure.1 {
        inside.push(format!("{} to {}", signed(low), signed(high)));
    }
    if !sure.2.is_empty() {
        inside.push(sure.2.to_owned());
    }
    inside.push(counted(r, unit));
    format!(
        "{} ({})",
        finite(r.value).map_or_else(String::new, signed),
        inside.join(", ")
    )
}

/// `14 days`, `1 interval`.
fn counted(r: &Bar, unit: &Unit) -> String {
    count(r.count, unit.one, unit.many)
}

/// The label, cut to `LABEL_CHARS` with an ellipsis.
fn shorten(s: &str) -> String {
    if s.chars().count() <= LABEL_CHARS {
        s.to_owned()
    } else {
        let mut cut: String = s.chars().take(LABEL_CHARS - 1).collect();
        cut.push('…');
        cut
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(label: &str, value: Option<f64>) -> Bar {
        Bar {
            label: label.into(),
            value,
            count: 5,
            url: Some(format!("/tags/{label}/")),
        }
    }

    fn attr(svg: &str, start: &str, name: &str) -> f64 {
        let rest = svg.split(start).nth(1).unwrap();
        rest.split(&format!(" {name}=\""))
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap()
            .parse()
            .unwrap()
    }

    #[test]
    fn positive_goes_right_of_zero_and_negative_left() {
        let svg = tag_deltas(&[row("walks", Some(1.2)), row("hiring", Some(-0.4))], &[]);
        let zero = attr(&svg, r#"<line class="zero""#, "x1");
        assert_eq!(attr(&svg, r#"<rect class="bar restores""#, "x"), zero);
        let x = attr(&svg, r#"<rect class="bar drains""#, "x");
        let w = attr(&svg, r#"<rect class="bar drains""#, "width");
        assert!(x < zero && (x + w - zero).abs() < 0.2, "{x} {w} {zero}");
        assert!(svg.contains(">+1.2 (5 days)</text>") && svg.contains(">−0.4 (5 days)</text>"));
        assert!(svg.contains(
            r#"<a href="/tags/walks/" aria-label="walks: +1.2 (5 days)"><text class="label""#
        ));
        assert!(svg.contains(r#"role="group""#) && !svg.contains(r#"role="img""#));
        assert!(
            svg.find(">walks<").unwrap() < svg.find(">hiring<").unwrap(),
            "given order"
        );
    }

    #[test]
    fn height_grows_with_rows_and_names_are_escaped() {
        let few = tag_deltas(&[row("a", Some(1.0))], &[]);
        let many = tag_deltas(&vec![row("<x> & \"y\"", Some(-1.0)); 10], &[]);
        assert!(few.contains(r#"viewBox="0 0 720 60""#), "{few}");
        assert!(many.contains(r#"viewBox="0 0 720 276""#));
        assert!(many.contains("&lt;x&gt; &amp; &quot;y&quot;") && !many.contains("<x>"));
    }

    #[test]
    fn nothing_to_draw_gives_empty() {
        assert_eq!(tag_deltas(&[], &[]), "");
        assert_eq!(
            tag_deltas(&[row("a", None), row("b", Some(f64::NAN))], &[]),
            ""
        );
        assert!(tag_deltas(&[row("a", Some(0.0))], &[]).contains("±0.0"));
    }

    #[test]
    fn within_role_bars_are_strong_with_the_raw_faint_and_a_whisker() {
        let sure = [(Some(-1.0), Some((-0.5, 3.0)), "no clear effect")];
        let svg = tag_deltas(&[row("coaching", Some(1.2))], &sure);
        let zero = attr(&svg, r#"<line class="zero""#, "x1");
        // The faint raw bar goes left of zero, the strong one right.
        let raw_x = attr(&svg, r#"<rect class="track raw""#, "x");
        let raw_w = attr(&svg, r#"<rect class="track raw""#, "width");
        assert!((raw_x + raw_w - zero).abs() < 0.2, "{svg}");
        assert_eq!(
            attr(&svg, r#"<rect class="bar restores unclear""#, "x"),
            zero
        );
        // The whisker spans the interval, past the bar's end on both sides.
        let x1 = attr(&svg, r#"<line class="range whisker""#, "x1");
        let x2 = attr(&svg, r#"<line class="range whisker""#, "x2");
        let scale = attr(&svg, r#"<rect class="bar restores unclear""#, "width") / 1.2;
        assert!((zero - x1 - 0.5 * scale).abs() < 0.2 && (x2 - zero - 3.0 * scale).abs() < 0.2);
        // Words for readers without the picture: the link, the tooltip, the value.
        assert!(
            svg.contains(r#"aria-label="coaching: +1.2 (−0.5 to +3.0, no clear effect, 5 days)""#)
        );
        assert!(svg.contains(
            "<title>coaching: energy +1.2 within the role on days with it (5 days); raw −1.0; 90% interval −0.5 to +3.0: no clear effect</title>"
        ));
        assert!(svg.contains("<title>coaching: raw delta −1.0</title>"));
        // The value text sits beyond the whisker, short: the whisker draws the interval.
        assert!(attr(&svg, r#"<text class="value""#, "x") > x2);
        assert!(svg.contains(">+1.2 (5 days)</text>"), "{svg}");
    }

    #[test]
    fn clear_bars_are_strong_and_unclear_ones_faded() {
        let rows = [row("walks", Some(1.5)), row("status", Some(-1.1))];
        let sure = [
            (None, Some((0.5, 2.6)), "restores"),
            (None, Some((-2.2, 0.1)), "no clear effect"),
        ];
        let svg = tag_deltas(&rows, &sure);
        assert!(svg.contains(r#"<rect class="bar restores" "#), "{svg}");
        assert!(
            svg.contains(r#"<rect class="bar drains unclear" "#),
            "{svg}"
        );
    }

    /// Rows on both sides with wide whiskers still fit: every text and bar
    /// lies inside the chart.
    #[test]
    fn both_directions_fit_the_width() {
        let rows: Vec<Bar> = (0..8)
            .map(|i| {
                row(
                    &format!("tag-number-{i}"),
                    Some(if i % 2 == 0 { 1.5 } else { -2.0 }),
                )
            })
            .collect();
        let sure: Vec<Sure<'_>> = (0..8)
            .map(|i| {
                let d = if i % 2 == 0 { 1.5 } else { -2.0 };
                (Some(d / 2.0), Some((d - 1.2, d + 1.2)), "no clear effect")
            })
            .collect();
        let svg = tag_deltas(&rows, &sure);
        let xs: Vec<f64> = svg
            .split(" x=\"")
            .skip(1)
            .map(|r| r[..r.find('"').unwrap()].parse().unwrap())
            .collect();
        assert!(xs.iter().all(|x| (0.0..=720.0).contains(x)), "{xs:?}");
        let zero = attr(&svg, r#"<line class="zero""#, "x1");
        // The bars get a fair share of the width.
        let drawn = attr(&svg, r#"<rect class="bar restores unclear""#, "width");
        assert!(drawn > 50.0, "{drawn} at zero {zero}");
    }

    #[test]
    fn long_names_are_shortened() {
        assert_eq!(shorten("a-very-long-tag-name-indeed"), "a-very-long-tag-n…");
    }
}
