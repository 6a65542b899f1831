//! `ebb build` on small journals: pages, URLs, the theme, the CLI.

use super::support::{TestJournal, snapshot_tree};

fn small() -> TestJournal {
    let j = TestJournal::new();
    j.entry(
        "2024/2024-03-14-Delegating the migration.md",
        "title: Delegating the migration\nmode: EM\nenergy: { morning: 7, midday: 5, evening: 3 }\nfocus_hours: 1.5\nmeeting_hours: 5\ntags: [Delegation, one-on-ones]\nsummary: Handing it over",
        "I handed the migration to Sam.\n\n## What went well {#well}\n\nSee [the offsite](2024-04-02-offsite/index.md#plan).\n\n```rust\nfn main() {}\n```\n",
    )
    .entry(
        "2024/2024-04-02-offsite/index.md",
        "title: Offsite\nmode: IC\nenergy: 8\ntags: [delegation, offsite]",
        "## Plan\n\n![board](board.svg)\n",
    )
    .write("content/2024/2024-04-02-offsite/board.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>")
    .entry("2023/2023-03-14-a-year-before.md", "title: A year before\nmode: IC\nenergy: 6\ntags: [Delegation]", "Earlier.\n")
    .write("static/robots.txt", "User-agent: *\n")
    .write("pages/about.md", "---\ntitle: About\n---\nWho I am.\n");
    j
}

#[test]
fn pages_exist_at_pretty_urls() {
    let j = small();
    let run = j.run(&["build"]).ok();
    assert!(
        run.stderr.contains("built 3 entries, 3 tags, "),
        "one-line summary: {}",
        run.stderr
    );
    for page in [
        "index.html",
        "2024/03/14/delegating-the-migration/index.html",
        "2024/04/02/offsite/index.html",
        "2024/04/02/offsite/board.svg",
        "tags/index.html",
        "tags/delegation/index.html",
        "tags/one-on-ones/index.html",
        "modes/ic/index.html",
        "modes/em/index.html",
        "archive/index.html",
        "about/index.html",
        "404.html",
        "robots.txt",
        "assets/style.css",
        "assets/syntax.css",
    ] {
        assert!(j.path("public").join(page).is_file(), "missing {page}");
    }
    let entry = j.read("public/2024/03/14/delegating-the-migration/index.html");
    assert!(
        entry.contains("href=\"/2024/04/02/offsite/#plan\""),
        "internal link resolved"
    );
    assert!(entry.contains("id=\"well\""));
    assert!(entry.contains("class=\"hl-"), "code highlighted");
    assert!(entry.contains("/2023/03/14/a-year-before/"), "on this day");
    // Two spellings, one tag, shown in its most common spelling.
    let tags = j.read("public/tags/index.html");
    assert!(tags.contains(">Delegation<"), "{tags}");
}

#[test]
fn dir_defaults_to_the_nearest_journal_upward() {
    let j = small();
    j.run_in(&j.path("content/2024"), &["build", "-q"]).ok();
    assert!(j.path("public/index.html").is_file());
    let nowhere = tempfile::tempdir().unwrap();
    let run = j.run_in(nowhere.path(), &["build"]);
    assert_ne!(run.code, 0);
    assert!(run.stderr.contains("ebb init"), "{}", run.stderr);
}

#[test]
fn quiet_prints_nothing_on_success() {
    let j = small();
    let run = j.run(&["build", "-q"]).ok();
    assert_eq!(run.stderr, "");
    assert_eq!(run.stdout, "");
}

#[test]
fn pagination_splits_long_lists() {
    let j = TestJournal::new();
    j.write(
        "book.toml",
        "[book]\ntitle = \"T\"\n[site]\npage-size = 2\n",
    );
    for d in 1..=5 {
        j.entry(
            &format!("2024-01-0{d}-day.md"),
            "title: Day\nmode: IC\nenergy: 5\ntags: [t]",
            "",
        );
    }
    j.run(&["build"]).ok();
    for p in [
        "index.html",
        "page/2/index.html",
        "page/3/index.html",
        "tags/t/page/3/index.html",
        "modes/ic/page/2/index.html",
    ] {
        assert!(j.path("public").join(p).is_file(), "missing {p}");
    }
    assert!(!j.path("public/page/4").exists());
    assert!(
        j.read("public/page/2/index.html")
            .contains("href=\"/page/3/\"")
    );
}

#[test]
fn templates_can_be_overridden_one_by_one() {
    let j = small();
    j.write(
        "themes/default/templates/page.html",
        "{% extends \"base.html\" %}{% block main %}<p>CUSTOM {{ page.title }}</p>{% endblock main %}",
    );
    j.run(&["build"]).ok();
    assert!(j.read("public/about/index.html").contains("CUSTOM About"));
    assert!(
        j.read("public/index.html")
            .contains("Delegating the migration")
    );
}

