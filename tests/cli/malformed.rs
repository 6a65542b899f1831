//! A corpus of malformed journals. Each case is a broken input and what both
//! `ebb check` and `ebb build` must make of it: either errors given exactly as
//! `path:line:col: error: message` (exit code 1, nothing written), or a
//! correct site, where HTML from frontmatter is escaped in every output file.
//! Never a panic, never a crash, never a hang (every run is killed after 60 s
//! and the case fails), and nothing but visible text on the terminal.
//!
//! The cases are rows of [`CASES`]: adding one is one row. Big inputs (1 MB
//! lines, 100,000 tags, 10,000 levels of nesting) are made when the test runs;
//! the 1 MB lines are also tried at 10 MB ([`BIG_CASES`], run by
//! `cargo test -- --ignored`).
//! The one-rule fixtures of `tests/fixtures/invalid/` (see errors.rs) are not
//! repeated here. Cases that depend on who runs the test (unreadable files)
//! have their own tests below the table.

use std::io::Read;
use std::path::Path;
use std::process::Stdio;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use super::support::{TestJournal, ebb, snapshot_tree};

/// A run that takes longer than this is a hang.
const DEADLINE: Duration = Duration::from_secs(60);

/// What a case writes at a path of the journal.
enum Input {
    Text(&'static str),
    Bytes(&'static [u8]),
    /// Made when the test runs (big inputs).
    Made(fn() -> Vec<u8>),
    /// A symbolic link to this target.
    Link(&'static str),
    /// An empty folder.
    Folder,
    /// A named pipe: reading it would block forever.
    Fifo,
}

/// What `check` and `build` must both do.
enum Expect {
    /// Exit code 1 with exactly these error lines, and no site written.
    Errors(&'static [&'static str]),
    /// Exit code 1 with an error line that starts with `path:line:col: error:`
    /// and holds each of these words (for messages from the YAML and TOML parsers).
    ErrorLike(&'static str, &'static [&'static str]),
    /// Success: each page exists and holds its text.
    Pages(&'static [(&'static str, &'static str)]),
    /// Success with this warning line from `check`, and the pages.
    Warns(&'static str, &'static [(&'static str, &'static str)]),
}

use Expect::{ErrorLike, Errors, Pages, Warns};
use Input::{Bytes, Fifo, Folder, Link, Made, Text};

struct Case {
    name: &'static str,
    files: &'static [(&'static str, Input)],
    expect: Expect,
}

/// A valid entry, so a journal has something to build besides the broken part.
const FINE: (&str, Input) = (
    "content/2024-01-01-fine.md",
    Text("---\ntitle: Fine\nmode: IC\nenergy: 5\n---\nA fine day.\n"),
);
const FINE_PAGE: (&str, &str) = ("2024/01/01/fine/index.html", "A fine day.");

/// HTML that frontmatter carries in the cases below. None of it may appear
/// as markup in any output file; all of it calls `ebb(`.
const PAYLOADS: &[&str] = &[
    "<script>ebb(",
    "<img src=x onerror=ebb(",
    "<svg onload=ebb(",
    "<b>ebb(",
];

#[rustfmt::skip]
const CASES: &[Case] = &[
    // Nesting and aliases.
    Case { name: "10,000 levels of [", files: &[("content/2024-02-01-deep.md", Made(deep_flow_list))], expect: Errors(&["content/2024-02-01-deep.md:3:259: error: frontmatter is nested too deeply"]) },
    Case { name: "10,000 levels of {", files: &[("content/2024-02-01-deep.md", Made(deep_flow_map))], expect: Errors(&["content/2024-02-01-deep.md:3:259: error: frontmatter is nested too deeply"]) },
    Case { name: "10,000 levels of - ", files: &[("content/2024-02-01-deep.md", Made(deep_block_list))], expect: Errors(&["content/2024-02-01-deep.md:4:65: error: frontmatter is nested too deeply"]) },
    Case { name: "1,000 levels of key:", files: &[("content/2024-02-01-deep.md", Made(deep_block_map))], expect: Errors(&["content/2024-02-01-deep.md:35:33: error: frontmatter is nested too deeply"]) },
    Case { name: "billion laughs", files: &[("content/2024-02-02-lol.md", Made(billion_laughs))], expect: Errors(&["content/2024-02-02-lol.md:4:8: error: YAML aliases (`*name`) are not supported in frontmatter; write the value out"]) },
    Case { name: "an anchor without an alias is fine", files: &[("content/2024-02-03-anchor.md", Text("---\ntitle: &t Anchored\n---\nBody.\n"))], expect: Pages(&[("2024/02/03/anchor/index.html", "Anchored")]) },
    // The shape of the frontmatter.
    Case { name: "duplicate key", files: &[("content/2024-02-04-dup.md", Text("---\ntitle: A\nmode: IC\ntitle: B\n---\n"))], expect: Errors(&["content/2024-02-04-dup.md:4:1: error: `title` is given twice"]) },
    Case { name: "duplicate key, once quoted", files: &[("content/2024-02-04-dup.md", Text("---\ntitle: A\n\"title\": B\n---\n"))], expect: Errors(&["content/2024-02-04-dup.md:3:1: error: `title` is given twice"]) },
    Case { name: "frontmatter is a list", files: &[("content/2024-02-05-list.md", Text("---\n- title\n- mode\n---\n"))], expect: Errors(&["content/2024-02-05-list.md:2:1: error: frontmatter must be a map of `key: value` lines, found a list"]) },
    Case { name: "frontmatter is a scalar", files: &[("content/2024-02-05-scalar.md", Text("---\njust some words\n---\n"))], expect: Errors(&["content/2024-02-05-scalar.md:2:1: error: frontmatter must be a map of `key: value` lines, found text"]) },
    Case { name: "empty frontmatter", files: &[("content/2024-02-06-empty.md", Text("---\n---\nBody.\n"))], expect: Errors(&["content/2024-02-06-empty.md:1:1: error: missing `title`: every entry needs a title"]) },
    Case { name: "no closing fence, and the body has ---", files: &[("content/2024-02-07-open.md", Text("---\ntitle: Open\n\nSome prose here\n---\nmore\n"))], expect: Errors(&["content/2024-02-07-open.md:4:1: error: invalid YAML in frontmatter: `Some prose here` is not a `key: value` line (if it is the body, add the closing `---` above it)"]) },
    Case { name: "only a BOM", files: &[("content/2024-02-08-bom.md", Text("\u{feff}"))], expect: Errors(&["content/2024-02-08-bom.md:1:1: error: empty file: an entry starts with a `---` line, its frontmatter, and a closing `---` line"]) },
    Case { name: "all NUL bytes", files: &[("content/2024-02-09-nul.md", Bytes(&[0; 4096]))], expect: Errors(&["content/2024-02-09-nul.md:1:1: error: missing frontmatter: an entry must start with a `---` line (then `title:` and the other keys, then `---`)"]) },
    Case { name: "a key of 100,000 characters", files: &[("content/2024-02-10-key.md", Made(long_key))], expect: Errors(&["content/2024-02-10-key.md:3:1: error: invalid YAML in frontmatter: a key must be at most 1024 characters long"]) },
    Case { name: "tab indentation", files: &[("content/2024-02-11-tab.md", Text("---\ntitle: Tabs\nenergy:\n\tmorning: 5\n---\n"))], expect: ErrorLike("content/2024-02-11-tab.md:4:1", &["invalid YAML", "a tab is here: use spaces"]) },
    Case { name: "a tab after a colon", files: &[("content/2024-02-11-tab.md", Text("---\ntitle:\tTabs\n---\n"))], expect: ErrorLike("content/2024-02-11-tab.md:2:7", &["invalid YAML", "a tab is here: use spaces"]) },
    Case { name: "a colon inside a title", files: &[("content/2024-02-21-retro.md", Text("---\ntitle: Retro: what went wrong\nmode: IC\n---\n"))], expect: Errors(&["content/2024-02-21-retro.md:2:13: error: invalid YAML in frontmatter: a value that contains `: ` must be in quotes; write `title: \"Retro: what went wrong\"`"]) },
    Case { name: "a colon inside a title with double quotes", files: &[("content/2024-02-21-hi.md", Text("---\nmode: IC\ntitle: Say \"hi\": then go\n---\n"))], expect: Errors(&["content/2024-02-21-hi.md:3:16: error: invalid YAML in frontmatter: a value that contains `: ` must be in quotes; write `title: 'Say \"hi\": then go'`"]) },
    Case { name: "a tab before a check-in", files: &[("content/2024-02-22-tab.md", Text("---\ntitle: Tabs\nmode: IC\ntags: [a]\nenergy:\n  morning: 5\n\tmidday: 6\n---\n"))], expect: Errors(&["content/2024-02-22-tab.md:7:1: error: invalid YAML in frontmatter: YAML indents with spaces, not tabs (a tab is here: use spaces)"]) },
    Case { name: "a tab before a key, after the date", files: &[("content/2024-02-22-tab.md", Text("---\ntitle: Tabs\ndate: 2024-02-22\n\ttags: [a]\n---\n"))], expect: Errors(&["content/2024-02-22-tab.md:4:1: error: invalid YAML in frontmatter: YAML indents with spaces, not tabs (a tab is here: use spaces)"]) },
    Case { name: "an unclosed [", files: &[("content/2024-02-23-open.md", Text("---\ntitle: Open\ntags: [a, b\n---\nBody.\n"))], expect: Errors(&["content/2024-02-23-open.md:3:7: error: invalid YAML in frontmatter: this `[` is not closed; add `]` after the last item"]) },
    Case { name: "an unclosed {", files: &[("content/2024-02-23-open.md", Text("---\ntitle: Open\nenergy: {morning: 5, evening: 6\n\n---\nBody.\n"))], expect: Errors(&["content/2024-02-23-open.md:3:9: error: invalid YAML in frontmatter: this `{` is not closed; add `}` after the last `key: value`"]) },
    Case { name: "CRLF mixed with LF", files: &[("content/2024-02-12-mixed.md", Bytes(b"---\r\ntitle: Mixed\nmode: IC\r\nenergy: 11\n---\r\nBody\r\n"))], expect: Errors(&["content/2024-02-12-mixed.md:4:9: error: `energy` must be from 1 to 10, found `11`"]) },
    Case { name: "old Mac line endings (CR only)", files: &[("content/2024-02-13-cr.md", Bytes(b"---\rtitle: Carriage\rmode: IC\renergy: 5\r---\rBody.\r"))], expect: Pages(&[("2024/02/13/cr/index.html", "Carriage")]) },
    // Big inputs (the same at 10 MB are in BIG_CASES).
    Case { name: "a 1 MB line in the body", files: &[("content/2024-02-14-big.md", Made(mb_body_line))], expect: Pages(&[("2024/02/14/big/index.html", "xxxxxxxxxx")]) },
    Case { name: "a 1 MB line in the frontmatter", files: &[("content/2024-02-15-big.md", Made(mb_extra))], expect: Pages(&[("2024/02/15/big/index.html", "Big")]) },
    Case { name: "an error at the end of a 1 MB frontmatter line", files: &[("content/2024-02-16-big.md", Made(mb_frontmatter_line))], expect: Errors(&["content/2024-02-16-big.md:3:1000031: error: the evening check-in must be from 1 to 10, found `11`"]) },
    Case { name: "100,000 tags", files: &[("content/2024-02-17-tags.md", Made(hundred_thousand_tags))], expect: Errors(&["content/2024-02-17-tags.md:3:7: error: an entry can have at most 100 tags, found 100000"]) },
    Case { name: "100 tags, the most allowed", files: &[("content/2024-02-18-tags.md", Made(hundred_tags))], expect: Pages(&[("2024/02/18/tags/index.html", "t99"), ("tags/t99/index.html", "t99")]) },
    Case { name: "a title of 100,000 characters", files: &[("content/2024-02-19-long.md", Made(long_title))], expect: Pages(&[("2024/02/19/long/index.html", "zzzzzzzzzz")]) },
    Case { name: "5,000 extra keys", files: &[("content/2024-02-20-keys.md", Made(many_keys))], expect: Pages(&[("2024/02/20/keys/index.html", "Keys")]) },
    // Tags.
    Case { name: "tags that slugify to nothing", files: &[("content/2024-03-01-empty-tags.md", Text("---\ntitle: T\ntags: [\"   \", \"---\", \"…\", ok]\n---\n"))], expect: Errors(&["content/2024-03-01-empty-tags.md:3:8: error: a tag is empty: write a word or remove it", "content/2024-03-01-empty-tags.md:3:15: error: tag `---` has no letters or digits, so it cannot have a URL", "content/2024-03-01-empty-tags.md:3:22: error: tag `…` has no letters or digits, so it cannot have a URL"]) },
    Case { name: "a tag that is emoji only", files: &[("content/2024-03-02-emoji.md", Text("---\ntitle: Party\ntags: [\"🎉\"]\n---\n"))], expect: Pages(&[("tags/tada/index.html", "🎉")]) },
    Case { name: "tags with commas, slashes and ..", files: &[("content/2024-03-03-paths.md", Text("---\ntitle: Paths\ntags: [\"a,b\", \"c/d\", \"../../etc\", \"x/../y\"]\n---\n"))], expect: Pages(&[("tags/a-b/index.html", "a,b"), ("tags/c-d/index.html", "c/d"), ("tags/etc/index.html", "../../etc"), ("tags/x-y/index.html", "x/../y")]) },
    Case { name: "a tag that is only dots", files: &[("content/2024-03-04-dots.md", Text("---\ntitle: Dots\ntags: [\"..\"]\n---\n"))], expect: Errors(&["content/2024-03-04-dots.md:3:8: error: tag `..` has no letters or digits, so it cannot have a URL"]) },
    Case { name: "tags that are lists, maps and nothing", files: &[("content/2024-03-05-shapes.md", Text("---\ntitle: Shapes\ntags: [[a], {b: c}, ~]\n---\n"))], expect: Errors(&["content/2024-03-05-shapes.md:3:8: error: each tag must be text, found a list", "content/2024-03-05-shapes.md:3:13: error: each tag must be text, found a map", "content/2024-03-05-shapes.md:3:21: error: each tag must be text, found nothing"]) },
    // HTML and control characters.
    Case { name: "HTML in every frontmatter value", files: &[("content/2024-03-06-html.md", Text("---\ntitle: \"<script>ebb(1)</script> & <b>ebb(2)</b>\"\nsummary: \"<img src=x onerror=ebb(3)>\"\ntags: [\"<script>ebb(4)</script>\", \"<svg onload=ebb(5)>\"]\nmood: \"<script>ebb(6)</script>\"\nmode: IC\nenergy: 5\n---\nBody.\n"))], expect: Pages(&[("2024/03/06/html/index.html", "&lt;script&gt;ebb(1)&lt;/script&gt; &amp; &lt;b&gt;ebb(2)&lt;/b&gt;"), ("tags/script-ebb-4-script/index.html", "&lt;script&gt;ebb(4)&lt;/script&gt;")]) },
    Case { name: "HTML in a page's title", files: &[FINE, ("pages/about.md", Text("---\ntitle: \"<script>ebb(7)</script>\"\n---\nAbout.\n"))], expect: Pages(&[("about/index.html", "&lt;script&gt;ebb(7)&lt;/script&gt;")]) },
    Case { name: "HTML in book.toml", files: &[FINE, ("book.toml", Text("[book]\ntitle = \"<script>ebb(8)</script>\"\ndescription = \"<b>ebb(9)</b>\"\nauthors = [\"<img src=x onerror=ebb(10)>\"]\nlanguage = 'en\"><script>ebb(12)</script>'\n"))], expect: Pages(&[FINE_PAGE, ("index.html", "&lt;script&gt;ebb(8)&lt;/script&gt;")]) },
    Case { name: "control characters written as escapes", files: &[("content/2024-03-07-ctrl.md", Text("---\ntitle: \"A\\0B\\eC\\x85D\\u2028E\\u202eF\"\ntags: [\"x\\0y\", \"\\u202egnp\"]\nmode: IC\nenergy: 5\n---\nBody \u{1b}[31m red \u{85} \u{2028} \u{202e} \u{7f}\n"))], expect: Pages(&[("2024/03/07/ctrl/index.html", "red"), ("tags/gnp/index.html", "gnp")]) },
    Case { name: "raw control characters", files: &[("content/2024-03-08-raw.md", Bytes(b"---\ntitle: A\x00B\x1b[2JC\nmode: IC\nenergy: 5\n---\nBody \x00\x1b]0;title\x07 \x08\n"))], expect: Pages(&[("2024/03/08/raw/index.html", "Body")]) },
    Case { name: "a control character in an error", files: &[("content/2024-03-09-esc.md", Bytes(b"---\ntitle: T\nmode: \x1b[2J\n---\n"))], expect: Errors(&["content/2024-03-09-esc.md:3:7: error: `mode` must be IC or EM, found `\u{241b}[2J`"]) },
    // Numbers.
    Case { name: "energy 1e309", files: &[("content/2024-04-01-e.md", Text("---\ntitle: T\nenergy: 1e309\n---\n"))], expect: Errors(&["content/2024-04-01-e.md:3:9: error: `energy` must be from 1 to 10, found `1e309`"]) },
    Case { name: "energy past i64", files: &[("content/2024-04-02-e.md", Text("---\ntitle: T\nenergy: 99999999999999999999\n---\n"))], expect: Errors(&["content/2024-04-02-e.md:3:9: error: `energy` must be from 1 to 10, found `99999999999999999999`"]) },
    Case { name: "a check-in of 1e309", files: &[("content/2024-04-03-e.md", Text("---\ntitle: T\nenergy: {morning: -1e309}\n---\n"))], expect: Errors(&["content/2024-04-03-e.md:3:19: error: the morning check-in must be from 1 to 10, found `-1e309`"]) },
    Case { name: "NaN and infinite hours", files: &[("content/2024-04-04-h.md", Text("---\ntitle: T\nfocus_hours: .nan\nmeeting_hours: .inf\n---\n"))], expect: Errors(&["content/2024-04-04-h.md:3:14: error: `focus_hours` must be a number of hours, found `.nan`", "content/2024-04-04-h.md:4:16: error: `meeting_hours` must be a number of hours, found `.inf`"]) },
    Case { name: "NaN, inf and 1e309 hours, spelt otherwise", files: &[("content/2024-04-05-h.md", Text("---\ntitle: T\nfocus_hours: NaN\nmeeting_hours: 1e309\n---\n"))], expect: Errors(&["content/2024-04-05-h.md:3:14: error: `focus_hours` must be a number of hours, found `NaN`", "content/2024-04-05-h.md:4:16: error: `meeting_hours` must be between 0 and 24 hours, found `1e309`"]) },
    Case { name: "a quoted boolean and a quoted number", files: &[("content/2024-04-06-q.md", Text("---\ntitle: T\ndraft: \"true\"\nenergy: '7'\n---\n"))], expect: Errors(&["content/2024-04-06-q.md:3:8: error: `draft` must be true or false, found `true` in quotes (quotes make it text; remove them)", "content/2024-04-06-q.md:4:9: error: `energy` must be from 1 to 10, found `7` in quotes (quotes make it text; remove them)"]) },
    // Check-ins as maps: `{ score, tags, note }`, each mistake at its value.
    Case { name: "an unknown key in a check-in", files: &[("content/2024-08-01-key.md", Text("---\ntitle: Key\nmode: IC\nenergy:\n  morning: { score: 6, mood: calm }\n---\n"))], expect: Errors(&["content/2024-08-01-key.md:5:24: error: unknown key `mood` in the morning check-in: a check-in takes score, tags and note"]) },
    Case { name: "a misspelt score in a check-in", files: &[("content/2024-08-02-typo.md", Text("---\ntitle: Typo\nmode: IC\nenergy: { morning: { scor: 6 } }\n---\n"))], expect: Errors(&["content/2024-08-02-typo.md:4:22: error: unknown key `scor` in the morning check-in (did you mean `score`?): a check-in takes score, tags and note"]) },
    Case { name: "a check-in's score out of range", files: &[("content/2024-08-03-range.md", Text("---\ntitle: Range\nmode: EM\nenergy: { midday: { score: 11, tags: [incident] } }\n---\n"))], expect: Errors(&["content/2024-08-03-range.md:4:28: error: the midday check-in's `score` must be from 1 to 10, found `11`"]) },
    Case { name: "a check-in's tags that are not a list", files: &[("content/2024-08-04-tags.md", Text("---\ntitle: Tags\nmode: EM\nenergy:\n  evening: { score: 4, tags: incident }\n---\n"))], expect: Errors(&["content/2024-08-04-tags.md:5:30: error: `tags` must be a list like `[deep-work, one-on-ones]`, found text"]) },
    Case { name: "a check-in's note that is a list", files: &[("content/2024-08-05-note.md", Text("---\ntitle: Note\nmode: EM\nenergy:\n  morning:\n    score: 5\n    note: [paged, at, ten]\n---\n"))], expect: Errors(&["content/2024-08-05-note.md:7:11: error: `note` must be text, found a list"]) },
    Case { name: "a check-in that is a list", files: &[("content/2024-08-06-list.md", Text("---\ntitle: List\nmode: EM\nenergy: { morning: 7, midday: [4, incident] }\n---\n"))], expect: Errors(&["content/2024-08-06-list.md:4:31: error: the midday check-in must be a number from 1 to 10, or `{ score: 4, tags: [incident], note: \"paged at 10\" }`"]) },
    Case { name: "a check-in with tags and a note but no score", files: &[("content/2024-08-07-noscore.md", Text("---\ntitle: No score\nmode: EM\nenergy:\n  morning: 6\n  midday: { tags: [incident], note: \"<script>ebb(13)</script> paged at 10\" }\n---\nBody.\n"))], expect: Warns("content/2024-08-07-noscore.md:6:3: warning: the midday check-in has no `score` (not recorded); its tags still count as the entry's", &[("2024/08/07/noscore/index.html", "&lt;script&gt;ebb(13)&lt;/script&gt; paged at 10"), ("tags/incident/index.html", "No score"), ("weeks/2024-W32/index.html", "paged at 10")]) },
    // Dates.
    Case { name: "year 0", files: &[("content/year-zero.md", Text("---\ntitle: Zero\ndate: 0000-01-01\nmode: IC\nenergy: 5\n---\n"))], expect: Errors(&["content/year-zero.md:3:7: error: `0000-01-01` is in year 0; a year must be from 1 to 9999"]) },
    Case { name: "year 9999", files: &[("content/9999-12-31-last.md", Text("---\ntitle: Last\nmode: EM\nenergy: 5\n---\n"))], expect: Pages(&[("9999/12/31/last/index.html", "Last"), ("weeks/9999-W52/index.html", "Last")]) },
    Case { name: "year 10000", files: &[("content/far.md", Text("---\ntitle: Far\ndate: 10000-01-01\n---\n"))], expect: Errors(&["content/far.md:3:7: error: `date` must be YYYY-MM-DD or an RFC 3339 date and time (2024-03-14T09:30:00+01:00), found `10000-01-01`"]) },
    Case { name: "a negative year", files: &[("content/bc.md", Text("---\ntitle: BC\ndate: -0044-03-15\n---\n"))], expect: Errors(&["content/bc.md:3:7: error: `date` must be YYYY-MM-DD or an RFC 3339 date and time (2024-03-14T09:30:00+01:00), found `-0044-03-15`"]) },
    Case { name: "23:30 at -05:00, the day before the file name", files: &[("content/2026-03-02-late.md", Text("---\ntitle: Late\ndate: 2026-03-01T23:30:00-05:00\nmode: IC\nenergy: 5\n---\n"))], expect: Pages(&[("2026/03/01/late/index.html", "Late")]) },
    Case { name: "00:30 at +14:00 stays on its day", files: &[("content/early.md", Text("---\ntitle: Early\ndate: 2026-03-01T00:30:00+14:00\nmode: IC\nenergy: 5\n---\n"))], expect: Pages(&[("2026/03/01/early/index.html", "Early")]) },
    Case { name: "an offset of +25:00", files: &[("content/off.md", Text("---\ntitle: Off\ndate: 2026-03-01T23:30:00+25:00\n---\n"))], expect: ErrorLike("content/off.md:3:7", &["`date` must be YYYY-MM-DD", "found `2026-03-01T23:30:00+25:00`"]) },
    Case { name: "a date that is a number", files: &[("content/num.md", Text("---\ntitle: N\ndate: 20240101\n---\n"))], expect: ErrorLike("content/num.md:3:7", &["`date` must be YYYY-MM-DD", "found `20240101`"]) },
    Case { name: "a date that is a list", files: &[("content/list.md", Text("---\ntitle: L\ndate: [2024-01-01]\n---\n"))], expect: Errors(&["content/list.md:3:7: error: `date` must be text, found a list"]) },
    Case { name: "a date that is a map", files: &[("content/map.md", Text("---\ntitle: M\ndate: {year: 2024}\n---\n"))], expect: Errors(&["content/map.md:3:7: error: `date` must be text, found a map"]) },
    // Slugs and routes.
    Case { name: "titles named like the site's routes", files: &[("content/2024-05-01.md", Text("---\ntitle: tags\n---\n")), ("content/2024-05-02.md", Text("---\ntitle: trends\n---\n")), ("content/2024-05-03.md", Text("---\ntitle: weeks\n---\n")), ("content/2024-05-04.md", Text("---\ntitle: search\n---\n")), ("content/2024-05-05.md", Text("---\ntitle: \"404\"\n---\n"))], expect: Pages(&[("2024/05/01/tags/index.html", "tags"), ("2024/05/02/trends/index.html", "trends"), ("2024/05/03/weeks/index.html", "weeks"), ("2024/05/04/search/index.html", "search"), ("2024/05/05/404/index.html", "404"), ("tags/index.html", "Tags"), ("404.html", "")]) },
    Case { name: "pages named like the site's routes", files: &[FINE, ("pages/tags.md", Text("---\ntitle: Tags\n---\n")), ("pages/404.md", Text("---\ntitle: Lost\n---\n"))], expect: Errors(&["pages/404.md:1:1: error: a page cannot be called `404`: the site uses /404/; rename the file", "pages/tags.md:1:1: error: a page cannot be called `tags`: the site uses /tags/; rename the file"]) },
    Case { name: "a slug that climbs out", files: &[("content/2024-05-06-s.md", Text("---\ntitle: S\nslug: ../../etc\n---\n"))], expect: Errors(&["content/2024-05-06-s.md:3:7: error: `slug` must be lowercase ASCII words joined by `-` (like `etc`), found `../../etc`"]) },
    // File names and the file system.
    Case { name: "spaces, accents, CJK and emoji in file names", files: &[("content/2024-06-01-with spaces.md", Text("---\ntitle: Spaces\n---\n")), ("content/2024-06-02-café.md", Text("---\ntitle: Café\n---\n")), ("content/2024-06-03-日本語.md", Text("---\ntitle: CJK\n---\n")), ("content/2024-06-04-🎉.md", Text("---\ntitle: Party\n---\n"))], expect: Pages(&[("2024/06/01/with-spaces/index.html", "Spaces"), ("2024/06/02/cafe/index.html", "Café"), ("2024/06/03/ri-ben-yu/index.html", "CJK"), ("2024/06/04/tada/index.html", "Party")]) },
    Case { name: "one name in NFC and NFD", files: &[("content/2024-06-05-caf\u{e9}.md", Text("---\ntitle: Composed\n---\n")), ("content/2024-06-05-cafe\u{301}.md", Text("---\ntitle: Decomposed\n---\n"))], expect: Errors(&["content/2024-06-05-caf\u{e9}.md:1:1: error: `content/2024-06-05-caf\u{e9}.md` has the same date (2024-06-05) and slug (`cafe`) as `content/2024-06-05-cafe\u{301}.md` (`content/2024-06-05-cafe\u{301}.md` writes an accent as a separate combining character, so the names look alike); change one slug"]) },
    Case { name: ".markdown, .MD and .Md files", files: &[FINE, ("content/2024-06-06-a.markdown", Text("---\ntitle: A\n---\n")), ("content/2024-06-07-b.MD", Text("---\ntitle: B\n---\n")), ("content/2024-06-08-c.Md", Text("---\ntitle: C\n---\n"))], expect: Warns("content/2024-06-07-b.MD:1:1: warning: not read: only `.md` files are read, and this one ends in `.MD`; rename it to end in `.md`", &[FINE_PAGE]) },
    Case { name: "a folder named like an entry", files: &[FINE, ("content/2024-06-09-x.md", Folder), ("content/2024-06-10-y.md/2024-06-11-inner.md", Text("---\ntitle: Inner\n---\n"))], expect: Pages(&[FINE_PAGE, ("2024/06/11/inner/index.html", "Inner")]) },
    Case { name: "a symbolic link loop", files: &[FINE, ("content/sub/loop", Link(".."))], expect: Warns("content/sub/loop:1:1: warning: a symbolic link here loops back to a folder that contains it; it is skipped", &[FINE_PAGE]) },
    Case { name: "a symbolic link out of the journal", files: &[FINE, ("elsewhere/2024-06-12-kept.md", Text("---\ntitle: Kept elsewhere\n---\n")), ("content/linked", Link("../elsewhere"))], expect: Pages(&[FINE_PAGE, ("2024/06/12/kept/index.html", "Kept elsewhere")]) },
    Case { name: "a dangling symbolic link", files: &[FINE, ("content/2024-06-13-gone.md", Link("nowhere.md"))], expect: Errors(&["content/2024-06-13-gone.md:1:1: error: a symbolic link to `nowhere.md`, which does not exist"]) },
    Case { name: "a named pipe", files: &[FINE, ("content/2024-06-14-pipe.md", Fifo)], expect: Warns("content/2024-06-14-pipe.md:1:1: warning: not read: this is not a regular file (a named pipe, socket or device)", &[FINE_PAGE]) },
    // book.toml.
    Case { name: "book.toml with wrong types", files: &[FINE, ("book.toml", Text("[book]\ntitle = 5\nauthors = \"Ada\"\n[site]\npage-size = 1.5\n[feed]\nlimit = -1\n[markdown]\nhighlight-theme = 7\n"))], expect: Errors(&["book.toml:2:9: error: `title` in [book] must be text in quotes", "book.toml:3:11: error: `authors` in [book] must be a list of names, like [\"Ada\"]", "book.toml:5:13: error: `page-size` in [site] must be a whole number of at least 1", "book.toml:7:9: error: `limit` in [feed] must be a whole number of at least 1", "book.toml:9:19: error: `highlight-theme` in [markdown] must be text in quotes"]) },
    Case { name: "book.toml with [[book]]", files: &[FINE, ("book.toml", Text("[[book]]\ntitle = \"T\"\n"))], expect: Errors(&["book.toml:1:1: error: `book` must be a section (`[book]`)", "book.toml:1:1: error: missing `title` in [book]: add `[book]` and `title = \"My journal\"`"]) },
    Case { name: "an unknown theme", files: &[FINE, ("book.toml", Text("[book]\ntitle = \"T\"\n[site]\ntheme = \"nope\"\n"))], expect: Errors(&["book.toml:4:9: error: theme `nope` not found: expected a folder themes/nope"]) },
    Case { name: "a theme outside themes/", files: &[FINE, ("book.toml", Text("[book]\ntitle = \"T\"\n[site]\ntheme = \"../../etc\"\n"))], expect: Errors(&["book.toml:4:9: error: `theme` in [site] must be the name of a folder in themes/, found `../../etc`"]) },
    Case { name: "a base-url that is not a URL", files: &[FINE, ("book.toml", Text("[book]\ntitle = \"T\"\n[site]\nbase-url = \"my site\"\n"))], expect: Errors(&["book.toml:4:12: error: `base-url` in [site] must start with https:// or http://, like \"https://example.org/journal/\", found `my site`"]) },
    Case { name: "a base-url with markup", files: &[FINE, ("book.toml", Text("[book]\ntitle = \"T\"\n[site]\nbase-url = 'https://x.example/\"><script>ebb(11)</script>'\n"))], expect: ErrorLike("book.toml:4:12", &["must be a plain URL", "found `https://x.example/\"><script>ebb(11)</script>`"]) },
    Case { name: "book.toml that is not UTF-8", files: &[FINE, ("book.toml", Bytes(b"[book]\ntitle = \"caf\xe9\"\n"))], expect: Errors(&["book.toml:2:13: error: file is not valid UTF-8 (byte 0xE9); save it as UTF-8"]) },
    Case { name: "book.toml with dotted keys and inline tables", files: &[FINE, ("book.toml", Text("site.base-url = \"x\"\nbook = { title = \"T\", titel = 2 }\n[feed]\nlimit = 0\n"))], expect: Errors(&["book.toml:1:17: error: `base-url` in [site] must start with https:// or http://, like \"https://example.org/journal/\", found `x`", "book.toml:2:23: error: unknown key `titel` in [book]; did you mean `title`?", "book.toml:4:9: error: `limit` in [feed] must be a whole number of at least 1"]) },
    Case { name: "book.toml with a key given twice", files: &[FINE, ("book.toml", Text("[book]\ntitle = \"T\"\n\"title\" = \"U\"\n"))], expect: Errors(&["book.toml:3:1: error: invalid TOML: duplicate key"]) },
    Case { name: "book.toml with two syntax slips", files: &[FINE, ("book.toml", Text("[book]\ntitle = \"T\" x\n[feed]\nlimit = = 3\n"))], expect: Errors(&["book.toml:2:13: error: invalid TOML: unexpected key or value, expected newline, `#`", "book.toml:4:9: error: invalid TOML: extra `=`, expected nothing"]) },
    Case { name: "book.toml nested 10,000 deep", files: &[FINE, ("book.toml", Made(deep_toml))], expect: ErrorLike("book.toml:4:", &["invalid TOML", "recurs"]) },
];

/// The 1 MB lines of [`CASES`] at 10 MB: the debug build takes half a
/// minute on them, so `cargo test -- --ignored` runs them.
#[rustfmt::skip]
const BIG_CASES: &[Case] = &[
    Case { name: "a 10 MB line in the body", files: &[("content/2024-02-14-big.md", Made(big_body_line))], expect: Pages(&[("2024/02/14/big/index.html", "xxxxxxxxxx")]) },
    Case { name: "a 10 MB line in the frontmatter", files: &[("content/2024-02-15-big.md", Made(big_extra))], expect: Pages(&[("2024/02/15/big/index.html", "Big")]) },
    Case { name: "an error at the end of a 10 MB frontmatter line", files: &[("content/2024-02-16-big.md", Made(big_frontmatter_line))], expect: Errors(&["content/2024-02-16-big.md:3:10000031: error: the evening check-in must be from 1 to 10, found `11`"]) },
];

fn deep_flow_list() -> Vec<u8> {
    format!("---\ntitle: Deep\nx: {}\n---\n", "[".repeat(10_000)).into_bytes()
}

fn deep_flow_map() -> Vec<u8> {
    format!("---\ntitle: Deep\nx: {}\n---\n", "{".repeat(10_000)).into_bytes()
}

fn deep_block_list() -> Vec<u8> {
    format!("---\ntitle: Deep\nx:\n  {}y\n---\n", "- ".repeat(10_000)).into_bytes()
}

fn deep_block_map() -> Vec<u8> {
    let nested: String = (0..1_000)
        .map(|i| format!("{}a:\n", " ".repeat(i)))
        .collect();
    format!("---\ntitle: Deep\n{nested}---\n").into_bytes()
}

/// Ten levels of nine aliases each: 10⁹ strings if aliases were expanded.
fn billion_laughs() -> Vec<u8> {
    let mut yaml =
        String::from("---\ntitle: Laughs\na: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for level in 1..10u8 {
        let (name, prev) = ((b'a' + level) as char, (b'a' + level - 1) as char);
        let refs = vec![format!("*{prev}"); 9].join(", ");
        yaml.push_str(&format!("{name}: &{name} [{refs}]\n"));
    }
    yaml.push_str("---\n");
    yaml.into_bytes()
}

fn long_key() -> Vec<u8> {
    format!("---\ntitle: Key\n{}: 1\n---\n", "k".repeat(100_000)).into_bytes()
}

fn body_line(len: usize) -> Vec<u8> {
    format!("---\ntitle: Big\n---\n{}\n", "x".repeat(len)).into_bytes()
}

fn mb_body_line() -> Vec<u8> {
    body_line(1_000_000)
}

fn big_body_line() -> Vec<u8> {
    body_line(10_000_000)
}

/// A 10 MB value of a key of its own (kept under `extra`). A title that long
/// works too, but is copied into a dozen pages, feeds and indexes, which
/// takes the debug build most of a minute; see the 100,000-character title.
fn extra(len: usize) -> Vec<u8> {
    format!("---\ntitle: Big\nnotes: {}\n---\nBody.\n", "y".repeat(len)).into_bytes()
}

fn mb_extra() -> Vec<u8> {
    extra(1_000_000)
}

fn big_extra() -> Vec<u8> {
    extra(10_000_000)
}

/// `energy: {morning: 5,` then `len` spaces, then `evening: 11}` on one line.
fn frontmatter_line(len: usize) -> Vec<u8> {
    format!(
        "---\ntitle: Big\nenergy: {{morning: 5, {}evening: 11}}\n---\n",
        " ".repeat(len)
    )
    .into_bytes()
}

fn mb_frontmatter_line() -> Vec<u8> {
    frontmatter_line(1_000_000)
}

fn big_frontmatter_line() -> Vec<u8> {
    frontmatter_line(10_000_000)
}

fn tags(n: usize) -> Vec<u8> {
    let list: Vec<String> = (0..n).map(|i| format!("t{i}")).collect();
    format!("---\ntitle: Tags\ntags: [{}]\n---\n", list.join(", ")).into_bytes()
}

fn hundred_thousand_tags() -> Vec<u8> {
    tags(100_000)
}

fn hundred_tags() -> Vec<u8> {
    tags(100)
}

fn long_title() -> Vec<u8> {
    format!("---\ntitle: {}\n---\n", "z".repeat(100_000)).into_bytes()
}

fn many_keys() -> Vec<u8> {
    let keys: String = (0..5_000).map(|i| format!("key{i}: {i}\n")).collect();
    format!("---\ntitle: Keys\n{keys}---\n").into_bytes()
}

fn deep_toml() -> Vec<u8> {
    format!(
        "[book]\ntitle = \"T\"\n[extra]\nx = {}{}\n",
        "[".repeat(10_000),
        "]".repeat(10_000)
    )
    .into_bytes()
}

/// How a run of `ebb` ended.
struct Outcome {
    code: Option<i32>,
    stderr: String,
    took: Duration,
}

/// Runs `ebb` in `root`, killing it at the deadline.
fn run(root: &Path, args: &[&str]) -> Outcome {
    let started = Instant::now();
    let mut child = ebb(root)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start ebb");
    let mut pipe = child.stderr.take().expect("stderr");
    let reader = std::thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = pipe.read_to_end(&mut bytes);
        bytes
    });
    let code = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status.code();
        }
        if started.elapsed() > DEADLINE {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let stderr = String::from_utf8_lossy(&reader.join().unwrap_or_default()).into_owned();
    Outcome {
        code,
        stderr,
        took: started.elapsed(),
    }
}

/// Writes a case's files into a fresh journal.
fn journal(case: &Case) -> TestJournal {
    let j = TestJournal::new();
    for (rel, input) in case.files {
        let path = j.path(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        match input {
            Text(t) => std::fs::write(&path, t).expect("write"),
            Bytes(b) => std::fs::write(&path, b).expect("write"),
            Made(make) => std::fs::write(&path, make()).expect("write"),
            Link(target) => std::os::unix::fs::symlink(target, &path).expect("symlink"),
            Folder => std::fs::create_dir_all(&path).expect("mkdir"),
            Fifo => {
                let made = std::process::Command::new("mkfifo")
                    .arg(&path)
                    .status()
                    .expect("mkfifo");
                assert!(made.success(), "mkfifo {}", path.display());
            }
        }
    }
    j
}

/// The `error:` lines of a run.
fn error_lines(stderr: &str) -> Vec<&str> {
    stderr.lines().filter(|l| l.contains(": error: ")).collect()
}

/// What every run must be: finished in time, exit code 0 or 1, no panic, and
/// no control character on the terminal.
fn sane(what: &str, out: &Outcome) -> Result<(), String> {
    let Some(code) = out.code else {
        return Err(format!(
            "{what}: killed after {:?} or by a signal (hang or crash)\n{}",
            out.took,
            tail(&out.stderr)
        ));
    };
    if code != 0 && code != 1 {
        return Err(format!("{what}: exit code {code}\n{}", tail(&out.stderr)));
    }
    if out.stderr.contains("panicked") || out.stderr.contains("overflow") {
        return Err(format!("{what}: panicked\n{}", tail(&out.stderr)));
    }
    if let Some(c) = out
        .stderr
        .chars()
        .find(|&c| c.is_control() && c != '\n' && c != '\t')
    {
        return Err(format!("{what}: printed the control character {c:?}"));
    }
    Ok(())
}

/// The end of a long stderr, for a failure message.
fn tail(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    chars[chars.len().saturating_sub(2_000)..].iter().collect()
}

/// Every output file is safe: no payload as markup, feeds are XML, JSON parses.
fn site_is_safe(public: &Path) -> Result<(), String> {
    for (rel, bytes) in snapshot_tree(public) {
        let text = String::from_utf8_lossy(&bytes);
        if let Some(p) = PAYLOADS.iter().find(|p| text.contains(*p)) {
            return Err(format!("{rel} holds `{p}` unescaped"));
        }
        if rel.ends_with(".xml") {
            if let Some(c) = text.chars().find(|&c| {
                (c < ' ' && !matches!(c, '\t' | '\n' | '\r')) || c == '\u{FFFE}' || c == '\u{FFFF}'
            }) {
                return Err(format!("{rel} holds {c:?}, which XML forbids"));
            }
        }
        if rel.ends_with("atom.xml") {
            feed_rs::parser::parse(bytes.as_slice())
                .map_err(|e| format!("{rel} is not a valid feed: {e}"))?;
        }
        if rel.ends_with(".json") {
            serde_json::from_slice::<serde_json::Value>(&bytes)
                .map_err(|e| format!("{rel} is not JSON: {e}"))?;
        }
    }
    Ok(())
}

/// Checks one case with `check`, then `build`.
fn check_case(case: &Case) -> Result<(), String> {
    let j = journal(case);
    let public = j.path("public");
    for command in ["check", "build"] {
        let out = run(j.root(), &[command]);
        let what = command;
        sane(what, &out)?;
        let errors = error_lines(&out.stderr);
        match &case.expect {
            Errors(expected) => {
                if out.code != Some(1) || errors != *expected {
                    return Err(format!(
                        "{what}: expected exit code 1 and\n  {}\ngot {:?} and\n  {}\n{}",
                        expected.join("\n  "),
                        out.code,
                        errors.join("\n  "),
                        tail(&out.stderr)
                    ));
                }
            }
            ErrorLike(at, words) => {
                let found = errors.iter().any(|l| {
                    l.starts_with(at)
                        && l.contains(": error: ")
                        && words.iter().all(|w| l.contains(w))
                });
                if out.code != Some(1) || !found {
                    return Err(format!(
                        "{what}: expected exit code 1 and an error at {at} with {words:?}; got {:?}\n{}",
                        out.code,
                        tail(&out.stderr)
                    ));
                }
            }
            Pages(_) | Warns(..) => {
                if out.code != Some(0) {
                    return Err(format!(
                        "{what}: expected success, got {:?}\n{}",
                        out.code,
                        tail(&out.stderr)
                    ));
                }
                if let Warns(warning, _) = &case.expect {
                    if command == "check" && !out.stderr.lines().any(|l| l == *warning) {
                        return Err(format!(
                            "{what}: expected the warning\n  {warning}\n{}",
                            tail(&out.stderr)
                        ));
                    }
                }
            }
        }
    }
    match &case.expect {
        Errors(_) | ErrorLike(..) => {
            if public.exists() {
                return Err("a failed build wrote the site".to_owned());
            }
        }
        Pages(pages) | Warns(_, pages) => {
            for (page, text) in *pages {
                let body = std::fs::read_to_string(public.join(page))
                    .map_err(|e| format!("page {page}: {e}"))?;
                if !body.contains(text) {
                    return Err(format!("page {page} does not hold `{text}`"));
                }
            }
            site_is_safe(&public)?;
        }
    }
    Ok(())
}

#[test]
fn every_malformed_input_gets_an_exact_error_or_a_correct_page() {
    check_cases(CASES);
}

#[test]
#[ignore = "half a minute in a debug build; .ci/run runs it"]
fn ten_megabyte_lines_get_an_exact_error_or_a_correct_page() {
    check_cases(BIG_CASES);
}

/// Runs every case on two threads; fails with every failing case.
fn check_cases(cases: &'static [Case]) {
    let started = Instant::now();
    let next = AtomicUsize::new(0);
    let failures = Mutex::new(Vec::new());
    let times = Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for _ in 0..2 {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(case) = cases.get(i) else { break };
                    let started = Instant::now();
                    let result = check_case(case);
                    times
                        .lock()
                        .expect("lock")
                        .push((case.name, started.elapsed()));
                    if let Err(why) = result {
                        failures
                            .lock()
                            .expect("lock")
                            .push(format!("case `{}`: {why}", case.name));
                    }
                }
            });
        }
    });
    let failures = failures.into_inner().expect("lock");
    let mut slowest = times.into_inner().expect("lock");
    slowest.sort_by_key(|(_, took)| std::cmp::Reverse(*took));
    eprintln!("slowest cases: {:?}", &slowest[..slowest.len().min(8)]);
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n\n")
    );
    eprintln!("{} malformed cases in {:?}", cases.len(), started.elapsed());
}

