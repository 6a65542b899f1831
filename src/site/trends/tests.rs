use super::*;

fn point(day: u32, band: Option<Band>) -> DayPoint {
    DayPoint {
        date: NaiveDate::from_ymd_opt(2024, 1, day).expect("a date"),
        energy: None,
        rolling: None,
        range: None,
        band,
        url: None,
    }
}

#[test]
fn short_gaps_between_days_of_one_mode_are_shaded() {
    let ic = Some(Band::Ic);
    let em = Some(Band::Em);
    let mut points: Vec<DayPoint> = (1..=20).map(|d| point(d, None)).collect();
    points[0].band = ic;
    points[3].band = ic; // gap of 2 days: filled
    points[5].band = em; // different mode: the day between stays blank
    points[14].band = em; // gap of 8 days: too long
    fill_band_gaps(&mut points);
    let bands: Vec<Option<Band>> = points.iter().map(|p| p.band).collect();
    assert_eq!(&bands[..6], &[ic, ic, ic, ic, None, em]);
    assert!(bands[6..14].iter().all(Option::is_none));
}

#[test]
fn weekdays_that_tie_are_not_called_highest_and_lowest() {
    use crate::index::weekdays::{WeekdayMeans, Weekdays};
    let mean = |energy| WeekdayMeans {
        energy: Some(energy),
        energy_days: 1,
        ..WeekdayMeans::default()
    };
    let mut days = [WeekdayMeans::default(); 7];
    days[0] = mean(6.0);
    days[6] = mean(6.0);
    let tied = Weekdays {
        mode: Some(Mode::Ic),
        days,
    };
    days[2] = mean(4.5);
    let apart = Weekdays { mode: None, days };
    assert_eq!(
        practice::weekday_lines(&[apart, tied]),
        [
            "All days: highest on Monday (6.0, 1 day), lowest on Wednesday (4.5, 1 day).",
            "IC days: 6.0 on every weekday with energy.",
        ]
    );
}
