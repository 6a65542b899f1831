//! `ebb log`: a check-in recorded in the day's entry, made when the day has
//! none, else edited in place with every other byte kept; refusals that
//! write nothing.

use super::support::{Run, TEST_EPOCH, TestJournal, ebb, snapshot_tree};

/// The day's entry that `ebb log` makes on the test clock's day.
const MONDAY: &str = "content/2026/2026-11-30-monday.md";
/// A hand-written entry for the test clock's day.
const DAY: &str = "content/2026/2026-11-30-day.md";

/// What `ebb new --no-edit` writes on the test day, with `slots` as its
/// check-in lines and `hours` as its hours lines.
fn new_entry(mode: &str, slots: &str, hours: &str) -> String {
    format!(
        "---\ntitle: Monday\ndate: 2026-11-30\nmode: {mode}                # IC or EM\n\
         energy:                 # 1 to 10 at each check-in, or one score: `energy: 6`\n\
         {slots}{hours}tags: []\n# summary: one line for lists and feeds\n---\n\n"
    )
}

const EMPTY_HOURS: &str = "focus_hours:            # hours of focused work\nmeeting_hours:          # hours in meetings\n";

fn log(j: &TestJournal, args: &[&str]) -> Run {
    let mut all = vec!["log"];
    all.extend_from_slice(args);
    j.run(&all)
}

