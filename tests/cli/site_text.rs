//! What built pages say and how they are read: counts in words, charts as
//! assistive technology sees them, and the week table's check-ins. Swept over
//! every page of the repository's sample journal and of small fixtures.

use std::path::Path;

use super::support::{TestJournal, copy_tree};

/// The sample journal at the repository's root, built.
fn sample() -> TestJournal {
    let j = TestJournal::new();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::copy(root.join("book.toml"), j.path("book.toml")).expect("book.toml");
    copy_tree(&root.join("content"), &j.path("content"));
    copy_tree(&root.join("pages"), &j.path("pages"));
    j.run(&["build"]).ok();
    j
}

/// Every built HTML page, by path under `public/`.
fn pages(j: &TestJournal) -> Vec<(String, String)> {
    let public = j.path("public");
    let mut out: Vec<(String, String)> = walkdir::WalkDir::new(&public)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| {
            let rel = e.path().strip_prefix(&public).expect("prefix");
            (
                rel.to_string_lossy().into_owned(),
                std::fs::read_to_string(e.path()).expect("read page"),
            )
        })
        .collect();
    out.sort();
    assert!(out.len() > 5, "the build wrote pages");
    out
}

/// The element whose start tag holds byte `at`, start tag to matching end tag.
fn element_at(html: &str, at: usize) -> &str {
    let start = html[..=at].rfind('<').expect("a start tag");
    let name: String = html[start + 1..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect();
    let (open, close) = (format!("<{name}"), format!("</{name}>"));
    let mut depth = 0usize;
    let mut i = start;
    loop {
        let next_open = html[i + 1..].find(&open).map(|p| p + i + 1);
        let next_close = html[i..].find(&close).map(|p| p + i).expect("an end tag");
        match next_open {
            Some(o) if o < next_close => {
                depth += 1;
                i = o;
            }
            _ if depth == 0 => return &html[start..next_close + close.len()],
            _ => {
                depth -= 1;
                i = next_close + 1;
            }
        }
    }
}

/// The start tag that begins `element`.
fn start_tag(element: &str) -> &str {
    &element[..=element.find('>').expect("a start tag")]
}

/// The value of `name="…"` in a start tag.
fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let key = format!(" {name}=\"");
    let from = tag.find(&key)? + key.len();
    Some(&tag[from..from + tag[from..].find('"')?])
}

/// Asserts the chart rules on one page; returns how many linked charts it has.
fn check_charts(path: &str, html: &str) -> usize {
    for (at, _) in html.match_indices(r#"role="img""#) {
        let el = element_at(html, at);
        assert!(
            !el.contains("<a "),
            "{path}: an image hides the links inside it: {}",
            start_tag(el)
        );
    }
    let mut linked = 0;
    for (at, _) in html.match_indices("<svg") {
        let svg = element_at(html, at);
        let tag = start_tag(svg);
        if !svg.contains("<a ") {
            continue;
        }
        linked += 1;
        assert_eq!(attr(tag, "role"), Some("group"), "{path}: {tag}");
        let named = attr(tag, "aria-label").is_some_and(|l| !l.trim().is_empty())
            || attr(tag, "aria-labelledby").is_some_and(|l| !l.trim().is_empty());
        assert!(named, "{path}: a linked chart without a name: {tag}");
        for (a, _) in svg.match_indices("<a ") {
            let link = element_at(svg, a);
            let open = start_tag(link);
            let label = attr(open, "aria-label").unwrap_or("");
            let title = link[open.len()..]
                .strip_prefix("<title>")
                .and_then(|t| t.split("</title>").next())
                .unwrap_or("");
            assert!(
                !label.trim().is_empty() || !title.trim().is_empty(),
                "{path}: a chart link without a name: {open}"
            );
            assert!(attr(open, "href").is_some(), "{path}: {open}");
        }
    }
    linked
}

