//! Inputs kept from fuzzing (`fuzz/`), each fed through the same checks the
//! fuzz target runs: no panic, every error inside the input, a valid entry
//! without errors, the Markdown scan agreeing with the render.
//!
//! The inputs live in `tests/fixtures/fuzz/<target>/`. A file's name says
//! what it must lead to: `ok-*` is accepted, `err-*` is refused with an
//! error at a position, anything else only has to pass the checks.

#[path = "../fuzz/src/checks.rs"]
mod checks;

use std::path::{Path, PathBuf};

use checks::Outcome;

fn inputs(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/fuzz")
        .join(target);
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|entry| entry.map(|e| e.path()))
        .collect::<Result<_, _>>()
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()));
    paths.sort();
    let inputs: Vec<(String, Vec<u8>)> = paths
        .into_iter()
        .map(|path| {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let bytes = std::fs::read(&path)
                .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
            (name, bytes)
        })
        .collect();
    assert!(!inputs.is_empty(), "no inputs in {}", dir.display());
    inputs
}

/// Runs every input of `target` through `check` and compares the outcome with
/// what the file's name promises.
fn run(target: &str, check: fn(&[u8]) -> Outcome) {
    for (name, bytes) in inputs(target) {
        let outcome = check(&bytes);
        if name.starts_with("ok-") {
            assert!(
                matches!(outcome, Outcome::Accepted { .. }),
                "{target}/{name}: expected it to be accepted, got {outcome:?}"
            );
        } else if name.starts_with("err-") {
            assert!(
                matches!(outcome, Outcome::Refused { line, col } if line >= 1 && col >= 1),
                "{target}/{name}: expected an error with a position, got {outcome:?}"
            );
        }
        if std::str::from_utf8(&bytes).is_ok() {
            assert_ne!(outcome, Outcome::Skipped, "{target}/{name} was skipped");
        }
    }
}

#[test]
fn frontmatter_inputs() {
    run("frontmatter", checks::frontmatter);
}

#[test]
fn entry_inputs() {
    run("entry", checks::entry);
}

#[test]
fn markdown_inputs() {
    run("markdown", checks::markdown);
}

#[test]
fn config_inputs() {
    run("config", checks::config);
}

#[test]
fn import_inputs() {
    run("import", checks::import);
}

/// Pieces that exports are made of, and pieces that break them.
const CSV_HEADERS: &[&str] = &[
    "full_date,date,weekday,time,mood,activities,note_title,note",
    "year,date,weekday,time,mood,activities,note",
    "date,morning,midday,evening,energy,mode,focus_hours,meeting_hours,tags,title,note,sleep",
    "date,slug,url,title,mode,energy,morning,midday,evening,focus_hours,meeting_hours,tags,draft,private,morning_tags,morning_note,midday_tags,midday_note,evening_tags,evening_note",
    "\u{feff}full_date,time,mood,activities,note",
    "mood,,date",
];
const CSV_FIELDS: &[&str] = &[
    "2024-03-14",
    "2018",
    "18 May",
    "May 18",
    "2024-02-30",
    "0000-01-01",
    "10:00 pm",
    "22:00",
    "12:00 am",
    "25:00",
    "rad",
    " Good ",
    "super",
    "grumpy",
    "",
    "7",
    "11",
    "6.5",
    "-1",
    "IC",
    "em",
    "cto",
    "true",
    "maybe",
    "a | b",
    "★ | 📚 books",
    "☕",
    "\"",
    "\"\"",
    "\"a,b\"",
    "\"two\nlines\"",
    "\"open",
    "<b>bold</b>",
    "&amp;&#x1F600;&#0;&bogus;",
    "<br",
    "---",
    "# heading",
    "../../../etc/passwd",
    "C:\\x",
    "\u{85}",
    "\u{2028}",
    "\0",
    "\t",
    "null",
    "deep work; pairing",
    "a,b",
    "\r",
    "9999-12-31",
    "Tue 14",
];
const JSON_KEYS: &[&str] = &[
    "title",
    "body",
    "date",
    "time",
    "tags",
    "starred",
    "creationDate",
    "timeZone",
    "text",
    "uuid",
    "entries",
    "metadata",
];
const JSON_VALUES: &[&str] = &[
    "\"2024-03-14\"",
    "\"09:30\"",
    "\"2024-03-15T03:30:00Z\"",
    "\"America/New_York\"",
    "\"Mars/Olympus\"",
    "\"# Title\\n\\nbody ![](dayone-moment://X)\"",
    "[\"@work\", \"★\"]",
    "[1, null]",
    "true",
    "42",
    "null",
    "{}",
    "[]",
    "\"\"",
    "\"\\u0000\"",
    "\"../..\"",
    "\"2024-03-14T25:00:00+14:00\"",
    "\"1:1s\"",
    "-0",
    "1e999",
];

