//! Hour by hour, worked by hand. The definition (DESIGN.md, "Hour by hour"):
//!
//! > An *interval* is a pair of consecutive recorded check-ins of one entry
//! > (morning→midday, midday→evening; morning→evening when midday is not
//! > recorded); check-ins of two entries on one day are never paired. Its
//! > change is the later score minus the earlier; its tags are the later
//! > check-in's `tags`. Per tag: the mean change over intervals with the tag
//! > minus the mean change over intervals without it, with the count of
//! > intervals with it; fewer than 3 are listed apart. Also shown: the mean
//! > change of all intervals (the day's usual slope), overall and per mode
//! > (the day's mode; mixed days only in the overall figure). A check-in with
//! > tags or a note but no score (`midday: { tags: [x] }`) is "not recorded"
//! > (a warning): its tags are the entry's tags, but it ends no interval.
//!
//! Each fixture is written so that the nearest wrong reading of the
//! definition gives a different number; the comments say which.

use std::path::Path;
use std::sync::Arc;

use super::*;
use crate::content::validate::{SourceFile, parse_entry};
use crate::index::Index;

/// An entry from its file name (which gives the date) and frontmatter lines.
fn entry(name: &str, yaml: &str) -> Arc<Entry> {
    let text = format!("---\ntitle: T\n{yaml}\n---\n");
    let parsed = parse_entry(SourceFile {
        path: Path::new(name),
        display: name,
        content_path: name,
        bytes: text.as_bytes(),
        metrics: &[],
    });
    parsed.entry.expect("a valid entry")
}

/// The hour-by-hour figures of `entries`, indexed as a build indexes them.
fn hours_of(entries: &[Arc<Entry>]) -> Hours {
    let mut refs: Vec<&Entry> = entries.iter().map(|e| &**e).collect();
    refs.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    Index::new(refs).hours
}

fn close(a: Option<f64>, b: f64) -> bool {
    a.is_some_and(|a| (a - b).abs() < 1e-9)
}

/// (from, to, change, tags) of each interval.
fn shape(hours: &Hours) -> Vec<(Moment, Moment, i32, Vec<&str>)> {
    hours
        .intervals
        .iter()
        .map(|i| {
            (
                i.from,
                i.to,
                i.change,
                i.tags.iter().map(String::as_str).collect(),
            )
        })
        .collect()
}

use Moment::{Evening, Midday, Morning};

#[test]
fn morning_to_evening_when_midday_is_not_recorded() {
    let hours = hours_of(&[
        // 8 → (no midday) → 3: one interval morning→evening, −5, [admin].
        entry(
            "2024-03-01-a.md",
            "energy: { morning: 8, evening: { score: 3, tags: [admin] } }",
        ),
        // 6 → 7 → 4: +1 [walk], then −3 [admin].
        entry(
            "2024-03-02-b.md",
            "energy:\n  morning: 6\n  midday: { score: 7, tags: [walk] }\n  evening: { score: 4, tags: [Admin] }",
        ),
    ]);
    assert_eq!(
        shape(&hours),
        [
            (Morning, Evening, -5, vec!["admin"]),
            (Morning, Midday, 1, vec!["walk"]),
            (Midday, Evening, -3, vec!["admin"]),
        ]
    );
    // Slope: (−5 + 1 − 3) / 3 = −7/3. Pairing only adjacent moments would
    // drop the first interval and give (1 − 3) / 2 = −1.
    assert_eq!(hours.slope.intervals, 3);
    assert!(close(hours.slope.mean, -7.0 / 3.0));
    // admin: with (−5 − 3) / 2 = −4, without 1, delta −5 (−4 under the wrong reading).
    let admin = hours.tag("admin").expect("admin ends intervals");
    assert_eq!(admin.intervals, 2);
    assert!(close(Some(admin.mean_with), -4.0));
    assert!(close(admin.mean_without, 1.0));
    assert!(close(admin.delta, -5.0));
    assert!(admin.is_rare(), "2 intervals, fewer than 3");
    // walk: with 1, without (−5 − 3) / 2 = −4, delta +5.
    assert!(close(hours.tag("walk").and_then(|t| t.delta), 5.0));
}

