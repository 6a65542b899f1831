//! `ebb serve` end to end: a real server on a free port, real files edited
//! the ways editors save them, and each change seen over HTTP.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use super::served::Served;
use super::support::{TestJournal, chromium, launch};

/// How long a change may take to show: generous, for busy machines.
const DEADLINE: Duration = Duration::from_secs(30);

fn serve(j: &TestJournal, extra: &[&str]) -> Served {
    Served::start(j.root(), extra)
}

/// Sends raw request bytes; returns the status and the body.
fn raw(addr: &str, request: &[u8]) -> (u16, String) {
    let mut stream = TcpStream::connect(addr).expect("connect");
    stream.set_read_timeout(Some(Duration::from_secs(20))).ok();
    stream.write_all(request).expect("send");
    let mut response = Vec::new();
    let _ = stream.read_to_end(&mut response);
    let text = String::from_utf8_lossy(&response).into_owned();
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_owned())
        .unwrap_or_default();
    (status, body)
}

fn get(s: &Served, path: &str) -> (u16, String) {
    raw(
        &s.addr,
        format!("GET {path} HTTP/1.1\r\nHost: x\r\n\r\n").as_bytes(),
    )
}

/// Polls `path` until `test` holds on its status and body.
fn wait_for(s: &Served, path: &str, what: &str, test: impl Fn(u16, &str) -> bool) -> String {
    let started = Instant::now();
    loop {
        let (status, body) = get(s, path);
        if test(status, &body) {
            return body;
        }
        assert!(
            started.elapsed() < DEADLINE,
            "timed out waiting for {what} at {path}: {status}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn journal() -> TestJournal {
    let j = TestJournal::new();
    j.entry(
        "2024/2024-03-14-first.md",
        "title: First\nmode: IC\nenergy: 7",
        "Original words.\n",
    )
    .entry(
        "2024/2024-03-15-draft.md",
        "title: Half done\ndraft: true",
        "Draft words.\n",
    )
    .entry(
        "2024/2024-03-16-secret.md",
        "title: Secret\nprivate: true",
        "Private words.\n",
    );
    j
}

#[test]
fn edits_additions_renames_and_deletions_are_served() {
    let j = journal();
    let s = serve(&j, &[]);
    let page = "/2024/03/14/first/";
    wait_for(&s, page, "the first build", |st, b| {
        st == 200 && b.contains("Original words")
    });

    // Write in place.
    j.entry(
        "2024/2024-03-14-first.md",
        "title: First\nmode: IC\nenergy: 7",
        "Edited words.\n",
    );
    wait_for(&s, page, "an in-place edit", |_, b| {
        b.contains("Edited words")
    });

    // Atomic save: a temp file renamed over the entry.
    let target = j.path("content/2024/2024-03-14-first.md");
    let temp = j.path("content/2024/.2024-03-14-first.md.tmp");
    std::fs::write(
        &temp,
        "---\ntitle: First\nmode: IC\nenergy: 7\n---\nSaved by rename.\n",
    )
    .unwrap();
    std::fs::rename(&temp, &target).unwrap();
    wait_for(&s, page, "an atomic save", |_, b| {
        b.contains("Saved by rename")
    });

    // A new entry shows on the home page.
    j.entry(
        "2024/2024-03-20-new.md",
        "title: Brand new\nmode: EM\nenergy: 4",
        "New.\n",
    );
    wait_for(&s, "/", "a new entry", |_, b| b.contains("Brand new"));

    // A rename moves the page.
    std::fs::rename(
        j.path("content/2024/2024-03-20-new.md"),
        j.path("content/2024/2024-03-21-renamed.md"),
    )
    .unwrap();
    wait_for(&s, "/2024/03/21/renamed/", "the renamed entry", |st, _| {
        st == 200
    });
    wait_for(&s, "/2024/03/20/new/", "the old URL gone", |st, _| {
        st == 404
    });

    // A deletion removes it.
    std::fs::remove_file(j.path("content/2024/2024-03-21-renamed.md")).unwrap();
    wait_for(
        &s,
        "/2024/03/21/renamed/",
        "the deleted entry gone",
        |st, _| st == 404,
    );
    wait_for(&s, "/", "the home page without it", |_, b| {
        !b.contains("Brand new")
    });

    // Drafts are shown, marked; private entries are not; nothing is written to disk.
    let draft = wait_for(&s, "/2024/03/15/draft/", "the draft", |st, _| st == 200);
    assert!(draft.contains("Draft"));
    assert_eq!(get(&s, "/2024/03/16/secret/").0, 404);
    assert!(
        !j.path("public").exists(),
        "serve never writes the build folder"
    );
}

#[test]
fn the_search_index_follows_each_save_when_asked_for() {
    let j = journal();
    let s = serve(&j, &[]);
    wait_for(&s, "/search/docs.json", "the first index", |st, b| {
        st == 200 && b.contains("First") && !b.contains("Secret")
    });
    j.entry(
        "2024/2024-03-14-first.md",
        "title: Renamed heron\nmode: IC\nenergy: 7",
        "Original words.\n",
    );
    wait_for(&s, "/2024/03/14/first/", "the saved entry", |_, b| {
        b.contains("Renamed heron")
    });
    // The index of the new site is built on this request, not before.
    let docs = wait_for(&s, "/search/docs.json", "the new index", |st, b| {
        st == 200 && b.contains("Renamed heron")
    });
    assert!(!docs.contains("\"First\""), "{docs}");
    let (status, shards) = get(&s, "/search/shards.json");
    assert_eq!(status, 200);
    assert!(shards.contains("\"he\""), "{shards}");
    let (status, shard) = get(&s, "/search/he.json");
    assert_eq!(status, 200);
    assert!(shard.contains("\"heron\""), "{shard}");
}

#[test]
fn a_build_error_shows_over_the_last_good_site_until_fixed() {
    let j = journal();
    let s = serve(&j, &[]);
    wait_for(&s, "/", "the first build", |st, _| st == 200);
    j.write("themes/default/templates/entry.html", "{% if %}");
    let body = wait_for(&s, "/2024/03/14/first/", "the error overlay", |_, b| {
        b.contains("\"error\":\"themes")
    });
    assert!(
        body.contains("Original words"),
        "the last good page is still served"
    );
    j.write(
        "themes/default/templates/entry.html",
        "{% extends \"base.html\" %}{% block main %}<p>FIXED {{ page.entry.title }}</p>{% endblock main %}",
    );
    let body = wait_for(&s, "/2024/03/14/first/", "the fix", |_, b| {
        b.contains("FIXED First")
    });
    assert!(body.contains("\"error\":null"));

    // An entry error is reported with its position.
    j.entry("2024/2024-03-17-bad.md", "title: Bad\nenergy: 11", "");
    wait_for(&s, "/", "the entry error", |_, b| {
        b.contains("2024-03-17-bad.md:3:9")
    });
}

#[test]
fn only_files_it_rendered_are_served() {
    let j = journal();
    let s = serve(&j, &[]);
    wait_for(&s, "/", "the first build", |st, _| st == 200);
    for path in [
        "/../../etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/2024/..%2f..%2f..%2fetc%2fpasswd",
        "/..\\..\\book.toml",
        "/book.toml",
        "/content/2024/2024-03-14-first.md",
    ] {
        let (status, body) = raw(&s.addr, format!("GET {path} HTTP/1.1\r\n\r\n").as_bytes());
        assert_eq!(status, 404, "{path}");
        assert!(
            !body.contains("root:") && !body.contains("[book]"),
            "{path}"
        );
    }
    assert_eq!(raw(&s.addr, b"GET /%ff%fe HTTP/1.1\r\n\r\n").0, 400);
    assert_eq!(raw(&s.addr, b"POST / HTTP/1.1\r\n\r\n").0, 405);
    let huge = format!("GET / HTTP/1.1\r\nX-Big: {}\r\n\r\n", "a".repeat(64 * 1024));
    assert_eq!(raw(&s.addr, huge.as_bytes()).0, 431);
    let (status, _) = get(&s, "/assets/style.css");
    assert_eq!(status, 200);
    assert_eq!(get(&s, "/").0, 200, "still serving after the attempts");
}

/// Sends a GET (or HEAD) of `path` with `headers`; returns the head as text
/// and the body as bytes.
fn exchange(addr: &str, method: &str, path: &str, headers: &str) -> (String, Vec<u8>) {
    let mut stream = TcpStream::connect(addr).expect("connect");
    stream.set_read_timeout(Some(Duration::from_secs(20))).ok();
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: x\r\n{headers}\r\n"
    )
    .expect("send");
    let mut response = Vec::new();
    let _ = stream.read_to_end(&mut response);
    let at = response
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a head");
    // Each header line ends with CRLF, the last included.
    let head = String::from_utf8_lossy(&response[..at + 2]).to_ascii_lowercase();
    (head, response[at + 4..].to_vec())
}

fn gunzip(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_end(&mut out)
        .expect("gzip");
    out
}

#[test]
fn clients_that_take_gzip_get_it_and_the_others_get_the_bytes_as_made() {
    let j = journal();
    let s = serve(&j, &[]);
    wait_for(&s, "/", "the first build", |st, _| st == 200);
    for path in ["/", "/assets/style.css", "/2024/03/14/first/"] {
        let (status, identity) = s.get(path);
        assert_eq!(status, 200, "{path}");
        assert!(
            identity.len() >= 1024,
            "{path} is large enough to be compressed"
        );
        let (head, body) = exchange(
            &s.addr,
            "GET",
            path,
            "Accept-Encoding: gzip, deflate, br\r\n",
        );
        assert!(head.starts_with("http/1.1 200"), "{path}: {head}");
        assert!(
            head.contains("\r\ncontent-encoding: gzip\r\n"),
            "{path}: {head}"
        );
        assert!(
            head.contains("\r\nvary: accept-encoding\r\n"),
            "{path}: {head}"
        );
        assert!(head.contains(&format!("\r\ncontent-length: {}\r\n", body.len())));
        assert_eq!(gunzip(&body), identity, "{path}: decoded, the same bytes");
        let (head_only, nothing) = exchange(&s.addr, "HEAD", path, "Accept-Encoding: gzip\r\n");
        assert!(nothing.is_empty());
        assert!(head_only.contains(&format!("\r\ncontent-length: {}\r\n", body.len())));
        // Without gzip among what the client takes, the bytes as made.
        for refusing in [
            "",
            "Accept-Encoding: br\r\n",
            "Accept-Encoding: gzip;q=0, *\r\n",
        ] {
            let (head, body) = exchange(&s.addr, "GET", path, refusing);
            assert!(
                !head.contains("content-encoding"),
                "{path} {refusing:?}: {head}"
            );
            assert!(
                head.contains("\r\nvary: accept-encoding\r\n"),
                "{path}: {head}"
            );
            assert_eq!(body, identity, "{path} {refusing:?}");
        }
    }
}

#[test]
fn a_new_content_folder_in_book_toml_is_built_and_watched() {
    let j = journal();
    let s = serve(&j, &[]);
    wait_for(&s, "/2024/03/14/first/", "the first build", |st, _| {
        st == 200
    });

    // book.toml names another folder, which holds an entry of its own.
    let moved = "notes/2025/2025-02-01-moved.md";
    let front = "---\ntitle: Moved\nmode: EM\nenergy: 6\n---\n";
    j.write(moved, format!("{front}Words in the new folder.\n"));
    j.write(
        "book.toml",
        format!("{}[build]\ncontent-dir = \"notes\"\n", super::support::BOOK),
    );
    wait_for(
        &s,
        "/2025/02/01/moved/",
        "the new folder's entry",
        |st, b| st == 200 && b.contains("Words in the new folder"),
    );
    wait_for(
        &s,
        "/2024/03/14/first/",
        "the old folder's entry gone",
        |st, _| st == 404,
    );

    // The new folder is watched: an edit there shows.
    j.write(moved, format!("{front}Edited in the new folder.\n"));
    wait_for(
        &s,
        "/2025/02/01/moved/",
        "an edit in the new folder",
        |_, b| b.contains("Edited in the new folder"),
    );
}

#[test]
fn private_entries_need_the_flag_and_a_loopback_address() {
    let j = journal();
    let refused = j.run(&["serve", "--private", "--bind", "0.0.0.0", "-p", "0"]);
    assert_ne!(refused.code, 0);
    assert!(refused.stderr.contains("loopback"), "{}", refused.stderr);
    // Polling instead of file system events, as on network file systems.
    let s = serve(&j, &["--private", "--poll"]);
    wait_for(&s, "/", "the first build", |st, _| st == 200);
    j.entry("2024/2024-03-18-polled.md", "title: Polled", "");
    wait_for(
        &s,
        "/2024/03/18/polled/",
        "a change seen by polling",
        |st, _| st == 200,
    );
    let body = wait_for(&s, "/2024/03/16/secret/", "the private entry", |st, _| {
        st == 200
    });
    assert!(body.contains("Private words"));
}

#[test]
fn a_browser_reloads_the_page_after_a_save_and_keeps_its_place() {
    let Some(chrome) = chromium() else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must install chromium (see .ci/run)"
        );
        eprintln!("skipping the browser test: chromium is not installed");
        return;
    };
    let j = TestJournal::new();
    let long_body: String = (1..=80)
        .map(|n| format!("Paragraph {n} of a long entry.\n\n"))
        .collect();
    j.entry(
        "2024/2024-03-14-first.md",
        "title: First\nmode: IC\nenergy: 7",
        &long_body,
    );
    let s = serve(&j, &[]);
    let page = "/2024/03/14/first/";
    wait_for(&s, page, "the first build", |st, _| st == 200);

    let browser = launch(chrome);
    let tab = browser.new_tab().expect("tab");
    tab.navigate_to(&format!("http://{}{page}", s.addr))
        .and_then(|t| t.wait_until_navigated())
        .expect("open the page");
    let eval = |js: &str| -> String {
        tab.evaluate(js, false)
            .ok()
            .and_then(|r| r.value)
            .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_owned))
            .unwrap_or_default()
    };
    let started = Instant::now();
    while !eval("document.body.innerText").contains("Paragraph 80") {
        assert!(started.elapsed() < DEADLINE, "page did not load");
        std::thread::sleep(Duration::from_millis(50));
    }
    eval("window.scrollTo(0, 600); String(window.scrollY)");
    // Give the page's event stream a moment to connect before saving.
    let started = Instant::now();
    while eval("String(document.documentElement.getAttribute('data-ebb-live'))") != "connected" {
        assert!(
            started.elapsed() < DEADLINE,
            "the page never opened its event stream"
        );
        std::thread::sleep(Duration::from_millis(50));
    }

    j.entry(
        "2024/2024-03-14-first.md",
        "title: First, edited\nmode: IC\nenergy: 7",
        &long_body,
    );
    let started = Instant::now();
    while !eval("document.querySelector('h1').innerText").contains("First, edited") {
        assert!(
            started.elapsed() < DEADLINE,
            "the browser never showed the change"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    let scroll: f64 = {
        let started = Instant::now();
        loop {
            let y: f64 = eval("String(window.scrollY)").parse().unwrap_or(0.0);
            if y > 0.0 || started.elapsed() > Duration::from_secs(5) {
                break y;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    };
    assert!(
        (scroll - 600.0).abs() < 50.0,
        "scroll position kept after the reload: {scroll}"
    );
}

/// Each incremental rebuild must equal a fresh build of the same files.
#[test]
fn incremental_rebuilds_equal_fresh_builds() {
    use ebb::serve::{Builder, Files};
    use ebb::watch::Changes;

    let j = TestJournal::new();
    j.write(
        "book.toml",
        "[book]\ntitle = \"T\"\n[site]\npage-size = 2\n",
    );
    for d in 1..=9 {
        j.entry(
            &format!("2024/2024-01-0{d}-day-{d}.md"),
            &format!(
                "title: Day {d}\nmode: {}\nenergy: {}\ntags: [t{}, shared]",
                if d % 2 == 0 { "IC" } else { "EM" },
                d,
                d % 3
            ),
            &format!("Body {d}. See [the first](2024-01-01-day-1.md).\n"),
        );
    }
    let visibility = ebb::content::Visibility {
        drafts: true,
        private: false,
    };
    let fresh = || -> Files {
        let mut b = Builder::new(j.root(), visibility, "http://127.0.0.1:1/");
        b.rebuild(&Changes::default(), &Files::new())
            .expect("fresh build")
            .0
    };
    let mut builder = Builder::new(j.root(), visibility, "http://127.0.0.1:1/");
    let (mut files, _) = builder
        .rebuild(&Changes::default(), &Files::new())
        .expect("first build");
    let content = |rel: &str| Changes {
        content: true,
        paths: vec![j.path(rel)],
        ..Changes::default()
    };
    // (what, entry file, new frontmatter and body; `None` deletes it)
    type Step<'a> = (&'a str, &'a str, Option<(&'a str, &'a str)>);
    let steps: [Step; 4] = [
        (
            "retitle",
            "2024/2024-01-05-day-5.md",
            Some((
                "title: Five, renamed\nmode: EM\nenergy: 5\ntags: [t2, shared]",
                "Body 5.\n",
            )),
        ),
        (
            "new energy and mode",
            "2024/2024-01-03-day-3.md",
            Some((
                "title: Day 3\nmode: IC\nenergy: 10\ntags: [t0]",
                "Body 3.\n",
            )),
        ),
        (
            "add",
            "2024/2024-01-10-added.md",
            Some((
                "title: Added\nmode: IC\nenergy: 2\ntags: [new-tag]",
                "Added.\n",
            )),
        ),
        ("delete", "2024/2024-01-01-day-1.md", None),
    ];
    for (name, file, new) in steps {
        match new {
            Some((frontmatter, body)) => {
                j.entry(file, frontmatter, body);
            }
            None => std::fs::remove_file(j.path(&format!("content/{file}"))).unwrap(),
        }
        let (next, report) = builder
            .rebuild(&content(&format!("content/{file}")), &files)
            .expect(name);
        let expected = fresh();
        let differing: Vec<&std::sync::Arc<str>> = expected
            .keys()
            .chain(next.keys())
            .filter(|k| expected.get(*k) != next.get(*k))
            .collect();
        assert!(
            differing.is_empty(),
            "{name}: pages differ from a fresh build: {differing:?}"
        );
        assert!(report.kept > 0, "{name}: some pages were kept");
        files = next;
    }
    // A theme change renders every page again, and still matches.
    j.write(
        "themes/default/templates/page.html",
        "{% extends \"base.html\" %}{% block main %}X{% endblock main %}",
    );
    let theme = Changes {
        theme: true,
        paths: vec![j.path("themes/default/templates/page.html")],
        ..Changes::default()
    };
    let (next, report) = builder.rebuild(&theme, &files).expect("theme");
    assert_eq!(next, fresh());
    assert_eq!(report.kept, 0, "a template change renders every page");
}

#[test]
fn search_finds_entries_as_you_type() {
    let Some(chrome) = chromium() else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must install chromium (see .ci/run)"
        );
        eprintln!("skipping the search test: chromium is not installed");
        return;
    };
    let j = journal();
    j.entry(
        "2024/2024-03-19-handover.md",
        "title: Handing over the migration\nmode: EM\nenergy: 5\ntags: [delegation]",
        "Sam owns the cutover now.\n",
    );
    let s = serve(&j, &[]);
    // The index follows the first build.
    wait_for(&s, "/search/docs.json", "the search index", |st, _| {
        st == 200
    });
    let browser = launch(chrome);
    let tab = browser.new_tab().expect("tab");
    tab.navigate_to(&format!("http://{}/search/", s.addr))
        .and_then(|t| t.wait_until_navigated())
        .expect("open the search page");
    let input = tab.wait_for_element("#q").expect("the search box");
    input.click().expect("focus");
    tab.type_str("cutov").expect("type");
    let started = Instant::now();
    loop {
        let text = tab
            .evaluate("document.getElementById('search-results').innerText", false)
            .ok()
            .and_then(|r| r.value)
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default();
        if text.contains("Handing over the migration") {
            break;
        }
        assert!(
            started.elapsed() < DEADLINE,
            "no result for a prefix of a body word: {text:?}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    let secret = tab
        .evaluate("fetch('/search/docs.json').then(r => r.text())", true)
        .ok()
        .and_then(|r| r.value)
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default();
    assert!(
        secret.contains("Handing over") && !secret.contains("Secret"),
        "{secret}"
    );
}

/// What `serve` renders equals `ebb build --drafts` with the serve address
/// as base URL (the live-reload script is added only when a page is served).
#[test]
fn serve_renders_what_build_writes() {
    use ebb::serve::{Builder, Files, search_files};
    use ebb::watch::Changes;

    let j = journal();
    j.write("pages/about.md", "---\ntitle: About\n---\nHello.\n")
        .write("static/robots.txt", "User-agent: *\n");
    let url = "http://127.0.0.1:1111/";
    let visibility = ebb::content::Visibility {
        drafts: true,
        private: false,
    };
    let mut builder = Builder::new(j.root(), visibility, url);
    let (mut served, _) = builder
        .rebuild(&Changes::default(), &Files::new())
        .expect("serve build");
    let site = builder.take_site().expect("the site");
    served.extend(search_files(&site));

    j.run(&["build", "--drafts", "--base-url", url, "-o", "built"])
        .ok();
    let built = super::support::snapshot_tree(&j.path("built"));
    let built: std::collections::BTreeMap<String, Vec<u8>> = built
        .into_iter()
        .filter(|(k, _)| !k.starts_with(".ebb-"))
        .collect();
    let served: std::collections::BTreeMap<String, Vec<u8>> = served
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_vec()))
        .collect();
    assert_eq!(
        served.keys().collect::<Vec<_>>(),
        built.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in &built {
        assert!(served[path] == *bytes, "{path} differs");
    }
}
