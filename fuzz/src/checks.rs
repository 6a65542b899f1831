//! One function per fuzz target: it feeds arbitrary bytes to a part of ebb
//! and panics if a property that must hold for every input does not.
//!
//! Beyond "never panics", the properties are cheap ones: every error has a
//! position inside the input, a valid entry has no errors, and the cheap
//! Markdown scan agrees with the full render.

use std::path::Path;

use ebb::config::Config;
use ebb::content::frontmatter::{self, Node, NodeKind};
use ebb::content::validate::{self, SourceFile};
use ebb::diagnostics::{Diagnostic, Pos};
use ebb::markdown::{self, LinkMap, LinkTarget};
use ebb::slug::is_slug;

/// What an input led to, for the regression tests to check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The input was not UTF-8, which this target does not take.
    Skipped,
    /// Accepted; `size` is the size of what came out (nodes, HTML bytes, ...).
    Accepted { size: usize },
    /// Refused, with the position of the first error.
    Refused { line: usize, col: usize },
}

/// The number of lines a YAML parser can see in `text`: it breaks lines at
/// `\n`, `\r\n` and a lone `\r`.
fn yaml_lines(text: &str) -> usize {
    let bytes = text.as_bytes();
    let lone_cr = bytes
        .iter()
        .enumerate()
        .filter(|&(i, &b)| b == b'\r' && bytes.get(i + 1) != Some(&b'\n'))
        .count();
    bytes.iter().filter(|&&b| b == b'\n').count() + lone_cr + 1
}

/// The number of lines of `text` as diagnostics count them (`\n` only).
fn file_lines(text: &str) -> usize {
    text.bytes().filter(|&b| b == b'\n').count() + 1
}

fn assert_pos_in(pos: Pos, first: usize, last: usize, what: &str) {
    assert!(
        pos.line >= first && pos.line <= last && pos.col >= 1,
        "{what} at {}:{} is outside lines {first}..={last}",
        pos.line,
        pos.col
    );
}

/// Checks every node of a parsed frontmatter tree; returns the number of nodes.
fn walk_nodes(node: &Node, first: usize, last: usize) -> usize {
    assert_pos_in(node.pos, first, last, "a YAML value");
    let _ = node.kind_name();
    match &node.kind {
        NodeKind::Scalar(s) => {
            let _ = (s.is_null(), s.as_bool(), s.as_int(), s.as_f64());
            1
        }
        NodeKind::Seq(items) => {
            1 + items
                .iter()
                .map(|n| walk_nodes(n, first, last))
                .sum::<usize>()
        }
        NodeKind::Map(pairs) => {
            1 + pairs
                .iter()
                .map(|(k, v)| {
                    let _ = frontmatter::key_text(k);
                    walk_nodes(k, first, last) + walk_nodes(v, first, last)
                })
                .sum::<usize>()
        }
    }
}

/// Parses `yaml` as frontmatter starting on line `first`, checking positions.
fn parse_checked(yaml: &str, first: usize) -> Outcome {
    // At the end of input without a final line break the parser stands on
    // the line after the last one. Frontmatter from `split` always ends in a
    // line break; only the direct parse of raw input meets this.
    let unterminated = !yaml.is_empty() && !yaml.ends_with(['\n', '\r']);
    let last = first + yaml_lines(yaml) - 1 + usize::from(unterminated);
    match frontmatter::parse(yaml, first) {
        Ok(root) => {
            assert!(
                matches!(root.kind, NodeKind::Map(_)),
                "frontmatter parsed to something other than a map"
            );
            let size = walk_nodes(&root, first, last);
            let _ = root.to_json();
            Outcome::Accepted { size }
        }
        Err(e) => {
            assert_pos_in(e.pos, first, last, "a YAML error");
            assert!(!e.message.is_empty(), "a YAML error without a message");
            Outcome::Refused {
                line: e.pos.line,
                col: e.pos.col,
            }
        }
    }
}

/// `frontmatter::split` on the text as an entry file holds it, then
/// `frontmatter::parse` on what it found; also `parse` on the whole input.
pub fn frontmatter(data: &[u8]) -> Outcome {
    let Ok(raw) = std::str::from_utf8(data) else {
        return Outcome::Skipped;
    };
    // The parser on its own, fences or not.
    parse_checked(raw, 1);

    let text = validate::normalize(raw);
    match frontmatter::split(&text) {
        Ok(split) => {
            let base = text.as_ptr() as usize;
            let yaml_at = split.yaml.as_ptr() as usize - base;
            let body_at = split.body.as_ptr() as usize - base;
            assert!(yaml_at <= body_at && body_at <= text.len());
            assert_eq!(
                split.yaml_line,
                text[..yaml_at].matches('\n').count() + 1,
                "yaml_line does not match where the frontmatter starts"
            );
            if !split.body.is_empty() {
                assert_eq!(
                    split.body_line,
                    text[..body_at].matches('\n').count() + 1,
                    "body_line does not match where the body starts"
                );
            }
            parse_checked(split.yaml, split.yaml_line)
        }
        Err(e) => {
            assert_pos_in(e.pos, 1, file_lines(&text), "a split error");
            Outcome::Refused {
                line: e.pos.line,
                col: e.pos.col,
            }
        }
    }
}

