//! Nothing of a private entry or a draft reaches a public build.

use super::generator::{CANARY, generate};
use super::support::{TestJournal, snapshot_tree};

fn leaks(dir: &std::path::Path) -> Vec<String> {
    let needles = [
        CANARY.to_string(),
        CANARY.to_lowercase(),
        "leak_canary".to_owned(),
    ];
    snapshot_tree(dir)
        .into_iter()
        .filter(|(path, bytes)| {
            let text = String::from_utf8_lossy(bytes);
            needles
                .iter()
                .any(|n| text.contains(n.as_str()) || path.contains(n.as_str()))
        })
        .map(|(path, _)| path)
        .collect()
}

#[test]
fn public_build_has_no_trace_of_private_or_draft_entries() {
    let j = TestJournal::new();
    let g = generate(&j, 60, 5, 7);
    assert!(g.private > 5 && g.drafts > 3, "the generator made secrets");
    let run = j.run(&["build"]).ok();
    assert!(
        run.stderr.contains(&format!("built {} entries", g.public)),
        "{}",
        run.stderr
    );

    let public = j.path("public");
    assert_eq!(leaks(&public), Vec::<String>::new(), "canary leaked");
    // The tag used only by hidden entries does not exist publicly.
    assert!(!public.join("tags/leak-canary-tag").exists());
    // One page per public entry, and no more.
    let entry_pages = snapshot_tree(&public)
        .keys()
        .filter(|p| p.starts_with("2024/") && p.ends_with("index.html"))
        .count();
    assert_eq!(entry_pages, g.public);
    // Feeds, sitemap and search hold the public entries (and, above, nothing else).
    let feed = j.read("public/atom.xml");
    assert_eq!(feed.matches("<entry>").count(), 20.min(g.public));
    let sitemap = j.read("public/sitemap.xml");
    assert_eq!(sitemap.matches("<loc>/2024/").count(), g.public);
    let docs: serde_json::Value = serde_json::from_str(&j.read("public/search/docs.json")).unwrap();
    // Public weekly notes are found too.
    assert_eq!(
        docs.as_array().map(Vec::len),
        Some(g.public + g.public_notes)
    );
    // The numbers behind the charts count the public days alone.
    let figures: serde_json::Value =
        serde_json::from_str(&j.read("public/data/figures.json")).unwrap();
    let entries: u64 = figures["days"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["entries"].as_u64().unwrap())
        .sum();
    assert_eq!(entries, g.public as u64);
}

#[test]
fn flags_put_hidden_entries_back_in_a_personal_copy() {
    let j = TestJournal::new();
    let g = generate(&j, 30, 5, 7);
    j.run(&["build", "--drafts", "--include-private"]).ok();
    // The personal copy never lands in the public build folder.
    assert!(!j.path("public").exists());
    let copy = j.path("public-private");
    assert!(!leaks(&copy).is_empty());
    assert!(copy.join("tags/leak-canary-tag/index.html").is_file());
    let html = j.read("public-private/index.html");
    assert!(
        html.contains("noindex"),
        "a personal copy is kept out of search engines"
    );
    let entries = snapshot_tree(&copy)
        .keys()
        .filter(|p| p.starts_with("2024/") && p.ends_with("index.html"))
        .count();
    assert_eq!(entries, g.public + g.private + g.drafts);

    // --drafts alone adds drafts but no private entry.
    j.run(&["build", "--drafts", "-o", "with-drafts"]).ok();
    let with_drafts = snapshot_tree(&j.path("with-drafts"));
    let pages = with_drafts
        .keys()
        .filter(|p| p.starts_with("2024/") && p.ends_with("index.html"))
        .count();
    assert_eq!(pages, g.public + g.drafts);
}

#[test]
fn personal_copies_refuse_every_spelling_of_the_public_folder() {
    let j = TestJournal::new();
    generate(&j, 6, 3, 100);
    // The public site exists, so a link to it can be made.
    j.run(&["build"]).ok();
    let before = snapshot_tree(&j.path("public"));
    #[cfg(unix)]
    std::os::unix::fs::symlink(j.path("public"), j.path("site")).unwrap();
    let absolute = j.path("public").display().to_string();
    let mut spellings = vec![
        "public",
        "./public",
        "public/",
        "content/../public",
        &absolute,
    ];
    if cfg!(unix) {
        spellings.push("site");
    }
    for flags in [
        &["--drafts"][..],
        &["--include-private"],
        &["--drafts", "--include-private"],
    ] {
        for out in &spellings {
            let mut args = vec!["build"];
            args.extend_from_slice(flags);
            args.extend(["-o", out]);
            let run = j.run(&args);
            assert_ne!(run.code, 0, "{args:?}");
            assert!(
                run.stderr
                    .contains("never writes into the public build folder"),
                "{args:?}: {}",
                run.stderr
            );
        }
    }
    assert_eq!(
        snapshot_tree(&j.path("public")),
        before,
        "public/ untouched"
    );
}

