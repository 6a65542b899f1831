//! A tag's energy over time: a dot for each day with the tag, against the
//! journal's mean.

use super::axis::{self, Days, Frame, W};
use super::svg::{Anchor, Svg};
use super::ticks;
use super::{DayPoint, days, finite, level, long_day, mean, num, span};

const H: f64 = 220.0;

/// Energy on the days with a tag (only those days), with a dashed line at the journal's mean.
pub fn tag_timeline(points: &[DayPoint], overall_mean: Option<f64>) -> String {
    let mut points: Vec<&DayPoint> = points.iter().filter(|d| d.energy().is_some()).collect();
    points.sort_by_key(|d| d.date);
    let (Some(first), Some(last), Some(avg)) = (
        points.first(),
        points.last(),
        mean(points.iter().filter_map(|d| d.energy())),
    ) else {
        return String::new();
    };
    let overall = finite(overall_mean);
    let mut label = format!(
        "Energy on {} with this tag, {}: mean {}",
        days(points.len()),
        span(first.date, last.date),
        num(avg)
    );
    if let Some(m) = overall {
        label.push_str(&format!("; journal mean {}", num(m)));
    }
    label.push('.');
    let mut svg = Svg::new("chart-tag", W, H, &label);
    let f = Frame::new(36.0, H);
    let x = Days::new(first.date, last.date, &f);
    let y = f.energy();
    axis::y_grid(&mut svg, &f, &y, &[2.0, 4.0, 6.0, 8.0, 10.0]);
    ticks::x_axis(
        &mut svg,
        &f,
        &ticks::date_ticks(first.date, last.date, |d| x.edge(d)),
    );
    axis::heading(&mut svg, "Energy (1–10)", &[]);
    if let Some(m) = overall {
        svg.line("mean-line", f.left, y.at(m), f.right, y.at(m));
    }
    let r = if points.len() > 100 { 2.5 } else { 3.5 };
    svg.group("dots");
    for d in &points {
        let Some(e) = d.energy() else { continue };
        let mut tip = format!("{}: energy {}", long_day(d.date), num(e));
        if let Some(b) = d.band {
            tip.push_str(&format!(" ({})", b.name()));
        }
        let class = format!("dot e{}", level(e));
        svg.link(d.url.as_deref(), &tip, |s| {
            s.circle(&class, x.mid(d.date), y.at(e), r, Some(&tip))
        });
    }
    svg.end_group();
    // Labelled last, with a halo, so dots never hide it.
    if let Some(m) = overall {
        let text = format!("journal mean {}", num(m));
        svg.text(
            "mean-label",
            f.right - 2.0,
            y.at(m) - 5.0,
            Anchor::End,
            0.0,
            &text,
        );
    }
    svg.finish()
}

#[cfg(test)]
mod tests {
    use super::super::Band;
    use super::*;
    use chrono::NaiveDate;

    fn day(m: u32, d: u32, energy: Option<f64>) -> DayPoint {
        let date = NaiveDate::from_ymd_opt(2024, m, d).unwrap();
        DayPoint {
            date,
            energy,
            rolling: None,
            range: None,
            band: Some(Band::Em),
            url: Some(format!("/2024/{m:02}/{d:02}/x/")),
        }
    }

    #[test]
    fn dots_by_date_with_a_labelled_mean() {
        let svg = tag_timeline(
            &[day(6, 1, Some(4.0)), day(3, 5, Some(6.25)), day(4, 1, None)],
            Some(5.55),
        );
        assert_eq!(svg.matches("<circle").count(), 2);
        assert!(svg.contains("<title>Tue 5 Mar 2024: energy 6.3 (EM)</title>"));
        assert!(svg.contains(">journal mean 5.6</text>") && svg.contains(r#"class="mean-line""#));
        assert!(
            svg.contains(
                r#"<a href="/2024/03/05/x/" aria-label="Tue 5 Mar 2024: energy 6.3 (EM)">"#
            )
        );
        // Sorted by date: March is left of June.
        assert!(svg.find("Tue 5 Mar").unwrap() < svg.find("Sat 1 Jun").unwrap());
    }

    #[test]
    fn a_single_day_and_no_mean_still_draw() {
        let svg = tag_timeline(&[day(3, 5, Some(7.0))], Some(f64::NAN));
        assert_eq!(svg.matches("<circle").count(), 1);
        assert!(!svg.contains("journal mean"));
    }

    #[test]
    fn no_energy_draws_nothing() {
        assert_eq!(tag_timeline(&[], Some(5.0)), "");
        assert_eq!(tag_timeline(&[day(3, 5, None)], None), "");
    }
}
