//! The writing commands: `ebb init`, `ebb new`, `ebb schema`, and the
//! warnings `ebb check` gives while writing.

use chrono::{Datelike, Duration, NaiveDate};

use super::support::{Run, TEST_EPOCH, TEST_TODAY, TestJournal, ebb, snapshot_tree};

/// Runs `f` and returns what it gave with the day "today" is for ebb: the
/// tests fix its clock (`SOURCE_DATE_EPOCH`, `TZ=UTC`).
fn today_around<T>(f: impl FnOnce() -> T) -> (T, Vec<NaiveDate>) {
    let today = NaiveDate::parse_from_str(TEST_TODAY, "%Y-%m-%d").expect("date");
    (f(), vec![today])
}

/// The path `ebb new` prints for a slug on `date`.
fn entry_path(date: NaiveDate, slug: &str) -> String {
    format!("content/{}/{date}-{slug}.md", date.year())
}

/// The `(severity, message)` of each diagnostic of `ebb check --format json`.
fn check_json(run: &Run) -> Vec<(String, String)> {
    let list: serde_json::Value = serde_json::from_str(&run.stdout).expect("json");
    list.as_array()
        .expect("array")
        .iter()
        .map(|d| {
            let s = |k: &str| d[k].as_str().unwrap_or_default().to_owned();
            (s("severity"), s("message"))
        })
        .collect()
}

#[test]
fn init_makes_a_journal_that_checks_clean_and_builds() {
    let j = TestJournal::new();
    let dir = j.path("my-journal");
    std::fs::create_dir(&dir).expect("mkdir");
    let (run, days) = today_around(|| j.run_in(&dir, &["init"]).ok());
    let welcome = days
        .iter()
        .map(|d| format!("my-journal/{}", entry_path(*d, "welcome")))
        .find(|p| j.path(p).is_file())
        .expect("a welcome entry dated today");
    assert!(run.stderr.contains("created book.toml"), "{}", run.stderr);
    assert!(run.stderr.contains("ebb new"), "next steps: {}", run.stderr);
    assert!(
        j.read("my-journal/book.toml")
            .contains("title = \"My journal\"")
    );
    assert_eq!(
        j.read("my-journal/.gitignore"),
        "public/\npublic-private/\n.ebb-cache/\n"
    );
    assert!(j.read(&welcome).contains("ebb check"));

    let check = j.run_in(&dir, &["check", "--format", "json"]).ok();
    assert_eq!(check_json(&check), [], "the welcome entry has no problem");
    j.run_in(&dir, &["build"]).ok();
    assert!(dir.join("public/index.html").is_file());
}

#[test]
fn init_takes_a_folder_literally_and_a_title() {
    let j = TestJournal::new();
    let run = j
        .run(&["init", "notes/2024", "--title", "Field \"notes\""])
        .ok();
    assert!(run.stderr.contains("cd notes/2024"), "{}", run.stderr);
    let book: toml::Table = toml::from_str(&j.read("notes/2024/book.toml")).expect("toml");
    assert_eq!(book["book"]["title"].as_str(), Some("Field \"notes\""));
    j.run_in(&j.path("notes/2024"), &["build"]).ok();
}

#[test]
fn init_refuses_an_existing_journal_and_writes_nothing() {
    let j = TestJournal::new();
    let before = snapshot_tree(j.root());
    let run = j.run(&["init"]).fails();
    assert!(
        run.stderr.contains("already has a book.toml"),
        "{}",
        run.stderr
    );
    assert_eq!(snapshot_tree(j.root()), before);
}

#[test]
fn init_keeps_files_that_exist() {
    let j = TestJournal::new();
    j.write("mine/.gitignore", "target/\n").write(
        "mine/content/old.md",
        "---\ntitle: Old\ndate: 2020-01-01\n---\n",
    );
    let run = j.run(&["init", "mine"]).ok();
    assert!(
        run.stderr.contains("kept mine/.gitignore as it was"),
        "{}",
        run.stderr
    );
    assert_eq!(j.read("mine/.gitignore"), "target/\n");
    assert_eq!(
        j.read("mine/content/old.md"),
        "---\ntitle: Old\ndate: 2020-01-01\n---\n"
    );
}

