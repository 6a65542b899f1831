//! The build cache (`.ebb-cache/`): a build that uses it writes the same
//! bytes as a build without it (`--no-cache`), after every kind of edit; a
//! cache that does not fit is reported once and not used; a killed build is
//! rolled forward; a public build's cache holds nothing of a hidden entry.

use std::collections::BTreeMap;
use std::path::Path;

use super::crash::env_number;
use super::generator::{CANARY, generate};
use super::incremental::Edits;
use super::support::{TestJournal, ebb, snapshot_tree};

/// The site in `dir`, without ebb's own files (marker, manifest).
fn site(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    snapshot_tree(dir)
        .into_iter()
        .filter(|(k, _)| !k.starts_with(".ebb-"))
        .collect()
}

/// Paths whose bytes differ between two sites, or that only one has.
fn differing(a: &BTreeMap<String, Vec<u8>>, b: &BTreeMap<String, Vec<u8>>) -> Vec<String> {
    let mut out: Vec<String> = a
        .iter()
        .filter(|(k, v)| b.get(*k) != Some(*v))
        .map(|(k, _)| k.clone())
        .collect();
    out.extend(b.keys().filter(|k| !a.contains_key(*k)).cloned());
    out
}

/// Runs `ebb build ARGS` in `root` with `EBB_VERIFY=1` (every page the
/// cache keeps is made again and compared); its standard error on success.
fn build(root: &Path, args: &[&str]) -> Result<String, String> {
    build_verified(root, args, true)
}

/// Like [`build`]; without `verify`, a build that finds no input changed
/// keeps the site as it is (verifying makes every kept page again).
fn build_verified(root: &Path, args: &[&str], verify: bool) -> Result<String, String> {
    let run = ebb(root)
        .arg("build")
        .args(args)
        .env("EBB_VERIFY", if verify { "1" } else { "0" })
        .output()
        .expect("run ebb build");
    let stderr = String::from_utf8_lossy(&run.stderr).into_owned();
    match run.status.success() {
        true => Ok(stderr),
        false => Err(stderr),
    }
}

/// Applies `steps` random edits from `seed` (the kinds of the incremental
/// property test) and, after each, compares a cached build with a build
/// with `--no-cache`: public builds each step, a personal copy every third.
fn check_cached_builds(seed: u64, steps: usize) {
    let j = TestJournal::new();
    j.write(
        "book.toml",
        "[book]\ntitle = \"Cached journal\"\n[site]\npage-size = 4\nbase-url = \"https://example.org/j/\"\n",
    );
    generate(&j, 20, 5, 7);
    let root = j.root();
    let fresh = tempfile::tempdir().expect("temp dir");
    let mut edits = Edits::new(seed, root);
    let mut log: Vec<String> = Vec::new();
    for n in 0..=steps {
        if n > 0 {
            let step = edits.next_step();
            log.push(format!("{n:>3}. {}", step.what));
            for op in &step.ops {
                edits.apply(op);
            }
        }
        let personal = n % 3 == 2;
        let flags: &[&str] = if personal { &["--drafts"] } else { &[] };
        let (out, fresh_out) = match personal {
            true => ("public-drafts", fresh.path().join("drafts")),
            false => ("public", fresh.path().join("public")),
        };
        let fail = |why: String| -> ! {
            panic!(
                "seed {seed}, step {n}: {why}\n\nsteps:\n{}\n\nreplay: EBB_CACHED_SEED={seed} \
                 EBB_CACHED_STEPS={n} cargo test --test cli cached::",
                log.join("\n")
            )
        };
        let cached = [flags, &["-o", out]].concat();
        // Every other step, the first build after the edit may find nothing
        // changed (and must not, when something did); every step ends with
        // one that finds nothing changed.
        let mut stderrs = Vec::new();
        for verify in [n % 2 == 0, false] {
            let stderr = build_verified(root, &cached, verify)
                .unwrap_or_else(|e| fail(format!("cached build: {e}")));
            if stderr.contains("panicked") {
                fail(stderr);
            }
            stderrs.push(stderr);
        }
        // (The summary says how long each build took.)
        let said = |s: &String| s.rsplit_once(" in ").map(|(said, _)| said.to_owned());
        if said(&stderrs[0]) != said(&stderrs[1]) {
            fail(format!(
                "a build that found nothing changed said otherwise: {stderrs:?}"
            ));
        }
        let fresh_path = fresh_out.to_string_lossy().into_owned();
        let uncached = [flags, &["--no-cache", "-o", fresh_path.as_str()]].concat();
        build(root, &uncached).unwrap_or_else(|e| fail(format!("fresh build: {e}")));
        let diff = differing(&site(&j.path(out)), &site(&fresh_out));
        if !diff.is_empty() {
            fail(format!("cached and fresh builds differ: {diff:?}"));
        }
    }
}

