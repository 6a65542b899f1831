//! A year in review at `/years/YYYY/`, computed by hand on `tests/fixtures/years`
//! (public days only):
//!
//! | day        | energy          | mode  | tags               | ISO week |
//! |------------|-----------------|-------|--------------------|----------|
//! | 2024-06-03 | 7               | IC    | deep-work          | 2024-W23 |
//! | 2024-12-30 | 3               | EM    | hiring             | 2025-W01 |
//! | 2025-01-01 | 4               | EM    | hiring, planning   | 2025-W01 |
//! | 2025-01-02 | 8               | IC    | deep-work          | 2025-W01 |
//! | 2025-01-07 | 5               | EM    | hiring             | 2025-W02 |
//! | 2025-01-08 | 9               | IC    | deep-work, planning| 2025-W02 |
//! | 2025-02-10 | 2               | EM    | hiring, incident   | 2025-W07 |
//! | 2025-02-11 | (6 + 4) / 2 = 5 | mixed | deep-work, planning| 2025-W07 |
//!
//! A private entry (2025-03-03, energy 1, hiring) and a draft (2026-01-05)
//! would add a March, move the hiring delta and make a 2026 page if they leaked.

use super::generator::{CANARY, generate};
use super::support::{TestJournal, snapshot_tree};

/// The text of the page's `<main>`, with charts left out.
fn main_of(html: &str) -> String {
    let start = html.find("<main").expect("a main element");
    let end = html.find("</main>").expect("its end");
    html[start..end].to_owned()
}