#[test]
fn one_card_template_draws_every_list() {
    let j = small();
    j.write(
        "themes/default/templates/card.html",
        "<p class=\"mine\">{{ card.date }} {{ card.title }} {{ site.title }}</p>\n",
    );
    j.run(&["build"]).ok();
    for list in ["public/index.html", "public/modes/em/index.html"] {
        let html = j.read(list);
        assert!(html.contains("<p class=\"mine\">"), "{list}");
        assert!(!html.contains("<article class=\"card"), "{list}");
    }
    let home = j.read("public/index.html");
    let card = "<p class=\"mine\">2024-03-14 Delegating the migration ";
    assert_eq!(home.matches(card).count(), 1, "{home}");
    assert!(
        j.read("public/tags/delegation/index.html").contains(card),
        "the same card in another list"
    );
}

#[test]
fn an_error_in_the_card_template_fails_the_build_and_names_it() {
    let j = small();
    j.run(&["build"]).ok();
    let before = snapshot_tree(&j.path("public"));
    j.write(
        "themes/default/templates/card.html",
        "{{ card.no_such_field }}",
    );
    let run = j.run(&["build"]).fails();
    // At the field, with the fields a card does have.
    assert!(
        run.stderr.contains(
            "themes/default/templates/card.html:1:9: error: Field `no_such_field` is not defined"
        ),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("date_long"), "{}", run.stderr);
    assert_eq!(
        before,
        snapshot_tree(&j.path("public")),
        "the last site stays"
    );
}

#[test]
fn a_broken_template_is_an_error_naming_the_file() {
    let j = small();
    j.write("themes/default/templates/page.html", "<p>\n{% if %}");
    let run = j.run(&["build"]).fails();
    assert!(
        run.stderr
            .contains("themes/default/templates/page.html:2:7: error: Found `%}`"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("2 | {% if %}"), "{}", run.stderr);
}

#[test]
fn each_call_of_a_component_an_override_removed_is_an_error() {
    let j = small();
    j.write(
        "themes/default/templates/components.html",
        "{% component energy(e, label=true) %}{% endcomponent energy %}\n",
    );
    let run = j.run(&["build"]).fails();
    let errors: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.contains(": error: Unknown component"))
        .collect();
    // Each at its place in the built-in template that calls it.
    assert!(
        errors.iter().any(|l| l.contains("(built-in card.html):")
            && l.ends_with("error: Unknown component `mode_badge`")),
        "{}",
        run.stderr
    );
    assert!(
        errors.iter().any(|l| l.contains("(built-in entry.html):")),
        "{}",
        run.stderr
    );
    assert!(errors.len() > 5, "{}", run.stderr);
}

#[test]
fn every_internal_link_works_under_the_base_url_sub_path() {
    let j = small();
    j.run(&["build", "--base-url", "https://ada.example/notes/"])
        .ok();
    let out = j.path("public");
    let files = snapshot_tree(&out);
    // A static host that serves the site under /notes/ and nothing else.
    let host = StaticHost::start(out, "/notes/");
    let mut checked = std::collections::BTreeSet::new();
    for (path, bytes) in &files {
        if !path.ends_with(".html") && !path.ends_with(".xml") {
            continue;
        }
        let text = String::from_utf8_lossy(bytes);
        for link in attribute_values(&text, &["href=\"", "src=\"", "<loc>", "data-index=\""]) {
            let Some(local) = local_path(&link, path) else {
                continue;
            };
            assert!(
                local.starts_with("/notes/"),
                "{path}: {link} escapes /notes/"
            );
            if checked.insert(local.clone()) {
                assert_eq!(host.status(&local), 200, "{path}: broken link {link}");
            }
        }
    }
    // The search page fetches its index under the sub-path too.
    assert_eq!(host.status("/notes/search/docs.json"), 200);
    assert_eq!(host.status("/notes/search/shards.json"), 200);
    assert_eq!(
        host.status("/2024/03/14/delegating-the-migration/"),
        404,
        "nothing outside /notes/"
    );
    assert!(
        checked.len() > 20,
        "distinct links were checked ({})",
        checked.len()
    );
}

/// The simplest static host: files of a folder under a path prefix, over HTTP.
struct StaticHost {
    addr: std::net::SocketAddr,
}

