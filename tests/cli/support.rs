//! A journal in a temporary folder, and the real `ebb` binary run on it with
//! an environment that does not leak the machine's.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A throwaway journal.
pub struct TestJournal {
    dir: tempfile::TempDir,
}

/// What a run of `ebb` printed and how it ended.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    fn from(output: Output) -> Run {
        Run {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }

    /// Asserts success and returns self.
    #[track_caller]
    pub fn ok(self) -> Run {
        assert_eq!(
            self.code, 0,
            "ebb failed:\n{}\n{}",
            self.stdout, self.stderr
        );
        self
    }

    /// Asserts failure with exit code 1 and returns self.
    #[track_caller]
    pub fn fails(self) -> Run {
        assert_eq!(
            self.code, 1,
            "ebb did not fail:\n{}\n{}",
            self.stdout, self.stderr
        );
        self
    }

    /// The `path:line:col: error: message` lines printed.
    pub fn error_lines(&self) -> Vec<String> {
        self.stderr
            .lines()
            .filter(|l| l.contains(": error: "))
            .map(str::to_owned)
            .collect()
    }
}

pub const BOOK: &str = "[book]\ntitle = \"Test journal\"\n";

impl TestJournal {
    /// An empty journal with a minimal book.toml and content folder.
    pub fn new() -> TestJournal {
        let j = TestJournal {
            dir: tempfile::tempdir().expect("temp dir"),
        };
        j.write("book.toml", BOOK);
        std::fs::create_dir_all(j.path("content")).expect("content dir");
        j
    }

    /// A journal made from a fixture folder under tests/fixtures.
    pub fn fixture(name: &str) -> TestJournal {
        let j = TestJournal::new();
        copy_tree(&fixtures().join(name), j.root());
        j
    }

    /// The journal root.
    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// A path inside the journal.
    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    /// Writes a file (creating folders).
    pub fn write(&self, rel: &str, text: impl AsRef<[u8]>) -> &TestJournal {
        let p = self.path(rel);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(p, text).expect("write");
        self
    }

    /// Writes an entry with the given frontmatter lines and body.
    pub fn entry(&self, rel: &str, frontmatter: &str, body: &str) -> &TestJournal {
        self.write(
            &format!("content/{rel}"),
            format!("---\n{frontmatter}\n---\n{body}"),
        )
    }

    /// Runs `ebb` with `args` in the journal root.
    pub fn run(&self, args: &[&str]) -> Run {
        self.run_in(self.root(), args)
    }

    /// Runs `ebb` with `args` in `cwd`.
    pub fn run_in(&self, cwd: &Path, args: &[&str]) -> Run {
        Run::from(ebb(cwd).args(args).output().expect("run ebb"))
    }

    /// Reads an output file.
    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path(rel)).unwrap_or_else(|e| panic!("read {rel}: {e}"))
    }
}

/// The clock every test runs ebb with: 2026-11-30T12:00:00Z, in `TZ=UTC`.
pub const TEST_EPOCH: &str = "1796040000";
/// The day of [`TEST_EPOCH`].
pub const TEST_TODAY: &str = "2026-11-30";

/// The `ebb` binary with a clean environment and a fixed clock.
pub fn ebb(cwd: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_ebb"));
    c.current_dir(cwd)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", cwd)
        .env("NO_COLOR", "1")
        .env("TZ", "UTC")
        .env("SOURCE_DATE_EPOCH", TEST_EPOCH);
    c
}

/// tests/fixtures.
pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// Copies a folder's files into another.
pub fn copy_tree(from: &Path, to: &Path) {
    for e in walkdir::WalkDir::new(from)
        .into_iter()
        .filter_map(Result::ok)
    {
        let rel = e.path().strip_prefix(from).expect("prefix");
        let target = to.join(rel);
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("mkdir");
        } else {
            std::fs::copy(e.path(), &target).expect("copy");
        }
    }
}

/// Every file under `dir` with its bytes, keyed by relative path.
pub fn snapshot_tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .expect("prefix")
                .to_string_lossy()
                .into_owned();
            (rel, std::fs::read(e.path()).expect("read"))
        })
        .collect()
}

/// Debian's Chromium, where tests expect it; `None` when it is not installed.
pub fn chromium() -> Option<std::path::PathBuf> {
    [
        "/usr/bin/chromium",
        "/usr/bin/chromium-browser",
        "/usr/bin/google-chrome",
    ]
    .into_iter()
    .map(std::path::PathBuf::from)
    .find(|p| p.is_file())
}

/// Headless Chromium, started the way this machine's closed network needs.
pub fn launch(chrome: std::path::PathBuf) -> headless_chrome::Browser {
    let options = headless_chrome::LaunchOptions::default_builder()
        .path(Some(chrome))
        .headless(true)
        .sandbox(false)
        .window_size(Some((900, 700)))
        .args(
            [
                "--disable-gpu",
                "--disable-background-networking",
                "--no-first-run",
                "--disable-component-update",
                "--disable-sync",
            ]
            .iter()
            .map(std::ffi::OsStr::new)
            .collect(),
        )
        .build()
        .expect("launch options");
    headless_chrome::Browser::new(options).expect("start chromium")
}