/// A small deterministic random source (xorshift).
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n.max(1) as u64) as usize
    }

    fn pick<'a>(&mut self, from: &[&'a str]) -> &'a str {
        from[self.below(from.len())]
    }
}

/// Values that fit a column, so that most rows reach the writer.
fn fitting(column: &str) -> &'static [&'static str] {
    match column.trim_start_matches('\u{feff}') {
        "full_date" | "date" => &["2024-03-14", "2024-03-15", "2018-05-18", "18 May", "May 18"],
        "year" => &["2018", "2024"],
        "time" => &["10:00 pm", "22:00", "07:30", "12:00 am", "1:05 PM"],
        "mood" => &["rad", " Good ", "meh", "super", "awful"],
        "morning" | "midday" | "evening" | "energy" => &["7", "3", "10", "1", ""],
        "mode" => &["IC", "em", ""],
        "focus_hours" | "meeting_hours" => &["1.5", "0", "24", ""],
        _ => CSV_FIELDS,
    }
}

/// A CSV made of export headers and fields that mostly fit their column,
/// some tricky, some rows of another length.
fn random_csv(rng: &mut Rng) -> String {
    let header = rng.pick(CSV_HEADERS);
    let columns: Vec<&str> = header.split(',').collect();
    let mut text = header.to_owned();
    for _ in 0..rng.below(8) {
        text.push_str(if rng.below(4) == 0 { "\r\n" } else { "\n" });
        let length = match rng.below(5) {
            0 => rng.below(22),
            _ => columns.len(),
        };
        let fields: Vec<&str> = (0..length)
            .map(|i| match (columns.get(i), rng.below(4)) {
                (Some(c), 0..=2) => rng.pick(fitting(c)),
                _ => rng.pick(CSV_FIELDS),
            })
            .collect();
        text.push_str(&fields.join(","));
    }
    text
}

/// The keys of a jrnl entry and of a Day One one, each with a fitting value.
const JRNL: &[(&str, &str)] = &[
    ("title", "\"Shipped it\""),
    ("body", "\"Long day. @work\""),
    ("date", "\"2024-03-14\""),
    ("time", "\"09:30\""),
    ("tags", "[\"@work\"]"),
    ("starred", "true"),
];
const DAY_ONE: &[(&str, &str)] = &[
    ("uuid", "\"A1\""),
    ("creationDate", "\"2024-03-15T03:30:00Z\""),
    ("timeZone", "\"America/New_York\""),
    ("text", "\"# Late\\n\\nbody ![](dayone-moment://X)\""),
    ("tags", "[\"sleep\"]"),
    ("starred", "false"),
];

/// A JSON document shaped like a jrnl or Day One export, or almost: each
/// value mostly fitting, some of another type or tricky.
fn random_json(rng: &mut Rng) -> String {
    let shape = if rng.below(2) == 0 { JRNL } else { DAY_ONE };
    let mut entries = Vec::new();
    for _ in 0..rng.below(6) {
        let mut pairs = Vec::new();
        for (key, value) in shape {
            pairs.push(match rng.below(8) {
                0 => continue,
                1 => format!("\"{}\": {}", rng.pick(JSON_KEYS), rng.pick(JSON_VALUES)),
                2 => format!("\"{key}\": {}", rng.pick(JSON_VALUES)),
                _ => format!("\"{key}\": {value}"),
            });
        }
        entries.push(format!("{{{}}}", pairs.join(", ")));
    }
    let list = format!("[{}]", entries.join(",\n"));
    match rng.below(6) {
        0 => list,
        1 => format!("{{\"entries\": {list}"),
        _ => format!("{{\"metadata\": {{}}, \"entries\": {list}}}"),
    }
}

/// Random CSV and JSON through every importer (the `import` fuzz target's
/// checks): no panic, every problem placed inside the input, entries only
/// inside `content/`, and a second run writing nothing.
#[test]
fn import_random_inputs() {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut written = 0;
    for case in 0..150 {
        let text = match case % 2 {
            0 => random_csv(&mut rng),
            _ => random_json(&mut rng),
        };
        match std::panic::catch_unwind(|| checks::import(text.as_bytes())) {
            Ok(Outcome::Accepted { size }) => written += size,
            Ok(_) => {}
            Err(_) => panic!("case {case} failed on input:\n{text:?}"),
        }
    }
    // The inputs reach the writer, not only the readers' refusals.
    assert!(written >= 50, "only {written} entries written");
}