/// A journal whose latest entry was an EM day.
fn with_history() -> TestJournal {
    let j = TestJournal::new();
    j.entry(
        "2020/2020-01-01-ic.md",
        "title: IC\nmode: IC\nenergy: 5",
        "",
    )
    .entry(
        "2020/2020-01-02-em.md",
        "title: EM\nmode: EM\nenergy: 5",
        "",
    )
    .entry("2020/2020-01-03-none.md", "title: None\nenergy: 5", "");
    j
}

#[test]
fn new_writes_todays_entry_with_every_field() {
    let j = with_history();
    let args = [
        "new",
        "Delegating the migration",
        "--no-edit",
        "--tags",
        "delegation, one-on-ones",
    ];
    let (run, days) = today_around(|| j.run(&args).ok());
    let path = run.stdout.trim();
    assert!(
        days.iter()
            .any(|d| path == entry_path(*d, "delegating-the-migration")),
        "{path}"
    );
    let text = j.read(path);
    let day = &path[13..23];
    assert_eq!(
        text,
        format!(
            "---\ntitle: Delegating the migration\ndate: {day}\nmode: EM                # IC or EM\n\
             energy:                 # 1 to 10 at each check-in, or one score: `energy: 6`\n  \
             morning:\n  midday:\n  evening:\n\
             focus_hours:            # hours of focused work\n\
             meeting_hours:          # hours in meetings\n\
             tags: [delegation, one-on-ones]\n\
             # summary: one line for lists and feeds\n---\n\n"
        )
    );
}

#[test]
fn new_takes_a_score_a_mode_and_writes_ic_when_nothing_says_otherwise() {
    let j = TestJournal::new();
    let run = j.run(&[
        "new",
        "Calm",
        "--date",
        "2024-03-14",
        "--energy",
        "7",
        "--no-edit",
    ]);
    let text = j.read(run.ok().stdout.trim());
    assert!(text.contains("\nmode: IC "), "{text}");
    assert!(text.contains("\nenergy: 7\n"), "{text}");
    let run = j.run(&[
        "new",
        "Busy",
        "--date",
        "2024-03-14",
        "--mode",
        "em",
        "--no-edit",
    ]);
    assert!(j.read(run.ok().stdout.trim()).contains("\nmode: EM "));
}

#[test]
fn new_understands_day_names() {
    let j = TestJournal::new();
    let (run, days) = today_around(|| j.run(&["new", "--date", "yesterday", "--no-edit"]).ok());
    let yesterday: Vec<String> = days
        .iter()
        .map(|d| {
            let y = *d - Duration::days(1);
            entry_path(y, &y.format("%A").to_string().to_lowercase())
        })
        .collect();
    assert!(
        yesterday.contains(&run.stdout.trim().to_owned()),
        "{}",
        run.stdout
    );

    let run = j.run(&["new", "--date", "2024-02-29", "--no-edit"]).ok();
    assert_eq!(run.stdout.trim(), "content/2024/2024-02-29-thursday.md");
    assert!(
        j.read("content/2024/2024-02-29-thursday.md")
            .contains("title: Thursday\n")
    );

    let (run, days) = today_around(|| {
        j.run(&["new", "Review", "--date", "Monday", "--no-edit"])
            .ok()
    });
    let mondays: Vec<String> = days
        .iter()
        .map(|d| {
            let back = d.weekday().num_days_from_monday();
            entry_path(*d - Duration::days(i64::from(back)), "review")
        })
        .collect();
    assert!(
        mondays.contains(&run.stdout.trim().to_owned()),
        "{}",
        run.stdout
    );

    let run = j.run(&["new", "--date", "2023-02-29", "--no-edit"]).fails();
    assert!(run.stderr.contains("`2023-02-29` is not a calendar date"));
}

