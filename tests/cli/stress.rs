//! `ebb serve` under stress: bursts of saves the ways editors and git make
//! them, folder renames, deletions and restores, a broken and fixed template,
//! then many single edits and a load of requests while editing. After each
//! burst the served site must equal a fresh `ebb build --drafts` of the same
//! files, with few rebuilds and steady memory.
//!
//! `cargo test` runs a small version; `scripts/watch_stress.sh` and
//! `scripts/serve_load.sh` run the same tests at full size against the
//! release binary (see scripts/README.md).

use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::ops::RangeInclusive;
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::crash::env_number;
use super::generator::generate;
use super::support::{TestJournal, ebb, snapshot_tree};

/// How long any condition may take: generous, for a busy 2-core machine.
pub const DEADLINE: Duration = Duration::from_secs(60);
/// How often conditions are polled.
const POLL: Duration = Duration::from_millis(20);
/// No rebuild for this long after a burst: the server has settled.
const QUIET: Duration = Duration::from_millis(1500);

/// A running `ebb serve` with its terminal lines collected; killed when dropped.
pub struct Served {
    child: Option<Child>,
    pub addr: String,
    pub url: String,
    /// serve's terminal lines, each with when it was read.
    lines: Arc<Mutex<Vec<(Instant, String)>>>,
}

impl Served {
    /// Starts `ebb serve -p 0` in `root` and reads its address.
    pub fn start(root: &Path, extra: &[&str]) -> Served {
        let mut child = ebb(root)
            .args(["serve", "-p", "0"])
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start ebb serve");
        let mut first = String::new();
        BufReader::new(child.stdout.take().expect("stdout"))
            .read_line(&mut first)
            .expect("the first line");
        let url = first
            .split_whitespace()
            .find(|w| w.starts_with("http://"))
            .unwrap_or_else(|| panic!("no URL in {first:?}"))
            .to_owned();
        let addr = url
            .trim_start_matches("http://")
            .trim_end_matches('/')
            .to_owned();
        let lines = Arc::new(Mutex::new(Vec::new()));
        let stderr = child.stderr.take().expect("stderr");
        let sink = Arc::clone(&lines);
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines() {
                let Ok(line) = line else { break };
                if let Ok(mut l) = sink.lock() {
                    l.push((Instant::now(), line));
                }
            }
        });
        Served {
            child: Some(child),
            addr,
            url,
            lines,
        }
    }

    /// The process id.
    pub fn pid(&self) -> u32 {
        self.child.as_ref().map_or(0, Child::id)
    }

    /// Resident memory in KiB, from /proc.
    pub fn rss_kib(&self) -> u64 {
        let status =
            std::fs::read_to_string(format!("/proc/{}/status", self.pid())).unwrap_or_default();
        status
            .lines()
            .find_map(|l| l.strip_prefix("VmRSS:"))
            .and_then(|v| v.split_whitespace().next())
            .and_then(|v| v.parse().ok())
            .unwrap_or(0)
    }

    /// Stops the server.
    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// A GET of `path`: status and body.
    pub fn get(&self, path: &str) -> (u16, Vec<u8>) {
        http_get(&self.addr, path).unwrap_or((0, Vec::new()))
    }

    /// Waits for `test` to hold, polling.
    #[track_caller]
    pub fn wait_until(&self, test: impl Fn(&Served) -> bool) {
        let started = Instant::now();
        while !test(self) {
            assert!(started.elapsed() < DEADLINE, "timed out");
            std::thread::sleep(POLL);
        }
    }

    /// How many rebuilds (good or failed) the server has reported so far.
    pub fn rebuilds(&self) -> usize {
        self.lines
            .lock()
            .map(|l| l.iter().filter(|(_, l)| is_rebuild(l)).count())
            .unwrap_or(0)
    }

    /// When the server last reported a rebuild.
    pub fn last_rebuild(&self) -> Option<Instant> {
        self.lines.lock().ok().and_then(|l| {
            l.iter()
                .rev()
                .find(|(_, l)| is_rebuild(l))
                .map(|(at, _)| *at)
        })
    }

    /// The site version the server is at, as injected into pages.
    pub fn version(&self) -> u64 {
        let (_, body) = self.get("/__ebb-no-such-page");
        let text = String::from_utf8_lossy(&body);
        text.split("\"version\":")
            .nth(1)
            .and_then(|v| v.split(|c: char| !c.is_ascii_digit()).next())
            .and_then(|v| v.parse().ok())
            .unwrap_or(0)
    }

    /// Waits on the live-reload stream until the site is newer than
    /// `since`; returns the new version.
    pub fn wait_reload(&self, since: u64) -> u64 {
        let mut stream = TcpStream::connect(&self.addr).expect("connect");
        stream.set_read_timeout(Some(DEADLINE)).ok();
        write!(
            stream,
            "GET /__ebb/events?v={since} HTTP/1.1\r\nHost: x\r\n\r\n"
        )
        .expect("send");
        let mut text = String::new();
        let _ = stream.read_to_string(&mut text);
        text.split("event: reload\ndata: ")
            .nth(1)
            .and_then(|v| v.lines().next())
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or_else(|| panic!("no reload after version {since}: {text:?}"))
    }

    /// Waits until the server has reported its first build.
    pub fn wait_first_build(&self) {
        self.wait_until(|s| s.rebuilds() >= 1);
    }

    /// The terminal lines so far, for failure messages.
    pub fn tail(&self) -> String {
        self.lines
            .lock()
            .map(|l| {
                l[l.len().saturating_sub(12)..]
                    .iter()
                    .map(|(_, line)| line.as_str())
                    .collect::<Vec<_>>()
                    .join("\n")
            })
            .unwrap_or_default()
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        self.stop();
    }
}