#[test]
fn a_year_in_review_by_hand() {
    let j = TestJournal::fixture("years");
    j.run(&["build"]).ok();
    let page = main_of(&j.read("public/years/2025/index.html"));

    // Days belong to their calendar year: six days in 2025 (not 30 Dec 2024),
    // mean (4 + 8 + 5 + 9 + 2 + 5) / 6 = 5.5.
    assert!(
        page.contains("7 entries on 6 days, 1 Jan to 11 Feb 2025."),
        "{page}"
    );
    assert!(page.contains(r#"<dd class="figure-value">5.5</dd>"#));
    assert!(page.contains("6 days with energy, mean 5.5."));
    // IC/EM share of the days with a mode: IC 2 of 6, EM 3 of 6, mixed 1 of 6.
    for (value, detail) in [("33%", "2 of 6"), ("50%", "3 of 6"), ("17%", "1 of 6")] {
        assert!(
            page.contains(&format!(
                "<dd class=\"figure-value\">{value}</dd>\n    <dd class=\"figure-detail\">{detail} days with a mode</dd>"
            )),
            "{value} {detail}"
        );
    }
    // Month by month: January (4 + 8 + 5 + 9) / 4 = 6.5 over 4 days, 2 IC and 2 EM;
    // February (2 + 5) / 2 = 3.5 over 2 days, the mixed day in neither count;
    // no March (only a private entry).
    let row = |month: &str, energy: &str, days: usize, modes: &str| {
        let at = page
            .find(&format!("<th scope=\"row\">{month}</th>"))
            .expect(month);
        let rest = &page[at..];
        let end = rest.find("</tr>").expect("row end");
        let row = &rest[..end];
        assert!(row.contains(&format!("Energy {energy} of 10")), "{row}");
        assert!(
            row.contains(&format!("<td class=\"num\">{days}</td>")),
            "{row}"
        );
        assert!(
            row.contains(&format!("<td class=\"num col-modes\">{modes}</td>")),
            "{row}"
        );
    };
    row("January", "6.5", 4, "2 · 2");
    row("February", "3.5", 2, "0 · 1");
    assert!(!page.contains("March"));

    // Deltas over 2025's days alone (mean with the tag minus without, days with energy):
    // deep-work (8 + 9 + 5) / 3 − (4 + 5 + 2) / 3 = +3.67 (+3.75 over the whole journal);
    // hiring (4 + 5 + 2) / 3 − (8 + 9 + 5) / 3 = −3.67 (−3.75 over the whole journal,
    // and lower still with the private day);
    // planning (4 + 9 + 5) / 3 − (8 + 5 + 2) / 3 = +1.0; incident seen on one day: apart.
    // Ranked and worded by the within-role delta where it is defined, as on /trends/:
    // deep-work and hiring never meet a day of their mode without them, so raw;
    // planning within the role: IC 9 − 8 = +1 and EM 4 − (5 + 2) / 2 = +0.5, one
    // day with it each, so (1 + 0.5) / 2 = +0.75, and one-day groups: too few days.
    // deep-work's interval: s² 13/3 and 7/3 over 3 and 3, SE² = 20/9,
    // df 3.6697, t_0.95 = 2.2356: +0.405 to +6.929, restores; hiring the mirror.
    assert!(page.contains("Most restoring: deep-work (+3.7, 90% interval +0.4 to +6.9)."));
    assert!(page.contains("Most draining: hiring (−3.7, 90% interval −6.9 to −0.4)."));
    assert!(page.contains("1 tag shows no clear effect, or too few days to say."));
    assert!(
        page.contains(
            "planning: energy +0.8 within the role on days with it (3 days); raw +1.0: too few days"
        ),
        "planning's within-role bar"
    );
    let rare = &page[page
        .find("Seen on fewer than 3 days this year")
        .expect("rare tags")..];
    assert!(rare.starts_with(
        "Seen on fewer than 3 days this year, so left out above:\n  <a href=\"/tags/incident/\">incident</a>."
    ));
    assert!(!page.contains("secret-topic"));

    // Weeks belong to their ISO year: 2025-W01 (3 + 4 + 8) / 3 = 5.0 holds 30 Dec 2024;
    // 2025-W02 (5 + 9) / 2 = 7.0 is the best, 2025-W07 (2 + 5) / 2 = 3.5 the hardest.
    let best = &page[page.find("Best and hardest weeks").expect("best weeks")..];
    let best = &best[..best.find("</table>").expect("table end")];
    let order: Vec<usize> = ["Best", "2025-W02", "Hardest", "2025-W07"]
        .iter()
        .map(|s| best.find(s).expect(s))
        .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{best}");
    assert!(!best.contains("2025-W01"));
    let weeks = &page[page.find("Week by week").expect("weeks")..];
    for id in ["2025-W01", "2025-W02", "2025-W07"] {
        assert!(
            weeks.contains(&format!("<a href=\"/weeks/{id}/\">{id}</a>")),
            "{id}"
        );
    }
    assert!(weeks.contains("Energy 5.0 of 10"));
    assert!(page.contains(r#"<a class="entry-nav-prev" href="/years/2024/" rel="prev">"#));
    assert!(!page.contains("entry-nav-next"));

    // 2024: two days, mean (7 + 3) / 2 = 5.0; its only ISO week is 2024-W23;
    // deep-work is on one of its days, so it is listed apart.
    let y2024 = main_of(&j.read("public/years/2024/index.html"));
    assert!(y2024.contains("2 entries on 2 days, 3 Jun to 30 Dec 2024."));
    assert!(y2024.contains(r#"<dd class="figure-value">5.0</dd>"#));
    assert!(y2024.contains("/weeks/2024-W23/"));
    assert!(!y2024.contains("2025-W01"));
    assert!(y2024.contains(r#"<a href="/tags/deep-work/">deep-work</a>"#));
    assert!(!y2024.contains("Most restoring"));

    // No page for 2026, whose only entry is a draft; links from the archive and trends.
    assert!(!j.path("public/years/2026").exists());
    let archive = j.read("public/archive/index.html");
    assert!(archive.contains(r#"<a href="/years/2025/""#));
    assert!(archive.contains(r#"<a href="/years/2024/""#));
    let trends = main_of(&j.read("public/trends/index.html"));
    let years = &trends[trends
        .find("aria-label=\"Years in review\"")
        .expect("years list")..];
    let (a, b) = (
        years.find("/years/2025/").expect("2025"),
        years.find("/years/2024/").expect("2024"),
    );
    assert!(a < b, "newest first");
    assert!(!trends.contains("/years/2026/"));
    let sitemap = j.read("public/sitemap.xml");
    assert!(sitemap.contains("/years/2025/") && !sitemap.contains("/years/2026/"));
}

#[test]
fn no_year_page_or_link_comes_from_hidden_entries() {
    let j = TestJournal::new();
    let g = generate(&j, 60, 5, 7);
    assert!(g.private > 0 && g.drafts > 0);
    // Years holding only hidden entries.
    j.entry(
        "2022-05-02-hidden.md",
        &format!("title: Hidden {CANARY}\nenergy: 2\ntags: [leak-canary-tag]\ndraft: true"),
        CANARY,
    );
    j.entry(
        "2023-05-02-hidden.md",
        &format!("title: Hidden {CANARY}\nenergy: 2\ntags: [leak-canary-tag]\nprivate: true"),
        CANARY,
    );
    j.run(&["build"]).ok();
    let public = j.path("public");
    let tree = snapshot_tree(&public);
    let years: Vec<&String> = tree.keys().filter(|p| p.starts_with("years/")).collect();
    assert_eq!(years, ["years/2024/index.html"]);
    for (path, bytes) in &tree {
        let text = String::from_utf8_lossy(bytes);
        for needle in [CANARY, "leak-canary", "years/2022", "years/2023"] {
            assert!(!text.contains(needle), "{needle} in {path}");
        }
    }

    // The personal copy has them: the check above would have seen a leak.
    j.run(&["build", "--drafts", "--include-private"]).ok();
    assert!(j.path("public-private/years/2022/index.html").is_file());
    assert!(j.path("public-private/years/2023/index.html").is_file());
    let archive = j.read("public-private/archive/index.html");
    assert!(archive.contains("/years/2023/"));
}

#[test]
fn year_pages_follow_each_save_as_a_fresh_build_makes_them() {
    use ebb::serve::{Builder, Files};
    use ebb::watch::Changes;

    let j = TestJournal::fixture("years");
    let visibility = ebb::content::Visibility::default();
    let fresh = || -> Files {
        let mut b = Builder::new(j.root(), visibility, "http://127.0.0.1:1/");
        b.rebuild(&Changes::default(), &Files::new())
            .expect("fresh build")
            .0
    };
    let mut builder = Builder::new(j.root(), visibility, "http://127.0.0.1:1/");
    let (mut files, _) = builder
        .rebuild(&Changes::default(), &Files::new())
        .expect("first build");
    // (what, entry file, new frontmatter; `None` deletes it)
    let steps: [(&str, &str, Option<&str>); 5] = [
        // A 2024 day in 2025-W01: the 2025 page's weeks change with it.
        (
            "energy of a day in last year's part of week 1",
            "2024-12-30-interviews.md",
            Some("title: Interviews\nmode: EM\nenergy: 10\ntags: [hiring]"),
        ),
        // Hours are in no tag's figures: only the week's days show them.
        (
            "focus hours of that day",
            "2024-12-30-interviews.md",
            Some("title: Interviews\nmode: EM\nenergy: 10\nfocus_hours: 4\ntags: [hiring]"),
        ),
        (
            "a tag on one day of 2025",
            "2025-02-10-outage.md",
            Some("title: Outage\nmode: IC\nenergy: 2\ntags: [hiring, incident, deep-work]"),
        ),
        (
            "a new year",
            "2026-03-02-spring.md",
            Some("title: Spring\nmode: IC\nenergy: 6\ntags: [planning]"),
        ),
        (
            "the first year's first day gone",
            "2024-06-03-summer.md",
            None,
        ),
    ];
    for (name, file, new) in steps {
        match new {
            Some(frontmatter) => {
                j.entry(file, frontmatter, "A day.\n");
            }
            None => std::fs::remove_file(j.path(&format!("content/{file}"))).expect("remove"),
        }
        let changes = Changes {
            content: true,
            paths: vec![j.path(&format!("content/{file}"))],
            ..Changes::default()
        };
        let (next, _) = builder.rebuild(&changes, &files).expect(name);
        let expected = fresh();
        let differing: Vec<_> = expected
            .keys()
            .chain(next.keys())
            .filter(|k| expected.get(*k) != next.get(*k))
            .collect();
        assert!(differing.is_empty(), "{name}: {differing:?}");
        files = next;
    }
    assert!(files.keys().any(|k| k.contains("years/2026/")));
}
