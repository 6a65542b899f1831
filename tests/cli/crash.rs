//! Crash safety: `ebb build` killed at random moments never leaves a
//! half-written site, and nothing a command other than `new` or `init` runs
//! ever touches the journal's own files.
//!
//! `cargo test` kills a few builds of a small journal; `cargo test --
//! --ignored` kills 30 builds of a larger one, and `scripts/crash_safety.sh`
//! 500 against the release binary (see scripts/README.md).

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant, SystemTime};

use super::generator::generate;
use super::support::{TestJournal, ebb, snapshot_tree};

/// A number from the environment, or `default`.
pub fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(default)
}

/// A small deterministic random source (xorshift), seeded from
/// `EBB_STRESS_SEED` or the clock; the seed is printed so a failure can be replayed.
pub struct Rng(u64);

impl Rng {
    pub fn new() -> Rng {
        let clock = SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or(1);
        let seed = env_number("EBB_STRESS_SEED", clock) | 1;
        eprintln!("random seed: EBB_STRESS_SEED={seed}");
        Rng(seed)
    }

    /// A source with a given seed.
    pub fn from_seed(seed: u64) -> Rng {
        Rng(seed | 1)
    }

    /// A number in `0..n`.
    pub fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n.max(1)
    }
}

/// Puts the journal in one of two states that give different sites: a
/// retitled entry, a tag that exists in only one state, an entry that exists
/// only in the second, and a changed static file. Most pages are the same in
/// both, so a rebuild carries many files over by hard link.
fn set_state(j: &TestJournal, second: bool) {
    let (title, tag, energy) = if second {
        ("Turn B", "state-b", 3)
    } else {
        ("Turn A", "state-a", 8)
    };
    j.entry(
        "2023/2023-12-31-turn.md",
        &format!("title: {title}\nmode: IC\nenergy: {energy}\ntags: [{tag}, deep-work]"),
        &format!("The {title} body.\n"),
    );
    let extra = j.path("content/2023/2023-12-30-only-in-b.md");
    if second {
        j.entry(
            "2023/2023-12-30-only-in-b.md",
            "title: Only in B\nmode: EM\nenergy: 5",
            "Here in the second state only.\n",
        );
    } else if extra.exists() {
        std::fs::remove_file(extra).expect("remove");
    }
    j.write("static/state.txt", if second { "B\n" } else { "A\n" });
}

/// Folders beside `public/` that a build made and left behind.
fn leftovers(root: &Path) -> Vec<String> {
    std::fs::read_dir(root)
        .expect("read the journal root")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".ebb-") && n != ".ebb-cache")
        .collect()
}

/// For a build with a cache killed while it moved new files into place
/// (the output holds `.ebb-pending`): every file must be whole, as one of
/// the two sites has it.
fn assert_whole_files(out: &Path, refs: &[BTreeMap<String, Vec<u8>>; 2], context: &str) {
    let half: Vec<String> = snapshot_tree(out)
        .into_iter()
        .filter(|(k, _)| !k.starts_with(".ebb-"))
        .filter(|(k, v)| refs.iter().all(|r| r.get(k) != Some(v)))
        .map(|(k, _)| k)
        .collect();
    assert!(
        half.is_empty(),
        "{context}: files in neither site, after a killed update: {half:?}"
    );
}

/// Which reference site `out` equals: 0 or 1, or `None` if it is absent.
/// Panics (naming the differing files) if it equals neither.
fn which_site(out: &Path, refs: &[BTreeMap<String, Vec<u8>>; 2], context: &str) -> Option<usize> {
    if !out.exists() {
        return None;
    }
    let got = snapshot_tree(out);
    if let Some(i) = refs.iter().position(|r| *r == got) {
        return Some(i);
    }
    let differing = |r: &BTreeMap<String, Vec<u8>>| -> Vec<String> {
        r.keys()
            .chain(got.keys())
            .filter(|k| r.get(*k) != got.get(*k))
            .take(8)
            .cloned()
            .collect()
    };
    panic!(
        "{context}: the output is neither complete site ({} files; unlike the first: {:?}; unlike the second: {:?})",
        got.len(),
        differing(&refs[0]),
        differing(&refs[1]),
    );
}

