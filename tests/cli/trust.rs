//! The edges where a writer's trust is won or lost: the clock and "now",
//! messages about dates, links and values, and what a first build prints.

use super::support::{TestJournal, ebb, snapshot_tree};

/// 2026-11-30T23:30:00Z: late on the 30th in UTC, the 1st of December at
/// UTC+14.
const LATE_EPOCH: &str = "1796081400";

fn daily(j: &TestJournal, dates: &[&str]) {
    for (i, date) in dates.iter().enumerate() {
        j.entry(
            &format!("2026/{date}-day-{i}.md"),
            &format!("title: Day {i}\nmode: IC\nenergy: {}", 3 + i % 5),
            "A day.",
        );
    }
}

#[test]
fn a_future_entry_is_published_but_never_moves_now() {
    let j = TestJournal::new();
    daily(&j, &["2026-11-23", "2026-11-25", "2026-11-27"]);
    j.entry(
        "2027/typo.md",
        "title: Mistyped year\ndate: 2027-03-01\nmode: EM\nenergy: 4",
        "Meant 2026.",
    );
    let run = j.run(&["build"]).ok();
    // Warned at its date, by build (the test clock says 2026-11-30).
    let warning = "content/2027/typo.md:3:7: warning: 2027-03-01 is after today (2026-11-30)";
    assert!(run.stderr.contains(warning), "{}", run.stderr);
    let check = j.run(&["check"]).ok();
    assert!(check.stderr.contains(warning), "{}", check.stderr);
    // Published all the same.
    assert!(j.path("public/2027/03/01/typo/index.html").is_file());
    // "This week" is the week of the latest entry up to today.
    let home = j.read("public/index.html");
    assert!(
        home.contains("This week <span class=\"quiet\">· 23–29 Nov 2026"),
        "{home}"
    );
    assert!(!home.contains("Mar 2027</span>"));
    // `stats` keeps the real journal in view: its sparkline ends at "now".
    let stats = j.run(&["stats", "--weeks", "1"]).ok();
    assert!(stats.stdout.contains("mean 4.0"), "{}", stats.stdout);
}

#[test]
fn a_journal_without_future_entries_builds_the_same_bytes_any_day() {
    let j = TestJournal::new();
    daily(&j, &["2026-10-01", "2026-10-02", "2026-10-05"]);
    let build = |epoch: &str, out: &str| {
        let run = ebb(j.root())
            .env("SOURCE_DATE_EPOCH", epoch)
            .args(["build", "-o", out])
            .output()
            .expect("run");
        assert!(run.status.success());
    };
    build("1796040000", "a"); // 2026-11-30
    build("1830000000", "b"); // 2027-12-27
    assert_eq!(snapshot_tree(&j.path("a")), snapshot_tree(&j.path("b")));
}

#[test]
fn the_build_day_is_taken_in_the_local_time_zone() {
    let j = TestJournal::new();
    j.entry(
        "2026/2026-12-01-early.md",
        "title: Early\nmode: IC\nenergy: 6",
        "",
    );
    let check = |tz: &str| {
        let run = ebb(j.root())
            .env("SOURCE_DATE_EPOCH", LATE_EPOCH)
            .env("TZ", tz)
            .arg("check")
            .output()
            .expect("run");
        String::from_utf8_lossy(&run.stderr).into_owned()
    };
    // 23:30 on the 30th in UTC: the 1st is tomorrow.
    assert!(check("UTC").contains("is after today (2026-11-30)"));
    // Already the 1st at UTC+14 (POSIX spelling, no zone files needed).
    assert!(!check("XXX-14").contains("after today"));
    // `new` reads the same clock.
    let new = |tz: &str, date: &str| {
        let run = ebb(j.root())
            .env("SOURCE_DATE_EPOCH", LATE_EPOCH)
            .env("TZ", tz)
            .args(["new", "--no-edit", "--date", date])
            .output()
            .expect("run");
        String::from_utf8_lossy(&run.stdout).trim().to_owned()
    };
    assert_eq!(new("UTC", "today"), "content/2026/2026-11-30-monday.md");
    assert_eq!(
        new("XXX-14", "tomorrow"),
        "content/2026/2026-12-02-wednesday.md"
    );
}

#[test]
fn a_date_unlike_the_file_name_is_a_warning_at_the_date() {
    let j = TestJournal::new();
    j.entry(
        "2026/2026-11-05-retro.md",
        "title: Retro\ndate: 2026-11-06\nmode: EM\nenergy: 5",
        "",
    );
    let run = j.run(&["check"]).ok();
    assert!(
        run.stderr.contains(
            "content/2026/2026-11-05-retro.md:3:7: warning: `date` is 2026-11-06 but the file \
             name says 2026-11-05; the `date` wins"
        ),
        "{}",
        run.stderr
    );
    j.run(&["build"]).ok();
    assert!(j.path("public/2026/11/06/retro/index.html").is_file());
}