fn check_diagnostics(diagnostics: &[Diagnostic], lines: usize) {
    for d in diagnostics {
        assert!(
            d.line >= 1 && d.line <= lines && d.column >= 1,
            "diagnostic at {}:{} is outside the file's {lines} lines: {}",
            d.line,
            d.column,
            d.message
        );
        let shown = d.render(false);
        assert!(shown.starts_with(&format!("{}:{}:{}: ", d.path, d.line, d.column)));
    }
}

/// `validate::parse_entry` as `content::load` calls it, under a file name
/// that gives a date and under one that does not.
pub fn entry(data: &[u8]) -> Outcome {
    let lines = match std::str::from_utf8(data) {
        Ok(text) => file_lines(&validate::normalize(text)),
        Err(e) => file_lines(&String::from_utf8_lossy(&data[..e.valid_up_to()])),
    };
    let mut first = None;
    for (path, content_path) in [
        ("content/2026/2026-05-01-fuzz.md", "2026/2026-05-01-fuzz.md"),
        ("content/notes/fuzz.md", "notes/fuzz.md"),
    ] {
        let parsed = validate::parse_entry(SourceFile {
            path: Path::new(path),
            display: path,
            content_path,
            bytes: data,
            metrics: &[],
        });
        check_diagnostics(&parsed.diagnostics, lines);
        let errors = parsed.diagnostics.iter().filter(|d| d.is_error()).count();
        let outcome = match &parsed.entry {
            Some(e) => {
                assert_eq!(errors, 0, "an entry came back along with errors");
                assert_eq!(parsed.tag_positions.len(), e.tags.len());
                assert!(!e.title.trim().is_empty(), "an entry with an empty title");
                assert!(is_slug(&e.slug), "an entry with the slug `{}`", e.slug);
                assert!(e.body_line >= 3, "the body cannot start before line 3");
                Outcome::Accepted { size: e.body.len() }
            }
            None => {
                let first_error = parsed
                    .diagnostics
                    .iter()
                    .find(|d| d.is_error())
                    .expect("an entry was refused without an error");
                Outcome::Refused {
                    line: first_error.line,
                    col: first_error.column,
                }
            }
        };
        first.get_or_insert(outcome);
    }
    first.unwrap_or(Outcome::Skipped)
}

/// The link map the Markdown target renders with: one published entry, one
/// hidden one, and one in another folder.
pub fn link_map() -> LinkMap {
    let mut links = LinkMap::new();
    links.insert(
        "2026/a.md".to_owned(),
        LinkTarget::Published("/2026/05/01/a/".to_owned()),
    );
    links.insert("2026/b.md".to_owned(), LinkTarget::Unpublished);
    links.insert(
        "notes/c.md".to_owned(),
        LinkTarget::Published("/2025/01/02/c/".to_owned()),
    );
    links
}

/// `markdown::render` (with highlighting) on the input as an entry body, and
/// `markdown::scan`, which must find the same headings and links; and the
/// summary made from the first paragraph.
pub fn markdown(data: &[u8]) -> Outcome {
    let Ok(body) = std::str::from_utf8(data) else {
        return Outcome::Skipped;
    };
    const BODY_LINE: usize = 5;
    let links = link_map();
    let rendered = markdown::render(body, BODY_LINE, "2026/fuzz.md", &links);
    let scanned = markdown::scan(body, BODY_LINE, "2026/fuzz.md", &links);
    assert!(scanned.html.is_empty());
    assert_eq!(rendered.headings, scanned.headings);
    // A summary, when there is one, is short text.
    if let Some(summary) = markdown::summary_of(body) {
        assert!(!summary.is_empty() && summary.chars().count() <= markdown::SUMMARY_CHARS + 1);
    }
    assert_eq!(rendered.dead_links, scanned.dead_links);
    assert_eq!(rendered.tag_links, scanned.tag_links);
    assert_eq!(rendered.anchors, scanned.anchors);
    let last = BODY_LINE + file_lines(body) - 1;
    for d in &rendered.dead_links {
        assert_pos_in(d.pos, BODY_LINE, last, "a dead link");
    }
    for (pos, _) in &rendered.tag_links {
        assert_pos_in(*pos, BODY_LINE, last, "a tag link");
    }
    for a in &rendered.anchors {
        assert_pos_in(a.pos, BODY_LINE, last, "an anchor link");
    }
    // Output grows with the input, not faster: a loose bound that a
    // quadratic blow-up would break.
    assert!(
        rendered.html.len() <= 1024 + 1000 * body.len(),
        "{} bytes of HTML from {} bytes of Markdown",
        rendered.html.len(),
        body.len()
    );
    Outcome::Accepted {
        size: rendered.html.len(),
    }
}

