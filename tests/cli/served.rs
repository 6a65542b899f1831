//! A running `ebb serve` for tests, and how to compare what it serves with a
//! fresh `ebb build --drafts` of the same files.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, ExitStatus, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::support::{ebb, snapshot_tree};

/// How long any condition may take: generous, for a busy 2-core machine.
pub const DEADLINE: Duration = Duration::from_secs(60);
/// How often conditions are polled.
pub const POLL: Duration = Duration::from_millis(20);

/// A running `ebb serve` with its terminal lines collected; killed when dropped.
pub struct Served {
    child: Mutex<Option<Child>>,
    pub addr: String,
    pub url: String,
    /// serve's terminal lines, each with when it was read.
    lines: Arc<Mutex<Vec<(Instant, String)>>>,
}

impl Served {
    /// Starts `ebb serve -p 0` in `root` and reads its address.
    ///
    /// The server runs with `EBB_VERIFY=1`: each rebuild also renders the
    /// pages it would keep and fails if one differs from the kept copy.
    /// `EBB_VERIFY=0` in the tests' environment leaves it out (to time
    /// rebuilds as people run them).
    pub fn start(root: &Path, extra: &[&str]) -> Served {
        let mut command = ebb(root);
        if std::env::var("EBB_VERIFY").map_or(true, |v| v != "0") {
            command.env("EBB_VERIFY", "1");
        }
        let mut child = command
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
            child: Mutex::new(Some(child)),
            addr,
            url,
            lines,
        }
    }

    /// The process id.
    pub fn pid(&self) -> u32 {
        self.child
            .lock()
            .ok()
            .and_then(|c| c.as_ref().map(Child::id))
            .unwrap_or(0)
    }

    /// How the server ended, if it has.
    pub fn exited(&self) -> Option<ExitStatus> {
        let mut child = self.child.lock().ok()?;
        child.as_mut()?.try_wait().ok().flatten()
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
        let child = self.child.get_mut().map(Option::take).unwrap_or(None);
        if let Some(mut child) = child {
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

    /// Every terminal line so far.
    pub fn lines(&self) -> Vec<String> {
        self.lines
            .lock()
            .map(|l| l.iter().map(|(_, line)| line.clone()).collect())
            .unwrap_or_default()
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
        .args(["build", "--no-cache", "--drafts", "--base-url", url, "-o"])
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
