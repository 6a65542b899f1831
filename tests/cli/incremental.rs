//! Incremental rebuilds as a property: after any sequence of edits, what
//! `ebb serve` serves equals a fresh `ebb build --drafts` of the same files.
//!
//! `serve` re-renders only the pages whose fingerprint changed and keeps the
//! rest. A fingerprint that misses something a page depends on leaves that
//! page stale, and only some sequences of edits show it. So a seeded random
//! sequence of edits is applied to a generated journal while `serve` runs
//! (with `EBB_VERIFY=1`, so each rebuild also checks the pages it kept), and
//! after each edit the whole served site is compared with a fresh build.
//!
//! The edits: retitle, retag (tags that share a slug in two spellings
//! included), move to another day (other years' same day, and a day after
//! the build day), a time of day, energy (a number, check-ins, none), mode,
//! hours, a declared metric (set, changed, removed), summary, `private` and
//! `draft` on and off, a new body linking to another entry (which may later
//! be hidden, moved or deleted), add, delete, rename, a template override
//! (entry, list, card) written, changed and removed, a standalone page that
//! links to an entry, a weekly note (title, intentions, private or draft,
//! written or removed), and book.toml (title, description, authors,
//! language, page size, feed limit, the metric's label and unit). Every file is written
//! through a temporary file and a rename, and every step leaves a valid
//! journal, so a rebuild that fails is a failure.
//!
//! `cargo test` runs one seed for one round of every kind of edit;
//! `cargo test -- --ignored` runs 200 edits for each of several seeds. A
//! failure prints the seed and every step so far; replay it with
//! `EBB_INCREMENTAL_SEED=<seed> EBB_INCREMENTAL_STEPS=<steps>`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::time::{Instant, SystemTime};

use super::crash::{Rng, env_number};
use super::generator::generate;
use super::served::{DEADLINE, POLL, Served, differences, fresh_build};
use super::support::TestJournal;

/// The seed `cargo test` runs, unless `EBB_INCREMENTAL_SEED` says otherwise.
const QUICK_SEED: u64 = 20_261_130;

/// The seeds the long run always tries (one from the clock is added).
const LONG_SEEDS: [u64; 3] = [1, 7_919, 104_729];

/// The kinds of edit, each once per round; the template twice, so that an
/// override is also changed or removed within a round.
const DECK: &[Kind] = &[
    Kind::Retitle,
    Kind::Retag,
    Kind::Redate,
    Kind::Time,
    Kind::Energy,
    Kind::Mode,
    Kind::Hours,
    Kind::Metric,
    Kind::Summary,
    Kind::Private,
    Kind::Draft,
    Kind::Body,
    Kind::Add,
    Kind::Delete,
    Kind::Rename,
    Kind::Template,
    Kind::Template,
    Kind::Page,
    Kind::Note,
    Kind::Note,
    Kind::Book,
];

#[derive(Clone, Copy, Debug)]
enum Kind {
    Retitle,
    Retag,
    Redate,
    Time,
    Energy,
    Mode,
    Hours,
    Metric,
    Summary,
    Private,
    Draft,
    Body,
    Add,
    Delete,
    Rename,
    Template,
    Page,
    Note,
    Book,
}

#[test]
fn serve_equals_a_fresh_build_after_each_random_edit() {
    let seed = env_number("EBB_INCREMENTAL_SEED", QUICK_SEED);
    let steps = env_number("EBB_INCREMENTAL_STEPS", DECK.len() as u64) as usize;
    check_edits(seed, steps);
}

/// Several seeds, 200 edits each (`EBB_INCREMENTAL_SEED` and
/// `EBB_INCREMENTAL_STEPS` choose one seed and the count).
#[test]
#[ignore = "a few minutes; .ci/run runs it"]
fn serve_equals_a_fresh_build_after_many_random_edits() {
    let steps = env_number("EBB_INCREMENTAL_STEPS", 200) as usize;
    let seeds = match std::env::var("EBB_INCREMENTAL_SEED") {
        Ok(_) => vec![env_number("EBB_INCREMENTAL_SEED", QUICK_SEED)],
        Err(_) => {
            let clock = SystemTime::now()
                .duration_since(SystemTime::UNIX_EPOCH)
                .map_or(1, |d| d.as_secs());
            LONG_SEEDS.iter().copied().chain([clock]).collect()
        }
    };
    for seed in seeds {
        check_edits(seed, steps);
    }
}

