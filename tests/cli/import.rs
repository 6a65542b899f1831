//! `ebb import`: the hand-written exports in tests/fixtures/import read into
//! a journal, each written entry checked field by field; what is skipped,
//! and why, with the line; a second run writes nothing; bad files are
//! refused whole with a position.

use super::support::{Run, TestJournal, fixtures, snapshot_tree};

/// A journal with the import fixtures copied into its root.
fn journal() -> TestJournal {
    let j = TestJournal::new();
    super::support::copy_tree(&fixtures().join("import"), j.root());
    j
}

fn import(j: &TestJournal, args: &[&str]) -> Run {
    let mut all = vec!["import"];
    all.extend_from_slice(args);
    j.run(&all)
}

/// The `path:line:col: severity: message` lines of a run, without carets.
fn problems(run: &Run) -> Vec<String> {
    run.stderr
        .lines()
        .filter(|l| l.contains(": error: ") || l.contains(": warning: "))
        .map(str::to_owned)
        .collect()
}

/// Every entry file of the journal, by path under content/.
fn entries(j: &TestJournal) -> Vec<String> {
    snapshot_tree(&j.path("content")).into_keys().collect()
}

/// The journal builds, and `ebb check` has no error and no warning about
/// the import's marker.
#[track_caller]
fn builds(j: &TestJournal) {
    let check = j.run(&["check"]).ok();
    assert!(!check.stderr.contains("imported_from"), "{}", check.stderr);
    j.run(&["build"]).ok();
}

#[test]
fn daylio_rows_become_one_entry_a_day_with_check_ins_by_time_of_day() {
    let j = journal();
    // Two rows are unreadable, so the run says so with its exit code.
    let run = import(
        &j,
        &["daylio", "daylio.csv", "--mood", "Super=8", "--mode", "EM"],
    )
    .fails();
    assert_eq!(
        run.stdout,
        "wrote content/2024/2024-03-14-standup-ran-long.md\n\
         wrote content/2024/2024-03-15-friday-15-march-2024.md\n\
         daylio.csv: 2 written, 0 skipped as existing, 2 skipped as unreadable\n"
    );
    assert_eq!(
        problems(&run),
        [
            "daylio.csv:3:44: warning: the activity `★` has no letters or digits, so it cannot be a tag; it is left out",
            "daylio.csv:10:37: error: skipped: the mood `grumpy` has no score; give it one with `--mood \"grumpy=N\"` (N from 1 to 10)",
            "daylio.csv:11:29: error: skipped: `25:00` is not a time of day (like `22:00` or `10:00 pm`)",
        ]
    );
    // The newest rows come first in the file; the entry is in time order.
    // 07:30 morning; 11:15 and 12:30 both midday (the later, `bad`, gives
    // the score; tags joined); 18:45 evening. The first note title by time
    // is the title; the HTML note keeps its text; the CRLF inside a quoted
    // note is a line break.
    assert_eq!(
        j.read("content/2024/2024-03-14-standup-ran-long.md"),
        "---\ntitle: Standup ran long\ndate: 2024-03-14\nmode: EM\nenergy:\n\
         \x20 morning:\n    score: 9\n    tags: [exercise, \"☕ coffee\"]\n\
         \x20 midday:\n    score: 3\n    tags: [meetings, work]\n\
         \x20 evening:\n    score: 7\n    tags: [reading, \"📚 books\"]\n\
         imported_from: daylio\n---\n\n\
         **07:30 · rad**\n\nRan 5k 🏃\n\n\
         **12:30 · bad**\n\nBack-to-back,\nno lunch.\n\n\
         **18:45 · good — Quiet evening**\n\nRead two chapters.\nThen slept & dreamt.\n"
    );
    // A renamed mood (` Super `, scored by --mood in any case) and `awful`
    // later in the evening: the later gives the score; `★` is dropped.
    assert_eq!(
        j.read("content/2024/2024-03-15-friday-15-march-2024.md"),
        "---\ntitle: \"Friday, 15 March 2024\"\ndate: 2024-03-15\nmode: EM\nenergy:\n\
         \x20 morning:\n    score: 5\n    tags: [work]\n\
         \x20 evening:\n    score: 1\n    tags: [friends]\n\
         imported_from: daylio\n---\n\nDinner, then \"board games\"\n"
    );
    builds(&j);
    let html = j.read("public/2024/03/14/standup-ran-long/index.html");
    assert!(html.contains("Read two chapters."), "{html}");
    assert!(
        !html.contains("<b>two"),
        "raw tags from a note reached the page"
    );

    // Again: every day had its entry before the run.
    let before = snapshot_tree(&j.path("content"));
    let again = import(&j, &["daylio", "daylio.csv", "--mood", "super=8"]).fails();
    assert_eq!(
        again.stdout,
        "skipped 2024-03-14 (line 5): the journal has content/2024/2024-03-14-standup-ran-long.md\n\
         skipped 2024-03-15 (line 2): the journal has content/2024/2024-03-15-friday-15-march-2024.md\n\
         daylio.csv: 0 written, 2 skipped as existing, 2 skipped as unreadable\n"
    );
    assert_eq!(snapshot_tree(&j.path("content")), before);
}

