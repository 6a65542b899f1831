//! The text of a new weekly note (`ebb review`): the week's figures as YAML
//! comments in the frontmatter, where they are never published, and the
//! look-back questions as headings to answer.

use chrono::{Duration, NaiveDate};

use crate::config::JournalSettings;
use crate::index::{Index, capacity};
use crate::numbers::{a_workday, count, hours, one_decimal, signed};

/// The questions of the weekly look-back, each a heading of the note.
pub const QUESTIONS: [&str; 5] = [
    "What patterns did I notice?",
    "What drained me?",
    "What restored me?",
    "How was my capacity by Friday?",
    "What will I change next week?",
];

/// Hour-level tags named in the figures, at most.
const HOUR_TAGS: usize = 3;

/// The figures of the week starting `monday`, one line each, from `index`
/// (built from the entries the note may speak of).
pub fn week_figures(
    index: &Index<'_>,
    monday: NaiveDate,
    journal: &JournalSettings,
) -> Vec<String> {
    let Some(n) = index.weeks.iter().position(|w| w.monday == monday) else {
        return vec!["no entries this week".to_owned()];
    };
    let w = &index.weeks[n];
    let day = |d: usize| {
        let day = &index.days[d];
        format!(
            "{} ({})",
            day.date.format("%a %-d %b"),
            day.energy.map(one_decimal).unwrap_or_default()
        )
    };
    let with_energy = w
        .days
        .iter()
        .filter(|&&d| index.days[d].energy.is_some())
        .count();
    let mut lines = Vec::new();
    if let Some(e) = w.energy {
        let change = w
            .change
            .map(|c| format!(" ({} on the week before)", signed(c)))
            .unwrap_or_default();
        lines.push(format!(
            "energy: {} over {}{change}",
            one_decimal(e),
            count(with_energy, "day", "days")
        ));
    }
    if let (Some(best), Some(worst)) = (w.best, w.worst) {
        if best != worst {
            lines.push(format!(
                "best day: {}; hardest day: {}",
                day(best),
                day(worst)
            ));
        }
    }
    if !w.tags.is_empty() {
        let tags: Vec<String> = w
            .tags
            .iter()
            .take(5)
            .map(|(slug, days)| {
                let name = index.tag(slug).map_or(slug.as_str(), |t| t.name.as_str());
                format!("{name} ({})", count(*days, "day", "days"))
            })
            .collect();
        lines.push(format!("tags: {}", tags.join(", ")));
    }
    lines.extend(draining_hours(index, monday));
    let days = w.days.iter().map(|&d| &index.days[d]);
    if let Some((slack, n)) = capacity::mean_slack(days, journal.workday_hours) {
        lines.push(format!(
            "slack: {} h a day of {}, over {}",
            one_decimal(slack),
            a_workday(&hours(journal.workday_hours)),
            count(n, "day", "days")
        ));
    }
    lines
}

/// The tags whose hours (check-in to check-in) fell this week, most first.
fn draining_hours(index: &Index<'_>, monday: NaiveDate) -> Option<String> {
    let sunday = monday + Duration::days(6);
    let mut by_tag: std::collections::BTreeMap<&str, (i32, usize)> = Default::default();
    for i in &index.hours.intervals {
        let date = index.entries[i.entry].date;
        if date < monday || date > sunday {
            continue;
        }
        for t in &i.tags {
            let slot = by_tag.entry(t.as_str()).or_default();
            slot.0 += i.change;
            slot.1 += 1;
        }
    }
    let mut falling: Vec<(&str, f64, usize)> = by_tag
        .into_iter()
        .map(|(t, (sum, n))| (t, f64::from(sum) / n as f64, n))
        .filter(|(_, mean, _)| *mean < 0.0)
        .collect();
    falling.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(b.0)));
    if falling.is_empty() {
        return None;
    }
    let named: Vec<String> = falling
        .iter()
        .take(HOUR_TAGS)
        .map(|(slug, mean, n)| {
            let name = index.tag(slug).map_or(*slug, |t| t.name.as_str());
            format!(
                "{name} {} ({})",
                signed(*mean),
                count(*n, "interval", "intervals")
            )
        })
        .collect();
    Some(format!("hours that fell: {}", named.join(", ")))
}

/// The whole note: frontmatter with `title`, `next` and the figures as
/// comments (saying whose entries they come from), then the questions.
pub fn note_text(id: &str, dates: &str, from: &str, figures: &[String]) -> String {
    let mut text = String::from("---\n");
    text.push_str(&format!("title: Looking back on {id}\n"));
    text.push_str("next: []\n");
    text.push_str(&format!(
        "# {id} ({dates}), from {from}; comments are never published:\n"
    ));
    for line in figures {
        text.push_str(&format!("#   {line}\n"));
    }
    text.push_str("---\n");
    for q in QUESTIONS {
        text.push_str(&format!("\n## {q}\n\n"));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_are_comments_and_questions_are_headings() {
        let text = note_text(
            "2025-W10",
            "3–9 Mar 2025",
            "public entries",
            &["energy: 6.0 over 2 days".to_owned()],
        );
        let (front, body) = text[4..].split_once("---\n").expect("frontmatter");
        assert!(front.contains("#   energy: 6.0 over 2 days\n"));
        assert!(
            !body.contains("energy"),
            "figures never reach the published body"
        );
        assert_eq!(body.matches("\n## ").count(), QUESTIONS.len());
        assert!(body.contains("## What will I change next week?"));
    }
}