#[test]
fn charts_with_links_are_named_groups_and_every_link_has_a_name() {
    let j = sample();
    let pages = pages(&j);
    let mut linked = std::collections::BTreeMap::new();
    for (path, html) in &pages {
        linked.insert(path.as_str(), check_charts(path, html));
    }
    // The pages where the checker found links inside images.
    assert!(linked["index.html"] >= 1, "{linked:?}");
    assert!(linked["trends/index.html"] >= 4, "{linked:?}");
    assert!(linked["tags/offsite/index.html"] >= 1, "{linked:?}");
    // Charts without links stay images, named by their label.
    let trends = &pages
        .iter()
        .find(|(p, _)| p == "trends/index.html")
        .expect("trends")
        .1;
    assert!(trends.contains(r#"role="img" aria-label="Mean energy: IC"#));
    // Tooltips and the summary in words are still there.
    assert!(trends.contains("<title>") && trends.contains(r#"<ul class="chart-summary">"#));
}

#[test]
fn chart_rules_hold_on_a_small_journal_too() {
    let j = TestJournal::fixture("figures");
    j.run(&["build"]).ok();
    let linked: usize = pages(&j).iter().map(|(p, h)| check_charts(p, h)).sum();
    assert!(linked > 0);
}

/// Plural nouns that must never follow a lone `1`.
const PLURALS: &[&str] = &[
    "days",
    "entries",
    "weeks",
    "tags",
    "hours",
    "intervals",
    "check-ins",
    "months",
    "years",
    "periods",
    "pages",
    "notes",
    "meetings",
    "results",
    "pairs",
    "runs",
    "times",
];

/// Every `1 <plural>` in `text` where the `1` stands alone: not part of
/// `11`, `1.5` or `0.1`.
fn wrong_singulars(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    for (at, _) in text.match_indices("1 ") {
        let before = text[..at].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '.' || c == ',') {
            continue;
        }
        let rest = &text[at + 2..];
        for word in PLURALS {
            let ends = rest
                .strip_prefix(word)
                .map(|r| r.chars().next())
                .is_some_and(|next| next.is_none_or(|c| !c.is_alphanumeric() && c != '-'));
            if ends {
                found.push(format!("1 {word}"));
            }
        }
    }
    found
}

#[test]
fn the_sweep_finds_what_it_looks_for() {
    assert_eq!(
        wrong_singulars("on 1 days. (1 entries) 1 check-ins"),
        ["1 days", "1 entries", "1 check-ins"]
    );
    assert!(wrong_singulars("11 days, 1.5 hours, 0.1 days, 21 tags, 1 day, 1 dayses").is_empty());
}

#[test]
fn no_page_says_1_with_a_plural() {
    for j in [sample(), {
        let j = TestJournal::fixture("figures");
        j.run(&["build"]).ok();
        j
    }] {
        for (path, html) in pages(&j) {
            let wrong = wrong_singulars(&html);
            assert!(wrong.is_empty(), "{path}: {wrong:?}");
        }
    }
}

#[test]
fn a_tag_on_one_day_says_1_day() {
    // `one-on-ones` is on one entry, on 30 Dec 2024, whose day energy is 4.
    let j = TestJournal::fixture("figures");
    j.run(&["build"]).ok();
    let page = j.read("public/tags/one-on-ones/index.html");
    assert!(page.contains("on 1 day<"), "figure detail");
    assert!(page.contains("Mean energy 4.0 on 1 day with #one-on-ones"));
    assert!(page.contains("Energy on 1 day with this tag, 30 Dec 2024:"));
    assert!(!page.contains("1 days"));
}

#[test]
fn counts_of_one_in_lists_are_singular() {
    let j = TestJournal::new();
    j.entry(
        "2024-05-06-only.md",
        "title: Only\ndate: 2024-05-06\nmode: IC\nenergy: 6\nfocus_hours: 3\ntags: [walks]",
        "Body.",
    );
    j.run(&["build"]).ok();
    assert!(
        j.read("public/archive/index.html")
            .contains("1 entry, newest first")
    );
    assert!(
        j.read("public/weeks/index.html")
            .contains("1 week with entries")
    );
    let ic = j.read("public/modes/ic/index.html");
    assert!(ic.contains(">1 entry<"), "mode figures");
    let home = j.read("public/index.html");
    assert!(home.contains("over 1 day<"), "home figures");
    assert!(home.contains("1 day with entries, mean energy 6.0."));
    let trends = j.read("public/trends/index.html");
    assert!(trends.contains("1 day with entries"));
    assert!(trends.contains("Over 1 week with entries"));
    assert!(trends.contains("2024: 1 day with energy"));
}

/// The text of the check-ins cell of the day `date` in a week table.
fn check_ins_cell(html: &str, date: &str) -> String {
    let row = html
        .find(&format!(r#"<time datetime="{date}">"#))
        .unwrap_or_else(|| panic!("no row for {date}"));
    let cell = &html[row..];
    let cell = &cell[cell.find(r#"<td class="col-checkins">"#).expect("cell")..];
    let cell = &cell[..cell.find("</td>").expect("end of cell")];
    let mut text = String::new();
    let mut in_tag = false;
    for c in cell.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            _ if !in_tag => text.push(c),
            _ => {}
        }
    }
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn the_week_table_shows_which_check_in_is_which() {
    // 30 Dec 2024: an IC entry with morning 6 and evening 2, and an EM entry
    // with a single score (no check-ins, so it adds none).
    let j = TestJournal::fixture("figures");
    j.run(&["build"]).ok();
    let week = j.read("public/weeks/2025-W01/index.html");
    assert_eq!(check_ins_cell(&week, "2024-12-30"), "6 · – · 2");
    assert!(week.contains(r#"title="midday: not recorded">–</span>"#));
    // 2 Jan 2025: all three recorded.
    assert_eq!(check_ins_cell(&week, "2025-01-02"), "5 · 3 · 1");
    // A day with no entry has nothing to show.
    assert_eq!(check_ins_cell(&week, "2025-01-05"), "");
    // 10 Jan 2025: a single score stays a single number, in the energy column.
    let week = j.read("public/weeks/2025-W02/index.html");
    assert_eq!(check_ins_cell(&week, "2025-01-10"), "");

    let j = TestJournal::new();
    j.entry(
        "2024-05-06-late.md",
        "title: Late\ndate: 2024-05-06\nenergy: { evening: 6 }",
        "Body.",
    );
    j.entry(
        "2024-05-07-early.md",
        "title: Early\ndate: 2024-05-07\nenergy: { morning: 7, midday: 5 }",
        "Body.",
    );
    j.run(&["build"]).ok();
    let week = j.read("public/weeks/2024-W19/index.html");
    assert_eq!(check_ins_cell(&week, "2024-05-06"), "– · – · 6");
    assert_eq!(check_ins_cell(&week, "2024-05-07"), "7 · 5 · –");
}
