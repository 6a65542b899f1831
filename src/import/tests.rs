use chrono::{NaiveDate, NaiveTime};

use super::csv::{Header, ReadError, Reader};
use super::draft::{CheckIn, Draft, DraftEnergy, day_title};
use super::source::{Lines, Source};
use super::text::{clock, html_text, month, tags, title_of, without_first_line};
use super::*;
use crate::content::validate::{SourceFile, parse_entry};
use crate::diagnostics::Pos;

fn source() -> Source {
    Source::new(std::path::Path::new("in.csv"))
}

/// The fields of each record of `text`, or the problem's position.
fn records(text: &str) -> Vec<Result<Vec<(String, Pos)>, Pos>> {
    let source = source();
    Reader::new(text.as_bytes(), &source)
        .map(|r| match r {
            Ok(r) => Ok(r.fields.into_iter().map(|f| (f.text, f.pos)).collect()),
            Err(ReadError::Record(d) | ReadError::File(d)) => Err(Pos::new(d.line, d.column)),
        })
        .collect()
}

fn at(line: usize, col: usize) -> Pos {
    Pos::new(line, col)
}

#[test]
fn csv_fields_keep_their_line_and_column() {
    let text = "\u{feff}a,\"b, c\",d\r\n\r\n\"two\r\nlines\",\"say \"\"hi\"\"\",é😀\n";
    assert_eq!(
        records(text),
        [
            Ok(vec![
                ("a".into(), at(1, 1)),
                ("b, c".into(), at(1, 3)),
                ("d".into(), at(1, 10)),
            ]),
            Ok(vec![
                ("two\nlines".into(), at(3, 1)),
                ("say \"hi\"".into(), at(4, 8)),
                ("é😀".into(), at(4, 21)),
            ]),
        ]
    );
    // A quote inside an unquoted field is kept; an unclosed one is an error
    // where it opens.
    assert_eq!(
        records("x,a\"b\ny,\"open\nmore"),
        [
            Ok(vec![("x".into(), at(1, 1)), ("a\"b".into(), at(1, 3))]),
            Err(at(2, 3)),
        ]
    );
    assert_eq!(records(""), []);
}

#[test]
fn csv_headers_name_their_columns_and_rows_of_another_length_are_refused() {
    let source = source();
    let text = " Date ,NOTE\n2024-03-14\n";
    let mut reader = Reader::new(text.as_bytes(), &source);
    let header = Header::read(&mut reader, &source, "x").unwrap();
    assert_eq!(header.names, ["date", "note"]);
    assert_eq!(header.index("note"), Some(1));
    let missing = header.require(&source, "mood", "a mood").unwrap_err();
    assert_eq!(
        missing.message,
        "the header has no `mood` column; expected a mood"
    );
    let row = reader.next().unwrap().unwrap();
    let shape = header.shape(&source, &row).unwrap();
    assert_eq!((shape.line, shape.column), (2, 1));
    let empty = Header::read(&mut Reader::new(&b""[..], &source), &source, "x");
    assert!(empty.unwrap_err().message.starts_with("the file is empty"));
}

#[test]
fn positions_of_offsets_met_in_order() {
    let text = "ab\ncdé\n\nf";
    let mut lines = Lines::new(text);
    assert_eq!(lines.at(0), at(1, 1));
    assert_eq!(lines.at(1), at(1, 2));
    assert_eq!(lines.at(5), at(2, 3));
    assert_eq!(lines.line_text(at(2, 3)), Some("cdé"));
    assert_eq!(lines.at(text.len()), at(4, 2));
    // Going back starts the count again.
    assert_eq!(lines.at(3), at(2, 1));
}

#[test]
fn times_of_day_as_apps_write_them() {
    let t = |h, m| NaiveTime::from_hms_opt(h, m, 0);
    assert_eq!(clock("22:00"), t(22, 0));
    assert_eq!(clock("9:05"), t(9, 5));
    assert_eq!(clock("10:00 pm"), t(22, 0));
    assert_eq!(clock("10:00PM"), t(22, 0));
    assert_eq!(clock("12:30 am"), t(0, 30));
    assert_eq!(clock("12:30 pm"), t(12, 30));
    assert_eq!(clock("7 a.m."), t(7, 0));
    assert_eq!(clock("22:00:30"), NaiveTime::from_hms_opt(22, 0, 30));
    for bad in [
        "25:00", "13:00 pm", "0:10 am", "noon", "", "7", "1:2:3:4", "-1:00",
    ] {
        assert_eq!(clock(bad), None, "{bad}");
    }
    assert_eq!(month("May"), Some(5));
    assert_eq!(month("sept"), None);
    assert_eq!(month("Sep."), Some(9));
    assert_eq!(month("december"), Some(12));
}

#[test]
fn tags_once_per_slug_and_those_without_letters_apart() {
    let (kept, dropped) = tags(["Deep Work", " deep-work", "★", "", "☕ coffee"]);
    assert_eq!(kept, ["Deep Work", "☕ coffee"]);
    assert_eq!(dropped, ["★"]);
}

#[test]
fn notes_keep_their_text_and_never_raw_tags() {
    assert_eq!(
        html_text("Read <b>two</b> chapters.<br>Then slept &amp; dreamt.&nbsp;"),
        "Read two chapters.\nThen slept & dreamt."
    );
    assert_eq!(
        html_text("<p>One</p><p>Two</p><ul><li>a</li><li>b</li></ul>"),
        "One\n\nTwo\n\n- a\n- b"
    );
    assert_eq!(
        html_text("1 < 2 &lt;script&gt; &#x1F600; &#128512;"),
        "1 \\< 2 \\<script> 😀 😀"
    );
    assert_eq!(html_text("a &bogus; b & c"), "a &bogus; b & c");
    assert_eq!(html_text("<b"), "\\<b");
}