#[test]
fn the_corpus_is_large_and_its_names_are_unique() {
    assert!(CASES.len() >= 40, "{} cases", CASES.len());
    let mut names: Vec<&str> = CASES.iter().chain(BIG_CASES).map(|c| c.name).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(
        names.len(),
        CASES.len() + BIG_CASES.len(),
        "two cases share a name"
    );
}

/// The three commonest YAML slips, as `ebb check` shows them: the caret is
/// under the character at fault.
#[test]
fn yaml_slips_are_shown_with_a_caret_at_the_fault() {
    let case = Case {
        name: "yaml slips",
        files: &[
            (
                "content/2024-07-03-colon.md",
                Text("---\ntitle: Retro: what went wrong\n---\n"),
            ),
            (
                "content/2024-07-04-tab.md",
                Text("---\ntitle: Tab\nenergy:\n  morning: 5\n  \tmidday: 6\n---\n"),
            ),
            (
                "content/2024-07-05-open.md",
                Text("---\ntitle: Open\ntags: [a, b\n---\n"),
            ),
        ],
        expect: Pages(&[]),
    };
    let j = journal(&case);
    let out = run(j.root(), &["check"]);
    sane("check", &out).unwrap_or_else(|why| panic!("{why}"));
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    for shown in [
        "content/2024-07-03-colon.md:2:13: error: invalid YAML in frontmatter: a value that contains `: ` must be in quotes; write `title: \"Retro: what went wrong\"`\n  |\n2 | title: Retro: what went wrong\n  |             ^\n",
        "content/2024-07-04-tab.md:5:3: error: invalid YAML in frontmatter: YAML indents with spaces, not tabs (a tab is here: use spaces)\n  |\n5 |   \tmidday: 6\n  |   ^\n",
        "content/2024-07-05-open.md:3:7: error: invalid YAML in frontmatter: this `[` is not closed; add `]` after the last item\n  |\n3 | tags: [a, b\n  |       ^\n",
    ] {
        assert!(out.stderr.contains(shown), "{}", out.stderr);
    }
}