/// `Config::parse` on the input as book.toml.
pub fn config(data: &[u8]) -> Outcome {
    let Ok(text) = std::str::from_utf8(data) else {
        return Outcome::Skipped;
    };
    match Config::parse(Path::new("/journal"), "book.toml", text) {
        Ok(c) => {
            assert!(!c.title.trim().is_empty(), "a config with an empty title");
            assert!(c.page_size >= 1 && c.feed_limit >= 1);
            let base = c.base_path();
            assert!(
                base.starts_with('/') && base.ends_with('/'),
                "base path `{base}`"
            );
            let _ = c.absolute("/2026/05/01/a/");
            Outcome::Accepted {
                size: c.authors.len() + 1,
            }
        }
        Err(diagnostics) => {
            assert!(diagnostics.has_errors(), "refused without an error");
            let all: Vec<Diagnostic> = diagnostics.iter().cloned().collect();
            check_diagnostics(&all, file_lines(text));
            let first = diagnostics
                .errors()
                .next()
                .expect("refused without an error");
            Outcome::Refused {
                line: first.line,
                col: first.column,
            }
        }
    }
}

/// A fresh folder for one run of [`import`], removed when dropped.
struct Scratch(std::path::PathBuf);

impl Scratch {
    fn new() -> Scratch {
        static RUNS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = RUNS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let dir = std::env::temp_dir().join(format!("ebb-fuzz-import-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("journal/content")).expect("scratch folder");
        Scratch(dir)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// `import::import` of the input as each format, into one journal, twice:
/// no panic; every problem inside the input; every file written is an
/// entry inside `content/` that reads back as valid; the second run writes
/// nothing. Refused (at the first refusal) when nothing was written and
/// some format refused the whole file.
pub fn import(data: &[u8]) -> Outcome {
    use ebb::import::{Format, Options, Source};

    let scratch = Scratch::new();
    let file = scratch.0.join("export");
    std::fs::write(&file, data).expect("write the input");
    let content = scratch.0.join("journal/content");
    let pages = scratch.0.join("journal/pages");
    let lines = file_lines(&String::from_utf8_lossy(data));
    let source = Source::new(&file);
    let mut options = Options::new(ebb::config::JournalSettings::default());
    options.moods.push((
        "super".to_owned(),
        ebb::content::Level::new(8).expect("a level"),
    ));
    let mut written = 0;
    let mut refused = None;
    for format in Format::ALL {
        for run in 0..2 {
            let journal = ebb::content::load(&content, &pages, &[]);
            assert!(
                !journal.diagnostics.has_errors(),
                "{format:?} wrote an entry with errors: {:?}",
                journal.diagnostics.errors().next()
            );
            match ebb::import::import(format, &source, &content, &journal, &options) {
                Ok(report) => {
                    let all: Vec<Diagnostic> = report.diagnostics.iter().cloned().collect();
                    check_diagnostics(&all, lines);
                    for path in &report.written {
                        assert!(
                            path.starts_with(&content),
                            "{format:?} wrote {}",
                            path.display()
                        );
                    }
                    if run == 1 {
                        assert_eq!(
                            report.written,
                            Vec::<std::path::PathBuf>::new(),
                            "{format:?} wrote again"
                        );
                    }
                    written += report.written.len();
                }
                Err(d) => {
                    check_diagnostics(std::slice::from_ref(&d), lines);
                    refused.get_or_insert(Outcome::Refused {
                        line: d.line,
                        col: d.column,
                    });
                }
            }
        }
    }
    // Nothing beside the input and the entries.
    for e in walkdir_files(&scratch.0) {
        let inside = e.starts_with(&content) && e.extension().is_some_and(|x| x == "md");
        assert!(e == file || inside, "import left {}", e.display());
    }
    match refused {
        Some(outcome) if written == 0 => outcome,
        _ => Outcome::Accepted { size: written },
    }
}

/// Every file under `dir`, with plain `std::fs` (the fuzz crate has no walker).
fn walkdir_files(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let path = e.path();
            match e.file_type() {
                Ok(t) if t.is_dir() => todo.push(path),
                _ => files.push(path),
            }
        }
    }
    files
}