#[test]
fn a_cached_build_equals_a_fresh_build_after_each_random_edit() {
    let seed = env_number("EBB_CACHED_SEED", 20_261_202);
    let steps = env_number("EBB_CACHED_STEPS", 18) as usize;
    check_cached_builds(seed, steps);
}

#[test]
#[ignore = "a few minutes; .ci/run runs it"]
fn a_cached_build_equals_a_fresh_build_after_many_random_edits() {
    let steps = env_number("EBB_CACHED_STEPS", 120) as usize;
    for seed in [3, 65_537] {
        check_cached_builds(seed, steps);
    }
}

/// A small journal, built once so it has a cache and an output folder.
fn built_journal() -> TestJournal {
    let j = TestJournal::new();
    j.write(
        "book.toml",
        "[book]\ntitle = \"T\"\n[site]\nbase-url = \"https://example.org/\"\n",
    );
    generate(&j, 12, 5, 7);
    build(j.root(), &[]).expect("first build");
    j
}

/// The first entry page of the public site, and its source file.
fn first_public_entry(j: &TestJournal) -> (String, String) {
    let site = site(&j.path("public"));
    let page = site
        .keys()
        .find(|k| k.starts_with("2024/") && k.ends_with("/index.html"))
        .expect("an entry page")
        .clone();
    let slug = page
        .trim_end_matches("/index.html")
        .rsplit('/')
        .next()
        .unwrap_or("")
        .to_owned();
    let source = walkdir::WalkDir::new(j.path("content"))
        .into_iter()
        .filter_map(Result::ok)
        .find(|e| e.path().to_string_lossy().contains(&slug))
        .expect("its source")
        .path()
        .strip_prefix(j.root())
        .expect("inside the journal")
        .to_string_lossy()
        .into_owned();
    (page, source)
}

#[test]
fn a_second_build_keeps_what_did_not_change_and_a_missing_site_is_written_from_the_cache() {
    let j = built_journal();
    assert!(j.path(".ebb-cache/public/state").is_file());
    let (page, _) = first_public_entry(&j);
    let before = std::fs::metadata(j.path(&format!("public/{page}")))
        .unwrap()
        .modified()
        .unwrap();
    let expected = site(&j.path("public"));
    let stderr = build(j.root(), &[]).unwrap();
    assert!(!stderr.contains("warning"), "{stderr}");
    let after = std::fs::metadata(j.path(&format!("public/{page}")))
        .unwrap()
        .modified()
        .unwrap();
    assert_eq!(before, after, "an unchanged page is not written again");
    assert_eq!(site(&j.path("public")), expected);

    // CI restored the cache but not the site.
    std::fs::remove_dir_all(j.path("public")).unwrap();
    build(j.root(), &[]).unwrap();
    assert_eq!(site(&j.path("public")), expected);
}

