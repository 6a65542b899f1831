//! The output folder: swapped in whole, never half-written, never someone else's.

use super::support::{TestJournal, snapshot_tree};

fn journal() -> TestJournal {
    let j = TestJournal::new();
    j.entry(
        "2024/2024-03-14-first.md",
        "title: First\nmode: IC\nenergy: 7",
        "Hello.\n",
    );
    j
}

#[test]
fn failed_build_leaves_previous_output_byte_for_byte() {
    let j = journal();
    j.run(&["build"]).ok();
    let before = snapshot_tree(&j.path("public"));
    assert!(before.contains_key("index.html"));

    j.entry("2024/2024-03-15-broken.md", "title: Broken\nenergy: 11", "");
    j.run(&["build"]).fails();
    assert_eq!(snapshot_tree(&j.path("public")), before);
    // No staging folder is left behind.
    let names: Vec<String> = std::fs::read_dir(j.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(names.iter().all(|n| !n.contains("ebb-new")), "{names:?}");
}

#[test]
fn rebuild_replaces_the_whole_site() {
    let j = journal();
    j.run(&["build"]).ok();
    assert!(j.path("public/2024/03/14/first/index.html").is_file());
    std::fs::remove_file(j.path("content/2024/2024-03-14-first.md")).unwrap();
    j.entry("2024/2024-03-20-second.md", "title: Second", "");
    j.run(&["build"]).ok();
    assert!(
        !j.path("public/2024/03/14/first").exists(),
        "stale pages are gone"
    );
    assert!(j.path("public/2024/03/20/second/index.html").is_file());
    assert!(j.path("public/.ebb-build").is_file(), "marker written");
}

#[test]
fn refuses_to_replace_a_folder_ebb_did_not_write() {
    let j = journal();
    j.write("site/notes.txt", "mine");
    let run = j.run(&["build", "-o", "site"]);
    assert_ne!(run.code, 0);
    assert!(run.stderr.contains("not written by ebb"), "{}", run.stderr);
    assert_eq!(j.read("site/notes.txt"), "mine");

    // An empty folder is fine.
    std::fs::create_dir_all(j.path("empty")).unwrap();
    j.run(&["build", "-o", "empty"]).ok();
    assert!(j.path("empty/index.html").is_file());
}

#[test]
fn refuses_the_journal_and_its_content() {
    let j = journal();
    let before = snapshot_tree(j.root());
    for out in [".", "content", "content/2024", ".."] {
        let run = j.run(&["build", "-o", out]);
        assert_ne!(run.code, 0, "-o {out} must be refused");
        assert!(run.stderr.contains("refusing"), "{}", run.stderr);
    }
    assert_eq!(snapshot_tree(j.root()), before);
}

#[test]
fn content_is_never_modified_by_build() {
    let j = journal();
    let content = snapshot_tree(&j.path("content"));
    j.run(&["build"]).ok();
    j.run(&["build", "--drafts", "--include-private"]).ok();
    j.run(&["check"]).ok();
    assert_eq!(snapshot_tree(&j.path("content")), content);
}

// Inode numbers are how these tell a carried-over file from a rewritten one.
#[cfg(unix)]
#[test]
fn unchanged_files_keep_their_bytes_and_time_across_builds() {
    use std::os::unix::fs::MetadataExt;
    let j = journal();
    j.entry(
        "2024/2024-03-15-second.md",
        "title: Second\nmode: EM\nenergy: 4",
        "Second.\n",
    );
    j.run(&["build"]).ok();
    let first = j.path("public/2024/03/14/first/index.html");
    let second = j.path("public/2024/03/15/second/index.html");
    let before = std::fs::metadata(&first).unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));
    // Only the second entry's body changes: its page is new, the first's is not.
    j.entry(
        "2024/2024-03-15-second.md",
        "title: Second\nmode: EM\nenergy: 4",
        "Second, edited.\n",
    );
    j.run(&["build"]).ok();
    let after = std::fs::metadata(&first).unwrap();
    assert_eq!(
        (after.ino(), after.mtime_nsec()),
        (before.ino(), before.mtime_nsec()),
        "carried over, not rewritten"
    );
    assert!(
        j.read("public/2024/03/15/second/index.html")
            .contains("Second, edited.")
    );
    assert!(second.is_file());
    assert!(j.path("public/.ebb-manifest").is_file());
}

// Inode numbers are how these tell a carried-over file from a rewritten one.
#[cfg(unix)]
#[test]
fn an_override_never_writes_through_into_the_previous_site() {
    let j = journal();
    j.run(&["build"]).ok();
    let css = j.read("public/assets/style.css");
    let before = snapshot_tree(&j.path("public"));
    // The theme's stylesheet is written first (unchanged: carried over by a
    // hard link), then static/ overrides it; then the build fails.
    j.write("static/assets/style.css", "body { color: red }");
    j.entry("2024/2024-03-16-broken.md", "title: Broken\nenergy: 11", "");
    j.run(&["build"]).fails();
    assert_eq!(snapshot_tree(&j.path("public")), before);
    // And a good build with the override leaves the old file alone too.
    std::fs::remove_file(j.path("content/2024/2024-03-16-broken.md")).unwrap();
    let old_css = j.path("public/assets/style.css");
    let old_inode = std::os::unix::fs::MetadataExt::ino(&std::fs::metadata(&old_css).unwrap());
    j.run(&["build"]).ok();
    assert_eq!(j.read("public/assets/style.css"), "body { color: red }");
    assert_ne!(
        std::os::unix::fs::MetadataExt::ino(&std::fs::metadata(&old_css).unwrap()),
        old_inode
    );
    assert!(!css.is_empty());
}