#[test]
fn an_unknown_daylio_mood_skips_its_row_and_names_the_flag() {
    let j = journal();
    let run = import(&j, &["daylio", "daylio.csv"]).fails();
    assert!(
        problems(&run).contains(
            &"daylio.csv:3:36: error: skipped: the mood `Super` has no score; give it one with `--mood \"super=N\"` (N from 1 to 10)"
                .to_owned()
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stdout
            .contains("2 entries have no mode; `--mode IC` or `--mode EM`")
    );
    // The evening is the `awful` row alone.
    let friday = j.read("content/2024/2024-03-15-friday-15-march-2024.md");
    assert!(friday.contains("  evening: 1\n"), "{friday}");
    assert!(!friday.contains("board games"), "{friday}");
}

#[test]
fn older_daylio_exports_have_a_year_column_and_day_month_words() {
    let j = journal();
    import(&j, &["daylio", "daylio-old.csv"]).ok();
    assert_eq!(
        j.read("content/2018/2018-05-18-friday-18-may-2018.md"),
        "---\ntitle: \"Friday, 18 May 2018\"\ndate: 2018-05-18\nenergy:\n\
         \x20 morning:\n    score: 5\n    tags: [work]\n\
         \x20 midday:\n    score: 9\n    tags: [work, shipping]\n\
         imported_from: daylio\n---\n\nShipped the release, finally.\n"
    );
    assert_eq!(
        j.read("content/2018/2018-05-19-saturday-19-may-2018.md"),
        "---\ntitle: \"Saturday, 19 May 2018\"\ndate: 2018-05-19\nenergy:\n\
         \x20 evening:\n    score: 7\n    tags: [family, cooking]\n\
         imported_from: daylio\n---\n\nLong walk by the river.\n"
    );
    builds(&j);
}

#[test]
fn jrnl_entries_are_reflections_with_their_tags_and_stars() {
    let j = journal();
    let run = import(&j, &["jrnl", "jrnl.json", "--private"]).fails();
    assert_eq!(
        problems(&run),
        [
            "jrnl.json:7:5: error: skipped: `date` must be YYYY-MM-DD, found `14/03/2024`",
            "jrnl.json:8:16: error: skipped: invalid type: integer `42`, expected a string (expected jrnl's JSON export (`jrnl --export json`): {\"entries\": [{\"title\", \"body\", \"date\", \"time\", \"tags\", \"starred\"}]})",
        ]
    );
    assert_eq!(
        j.read("content/2024/2024-03-14-shipped-the-parser.md"),
        "---\ntitle: Shipped the parser.\ndate: 2024-03-14T09:30:00\ntags: [work, starred]\n\
         private: true\nimported_from: jrnl\n---\n\nTook all week. @work felt good.\n\nNext: docs.\n"
    );
    // The same date and title again: a slug of its own, not an overwrite.
    assert_eq!(
        j.read("content/2024/2024-03-14-shipped-the-parser-2.md"),
        "---\ntitle: Shipped the parser.\ndate: 2024-03-14T17:05:00\nprivate: true\n\
         imported_from: jrnl\n---\n\nA second note with the same title.\n"
    );
    assert_eq!(
        j.read("content/2024/2024-03-17-sunday-with-the-kids.md"),
        "---\ntitle: Sunday with the kids\ndate: 2024-03-17T10:00:00\ntags: [family, work]\n\
         private: true\nimported_from: jrnl\n---\n\nPancakes 🥞 and a long walk.\n"
    );
    builds(&j);
    let again = import(&j, &["jrnl", "jrnl.json"]).fails();
    assert!(
        again
            .stdout
            .ends_with("jrnl.json: 0 written, 3 skipped as existing, 2 skipped as unreadable\n"),
        "{}",
        again.stdout
    );
}

#[test]
fn day_one_entries_take_the_date_of_their_own_time_zone() {
    let j = journal();
    let run = import(&j, &["dayone", "dayone.json"]).fails();
    assert_eq!(
        problems(&run),
        [
            "dayone.json:30:5: error: skipped: `creationDate` must be an ISO 8601 date and time like 2024-03-14T22:30:00Z, found `yesterday`",
            "dayone.json:31:5: error: skipped: `timeZone` `Mars/Olympus` is not a time zone name (like Europe/Paris)",
        ]
    );
    // 03:30 UTC on the 15th is 23:30 on the 14th in New York (EDT, -04:00);
    // 04:30 UTC is 00:30 on the 15th.
    assert_eq!(
        j.read("content/2024/2024-03-14-late-night.md"),
        "---\ntitle: Late night\ndate: 2024-03-14T23:30:00-04:00\ntags: [writing, starred]\n\
         imported_from: dayone\n---\n\n\
         Couldn't sleep, so I wrote the design doc\\.\n\n\
         *(a photo from Day One, not imported)*\n\nBack to bed.\n"
    );
    assert_eq!(
        j.read("content/2024/2024-03-15-just-after-midnight.md"),
        "---\ntitle: Just after midnight\ndate: 2024-03-15T00:30:00-04:00\ntags: [sleep, \"1:1s\"]\n\
         imported_from: dayone\n---\n\nStill up. Tomorrow is a 1:1 day.\n"
    );
    // 16:00 UTC on the 14th is 01:00 on the 15th in Tokyo; no text, so the
    // title is the day's.
    assert_eq!(
        j.read("content/2024/2024-03-15-friday-15-march-2024.md"),
        "---\ntitle: \"Friday, 15 March 2024\"\ndate: 2024-03-15T01:00:00+09:00\n\
         imported_from: dayone\n---\n"
    );
    builds(&j);
    let page = j.read("public/2024/03/14/late-night/index.html");
    assert!(page.contains("a photo from Day One, not imported"));
    assert!(!page.contains("dayone-moment"));
}

#[test]
fn a_spreadsheet_names_frontmatter_keys_in_its_header() {
    let j = journal();
    let run = import(&j, &["csv", "sheet.csv"]).fails();
    assert_eq!(
        problems(&run),
        [
            "sheet.csv:1:76: warning: the column `sleep` is not a frontmatter key ebb reads; it is not imported",
            "sheet.csv:5:1: error: skipped: `date` must be YYYY-MM-DD, found `04/03/2024`",
            "sheet.csv:6:1: error: skipped: a second row for 2024-04-02 (the first is on line 4); one entry a day",
            "sheet.csv:7:15: error: skipped: `morning` must be a whole number from 1 to 10, found `11`",
        ]
    );
    assert_eq!(
        j.read("content/2024/2024-04-01-parser-week.md"),
        "---\ntitle: Parser week\ndate: 2024-04-01\nmode: IC\nenergy:\n  morning: 7\n  evening: 5\n\
         focus_hours: 4.5\nmeeting_hours: 1\ntags: [deep work, pairing]\nimported_from: csv\n---\n\n\
         Long day, a good one.\nSecond line.\n"
    );
    assert_eq!(
        j.read("content/2024/2024-04-02-tuesday-2-april-2024.md"),
        "---\ntitle: \"Tuesday, 2 April 2024\"\ndate: 2024-04-02\nmode: EM\nenergy:\n\
         \x20 morning: 6\n  midday: 4\n  evening: 3\nfocus_hours: 0.5\nmeeting_hours: 6\n\
         tags: [one-on-ones, hiring]\nimported_from: csv\n---\n"
    );
    assert_eq!(
        j.read("content/2024/2024-04-06-reflection-only.md"),
        "---\ntitle: Reflection only\ndate: 2024-04-06\nimported_from: csv\n---\n\nJust thoughts.\n"
    );
    builds(&j);
}

#[test]
fn what_ebb_export_writes_imports_back() {
    let j = TestJournal::new();
    j.entry(
        "2024/2024-03-11-planning.md",
        "title: Planning\nmode: EM\nenergy:\n  morning: { score: 6, tags: [one-on-ones], note: \"Ana, then Raj\" }\n  \
         evening: 3\nfocus_hours: 1\nmeeting_hours: 5.5\ntags: [planning]",
        "Body text is not exported.\n",
    );
    j.entry(
        "2024/2024-03-12-deep-work-finally.md",
        "title: \"Deep work, finally\"\nmode: IC\nenergy: 8\ntags: [deep work]\nprivate: true",
        "",
    );
    // `slug` and `url` are made again from the title: the same here.
    let export = j
        .run(&["export", "--format", "csv", "--include-private"])
        .ok()
        .stdout;
    let k = TestJournal::new();
    k.write("export.csv", &export);
    let run = import(&k, &["csv", "export.csv"]).ok();
    assert_eq!(problems(&run), Vec::<String>::new());
    assert_eq!(
        k.run(&["export", "--format", "csv", "--include-private"])
            .ok()
            .stdout,
        export
    );
    assert_eq!(
        k.read("content/2024/2024-03-11-planning.md"),
        "---\ntitle: Planning\ndate: 2024-03-11\nmode: EM\nenergy:\n\
         \x20 morning:\n    score: 6\n    tags: [one-on-ones]\n    note: \"Ana, then Raj\"\n\
         \x20 evening: 3\nfocus_hours: 1\nmeeting_hours: 5.5\ntags: [planning, one-on-ones]\n\
         imported_from: csv\n---\n"
    );
    // The private entry stays private: the public build does not have it.
    builds(&k);
    assert!(!k.path("public/2024/03/12").exists());
}

#[test]
fn a_day_that_had_an_entry_is_skipped_and_a_dry_run_writes_nothing() {
    let j = journal();
    j.entry(
        "mine.md",
        "title: My own Thursday\ndate: 2024-03-14\nenergy: 4",
        "Written by hand.\n",
    );
    let before = snapshot_tree(j.root());
    let dry = import(
        &j,
        &["daylio", "daylio.csv", "--mood", "super=8", "--dry-run"],
    )
    .fails();
    assert_eq!(snapshot_tree(j.root()), before, "a dry run wrote");
    assert_eq!(
        dry.stdout,
        "would write content/2024/2024-03-15-friday-15-march-2024.md\n\
         skipped 2024-03-14 (line 5): the journal has content/mine.md\n\
         dry run, nothing written: daylio.csv: 1 would be written, 1 skipped as existing, 2 skipped as unreadable\n\
         1 entry has no mode; `--mode IC` or `--mode EM` gives one to the days of an import\n"
    );
    let run = import(&j, &["daylio", "daylio.csv", "--mood", "super=8"]).fails();
    assert_eq!(
        run.stdout.replace("wrote", "would write"),
        dry.stdout
            .replace("dry run, nothing written: ", "")
            .replace("would be written", "written")
    );
    assert_eq!(
        entries(&j),
        ["2024/2024-03-15-friday-15-march-2024.md", "mine.md"]
    );
    let mine = std::fs::read(j.path("content/mine.md")).expect("read");
    assert_eq!(mine, before["content/mine.md"]);
}

#[test]
fn files_that_cannot_be_read_are_refused_whole_with_a_position() {
    let j = journal();
    j.write("list.json", "\n  [1, 2]\n");
    j.write("latin1.csv", b"date,note\n2024-03-14,caf\xe9\n");
    j.write("utf16.csv", b"\xff\xfed\x00a\x00t\x00e\x00\n\x00");
    j.write(
        "open.csv",
        "date,note\n2024-03-14,\"never closed\n2024-03-15,x\n",
    );
    let cases: [(&[&str], &str); 6] = [
        (
            &["daylio", "daylio-missing-column.csv"],
            "daylio-missing-column.csv:1:1: error: the header has no `mood` column; expected a Daylio export, \
             whose header is `full_date,date,weekday,time,mood,activities,note_title,note` \
             (or `year,date,weekday,time,mood,activities,note`)",
        ),
        (
            &["jrnl", "list.json"],
            "list.json:2:3: error: the file is a JSON list; expected jrnl's JSON export (`jrnl --export json`): \
             {\"entries\": [{\"title\", \"body\", \"date\", \"time\", \"tags\", \"starred\"}]}",
        ),
        (
            &["dayone", "daylio.csv"],
            "daylio.csv:1:1: error: the file is not JSON (it starts with `f`); expected Day One's JSON export: \
             {\"metadata\": {…}, \"entries\": [{\"creationDate\", \"timeZone\", \"text\", \"tags\", \"starred\"}]}",
        ),
        (
            &["csv", "latin1.csv"],
            "latin1.csv:2:15: error: the file is not UTF-8 (byte 0xE9); save it as UTF-8 \
             (a spreadsheet's \"CSV UTF-8\") and import that",
        ),
        (
            &["csv", "utf16.csv"],
            "utf16.csv:1:1: error: the file is UTF-16; save it as UTF-8 (a spreadsheet's \"CSV UTF-8\") and import that",
        ),
        (
            &["csv", "jrnl.json"],
            "jrnl.json:1:1: error: the header has no `date` column; expected a header row naming frontmatter keys, \
             with `date` (like `date,morning,midday,evening,mode,focus_hours,meeting_hours,tags,title,note`)",
        ),
    ];
    for (args, problem) in cases {
        let run = import(&j, args).fails();
        assert_eq!(problems(&run), [problem], "{args:?}");
        assert!(
            run.stderr
                .ends_with(&format!("error: nothing was imported from {}\n", args[1]))
        );
        assert_eq!(entries(&j), Vec::<String>::new(), "{args:?}");
    }
    // An unclosed quote is one row that cannot be read.
    let run = import(&j, &["csv", "open.csv"]).fails();
    assert_eq!(
        problems(&run),
        [
            "open.csv:2:12: error: this quote is never closed, so the rest of the file is one field; close it with `\"`"
        ]
    );
    // Flags are checked before anything is read.
    let run = import(&j, &["daylio", "daylio.csv", "--mood", "super"]).fails();
    assert_eq!(
        run.stderr,
        "error: `--mood super` must be LABEL=N, like `--mood super=8`\n"
    );
    let run = import(&j, &["notes", "daylio.csv"]).fails();
    assert_eq!(
        run.stderr,
        "error: `notes` is not a format ebb imports: use daylio, jrnl, dayone or csv\n"
    );
}

/// A Daylio export of `days` days, four rows a day, newest first (as the app
/// writes it), with activities and a note on some rows.
fn daylio_rows(days: usize) -> String {
    let moods = ["rad", "good", "meh", "bad", "awful"];
    let times = ["7:05 am", "10:40 am", "1:15 pm", "9:30 pm"];
    let start = chrono::NaiveDate::from_ymd_opt(2015, 1, 1).expect("a date");
    let mut out = String::from("full_date,date,weekday,time,mood,activities,note_title,note\n");
    for d in (0..days).rev() {
        let date = start + chrono::Duration::days(d as i64);
        for (i, time) in times.iter().enumerate().rev() {
            let n = d * 4 + i;
            let note = if n % 3 == 0 {
                format!("\"Row {n}, with a comma\"")
            } else {
                String::new()
            };
            out.push_str(&format!(
                "{date},{},{},{time},{},work | reading,,{note}\n",
                date.format("%B %-d"),
                date.format("%A"),
                moods[n % 5],
            ));
        }
    }
    out
}

/// A decade of Daylio (10,000 rows, 2,500 days) imports whole. The time it
/// takes is measured by scripts/import_bench.sh, not here.
#[test]
#[ignore = "long: 2,500 entries written"]
fn ten_thousand_daylio_rows_import_whole() {
    let j = TestJournal::new();
    j.write("daylio.csv", daylio_rows(2500));
    let run = import(&j, &["daylio", "daylio.csv", "--mode", "IC"]).ok();
    assert!(
        run.stdout.ends_with(
            "daylio.csv: 2500 written, 0 skipped as existing, 0 skipped as unreadable\n"
        ),
        "{}",
        run.stdout
    );
    assert_eq!(entries(&j).len(), 2500);
    j.run(&["check"]).ok();
}

/// Declared metrics are spreadsheet columns: an export with them imports
/// back, and a value outside a metric's bounds is reported at its row.
#[test]
fn declared_metrics_import_from_a_spreadsheet() {
    let book = "[book]\ntitle = \"T\"\n\n[metrics.sleep]\nunit = \"h\"\nmin = 0\nmax = 12\n\n\
                [metrics.one_on_ones]\nmin = 0\nmax = 10\ninteger = true\n";
    let j = TestJournal::new();
    j.write("book.toml", book);
    j.entry(
        "2024/2024-03-11-planning.md",
        "title: Planning\nenergy: 6\nsleep: 7.5\none_on_ones: 3",
        "",
    );
    let export = j.run(&["export", "--format", "csv"]).ok().stdout;
    assert!(
        export
            .lines()
            .next()
            .unwrap()
            .ends_with(",sleep,one_on_ones"),
        "{export}"
    );
    let k = TestJournal::new();
    k.write("book.toml", book);
    k.write(
        "sheet.csv",
        format!("{export}2024-03-12,,,Tired,,5,,,,,,,false,false,,,,,,,13,2\r\n"),
    );
    let run = import(&k, &["csv", "sheet.csv"]).fails();
    let text = k.read("content/2024/2024-03-11-planning.md");
    assert!(text.contains("\nsleep: 7.5\none_on_ones: 3\n"), "{text}");
    assert_eq!(
        k.run(&["export", "--format", "csv"]).ok().stdout,
        export,
        "the metrics came back"
    );
    // 13 h of sleep is outside 0..=12: the row is reported and skipped.
    let problems = problems(&run);
    assert!(
        problems
            .iter()
            .any(|p| p.contains("sheet.csv:3:") && p.contains("sleep")),
        "{problems:?}"
    );
    assert!(!k.path("content/2024/2024-03-12-tired.md").exists());
}
