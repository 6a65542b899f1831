use super::checks::{near_pairs, near_tags};
use super::*;

fn entry(name: &str, tags: &str) -> (Arc<Entry>, Vec<Pos>) {
    let text = format!("---\ntitle: T\ntags: [{tags}]\n---\n");
    let p = parse_entry(SourceFile {
        path: Path::new(name),
        display: name,
        content_path: name,
        bytes: text.as_bytes(),
        metrics: &[],
    });
    (p.entry.expect("a valid entry"), p.tag_positions)
}

#[test]
fn near_duplicate_tags_are_reported_once_at_the_rarer_spelling() {
    let entries = [
        entry("2024-01-01-a.md", "one-on-ones, deep-work"),
        entry("2024-01-02-b.md", "walk, One on One"),
        entry("2024-01-03-c.md", "one-on-ones, deepwork, walks"),
        entry("2024-01-04-d.md", "one-on-ones, q1-2024, q2-2024, walks"),
    ];
    let mut got: Vec<String> = near_duplicate_tags(&entries)
        .iter()
        .map(|d| format!("{}:{}:{}: {}", d.path, d.line, d.column, d.message))
        .collect();
    got.sort();
    assert_eq!(
        got,
        [
            "2024-01-02-b.md:3:14: tag `One on One` looks like `one-on-ones` (used 3 times); use one spelling",
            "2024-01-02-b.md:3:8: tag `walk` looks like `walks` (used 2 times); use one spelling",
            "2024-01-03-c.md:3:21: tag `deepwork` looks like `deep-work` (used once); use one spelling",
        ]
    );
}

#[test]
fn near_pairs_finds_what_comparing_every_pair_finds() {
    let words = [
        "walk",
        "walks",
        "hiring",
        "hirign",
        "hiring-loop",
        "team",
        "tram",
        "sprint-12",
        "sprint-13",
        "one-on-one",
        "one-on-ones",
        "deep-work",
        "deepwork",
        "abcde",
        "bacde",
        "abcdef",
        "abcd",
        "abdce",
        "xbcde",
        "s",
        "ss",
        "a",
    ];
    let mut slugs: Vec<&str> = words.to_vec();
    slugs.sort_unstable();
    let mut every = Vec::new();
    for a in 0..slugs.len() {
        for b in a + 1..slugs.len() {
            if near_tags(slugs[a], slugs[b]) {
                every.push((a, b));
            }
        }
    }
    assert!(every.len() > 8);
    assert_eq!(near_pairs(&slugs), every);
}

#[test]
fn near_tags_examples() {
    assert!(near_tags("one-on-one", "one-on-ones"));
    assert!(near_tags("walk", "walks"));
    assert!(near_tags("hiring", "hirign"));
    assert!(!near_tags("hiring", "hiring-loop"));
    assert!(!near_tags("team", "tram"), "short words need a trailing s");
    assert!(!near_tags("sprint-12", "sprint-13"));
}
