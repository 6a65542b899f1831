use super::*;

fn parse(name: &str, text: &str) -> Parsed {
    parse_entry(SourceFile {
        path: Path::new(name),
        display: name,
        content_path: name,
        bytes: text.as_bytes(),
        metrics: &[],
    })
}

fn errors(p: &Parsed) -> Vec<String> {
    located(p.diagnostics.iter().filter(|d| d.is_error()))
}

/// Each diagnostic as `line:column: message`.
fn located<'a>(
    diagnostics: impl Iterator<Item = &'a crate::diagnostics::Diagnostic>,
) -> Vec<String> {
    diagnostics
        .map(|d| format!("{}:{}: {}", d.line, d.column, d.message))
        .collect()
}

#[test]
fn a_complete_entry() {
    let p = parse(
        "2024-03-14-Delegating the migration.md",
        "---\ntitle: Delegating\nmode: em\nenergy: { morning: 7, evening: 4 }\nfocus_hours: 1.5\nmeeting_hours: 5\ntags: [Deep Work, deep-work, 2024, no]\nsummary: One line\nmood: calm\n---\nBody\n",
    );
    assert!(p.diagnostics.is_empty(), "{:?}", p.diagnostics);
    let e = p.entry.unwrap();
    assert_eq!(e.slug, "delegating-the-migration");
    assert_eq!(e.date, NaiveDate::from_ymd_opt(2024, 3, 14).unwrap());
    assert_eq!(e.mode, Some(Mode::Em));
    assert_eq!(e.energy.unwrap().value(), 5.5);
    assert_eq!(e.tags, ["Deep Work", "2024", "no"]);
    assert_eq!(e.extra["mood"], "calm");
    assert_eq!(&*e.body, "Body\n");
    assert_eq!(e.body_line, 11);
}

#[test]
fn every_error_in_one_entry_is_reported_at_its_value() {
    let p = parse(
        "x.md",
        "---\ntitle: T\ndate: 2024-02-30\nenergy: 11\nmode: CTO\nfocus_hours: -1\nmeeting_hours: 25\ntags: {a: 1}\n---\n",
    );
    assert_eq!(
        errors(&p),
        [
            "3:7: `2024-02-30` is not a calendar date",
            "4:9: `energy` must be from 1 to 10, found `11`",
            "5:7: `mode` must be IC or EM, found `CTO`",
            "6:14: `focus_hours` must be between 0 and 24 hours, found `-1`",
            "7:16: `meeting_hours` must be between 0 and 24 hours, found `25`",
            "8:7: `tags` must be a list like `[deep-work, one-on-ones]`, found a map",
        ]
    );
    assert!(p.entry.is_none());
}

#[test]
fn energy_shapes() {
    let e = |v: &str| {
        errors(&parse(
            "2024-01-01.md",
            &format!("---\ntitle: T\nenergy: {v}\n---\n"),
        ))
    };
    assert_eq!(e("0"), ["3:9: `energy` must be from 1 to 10, found `0`"]);
    assert_eq!(
        e("7.5"),
        ["3:9: `energy` must be a whole number from 1 to 10, found `7.5`"]
    );
    assert_eq!(
        e("high"),
        ["3:9: `energy` must be from 1 to 10, found `high`"]
    );
    assert_eq!(
        e("{ morning: 12 }"),
        ["3:20: the morning check-in must be from 1 to 10, found `12`"]
    );
    assert_eq!(e("{ morning: 7, midday: }").len(), 0);
}

#[test]
fn too_many_tags_and_empty_tags() {
    let many: Vec<String> = (0..=MAX_TAGS).map(|i| format!("t{i}")).collect();
    let p = parse(
        "2024-01-01.md",
        &format!("---\ntitle: T\ntags: [{}]\n---\n", many.join(", ")),
    );
    assert_eq!(
        errors(&p),
        [format!(
            "3:7: an entry can have at most {MAX_TAGS} tags, found {}",
            MAX_TAGS + 1
        )]
    );
    let p = parse(
        "2024-01-01.md",
        &format!("---\ntitle: T\ntags: [{}]\n---\n", many[1..].join(", ")),
    );
    assert_eq!(p.entry.unwrap().tags.len(), MAX_TAGS);
    let p = parse("2024-01-01.md", "---\ntitle: T\ntags: [\"  \", ok]\n---\n");
    assert_eq!(
        errors(&p),
        ["3:8: a tag is empty: write a word or remove it"]
    );
}

