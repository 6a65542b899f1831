//! Metrics declared in book.toml, on `tests/fixtures/metrics` (public days only):
//!
//! | day        | entries                               | energy | mode  | sleep (h)         | one-on-ones       |
//! |------------|---------------------------------------|--------|-------|-------------------|-------------------|
//! | 2025-03-03 | IC                                    | 4      | IC    | 6                 | 0                 |
//! | 2025-03-04 | EM                                    | 6      | EM    | 7                 | 3                 |
//! | 2025-03-05 | IC (8, sleep 8, 1) + EM (6, 7, 2)     | 7      | mixed | (8 + 7) / 2 = 7.5 | (1 + 2) / 2 = 1.5 |
//! | 2025-03-06 | IC                                    | 5      | IC    | –                 | 0                 |
//! | 2025-03-10 | EM                                    | 3      | EM    | 5                 | 4                 |
//! | 2025-03-11 | EM (7, sleep 8) + EM (5, 6, 2)        | 6      | EM    | (8 + 6) / 2 = 7   | 2 (one records it)|
//! | 2025-03-12 | IC                                    | 9      | IC    | 8                 | 0                 |
//!
//! A private entry (2025-03-13: sleep 11, one-on-ones 9, energy 1) would
//! change every figure below if it leaked.
//!
//! DESIGN.md: "A metric's day value is the mean over the day's entries", and
//! on /trends/ "weekly means over time, the mean per mode, and its Pearson
//! correlation with day energy (with n; shown from n ≥ 5)".

use ebb::content::Visibility;
use ebb::index::Index;
use ebb::index::metrics::figures;
use ebb::site::Site;

use super::support::TestJournal;

fn close(a: Option<f64>, b: f64) -> bool {
    a.is_some_and(|a| (a - b).abs() < 1e-6)
}

fn site(j: &TestJournal, visibility: Visibility) -> Site {
    let config = ebb::config::Config::load(j.root()).expect("book.toml");
    Site::load(config, visibility)
}

#[test]
fn metric_figures_by_hand() {
    let j = TestJournal::fixture("metrics");
    let site = site(&j, Visibility::default());
    let index = Index::new(site.entries());
    let sleep = figures(&index.days, &index.weeks, "sleep");
    // Weekly means of day values: W10 (6 + 7 + 7.5) / 3 = 6.833333 (the mean
    // of the entries, (6 + 7 + 8 + 7) / 4 = 7, would be wrong); W11
    // (5 + 7 + 8) / 3 = 6.666667 (entries: 6.75).
    let weekly: Vec<(f64, usize)> = sleep.weekly.iter().map(|w| (w.mean, w.days)).collect();
    assert_eq!(weekly.len(), 2);
    assert!(close(Some(weekly[0].0), 20.5 / 3.0) && weekly[0].1 == 3);
    assert!(close(Some(weekly[1].0), 20.0 / 3.0) && weekly[1].1 == 3);
    // Overall (6 + 7 + 7.5 + 5 + 7 + 8) / 6 = 6.75.
    assert!(close(sleep.mean, 6.75));
    assert_eq!(sleep.days, 6);
    // IC: 3 Mar (6) and 12 Mar (8) → 7 over 2 (6 Mar has none); EM: 7, 5, 7
    // → 6.333333 over 3; the mixed 5 Mar is left out of both.
    assert!(close(sleep.modes[0].0, 7.0) && sleep.modes[0].1 == 2);
    assert!(close(sleep.modes[1].0, 19.0 / 3.0) && sleep.modes[1].1 == 3);
    // Pearson over (sleep, energy): (6,4) (7,6) (7.5,7) (5,3) (7,6) (8,9).
    // Means 6.75 and 35/6; Σdxdy = 11.25, Σdx² = 5.875, Σdy² = 137/6;
    // r = 11.25 / √(5.875 · 137/6) = 0.971324; n = 6, so it is shown.
    assert_eq!(sleep.correlation.n, 6);
    assert!(close(sleep.correlation.shown(), 0.971_323_573));

    let talks = figures(&index.days, &index.weeks, "one_on_ones");
    // W10: (0 + 3 + 1.5 + 0) / 4 = 1.125; W11: (4 + 2 + 0) / 3 = 2.
    let weekly: Vec<f64> = talks.weekly.iter().map(|w| w.mean).collect();
    assert!(close(Some(weekly[0]), 1.125) && close(Some(weekly[1]), 2.0));
    // IC: 0, 0, 0; EM: 3, 4, 2 → 3.
    assert_eq!(talks.modes, [(Some(0.0), 3), (Some(3.0), 3)]);
    // Pairs (0,4) (3,6) (1.5,7) (0,5) (4,3) (2,6) (0,9): means 1.5 and 40/7;
    // Σdxdy = −7.5, Σdx² = 15.5, Σdy² = 164/7; r = −7.5 / √(15.5 · 164/7)
    // = −0.393570; n = 7.
    assert_eq!(talks.correlation.n, 7);
    assert!(close(talks.correlation.shown(), -0.393_570_474));
}