/// A line `serve` prints once per rebuild, good or failed.
fn is_rebuild(line: &str) -> bool {
    line.starts_with("built ") || line.contains("the site was not rebuilt")
}

/// A GET over a fresh connection: the status and the body.
pub fn http_get(addr: &str, path: &str) -> std::io::Result<(u16, Vec<u8>)> {
    let mut stream = TcpStream::connect(addr)?;
    stream.set_read_timeout(Some(DEADLINE))?;
    write!(stream, "GET {path} HTTP/1.1\r\nHost: x\r\n\r\n")?;
    let mut response = Vec::new();
    stream.read_to_end(&mut response)?;
    let at = response
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or_else(|| std::io::Error::other("no end of head"))?;
    let status = std::str::from_utf8(&response[..at])
        .ok()
        .and_then(|h| h.split(' ').nth(1))
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| std::io::Error::other("no status"))?;
    Ok((status, response[at + 4..].to_vec()))
}

/// A page as built: the served copy without the live-reload script that
/// `serve` adds before `</body>`.
pub fn strip_live(body: &[u8]) -> Vec<u8> {
    let marker = b"<script type=\"application/json\" id=\"ebb-live\">";
    let Some(start) = body.windows(marker.len()).rposition(|w| w == marker) else {
        return body.to_vec();
    };
    let close = b"</script>";
    let mut end = start;
    for _ in 0..2 {
        match body[end..].windows(close.len()).position(|w| w == close) {
            Some(at) => end += at + close.len(),
            None => return body.to_vec(),
        }
    }
    [&body[..start], &body[end..]].concat()
}

