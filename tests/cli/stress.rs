//! `ebb serve` under stress: bursts of saves the ways editors and git make
//! them, folder renames, deletions and restores, a broken and fixed template,
//! then many single edits. After each burst the served site must equal a
//! fresh `ebb build --drafts` of the same files, and memory must stay steady.
//!
//! `cargo test` runs a small journal; `cargo test -- --ignored` runs the
//! larger one, which also waits for each burst to settle to report how many
//! rebuilds it made; `scripts/watch_stress.sh` runs that one at full size
//! against the release binary (see scripts/README.md). How many rebuilds a
//! burst makes depends on the machine's load, so it is reported, never
//! asserted: what must hold is the site after the burst.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::crash::env_number;
use super::generator::generate;
use super::served::{DEADLINE, POLL, Served, differences, fresh_build};
use super::support::TestJournal;

/// No rebuild for this long after a burst: the server has settled (only
/// when rebuilds are counted, in the large version).
const QUIET: Duration = Duration::from_millis(1500);

/// What a burst does to the site.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Effect {
    /// Nothing changes: the served site is already the expected one.
    None,
    /// The site changes; a fresh build succeeds.
    Changes,
    /// The build fails: the last good site stays, with the error shown.
    Breaks,
}

/// Checks bursts: each must end with the served site equal to a fresh build.
struct Bursts<'a> {
    s: &'a Served,
    root: PathBuf,
    /// Wait for each burst to settle and report its rebuilds.
    settle: bool,
    /// Every path any fresh build has had, to check stale ones are gone.
    seen: BTreeSet<String>,
    /// The last site seen equal, for a burst that breaks the build.
    last: BTreeMap<String, Vec<u8>>,
    report: Vec<String>,
}

impl Bursts<'_> {
    /// Waits until the server has rebuilt at least `at_least` times since
    /// it had `before` rebuilds, and has been quiet for a while.
    fn quiet(&self, before: usize, at_least: usize) {
        let started = Instant::now();
        let mut count = self.s.rebuilds();
        let mut since = Instant::now();
        loop {
            let now = self.s.rebuilds();
            if now != count {
                count = now;
                since = Instant::now();
            }
            if count >= before + at_least && since.elapsed() >= QUIET {
                return;
            }
            assert!(
                started.elapsed() < DEADLINE,
                "no rebuild settled after the burst:\n{}",
                self.s.tail()
            );
            std::thread::sleep(POLL);
        }
    }

    /// Runs `burst`, waits until the server has rebuilt, and checks the
    /// served site against a fresh build (or, if it `Breaks`, against the
    /// last good site) until they are equal or the deadline passes.
    fn check(&mut self, name: &str, effect: Effect, burst: impl FnOnce()) {
        let before = self.s.rebuilds();
        let started = Instant::now();
        burst();
        let expected = if effect == Effect::Breaks {
            let fresh = fresh_build(&self.root, &self.s.url);
            assert!(fresh.is_err(), "{name}: the build should fail");
            self.last.clone()
        } else {
            fresh_build(&self.root, &self.s.url)
                .unwrap_or_else(|e| panic!("{name}: a fresh build failed: {e}"))
        };
        self.seen.extend(expected.keys().cloned());
        let at_least = usize::from(effect != Effect::None);
        let waited = Instant::now();
        while self.s.rebuilds() < before + at_least {
            assert!(
                waited.elapsed() < DEADLINE,
                "{name}: no rebuild after the burst\n{}",
                self.s.tail()
            );
            std::thread::sleep(POLL);
        }
        if effect == Effect::Breaks {
            // The failed rebuild is reported with the last good site.
            self.s.wait_until(|s| {
                String::from_utf8_lossy(&s.get("/").1).contains("\"error\":\"themes")
            });
        }
        let mut compared = 0;
        loop {
            let diff = differences(self.s, &expected, &self.seen);
            compared += 1;
            if diff.is_empty() {
                break;
            }
            assert!(
                started.elapsed() < DEADLINE * 2,
                "{name}: the served site never matched a fresh build: {diff:?}\n{}",
                self.s.tail()
            );
            std::thread::sleep(POLL * 5);
        }
        let matched = started.elapsed();
        if self.settle {
            // Late rebuilds belong to this burst too.
            self.quiet(before, at_least);
        }
        let count = self.s.rebuilds() - before;
        let last = match self.s.last_rebuild() {
            Some(at) if count > 0 => format!(
                "last rebuild {} ms after the burst began",
                at.saturating_duration_since(started).as_millis()
            ),
            _ => "no rebuild".to_owned(),
        };
        let line = format!(
            "{name}: {count} rebuild(s){}, {last}; all {} files equal to {} after {compared} comparison(s), {} ms",
            if self.settle { "" } else { " by then" },
            expected.len(),
            if effect == Effect::Breaks {
                "the last good site"
            } else {
                "a fresh build"
            },
            matched.as_millis(),
        );
        eprintln!("{line}");
        self.report.push(line);
        if effect == Effect::Breaks {
            assert!(
                String::from_utf8_lossy(&self.s.get("/").1).contains("\"error\":\"themes"),
                "{name}: the error is shown"
            );
        } else {
            self.last = expected;
        }
    }
}

