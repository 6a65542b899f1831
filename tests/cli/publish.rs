//! What a published site carries besides its pages: feeds, a sitemap,
//! robots.txt, head metadata, and nothing of the machine that built it.

use super::generator::{CANARY, generate};
use super::support::{TestJournal, snapshot_tree};

fn published() -> TestJournal {
    let j = TestJournal::new();
    j.write(
        "book.toml",
        "[book]\ntitle = \"Notes\"\nauthors = [\"Ada\"]\n[site]\nbase-url = \"https://ada.example/notes/\"\n[feed]\nlimit = 5\n",
    );
    j
}

#[test]
fn atom_feeds_parse_and_hold_the_latest_public_entries() {
    let j = published();
    let g = generate(&j, 30, 5, 7);
    j.entry(
        "2025/2025-01-01-folder/index.md",
        "title: With a picture\nmode: IC\nenergy: 6\ntags: [pairing]",
        "![board](board.svg) and [the top](#top)\n\n# Top\n",
    )
    .write(
        "content/2025/2025-01-01-folder/board.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    j.run(&["build"]).ok();
    assert!(g.public > 5);

    let feed = feed_rs::parser::parse(j.read("public/atom.xml").as_bytes()).expect("a valid feed");
    assert_eq!(feed.title.map(|t| t.content).as_deref(), Some("Notes"));
    assert_eq!(feed.entries.len(), 5, "the feed limit");
    assert_eq!(feed.authors[0].name.as_deref(), Some("Ada"));
    let newest = &feed.entries[0];
    assert_eq!(newest.id, "https://ada.example/notes/2025/01/01/folder/");
    assert_eq!(
        newest.links[0].href,
        "https://ada.example/notes/2025/01/01/folder/"
    );
    let content = newest
        .content
        .as_ref()
        .and_then(|c| c.body.clone())
        .expect("full content");
    assert!(
        content.contains("src=\"https://ada.example/notes/2025/01/01/folder/board.svg\""),
        "{content}"
    );
    assert!(content.contains("href=\"https://ada.example/notes/2025/01/01/folder/#top\""));
    for e in &feed.entries {
        assert!(e.links[0].href.starts_with("https://ada.example/notes/"));
        let title = e
            .title
            .as_ref()
            .map(|t| t.content.clone())
            .unwrap_or_default();
        assert!(!title.contains(CANARY), "{title}");
    }

    let tag = feed_rs::parser::parse(j.read("public/tags/pairing/atom.xml").as_bytes())
        .expect("a valid tag feed");
    assert!(!tag.entries.is_empty() && tag.entries.len() <= 5);
    assert!(
        j.read("public/tags/pairing/index.html")
            .contains("href=\"/notes/tags/pairing/atom.xml\"")
    );
    assert!(
        j.read("public/index.html")
            .contains("type=\"application/atom+xml\"")
    );
}

#[test]
fn feed_links_are_absolute_and_raw_html_is_left_as_written() {
    let j = published();
    j.entry(
        "2025/2025-01-01-first.md",
        "title: First\nmode: IC\nenergy: 6",
        "The first.\n",
    )
    .entry(
        "2025/2025-01-02-links.md",
        "title: Links\nmode: EM\nenergy: 5",
        "[the first](2025-01-01-first.md), ![chart](chart.png), [below](#below), \
         [elsewhere](https://x.example/a)\n\n<img data-src=\"x.png\" alt=\"lazy\">\n\n# Below\n",
    );
    j.run(&["build"]).ok();
    let feed = feed_rs::parser::parse(j.read("public/atom.xml").as_bytes()).expect("a valid feed");
    let links = feed
        .entries
        .iter()
        .find(|e| e.id.ends_with("/2025/01/02/links/"))
        .expect("the entry");
    let content = links
        .content
        .as_ref()
        .and_then(|c| c.body.clone())
        .expect("full content");
    for want in [
        "href=\"https://ada.example/notes/2025/01/01/first/\"",
        "src=\"https://ada.example/notes/2025/01/02/links/chart.png\"",
        "href=\"https://ada.example/notes/2025/01/02/links/#below\"",
        "href=\"https://x.example/a\"",
        // Raw HTML in the Markdown is the writer's own, left as written.
        "<img data-src=\"x.png\" alt=\"lazy\">",
    ] {
        assert!(content.contains(want), "{want} in\n{content}");
    }
    // The entry's page keeps its links as the site resolves them.
    let page = j.read("public/2025/01/02/links/index.html");
    assert!(page.contains("src=\"chart.png\""), "{page}");
    assert!(page.contains("href=\"/notes/2025/01/01/first/\""), "{page}");
}

#[test]
fn sitemap_lists_every_public_page_and_robots_points_to_it() {
    let j = published();
    let g = generate(&j, 20, 4, 6);
    j.run(&["build"]).ok();
    let sitemap = j.read("public/sitemap.xml");
    let entries = sitemap
        .matches("<loc>https://ada.example/notes/2024/")
        .count();
    assert_eq!(entries, g.public);
    assert!(sitemap.contains("<loc>https://ada.example/notes/tags/</loc>"));
    assert!(sitemap.contains("<lastmod>"));
    assert!(!sitemap.contains("404"));
    assert_eq!(
        j.read("public/robots.txt"),
        "User-agent: *\nAllow: /\n\nSitemap: https://ada.example/notes/sitemap.xml\n"
    );

    // A personal copy asks robots to stay away.
    j.run(&["build", "--include-private"]).ok();
    assert_eq!(
        j.read("public-private/robots.txt"),
        "User-agent: *\nDisallow: /\n"
    );
}

#[test]
fn pages_carry_head_metadata() {
    let j = published();
    j.entry(
        "2024/2024-03-14-delegating.md",
        "title: Delegating <well>\nmode: EM\nenergy: 6\nsummary: Handing over & letting go\ntags: [delegation]",
        "Body.\n",
    );
    j.run(&["build"]).ok();
    let page = j.read("public/2024/03/14/delegating/index.html");
    for expected in [
        "<html lang=\"en\">",
        "<title>Delegating &lt;well&gt; · Notes</title>",
        "<meta name=\"description\" content=\"Handing over &amp; letting go\">",
        "<link rel=\"canonical\" href=\"https://ada.example/notes/2024/03/14/delegating/\">",
        "<meta property=\"og:title\" content=\"Delegating &lt;well&gt;\">",
        "<meta property=\"og:type\" content=\"article\">",
        "<meta property=\"og:url\" content=\"https://ada.example/notes/2024/03/14/delegating/\">",
        "<meta property=\"og:description\" content=\"Handing over &amp; letting go\">",
        "<meta property=\"article:published_time\" content=\"2024-03-14T00:00:00Z\">",
        "<meta name=\"twitter:card\" content=\"summary\">",
    ] {
        assert!(page.contains(expected), "missing {expected}");
    }
}

#[test]
fn no_file_holds_a_path_of_the_build_machine() {
    let j = published();
    generate(&j, 12, 4, 5);
    j.write("static/notes.txt", "hello");
    j.run(&["build"]).ok();
    let root = j.root().to_string_lossy().into_owned();
    for (path, bytes) in snapshot_tree(&j.path("public")) {
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains(&root), "{path} holds {root}");
        assert!(
            !text.contains("/home/") && !text.contains("/tmp/"),
            "{path}"
        );
    }
}

