//! Weekly notes (`weeks/YYYY-Www.md`) on `tests/fixtures/notes`:
//!
//! | week     | entries            | note                                           |
//! |----------|--------------------|------------------------------------------------|
//! | 2025-W10 | 3 Mar, 5 Mar       | "A heavy first week", two intentions           |
//! | 2025-W11 | 12 Mar             | private, with SECRET title, intention and body |
//! | 2025-W12 | none               | "A week off", an unknown key `mood`            |
//! | 2025-W13 | 26 Mar             | none                                           |

use super::support::{TestJournal, snapshot_tree};

/// Every file of the tree whose path or text holds `needle`.
fn holding(dir: &std::path::Path, needle: &str) -> Vec<String> {
    snapshot_tree(dir)
        .into_iter()
        .filter(|(path, bytes)| {
            path.contains(needle) || String::from_utf8_lossy(bytes).contains(needle)
        })
        .map(|(path, _)| path)
        .collect()
}

#[test]
fn a_note_shows_on_its_week_and_its_intentions_on_the_next() {
    let j = TestJournal::fixture("notes");
    let run = j.run(&["build"]).ok();
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);

    let w10 = j.read("public/weeks/2025-W10/index.html");
    assert!(w10.contains(r#"<h2 id="note">A heavy first week</h2>"#));
    assert!(w10.contains(r#"<a href="/2025/03/05/deep-work/">the deep-work day</a>"#));
    assert!(w10.contains("<li>protect Thursday</li><li>one status meeting less</li>"));
    assert!(!w10.contains("Planned last week"));

    // The following week shows them again; its own note is private.
    let w11 = j.read("public/weeks/2025-W11/index.html");
    assert!(w11.contains("Planned last week"));
    assert!(w11.contains("<li>protect Thursday</li><li>one status meeting less</li>"));
    assert!(w11.contains(r#"From the note on <a href="/weeks/2025-W10/">2025-W10</a>."#));
    assert!(
        !w11.contains("week-note"),
        "no note of its own in a public build"
    );

    // A week without entries gets its page for its note, and nothing planned
    // (the week before's note is private).
    let w12 = j.read("public/weeks/2025-W12/index.html");
    assert!(w12.contains(r#"<h2 id="note">A week off</h2>"#));
    assert!(w12.contains("No entries this week."));
    assert!(!w12.contains("Planned last week") && !w12.contains("Day by day"));
    // The week after a note without intentions has nothing planned either.
    let w13 = j.read("public/weeks/2025-W13/index.html");
    assert!(!w13.contains("Planned last week"));
    assert!(!j.path("public/weeks/2025-W14").exists());

    // /weeks/ lists the note's week among the weeks with entries, marked.
    let weeks = j.read("public/weeks/index.html");
    assert!(
        weeks.contains("3 weeks with entries"),
        "only weeks with entries are counted"
    );
    assert!(weeks.contains(r#"<a href="/weeks/2025-W12/">2025-W12</a> <span class="note-mark""#));
    assert!(!weeks.contains(r#"2025-W11</a> <span class="note-mark""#));
    // The year page links its notes; the feed and the search index carry them.
    let year = j.read("public/years/2025/index.html");
    assert!(year.contains(r#"<a href="/weeks/2025-W10/">2025-W10: A heavy first week</a>"#));
    assert!(year.contains(r#"<a href="/weeks/2025-W12/">2025-W12: A week off</a>"#));
    let feed = j.read("public/atom.xml");
    assert!(feed.contains("<title>A heavy first week</title>"));
    assert!(feed.contains("<id>https://example.org/weeks/2025-W10/</id>"));
    // Dated on the week's Sunday, and listed before the entries of earlier days.
    assert!(feed.contains("<published>2025-03-09T23:59:59Z</published>"));
    assert!(feed.find("A week off").unwrap() < feed.find("<title>Hiring</title>").unwrap());
    let docs = j.read("public/search/docs.json");
    assert!(docs.contains("A heavy first week") && docs.contains("/weeks/2025-W10/"));
}

#[test]
fn a_private_note_leaves_no_trace_in_a_public_build() {
    let j = TestJournal::fixture("notes");
    j.run(&["build"]).ok();
    assert_eq!(holding(&j.path("public"), "SECRET"), Vec::<String>::new());
    // Its week still has its page, for its entry; the week after shows no
    // intentions from it.
    assert!(j.path("public/weeks/2025-W11/index.html").exists());

    // A personal copy shows it, and its intentions on the week after.
    j.run(&["build", "--include-private", "-o", "mine"]).ok();
    let w11 = j.read("mine/weeks/2025-W11/index.html");
    assert!(w11.contains("SECRET-LOOK-BACK about Sam"));
    assert!(w11.contains(r#"<span class="badge status status-private">Private</span>"#));
    let w12 = j.read("mine/weeks/2025-W12/index.html");
    assert!(w12.contains("<li>SECRET-INTENTION talk to Sam about his rating</li>"));
    // The public site is the site without the private note, byte for byte.
    let alone = TestJournal::new();
    super::support::copy_tree(&j.path("content"), &alone.path("content"));
    super::support::copy_tree(&j.path("weeks"), &alone.path("weeks"));
    std::fs::copy(j.path("book.toml"), alone.path("book.toml")).expect("book.toml");
    std::fs::remove_file(alone.path("weeks/2025-W11.md")).expect("remove");
    alone.run(&["build"]).ok();
    assert_eq!(
        snapshot_tree(&j.path("public")),
        snapshot_tree(&alone.path("public"))
    );
}

#[test]
fn bad_notes_are_located_errors_all_in_one_run() {
    let j = TestJournal::new();
    j.entry("2024-03-11-a.md", "title: A\nenergy: 6", "");
    j.write("weeks/2024-W54.md", "Body.\n")
        .write("weeks/2024-11.md", "Body.\n")
        .write("weeks/2024-W11.md", "---\ntitle: One\n---\n")
        .write("weeks/old/2024-W11.md", "---\ntitle: Two\n---\n")
        .write("weeks/2024-W12.md", "---\npublished: false\n---\n")
        .write("weeks/2024-W13.md", "---\nPrivate: true\n---\n")
        .write("weeks/2024-W14.md", "---\ntitel: typo\nnext: [a]\n---\n");
    let run = j.run(&["check"]).fails();
    let lines = run.error_lines();
    let expect = [
        "weeks/2024-11.md:1:1: error: a weekly note is named by its ISO week, like `2024-W11.md`; `2024-11` is not such a name",
        "weeks/2024-W12.md:2:1: error: `published: false` hides a page in other tools",
        "weeks/2024-W13.md:2:1: error: `Private` looks like `private` but is not it",
        "weeks/2024-W54.md:1:1: error: `2024-W54` is not an ISO week: 2024 has weeks W01 to W52",
        "weeks/old/2024-W11.md:1:1: error: a second note for 2024-W11: `",
    ];
    for e in expect {
        assert!(
            lines.iter().any(|l| l.contains(e)),
            "missing {e} in {lines:#?}"
        );
    }
    assert!(
        run.stderr
            .contains("weeks/2024-W14.md:2:1: warning: unknown key `titel`: did you mean `title`?"),
        "{}",
        run.stderr
    );
    // A build stops on them and writes nothing.
    j.run(&["build"]).fails();
    assert!(!j.path("public").exists());
}

/// Editing a note while serving re-renders exactly what shows the edited
/// part, and keeps every other page (`Served` sets `EBB_VERIFY=1`, so each
/// kept page is also made again and compared).
#[test]
fn serve_rerenders_what_a_note_shows_on() {
    use super::served::Served;
    let j = TestJournal::fixture("notes");
    let s = Served::start(j.root(), &[]);
    s.wait_first_build();
    let done = std::cell::Cell::new(0);
    let edit = |from: &str, to: &str| {
        let before = s.version();
        let text = std::fs::read_to_string(j.path("weeks/2025-W10.md")).expect("note");
        assert!(text.contains(from));
        let tmp = j.path("weeks/.2025-W10.md.tmp");
        std::fs::write(&tmp, text.replace(from, to)).expect("write");
        std::fs::rename(&tmp, j.path("weeks/2025-W10.md")).expect("rename");
        s.wait_reload(before);
        // The status line may come a moment after the reload.
        let rebuilds = |s: &Served| -> Vec<String> {
            s.lines()
                .into_iter()
                .filter(|l| l.starts_with("built ") && l.contains(" after "))
                .collect()
        };
        s.wait_until(|s| rebuilds(s).len() > done.get());
        done.set(rebuilds(&s).len());
        rebuilds(&s).pop().expect("a rebuild line")
    };
    // An intention: its week and the week after, which shows it again.
    let line = edit("protect Thursday", "protect Friday");
    assert!(line.ends_with(": 2 pages rendered, 26 unchanged"), "{line}");
    let (_, w11) = s.get("/weeks/2025-W11/");
    assert!(String::from_utf8_lossy(&w11).contains("<li>protect Friday</li>"));
    // The title: its week, the year page that links it, and the site feed.
    let line = edit("A heavy first week", "A long first week");
    assert!(line.ends_with(": 3 pages rendered, 25 unchanged"), "{line}");
    let (_, feed) = s.get("/atom.xml");
    assert!(String::from_utf8_lossy(&feed).contains("<title>A long first week</title>"));
}

/// `ebb review` writes the week's note with its figures as comments (by
/// hand, `tests/fixtures/notes` with an 8 h workday: 3 Mar EM, check-ins 6
/// and 4 → 5, 1 h focus and 6 h meetings; 5 Mar IC 8, 5 h and 1 h), never
/// overwrites, and counts private entries only when asked.
#[test]
fn review_writes_the_weeks_figures_as_comments_and_never_overwrites() {
    let j = TestJournal::fixture("notes");
    std::fs::remove_file(j.path("weeks/2025-W10.md")).expect("remove");
    let run = j.run(&["review", "--week", "2025-W10", "--no-edit"]).ok();
    assert_eq!(run.stdout.trim(), "weeks/2025-W10.md");
    let note = j.read("weeks/2025-W10.md");
    let (front, body) = note[4..].split_once("\n---\n").expect("frontmatter");
    for line in [
        "title: Looking back on 2025-W10",
        "next: []",
        "# 2025-W10 (3 Mar to 9 Mar 2025), from public entries; comments are never published:",
        // (5 + 8) / 2; no entries the week before, so no change.
        "#   energy: 6.5 over 2 days",
        "#   best day: Wed 5 Mar (8.0); hardest day: Mon 3 Mar (5.0)",
        "#   tags: deep-work (1 day), planning (1 day)",
        // 8 − 1 − 6 = 1 and 8 − 5 − 1 = 2: 1.5.
        "#   slack: 1.5 h a day of an 8 h workday, over 2 days",
    ] {
        assert!(
            front.lines().any(|l| l == line),
            "missing {line:?} in\n{front}"
        );
    }
    assert!(
        body.contains("## What drained me?") && body.contains("## What will I change next week?")
    );
    assert!(!body.contains("energy:"), "no figure in the body");
    // It is a valid note: the build shows it, without its figures.
    j.run(&["build"]).ok();
    let w10 = j.read("public/weeks/2025-W10/index.html");
    assert!(w10.contains("Looking back on 2025-W10") && !w10.contains("slack: 1.5"));

    // Never overwritten: a second run opens what is there.
    std::fs::write(j.path("weeks/2025-W10.md"), "Mine.\n").expect("write");
    let again = j.run(&["review", "--week", "2025-W10", "--no-edit"]).ok();
    assert!(
        again.stderr.contains("the note for 2025-W10 exists"),
        "{}",
        again.stderr
    );
    assert_eq!(j.read("weeks/2025-W10.md"), "Mine.\n");

    // The hours that fell, and private entries only with --include-private:
    // 10 Mar: 7 → 4 [incident] → 5 [walk]; a private 11 Mar at 1.
    j.entry(
        "2025-03-10-paged.md",
        "title: Paged\nenergy:\n  morning: 7\n  midday: { score: 4, tags: [incident] }\n  evening: { score: 5, tags: [walk] }",
        "",
    )
    .entry("2025-03-11-secret.md", "title: Secret\nprivate: true\nenergy: 1", "");
    std::fs::remove_file(j.path("weeks/2025-W11.md")).expect("remove");
    j.run(&["review", "--week", "2025-W11", "--no-edit"]).ok();
    let note = j.read("weeks/2025-W11.md");
    // Public: 10 Mar (7 + 4 + 5) / 3 = 5.33 and 12 Mar 5: 5.2 over 2 days,
    // −1.3 on the week before's 6.5.
    assert!(
        note.contains("#   energy: 5.2 over 2 days (−1.3 on the week before)"),
        "{note}"
    );
    assert!(
        note.contains("#   hours that fell: incident −3.0 (1 interval)"),
        "{note}"
    );
    std::fs::remove_file(j.path("weeks/2025-W11.md")).expect("remove");
    j.run(&[
        "review",
        "--week",
        "2025-W11",
        "--include-private",
        "--no-edit",
    ])
    .ok();
    let note = j.read("weeks/2025-W11.md");
    // (5.33 + 1 + 5) / 3 = 3.8 over 3 days.
    assert!(note.contains("from public and private entries"), "{note}");
    assert!(note.contains("#   energy: 3.8 over 3 days"), "{note}");

    // Without --week, the week of the build day (30 Nov 2026 in the tests).
    let run = j.run(&["review", "--no-edit"]).ok();
    assert_eq!(run.stdout.trim(), "weeks/2026-W49.md");
    assert!(
        j.read("weeks/2026-W49.md")
            .contains("#   no entries this week")
    );

    // A week that is not one is refused, and nothing is written.
    let bad = j
        .run(&["review", "--week", "2025-W60", "--no-edit"])
        .fails();
    assert!(
        bad.stderr.contains("`2025-W60` is not an ISO week"),
        "{}",
        bad.stderr
    );
    assert!(!j.path("weeks/2025-W60.md").exists());
}