#[test]
fn titles_from_a_first_line() {
    assert_eq!(
        title_of("\n# Late night\n\nbody"),
        Some(("Late night".into(), false))
    );
    assert_eq!(
        title_of("Plain line\\.\nrest"),
        Some(("Plain line.".into(), false))
    );
    let long = "word ".repeat(30);
    let (title, keep) = title_of(&long).unwrap();
    assert!(keep && title.ends_with("word…") && title.chars().count() <= 81);
    assert_eq!(title_of("  \n\n"), None);
    assert_eq!(
        title_of("#hashtag line"),
        Some(("#hashtag line".into(), false))
    );
    assert_eq!(without_first_line("\n# T\n\nbody"), "\nbody");
    assert_eq!(without_first_line("only"), "");
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// `text` read back as the entry file `path`: its errors and warnings.
fn problems(path: &str, text: &str) -> Vec<String> {
    parse_entry(SourceFile {
        path: std::path::Path::new(path),
        display: path,
        content_path: path,
        bytes: text.as_bytes(),
        metrics: &[],
    })
    .diagnostics
    .iter()
    .filter(|d| d.severity != crate::diagnostics::Severity::Note)
    .map(|d| d.message.clone())
    .collect()
}

#[test]
fn a_draft_is_an_entry_that_validates_and_keeps_the_marker_as_extra() {
    let level = |n| Level::new(n).unwrap();
    let mut draft = Draft::new(3, day(2024, 3, 14), "Q3: \"planning\"".into());
    draft.mode = Some(Mode::Em);
    draft.energy = Some(DraftEnergy::CheckIns([
        Some(CheckIn {
            score: level(7),
            tags: vec!["☕ coffee".into(), "null".into()],
            note: Some("line one\nline \"two\"".into()),
        }),
        None,
        Some(CheckIn {
            score: level(3),
            tags: Vec::new(),
            note: None,
        }),
    ]));
    draft.focus_hours = Some(1.5);
    draft.tags = vec!["#1 priority".into()];
    draft.private = true;
    draft.body = "\n\nBody.\n\n".into();
    assert_eq!(draft.slug(), "q3-planning");
    let text = draft.text("daylio");
    assert_eq!(
        text,
        "---\ntitle: \"Q3: \\\"planning\\\"\"\ndate: 2024-03-14\nmode: EM\nenergy:\n  morning:\n    score: 7\n    \
         tags: [\"☕ coffee\", \"null\"]\n    note: \"line one\\nline \\\"two\\\"\"\n  evening: 3\n\
         focus_hours: 1.5\ntags: [\"#1 priority\"]\nprivate: true\nimported_from: daylio\n---\n\nBody.\n"
    );
    assert_eq!(
        problems("2024/2024-03-14-q3-planning.md", &text),
        Vec::<String>::new()
    );
    let parsed = parse_entry(SourceFile {
        path: std::path::Path::new("x/2024-03-14-q3-planning.md"),
        display: "x",
        content_path: "x",
        bytes: text.as_bytes(),
        metrics: &[],
    })
    .entry
    .unwrap();
    assert_eq!(parsed.extra[IMPORTED_FROM], "daylio");
    assert_eq!(parsed.tags, ["#1 priority", "☕ coffee", "null"]);
    assert!(parsed.private);
}

#[test]
fn slugs_of_file_names_are_short_and_never_empty() {
    let mut draft = Draft::new(1, day(2024, 3, 14), "★★★".into());
    assert_eq!(draft.slug(), "thursday");
    draft.title = "a ".repeat(50) + "end";
    assert!(draft.slug().len() <= 60 && !draft.slug().ends_with('-'));
    assert_eq!(day_title(day(2024, 3, 14)), "Thursday, 14 March 2024");
}

#[test]
fn spreadsheet_columns_are_known_ignored_or_unknown() {
    assert_eq!(column_kind("date", &[]), ColumnKind::Read(Key::Date));
    assert_eq!(
        column_kind("midday_tags", &[]),
        ColumnKind::Read(Key::SlotTags(crate::content::Moment::Midday))
    );
    assert_eq!(column_kind("url", &[]), ColumnKind::Ignored);
    assert_eq!(column_kind("sleep", &[]), ColumnKind::Unknown);
    assert_eq!(column_kind("morning_score", &[]), ColumnKind::Unknown);
    // A declared metric is a column of its own.
    let metrics = crate::config::Config::parse(
        std::path::Path::new("."),
        "book.toml",
        "[book]\ntitle = \"t\"\n[metrics.sleep]\nmin = 0\nmax = 12\n",
    )
    .expect("a config")
    .metrics;
    assert_eq!(
        column_kind("sleep", &metrics),
        ColumnKind::Read(Key::Metric(0))
    );
}

#[test]
fn formats_by_name() {
    assert_eq!(Format::parse(" DayOne"), Ok(Format::DayOne));
    assert_eq!(Format::parse("day-one"), Ok(Format::DayOne));
    assert!(Format::parse("notes").is_err());
    for f in Format::ALL {
        assert_eq!(Format::parse(f.name()), Ok(f));
    }
}