/// Is `path` readable by this process after `chmod 000`? It is for root.
fn readable_anyway(path: &Path) -> bool {
    std::fs::read(path).is_ok()
}

#[test]
fn an_unreadable_entry_is_an_error_at_its_path() {
    use std::os::unix::fs::PermissionsExt;
    let case = Case {
        name: "unreadable",
        files: &[
            FINE,
            (
                "content/2024-07-01-locked.md",
                Text("---\ntitle: Locked\n---\n"),
            ),
        ],
        expect: Pages(&[]),
    };
    let j = journal(&case);
    let locked = j.path("content/2024-07-01-locked.md");
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).expect("chmod");
    if readable_anyway(&locked) {
        // Root reads a file whatever its mode, so there is nothing to test
        // here; a dangling link and a named pipe (in the corpus) cover files
        // that cannot be read.
        eprintln!("skipped: running as root, chmod 000 does not stop reading");
        return;
    }
    for command in ["check", "build"] {
        let out = run(j.root(), &[command]);
        sane(command, &out).unwrap_or_else(|why| panic!("{why}"));
        assert_eq!(out.code, Some(1), "{}", out.stderr);
        let errors = error_lines(&out.stderr);
        assert_eq!(errors.len(), 1, "{}", out.stderr);
        assert!(
            errors[0].starts_with(
                "content/2024-07-01-locked.md:1:1: error: cannot read this file: Permission denied"
            ),
            "{}",
            out.stderr
        );
    }
}

#[test]
fn an_unreadable_folder_is_an_error_at_its_path() {
    use std::os::unix::fs::PermissionsExt;
    let case = Case {
        name: "unreadable folder",
        files: &[
            FINE,
            (
                "content/locked/2024-07-02-inside.md",
                Text("---\ntitle: Inside\n---\n"),
            ),
        ],
        expect: Pages(&[]),
    };
    let j = journal(&case);
    let locked = j.path("content/locked");
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).expect("chmod");
    let listable = std::fs::read_dir(&locked).is_ok();
    let out = run(j.root(), &["build"]);
    // Let the temporary folder be removed.
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    sane("build", &out).unwrap_or_else(|why| panic!("{why}"));
    if listable {
        eprintln!("skipped: running as root, chmod 000 does not stop listing a folder");
        assert_eq!(out.code, Some(0), "{}", out.stderr);
        return;
    }
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    assert_eq!(
        error_lines(&out.stderr),
        ["content/locked:1:1: error: cannot read: Permission denied (os error 13)"]
    );
}