#[test]
fn a_tag_on_a_morning_check_in_ends_no_interval() {
    let hours = hours_of(&[
        // 4 → 8: +4; coffee is on the morning, which ends nothing.
        entry(
            "2024-03-01-a.md",
            "energy: { morning: { score: 4, tags: [coffee] }, evening: 8 }",
        ),
        // 7 → 5: −2 [coffee].
        entry(
            "2024-03-02-b.md",
            "energy: { morning: 7, evening: { score: 5, tags: [coffee] } }",
        ),
        // 6 → 6: 0; tea is only ever on a morning.
        entry(
            "2024-03-03-c.md",
            "energy: { morning: { score: 6, tags: [tea] }, evening: 6 }",
        ),
    ]);
    assert_eq!(
        shape(&hours),
        [
            (Morning, Evening, 4, vec![]),
            (Morning, Evening, -2, vec!["coffee"]),
            (Morning, Evening, 0, vec![]),
        ]
    );
    // coffee ends one interval: with −2, without (4 + 0) / 2 = 2, delta −4.
    // Counting the morning's tag too would give 2 intervals, with (4 − 2) / 2
    // = 1, without 0, delta +1.
    let coffee = hours.tag("coffee").expect("coffee ends an interval");
    assert_eq!(coffee.intervals, 1);
    assert!(close(coffee.delta, -4.0));
    assert_eq!(hours.tag("tea"), None, "a morning tag counts for nothing");
}

#[test]
fn two_entries_of_one_day_are_never_paired() {
    let hours = hours_of(&[
        // One day, two entries with one check-in each: no interval. Pairing
        // across them would make 8 → 3 = −5 [late].
        entry("2024-03-05-a.md", "energy: { morning: 8 }"),
        entry(
            "2024-03-05-b.md",
            "energy: { evening: { score: 3, tags: [late] } }",
        ),
        // 5 → 6: +1 [late].
        entry(
            "2024-03-06-c.md",
            "energy: { morning: 5, evening: { score: 6, tags: [late] } }",
        ),
        // 4 → 6: +2.
        entry("2024-03-07-d.md", "energy: { morning: 4, midday: 6 }"),
    ]);
    assert_eq!(
        shape(&hours),
        [
            (Morning, Evening, 1, vec!["late"]),
            (Morning, Midday, 2, vec![]),
        ]
    );
    // Slope (1 + 2) / 2 = 1.5 (paired across: (−5 + 1 + 2) / 3 = −2/3).
    assert!(close(hours.slope.mean, 1.5));
    // late: with 1, without 2, delta −1 (paired across: 2 intervals, with −2, delta −4).
    let late = hours.tag("late").expect("late ends an interval");
    assert_eq!(late.intervals, 1);
    assert!(close(late.delta, -1.0));
}

#[test]
fn a_check_in_with_tags_but_no_score_ends_no_interval() {
    let hours = hours_of(&[
        // 7 → (midday not recorded, tagged incident) → 4: one interval, −3,
        // with the evening's tags only.
        entry(
            "2024-03-01-a.md",
            "energy:\n  morning: 7\n  midday: { tags: [incident] }\n  evening: { score: 4, tags: [admin] }",
        ),
        // 5 → 6 [admin] → 8: +1 [admin], +2.
        entry(
            "2024-03-02-b.md",
            "energy:\n  morning: 5\n  midday: { score: 6, tags: [admin] }\n  evening: 8",
        ),
    ]);
    assert_eq!(
        shape(&hours),
        [
            (Morning, Evening, -3, vec!["admin"]),
            (Morning, Midday, 1, vec!["admin"]),
            (Midday, Evening, 2, vec![]),
        ]
    );
    // incident ends nothing (carried onto the next interval it would have
    // 1 interval with −3, against (1 + 2) / 2 = 1.5).
    assert_eq!(hours.tag("incident"), None);
    // admin: with (−3 + 1) / 2 = −1, without 2, delta −3; slope 0 over 3.
    assert!(close(hours.tag("admin").and_then(|t| t.delta), -3.0));
    assert_eq!(hours.slope.intervals, 3);
    assert!(close(hours.slope.mean, 0.0));
}

