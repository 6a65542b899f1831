//! Every mistake is reported as `path:line:col: error: message`, all in one run.

use super::support::{TestJournal, fixtures};

/// Each invalid fixture and the one error line it must produce.
const CASES: &[(&str, &str)] = &[
    (
        "energy-zero",
        "content/2024-01-01-energy-zero.md:3:9: error: `energy` must be from 1 to 10, found `0`",
    ),
    (
        "energy-eleven",
        "content/2024-01-02-energy-eleven.md:3:9: error: `energy` must be from 1 to 10, found `11`",
    ),
    (
        "energy-fraction",
        "content/2024-01-03-energy-fraction.md:3:9: error: `energy` must be a whole number from 1 to 10, found `7.5`",
    ),
    (
        "energy-word",
        "content/2024-01-04-energy-word.md:3:9: error: `energy` must be from 1 to 10, found `high`",
    ),
    (
        "checkin-twelve",
        "content/2024-01-05-checkin-twelve.md:5:11: error: the midday check-in must be from 1 to 10, found `12`",
    ),
    (
        "checkin-unknown-key",
        "content/2024-01-20-checkin-unknown-key.md:5:41: error: unknown key `mood` in the midday check-in: a check-in takes score, tags and note",
    ),
    (
        "checkin-score-range",
        "content/2024-01-21-checkin-score.md:5:12: error: the morning check-in's `score` must be from 1 to 10, found `0`",
    ),
    (
        "checkin-list",
        "content/2024-01-22-checkin-list.md:4:12: error: the evening check-in must be a number from 1 to 10, or `{ score: 4, tags: [incident], note: \"paged at 10\" }`",
    ),
    (
        "mode-cto",
        "content/2024-01-06-mode-cto.md:3:7: error: `mode` must be IC or EM, found `CTO`",
    ),
    (
        "impossible-date",
        "content/leap.md:3:7: error: `2024-02-30` is not a calendar date",
    ),
    (
        "unclosed-frontmatter",
        "content/2024-01-07-unclosed.md:1:1: error: frontmatter opened here is never closed: add a `---` line after the last key",
    ),
    (
        "yaml-syntax",
        "content/2024-01-08-yaml-syntax.md:3:7: error: invalid YAML in frontmatter: this `[` is not closed; add `]` after the last item",
    ),
    (
        "tags-map",
        "content/2024-01-09-tags-map.md:4:3: error: `tags` must be a list like `[deep-work, one-on-ones]`, found a map",
    ),
    (
        "missing-title",
        "content/2024-01-10-missing-title.md:1:1: error: missing `title`: every entry needs a title",
    ),
    (
        "negative-hours",
        "content/2024-01-11-negative-hours.md:3:14: error: `focus_hours` must be between 0 and 24 hours, found `-2`",
    ),
    (
        "too-many-hours",
        "content/2024-01-12-too-many-hours.md:3:16: error: `meeting_hours` must be between 0 and 24 hours, found `25`",
    ),
    (
        "non-utf8",
        "content/2024-01-13-latin1.md:2:11: error: file is not valid UTF-8 (byte 0xE9); save it as UTF-8",
    ),
    (
        "empty-file",
        "content/2024-01-14-empty.md:1:1: error: empty file: an entry starts with a `---` line, its frontmatter, and a closing `---` line",
    ),
    (
        "duplicate-slug",
        "content/b/2024-01-15-same.md:1:1: error: `content/b/2024-01-15-same.md` has the same date (2024-01-15) and slug (`same`) as `content/a/2024-01-15-same.md`; change one slug",
    ),
    (
        "private-typo",
        "content/2024-01-16-privte.md:3:1: error: `privte` looks like `private` but is not it; write `private: true` or `private: false` (a misspelt `private` could publish what you meant to keep back)",
    ),
    (
        "private-not-bool",
        "content/2024-01-17-private-yes.md:3:10: error: `private` must be true or false, found `yes`",
    ),
    (
        "empty-tag",
        "content/2024-01-18-empty-tag.md:3:12: error: tag `!!!` has no letters or digits, so it cannot have a URL",
    ),
    (
        "no-date",
        "content/undated.md:1:1: error: missing `date`: add `date: YYYY-MM-DD`, or start the file name with the date",
    ),
    (
        "crlf-bom",
        "content/2024-01-19-crlf.md:3:9: error: `energy` must be from 1 to 10, found `0`",
    ),
];

