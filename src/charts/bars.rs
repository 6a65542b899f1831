//! IC vs EM: one small group of horizontal bars per metric, each group on its
//! own scale from zero.

use super::axis::{MAX_TEXT, Scale, W, text_width};
use super::svg::{Anchor, Svg};
use super::{Bar, days, finite, mode_class};
use crate::numbers::one_decimal;

/// Height of a heading or bar row, and of a bar.
const ROW: f64 = 26.0;
const BAR: f64 = 14.0;
const GROUP_GAP: f64 = 10.0;

/// Small-multiple bar groups, one per metric (e.g. mean energy, focus and meeting hours by mode).
pub fn mode_comparison(groups: &[(String, Vec<Bar>)]) -> String {
    let bars = || groups.iter().flat_map(|(_, bars)| bars);
    if !bars().any(|b| finite(b.value).is_some()) {
        return String::new();
    }
    // Columns sized for the largest text the stylesheet may set.
    let label_w = bars()
        .map(|b| text_width(&b.label, MAX_TEXT))
        .fold(30.0, f64::max)
        .min(160.0)
        + 10.0;
    let value_w = bars()
        .map(|b| text_width(&value_text(b), MAX_TEXT))
        .fold(0.0, f64::max)
        + 10.0;
    let (x0, x1) = (label_w, (W - 4.0 - value_w).max(label_w + 40.0));
    let rows: usize = groups.iter().map(|(_, bars)| 1 + bars.len()).sum();
    let h = rows as f64 * ROW + groups.len().saturating_sub(1) as f64 * GROUP_GAP + 6.0;
    let mut svg = Svg::new("chart-modes", W, h, &summary(groups));
    let mut y = 0.0;
    for (name, bars) in groups {
        svg.text("heading", 4.0, y + ROW / 2.0, Anchor::Start, 0.35, name);
        y += ROW;
        // Energy is on its 1–10 scale; other metrics run from zero to the group's largest value.
        let top = if name.to_lowercase().contains("energy") {
            10.0
        } else {
            bars.iter()
                .filter_map(|b| finite(b.value))
                .fold(0.0, f64::max)
        };
        let x = Scale::new(0.0, if top > 0.0 { top } else { 1.0 }, x0, x1);
        for b in bars {
            let mid = y + ROW / 2.0;
            svg.link(b.url.as_deref(), &b.label, |s| {
                s.text("label", x0 - 8.0, mid, Anchor::End, 0.35, &b.label)
            });
            svg.rect("track", x0, mid - BAR / 2.0, x1 - x0, BAR, None);
            let end = match finite(b.value) {
                Some(v) => {
                    let tip = format!(
                        "{name}, {}: {} over {}",
                        b.label,
                        one_decimal(v),
                        days(b.count)
                    );
                    let class = format!("bar {}", mode_class(&b.label));
                    svg.rect(
                        &class,
                        x0,
                        mid - BAR / 2.0,
                        x.at(v.max(0.0)) - x0,
                        BAR,
                        Some(&tip),
                    );
                    x.at(v.max(0.0))
                }
                None => x0,
            };
            svg.text(
                "value",
                end.max(x0) + 6.0,
                mid,
                Anchor::Start,
                0.35,
                &value_text(b),
            );
            y += ROW;
        }
        y += GROUP_GAP;
    }
    svg.finish()
}

/// `6.2 (40 days)`, or `no data`.
fn value_text(b: &Bar) -> String {
    match finite(b.value) {
        Some(v) => format!("{} ({})", one_decimal(v), days(b.count)),
        None => "no data".to_owned(),
    }
}

/// `Mean energy: IC 6.2, EM 5.1. Focus hours a day: …`
fn summary(groups: &[(String, Vec<Bar>)]) -> String {
    let parts: Vec<String> = groups
        .iter()
        .map(|(name, bars)| {
            let values: Vec<String> = bars
                .iter()
                .map(|b| {
                    format!(
                        "{} {}",
                        b.label,
                        finite(b.value).map_or_else(|| "no data".to_owned(), one_decimal)
                    )
                })
                .collect();
            format!("{name}: {}.", values.join(", "))
        })
        .collect();
    parts.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bar(label: &str, value: Option<f64>, count: usize) -> Bar {
        Bar {
            label: label.into(),
            value,
            count,
            url: None,
        }
    }

    fn widths(svg: &str, class: &str) -> Vec<f64> {
        svg.split(&format!(r#"<rect class="{class}""#))
            .skip(1)
            .map(|r| {
                r.split("width=\"")
                    .nth(1)
                    .unwrap()
                    .split('"')
                    .next()
                    .unwrap()
                    .parse()
                    .unwrap()
            })
            .collect()
    }

    #[test]
    fn groups_have_their_own_scale() {
        let groups = vec![
            (
                "Mean energy".to_owned(),
                vec![bar("IC", Some(5.0), 40), bar("EM", Some(2.5), 1)],
            ),
            (
                "Focus hours a day".to_owned(),
                vec![bar("IC", Some(4.0), 40), bar("EM", Some(1.0), 12)],
            ),
        ];
        let svg = mode_comparison(&groups);
        let ic = widths(&svg, "bar ic");
        let em = widths(&svg, "bar em");
        let track = widths(&svg, "track")[0];
        // Energy on 0..10: 5 is half the track; focus on 0..4: 4 fills it.
        assert!(
            (ic[0] - track / 2.0).abs() < 0.2 && (ic[1] - track).abs() < 0.2,
            "{ic:?} {track}"
        );
        assert!((em[1] - track / 4.0).abs() < 0.2);
        assert!(svg.contains(">5.0 (40 days)</text>") && svg.contains(">2.5 (1 day)</text>"));
        assert!(svg.contains("<title>Mean energy, EM: 2.5 over 1 day</title>"));
    }

    #[test]
    fn no_values_draw_nothing() {
        assert_eq!(mode_comparison(&[]), "");
        assert_eq!(
            mode_comparison(&[("Mean energy".into(), vec![bar("IC", Some(f64::NAN), 0)])]),
            ""
        );
    }

    #[test]
    fn missing_values_are_said_and_labels_escaped() {
        let groups = vec![(
            "A <b>".to_owned(),
            vec![bar("IC", Some(1.0), 3), bar("EM", None, 0)],
        )];
        let svg = mode_comparison(&groups);
        assert!(svg.contains(">no data</text>") && svg.contains(">A &lt;b&gt;</text>"));
        assert!(!svg.contains("<b>"));
    }
}