#[test]
fn a_killed_build_leaves_the_previous_site_or_the_new_one() {
    killed_builds(8, 40);
}

/// More kills of a larger journal; sizes from `EBB_CRASH_*`
/// (scripts/crash_safety.sh).
#[test]
#[ignore = "about a minute; .ci/run and scripts/crash_safety.sh run it"]
fn many_killed_builds_each_leave_the_previous_site_or_the_new_one() {
    killed_builds(
        env_number("EBB_CRASH_KILLS", 30),
        env_number("EBB_CRASH_ENTRIES", 200) as usize,
    );
}

/// `kills` builds of a journal of `entries` entries, each killed at a random
/// moment, each followed by a full build.
fn killed_builds(kills: u64, entries: usize) {
    let j = TestJournal::new();
    generate(&j, entries, 17, 23);

    // The two complete sites, built where nothing is killed.
    let mut refs: [BTreeMap<String, Vec<u8>>; 2] = Default::default();
    let mut took = Duration::ZERO;
    for (i, site) in refs.iter_mut().enumerate() {
        set_state(&j, i == 1);
        let started = Instant::now();
        j.run(&["build", "-o", &format!("ref-{i}")]).ok();
        took = took.max(started.elapsed());
        *site = snapshot_tree(&j.path(&format!("ref-{i}")));
    }
    assert_ne!(refs[0], refs[1], "the two states give different sites");
    assert!(refs[0].keys().any(|k| k.starts_with("tags/state-a/")));
    let span = took.as_micros() as u64 * 6 / 5;
    eprintln!(
        "{entries} entries, {} files per site; a build takes {} ms; killing at 0..{} ms",
        refs[0].len(),
        took.as_millis(),
        span / 1000
    );

    let out = j.path("public");
    let mut rng = Rng::new();
    let mut current: Option<usize> = None;
    // [killed before the swap, killed after it, finished before the kill]
    let mut outcomes = [0u32; 3];
    // Kills that left a staging folder (or a previous site) beside the output.
    let mut left_behind = 0;
    // Kills during an update in place, which the next build completed.
    let mut mid_update = 0;
    for n in 0..kills {
        let next = current.map_or(n as usize % 2, |c| 1 - c);
        set_state(&j, next == 1);
        let delay = Duration::from_micros(rng.below(span));
        let mut child = ebb(j.root())
            .arg("build")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start ebb build");
        std::thread::sleep(delay);
        let finished = child.try_wait().expect("poll the build").is_some();
        let _ = child.kill();
        child.wait().expect("reap the build");

        let context = format!("kill {n} after {} ms", delay.as_millis());
        // A build with a cache updates the folder in place: killed while it
        // moved files in, it leaves the list of them, for the next build.
        let now = if out.join(".ebb-pending").exists() {
            assert_whole_files(&out, &refs, &context);
            mid_update += 1;
            None
        } else {
            let now = which_site(&out, &refs, &context);
            assert!(
                now == current || now == Some(next),
                "{context}: expected site {current:?} or {next}, found {now:?}"
            );
            now
        };
        if !leftovers(j.root()).is_empty() {
            left_behind += 1;
        }
        outcomes[match (finished, now == Some(next) && current != Some(next)) {
            (true, _) => 2,
            (false, true) => 1,
            (false, false) => 0,
        }] += 1;

        // Whatever the kill left beside it, the next build succeeds and is complete.
        j.run(&["build"]).ok();
        let after = which_site(&out, &refs, &format!("{context}, then a build"));
        assert_eq!(after, Some(next), "{context}: the next build is complete");
        assert_eq!(
            leftovers(j.root()),
            Vec::<String>::new(),
            "{context}: a finished build leaves no staging folder behind"
        );
        current = Some(next);
        if (n + 1) % 50 == 0 {
            eprintln!("{} kills so far: {outcomes:?}", n + 1);
        }
    }
    eprintln!(
        "{kills} kills: {} left the previous site, {} the new one, {} builds finished before the kill; \
         {left_behind} left a folder beside the output, which the next build cleared; {mid_update} \
         stopped an update in place, which the next build completed; every next build succeeded",
        outcomes[0], outcomes[1], outcomes[2]
    );
}