#[test]
fn each_rule_has_its_own_fixture_and_exact_position() {
    for (fixture, expected) in CASES {
        let j = TestJournal::fixture(&format!("invalid/{fixture}"));
        let run = j.run(&["build"]).fails();
        assert_eq!(run.error_lines(), [*expected], "fixture {fixture}");
        assert!(!j.path("public").exists(), "{fixture}: nothing written");
    }
}

#[test]
fn every_error_of_the_journal_is_reported_in_one_run() {
    let j = TestJournal::new();
    for (fixture, _) in CASES {
        super::support::copy_tree(&fixtures().join("invalid").join(fixture), j.root());
    }
    j.entry("2024/2024-02-01-fine.md", "title: Fine\nenergy: 5", "");
    let run = j.run(&["build"]).fails();
    let mut expected: Vec<&str> = CASES.iter().map(|(_, e)| *e).collect();
    expected.sort();
    let mut got = run.error_lines();
    got.sort();
    assert_eq!(got, expected);
    assert!(
        run.stderr
            .contains(&format!("build failed with {} errors", CASES.len()))
    );
    // The offending line is shown with a caret under the column.
    assert!(
        run.stderr.contains("3 | energy: 11\n  |         ^"),
        "{}",
        run.stderr
    );

    // `check` sees the same errors, and exits 1 too.
    let check = j.run(&["check"]).fails();
    let mut got = check.error_lines();
    got.sort();
    assert_eq!(got, expected);
}

#[test]
fn config_errors_name_the_key_and_a_suggestion() {
    let j = TestJournal::new();
    j.write(
        "book.toml",
        "[book]\ntitle = \"T\"\n\n[site]\nbase_url = \"https://x.example/\"\npage-size = \"ten\"\n",
    );
    let run = j.run(&["build"]).fails();
    assert_eq!(
        run.error_lines(),
        [
            "book.toml:5:1: error: unknown key `base_url` in [site]; did you mean `base-url`?",
            "book.toml:6:13: error: `page-size` in [site] must be a whole number of at least 1",
        ]
    );
}

#[test]
fn check_json_lists_diagnostics_for_editors() {
    let j = TestJournal::fixture("invalid/energy-eleven");
    j.entry("2024-02-02-typo.md", "title: T\nmode: IC\nenrgy: 5", "");
    let run = j.run(&["check", "--format", "json"]).fails();
    let list: serde_json::Value = serde_json::from_str(&run.stdout).expect("json");
    let items = list.as_array().expect("array");
    assert!(items.iter().any(|d| d["severity"] == "error"
        && d["line"] == 3
        && d["column"] == 9
        && d["path"] == "content/2024-01-02-energy-eleven.md"));
    assert!(items.iter().any(|d| {
        d["severity"] == "warning"
            && d["message"]
                .as_str()
                .unwrap_or("")
                .contains("did you mean `energy`")
    }));
}

#[test]
fn no_panic_on_hostile_input() {
    let j = TestJournal::new();
    let cases: &[&[u8]] = &[
        b"---\n---\n",
        b"---\n- a\n- b\n---\n",
        b"---\ntitle: [\n---\n",
        b"---\ntitle: &a x\nsummary: *a\n---\n",
        b"---\ntitle: T\ntags: [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[x]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]\n---\n",
        b"---\ntitle: T\ndate: 9999-12-31T23:59:59+14:00\n---\n",
        b"---\ntitle: T\ndate: 0000-01-01\n---\n",
        b"---\ntitle: <script>alert(1)</script>\ndate: 2024-05-05\n---\n",
        b"\xff\xfe\x00\x00",
        b"---\ntitle: T\nenergy: {morning: , midday: , evening: }\ndate: 2024-05-06\n---\n",
        b"---\r\ntitle: T\r\ndate: 2024-05-07\r\n---",
    ];
    for (i, bytes) in cases.iter().enumerate() {
        j.write(&format!("content/case-{i}.md"), bytes);
    }
    let run = j.run(&["build"]);
    assert!(run.code == 0 || run.code == 1, "no crash: {}", run.stderr);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
}

#[test]
fn check_warns_about_links_to_missing_entries_and_tags() {
    let j = TestJournal::new();
    j.entry(
        "2024-01-01-a.md",
        "title: A\nmode: IC\nenergy: 5\ntags: [real]",
        "See [b](2024-01-02-b.md), [real](/tags/real/) and [ghost](/tags/ghost/).\n",
    );
    let run = j.run(&["check"]).ok();
    assert!(
        run.stderr.contains(
            "content/2024-01-01-a.md:7:5: warning: link to `2024-01-02-b.md` leads nowhere"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("content/2024-01-01-a.md:7:51: warning: link to tag `ghost` leads nowhere"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("tag `real`"));
}