/// One change to the journal's files (paths relative to its root).
#[derive(Debug)]
pub(super) enum Op {
    Write(String, String),
    Remove(String),
    Rename(String, String),
}

/// One edit: what it does, in words, and the changes to files.
pub(super) struct Step {
    pub(super) what: String,
    pub(super) ops: Vec<Op>,
}

/// Runs `steps` edits from `seed` on a generated journal under `serve`,
/// comparing the served site with a fresh build after each.
fn check_edits(seed: u64, steps: usize) {
    let started = Instant::now();
    let j = TestJournal::new();
    j.write(
        "book.toml",
        format!(
            "[book]\ntitle = \"Property journal\"\n[site]\npage-size = 4\n{}",
            metric_block(0)
        ),
    );
    generate(&j, 20, 5, 7);
    let root = j.root().to_path_buf();
    let s = Served::start(&root, &[]);
    s.wait_first_build();
    let mut edits = Edits::new(seed, &root);
    let mut log: Vec<String> = Vec::new();
    let mut seen = BTreeSet::new();
    let mut checked_lines = 0;
    let fail = |log: &[String], why: String| -> ! {
        panic!(
            "seed {seed}, step {} of {steps}: {why}\n\nsteps:\n{}\n\nreplay: EBB_INCREMENTAL_SEED={seed} \
             EBB_INCREMENTAL_STEPS={} cargo test --test cli \
             incremental::serve_equals_a_fresh_build_after_each_random_edit\n\n\
             serve's last lines:\n{}",
            log.len(),
            log.join("\n"),
            log.len(),
            s.tail()
        )
    };
    for n in 0..=steps {
        let before = s.rebuilds();
        if n > 0 {
            let step = edits.next_step();
            log.push(format!("{n:>3}. {}", step.what));
            if n % 50 == 0 {
                eprintln!("seed {seed}: {n} edits so far");
            }
            for op in &step.ops {
                edits.apply(op);
            }
        }
        let expected = fresh_build(&root, &s.url)
            .unwrap_or_else(|e| fail(&log, format!("a fresh build failed: {e}")));
        seen.extend(expected.keys().cloned());
        let waited = Instant::now();
        loop {
            checked_lines = bad_lines(&s, checked_lines).unwrap_or_else(|why| fail(&log, why));
            if let Some(status) = s.exited() {
                fail(&log, format!("serve exited: {status}"));
            }
            // A rebuild after the edit, then the site it left.
            let diff = if n == 0 || s.rebuilds() > before {
                differences(&s, &expected, &seen)
            } else {
                vec!["no rebuild yet".to_owned()]
            };
            if diff.is_empty() {
                break;
            }
            if waited.elapsed() > DEADLINE {
                fail(
                    &log,
                    format!("the served site never matched a fresh build: {diff:?}"),
                );
            }
            std::thread::sleep(POLL * 2);
        }
    }
    // Rebuilds that came after the last comparison must be clean too.
    bad_lines(&s, checked_lines).unwrap_or_else(|why| fail(&log, why));
    let (rendered, kept) = rendered_and_kept(&s.lines());
    eprintln!(
        "seed {seed}: {steps} edits, each served site equal to a fresh build; {} rebuilds, {rendered} pages rendered, {kept} kept; {} ms",
        s.rebuilds(),
        started.elapsed().as_millis()
    );
    assert!(
        steps < DECK.len() || kept > 0,
        "seed {seed}: no rebuild kept a page, so nothing incremental was checked"
    );
}

/// Checks serve's terminal lines from `from` on: a rebuild that failed
/// (every step leaves a valid journal), an `EBB_VERIFY` report, or a panic
/// is a failure. Returns how many lines were checked.
fn bad_lines(s: &Served, from: usize) -> Result<usize, String> {
    let lines = s.lines();
    let bad: Vec<&String> = lines
        .iter()
        .skip(from)
        .filter(|l| {
            l.contains("the site was not rebuilt")
                || l.contains("EBB_VERIFY")
                || l.contains("panicked")
                || l.contains("error:")
        })
        .collect();
    if bad.is_empty() {
        Ok(lines.len())
    } else {
        Err(format!("serve reported: {bad:#?}"))
    }
}