#[test]
fn per_mode_slopes_follow_the_day_and_leave_mixed_days_out() {
    let hours = hours_of(&[
        // An IC day: 8 → 6, −2.
        entry(
            "2024-03-01-a.md",
            "mode: IC\nenergy: { morning: 8, evening: 6 }",
        ),
        // An EM day: 7 → 4 → 3, −3 and −1.
        entry(
            "2024-03-02-a.md",
            "mode: EM\nenergy: { morning: 7, midday: 4, evening: 3 }",
        ),
        // A mixed day: the IC entry's 5 → 9, +4, counts only overall.
        entry(
            "2024-03-03-a.md",
            "mode: IC\nenergy: { morning: 5, evening: 9 }",
        ),
        entry("2024-03-03-b.md", "mode: EM\nenergy: 5"),
        // A day without a mode: 6 → 7, +1, only overall.
        entry("2024-03-04-a.md", "energy: { morning: 6, midday: 7 }"),
        // An IC day whose second entry has no mode: its 6 → 3, −3, is the day's, so IC.
        entry("2024-03-05-a.md", "mode: IC\nenergy: 6"),
        entry("2024-03-05-b.md", "energy: { midday: 6, evening: 3 }"),
    ]);
    // Overall: (−2 − 3 − 1 + 4 + 1 − 3) / 6 = −4/6.
    assert_eq!(hours.slope.intervals, 6);
    assert!(close(hours.slope.mean, -4.0 / 6.0));
    // IC: (−2 − 3) / 2 = −2.5. By the entry's mode instead of the day's, the
    // mixed day's +4 would count and the untagged −3 would not: (−2 + 4) / 2 = 1.
    let ic = hours.modes[Mode::Ic.index()];
    assert_eq!(ic.intervals, 2);
    assert!(close(ic.mean, -2.5));
    // EM: (−3 − 1) / 2 = −2.
    let em = hours.modes[Mode::Em.index()];
    assert_eq!(em.intervals, 2);
    assert!(close(em.mean, -2.0));
}

#[test]
fn no_check_ins_no_intervals() {
    let hours = hours_of(&[
        entry("2024-03-01-a.md", "energy: 6"),
        entry("2024-03-02-a.md", "energy: { midday: 6 }"),
    ]);
    assert!(hours.intervals.is_empty() && hours.tags.is_empty());
    assert_eq!(
        hours.slope,
        Slope {
            mean: None,
            intervals: 0
        }
    );
}

#[test]
fn ranking_leaves_rare_tags_out_and_puts_drains_first() {
    // a ends 3 intervals of −2; b ends 3 of +1; c ends 1 of −6.
    let hours = hours_of(&[
        entry(
            "2024-03-01-a.md",
            "energy: { morning: 9, midday: { score: 7, tags: [a] }, evening: { score: 8, tags: [b] } }",
        ),
        entry(
            "2024-03-02-a.md",
            "energy: { morning: 9, midday: { score: 7, tags: [a] }, evening: { score: 8, tags: [b] } }",
        ),
        entry(
            "2024-03-03-a.md",
            "energy: { morning: 9, midday: { score: 7, tags: [a] }, evening: { score: 8, tags: [b] } }",
        ),
        entry(
            "2024-03-04-a.md",
            "energy: { morning: 9, evening: { score: 3, tags: [c] } }",
        ),
    ]);
    let ranked: Vec<&str> = hours.ranked().iter().map(|t| t.slug.as_str()).collect();
    assert_eq!(ranked, ["a", "b"]);
    // a: with −2, without (1 + 1 + 1 − 6) / 4 = −0.75, delta −1.25.
    assert!(close(hours.tag("a").and_then(|t| t.delta), -1.25));
    assert!(hours.tag("c").is_some_and(TagHours::is_rare));
}

/// DESIGN.md, "How sure": "Every delta shows its counts and a 90% interval by
/// Welch's t: SE² = s₁²/n₁ + s₂²/n₂, Welch–Satterthwaite degrees of freedom
/// (not rounded), the t quantile at 0.95."
#[test]
fn hour_deltas_get_a_welch_interval() {
    // x ends −2 (8 → 6) and −4 (8 → 4): mean −3, s² = 2. The other intervals:
    // +1 (6 → 7), +2 (4 → 6), +3 (5 → 8): mean 2, s² = 1. Delta −5.
    // SE² = 2/2 + 1/3 = 4/3; df = (4/3)² / (1²/1 + (1/3)²/2) = 32/19 = 1.684211;
    // t_0.95(32/19) = 3.329870 (mpmath); half = 3.329870 · √(4/3) = 3.845003.
    // Interval −8.845003 to −1.154997: leaves out 0, so x drains.
    let hours = hours_of(&[
        entry(
            "2025-01-06-a.md",
            "energy: { morning: 8, midday: { score: 6, tags: [x] }, evening: 7 }",
        ),
        entry(
            "2025-01-07-a.md",
            "energy: { morning: 8, midday: { score: 4, tags: [x] }, evening: 6 }",
        ),
        entry("2025-01-08-a.md", "energy: { morning: 5, evening: 8 }"),
    ]);
    let e = hours.effect("x").unwrap();
    assert!((e.delta + 5.0).abs() < 1e-9);
    assert!(close(hours.tag("x").and_then(|t| t.delta), e.delta));
    let (low, high) = e.interval.unwrap();
    assert!((low + 8.845_003).abs() < 1e-6 && (high + 1.154_997).abs() < 1e-6);
    assert_eq!(e.verdict(), crate::index::Verdict::Drains);
    // A tag no interval ends has no delta.
    assert_eq!(hours.effect("nothing"), None);
}
