use super::summary::{first_paragraph, opening, shorten};
use super::*;

fn links() -> LinkMap {
    let mut m = LinkMap::new();
    m.insert(
        "2024/a.md".into(),
        LinkTarget::Published("/2024/01/02/a/".into()),
    );
    m.insert("2024/secret.md".into(), LinkTarget::Unpublished);
    m
}

#[test]
fn links_images_and_footnotes_are_made_absolute_for_feeds() {
    let body = "[a](a.md) ![board](board.png) [part](#part) [x](https://x.org/) \
                [root](/about/) [m](mailto:a@b.c) <b@c.d> [other](//cdn.example/y.js) \
                [gone](secret.md) note[^n]\n\n\
                <img data-src=\"x.png\"> <a href=\"raw.html\">raw</a>\n\n\
                [^n]: The note.\n";
    let base = Absolute {
        origin: "https://ada.example",
        page: "https://ada.example/2024/01/01/e/",
    };
    let html = render_absolute(body, 1, "2024/e.md", &links(), base).html;
    for want in [
        r#"<a href="https://ada.example/2024/01/02/a/">a</a>"#,
        r#"<img src="https://ada.example/2024/01/01/e/board.png" alt="board" />"#,
        r##"<a href="https://ada.example/2024/01/01/e/#part">part</a>"##,
        r#"<a href="https://x.org/">x</a>"#,
        r#"<a href="https://ada.example/about/">root</a>"#,
        r#"<a href="mailto:a@b.c">m</a>"#,
        r#"<a href="mailto:b@c.d">b@c.d</a>"#,
        r#"<a href="//cdn.example/y.js">other</a>"#,
        "gone note",
        r##"<a href="https://ada.example/2024/01/01/e/#n">1</a>"##,
        r#"<div class="footnote-definition" id="n"><sup class="footnote-definition-label">1</sup>"#,
        // Raw HTML is the writer's own: left as written.
        r#"<img data-src="x.png"> <a href="raw.html">raw</a>"#,
    ] {
        assert!(html.contains(want), "{want}\nin\n{html}");
    }
    // The page's own HTML keeps its links as they resolve on the site.
    let page = render(body, 1, "2024/e.md", &links()).html;
    assert!(
        page.contains(r#"<img src="board.png" alt="board" />"#),
        "{page}"
    );
    assert!(page.contains(r##"<a href="#n">1</a>"##), "{page}");
    assert_eq!(
        page.replace("https://ada.example/2024/01/01/e/", "")
            .replace("https://ada.example", ""),
        html.replace("https://ada.example/2024/01/01/e/", "")
            .replace("https://ada.example", ""),
        "nothing else differs"
    );
}

#[test]
fn footnotes_keep_their_numbers_in_feeds() {
    // Numbered by first mention, as on the page, whatever the order of
    // the definitions.
    let body = "b[^b] a[^a] b again[^b]\n\n[^a]: A.\n\n[^b]: B.\n";
    let base = Absolute {
        origin: "https://o",
        page: "https://o/p/",
    };
    let page = render(body, 1, "e.md", &links()).html;
    let feed = render_absolute(body, 1, "e.md", &links(), base).html;
    assert_eq!(page.replace("href=\"#", "href=\"https://o/p/#"), feed);
}

#[test]
fn extensions_are_on() {
    let r = render(
        "| a | b |\n|---|---|\n| 1 | 2 |\n\n~~old~~ text[^1]\n\n- [x] done\n\n[^1]: note\n",
        5,
        "2024/b.md",
        &links(),
    );
    assert!(r.html.contains("<table>"));
    assert!(r.html.contains("<del>old</del>"));
    assert!(r.html.contains("type=\"checkbox\""));
    assert!(r.html.contains("footnote-definition"));
}

#[test]
fn heading_ids_are_unique_and_overridable() {
    let r = render(
        "# Hello World\n\n## Hello World\n\n## Custom {#mine}\n",
        1,
        "x.md",
        &links(),
    );
    let ids: Vec<_> = r.headings.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(ids, ["hello-world", "hello-world-1", "mine"]);
    assert!(r.html.contains("<h2 id=\"hello-world-1\">"));
}

#[test]
fn internal_links_resolve_or_become_text() {
    let r = render(
        "See [a](a.md#part), [s](secret.md), [m](../missing.md) and [w](https://x.org/a.md).\n",
        7,
        "2024/b.md",
        &links(),
    );
    assert!(
        r.html.contains("<a href=\"/2024/01/02/a/#part\">a</a>"),
        "{}",
        r.html
    );
    assert!(!r.html.contains("secret"));
    assert!(r.html.contains(", s, m and"));
    assert!(r.html.contains("https://x.org/a.md"));
    assert_eq!(r.dead_links.len(), 2);
    assert_eq!(r.dead_links[0].pos, Pos::new(7, 21));
    assert!(r.dead_links[0].unpublished);
    assert!(!r.dead_links[1].unpublished);
}

#[test]
fn code_is_highlighted_and_first_paragraph_kept() {
    let text = "First *para*\ngraph.\n\n```rust\nlet x = 1;\n```\n";
    let r = render(text, 1, "x.md", &links());
    assert_eq!(summary_of(text).as_deref(), Some("First para graph."));
    assert!(r.html.contains("data-lang=\"rust\""));
}

#[test]
fn scan_finds_the_same_things_without_html() {
    let text = "Intro *here*.\n\n## Part\n\n```rust\nfn x() {}\n```\n\n[gone](nope.md)\n";
    let full = render(text, 3, "x.md", &links());
    let scanned = scan(text, 3, "x.md", &links());
    assert!(scanned.html.is_empty());
    assert_eq!(scanned.headings, full.headings);
    assert_eq!(scanned.anchors, full.anchors);
    assert_eq!(scanned.dead_links, full.dead_links);
    assert_eq!(
        scanned.text.split_whitespace().collect::<Vec<_>>(),
        ["Intro", "here", ".", "Part", "fn", "x()", "{}", "gone"]
    );
    assert!(full.text.is_empty());
}

#[test]
fn shorten_cuts_at_a_word() {
    assert_eq!(shorten("short", 10), "short");
    assert_eq!(shorten("one two three four", 12), "one two…");
}

#[test]
fn summaries_are_the_first_paragraph_as_text() {
    for (text, expected) in [
        (
            "Intro *here*\nand `there`.\n\n## Part\n\nMore.\n",
            Some("Intro here and there."),
        ),
        (
            "## Heading first\n\n```rust\nlet x = 1;\n```\n\nThen [a link](x.md) and text.\n",
            Some("Then a link and text."),
        ),
        (
            "- a tight\n- list\n\n> quoted words\n",
            Some("quoted words"),
        ),
        ("", None),
        ("```\nonly code\n```\n", None),
    ] {
        assert_eq!(summary_of(text).as_deref(), expected, "{text:?}");
    }
    let long = "word ".repeat(100);
    let summary = summary_of(&long).unwrap_or_default();
    assert!(summary.ends_with("word…") && summary.chars().count() <= SUMMARY_CHARS + 1);
}

#[test]
fn summaries_from_the_opening_match_the_whole_body() {
    let long_code = format!("```\n{}```", "let x = 1;\n".repeat(60));
    let blocks = [
        &long_code,
        "Plain words in a paragraph that goes on for a while.",
        "- a\n  > quoted in an item\n- b",
        "- loose\n\n- list",
        "1. one\n2. two",
        "> quoted\nlazy line",
        "```\ncode\n\nwith a blank\n```",
        "<!--\n\nhidden\n\n-->",
        "Setext\n===",
        "| a | b |\n|---|---|\n| 1 | 2 |",
        "    indented code\n\n    more",
        "[link][ref] text",
        "## Heading",
        "",
        "   ",
        "Filler sentence to make the body long enough for an opening. ",
    ];
    let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
    let mut next = |n: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % n as u64) as usize
    };
    let mut tried_openings = 0;
    for _ in 0..3_000 {
        let mut body = String::new();
        while body.len() < 1_500 {
            body.push_str(blocks[next(blocks.len())]);
            body.push_str(["\n", "\n\n", "\n\n\n"][next(3)]);
        }
        if next(10) == 0 {
            // A definition anywhere turns `[link][ref]` into a link.
            body.push_str("\n[ref]: https://example.org\n");
        }
        let early = opening(&body).and_then(|text| first_paragraph(text, false)?);
        tried_openings += usize::from(early.is_some());
        let whole = first_paragraph(&body, true).flatten();
        assert_eq!(summary_of(&body), whole, "{body:?}");
    }
    assert!(tried_openings > 1_000, "only {tried_openings} openings");
}

#[test]
fn anchors_are_noted() {
    let r = render(
        "# Top\n\n[here](#top) [there](a.md#part) [x](a.md)\n",
        1,
        "2024/b.md",
        &links(),
    );
    let found: Vec<(Option<&str>, &str)> = r
        .anchors
        .iter()
        .map(|a| (a.target.as_deref(), a.id.as_str()))
        .collect();
    assert_eq!(found, [(None, "top"), (Some("2024/a.md"), "part")]);
}

#[test]
fn tag_links_are_noted() {
    let r = render(
        "[a](/tags/deep-work/) [b](../tags/x/#top) [c](https://x.org/tags/y/) [d](/about/)\n",
        2,
        "x.md",
        &links(),
    );
    let slugs: Vec<&str> = r.tag_links.iter().map(|(_, s)| s.as_str()).collect();
    assert_eq!(slugs, ["deep-work", "x"]);
    assert_eq!(r.tag_links[0].0, Pos::new(2, 1));
}

#[test]
fn join_handles_dots() {
    assert_eq!(join("2024/a.md", "../2023/b.md"), "2023/b.md");
    assert_eq!(join("2024/a.md", "./c/index.md"), "2024/c/index.md");
    assert_eq!(join("2024/a.md", "/2022/x.md"), "2022/x.md");
}

#[test]
fn repeated_headings_skip_ids_already_taken() {
    let r = scan(
        "# A\n# A-1\n# A\n# A\n# B {#a-3}\n# A\n",
        1,
        "x.md",
        &links(),
    );
    let ids: Vec<_> = r.headings.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(ids, ["a", "a-1", "a-2", "a-3", "a-3", "a-4"]);
}

#[test]
fn many_repeated_headings_are_numbered_in_order() {
    // 20,000 equal headings: a search from `-1` for each would try 200
    // million ids; this finishes at once.
    let body = "# Same\n".repeat(20_000);
    let r = scan(&body, 1, "x.md", &links());
    assert_eq!(r.headings.len(), 20_000);
    assert_eq!(r.headings[0].id, "same");
    assert_eq!(r.headings[19_999].id, "same-19999");
}

#[test]
fn positions_match_offsets_in_any_order() {
    let text = "ab\n\u{e9}t\u{e9} [x](y.md)\n\n\u{1f600}z\nlast";
    let mut positions = Positions::new(text, 7);
    let offsets: Vec<usize> = (0..=text.len() + 2).chain([5, 0, 9, 3]).collect();
    for offset in offsets {
        let at = Pos::of_offset(text, offset);
        assert_eq!(
            positions.at(offset),
            Pos::new(at.line + 6, at.col),
            "offset {offset}"
        );
    }
}