/// Pages rendered and kept over all rebuilds, from serve's
/// `built …: N pages rendered, M unchanged` lines.
fn rendered_and_kept(lines: &[String]) -> (usize, usize) {
    let number = |text: &str| -> usize {
        text.split_whitespace()
            .find_map(|w| w.parse().ok())
            .unwrap_or(0)
    };
    lines
        .iter()
        .filter(|l| l.starts_with("built "))
        .filter_map(|l| l.rsplit_once(": "))
        .filter_map(|(_, counts)| counts.split_once(", "))
        .fold((0, 0), |(r, k), (rendered, kept)| {
            (r + number(rendered), k + number(kept))
        })
}

/// Makes random edits, each of which leaves a valid journal.
pub(super) struct Edits {
    rng: Rng,
    root: PathBuf,
    /// The kinds still to come in this round.
    deck: Vec<Kind>,
    /// A counter for new names and markers, so slugs never collide.
    next: usize,
    /// Templates the journal overrides now.
    overridden: BTreeSet<&'static str>,
}

const TITLES: &[&str] = &[
    "Quiet day",
    "Hiring loop",
    "On call",
    "Planning week",
    "Pairing with Sam",
];
/// Two spellings of one tag (`deep-work`) among them.
const TAGS: &[&str] = &[
    "deep-work",
    "Deep Work",
    "one-on-ones",
    "hiring",
    "incident",
    "pairing",
    "retro",
    "solo",
];
/// Days entries move to: the generated ones' weeks, the same days in other
/// years ("on this day"), and one after the build day (2026-11-30).
const DAYS: &[&str] = &[
    "2024-01-01",
    "2024-01-03",
    "2024-01-07",
    "2024-01-08",
    "2024-01-15",
    "2024-01-21",
    "2024-02-29",
    "2023-01-03",
    "2025-01-03",
    "2025-01-08",
    "2026-12-05",
];
const TEMPLATES: &[(&str, &str)] = &[
    ("entry.html", "{% block main %}"),
    ("list.html", "{% block main %}"),
    ("card.html", "<div class=\"card-meta\">"),
];

impl Edits {
    pub(super) fn new(seed: u64, root: &Path) -> Edits {
        Edits {
            rng: Rng::from_seed(mix(seed)),
            root: root.to_path_buf(),
            deck: Vec::new(),
            next: 0,
            overridden: BTreeSet::new(),
        }
    }

