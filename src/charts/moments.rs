//! Energy through the day: mean morning, midday and evening energy, one line
//! per group of days (IC, EM, all).

use super::axis::{self, Frame, W};
use super::svg::{Anchor, Svg};
use super::{MomentSeries, days, finite, mode_class, num};

const H: f64 = 240.0;
const MOMENTS: [&str; 3] = ["Morning", "Midday", "Evening"];

/// Mean energy at each moment of the day, one line with dots per series.
pub fn moments(series: &[MomentSeries]) -> String {
    if !series
        .iter()
        .flat_map(|s| s.means)
        .any(|m| finite(m).is_some())
    {
        return String::new();
    }
    let mut svg = Svg::new("chart-moments", W, H, &summary(series));
    let f = Frame::new(36.0, H);
    let y = f.energy();
    let slot = (f.right - f.left) / 3.0;
    axis::y_grid(&mut svg, &f, &y, &[2.0, 4.0, 6.0, 8.0, 10.0]);
    svg.line("axis", f.left, f.bottom, f.right, f.bottom);
    for (i, name) in MOMENTS.iter().enumerate() {
        svg.text(
            "tick",
            f.left + (i as f64 + 0.5) * slot,
            f.bottom + 4.0,
            Anchor::Middle,
            0.95,
            name,
        );
    }
    let legend: Vec<(String, String)> = series
        .iter()
        .map(|s| (format!("pt {}", mode_class(&s.label)), s.label.clone()))
        .collect();
    let legend: Vec<(&str, &str, &str)> = legend
        .iter()
        .map(|(c, l)| (c.as_str(), "●", l.as_str()))
        .collect();
    axis::heading(&mut svg, "Energy (1–10)", &legend);
    for (k, s) in series.iter().enumerate() {
        // Series sit a little apart so equal values do not hide each other.
        let dx = (k as f64 - (series.len() as f64 - 1.0) / 2.0) * 8.0;
        let at =
            |i: usize| finite(s.means[i]).map(|m| (f.left + (i as f64 + 0.5) * slot + dx, y.at(m)));
        let class = mode_class(&s.label);
        svg.path(
            &format!("series {class}"),
            &axis::broken_path((0..3).map(at)),
        );
        for (i, moment) in MOMENTS.iter().enumerate() {
            let (Some((x, cy)), Some(m)) = (at(i), finite(s.means[i])) else {
                continue;
            };
            let tip = format!(
                "{}, {}: {} over {}",
                s.label,
                moment.to_lowercase(),
                num(m),
                days(s.counts[i])
            );
            svg.circle(&format!("pt {class}"), x, cy, 4.0, Some(&tip));
        }
    }
    svg.finish()
}

/// `Energy through the day. IC: morning 6.1, midday 5.4, evening 4. …`
fn summary(series: &[MomentSeries]) -> String {
    let mut out = "Energy through the day.".to_owned();
    for s in series {
        let parts: Vec<String> = (0..3)
            .filter_map(|i| {
                finite(s.means[i]).map(|m| format!("{} {}", MOMENTS[i].to_lowercase(), num(m)))
            })
            .collect();
        if !parts.is_empty() {
            out.push_str(&format!(" {}: {}.", s.label, parts.join(", ")));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn series(label: &str, means: [Option<f64>; 3]) -> MomentSeries {
        MomentSeries {
            label: label.into(),
            means,
            counts: [12, 12, 1],
        }
    }

    #[test]
    fn one_line_and_dots_per_series() {
        let svg = moments(&[
            series("IC", [Some(6.0), Some(5.44), Some(4.0)]),
            series("EM", [Some(5.0), None, Some(3.0)]),
            series("All", [Some(5.5), Some(5.0), Some(3.5)]),
        ]);
        assert!(svg.contains("<title>IC, midday: 5.4 over 12 days</title>"));
        assert!(svg.contains("<title>EM, evening: 3 over 1 day</title>"));
        assert_eq!(svg.matches(r#"<circle class="pt em""#).count(), 2);
        let d = svg
            .split(r#"class="series em" fill="none" d=""#)
            .nth(1)
            .unwrap();
        assert_eq!(
            d[..d.find('"').unwrap()].matches('M').count(),
            2,
            "EM breaks at midday"
        );
        assert!(svg.contains(r#"class="series all""#) && svg.contains(">Morning</text>"));
    }

    #[test]
    fn no_means_draw_nothing() {
        assert_eq!(moments(&[]), "");
        assert_eq!(moments(&[series("IC", [None, Some(f64::NAN), None])]), "");
    }
}