#[test]
fn drafts_alone_make_a_personal_copy_beside_the_public_folder() {
    let j = TestJournal::new();
    let g = generate(&j, 30, 5, 7);
    j.run(&["build", "--drafts"]).ok();
    assert!(
        !j.path("public").exists(),
        "--drafts never writes build-dir"
    );
    let copy = j.path("public-private");
    let html = j.read("public-private/index.html");
    assert!(html.contains("noindex"), "a personal copy carries noindex");
    assert!(j.read("public-private/robots.txt").contains("Disallow: /"));
    let pages = snapshot_tree(&copy)
        .keys()
        .filter(|p| p.starts_with("2024/") && p.ends_with("index.html"))
        .count();
    assert_eq!(pages, g.public + g.drafts);
}

#[test]
fn include_private_refuses_the_public_folder() {
    let j = TestJournal::new();
    generate(&j, 6, 3, 100);
    let run = j.run(&["build", "--include-private", "-o", "public"]);
    assert_ne!(run.code, 0);
    assert!(
        run.stderr
            .contains("never writes into the public build folder"),
        "{}",
        run.stderr
    );
    assert!(!j.path("public").exists());
}

#[test]
fn figures_count_only_public_entries() {
    let j = TestJournal::new();
    j.entry(
        "2024/2024-01-01-a.md",
        "title: A\nmode: IC\nenergy: 8\ntags: [shared]",
        "",
    )
    .entry(
        "2024/2024-01-02-b.md",
        "title: B\nmode: IC\nenergy: 6\ntags: [shared]",
        "",
    )
    .entry(
        "2024/2024-01-03-c.md",
        "title: C\nmode: IC\nenergy: 1\nprivate: true\ntags: [shared]",
        "",
    )
    .entry(
        "2024/2024-01-04-d.md",
        "title: D\nmode: EM\nenergy: 2\ndraft: true\ntags: [shared]",
        "",
    );
    j.run(&["build"]).ok();
    // Public days: 8 and 6, so every mean is 7.0; with the hidden days it would be 4.3.
    let tag = j.read("public/tags/shared/index.html");
    assert!(tag.contains("7.0"), "tag mean from public days only");
    assert!(!tag.contains("4.3"));
    // The same figures from the library, with nothing left to a template.
    let config = ebb::config::Config::load(j.root()).expect("config");
    let site = ebb::site::Site::load(config, ebb::content::Visibility::default());
    let index = ebb::index::Index::new(site.entries());
    assert_eq!(index.entries.len(), 2);
    assert_eq!(index.mean_energy, Some(7.0));
    let shared = index.tag("shared").expect("tag");
    assert_eq!(shared.entries.len(), 2);
    assert_eq!(shared.days, 2);
    let em = index.mode_figures(ebb::content::Mode::Em);
    assert_eq!((em.entries, em.days, em.mean_energy), (0, 0, None));
}

#[test]
fn images_of_a_private_folder_entry_are_not_copied() {
    let j = TestJournal::new();
    j.entry(
        "2024/2024-05-01-offsite/index.md",
        "title: Offsite\nprivate: true",
        "![b](board.svg)\n",
    )
    .write("content/2024/2024-05-01-offsite/board.svg", "<svg/>")
    .entry(
        "2024/2024-05-02-public/index.md",
        "title: Public",
        "![p](photo.svg)\n",
    )
    .write("content/2024/2024-05-02-public/photo.svg", "<svg/>");
    j.run(&["build"]).ok();
    assert!(!j.path("public/2024/05/01").exists());
    assert!(j.path("public/2024/05/02/public/photo.svg").is_file());
}

#[test]
fn the_sample_journal_keeps_its_private_entry_and_draft_out() {
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    let run = super::support::ebb(repo)
        .args(["build", "-q", "-o"])
        .arg(&site)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let files = snapshot_tree(&site);
    assert!(files.len() > 50);
    // Words that occur only in the sample's private entry and its draft.
    let secrets = [
        "A difficult one-on-one",
        "Rotterdam",
        "carer",
        "Things I would tell April me",
        "april-me",
    ];
    for (path, bytes) in &files {
        let text = String::from_utf8_lossy(bytes);
        for s in secrets {
            assert!(
                !text.contains(s) && !path.contains(s),
                "{s} leaked into {path}"
            );
        }
    }
}

