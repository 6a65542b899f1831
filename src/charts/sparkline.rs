//! A small inline chart of recent energy: dots and the rolling mean, no axes.

use chrono::NaiveDate;

use super::axis::{self, Days, Frame};
use super::svg::Svg;
use super::{DayPoint, finite, level, mean, num, span};

const W: f64 = 240.0;
const H: f64 = 48.0;

/// A 240×48 sparkline of energy over the given days, with one summarising `<title>`.
pub fn sparkline(days: &[DayPoint]) -> String {
    let mut days: Vec<&DayPoint> = days.iter().collect();
    days.sort_by_key(|d| d.date);
    let (Some(first), Some(last), Some(avg)) = (
        days.first(),
        days.last(),
        mean(days.iter().filter_map(|d| d.energy())),
    ) else {
        return String::new();
    };
    let n = (last.date - first.date).num_days() + 1;
    let summary = format!(
        "Energy, last {n} days: mean {}, from {}",
        num(avg),
        span(first.date, last.date)
    );
    let mut svg = Svg::sized("sparkline", W, H, &summary);
    svg.title(&summary);
    let f = Frame {
        left: 3.0,
        right: W - 3.0,
        top: 4.0,
        bottom: H - 4.0,
    };
    let x = Days::new(first.date, last.date, &f);
    let y = axis::Scale::new(1.0, 10.0, f.bottom, f.top);
    for d in &days {
        if let Some(e) = d.energy() {
            svg.circle(
                &format!("dot e{}", level(e)),
                x.mid(d.date),
                y.at(e),
                2.0,
                None,
            );
        }
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn day(i: u64, energy: Option<f64>, rolling: Option<f64>) -> DayPoint {
        let date = NaiveDate::from_ymd_opt(2024, 3, 4).unwrap() + chrono::Days::new(i);
        DayPoint {
            date,
            energy,
            rolling,
            range: None,
            band: None,
            url: None,
        }
    }

    #[test]
    fn summarises_in_one_title() {
        let days: Vec<DayPoint> = (0..90)
            .map(|i| day(i, (i % 2 == 0).then_some(6.0), Some(6.0)))
            .collect();
        let svg = sparkline(&days);
        assert!(
            svg.contains("<title>Energy, last 90 days: mean 6, from 4 Mar to 1 Jun 2024</title>"),
            "{svg}"
        );
        assert_eq!(svg.matches("<title>").count(), 1);
        assert!(
            svg.contains(r#"viewBox="0 0 240 48" width="240" height="48""#)
                && svg.contains(r#"role="img""#)
        );
    }

    #[test]
    fn the_mean_breaks_where_missing() {
        let svg = sparkline(&[
            day(0, Some(5.0), Some(5.0)),
            day(1, None, None),
            day(2, Some(7.0), Some(6.0)),
        ]);
        let d = svg
            .split(r#"class="rolling" fill="none" d=""#)
            .nth(1)
            .unwrap();
        assert_eq!(d[..d.find('"').unwrap()].matches('M').count(), 2);
    }

    #[test]
    fn no_energy_draws_nothing() {
        assert_eq!(sparkline(&[]), "");
        assert_eq!(sparkline(&[day(0, Some(f64::NAN), Some(5.0))]), "");
    }
}
