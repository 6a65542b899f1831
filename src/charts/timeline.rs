//! The energy timeline: a dot per day, the 7-day rolling mean, the range of
//! each day's check-ins, and the role mode as shaded bands behind.

use chrono::NaiveDate;

use super::axis::{self, Days, Frame, W};
use super::svg::Svg;
use super::ticks;
use super::{DayPoint, finite, level, long_day, mean, num, span};

const H: f64 = 260.0;
/// Beyond this many days, dots shrink and ranges are left out: they would merge.
const DENSE: usize = 400;
/// Beyond this many days, phones (at half size) hide the ranges and keep dots small.
const CROWDED: usize = 120;

/// Energy over consecutive calendar days: dots, rolling mean, check-in ranges and IC/EM bands.
pub fn energy_timeline(days: &[DayPoint]) -> String {
    let mut days: Vec<&DayPoint> = days.iter().collect();
    days.sort_by_key(|d| d.date);
    let values: Vec<f64> = days.iter().filter_map(|d| d.energy()).collect();
    let (Some(first), Some(last), Some(avg)) =
        (days.first(), days.last(), mean(values.iter().copied()))
    else {
        return String::new();
    };
    let label = format!(
        "Energy from {}: {} with entries, mean {}.",
        span(first.date, last.date),
        super::days(values.len()),
        num(avg)
    );
    let mut svg = Svg::new("chart-timeline", W, H, &label);
    let f = Frame::new(36.0, H);
    let x = Days::new(first.date, last.date, &f);
    let y = f.energy();
    bands(&mut svg, &days, &x, &f);
    axis::y_grid(&mut svg, &f, &y, &[2.0, 4.0, 6.0, 8.0, 10.0]);
    ticks::x_axis(
        &mut svg,
        &f,
        &ticks::date_ticks(first.date, last.date, |d| x.edge(d)),
    );
    axis::heading(
        &mut svg,
        "Energy (1–10)",
        &[
            ("band ic", "■", "IC"),
            ("band em", "■", "EM"),
            ("band mixed", "■", "mixed"),
            ("rolling", "—", "7-day mean"),
        ],
    );
    let dense = days.len() > DENSE;
    if !dense {
        svg.group(if days.len() > CROWDED {
            "ranges crowded"
        } else {
            "ranges"
        });
        for d in &days {
            if let Some((lo, hi)) = d.range.filter(|(lo, hi)| lo != hi) {
                let at = x.mid(d.date);
                svg.line("range", at, y.at(f64::from(lo)), at, y.at(f64::from(hi)));
            }
        }
        svg.end_group();
    }
    // Dots grow with the room between days that have data: sparse journals
    // get clear dots, a full year a fine scatter.
    let room = x.step() * days.len() as f64 / values.len() as f64;
    let r = if dense {
        1.4
    } else {
        (room * 0.35).clamp(2.6, 4.0)
    };
    svg.group(if dense { "dots dense" } else { "dots" });
    for d in &days {
        if let Some(e) = d.energy() {
            let tip = tooltip(d, e);
            let class = format!("dot e{}", level(e));
            svg.link(d.url.as_deref(), &tip, |s| {
                s.circle(&class, x.mid(d.date), y.at(e), r, Some(&tip))
            });
        }
    }
    svg.end_group();
    // The mean is drawn over the dots; a missing day (None or a date gap) breaks it.
    let mut points = Vec::with_capacity(days.len());
    let mut prev: Option<NaiveDate> = None;
    for d in &days {
        if prev.is_some_and(|p| p.succ_opt() != Some(d.date)) {
            points.push(None);
        }
        points.push(finite(d.rolling).map(|m| (x.mid(d.date), y.at(m))));
        prev = Some(d.date);
    }
    svg.path("rolling", &axis::broken_path(points));
    svg.finish()
}

/// One rectangle per run of consecutive days in the same mode.
fn bands(svg: &mut Svg, days: &[&DayPoint], x: &Days, f: &Frame) {
    let mut runs: Vec<(super::Band, NaiveDate, NaiveDate)> = Vec::new();
    for d in days {
        let Some(band) = d.band else { continue };
        match runs.last_mut() {
            Some((b, _, end)) if *b == band && end.succ_opt() == Some(d.date) => *end = d.date,
            _ => runs.push((band, d.date, d.date)),
        }
    }
    svg.group("bands");
    for (band, start, end) in runs {
        let x0 = x.edge(start);
        let class = format!("band {}", band.class());
        svg.rect(
            &class,
            x0,
            f.top,
            x.edge(end) + x.step() - x0,
            f.bottom - f.top,
            None,
        );
    }
    svg.end_group();
}

