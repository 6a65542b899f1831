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

#[test]
fn check_ins_with_tags_and_notes() {
    let j = TestJournal::new();
    j.entry(
        "2024-05-06-paged.md",
        "title: Paged\nmode: EM\nenergy:\n  morning: { score: 7, note: Slept well }\n  midday: { score: 3, tags: [incident, slack], note: \"Three VPs & one <b>pager</b>\" }\n  evening: { tags: [writing], note: The customer update }\nfocus_hours: 0.5\nmeeting_hours: 7",
        "Body.\n",
    );
    j.run(&["build"]).ok();
    let between = |html: &str, from: &str, to: &str| {
        let start = html.find(from).expect("start");
        let end = start + html[start..].find(to).expect("end") + to.len();
        html[start..end].to_owned()
    };
    let entry = j.read("public/2024/05/06/paged/index.html");
    let week = j.read("public/weeks/2024-W19/index.html");
    insta::assert_snapshot!(format!(
        "{}\n\n{}",
        between(&entry, "<dl class=\"facts\">", "</dl>"),
        between(&week, "<time datetime=\"2024-05-06\">", "</tbody>")
    ));
}
