//! Shares of a whole: one bar per row (a month, a mode) split into its
//! parts, always on a scale of 0 to 100%, so rows compare at a glance.

use super::axis::{MAX_TEXT, W, heading, text_width};
use super::svg::{Anchor, Svg};

const ROW: f64 = 24.0;
const BAR: f64 = 14.0;
/// The header row holding the legend.
const TOP: f64 = 26.0;

/// One part of a row: what it is, its CSS class and how much of it there is
/// (days, hours: any unit the row's total is in).
#[derive(Debug, Clone, PartialEq)]
pub struct Part {
    pub name: &'static str,
    pub class: &'static str,
    pub amount: f64,
}

/// One row: its label, its parts, what the whole is in words (`5 days`),
/// and the words beside its bar (`IC 40%, EM 60% (5 days)`).
#[derive(Debug, Clone, PartialEq)]
pub struct ShareRow {
    pub label: String,
    pub parts: Vec<Part>,
    pub whole: String,
    pub note: String,
}

impl ShareRow {
    /// A row whose note names every part's share and the whole.
    pub fn new(label: String, parts: Vec<Part>, whole: String) -> ShareRow {
        let mut row = ShareRow {
            label,
            parts,
            whole,
            note: String::new(),
        };
        row.note = format!("{} ({})", words(&row), row.whole);
        row
    }
}

/// `40%`.
fn percent(part: f64, total: f64) -> String {
    format!("{}%", (100.0 * part / total).round())
}

/// The parts of `row` in words: `IC 40%, EM 60%` (parts of none left out).
fn words(row: &ShareRow) -> String {
    let total: f64 = row.parts.iter().map(|p| p.amount).sum();
    row.parts
        .iter()
        .filter(|p| p.amount > 0.0)
        .map(|p| format!("{} {}", p.name, percent(p.amount, total)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Stacked bars of `rows`, each from 0 to 100%; rows without any amount
/// are left out, and nothing is drawn when none has one. `label` names the
/// chart for screen readers.
pub fn shares(rows: &[ShareRow], label: &str) -> String {
    let rows: Vec<&ShareRow> = rows
        .iter()
        .filter(|r| r.parts.iter().any(|p| p.amount > 0.0))
        .collect();
    let Some(first) = rows.first() else {
        return String::new();
    };
    let label_w = rows
        .iter()
        .map(|r| text_width(&r.label, MAX_TEXT))
        .fold(30.0, f64::max)
        .min(180.0)
        + 10.0;
    let note_w = rows
        .iter()
        .map(|r| text_width(&r.note, MAX_TEXT))
        .fold(0.0, f64::max)
        + 10.0;
    let (x0, x1) = (label_w, (W - 4.0 - note_w).max(label_w + 80.0));
    let h = TOP + rows.len() as f64 * ROW + 6.0;
    let mut svg = Svg::new("chart-shares", W, h, label);
    let classes: Vec<String> = first
        .parts
        .iter()
        .map(|p| format!("share {}", p.class))
        .collect();
    let legend: Vec<(&str, &str, &str)> = first
        .parts
        .iter()
        .zip(&classes)
        .map(|(p, class)| (class.as_str(), "■", p.name))
        .collect();
    heading(&mut svg, "", &legend);
    for (i, row) in rows.iter().enumerate() {
        let mid = TOP + i as f64 * ROW + ROW / 2.0;
        svg.text("label", x0 - 8.0, mid, Anchor::End, 0.35, &row.label);
        let total: f64 = row.parts.iter().map(|p| p.amount).sum();
        let mut x = x0;
        for part in row.parts.iter().filter(|p| p.amount > 0.0) {
            let w = (x1 - x0) * part.amount / total;
            let tip = format!(
                "{}: {} {} ({} of {})",
                row.label,
                part.name,
                percent(part.amount, total),
                crate::numbers::compact(part.amount),
                row.whole
            );
            svg.rect(
                &format!("share {}", part.class),
                x,
                mid - BAR / 2.0,
                w,
                BAR,
                Some(&tip),
            );
            x += w;
        }
        svg.text("value", x1 + 6.0, mid, Anchor::Start, 0.35, &row.note);
    }
    svg.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn part(name: &'static str, class: &'static str, amount: f64) -> Part {
        Part {
            name,
            class,
            amount,
        }
    }

    fn widths(svg: &str, class: &str) -> Vec<f64> {
        svg.split(&format!(r#"<rect class="share {class}""#))
            .skip(1)
            .map(|r| {
                let w = r.split("width=\"").nth(1).unwrap();
                w[..w.find('"').unwrap()].parse().unwrap()
            })
            .collect()
    }

    #[test]
    fn every_row_spans_the_same_whole() {
        let rows = [
            ShareRow::new(
                "October 2026".into(),
                vec![
                    part("IC", "ic", 2.0),
                    part("EM", "em", 3.0),
                    part("Mixed", "mixed", 0.0),
                ],
                "5 days".into(),
            ),
            ShareRow::new(
                "September 2026".into(),
                vec![
                    part("IC", "ic", 1.0),
                    part("EM", "em", 0.0),
                    part("Mixed", "mixed", 0.0),
                ],
                "1 day".into(),
            ),
        ];
        let svg = shares(&rows, "Role balance");
        let (ic, em) = (widths(&svg, "ic"), widths(&svg, "em"));
        // 2 of 5 and 3 of 5 fill one track together; 1 of 1 fills it alone.
        assert!((ic[0] + em[0] - ic[1]).abs() < 0.1, "{ic:?} {em:?}");
        assert!((ic[0] / em[0] - 2.0 / 3.0).abs() < 0.01);
        assert!(widths(&svg, "mixed").is_empty(), "no part of none is drawn");
        assert!(svg.contains(">IC 40%, EM 60% (5 days)</text>"), "{svg}");
        assert!(svg.contains("<title>October 2026: EM 60% (3 of 5 days)</title>"));
        assert!(svg.contains(r#"aria-label="Role balance""#));
    }

    #[test]
    fn nothing_to_share_draws_nothing() {
        let empty = ShareRow::new("x".into(), vec![part("IC", "ic", 0.0)], "0 days".into());
        assert_eq!(shares(&[empty], "x"), "");
        assert_eq!(shares(&[], "x"), "");
    }
}