#[test]
fn check_warns_about_missing_anchors() {
    let j = published();
    j.entry("2024-01-01-a.md", "title: A\nmode: IC\nenergy: 5", "# Real\n\n[ok](#real) [bad](#nope) [other](2024-01-02-b.md#missing) [fine](2024-01-02-b.md#plan)\n")
        .entry("2024-01-02-b.md", "title: B\nmode: IC\nenergy: 5", "## Plan\n");
    let run = j.run(&["check"]).ok();
    assert!(run.stderr.contains("content/2024-01-01-a.md:8:13: warning: link to `#nope`: `2024-01-01-a.md` has no heading with that id"), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("link to `#missing`: `2024-01-02-b.md` has no heading with that id"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("#real") && !run.stderr.contains("#plan"));
}

#[test]
fn the_search_index_holds_public_entries_only() {
    let j = published();
    j.entry(
        "2024-01-01-a.md",
        "title: Delegating the migration\ntags: [delegation]",
        "Sam runs the cutover.\n",
    )
    .entry(
        "2024-01-02-b.md",
        "title: Secret plans\nprivate: true",
        "Zanzibar offsite.\n",
    )
    .entry(
        "2024-01-03-c.md",
        "title: Unfinished\ndraft: true",
        "Quokka notes.\n",
    );
    j.run(&["build"]).ok();
    let docs: serde_json::Value = serde_json::from_str(&j.read("public/search/docs.json")).unwrap();
    let docs = docs.as_array().unwrap();
    assert_eq!(docs.len(), 1);
    assert_eq!(docs[0]["t"], "Delegating the migration");
    assert_eq!(docs[0]["u"], "/notes/2024/01/01/a/");
    let shards: Vec<String> = serde_json::from_str(&j.read("public/search/shards.json")).unwrap();
    assert!(shards.contains(&"cu".to_owned()), "body words are indexed");
    let cu: serde_json::Value = serde_json::from_str(&j.read("public/search/cu.json")).unwrap();
    assert_eq!(
        cu["cutover"],
        serde_json::json!([0, 4]),
        "doc 0; weight 3 in the summary (from the first paragraph) and 1 in the body"
    );
    for word in ["zanzibar", "quokka", "secret", "unfinished"] {
        let key = &word[..2];
        let shard = j.path(&format!("public/search/{key}.json"));
        if shard.exists() {
            let text = std::fs::read_to_string(shard).unwrap();
            assert!(!text.contains(word), "{word} is searchable");
        }
    }
}

/// Entries whose check-ins say what came before them: one public, with a
/// note that needs quoting and escaping and a check-in with no score, one
/// public without check-ins, and one private whose words must go nowhere.
fn with_check_in_notes() -> TestJournal {
    let j = published();
    j.entry(
        "2025/2025-03-03-paged.md",
        "title: Paged\nmode: EM\nenergy:\n  morning: 7\n  midday: { score: 4, tags: [incident, One-on-ones], note: \"paged at 10; said \\\"ok\\\", <b>again</b>\" }\n  evening: { tags: [writing], note: \"two lines,\\nthen bed\" }\ntags: [on-call]",
        "Body.\n",
    )
    .entry(
        "2025/2025-03-04-quiet.md",
        "title: Quiet\nmode: IC\nenergy: 6\ntags: [one-on-ones]",
        "Body.\n",
    )
    .entry(
        "2025/2025-03-05-secret.md",
        "title: Secret\nprivate: true\nmode: EM\nenergy:\n  morning: { score: 3, tags: [zanzibar], note: \"quokka\" }",
        "Body.\n",
    );
    j
}

#[test]
fn entries_json_carries_each_check_ins_tags_and_note() {
    let j = with_check_in_notes();
    j.run(&["build"]).ok();
    let text = j.read("public/data/entries.json");
    assert!(!text.contains("<b>"), "markup is escaped in the data file");
    assert!(!text.contains("zanzibar") && !text.contains("quokka"));
    let data: serde_json::Value = serde_json::from_str(&text).unwrap();
    let entries = data.as_array().unwrap();
    assert_eq!(entries.len(), 2, "public entries only");
    let paged = &entries[0];
    assert_eq!(paged["title"], "Paged");
    assert_eq!(paged["morning_tags"], serde_json::json!([]));
    assert_eq!(paged["morning_note"], serde_json::Value::Null);
    assert_eq!(
        paged["midday_tags"],
        serde_json::json!(["incident", "One-on-ones"])
    );
    assert_eq!(
        paged["midday_note"],
        "paged at 10; said \"ok\", <b>again</b>"
    );
    // Not recorded: no score, but its tags and note are kept.
    assert_eq!(paged["evening"], serde_json::Value::Null);
    assert_eq!(paged["evening_tags"], serde_json::json!(["writing"]));
    assert_eq!(paged["evening_note"], "two lines,\nthen bed");
    assert_eq!(
        paged["tags"],
        serde_json::json!(["on-call", "incident", "One-on-ones", "writing"])
    );
    let quiet = &entries[1];
    for slot in ["morning", "midday", "evening"] {
        assert_eq!(quiet[format!("{slot}_tags")], serde_json::json!([]));
        assert_eq!(quiet[format!("{slot}_note")], serde_json::Value::Null);
    }

    // `ebb export --format json` writes the same records.
    let export = j.run(&["export", "--format", "json"]).ok().stdout;
    assert_eq!(export.trim_end(), text.trim_end());
}

#[test]
fn csv_export_has_a_tags_and_a_note_column_per_check_in() {
    let j = with_check_in_notes();
    let csv = j.run(&["export", "--format", "csv"]).ok().stdout;
    let lines: Vec<&str> = csv.split("\r\n").collect();
    assert_eq!(
        lines[0],
        "date,slug,url,title,mode,energy,morning,midday,evening,focus_hours,meeting_hours,tags,draft,private,\
         morning_tags,morning_note,midday_tags,midday_note,evening_tags,evening_note"
    );
    // Tags joined with `;`; a note with a comma, a quote or a line break quoted,
    // its quotes doubled; empty columns for what was not written.
    assert_eq!(
        lines[1],
        "2025-03-03,paged,https://ada.example/notes/2025/03/03/paged/,Paged,EM,5.5,7,4,,,,\
         on-call;incident;One-on-ones;writing,false,false,\
         ,,incident;One-on-ones,\"paged at 10; said \"\"ok\"\", <b>again</b>\",writing,\"two lines,\nthen bed\""
    );
    assert_eq!(
        lines[2],
        "2025-03-04,quiet,https://ada.example/notes/2025/03/04/quiet/,Quiet,IC,6,,,,,,one-on-ones,false,false,,,,,,"
    );
    assert_eq!(lines.len(), 4, "header, two rows, the empty tail");
    assert!(!csv.contains("zanzibar") && !csv.contains("quokka"));

    // The private entry only when asked for.
    let all = j
        .run(&["export", "--format", "csv", "--include-private"])
        .ok()
        .stdout;
    assert!(all.contains(",true,zanzibar,quokka,,,,\r\n"), "{all}");
}