impl StaticHost {
    fn start(root: std::path::PathBuf, prefix: &'static str) -> StaticHost {
        use std::io::{BufRead, BufReader, Write};
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        let addr = listener.local_addr().expect("address");
        std::thread::spawn(move || {
            for mut stream in listener.incoming().flatten() {
                let mut line = String::new();
                let _ = BufReader::new(&stream).read_line(&mut line);
                let target = line
                    .split(' ')
                    .nth(1)
                    .unwrap_or("/")
                    .split(['?', '#'])
                    .next()
                    .unwrap_or("/")
                    .to_owned();
                let file = target.strip_prefix(prefix).map(|rel| {
                    let rel = if rel.is_empty() || rel.ends_with('/') {
                        format!("{rel}index.html")
                    } else {
                        rel.to_owned()
                    };
                    root.join(rel)
                });
                let response = match file
                    .filter(|f| f.is_file())
                    .and_then(|f| std::fs::read(f).ok())
                {
                    Some(body) => [
                        format!(
                            "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                            body.len()
                        )
                        .into_bytes(),
                        body,
                    ]
                    .concat(),
                    None => {
                        b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                            .to_vec()
                    }
                };
                let _ = stream.write_all(&response);
            }
        });
        StaticHost { addr }
    }

    /// The status of a GET of `path`.
    fn status(&self, path: &str) -> u16 {
        use std::io::{Read, Write};
        let mut stream = std::net::TcpStream::connect(self.addr).expect("connect");
        let _ = stream
            .write_all(format!("GET {path} HTTP/1.1\r\nHost: ada.example\r\n\r\n").as_bytes());
        let mut response = String::new();
        let _ = stream.read_to_string(&mut response);
        response
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0)
    }
}

/// The values of the given attributes, in order.
fn attribute_values(html: &str, prefixes: &[&str]) -> Vec<String> {
    let mut out = Vec::new();
    for prefix in prefixes {
        let mut rest = html;
        while let Some(i) = rest.find(prefix) {
            rest = &rest[i + prefix.len()..];
            if let Some(end) = rest.find(['"', '<']) {
                out.push(rest[..end].replace("&amp;", "&"));
            }
        }
    }
    out
}

/// The site path a link leads to, as a browser under https://ada.example would resolve it,
/// or `None` for links to other hosts and in-page anchors.
fn local_path(link: &str, page: &str) -> Option<String> {
    let link = link.split('#').next()?;
    if link.is_empty() || link.starts_with("mailto:") {
        return None;
    }
    if let Some(rest) = link.strip_prefix("https://ada.example") {
        return Some(rest.to_owned());
    }
    if link.contains("://") {
        return None;
    }
    if link.starts_with('/') {
        return Some(link.to_owned());
    }
    // Relative to the page's folder.
    let dir = page.rsplit_once('/').map_or("", |(d, _)| d);
    Some(format!(
        "/notes/{}",
        ebb::markdown::join(&format!("{dir}/x"), link)
    ))
}

#[test]
fn a_tag_is_shown_in_its_most_common_public_spelling_everywhere() {
    let j = TestJournal::new();
    j.entry("2024-01-01-a.md", "title: A\ntags: [Deep Work]", "")
        .entry("2024-01-02-b.md", "title: B\ntags: [deep-work]", "")
        .entry("2024-01-03-c.md", "title: C\ntags: [deep-work]", "")
        .entry(
            "2024-01-04-d.md",
            "title: D\ntags: [DEEP WORK]\nprivate: true",
            "",
        )
        .entry(
            "2024-01-05-e.md",
            "title: E\ntags: [DEEP WORK]\nprivate: true",
            "",
        )
        .entry(
            "2024-01-06-f.md",
            "title: F\ntags: [DEEP WORK]\nprivate: true",
            "",
        );
    j.run(&["build"]).ok();
    let entry = j.read("public/2024/01/01/a/index.html");
    assert!(entry.contains(">deep-work<"), "{entry}");
    assert!(!entry.contains(">Deep Work<"));
    assert!(!j.read("public/tags/index.html").contains("DEEP WORK"));
}

#[test]
fn on_this_day_shows_the_latest_ten_earlier_years() {
    let j = TestJournal::new();
    for year in 2010..=2022 {
        j.entry(
            &format!("{year}-03-14-day.md"),
            &format!("title: Pi day {year}"),
            "",
        );
    }
    j.entry("2022-03-15-next.md", "title: Next day", "");
    j.run(&["build"]).ok();
    let page = j.read("public/2022/03/14/day/index.html");
    for year in 2012..=2021 {
        assert!(page.contains(&format!("/{year}/03/14/day/")), "{year}");
    }
    assert!(!page.contains("/2011/03/14/day/") && !page.contains("/2010/03/14/day/"));
    // Newest first.
    assert!(page.find("/2021/03/14/day/") < page.find("/2012/03/14/day/"));
    assert!(
        !j.read("public/2022/03/15/next/index.html")
            .contains("On this day")
    );
}