#[test]
fn new_never_overwrites_it_opens_the_days_entry() {
    let j = TestJournal::new();
    let args = ["new", "Same", "--date", "2024-03-14", "--no-edit"];
    j.run(&args).ok();
    let path = "content/2024/2024-03-14-same.md";
    j.write(path, "my words\n");
    let before = snapshot_tree(j.root());
    let run = j.run(&args).ok();
    assert_eq!(run.stdout, format!("{path}\n"));
    assert_eq!(snapshot_tree(j.root()), before);

    // Another file with the same date and slug is the same entry.
    let j = TestJournal::new();
    j.entry("2024-03-14-same.md", "title: Same", "");
    let before = snapshot_tree(j.root());
    let run = j.run(&args).ok();
    assert_eq!(run.stdout, "content/2024-03-14-same.md\n");
    assert_eq!(snapshot_tree(j.root()), before);

    // Another title on that day is another entry.
    let run = j.run(&["new", "Other", "--date", "2024-03-14", "--no-edit"]);
    assert_eq!(run.ok().stdout, "content/2024/2024-03-14-other.md\n");
}

#[test]
fn new_without_a_title_opens_the_days_entry_in_the_editor() {
    let j = TestJournal::new();
    j.entry(
        "2026/2026-11-30-planning.md",
        "title: Planning\nenergy: 5",
        "",
    );
    let before = snapshot_tree(j.root());
    let run = j.run(&["new", "--no-edit", "--energy", "3"]).ok();
    assert_eq!(run.stdout, "content/2026/2026-11-30-planning.md\n");
    assert!(
        run.stderr
            .contains("the entry exists, so --energy changed nothing in it"),
        "{}",
        run.stderr
    );
    assert_eq!(snapshot_tree(j.root()), before);

    // It is opened like a new entry: `script` gives ebb a terminal, so the
    // editor runs, on the existing file.
    let editor = j.path("fake-editor.sh");
    std::fs::write(&editor, "#!/bin/sh\necho EDITED >> \"$1\"\n").expect("write");
    let chmod = std::process::Command::new("chmod")
        .arg("+x")
        .arg(&editor)
        .status();
    assert!(chmod.expect("chmod").success());
    let in_terminal = std::process::Command::new("script")
        .current_dir(j.root())
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", j.root())
        .env("TZ", "UTC")
        .env("SOURCE_DATE_EPOCH", TEST_EPOCH)
        .env("EDITOR", &editor)
        .args([
            "-qec",
            &format!("{} new", env!("CARGO_BIN_EXE_ebb")),
            "/dev/null",
        ])
        .stdin(std::process::Stdio::null())
        .output();
    // Without `script` (not every system has it) this part is skipped.
    if let Ok(output) = in_terminal {
        assert!(output.status.success(), "{output:?}");
        assert_eq!(
            j.read("content/2026/2026-11-30-planning.md"),
            "---\ntitle: Planning\nenergy: 5\n---\nEDITED\n"
        );
    }

    // Two entries on the day and no title: which one is unclear.
    j.entry("2026/2026-11-30-other.md", "title: Other\nenergy: 5", "");
    let run = j.run(&["new", "--no-edit"]).fails();
    assert!(
        run.stderr.contains(
            "2026-11-30 has 2 entries (content/2026/2026-11-30-other.md, \
             content/2026/2026-11-30-planning.md); open one of them, or give a title"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn new_refuses_bad_flags_and_writes_nothing() {
    let j = TestJournal::new();
    let before = snapshot_tree(j.root());
    for (args, message) in [
        (
            &["new", "--energy", "11", "--no-edit"][..],
            "error: `--energy` must be a whole number from 1 to 10, found `11`",
        ),
        (
            &["new", "--energy", "7.5", "--no-edit"][..],
            "error: `--energy` must be a whole number from 1 to 10, found `7.5`",
        ),
        (
            &["new", "--date", "2026/11/05", "--no-edit"][..],
            "error: `--date` must be today, yesterday, tomorrow, a weekday name or YYYY-MM-DD, \
             found `2026/11/05` (write 2026-11-05)",
        ),
        (
            &["new", "--mode", "CTO", "--no-edit"][..],
            "`--mode` must be IC or EM, found `CTO`",
        ),
        (
            &["new", "--tags", "ok,!!!", "--no-edit"][..],
            "tag `!!!` has no letters or digits",
        ),
        (
            &["new", "!!!", "--no-edit"][..],
            "cannot make a file name from the title",
        ),
        (&["new", "--date", "soon", "--no-edit"][..], "found `soon`"),
    ] {
        let run = j.run(args).fails();
        assert!(run.stderr.contains(message), "{args:?}: {}", run.stderr);
    }
    assert_eq!(snapshot_tree(j.root()), before);

    let outside = tempfile::tempdir().expect("temp dir");
    let run = j.run_in(outside.path(), &["new", "--no-edit"]).fails();
    assert!(run.stderr.contains("run `ebb init`"), "{}", run.stderr);
}

#[test]
fn check_takes_a_new_entry_with_empty_check_ins_as_warnings_only() {
    let j = TestJournal::new();
    j.run(&["new", "--no-edit"]).ok();
    let found = check_json(&j.run(&["check", "--format", "json"]).ok());
    assert_eq!(found.len(), 3, "{found:?}");
    for (severity, message) in found {
        assert_eq!(severity, "warning");
        assert!(
            message.ends_with("check-in is empty (not recorded)"),
            "{message}"
        );
    }
    j.run(&["check"]).ok();
    j.run(&["build"]).ok();
}

#[test]
fn the_editor_is_not_opened_without_a_terminal() {
    let j = TestJournal::new();
    let editor = j.path("fake-editor.sh");
    std::fs::write(&editor, "#!/bin/sh\necho EDITED >> \"$1\"\n").expect("write");
    let chmod = std::process::Command::new("chmod")
        .arg("+x")
        .arg(&editor)
        .status();
    assert!(chmod.expect("chmod").success());
    // The fake editor works: run by hand, it leaves its marker.
    j.write("probe.txt", "");
    let probe = std::process::Command::new(&editor)
        .arg(j.path("probe.txt"))
        .status();
    assert!(probe.expect("run the fake editor").success());
    assert_eq!(j.read("probe.txt"), "EDITED\n");

    let output = ebb(j.root())
        .env("EDITOR", &editor)
        .env("VISUAL", &editor)
        .args(["new", "Quiet", "--date", "2024-03-14"])
        .output()
        .expect("run ebb");
    assert!(output.status.success(), "{output:?}");
    let text = j.read("content/2024/2024-03-14-quiet.md");
    assert!(!text.contains("EDITED"), "no terminal, no editor: {text}");
}

#[test]
fn schema_is_json_with_the_energy_shapes() {
    let j = TestJournal::new();
    let run = j.run(&["schema"]).ok();
    let schema: serde_json::Value = serde_json::from_str(&run.stdout).expect("json");
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    let energy = &schema["properties"]["energy"]["oneOf"];
    assert_eq!(energy[0]["maximum"], 10);
    assert_eq!(energy[1]["additionalProperties"], false);
    assert_eq!(schema["required"], serde_json::json!(["title"]));
}

#[test]
fn check_warns_about_near_duplicate_tags() {
    let j = TestJournal::new();
    j.entry("2024-01-01-a.md", "title: A\ntags: [one-on-ones]", "")
        .entry(
            "2024-01-02-b.md",
            "title: B\ntags: [one-on-ones, hiring]",
            "",
        )
        .entry(
            "2024-01-03-c.md",
            "title: C\ntags: [hiring, one-on-one]",
            "",
        );
    let run = j.run(&["check"]).ok();
    let warning = "content/2024-01-03-c.md:3:16: warning: tag `one-on-one` looks like \
                   `one-on-ones` (used 2 times); use one spelling";
    assert!(run.stderr.contains(warning), "{}", run.stderr);
    let caret = format!("3 | tags: [hiring, one-on-one]\n  | {}^", " ".repeat(15));
    assert!(run.stderr.contains(&caret), "{}", run.stderr);
    // A few warnings are shown by `build` as they are.
    let run = j.run(&["build"]).ok();
    assert!(run.stderr.contains(warning), "{}", run.stderr);
}