#[test]
fn quoted_values_and_huge_numbers_are_described_as_they_are() {
    let p = parse(
        "2024-01-01.md",
        "---\ntitle: T\ndraft: \"true\"\nenergy: '7'\nfocus_hours: 1e309\n---\n",
    );
    assert_eq!(
        errors(&p),
        [
            "3:8: `draft` must be true or false, found `true` in quotes (quotes make it text; remove them)",
            "4:9: `energy` must be from 1 to 10, found `7` in quotes (quotes make it text; remove them)",
            "5:14: `focus_hours` must be between 0 and 24 hours, found `1e309`",
        ]
    );
    let p = parse("2024-01-01.md", "---\ntitle: T\nenergy: 1e309\n---\n");
    assert_eq!(
        errors(&p),
        ["3:9: `energy` must be from 1 to 10, found `1e309`"]
    );
}

#[test]
fn control_characters_are_dropped_and_reported() {
    let p = parse(
        "2024-01-01.md",
        "---\ntitle: Bell\u{7} here\nmode: IC\nenergy: 5\n---\nA\u{8}B \u{1b}[1mbold\r\nnext\u{9b}\n",
    );
    let e = p.entry.as_ref().expect("entry");
    assert_eq!(e.title, "Bell here");
    assert_eq!(&*e.body, "AB [1mbold\nnext\n");
    let warnings = located(p.diagnostics.iter());
    assert_eq!(
        warnings,
        [
            "6:2: control character U+0008 is left out of the site (most editors do not show it)",
            "6:5: control character U+001B is left out of the site (most editors do not show it)",
            "7:5: control character U+009B is left out of the site (most editors do not show it)",
        ]
    );
}

#[test]
fn lone_carriage_returns_end_lines() {
    let p = parse("2024-01-02-a.md", "---\rtitle: T\renergy: 0\r---\rBody\r");
    assert_eq!(
        errors(&p),
        ["3:9: `energy` must be from 1 to 10, found `0`"]
    );
}

#[test]
fn tag_positions_follow_the_kept_tags() {
    let p = parse(
        "2024-01-01.md",
        "---\ntitle: T\ntags: [Deep Work, deep-work, walk]\n---\n",
    );
    assert_eq!(p.tag_positions, [Pos::new(3, 8), Pos::new(3, 30)]);
    assert_eq!(p.entry.unwrap().tags, ["Deep Work", "walk"]);
}

#[test]
fn crlf_and_bom_are_accepted() {
    let p = parse(
        "2024-01-02-a.md",
        "\u{feff}---\r\ntitle: T\r\nenergy: 0\r\n---\r\nBody\r\n",
    );
    assert_eq!(
        errors(&p),
        ["3:9: `energy` must be from 1 to 10, found `0`"]
    );
}

#[test]
fn privacy_typos_are_errors() {
    for key in [
        "privte",
        "Private",
        "is_private",
        "drafts",
        "Draft",
        "isDraft",
    ] {
        let p = parse(
            "2024-01-01.md",
            &format!("---\ntitle: T\n{key}: true\n---\n"),
        );
        assert_eq!(errors(&p).len(), 1, "{key}");
    }
    assert_eq!(privacy_near_miss("date"), None);
    assert_eq!(privacy_near_miss("mood"), None);
    let p = parse("2024-01-01.md", "---\ntitle: T\nprivate: yes\n---\n");
    assert_eq!(
        errors(&p),
        ["3:10: `private` must be true or false, found `yes`"]
    );
}

