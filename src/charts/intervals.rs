//! Hour by hour: each tag's interval delta (the change of energy over the
//! hours it ends, against other hours) as a bar left (falls more) or right
//! (rises more) of a zero line, with the number of intervals behind it.

use super::Bar;
use super::count;
use super::deltas::{Sure, Unit, diverging_sure};

const INTERVALS: Unit = Unit {
    one: "interval",
    many: "intervals",
    label: |rising, falling| {
        format!(
            "Energy change per tag, hour by hour: {} whose hours rise more than other hours, {falling} whose hours fall more.",
            count(rising, "tag", "tags")
        )
    },
    tip: |name, value, counted| {
        format!("{name}: energy {value} in the hours with it against other hours ({counted})")
    },
};

/// Diverging bars of each tag's interval delta, in the given order, with
/// each row's 90% interval as a whisker and its verdict (`sure`, row by
/// row); empty when no row has a value.
pub fn interval_deltas(rows: &[Bar], sure: &[Sure<'_>]) -> String {
    diverging_sure(rows, &INTERVALS, sure)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(label: &str, value: Option<f64>, count: usize) -> Bar {
        Bar {
            label: label.into(),
            value,
            count,
            url: Some(format!("/tags/{label}/")),
        }
    }

    #[test]
    fn bars_count_intervals_and_every_link_is_named() {
        let svg = interval_deltas(
            &[row("walks", Some(1.5), 4), row("incident", Some(-2.1), 1)],
            &[],
        );
        assert!(svg.contains(">+1.5 (4 intervals)</text>"), "{svg}");
        assert!(svg.contains(">−2.1 (1 interval)</text>"));
        assert!(
            svg.contains(r#"<a href="/tags/incident/" aria-label="incident: −2.1 (1 interval)">"#)
        );
        assert!(svg.contains(
            "<title>incident: energy −2.1 in the hours with it against other hours (1 interval)</title>"
        ));
        assert!(
            svg.contains("1 tag whose hours rise more than other hours, 1 whose hours fall more.")
        );
        assert!(svg.contains(r#"role="group""#) && !svg.contains(r#"role="img""#));
        assert!(!svg.contains(" day"), "counts are intervals, never days");
    }

    #[test]
    fn nothing_to_draw_gives_empty() {
        assert_eq!(interval_deltas(&[], &[]), "");
        assert_eq!(interval_deltas(&[row("a", None, 3)], &[]), "");
    }
}