#[test]
fn an_edit_that_keeps_a_files_size_and_time_is_still_seen() {
    let j = built_journal();
    let (_, source) = first_public_entry(&j);
    let before = site(&j.path("public"));
    let path = j.path(&source);
    let modified = std::fs::metadata(&path).unwrap().modified().unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    let title = text
        .lines()
        .find(|l| l.starts_with("title: "))
        .expect("a title")
        .to_owned();
    // The same number of bytes, and the time the file had: only what it
    // holds tells (it changed just after the build that saw it).
    let retitled = format!("title: {}", "Q".repeat(title.len() - "title: ".len()));
    std::fs::write(&path, text.replacen(&title, &retitled, 1)).unwrap();
    std::fs::File::options()
        .write(true)
        .open(&path)
        .unwrap()
        .set_modified(modified)
        .unwrap();
    assert_eq!(
        std::fs::metadata(&path).unwrap().modified().unwrap(),
        modified
    );
    build_verified(j.root(), &[], false).unwrap();
    build(j.root(), &["--no-cache", "-o", "fresh"]).unwrap();
    let after = site(&j.path("public"));
    assert_ne!(after, before);
    assert_eq!(after, site(&j.path("fresh")));
}

#[test]
fn a_build_that_finds_nothing_changed_repeats_the_warnings_and_restores_a_lost_page() {
    let j = built_journal();
    j.write(
        "content/2099-01-01-later.md",
        "---\ntitle: Later\nenergy: 5\n---\nSoon.\n",
    );
    let first = build_verified(j.root(), &[], false).unwrap();
    assert!(first.contains("is after today"), "{first}");
    let second = build_verified(j.root(), &[], false).unwrap();
    let said = |s: &str| s.rsplit_once(" in ").map(|(said, _)| said.to_owned());
    assert_eq!(said(&first), said(&second));
    let expected = site(&j.path("public"));
    let (page, _) = first_public_entry(&j);
    std::fs::remove_file(j.path(&format!("public/{page}"))).unwrap();
    build_verified(j.root(), &[], false).unwrap();
    assert_eq!(site(&j.path("public")), expected);
}

#[test]
fn damaged_kept_readings_scans_and_search_traces_are_made_again() {
    let j = built_journal();
    let (_, source) = first_public_entry(&j);
    for file in ["entries", "scans", "search"] {
        let kept = j.path(&format!(".ebb-cache/public/{file}"));
        let bytes = std::fs::read(&kept).unwrap();
        assert!(bytes.len() > 40, "the build kept its {file}");
        let damaged: [(&str, Vec<u8>); 4] = [
            ("truncated", bytes[..bytes.len() / 2].to_vec()),
            ("garbled", bytes.iter().map(|b| b ^ 0x21).collect()),
            ("one byte changed", {
                let mut b = bytes.clone();
                let at = b.len() / 2;
                b[at] ^= 1;
                b
            }),
            ("empty", Vec::new()),
        ];
        for (n, (what, broken)) in damaged.into_iter().enumerate() {
            // An edit too, so the build makes what it does not trust.
            let text = j.read(&source);
            j.write(&source, format!("{text}\nEdit {file} {n}.\n"));
            std::fs::write(&kept, &broken).unwrap();
            build_verified(j.root(), &[], true).unwrap_or_else(|e| panic!("{file} {what}: {e}"));
            let cached = site(&j.path("public"));
            build(j.root(), &["--no-cache", "-o", "fresh"]).unwrap();
            assert_eq!(
                differing(&cached, &site(&j.path("fresh"))),
                Vec::<String>::new(),
                "{file} {what}"
            );
            let again = std::fs::read(&kept).unwrap();
            assert_ne!(again, broken, "{file} {what}: written again");
        }
    }
}