#[test]
fn a_cause_is_reported_once() {
    let j = TestJournal::new();
    j.entry(
        "2026/2026-11-05-a.md",
        "title: A\nmode: manager\nenergy: 5",
        "",
    )
    .entry("2026/2026-11-06-b.md", "title: B\nenergy: 11\nmode: IC", "")
    .entry(
        "2026/2026-11-07-c.md",
        "title: C\nmode: IC\nenergy: 5",
        "See [the broken one](2026-11-06-b.md).",
    );
    let run = j.run(&["check"]).fails();
    // The bad mode: its error, and no "no `mode`" warning besides.
    assert!(
        run.stderr
            .contains("2026-11-05-a.md:3:7: error: `mode` must be IC or EM, found `manager`"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("no `mode`"), "{}", run.stderr);
    // The link to the entry with an error says so.
    assert!(
        run.stderr
            .contains("link to `2026-11-06-b.md` leads nowhere: that entry has errors (see above)"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("no entry has that path"));
}

#[test]
fn the_sample_journal_builds_quietly() {
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = tempfile::tempdir().expect("temp dir");
    // Without the cache, which a build of another ebb warns about.
    let run = ebb(repo)
        .args(["build", "--no-cache", "-o"])
        .arg(out.path().join("site"))
        .output()
        .expect("run");
    assert!(run.status.success());
    let stderr = String::from_utf8_lossy(&run.stderr);
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 1, "only the summary: {stderr}");
    assert!(lines[0].starts_with("built 52 entries"), "{stderr}");
    // `check` still mentions the reflections, as notes.
    let check = ebb(repo).arg("check").output().expect("run");
    let check = String::from_utf8_lossy(&check.stderr);
    assert!(
        check.contains(": note: no `mode`, `energy` or hours"),
        "{check}"
    );
    assert!(check.contains("0 errors, 0 warnings, "), "{check}");
}

#[test]
fn a_build_without_base_url_warns_once() {
    let j = TestJournal::new();
    daily(&j, &["2026-11-02", "2026-11-03"]);
    let run = j.run(&["build"]).ok();
    let said = run.stderr.matches("no `base-url`").count();
    assert_eq!(said, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("book.toml:1:1: warning:"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("--base-url"), "{}", run.stderr);
    let run = j.run(&["build", "--base-url", "https://ada.example/"]).ok();
    assert!(!run.stderr.contains("no `base-url`"), "{}", run.stderr);
    j.write(
        "book.toml",
        "[book]\ntitle = \"T\"\n\n[site]\nbase-url = \"https://ada.example/\"\n",
    );
    // (book.toml changed, so the build cache may say it is not used.)
    let run = j.run(&["build"]).ok();
    assert!(!run.stderr.contains("no `base-url`"), "{}", run.stderr);
}

#[test]
fn links_that_are_probably_wrong_name_the_entry_they_mean() {
    let j = TestJournal::new();
    j.write(
        "book.toml",
        "[book]\ntitle = \"T\"\n\n[site]\nbase-url = \"https://ada.example/notes/\"\n",
    );
    j.entry(
        "2026/2026-11-12-migration-cutover.md",
        "title: Migration cut-over\nmode: IC\nenergy: 6",
        "",
    )
    .entry(
        "2026/2026-11-13-team-retro.md",
        "title: Team retro\nmode: EM\nenergy: 5",
        "See [the retro](2026-11-13-team-retro), [[2026-11-12-migration-cutover]], \
         [[nothing-like-it]],\n[home](/2026/11/13/team-retro/) and [fine](/notes/tags/).\n\n\
         `[[in code]]` is fine.",
    );
    let run = j.run(&["check"]).ok();
    let path = "content/2026/2026-11-13-team-retro.md";
    for wanted in [
        format!(
            "{path}:6:5: warning: link to `2026-11-13-team-retro` has no `.md`, so it leads to no \
             page; it probably means `2026-11-13-team-retro.md` (\"Team retro\")"
        ),
        format!(
            "{path}:6:41: warning: `[[2026-11-12-migration-cutover]]` is not a link in Markdown \
             and shows as plain text; it probably means `2026-11-12-migration-cutover.md` \
             (\"Migration cut-over\"): write `[text](2026-11-12-migration-cutover.md)`"
        ),
        format!(
            "{path}:6:75: warning: `[[nothing-like-it]]` is not a link in Markdown and shows as \
             plain text, and no entry file has that name"
        ),
        format!(
            "{path}:7:1: warning: link to `/2026/11/13/team-retro/` starts at the server's root, \
             but the site lives under `/notes/` (base-url); link to the entry's `.md` file \
             instead, or write `/notes/2026/11/13/team-retro/`"
        ),
    ] {
        assert!(run.stderr.contains(&wanted), "{wanted}\n{}", run.stderr);
    }
    assert_eq!(run.stderr.matches("warning:").count(), 4, "{}", run.stderr);
}

#[test]
fn control_characters_never_reach_a_page() {
    let j = TestJournal::new();
    j.write(
        "content/2026/2026-11-02-bell.md",
        "---\ntitle: \"Bell\\a time\"\nmode: IC\nenergy: 5\ntags: [\"x\\ty\"]\n---\nPasted \u{1b}[1mbold\u{1b}[0m text\u{7}.\n",
    );
    let run = j.run(&["check"]).ok();
    assert!(
        run.stderr.contains(
            "content/2026/2026-11-02-bell.md:7:8: warning: control character U+001B is left out"
        ),
        "{}",
        run.stderr
    );
    j.run(&["build"]).ok();
    for (path, bytes) in snapshot_tree(&j.path("public")) {
        let text = String::from_utf8_lossy(&bytes);
        let bad = text
            .chars()
            .find(|c| c.is_control() && !matches!(c, '\n' | '\t' | '\r'));
        assert_eq!(bad, None, "{path}");
    }
    let page = j.read("public/2026/11/02/bell/index.html");
    assert!(page.contains("Bell time"), "the title, without the bell");
    assert!(page.contains("Pasted [1mbold[0m text."));
}

#[test]
fn command_line_values_get_ebbs_own_messages() {
    let j = TestJournal::new();
    let run = j.run(&["serve", "--bind", "my-laptop"]).fails();
    assert!(
        run.stderr.contains(
            "error: `--bind` must be an IP address (127.0.0.1, ::1, 0.0.0.0) or localhost, found `my-laptop`"
        ),
        "{}",
        run.stderr
    );
    let run = j.run(&["new", "--no-edit", "--date", "tomorrow"]).ok();
    assert_eq!(run.stdout.trim(), "content/2026/2026-12-01-tuesday.md");
}