#[test]
fn check_ins_show_their_tags_and_notes_on_the_entry_and_week_pages() {
    let j = TestJournal::new();
    j.entry(
        "2025-03-03-paged.md",
        "title: Paged\nmode: EM\nenergy:\n  morning: 7\n  midday: { score: 4, tags: [incident, One-on-ones], note: \"paged at 10; said \\\"ok\\\", <b>again</b>\" }\n  evening: { tags: [writing], note: \"<script>ebb(1)</script>\" }",
        "Body.\n",
    )
    // `one-on-ones` twice against `One-on-ones` once: the lowercase spelling wins.
    .entry("2025-03-04-quiet.md", "title: Quiet\nmode: IC\nenergy: { morning: 6, evening: 5 }\ntags: [one-on-ones]", "Body.\n")
    .entry("2025-03-05-calm.md", "title: Calm\nmode: IC\nenergy: 6\ntags: [one-on-ones]", "Body.\n")
    .entry(
        "2025-03-06-secret.md",
        "title: Secret\nprivate: true\nmode: EM\nenergy:\n  morning: { score: 3, tags: [zanzibar], note: \"quokka\" }",
        "Body.\n",
    );
    j.run(&["build"]).ok();

    let page = j.read("public/2025/03/03/paged/index.html");
    let rows = &page[page
        .find("<ol class=\"check-in-rows\">")
        .expect("the check-in rows")..];
    let rows = &rows[..rows.find("</ol>").expect("their end")];
    // Each check-in in the order of the day, its tags as links in their
    // most common spelling, its note escaped.
    let at = |text: &str| {
        rows.find(text)
            .unwrap_or_else(|| panic!("{text} in\n{rows}"))
    };
    assert!(at(">morning<") < at(">midday<") && at(">midday<") < at(">evening<"));
    at("<a class=\"chip\" href=\"/tags/incident/\">incident</a>");
    at("<a class=\"chip\" href=\"/tags/one-on-ones/\">one-on-ones</a>");
    at(
        "<span class=\"check-in-note\">paged at 10; said &quot;ok&quot;, &lt;b&gt;again&lt;/b&gt;</span>",
    );
    // A check-in with tags and a note but no score is shown as not recorded.
    at("<span class=\"check-in none\" title=\"evening: not recorded\">");
    at("<a class=\"chip\" href=\"/tags/writing/\">writing</a>");
    at("&lt;script&gt;ebb(1)&lt;/script&gt;");
    assert!(!page.contains("<script>ebb(") && !page.contains("<b>again"));
    // Its tags are the entry's too.
    assert!(page.contains("<li><a class=\"chip\" href=\"/tags/writing/\">writing</a></li></ul>"));

    // Check-ins that say nothing beyond their scores keep the small bars.
    let quiet = j.read("public/2025/03/04/quiet/index.html");
    assert!(quiet.contains("<ol class=\"check-ins\">") && !quiet.contains("check-in-rows"));

    let week = j.read("public/weeks/2025-W10/index.html");
    let day = &week[week
        .find("<time datetime=\"2025-03-03\">")
        .expect("the day")..];
    let cell = &day[day
        .find("<td class=\"col-checkins\">")
        .expect("its check-ins")..];
    let cell = &cell[..cell.find("</td>").expect("their end")];
    for want in [
        "<span class=\"moment e4\" title=\"midday: paged at 10; said &quot;ok&quot;, &lt;b&gt;again&lt;/b&gt;\">4</span>",
        "<span class=\"moment none\" title=\"evening: not recorded: &lt;script&gt;ebb(1)&lt;/script&gt;\">–</span>",
        "<li><span class=\"moment-name\">midday</span> <a href=\"/tags/incident/\">incident</a>, <a href=\"/tags/one-on-ones/\">one-on-ones</a> <span class=\"moment-note\">paged at 10; said &quot;ok&quot;, &lt;b&gt;again&lt;/b&gt;</span></li>",
        "<li><span class=\"moment-name\">evening</span> <a href=\"/tags/writing/\">writing</a> <span class=\"moment-note\">&lt;script&gt;ebb(1)&lt;/script&gt;</span></li>",
    ] {
        assert!(cell.contains(want), "{want} in\n{cell}");
    }
    // On phones the same, in a row of its own under the day.
    assert_eq!(
        week.matches("<tr class=\"day-what-row\">").count(),
        2,
        "the two days with check-ins"
    );
    // A day whose check-ins say nothing has no list.
    let quiet_day = &week[week
        .find("<time datetime=\"2025-03-04\">")
        .expect("the day")..];
    let quiet_day = &quiet_day[..quiet_day.find("</tr>").expect("its end")];
    assert!(!quiet_day.contains("moment-what"));

    for (path, bytes) in snapshot_tree(&j.path("public")) {
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains("zanzibar") && !text.contains("quokka"),
            "{path}"
        );
    }
}