#[test]
fn slugs_from_file_names() {
    let slug = |name: &str, title: &str| {
        parse(
            name,
            &format!("---\ntitle: {title}\ndate: 2024-01-01\n---\n"),
        )
        .entry
        .map(|e| e.slug.clone())
    };
    assert_eq!(
        slug("2024-03-14.md", "Hello There"),
        Some("hello-there".into())
    );
    assert_eq!(
        slug("a/2024-04-02-offsite/index.md", "X"),
        Some("offsite".into())
    );
    assert_eq!(slug("notes_on_Q1.md", "X"), Some("notes-on-q1".into()));
}

#[test]
fn missing_title_and_unclosed_frontmatter() {
    assert_eq!(
        errors(&parse("2024-01-01.md", "---\nenergy: 5\n---\n")),
        ["1:1: missing `title`: every entry needs a title"]
    );
    assert_eq!(errors(&parse("a.md", "---\ntitle: T\n")).len(), 1);
}

#[test]
fn non_utf8_is_located() {
    let p = parse_entry(SourceFile {
        path: Path::new("a.md"),
        display: "a.md",
        content_path: "a.md",
        bytes: b"---\ntitle: caf\xe9\n---\n",
        metrics: &[],
    });
    assert_eq!(
        errors(&p),
        ["2:11: file is not valid UTF-8 (byte 0xE9); save it as UTF-8"]
    );
}

#[test]
fn check_ins_carry_what_was_done() {
    let p = parse(
        "2024-01-01.md",
        "---\ntitle: T\nmode: EM\ntags: [planning, Incident]\nenergy:\n  morning: 7\n  midday: { score: 4, tags: [incident, one-on-ones], note: \"paged at 10\" }\n  evening:\n    score: 3\n    tags:\n      - recovery\n---\n",
    );
    assert_eq!(errors(&p), Vec::<String>::new());
    let e = p.entry.as_ref().expect("entry");
    let c = e
        .energy
        .and_then(|x| x.check_ins().copied())
        .expect("check-ins");
    assert_eq!(
        (c.morning, c.midday, c.evening),
        (Level::new(7), Level::new(4), Level::new(3))
    );
    assert!(e.activities[Moment::Morning.index()].is_empty());
    let midday = &e.activities[Moment::Midday.index()];
    assert_eq!(midday.tags, ["incident", "one-on-ones"]);
    assert_eq!(midday.note.as_deref(), Some("paged at 10"));
    assert_eq!(e.activities[Moment::Evening.index()].tags, ["recovery"]);
    // The entry's tags: its own first, then each check-in's new ones (one per slug).
    assert_eq!(e.tags, ["planning", "Incident", "one-on-ones", "recovery"]);
    assert_eq!(
        p.tag_positions,
        [
            Pos::new(4, 8),
            Pos::new(4, 18),
            Pos::new(7, 40),
            Pos::new(11, 9)
        ]
    );
}

#[test]
fn bad_check_in_maps_are_located() {
    let e = |v: &str| {
        let p = parse(
            "2024-01-01.md",
            &format!("---\ntitle: T\nenergy: {{ midday: {v} }}\nmode: IC\n---\n"),
        );
        let mut all = errors(&p);
        all.extend(
            p.diagnostics
                .iter()
                .filter(|d| !d.is_error())
                .map(|d| format!("warning {}:{}: {}", d.line, d.column, d.message)),
        );
        all
    };
    assert_eq!(
        e("{ score: 11 }"),
        ["3:28: the midday check-in's `score` must be from 1 to 10, found `11`"]
    );
    assert_eq!(
        e("{ score: 4, tag: [x] }"),
        [
            "3:31: unknown key `tag` in the midday check-in (did you mean `tags`?): a check-in takes score, tags and note"
        ]
    );
    assert_eq!(
        e("{ score: 4, tags: x }"),
        ["3:37: `tags` must be a list like `[deep-work, one-on-ones]`, found text"]
    );
    assert_eq!(
        e("{ score: 4, note: [a] }"),
        ["3:37: `note` must be text, found a list"]
    );
    assert_eq!(
        e("[4]"),
        [
            "3:19: the midday check-in must be a number from 1 to 10, or `{ score: 4, tags: [incident], note: \"paged at 10\" }`"
        ]
    );
    // Tags without a score: not recorded, and the entry has no energy.
    let p = parse(
        "2024-01-01.md",
        "---\ntitle: T\nmode: IC\nenergy: { midday: { tags: [x] } }\n---\n",
    );
    assert_eq!(errors(&p), Vec::<String>::new());
    let warned: Vec<String> = p.diagnostics.iter().map(|d| d.message.clone()).collect();
    assert!(
        warned.contains(
            &"the midday check-in has no `score` (not recorded); its tags still count as the entry's"
                .to_owned()
        ),
        "{warned:?}"
    );
    let entry = p.entry.as_ref().expect("entry");
    assert_eq!(entry.energy, None);
    assert_eq!(entry.tags, ["x"]);
}