#[test]
fn a_cache_that_does_not_fit_is_reported_once_and_not_used() {
    let j = built_journal();
    let expected = site(&j.path("public"));
    let state = j.path(".ebb-cache/public/state");
    let bytes = std::fs::read(&state).unwrap();
    let damaged: [(&str, Vec<u8>); 3] = [
        ("truncated", bytes[..bytes.len() / 2].to_vec()),
        ("garbled", bytes.iter().map(|b| b ^ 0x21).collect()),
        ("empty", Vec::new()),
    ];
    for (what, broken) in damaged {
        std::fs::write(&state, &broken).unwrap();
        let stderr = build(j.root(), &[]).unwrap_or_else(|e| panic!("{what}: {e}"));
        let warnings: Vec<&str> = stderr
            .lines()
            .filter(|l| l.contains("the build cache is not used"))
            .collect();
        assert_eq!(warnings.len(), 1, "{what}: {stderr}");
        assert!(
            warnings[0].contains(".ebb-cache/public/state:1:1: warning"),
            "{stderr}"
        );
        assert!(stderr.contains("truncated or damaged"), "{what}: {stderr}");
        assert_eq!(site(&j.path("public")), expected, "{what}");
        // The build saved a good cache again.
        let again = build(j.root(), &[]).unwrap();
        assert!(!again.contains("warning"), "{what}: {again}");
    }

    // Another base URL is another site: the cache is not used for it.
    let stderr = build(j.root(), &["--base-url", "https://other.example/"]).unwrap();
    assert!(
        stderr.contains("the flags that change the output differ"),
        "{stderr}"
    );
    assert!(j.read("public/atom.xml").contains("https://other.example/"));
    // book.toml changed.
    j.write(
        "book.toml",
        "[book]\ntitle = \"Retitled\"\n[site]\nbase-url = \"https://example.org/\"\n",
    );
    let stderr = build(j.root(), &[]).unwrap();
    assert!(stderr.contains("book.toml changed"), "{stderr}");
    assert!(j.read("public/index.html").contains("Retitled"));
}

#[test]
fn a_killed_update_is_rolled_forward_by_the_next_build() {
    let j = built_journal();
    let expected = site(&j.path("public"));
    let (page, source) = first_public_entry(&j);
    // What a build killed after moving one new page into place leaves: the
    // page replaced, its path in the pending list, the cache not yet saved.
    // Its edit is then undone, so the page's fingerprint is the cached one.
    std::fs::write(j.path(&format!("public/{page}")), "half a build").unwrap();
    std::fs::write(j.path("public/.ebb-pending"), format!("{page}\n")).unwrap();
    let text = j.read(&source);
    j.write(&source, &text);
    build(j.root(), &[]).unwrap();
    assert_eq!(site(&j.path("public")), expected);
    assert!(!j.path("public/.ebb-pending").exists());
}

#[test]
fn a_failed_cached_build_leaves_the_site_as_it_was() {
    let j = TestJournal::new();
    j.write("book.toml", "[book]\ntitle = \"T\"\n");
    generate(&j, 12, 5, 7);
    // A template that fails on one title only, so the theme stays the same
    // between the builds and the second one updates the folder in place.
    let entry = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates/entry.html"))
        .unwrap()
        .replacen(
            "{% block title %}",
            "{% block title %}{% if page.entry.title == \"Boom\" %}{{ page.nothing.deeper }}{% endif %}",
            1,
        );
    j.write("themes/default/templates/entry.html", &entry);
    build(j.root(), &[]).expect("first build");
    let expected = site(&j.path("public"));
    let (_, source) = first_public_entry(&j);
    let text = j.read(&source);
    let title = text
        .lines()
        .find(|l| l.starts_with("title:"))
        .unwrap()
        .to_owned();
    j.write(&source, text.replacen(&title, "title: Boom", 1));
    assert!(build(j.root(), &[]).is_err());
    assert_eq!(site(&j.path("public")), expected);
    assert!(!j.path("public/.ebb-pending").exists());
    // Fixed, the next build brings the change.
    j.write(&source, text.replacen(&title, "title: Fixed", 1));
    build(j.root(), &[]).unwrap();
    assert!(differing(&site(&j.path("public")), &expected).len() > 1);
}