/// Every entry file of the journal, sorted.
fn entry_files(root: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(root.join("content"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| e.into_path())
        .collect();
    files.sort();
    files
}

/// The entry with one more line in its body.
fn edited(path: &Path, line: &str) -> Vec<u8> {
    let mut text = std::fs::read_to_string(path).expect("read entry");
    text.push_str(&format!("\n{line}\n"));
    text.into_bytes()
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

#[test]
fn serve_keeps_up_with_bursts_of_saves() {
    bursts_of_saves(60, 20, 10, false);
}

/// The large version, with each burst's rebuilds counted; sizes from
/// `EBB_STRESS_*` (scripts/watch_stress.sh).
#[test]
#[ignore = "about a minute; .ci/run and scripts/watch_stress.sh run it"]
fn serve_keeps_up_with_large_bursts_of_saves() {
    bursts_of_saves(
        env_number("EBB_STRESS_ENTRIES", 300) as usize,
        env_number("EBB_STRESS_BURST", 100) as usize,
        env_number("EBB_STRESS_EDITS", 50),
        true,
    );
}

/// `entries` generated entries, bursts of `burst` files, then `edits`
/// single edits; `settle` waits after each burst to count its rebuilds.
fn bursts_of_saves(entries: usize, burst: usize, edits: u64, settle: bool) {
    let j = TestJournal::new();
    generate(&j, entries, 17, 23);
    let root = j.root().to_path_buf();
    let s = Served::start(&root, &[]);
    s.wait_first_build();
    let mut b = Bursts {
        s: &s,
        root: root.clone(),
        settle,
        seen: BTreeSet::new(),
        last: BTreeMap::new(),
        report: Vec::new(),
    };
    b.check("first build", Effect::None, || {});
    let files = entry_files(&root);
    let n = files.len();
    eprintln!("{n} entry files, bursts of {burst}");

    // A git checkout: most files rewritten (unlinked, then created), some
    // deleted, some added, all at once.
    let deleted: Vec<(PathBuf, Vec<u8>)> = files[..burst / 10]
        .iter()
        .map(|p| (p.clone(), std::fs::read(p).expect("read")))
        .collect();
    b.check("checkout burst", Effect::Changes, || {
        for p in &files[n - burst..] {
            let bytes = edited(p, "Changed on another branch.");
            std::fs::remove_file(p).expect("unlink");
            std::fs::write(p, bytes).expect("write");
        }
        for (p, _) in &deleted {
            std::fs::remove_file(p).expect("delete");
        }
        for i in 0..burst / 10 {
            j.entry(
                &format!("2031/2031-01-{:02}-branch-{i}.md", i % 28 + 1),
                &format!("title: Branch {i}\nmode: IC\nenergy: 4\ntags: [branch-only]"),
                "Only on the other branch.\n",
            );
        }
    });
    b.check("restore deleted entries", Effect::Changes, || {
        for (p, bytes) in &deleted {
            std::fs::write(p, bytes).expect("restore");
        }
    });
    let deleted: Vec<(PathBuf, Vec<u8>)> = files
        .iter()
        .skip(burst / 10)
        .step_by(7)
        .take(burst / 2)
        .map(|p| (p.clone(), std::fs::read(p).expect("read")))
        .collect();
    b.check("delete entries", Effect::Changes, || {
        for (p, _) in &deleted {
            std::fs::remove_file(p).expect("delete");
        }
    });
    b.check("restore them", Effect::Changes, || {
        for (p, bytes) in &deleted {
            std::fs::write(p, bytes).expect("restore");
        }
    });

    // Folder renames: a year hidden (a dot folder is not content), shown
    // again under another name, and edited there.
    let year = files[n / 2].parent().expect("year folder").to_path_buf();
    let hidden = year.with_file_name(".hidden-year");
    let moved = year.with_file_name("moved-year");
    b.check("hide a year folder", Effect::Changes, || {
        std::fs::rename(&year, &hidden).expect("rename");
    });
    b.check("show it again renamed", Effect::Changes, || {
        std::fs::rename(&hidden, &moved).expect("rename");
    });
    b.check("edit in the renamed folder", Effect::Changes, || {
        for e in std::fs::read_dir(&moved).expect("read").take(20) {
            let p = e.expect("entry").path();
            std::fs::write(&p, edited(&p, "Edited after the move.")).expect("write");
        }
    });

    // Editors' saves.
    let some: Vec<PathBuf> = entry_files(&root)
        .into_iter()
        .step_by(11)
        .take(20)
        .collect();
    b.check(
        "vim: backup by rename, write, delete backup",
        Effect::Changes,
        || {
            for p in &some {
                let bytes = edited(p, "Saved by vim.");
                let backup = with_suffix(p, "~");
                std::fs::rename(p, &backup).expect("backup");
                std::fs::write(p, bytes).expect("write");
                std::fs::remove_file(&backup).expect("delete backup");
            }
        },
    );
    b.check("write in place with truncate", Effect::Changes, || {
        for (i, p) in some.iter().enumerate() {
            let bytes = edited(p, "Saved in place.");
            let mut f = std::fs::File::create(p).expect("truncate");
            let (head, tail) = bytes.split_at(bytes.len() / 2);
            f.write_all(head).expect("write");
            f.flush().expect("flush");
            if i % 5 == 0 {
                // A slow editor: the half-written file is on disk for a while.
                std::thread::sleep(Duration::from_millis(60));
            }
            f.write_all(tail).expect("write");
        }
    });
    b.check("JetBrains safe write", Effect::Changes, || {
        for p in &some {
            let bytes = edited(p, "Saved by a JetBrains IDE.");
            let tmp = with_suffix(p, "___jb_tmp___");
            let old = with_suffix(p, "___jb_old___");
            std::fs::write(&tmp, bytes).expect("write tmp");
            std::fs::rename(p, &old).expect("rename old");
            std::fs::rename(&tmp, p).expect("rename tmp");
            std::fs::remove_file(&old).expect("delete old");
        }
    });

    // A template broken, then fixed, then the override removed.
    let template = root.join("themes/default/templates/entry.html");
    let default = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates/entry.html"),
    )
    .expect("the default template");
    b.check("break a template", Effect::Breaks, || {
        j.write("themes/default/templates/entry.html", "{% if %}broken");
    });
    b.check("fix it", Effect::Changes, || {
        j.write(
            "themes/default/templates/entry.html",
            default.replace("{% block main %}", "{% block main %}<p>overridden</p>"),
        );
    });
    let marker = b"<p>overridden</p>";
    assert!(
        b.last
            .values()
            .any(|v| v.windows(marker.len()).any(|w| w == marker)),
        "the fixed override is used"
    );
    b.check("remove the override", Effect::Changes, || {
        std::fs::remove_file(&template).expect("remove");
    });

    // Many single edits, each waited for, with memory before and after.
    let files = entry_files(&root);
    let rss_before = s.rss_kib();
    let mut version = s.version();
    let mut times = Vec::new();
    let before = s.rebuilds();
    for i in 0..edits {
        let p = &files[(i as usize * 37) % files.len()];
        let started = Instant::now();
        std::fs::write(p, edited(p, &format!("Edit {i}."))).expect("edit");
        version = s.wait_reload(version);
        times.push(started.elapsed());
    }
    b.check("after the single edits", Effect::None, || {});
    let rss_after = s.rss_kib();
    times.sort();
    let line = format!(
        "{edits} single edits: {} rebuilds, save-to-reload median {} ms, p99 {} ms; RSS {} MiB before, {} MiB after",
        s.rebuilds() - before,
        times[times.len() / 2].as_millis(),
        times[(times.len() * 99 / 100).min(times.len() - 1)].as_millis(),
        rss_before / 1024,
        rss_after / 1024
    );
    eprintln!("{line}");
    b.report.push(line.clone());
    eprintln!("\nsummary:\n{}", b.report.join("\n"));
    assert!(
        rss_after <= rss_before * 2 + 64 * 1024,
        "memory grew: {line}"
    );
}
