//! Snapshots of rendered pages and of diagnostics, reviewed like code
//! (`cargo insta review` after an intended change).

use super::support::TestJournal;

#[test]
fn entry_page() {
    let j = TestJournal::fixture("basic");
    j.run(&["build"]).ok();
    insta::assert_snapshot!(j.read("public/2024/05/06/first-week-leading/index.html"));
}

#[test]
fn entry_page_with_time_and_code() {
    let j = TestJournal::fixture("basic");
    j.run(&["build"]).ok();
    insta::assert_snapshot!(j.read("public/2024/05/07/design-day/index.html"));
}

#[test]
fn tags_page() {
    let j = TestJournal::fixture("basic");
    j.run(&["build"]).ok();
    insta::assert_snapshot!(j.read("public/tags/index.html"));
}

#[test]
fn diagnostics_with_carets() {
    let j = TestJournal::fixture("invalid/checkin-twelve");
    super::support::copy_tree(
        &super::support::fixtures().join("invalid/mode-cto"),
        j.root(),
    );
    let run = j.run(&["build"]).fails();
    insta::assert_snapshot!(run.stderr);
}