#[test]
fn other_tools_hide_keys_stop_the_build_and_leak_nothing() {
    for key in [
        "published: false",
        "published: no",
        "hidden: true",
        "secret: true",
        "unlisted: true",
        "public: false",
        "visibility: private",
        "visibility: unlisted",
        "status: draft",
    ] {
        let j = TestJournal::new();
        generate(&j, 6, 100, 100);
        j.entry(
            "2024/2024-02-01-hidden.md",
            &format!("title: Secret {CANARY}\nmode: IC\nenergy: 5\n{key}"),
            "About a colleague.",
        );
        let run = j.run(&["build"]).fails();
        let name = key.split(':').next().unwrap();
        // The error points at the key: line 5 of the file (after `---`, title, mode, energy).
        let wanted = "content/2024/2024-02-01-hidden.md:5:1: error:";
        assert!(run.stderr.contains(wanted), "{key}: {}", run.stderr);
        assert!(
            run.stderr.contains("`private: true`") && run.stderr.contains("`draft: true`"),
            "{key}: {}",
            run.stderr
        );
        assert!(run.stderr.contains(name), "{key}: {}", run.stderr);
        assert!(!j.path("public").exists(), "{key}: nothing written");
        let check = j.run(&["check"]);
        assert_ne!(check.code, 0, "{key}: check fails too");
    }
}

#[test]
fn other_tools_show_values_are_warnings() {
    let j = TestJournal::new();
    j.entry(
        "2024/2024-02-01-shown.md",
        "title: Shown\npublished: true\nhidden: false\nvisibility: public",
        "Fine to publish.",
    );
    let run = j.run(&["check"]).ok();
    for line in [":3:1: warning:", ":4:1: warning:", ":5:1: warning:"] {
        assert!(run.stderr.contains(line), "{line}: {}", run.stderr);
    }
    assert!(run.stderr.contains("does nothing in ebb"), "{}", run.stderr);
    j.run(&["build"]).ok();
    assert!(j.path("public/2024/02/01/shown/index.html").is_file());
}

#[test]
fn a_page_with_another_tools_hide_key_stops_the_build() {
    let j = TestJournal::new();
    generate(&j, 3, 100, 100);
    j.write(
        "pages/notes.md",
        format!("---\ntitle: Notes\npublished: false\n---\n{CANARY}\n"),
    );
    let run = j.run(&["build"]).fails();
    assert!(
        run.stderr.contains("pages/notes.md:3:1: error:"),
        "{}",
        run.stderr
    );
    assert!(!j.path("public").exists());
}

/// The strongest form of the rule: a public build of a journal is the build
/// of its public entries alone, byte for byte, so no figure, chart, week,
/// year, tag, feed or index can carry anything of the others.
#[test]
fn the_public_site_is_the_site_of_the_public_entries_alone() {
    let j = TestJournal::new();
    let g = generate(&j, 80, 5, 7);
    assert!(g.private > 10 && g.drafts > 5);
    let alone = TestJournal::new();
    let mut removed = 0;
    for dir in ["content", "weeks"] {
        super::support::copy_tree(&j.path(dir), &alone.path(dir));
        for (rel, bytes) in snapshot_tree(&alone.path(dir)) {
            let text = String::from_utf8_lossy(&bytes);
            if text.contains("\nprivate: true") || text.contains("\ndraft: true") {
                std::fs::remove_file(alone.path(&format!("{dir}/{rel}"))).expect("remove");
                removed += 1;
            }
        }
    }
    assert!(
        g.secret_notes > 1,
        "the generator wrote hidden weekly notes"
    );
    assert_eq!(removed, g.private + g.drafts + g.secret_notes);
    j.run(&["build"]).ok();
    alone.run(&["build"]).ok();
    let (with, without) = (
        snapshot_tree(&j.path("public")),
        snapshot_tree(&alone.path("public")),
    );
    let differing: Vec<&String> = with
        .keys()
        .chain(without.keys())
        .filter(|k| with.get(*k) != without.get(*k))
        .collect();
    assert!(differing.is_empty(), "differ: {differing:?}");
    for compared in [
        "years/2024/index.html",
        "data/figures.json",
        "trends/index.html",
    ] {
        assert!(with.contains_key(compared), "{compared} was compared");
    }
}