/// The URL path of a file of the site.
pub fn url_path(rel: &str) -> String {
    let mut out = String::from("/");
    for b in rel.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A fresh `ebb build --drafts` of the journal as `serve` would render it.
pub fn fresh_build(root: &Path, url: &str) -> Result<BTreeMap<String, Vec<u8>>, String> {
    let tmp = tempfile::tempdir().expect("temp dir");
    let out = tmp.path().join("site");
    let run = ebb(root)
        .args(["build", "--drafts", "--base-url", url, "-o"])
        .arg(&out)
        .output()
        .expect("run ebb build");
    if !run.status.success() {
        return Err(String::from_utf8_lossy(&run.stderr).into_owned());
    }
    Ok(snapshot_tree(&out)
        .into_iter()
        .filter(|(k, _)| !k.starts_with(".ebb-"))
        .collect())
}

/// Differences between what is served and `expected`; paths in `gone` that
/// are not expected must be 404.
pub fn differences(
    s: &Served,
    expected: &BTreeMap<String, Vec<u8>>,
    gone: &BTreeSet<String>,
) -> Vec<String> {
    let mut out = Vec::new();
    for (rel, bytes) in expected {
        let (status, body) = s.get(&url_path(rel));
        if status != 200 {
            out.push(format!("{rel}: {status}"));
        } else if strip_live(&body) != *bytes {
            out.push(format!("{rel}: different bytes"));
        }
        if out.len() >= 5 {
            return out;
        }
    }
    for rel in gone.iter().filter(|r| !expected.contains_key(*r)) {
        let (status, _) = s.get(&url_path(rel));
        if status != 404 {
            out.push(format!("{rel}: {status} (expected 404)"));
            if out.len() >= 5 {
                break;
            }
        }
    }
    out
}

/// Checks bursts: each must end with the served site equal to a fresh build.
struct Bursts<'a> {
    s: &'a Served,
    root: PathBuf,
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

    /// Runs `burst`, waits for the server to settle, and checks the served
    /// site against a fresh build (or, if `broken`, against the last good site).
    fn check(
        &mut self,
        name: &str,
        broken: bool,
        rebuilds: RangeInclusive<usize>,
        burst: impl FnOnce(),
    ) {
        let before = self.s.rebuilds();
        let started = Instant::now();
        burst();
        let expected = if broken {
            let fresh = fresh_build(&self.root, &self.s.url);
            assert!(fresh.is_err(), "{name}: the build should fail");
            self.last.clone()
        } else {
            fresh_build(&self.root, &self.s.url)
                .unwrap_or_else(|e| panic!("{name}: a fresh build failed: {e}"))
        };
        self.seen.extend(expected.keys().cloned());
        let mut compared = 0;
        loop {
            self.quiet(before, *rebuilds.start());
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
        }
        let matched = started.elapsed();
        // Late rebuilds belong to this burst too.
        self.quiet(before, *rebuilds.start());
        let count = self.s.rebuilds() - before;
        let last = match self.s.last_rebuild() {
            Some(at) if count > 0 => format!(
                "last rebuild {} ms after the burst began",
                at.saturating_duration_since(started).as_millis()
            ),
            _ => "no rebuild".to_owned(),
        };
        let line = format!(
            "{name}: {count} rebuild(s), {last}; all {} files equal to {} after {compared} comparison(s), {} ms",
            expected.len(),
            if broken {
                "the last good site"
            } else {
                "a fresh build"
            },
            matched.as_millis(),
        );
        eprintln!("{line}");
        self.report.push(line);
        assert!(
            rebuilds.contains(&count),
            "{name}: {count} rebuilds, {rebuilds:?} expected\n{}",
            self.s.tail()
        );
        if broken {
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
    let entries = env_number("EBB_STRESS_ENTRIES", 300) as usize;
    let burst = env_number("EBB_STRESS_BURST", 100) as usize;
    let edits = env_number("EBB_STRESS_EDITS", 50);
    let j = TestJournal::new();
    generate(&j, entries, 17, 23);
    let root = j.root().to_path_buf();
    let s = Served::start(&root, &[]);
    s.wait_first_build();
    let mut b = Bursts {
        s: &s,
        root: root.clone(),
        seen: BTreeSet::new(),
        last: BTreeMap::new(),
        report: Vec::new(),
    };
    b.check("first build", false, 0..=0, || {});
    let files = entry_files(&root);
    let n = files.len();
    eprintln!("{n} entry files, bursts of {burst}");

    // A git checkout: most files rewritten (unlinked, then created), some
    // deleted, some added, all at once.
    let deleted: Vec<(PathBuf, Vec<u8>)> = files[..burst / 10]
        .iter()
        .map(|p| (p.clone(), std::fs::read(p).expect("read")))
        .collect();
    b.check("checkout burst", false, 1..=4, || {
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
    b.check("restore deleted entries", false, 1..=4, || {
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
    b.check("delete entries", false, 1..=4, || {
        for (p, _) in &deleted {
            std::fs::remove_file(p).expect("delete");
        }
    });
    b.check("restore them", false, 1..=4, || {
        for (p, bytes) in &deleted {
            std::fs::write(p, bytes).expect("restore");
        }
    });

    // Folder renames: a year hidden (a dot folder is not content), shown
    // again under another name, and edited there.
    let year = files[n / 2].parent().expect("year folder").to_path_buf();
    let hidden = year.with_file_name(".hidden-year");
    let moved = year.with_file_name("moved-year");
    b.check("hide a year folder", false, 1..=4, || {
        std::fs::rename(&year, &hidden).expect("rename");
    });
    b.check("show it again renamed", false, 1..=4, || {
        std::fs::rename(&hidden, &moved).expect("rename");
    });
    b.check("edit in the renamed folder", false, 1..=4, || {
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
        false,
        1..=4,
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
    b.check("write in place with truncate", false, 1..=6, || {
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
    b.check("JetBrains safe write", false, 1..=4, || {
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
    b.check("break a template", true, 1..=3, || {
        j.write("themes/default/templates/entry.html", "{% if %}broken");
    });
    b.check("fix it", false, 1..=3, || {
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
    b.check("remove the override", false, 1..=3, || {
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
    b.check("after the single edits", false, 0..=usize::MAX, || {});
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