/// Runs `ebb log` at a given `SOURCE_DATE_EPOCH`.
fn log_at(j: &TestJournal, epoch: i64, args: &[&str]) -> Run {
    let output = ebb(j.root())
        .env("SOURCE_DATE_EPOCH", epoch.to_string())
        .arg("log")
        .args(args)
        .output()
        .expect("run ebb");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// The text of the hand-written entry `before` after `ebb log args`.
#[track_caller]
fn logged(before: &str, args: &[&str]) -> String {
    let j = TestJournal::new();
    j.write(DAY, before);
    let run = log(&j, args).ok();
    assert!(run.stdout.starts_with("logged "), "{}", run.stdout);
    assert!(run.stdout.contains(DAY), "{}", run.stdout);
    j.read(DAY)
}

/// Asserts `ebb log args` refuses with exactly `message` and writes nothing.
#[track_caller]
fn refused(j: &TestJournal, args: &[&str], message: &str) {
    let before = snapshot_tree(j.root());
    let run = log(j, args).fails();
    assert_eq!(run.stderr, format!("error: {message}\n"), "{args:?}");
    assert_eq!(run.stdout, "");
    assert_eq!(snapshot_tree(j.root()), before, "{args:?} wrote something");
}

#[test]
fn log_makes_the_days_entry_with_the_check_in_of_the_hour() {
    let j = TestJournal::new();
    // The test clock says 12:00: midday, with the default [journal] times.
    let run = log(&j, &["6"]).ok();
    assert_eq!(
        run.stdout,
        format!("logged midday 6 in {MONDAY} (a new entry)\n")
    );
    assert_eq!(
        j.read(MONDAY),
        new_entry("IC", "  morning:\n  midday: 6\n  evening:\n", EMPTY_HOURS)
    );
    let check = j.run(&["check"]).ok();
    assert!(!check.stderr.contains(": error:"), "{}", check.stderr);

    // An explicit slot, another day, the mode from the latest entry.
    let j = TestJournal::new();
    j.entry(
        "2026/2026-11-20-em.md",
        "title: EM\nmode: em\nenergy: 5",
        "",
    );
    let run = log(&j, &["evening", "5", "--date", "yesterday"]).ok();
    let sunday = "content/2026/2026-11-29-sunday.md";
    assert_eq!(
        run.stdout,
        format!("logged evening 5 in {sunday} (a new entry)\n")
    );
    assert_eq!(
        j.read(sunday),
        new_entry("EM", "  morning:\n  midday:\n  evening: 5\n", EMPTY_HOURS)
            .replace("Monday", "Sunday")
            .replace("2026-11-30", "2026-11-29")
    );
    let run = log(
        &j,
        &["MORNING", "8", "--date", "2026-11-27", "--mode", "IC"],
    )
    .ok();
    let friday = "content/2026/2026-11-27-friday.md";
    assert_eq!(
        run.stdout,
        format!("logged morning 8 and mode IC in {friday} (a new entry)\n")
    );
    assert!(j.read(friday).contains("\nmode: IC  "));
}

#[test]
fn log_all_three_check_ins_of_a_day_with_tags_notes_and_hours() {
    let j = TestJournal::new();
    let run = log(
        &j,
        &["morning", "7", "--tags", "deep-work", "--focus", "2.5"],
    )
    .ok();
    assert_eq!(
        run.stdout,
        format!("logged morning 7 and focus_hours 2.5 in {MONDAY} (a new entry)\n")
    );
    let run = log(
        &j,
        &[
            "midday",
            "4",
            "--tags",
            "incident, one-on-ones",
            "--note",
            "paged at 10",
            "--meetings",
            "3",
        ],
    )
    .ok();
    assert_eq!(
        run.stdout,
        format!("logged midday 4 and meeting_hours 3 in {MONDAY}\n")
    );
    let run = log(
        &j,
        &[
            "evening",
            "3",
            "--note",
            "tired: \"long\" day #2",
            "--mode",
            "em",
        ],
    )
    .ok();
    assert_eq!(
        run.stdout,
        format!("logged evening 3 and mode EM in {MONDAY}\n")
    );
    assert_eq!(
        j.read(MONDAY),
        new_entry(
            "EM",
            "  morning: { score: 7, tags: [deep-work] }\n  \
             midday: { score: 4, tags: [incident, one-on-ones], note: \"paged at 10\" }\n  \
             evening: { score: 3, note: \"tired: \\\"long\\\" day #2\" }\n",
            "focus_hours: 2.5        # hours of focused work\n\
             meeting_hours: 3        # hours in meetings\n"
        )
    );
    // The entry reads back as written: check-ins, their tags as the
    // entry's, the hours.
    let export = j.run(&["export", "--format", "json"]).ok();
    let data: serde_json::Value = serde_json::from_str(&export.stdout).expect("json");
    let entry = &data.as_array().map_or(&data, |a| &a[0]);
    let text = entry.to_string();
    for part in [
        "deep-work",
        "one-on-ones",
        "incident",
        "\"evening\":3",
        "2.5",
    ] {
        assert!(text.contains(part), "{part} in {text}");
    }
    assert_eq!(j.run(&["check"]).ok().error_lines(), Vec::<String>::new());
}

#[test]
fn a_hand_written_entry_changes_only_where_the_check_in_goes() {
    // Flow form: just that map changes, the other check-ins as written.
    assert_eq!(
        logged(
            "---\ntitle: Day\nenergy: { morning: 07, evening: 3 }   # flow\nmode: EM\n---\nBody\n",
            &["midday", "5", "--tags", "incident", "--note", "paged at 10"],
        ),
        "---\ntitle: Day\nenergy: { morning: 07, midday: { score: 5, tags: [incident], note: \"paged at 10\" }, evening: 3 }   # flow\nmode: EM\n---\nBody\n"
    );
    // Block form with comments everywhere, at the check-ins' indentation.
    assert_eq!(
        logged(
            "---\n# my header\ntitle: Day   # the title\nenergy:\n    # how it went\n    morning: 7   # slow start\n    evening: 3\nmode: EM\n---\nBody\n",
            &["midday", "5"],
        ),
        "---\n# my header\ntitle: Day   # the title\nenergy:\n    # how it went\n    morning: 7   # slow start\n    midday: 5\n    evening: 3\nmode: EM\n---\nBody\n"
    );
    // A comment on the slot's own line stays, at its column.
    assert_eq!(
        logged(
            "---\ntitle: Day\nenergy:\n  morning: 6\n  midday:     # lunch\nfocus_hours: 1 # old\n---\n",
            &["midday", "4", "--focus", "2.5"],
        ),
        "---\ntitle: Day\nenergy:\n  morning: 6\n  midday: 4   # lunch\nfocus_hours: 2.5 # old\n---\n"
    );
    // Check-ins in any order: after the one before it in the day.
    assert_eq!(
        logged(
            "---\ntitle: Day\nenergy:\n  evening: 3\n  morning: 7\n---\n",
            &["midday", "5"],
        ),
        "---\ntitle: Day\nenergy:\n  evening: 3\n  morning: 7\n  midday: 5\n---\n"
    );
    assert_eq!(
        logged(
            "---\ntitle: Day\nenergy: {midday: 5, morning: 7}\n---\n",
            &["evening", "2"],
        ),
        "---\ntitle: Day\nenergy: {midday: 5, morning: 7, evening: 2}\n---\n"
    );
    assert_eq!(
        logged(
            "---\ntitle: Day\nenergy: { evening: 2 }\n---\n",
            &["morning", "6"],
        ),
        "---\ntitle: Day\nenergy: { morning: 6, evening: 2 }\n---\n"
    );
    // No `energy` key: added, in block form, after the mode.
    assert_eq!(
        logged(
            "---\ntitle: Day\nmode: IC\ntags: [x]\n---\nBody\n",
            &["morning", "6", "--meetings", "1.5"],
        ),
        "---\ntitle: Day\nmode: IC\nenergy:\n  morning: 6\nmeeting_hours: 1.5\ntags: [x]\n---\nBody\n"
    );
    // `energy:` with nothing: the check-in goes below it.
    assert_eq!(
        logged(
            "---\ntitle: Day\nenergy:   # later\nmode: IC\n---\n",
            &["evening", "4"],
        ),
        "---\ntitle: Day\nenergy:   # later\n  evening: 4\nmode: IC\n---\n"
    );
    // A check-in written as a map without a score gets one; the rest stays.
    assert_eq!(
        logged(
            "---\ntitle: Day\nenergy:\n  midday:   # before lunch\n    tags: [incident]   # what\n    note: paged\n---\n",
            &["midday", "4"],
        ),
        "---\ntitle: Day\nenergy:\n  midday:   # before lunch\n    score: 4\n    tags: [incident]   # what\n    note: paged\n---\n"
    );
    assert_eq!(
        logged(
            "---\ntitle: Day\nenergy: { morning: 5, midday: { tags: [incident] } }\n---\n",
            &["midday", "4", "--note", "ok"],
        ),
        "---\ntitle: Day\nenergy: { morning: 5, midday: { score: 4, tags: [incident], note: \"ok\" } }\n---\n"
    );
}

#[test]
fn crlf_and_a_bom_stay_as_they_are() {
    let before = "\u{feff}---\r\ntitle: Day\r\nmode: IC # role\r\nenergy:\r\n  morning: 7\r\n---\r\nBody\r\n";
    assert_eq!(
        logged(before, &["evening", "3", "--mode", "EM", "--focus", "1"]).as_bytes(),
        "\u{feff}---\r\ntitle: Day\r\nmode: EM # role\r\nenergy:\r\n  morning: 7\r\n  evening: 3\r\nfocus_hours: 1\r\n---\r\nBody\r\n"
            .as_bytes()
    );
}

#[test]
fn a_recorded_check_in_is_replaced_only_with_replace() {
    let j = TestJournal::new();
    j.write(
        DAY,
        "---\ntitle: Day\nenergy:\n  morning: 7\n  midday: 5   # ok\n---\n",
    );
    refused(
        &j,
        &["midday", "4"],
        &format!(
            "the midday check-in is already recorded in {DAY}:5 (5); add --replace to replace it"
        ),
    );
    let run = log(&j, &["midday", "4", "--replace", "--tags", "incident"]).ok();
    assert_eq!(run.stdout, format!("logged midday 4 in {DAY} (it was 5)\n"));
    assert_eq!(
        j.read(DAY),
        "---\ntitle: Day\nenergy:\n  morning: 7\n  midday: { score: 4, tags: [incident] } # ok\n---\n"
    );
    // A check-in map with a score is recorded too.
    refused(
        &j,
        &["midday", "6"],
        &format!(
            "the midday check-in is already recorded in {DAY}:5 (4); add --replace to replace it"
        ),
    );
    log(&j, &["midday", "6", "--replace"]).ok();
    assert_eq!(
        j.read(DAY),
        "---\ntitle: Day\nenergy:\n  morning: 7\n  midday: { score: 6, tags: [incident] } # ok\n---\n"
    );
}

#[test]
fn refusals_are_one_line_and_write_nothing() {
    let j = TestJournal::new();
    j.write(DAY, "---\ntitle: Day\nenergy: 6   # fine\n---\n");
    refused(
        &j,
        &["evening", "4"],
        &format!(
            "{DAY}:3 has one energy score for the day (`energy: 6`), not check-ins; to log \
             check-ins, write it as one first, like `energy: {{ evening: 6 }}` for the time of \
             day it was for"
        ),
    );
    for (score, found) in [
        ("0", "0"),
        ("11", "11"),
        ("7.5", "7.5"),
        ("-1", "-1"),
        ("high", "high"),
    ] {
        refused(
            &j,
            &["morning", score],
            &format!("the score must be a whole number from 1 to 10, found `{found}`"),
        );
    }
    refused(
        &j,
        &["noon", "4"],
        "`noon` is not a check-in: use morning, midday or evening",
    );
    refused(
        &j,
        &["mornin", "4"],
        "`mornin` is not a check-in (did you mean `morning`?): use morning, midday or evening",
    );
    refused(
        &j,
        &["evening"],
        "give the evening check-in a score from 1 to 10, like `ebb log evening 6`",
    );
    refused(
        &j,
        &["4", "--set", "sleep=7.5"],
        "`--set sleep=7.5`: `sleep` is not a metric declared in book.toml (declare it under [metrics] first)",
    );
    refused(
        &j,
        &["4", "--focus", "25"],
        "`--focus` must be a number of hours from 0 to 24, like 1.5, found `25`",
    );
    refused(
        &j,
        &["4", "--meetings", "1e1"],
        "`--meetings` must be a number of hours from 0 to 24, like 1.5, found `1e1`",
    );
    refused(
        &j,
        &["4", "--mode", "CTO"],
        "`--mode` must be IC or EM, found `CTO`",
    );
    refused(
        &j,
        &["4", "--tags", "ok,!!!"],
        "tag `!!!` has no letters or digits, so it cannot have a URL",
    );
    refused(
        &j,
        &["4", "--note", "  "],
        "`--note` is empty: write the note, or leave the flag out",
    );
    refused(
        &j,
        &["4", "--date", "soon"],
        "`--date` must be today, yesterday, tomorrow, a weekday name or YYYY-MM-DD, found `soon`",
    );
    refused(
        &j,
        &["4", "--entry", "book.toml"],
        "--entry book.toml is not an entry: give a .md file in content",
    );
}

#[test]
fn several_entries_on_the_day_need_entry() {
    let j = TestJournal::new();
    j.write(
        "content/2026/a.md",
        "---\ntitle: A\ndate: 2026-11-30\nenergy: { morning: 5 }\n---\n",
    );
    j.write(
        "content/2026/2026-11-30-b.md",
        "---\ntitle: B\nenergy: { morning: 6 }\n---\n",
    );
    refused(
        &j,
        &["evening", "4"],
        "2026-11-30 has 2 entries (content/2026/2026-11-30-b.md, content/2026/a.md); \
         say which one with --entry PATH",
    );
    let run = log(&j, &["evening", "4", "--entry", "content/2026/a.md"]).ok();
    assert_eq!(run.stdout, "logged evening 4 in content/2026/a.md\n");
    assert_eq!(
        j.read("content/2026/a.md"),
        "---\ntitle: A\ndate: 2026-11-30\nenergy: { morning: 5, evening: 4 }\n---\n"
    );
    refused(
        &j,
        &[
            "evening",
            "4",
            "--entry",
            "content/2026/a.md",
            "--date",
            "yesterday",
        ],
        "content/2026/a.md is the entry of 2026-11-30, not of 2026-11-29; leave out --date to log into it",
    );
}

#[test]
fn a_private_entry_or_a_draft_stays_so() {
    let j = TestJournal::new();
    j.write(
        DAY,
        "---\ntitle: Secret\nprivate: true\ndraft: true\nenergy:\n  morning: 3\n---\nAbout someone.\n",
    );
    log(&j, &["evening", "2", "--tags", "hard-talk"]).ok();
    assert_eq!(
        j.read(DAY),
        "---\ntitle: Secret\nprivate: true\ndraft: true\nenergy:\n  morning: 3\n  evening: { score: 2, tags: [hard-talk] }\n---\nAbout someone.\n"
    );
    j.run(&["build"]).ok();
    let site = snapshot_tree(&j.path("public"));
    assert!(
        site.values()
            .all(|bytes| !String::from_utf8_lossy(bytes).contains("hard-talk")),
        "the private entry's check-in reached the site"
    );
}

#[test]
fn without_a_slot_the_time_of_day_and_journal_times_choose() {
    let j = TestJournal::new();
    j.write(
        "book.toml",
        "[book]\ntitle = \"T\"\n[journal]\nmidday-from = \"10:00\"\nevening-from = \"15:00\"\n",
    );
    let noon: i64 = TEST_EPOCH.parse().expect("epoch");
    let hour = 3600;
    for (at, slot) in [
        (noon - 2 * hour - 60, "morning"),
        (noon - 2 * hour, "midday"),
        (noon + 3 * hour - 60, "midday"),
        (noon + 3 * hour, "evening"),
    ] {
        let run = log_at(&j, at, &["5", "--replace"]).ok();
        assert!(
            run.stdout
                .starts_with(&format!("logged {slot} 5 in {MONDAY}")),
            "{at}: {}",
            run.stdout
        );
    }
    assert!(
        j.read(MONDAY)
            .contains("  morning: 5\n  midday: 5\n  evening: 5\n")
    );

    // The defaults: 11:00 and 16:00.
    let j = TestJournal::new();
    let run = log_at(&j, noon - hour - 60, &["5"]).ok();
    assert!(run.stdout.starts_with("logged morning 5"), "{}", run.stdout);
    let run = log_at(&j, noon + 4 * hour, &["5"]).ok();
    assert!(run.stdout.starts_with("logged evening 5"), "{}", run.stdout);
}

#[test]
fn an_entry_that_would_not_validate_is_left_as_it_was() {
    let j = TestJournal::new();
    j.write(
        DAY,
        "---\ntitle: Day\nmode: CTO\nenergy:\n  morning: 3\n---\n",
    );
    let before = snapshot_tree(j.root());
    let run = log(&j, &["evening", "4"]).fails();
    assert_eq!(
        run.error_lines(),
        [format!(
            "{DAY}:3:7: error: `mode` must be IC or EM, found `CTO`"
        )]
    );
    assert!(
        run.stderr.ends_with(&format!(
            "error: nothing was written: {DAY} would not be a valid entry (the errors above are in the text it would have)\n"
        )),
        "{}",
        run.stderr
    );
    assert_eq!(snapshot_tree(j.root()), before);

    // Frontmatter that cannot be read at all: its error, and nothing written.
    j.write(DAY, "---\ntitle: [Day\nenergy:\n  morning: 3\n---\n");
    let before = snapshot_tree(j.root());
    let run = log(&j, &["evening", "4"]).fails();
    assert_eq!(run.error_lines().len(), 1, "{}", run.stderr);
    assert!(
        run.error_lines()[0].starts_with(&format!("{DAY}:2:")),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.ends_with(&format!(
            "error: nothing was written: fix the errors above in {DAY} first\n"
        )),
        "{}",
        run.stderr
    );
    assert_eq!(snapshot_tree(j.root()), before);
}

#[test]
fn serve_picks_up_what_ebb_log_writes() {
    let j = TestJournal::new();
    j.entry(
        "2026/2026-11-30-day.md",
        "title: Day\nmode: IC\nenergy:\n  morning: 7",
        "A day.\n",
    );
    let served = super::served::Served::start(j.root(), &[]);
    served.wait_first_build();
    let page = "/2026/11/30/day/";
    let (status, body) = served.get(page);
    assert_eq!(status, 200);
    assert!(!String::from_utf8_lossy(&body).contains("paged at 10"));
    j.run(&[
        "log",
        "midday",
        "4",
        "--tags",
        "incident",
        "--note",
        "paged at 10",
    ])
    .ok();
    // The rename lands like any save: the page shows the new check-in.
    served.wait_until(|s| {
        let (status, body) = s.get(page);
        status == 200 && String::from_utf8_lossy(&body).contains("paged at 10")
    });
    let (_, tag) = served.get("/tags/incident/");
    assert!(String::from_utf8_lossy(&tag).contains("Day"));
    // Nothing but the entry was written: no temporary file is left to watch.
    let files: Vec<String> = snapshot_tree(&j.path("content")).into_keys().collect();
    assert_eq!(files, ["2026/2026-11-30-day.md"]);
}