/// `Tue 5 Mar 2024: energy 6.3 (IC), check-ins 5–8`.
fn tooltip(d: &DayPoint, e: f64) -> String {
    let mut t = format!("{}: energy {}", long_day(d.date), num(e));
    if let Some(b) = d.band {
        t.push_str(&format!(" ({})", b.name()));
    }
    if let Some((lo, hi)) = d.range.filter(|(lo, hi)| lo != hi) {
        t.push_str(&format!(", check-ins {}–{}", lo.min(hi), lo.max(hi)));
    }
    t
}

#[cfg(test)]
mod tests {
    use super::super::Band;
    use super::*;

    fn day(i: u64, energy: Option<f64>) -> DayPoint {
        let date = NaiveDate::from_ymd_opt(2024, 3, 1).unwrap() + chrono::Days::new(i);
        DayPoint {
            date,
            energy,
            rolling: energy,
            range: None,
            band: None,
            url: None,
        }
    }

    #[test]
    fn empty_or_energyless_input_draws_nothing() {
        assert_eq!(energy_timeline(&[]), "");
        assert_eq!(energy_timeline(&[day(0, None), day(1, Some(f64::NAN))]), "");
    }

    #[test]
    fn rolling_mean_breaks_across_a_gap() {
        let days = [
            day(0, Some(5.0)),
            day(1, Some(6.0)),
            day(2, None),
            day(3, Some(7.0)),
            day(4, Some(8.0)),
        ];
        let svg = energy_timeline(&days);
        let d = svg
            .split(r#"class="rolling" fill="none" d=""#)
            .nth(1)
            .unwrap();
        let d = &d[..d.find('"').unwrap()];
        assert_eq!(d.matches('M').count(), 2, "{d}");
        assert_eq!(svg.matches("class=\"dot e").count(), 4);
    }

    #[test]
    fn dots_have_tooltips_links_and_ranges() {
        let mut d = day(4, Some(6.25));
        d.band = Some(Band::Ic);
        d.range = Some((5, 8));
        d.url = Some("/2024/03/05/a&b/".into());
        let svg = energy_timeline(&[d]);
        assert!(
            svg.contains("<title>Tue 5 Mar 2024: energy 6.3 (IC), check-ins 5–8</title>"),
            "{svg}"
        );
        assert!(svg.contains(r#"<a href="/2024/03/05/a&amp;b/" aria-label="Tue 5 Mar 2024: energy 6.3 (IC), check-ins 5–8"><circle class="dot e6""#));
        assert_eq!(svg.matches(r#"class="range""#).count(), 1);
        // Linked points: a group, named like the image it would otherwise be.
        assert!(svg.contains(r#"role="group" aria-label="Energy from 5 Mar 2024: 1 day"#));
        assert!(svg.contains("xmlns="));
    }

    #[test]
    fn one_band_per_run_of_days() {
        let bands = [
            Some(Band::Ic),
            Some(Band::Ic),
            None,
            Some(Band::Ic),
            Some(Band::Em),
            Some(Band::Em),
        ];
        let days: Vec<DayPoint> = bands
            .iter()
            .enumerate()
            .map(|(i, b)| DayPoint {
                band: *b,
                ..day(i as u64, Some(5.0))
            })
            .collect();
        let svg = energy_timeline(&days);
        assert_eq!(svg.matches(r#"<rect class="band ic""#).count(), 2);
        assert_eq!(svg.matches(r#"<rect class="band em""#).count(), 1);
    }

    #[test]
    fn long_inputs_drop_ranges_and_shrink_dots() {
        let days: Vec<DayPoint> = (0..500)
            .map(|i| DayPoint {
                range: Some((3, 7)),
                ..day(i, Some(5.0))
            })
            .collect();
        let svg = energy_timeline(&days);
        assert!(!svg.contains(r#"class="range""#));
        assert!(svg.contains(r#"r="1.4""#));
        assert_eq!(svg, energy_timeline(&days), "deterministic");
    }
}