#[test]
fn metrics_reach_every_page_that_shows_them() {
    let j = TestJournal::fixture("metrics");
    j.run(&["build", "-q"]).ok();
    let entry = j.read("public/2025/03/05/b-team/index.html");
    assert!(entry.contains("<dt>Sleep</dt>"), "{entry}");
    assert!(entry.contains("<b>7 h</b>"), "{entry}");
    assert!(entry.contains("<dt>One-on-ones</dt>"));
    // The week's mean of its day values.
    let week = j.read("public/weeks/2025-W10/index.html");
    assert!(week.contains("6.8 h"), "{week}");
    assert!(week.contains("mean of 3 days"), "{week}");
    let trends = j.read("public/trends/index.html");
    assert!(trends.contains(r##"<a href="#your-metrics">Your metrics</a>"##));
    assert!(trends.contains("Sleep: 6.8 h on average over 6 days, in 2 weeks."));
    assert!(trends.contains("7 h over 2 IC days, 6.3 h over 3 EM days."));
    assert!(trends.contains(
        "With day energy: r = 0.97 over 6 days: strong, higher on days with more energy."
    ));
    assert!(trends.contains("r = −0.39 over 7 days: moderate, lower on days with more energy."));
    assert!(
        trends.contains("<title>2025-W10: 6.8 h over 3 days</title>"),
        "{trends}"
    );
    let figures: serde_json::Value =
        serde_json::from_str(&j.read("public/data/figures.json")).expect("json");
    let sleep = &figures["metrics"][0];
    assert_eq!(sleep["key"], "sleep");
    assert!(close(sleep["weeks"][1]["mean"].as_f64(), 20.0 / 3.0));
    assert!(close(sleep["correlation"]["r"].as_f64(), 0.971_323_573));
    assert_eq!(sleep["correlation"]["n"], 6);
    assert_eq!(sleep["modes"][1]["days"], 3);
    let entries: serde_json::Value =
        serde_json::from_str(&j.read("public/data/entries.json")).expect("json");
    assert_eq!(entries[0]["metrics"]["sleep"], 6.0);
}

#[test]
fn too_few_days_for_a_correlation_say_so() {
    let j = TestJournal::fixture("metrics");
    for name in [
        "2025-03-10-offsite",
        "2025-03-11-a-morning",
        "2025-03-11-b-afternoon",
    ] {
        std::fs::remove_file(j.path(&format!("content/{name}.md"))).expect("remove");
    }
    j.run(&["build", "-q"]).ok();
    let trends = j.read("public/trends/index.html");
    // Sleep is left on 3, 4, 5 and 12 March: 4 days.
    assert!(
        trends.contains("With day energy: too few days to say (4 with both, 5 needed)."),
        "{trends}"
    );
    let figures: serde_json::Value =
        serde_json::from_str(&j.read("public/data/figures.json")).expect("json");
    assert_eq!(
        figures["metrics"][0]["correlation"]["r"],
        serde_json::Value::Null
    );
    assert_eq!(figures["metrics"][0]["correlation"]["n"], 4);
}

#[test]
fn a_private_entrys_metrics_leave_no_trace() {
    let j = TestJournal::fixture("metrics");
    j.run(&["build", "-q"]).ok();
    let figures = j.read("public/data/figures.json");
    let entries = j.read("public/data/entries.json");
    // With the private day, W11's sleep would be (5 + 7 + 8 + 11) / 4 = 7.75.
    assert!(!figures.contains("7.75"), "{figures}");
    assert!(!entries.contains("Secret") && !entries.contains("\"sleep\": 11"));
    let week = j.read("public/weeks/2025-W11/index.html");
    assert!(week.contains("6.7 h") && !week.contains("7.8 h"), "{week}");
    let csv = j.run(&["export", "--format", "csv"]).ok().stdout;
    assert!(!csv.contains(",11,9"), "{csv}");
    // It is there with --include-private, so the test can see it.
    let all = j
        .run(&["export", "--format", "csv", "--include-private"])
        .ok()
        .stdout;
    assert!(all.contains(",11,9"), "{all}");
    let private = site(
        &j,
        Visibility {
            drafts: false,
            private: true,
        },
    );
    let index = Index::new(private.entries());
    let sleep = figures_of(&index, "sleep");
    assert!(close(sleep, 7.75));
}

fn figures_of(index: &Index<'_>, key: &str) -> Option<f64> {
    figures(&index.days, &index.weeks, key)
        .weekly
        .last()
        .map(|w| w.mean)
}

#[test]
fn export_schema_and_stats_know_the_metrics() {
    let j = TestJournal::fixture("metrics");
    let csv = j.run(&["export", "--format", "csv"]).ok().stdout;
    let header = csv.lines().next().unwrap_or_default();
    assert!(
        header.ends_with(",evening_note,sleep,one_on_ones"),
        "{header}"
    );
    // 6 Mar records no sleep: an empty field.
    assert!(
        csv.contains("Quiet,IC,5,,,,,,,false,false,,,,,,,,0\r\n"),
        "{csv}"
    );
    let json = j.run(&["export", "--format", "json"]).ok().stdout;
    assert!(json.contains("\"one_on_ones\": 3.0"), "{json}");

    let schema: serde_json::Value =
        serde_json::from_str(&j.run(&["schema"]).ok().stdout).expect("json");
    let sleep = &schema["properties"]["sleep"];
    assert_eq!(sleep["maximum"], 12.0);
    assert_eq!(schema["properties"]["one_on_ones"]["type"][0], "integer");
    // Outside a journal: the built-in schema.
    let outside = tempfile::tempdir().expect("temp");
    let plain: serde_json::Value =
        serde_json::from_str(&j.run_in(outside.path(), &["schema"]).ok().stdout).expect("json");
    assert!(plain["properties"].get("sleep").is_none());

    let stats = j.run(&["stats"]).ok().stdout;
    assert!(
        stats.contains("Sleep           mean 6.8 h over 6 days; IC 7 h (2), EM 6.3 h (3); r = 0.97 with energy (n = 6)"),
        "{stats}"
    );
}

#[test]
fn bad_declarations_and_values_are_reported_where_they_are() {
    let j = TestJournal::fixture("metrics");
    j.write(
        "book.toml",
        "[book]\ntitle = \"M\"\n[metrics.sleep]\nmin = 0\nmax = 12\nunits = \"h\"\n[metrics.tags]\nmin = 0\nmax = 1\n",
    );
    let run = j.run(&["check"]).fails();
    assert_eq!(
        run.error_lines(),
        [
            "book.toml:6:1: error: unknown key `units` in [metrics.sleep]; did you mean `unit`?",
            "book.toml:7:10: error: `tags` cannot be a metric: `tags` is a frontmatter key of ebb's; choose another name",
        ]
    );
    let j = TestJournal::fixture("metrics");
    j.entry(
        "2025-03-14-bad.md",
        "title: Bad\nmode: IC\nenergy: 5\nsleep: 14\none_on_ones: 1.5\nslep: 7",
        "",
    );
    j.entry("2025-03-15-worse.md", "title: Worse\nsleep: lots", "");
    let run = j.run(&["check"]).fails();
    assert_eq!(
        run.error_lines(),
        [
            "content/2025-03-14-bad.md:5:8: error: `sleep` must be a number from 0 to 12, found `14`",
            "content/2025-03-14-bad.md:6:14: error: `one_on_ones` must be a whole number, found `1.5`",
            "content/2025-03-15-worse.md:3:8: error: `sleep` must be a number from 0 to 12, found `lots`",
        ]
    );
    assert!(
        run.stderr.contains(
            "content/2025-03-14-bad.md:7:1: warning: unknown key `slep`: did you mean `sleep`?"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn log_sets_a_metric_in_place() {
    let j = TestJournal::fixture("metrics");
    let before = j.read("content/2025-03-06-quiet.md");
    j.run(&[
        "log",
        "evening",
        "6",
        "--date",
        "2025-03-07",
        "--set",
        "sleep=7.5",
    ])
    .ok();
    let made = j.read("content/2025/2025-03-07-friday.md");
    assert!(made.contains("\nsleep: 7.5\n"), "{made}");
    // Into an entry with a score: refused; into one without: only the new line.
    j.write(
        "content/2025-03-06-quiet.md",
        "---\ntitle: Quiet\nmode: IC   # a comment\nenergy:\n  morning: 5\none_on_ones: 0\n---\nNo sleep noted.\n",
    );
    j.run(&[
        "log",
        "evening",
        "4",
        "--date",
        "2025-03-06",
        "--set",
        "sleep=6",
        "--set",
        "one_on_ones=2",
    ])
    .ok();
    assert_eq!(
        j.read("content/2025-03-06-quiet.md"),
        "---\ntitle: Quiet\nmode: IC   # a comment\nenergy:\n  morning: 5\n  evening: 4\nsleep: 6\none_on_ones: 2\n---\nNo sleep noted.\n"
    );
    let refused = |set: &str| {
        let args = ["log", "midday", "4", "--date", "2025-03-06", "--set", set];
        j.run(&args).fails().stderr
    };
    let stderr = refused("one_on_ones=2.5");
    assert!(
        stderr.contains("`one_on_ones` must be a whole number from 0 to 10, found `2.5`"),
        "{stderr}"
    );
    let stderr = refused("slep=6");
    assert!(stderr.contains("(did you mean `sleep`?)"), "{stderr}");
    assert!(!before.is_empty());
}

/// `ebb new` writes a line for every declared metric, filled in by `--set`
/// and left to fill in otherwise; `ebb log --set` fills the empty line in place.
#[test]
fn new_writes_every_metric_and_log_fills_one_in() {
    let j = TestJournal::fixture("metrics");
    let run = j
        .run(&["new", "A test", "--set", "sleep=7", "--no-edit"])
        .ok();
    let rel = run.stdout.trim().to_owned();
    let text = j.read(&rel);
    assert!(text.contains("\nsleep: 7\n"), "{text}");
    assert!(
        text.contains("\none_on_ones:            # One-on-ones, a whole number from 0 to 10\n"),
        "{text}"
    );
    // A value outside the bounds is refused before anything is written.
    let bad = j
        .run(&[
            "new",
            "Other",
            "--date",
            "2026-11-29",
            "--set",
            "sleep=13",
            "--no-edit",
        ])
        .fails();
    assert!(bad.stderr.contains("`sleep` must be"), "{}", bad.stderr);
    assert!(!j.path("content/2026/2026-11-29-other.md").exists());

    j.run(&[
        "log",
        "evening",
        "6",
        "--set",
        "one_on_ones=2",
        "--entry",
        &rel,
    ])
    .ok();
    let text = j.read(&rel);
    assert!(
        text.contains("\none_on_ones: 2          # One-on-ones, a whole number from 0 to 10\n"),
        "{text}"
    );
    assert_eq!(text.matches("one_on_ones:").count(), 1, "{text}");
}