#[test]
fn a_public_build_cache_holds_nothing_of_a_hidden_entry() {
    let j = TestJournal::new();
    let g = generate(&j, 40, 5, 7);
    assert!(g.private > 3 && g.drafts > 2);
    // Personal copies first, so their caches exist beside the public one.
    build(j.root(), &["--drafts", "--include-private"]).unwrap();
    build(j.root(), &["--drafts"]).unwrap();
    build(j.root(), &[]).unwrap();
    let needles = [
        CANARY.to_owned(),
        CANARY.to_lowercase(),
        "leak_canary".to_owned(),
    ];
    let has_canary = |dir: &Path| {
        snapshot_tree(dir).into_iter().any(|(path, bytes)| {
            let text = String::from_utf8_lossy(&bytes);
            needles
                .iter()
                .any(|n| text.contains(n.as_str()) || path.contains(n.as_str()))
        })
    };
    assert!(
        has_canary(&j.path(".ebb-cache/private-drafts")),
        "the personal cache holds the hidden entries (so the check below can fail)"
    );
    let public = j.path(".ebb-cache/public");
    assert!(public.join("state").is_file());
    assert!(
        !has_canary(&public),
        "a hidden entry's trace in the public cache"
    );
    // The public entries' bodies, in one pack.
    let packs: Vec<String> = std::fs::read_dir(&public)
        .unwrap()
        .map(|f| f.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".pack"))
        .collect();
    assert_eq!(packs.len(), 1, "{packs:?}");
}

/// An entry that was public and is then made private (or deleted) leaves
/// nothing behind in the public build's cache: its reading, scan, search
/// trace and rendered body go with it, though the files are otherwise only
/// added to.
#[test]
fn an_entry_hidden_after_a_cached_build_leaves_nothing_in_the_public_cache() {
    let j = built_journal();
    let (_, source) = first_public_entry(&j);
    let marker = "Quillfeather-Marmalade";
    let text = std::fs::read_to_string(j.path(&source)).unwrap();
    j.write(&source, format!("{text}\nMet {marker} about the reorg.\n"));
    build(j.root(), &[]).expect("a build with the marker");
    let has_marker = |dir: &Path| {
        snapshot_tree(dir).into_iter().any(|(_, bytes)| {
            let text = String::from_utf8_lossy(&bytes).to_lowercase();
            text.contains(&marker.to_lowercase())
        })
    };
    let cache = j.path(".ebb-cache/public");
    assert!(
        has_marker(&cache),
        "the public entry is cached (so the check below can fail)"
    );
    let hidden = text.replacen("---\n", "---\nprivate: true\n", 1);
    j.write(
        &source,
        format!("{hidden}\nMet {marker} about the reorg.\n"),
    );
    build(j.root(), &[]).expect("a build with the entry private");
    assert!(
        !has_marker(&cache),
        "a hidden entry's trace in the public cache"
    );
    assert!(!has_marker(&j.path("public")));
}

/// Weekly notes are inputs too: a note written, edited or removed after a
/// cached build is seen by the next one, which equals a fresh build.
#[test]
fn a_weekly_note_is_an_input_of_a_cached_build() {
    let j = built_journal();
    for text in [
        Some("---\ntitle: A first look back\nnext: [rest]\n---\nWritten after the build.\n"),
        Some("---\ntitle: A second look back\nnext: [rest more]\n---\nEdited.\n"),
        None,
    ] {
        let path = j.path("weeks/2024-W02.md");
        match text {
            Some(t) => {
                std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                std::fs::write(&path, t).unwrap();
            }
            None => std::fs::remove_file(&path).unwrap(),
        }
        build_verified(j.root(), &[], false).unwrap();
        let _ = std::fs::remove_dir_all(j.path("fresh"));
        build(j.root(), &["--no-cache", "-o", "fresh"]).unwrap();
        assert_eq!(
            differing(&site(&j.path("public")), &site(&j.path("fresh"))),
            Vec::<String>::new()
        );
        let week =
            std::fs::read_to_string(j.path("public/weeks/2024-W02/index.html")).unwrap_or_default();
        match text {
            Some(t) if t.contains("second") => assert!(week.contains("A second look back")),
            Some(_) => assert!(week.contains("A first look back")),
            None => assert!(!week.contains("look back")),
        }
    }
}