    fn pick<'a, T>(&mut self, from: &'a [T]) -> &'a T {
        &from[self.rng.below(from.len() as u64) as usize]
    }

    fn chance(&mut self, one_in: u64) -> bool {
        self.rng.below(one_in) == 0
    }

    /// The next kind of edit: every kind once per round, in a seeded order.
    fn next_kind(&mut self) -> Kind {
        if self.deck.is_empty() {
            self.deck = DECK.to_vec();
            for i in (1..self.deck.len()).rev() {
                let k = self.rng.below(i as u64 + 1) as usize;
                self.deck.swap(i, k);
            }
        }
        self.deck.pop().expect("a kind")
    }

    /// Entry files, relative to the root, sorted.
    fn entries(&self) -> Vec<String> {
        let mut files: Vec<String> = walkdir::WalkDir::new(self.root.join("content"))
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .filter_map(|e| {
                e.path()
                    .strip_prefix(&self.root)
                    .ok()
                    .map(|p| p.to_string_lossy().into_owned())
            })
            .filter(|p| p.ends_with(".md"))
            .collect();
        files.sort();
        files
    }

    fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.root.join(rel)).unwrap_or_else(|e| panic!("read {rel}: {e}"))
    }

    /// Applies one change, writing through a temporary file and a rename.
    pub(super) fn apply(&self, op: &Op) {
        match op {
            Op::Write(rel, text) => {
                let path = self.root.join(rel);
                let dir = path.parent().expect("a folder");
                std::fs::create_dir_all(dir).expect("mkdir");
                let name = path.file_name().expect("a name").to_string_lossy();
                let tmp = dir.join(format!(".{name}.tmp"));
                std::fs::write(&tmp, text).expect("write");
                std::fs::rename(&tmp, &path).expect("rename into place");
            }
            Op::Remove(rel) => std::fs::remove_file(self.root.join(rel)).expect("remove"),
            Op::Rename(from, to) => {
                let to = self.root.join(to);
                std::fs::create_dir_all(to.parent().expect("a folder")).expect("mkdir");
                std::fs::rename(self.root.join(from), to).expect("rename");
            }
        }
    }

    /// The next edit; tries kinds until one changes a file.
    pub(super) fn next_step(&mut self) -> Step {
        loop {
            let kind = self.next_kind();
            self.next += 1;
            if let Some(step) = self.make(kind) {
                return step;
            }
        }
    }

    fn make(&mut self, kind: Kind) -> Option<Step> {
        let entries = self.entries();
        if entries.is_empty()
            && !matches!(kind, Kind::Template | Kind::Page | Kind::Note | Kind::Book)
        {
            return Some(self.add());
        }
        let file = self.pick(&entries).clone();
        let n = self.next;
        let set = |this: &Edits, key: &str, value: Option<String>, what: String| {
            let text = this.read(&file);
            let edited = set_key(&text, key, value.as_deref());
            (edited != text).then(|| Step {
                what: format!("{what} in {file}"),
                ops: vec![Op::Write(file.clone(), edited)],
            })
        };
        match kind {
            Kind::Retitle => {
                let title = format!("{} {n}", self.pick(TITLES));
                set(
                    self,
                    "title",
                    Some(title.clone()),
                    format!("title `{title}`"),
                )
            }
            Kind::Retag => {
                let tags = self.tags();
                set(
                    self,
                    "tags",
                    Some(format!("[{tags}]")),
                    format!("tags [{tags}]"),
                )
            }
            Kind::Energy => {
                let energy = self.energy();
                let what = format!("energy {}", energy.as_deref().unwrap_or("removed"));
                set(self, "energy", energy, what)
            }
            Kind::Mode => {
                let mode = [Some("IC"), Some("EM"), None][self.rng.below(3) as usize];
                let what = format!("mode {}", mode.unwrap_or("removed"));
                set(self, "mode", mode.map(str::to_owned), what)
            }
            Kind::Hours => {
                let key = *self.pick(&["focus_hours", "meeting_hours"]);
                let hours = format!("{}.5", self.rng.below(8));
                set(self, key, Some(hours.clone()), format!("{key} {hours}"))
            }
            Kind::Metric => {
                let value = (!self.chance(4)).then(|| format!("{}.5", 4 + self.rng.below(6)));
                let what = format!("sleep {}", value.as_deref().unwrap_or("removed"));
                set(self, "sleep", value, what)
            }
            Kind::Summary => {
                let summary = (!self.chance(3)).then(|| format!("Summary {n}"));
                let what = format!("summary {}", summary.as_deref().unwrap_or("removed"));
                set(self, "summary", summary, what)
            }
            Kind::Private | Kind::Draft => {
                let key = if matches!(kind, Kind::Private) {
                    "private"
                } else {
                    "draft"
                };
                let on = self.read(&file).contains(&format!("\n{key}: true\n"));
                let value = match (on, self.chance(2)) {
                    (true, true) => Some("false"),
                    (true, false) => None,
                    (false, _) => Some("true"),
                };
                let what = format!("{key}: {}", value.unwrap_or("removed"));
                set(self, key, value.map(str::to_owned), what)
            }
            Kind::Time => {
                let day = day_of(&file);
                let time = (!self.chance(3)).then(|| {
                    format!(
                        "{day}T{:02}:{:02}:00Z",
                        7 + self.rng.below(12),
                        self.rng.below(4) * 15
                    )
                });
                let what = format!("date {}", time.as_deref().unwrap_or("removed"));
                set(self, "date", time, what)
            }
            Kind::Body => {
                let body = self.body(&file, &entries);
                let text = self.read(&file);
                let (head, _) = split_body(&text);
                Some(Step {
                    what: format!("body {body:?} in {file}"),
                    ops: vec![Op::Write(file.clone(), format!("{head}{body}"))],
                })
            }
            Kind::Redate => {
                let day = *self.pick(DAYS);
                let to = path_for(day, &slug_of(&file));
                if to == file {
                    return None;
                }
                let text = self.read(&file);
                let mut ops = Vec::new();
                // A time of day must stay on the file's day: dropped first.
                let undated = set_key(&text, "date", None);
                if undated != text {
                    ops.push(Op::Write(file.clone(), undated));
                }
                ops.push(Op::Rename(file.clone(), to.clone()));
                Some(Step {
                    what: format!("move {file} to {to}"),
                    ops,
                })
            }
            Kind::Rename => {
                let to = path_for(&day_of(&file), &format!("renamed-{n}"));
                Some(Step {
                    what: format!("rename {file} to {to}"),
                    ops: vec![Op::Rename(file, to)],
                })
            }
            Kind::Delete => Some(Step {
                what: format!("delete {file}"),
                ops: vec![Op::Remove(file)],
            }),
            Kind::Add => Some(self.add()),
            Kind::Template => Some(self.template()),
            Kind::Page => Some(self.page(&entries)),
            Kind::Note => Some(self.note(&entries)),
            Kind::Book => Some(self.book()),
        }
    }

    /// Up to three tags, no two with one slug.
    fn tags(&mut self) -> String {
        let mut chosen: Vec<&str> = Vec::new();
        for _ in 0..self.rng.below(4) {
            let tag = *self.pick(TAGS);
            let slug = |t: &str| t.to_lowercase().replace(' ', "-");
            if !chosen.iter().any(|c| slug(c) == slug(tag)) {
                chosen.push(tag);
            }
        }
        chosen.join(", ")
    }

    /// A level, check-ins, or nothing.
    fn energy(&mut self) -> Option<String> {
        match self.rng.below(4) {
            0 => None,
            1 => {
                let mut slots = Vec::new();
                for slot in ["morning", "midday", "evening"] {
                    if !self.chance(3) {
                        slots.push(format!("{slot}: {}", 1 + self.rng.below(10)));
                    }
                }
                if slots.is_empty() {
                    Some(format!("{{ evening: {} }}", 1 + self.rng.below(10)))
                } else {
                    Some(format!("{{ {} }}", slots.join(", ")))
                }
            }
            _ => Some(format!("{}", 1 + self.rng.below(10))),
        }
    }

    /// A new body, often with a link to another entry (relative, or by name).
    fn body(&mut self, file: &str, entries: &[String]) -> String {
        let n = self.next;
        let mut body = format!("Rewritten {n}.\n");
        if self.chance(2) {
            body.push_str(&format!("\n## Part {n}\n\nMore words.\n"));
        }
        let others: Vec<&String> = entries.iter().filter(|e| *e != file).collect();
        if !others.is_empty() && !self.chance(4) {
            let other = *self.pick(&others);
            let name = other.rsplit('/').next().expect("a file name");
            let year = other.split('/').nth(1).expect("a year folder");
            if self.chance(2) {
                body.push_str(&format!("\nSee [that day](../{year}/{name}).\n"));
            } else {
                body.push_str(&format!("\nSee [[{}]].\n", name.trim_end_matches(".md")));
            }
        }
        body
    }

    fn add(&mut self) -> Step {
        let n = self.next;
        let day = *self.pick(DAYS);
        let file = path_for(day, &format!("added-{n}"));
        let mut front = format!("title: Added {n}\n");
        if let Some(mode) = [Some("IC"), Some("EM"), None][self.rng.below(3) as usize] {
            front.push_str(&format!("mode: {mode}\n"));
        }
        if let Some(energy) = self.energy() {
            front.push_str(&format!("energy: {energy}\n"));
        }
        front.push_str(&format!("tags: [{}]\n", self.tags()));
        if self.chance(5) {
            front.push_str("private: true\n");
        } else if self.chance(5) {
            front.push_str("draft: true\n");
        }
        Step {
            what: format!("add {file}"),
            ops: vec![Op::Write(
                file,
                format!("---\n{front}---\nAdded on purpose {n}.\n"),
            )],
        }
    }

    /// book.toml with a new title and page size, and sometimes a
    /// description, authors, a language and a feed limit.
    fn book(&mut self) -> Step {
        let n = self.next;
        let title = format!("{} journal {n}", self.pick(&["Field", "Work", "Lead"]));
        let size = *self.pick(&[2, 3, 4, 5, 20]);
        let mut toml = format!("[book]\ntitle = \"{title}\"\n");
        if self.chance(2) {
            toml.push_str(&format!("description = \"Notes {n}\"\n"));
        }
        if self.chance(2) {
            toml.push_str(&format!("authors = [\"Ada {n}\"]\n"));
        }
        if self.chance(3) {
            toml.push_str("language = \"fr\"\n");
        }
        toml.push_str(&format!("[site]\npage-size = {size}\n"));
        if self.chance(2) {
            toml.push_str(&format!("[feed]\nlimit = {}\n", 2 + self.rng.below(5)));
        }
        // The metric stays declared (entries carry it), its label and unit change.
        toml.push_str(&metric_block(self.rng.below(3)));
        Step {
            what: format!("book.toml: {toml:?}"),
            ops: vec![Op::Write("book.toml".to_owned(), toml)],
        }
    }

    /// A standalone page linking to an entry, written or removed.
    fn page(&mut self, entries: &[String]) -> Step {
        let n = self.next;
        let rel = "pages/about.md".to_owned();
        if self.root.join(&rel).exists() && self.chance(3) {
            return Step {
                what: format!("remove {rel}"),
                ops: vec![Op::Remove(rel)],
            };
        }
        let mut text = format!("---\ntitle: About {n}\n---\nWhy this journal, take {n}.\n");
        if !entries.is_empty() {
            let other = self.pick(entries);
            let name = other.rsplit('/').next().expect("a file name");
            text.push_str(&format!(
                "\nStart at [[{}]].\n",
                name.trim_end_matches(".md")
            ));
        }
        Step {
            what: format!("{rel}: {text:?}"),
            ops: vec![Op::Write(rel, text)],
        }
    }

    /// A weekly note on the week of one of `DAYS` (or the week after it),
    /// written or removed: a title or none, intentions or none, private or
    /// draft now and then, and a link to an entry.
    fn note(&mut self, entries: &[String]) -> Step {
        let n = self.next;
        use chrono::Datelike;
        let day: chrono::NaiveDate = self.pick(DAYS).parse().expect("a day");
        let day = if self.chance(3) {
            day + chrono::Duration::days(7)
        } else {
            day
        };
        let week = day.iso_week();
        let rel = format!("weeks/{:04}-W{:02}.md", week.year(), week.week());
        if self.root.join(&rel).exists() && self.chance(3) {
            return Step {
                what: format!("remove {rel}"),
                ops: vec![Op::Remove(rel)],
            };
        }
        let mut front = String::new();
        if !self.chance(3) {
            front.push_str(&format!("title: Looking back {n}\n"));
        }
        if !self.chance(2) {
            front.push_str(&format!("next: [\"plan {n}\", fewer meetings]\n"));
        }
        if self.chance(5) {
            front.push_str("private: true\n");
        } else if self.chance(5) {
            front.push_str("draft: true\n");
        }
        let mut text = format!("---\n{front}---\nThe week, take {n}.\n");
        if !entries.is_empty() {
            let other = self.pick(entries);
            let name = other.rsplit('/').next().expect("a file name");
            text.push_str(&format!("\nSee [[{}]].\n", name.trim_end_matches(".md")));
        }
        Step {
            what: format!("{rel}: {text:?}"),
            ops: vec![Op::Write(rel, text)],
        }
    }

    /// A template override written, changed, or removed.
    fn template(&mut self) -> Step {
        let n = self.next;
        let (name, anchor) = *self.pick(TEMPLATES);
        let rel = format!("themes/default/templates/{name}");
        if self.overridden.contains(name) && self.chance(2) {
            self.overridden.remove(name);
            return Step {
                what: format!("remove the override {rel}"),
                ops: vec![Op::Remove(rel)],
            };
        }
        let default = std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("themes/default/templates")
                .join(name),
        )
        .expect("the default template");
        assert_eq!(default.matches(anchor).count(), 1, "{name}: one {anchor}");
        let marker = format!("<p class=\"probe\">override {n}</p>");
        self.overridden.insert(name);
        Step {
            what: format!("override {rel} with `{marker}`"),
            ops: vec![Op::Write(
                rel,
                default.replace(anchor, &format!("{anchor}{marker}")),
            )],
        }
    }
}