fn metrics() -> Vec<Metric> {
    let c = crate::config::Config::parse(
        Path::new("/j"),
        "book.toml",
        "[book]\ntitle = \"T\"\n[metrics.sleep]\nunit = \"h\"\nmin = 0\nmax = 12\n\
         [metrics.one_on_ones]\nmin = 0\nmax = 8\ninteger = true\n",
    );
    c.map(|c| c.metrics).unwrap_or_default()
}

fn parse_with_metrics(text: &str) -> Parsed {
    let metrics = metrics();
    parse_entry(SourceFile {
        path: Path::new("2024-03-14-x.md"),
        display: "2024-03-14-x.md",
        content_path: "2024-03-14-x.md",
        bytes: text.as_bytes(),
        metrics: &metrics,
    })
}

#[test]
fn declared_metrics_are_read_as_numbers() {
    let p = parse_with_metrics(
        "---\ntitle: T\nmode: IC\nenergy: 6\nsleep: 7.5\none_on_ones: 2\nmood: calm\n---\n",
    );
    assert!(p.diagnostics.is_empty(), "{:?}", p.diagnostics);
    let e = p.entry.unwrap();
    assert_eq!(e.metrics.get("sleep"), Some(&7.5));
    assert_eq!(e.metrics.get("one_on_ones"), Some(&2.0));
    assert!(!e.extra.contains_key("sleep"));
    assert_eq!(e.extra["mood"], "calm");
    // Undeclared, a metric's key stays `extra`.
    let plain = parse("2024-03-14-x.md", "---\ntitle: T\nsleep: 7.5\n---\n");
    assert_eq!(plain.entry.unwrap().extra["sleep"], 7.5);
    // Empty: not recorded.
    let empty = parse_with_metrics("---\ntitle: T\nmode: IC\nenergy: 6\nsleep:\n---\n");
    assert!(empty.entry.unwrap().metrics.is_empty());
}

#[test]
fn metric_values_are_checked_at_their_value() {
    let p = parse_with_metrics(
        "---\ntitle: T\nmode: IC\nenergy: 6\nsleep: 13\none_on_ones: 1.5\n---\n",
    );
    assert_eq!(
        errors(&p),
        [
            "5:8: `sleep` must be a number from 0 to 12, found `13`",
            "6:14: `one_on_ones` must be a whole number, found `1.5`",
        ]
    );
    let p = parse_with_metrics("---\ntitle: T\nsleep: lots\none_on_ones: \"2\"\n---\n");
    assert_eq!(
        errors(&p),
        [
            "3:8: `sleep` must be a number from 0 to 12, found `lots`",
            "4:14: `one_on_ones` must be a whole number from 0 to 8, found `2` in quotes (quotes make it text; remove them)",
        ]
    );
    let p = parse_with_metrics("---\ntitle: T\nsleep: [7]\none_on_ones: -1\n---\n");
    assert_eq!(
        errors(&p),
        [
            "3:8: `sleep` must be a number from 0 to 12, found a list",
            "4:14: `one_on_ones` must be a whole number from 0 to 8, found `-1`",
        ]
    );
}

#[test]
fn a_near_miss_of_a_metric_is_a_warning_naming_it() {
    let p = parse_with_metrics("---\ntitle: T\nmode: IC\nenergy: 6\nslep: 7\n---\n");
    let warnings = located(p.diagnostics.iter());
    assert_eq!(
        warnings,
        ["5:1: unknown key `slep`: did you mean `sleep`? (kept under `extra`)"]
    );
}