/// Whether it is a folder, bytes and modification time of every file and
/// folder of the journal's own.
fn journal_files(root: &Path) -> BTreeMap<String, (bool, Vec<u8>, SystemTime)> {
    let mut files = BTreeMap::new();
    for top in ["content", "pages", "static", "themes", "book.toml"] {
        for e in walkdir::WalkDir::new(root.join(top))
            .into_iter()
            .filter_map(Result::ok)
        {
            let meta = e.metadata().expect("metadata");
            let rel = e
                .path()
                .strip_prefix(root)
                .expect("prefix")
                .to_string_lossy()
                .into_owned();
            let bytes = if meta.is_file() {
                std::fs::read(e.path()).expect("read")
            } else {
                Vec::new()
            };
            files.insert(rel, (meta.is_dir(), bytes, meta.modified().expect("mtime")));
        }
    }
    files
}

#[test]
fn no_command_but_new_and_init_touches_the_journal() {
    let j = TestJournal::new();
    generate(&j, 40, 7, 9);
    j.write("pages/about.md", "---\ntitle: About\n---\nAbout me.\n")
        .write("static/favicon.txt", "icon\n")
        .write(
            "themes/default/templates/page.html",
            std::fs::read(
                Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates/page.html"),
            )
            .expect("the default template"),
        )
        .write(
            "content/2024/2024-06-01-folder/index.md",
            "---\ntitle: Folder entry\nmode: IC\nenergy: 6\n---\n![pic](pic.svg)\n",
        )
        .write("content/2024/2024-06-01-folder/pic.svg", "<svg/>");
    let before = journal_files(j.root());
    assert!(before.len() > 40);
    let unchanged = |what: &str| {
        let now = journal_files(j.root());
        let changed: Vec<&String> = before
            .keys()
            .chain(now.keys())
            .filter(|k| before.get(*k) != now.get(*k))
            .collect();
        assert!(changed.is_empty(), "`{what}` touched {changed:?}");
    };

    let commands: &[&[&str]] = &[
        &["build"],
        &["build"],
        &["build", "--drafts", "--include-private", "-o", "personal"],
        &["build", "--include-private"],
        &["check"],
        &["check", "--format", "json"],
        &["export", "--format", "json"],
        &["export", "--format", "csv"],
        &[
            "export",
            "--format",
            "json",
            "--drafts",
            "--include-private",
        ],
        &["stats"],
        &["schema"],
    ];
    for args in commands {
        let run = j.run(args);
        assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
        unchanged(&args.join(" "));
    }

    // serve, with a page fetched, then stopped.
    let mut served = super::served::Served::start(j.root(), &[]);
    served.wait_until(|s| s.get("/").0 == 200);
    assert_eq!(served.get("/no-such-page/").0, 404);
    served.stop();
    unchanged("serve");

    // init on an existing journal refuses and writes nothing.
    let run = j.run(&["init"]);
    assert_ne!(run.code, 0, "init over a journal must refuse");
    unchanged("init on an existing journal");

    // new adds exactly one file and changes no other.
    let run = j
        .run(&["new", "Fresh", "--date", "2030-01-02", "--no-edit"])
        .ok();
    let now = journal_files(j.root());
    let added: Vec<&String> = now.keys().filter(|k| !before.contains_key(*k)).collect();
    let files: Vec<&&String> = added.iter().filter(|k| !now[**k].0).collect();
    assert_eq!(files.len(), 1, "`new` adds one file: {added:?}");
    // Only the folders that now hold the new file changed (their times).
    let changed: Vec<&String> = before
        .keys()
        .filter(|k| before.get(*k) != now.get(*k))
        .filter(|k| !(now[*k].0 && files[0].starts_with(&format!("{k}/"))))
        .collect();
    assert!(changed.is_empty(), "`new` changed {changed:?}");
    assert!(
        run.stdout.trim().ends_with(files[0].as_str()),
        "{} names {}",
        run.stdout,
        files[0]
    );
}