/// The declaration of the journal's `sleep` metric, in one of three wordings.
fn metric_block(variant: u64) -> String {
    let (label, unit) = match variant {
        0 => ("Sleep", "h"),
        1 => ("Hours of sleep", "hours"),
        _ => ("Rest", "h"),
    };
    format!("[metrics.sleep]\nlabel = \"{label}\"\nunit = \"{unit}\"\nmin = 0\nmax = 12\n")
}

/// Spreads a seed over all 64 bits (splitmix64), so that seeds that differ
/// in one bit make different edits.
fn mix(seed: u64) -> u64 {
    let mut z = seed.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// `content/YYYY/YYYY-MM-DD-slug.md`.
fn path_for(day: &str, slug: &str) -> String {
    format!("content/{}/{day}-{slug}.md", &day[..4])
}

/// The `YYYY-MM-DD` a file name starts with.
fn day_of(file: &str) -> String {
    let name = file.rsplit('/').next().expect("a file name");
    name[..10].to_owned()
}

/// The slug part of a dated file name.
fn slug_of(file: &str) -> String {
    let name = file.rsplit('/').next().expect("a file name");
    name[11..].trim_end_matches(".md").to_owned()
}

/// The frontmatter with its fences, and the body.
fn split_body(text: &str) -> (&str, &str) {
    let end = text[4..]
        .find("\n---\n")
        .map(|at| at + 4 + "\n---\n".len())
        .expect("a closed frontmatter");
    text.split_at(end)
}

/// The text with `key: value` set in its frontmatter (added before the
/// closing fence if absent), or the key's line removed when `value` is `None`.
fn set_key(text: &str, key: &str, value: Option<&str>) -> String {
    let (head, body) = split_body(text);
    let mut lines: Vec<String> = head
        .lines()
        .filter(|l| *l != "---")
        .map(str::to_owned)
        .collect();
    let at = lines
        .iter()
        .position(|l| l.strip_prefix(key).is_some_and(|r| r.starts_with(':')));
    match (at, value) {
        (Some(i), Some(v)) => lines[i] = format!("{key}: {v}"),
        (Some(i), None) => {
            lines.remove(i);
        }
        (None, Some(v)) => lines.push(format!("{key}: {v}")),
        (None, None) => {}
    }
    format!("---\n{}\n---\n{body}", lines.join("\n"))
}

#[test]
fn set_key_replaces_adds_and_removes_one_line() {
    let text = "---\ntitle: A\nmode: IC\n---\nBody\n---\nmore\n";
    assert_eq!(
        set_key(text, "mode", Some("EM")),
        "---\ntitle: A\nmode: EM\n---\nBody\n---\nmore\n"
    );
    assert_eq!(
        set_key(text, "mode", None),
        "---\ntitle: A\n---\nBody\n---\nmore\n"
    );
    assert_eq!(
        set_key(text, "draft", Some("true")),
        "---\ntitle: A\nmode: IC\ndraft: true\n---\nBody\n---\nmore\n"
    );
    assert_eq!(set_key(text, "draft", None), text);
    assert_eq!(slug_of("content/2024/2024-01-05-entry-3.md"), "entry-3");
    assert_eq!(day_of("content/2024/2024-01-05-entry-3.md"), "2024-01-05");
}

/// A seed makes the same edits every time: a printed seed replays a failure.
#[test]
fn the_edits_of_a_seed_are_always_the_same() {
    let steps = |seed| -> BTreeMap<usize, String> {
        let j = TestJournal::new();
        generate(&j, 20, 5, 7);
        let mut edits = Edits::new(seed, j.root());
        (0..DECK.len())
            .map(|i| {
                let step = edits.next_step();
                for op in &step.ops {
                    edits.apply(op);
                }
                (i, step.what)
            })
            .collect()
    };
    assert_eq!(steps(QUICK_SEED), steps(QUICK_SEED));
}
