//! The search page in a real browser: queries in every script find what the
//! index holds, and the page's splitting of a query agrees with the index's.

use std::time::{Duration, Instant};

use super::served::Served;
use super::support::{TestJournal, chromium, launch};

/// How long a search may take to show: generous, for busy machines.
const DEADLINE: Duration = Duration::from_secs(30);

/// Letters and digits of many scripts, each after an `a` so that it makes a
/// word (or, for CJK, a term) of its own: what the page must fold exactly as
/// the index does.
fn letters() -> String {
    let ranges = [
        0xa0..0x2b0,      // Latin-1, Latin Extended-A and -B, IPA
        0x370..0x530,     // Greek, Cyrillic
        0x531..0x588,     // Armenian
        0x5d0..0x5eb,     // Hebrew
        0x620..0x64b,     // Arabic
        0x904..0x93a,     // Devanagari
        0xe01..0xe31,     // Thai
        0x10a0..0x1100,   // Georgian
        0x1e00..0x2000,   // Latin Extended Additional, Greek Extended
        0x3005..0x3100,   // CJK marks, Hiragana, Katakana
        0x4e00..0x4e40,   // Han
        0xac00..0xac20,   // Hangul
        0xff10..0xffdd,   // full-width ASCII, half-width Katakana and Hangul
        0x1d400..0x1d420, // mathematical letters
        0x20000..0x20010, // Han, Extension B
    ];
    let mut text = String::new();
    for c in ranges.into_iter().flatten().filter_map(char::from_u32) {
        if c.is_alphanumeric() {
            text.push('a');
            text.push(c);
            text.push(' ');
        }
    }
    text
}

/// Texts to split in the browser and here: the letters, mixed with
/// punctuation, combining accents and each other.
fn samples() -> Vec<String> {
    let mut samples: Vec<String> = [
        "Über-Café: one-on-ones, a 1:1 & Q3!",
        "cafe\u{301} CAFÉ Straße ŁÓDŹ Ørsted",
        "ΟΔΟΣ οδός Москва",
        "日本語のテスト、Q3会議。来週も会議室で",
        "한국어 ｶﾀｶﾅ ＡＢＣ１２",
        "",
        "a",
    ]
    .map(str::to_owned)
    .to_vec();
    samples.push(letters());
    let alphabet: Vec<char> = "aZ09 -_.,éÉ—…ßΩω字\u{301}'ǅ①🙂日本のテスト。한ーＡｶ𠀋ΣςЖж"
        .chars()
        .collect();
    let mut seed = 0x2545_f491_4f6c_dd1d_u64;
    for _ in 0..300 {
        let mut text = String::new();
        for _ in 0..(seed % 40) {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            text.push(alphabet[(seed % alphabet.len() as u64) as usize]);
        }
        samples.push(text);
    }
    samples
}

fn journal() -> TestJournal {
    let j = TestJournal::new();
    j.entry(
        "2024/2024-03-14-nihongo.md",
        "title: Practice notes\nmode: IC\nenergy: 6",
        "今日は日本語のテストをした。\n",
    )
    .entry(
        "2024/2024-03-15-meeting.md",
        "title: Room booked\nmode: EM\nenergy: 5",
        "明日の会議室で話す。\n",
    )
    .entry(
        "2024/2024-03-16-coffee.md",
        "title: Morning coffee\nmode: EM\nenergy: 7",
        "Met Sam at the café on the corner.\n",
    )
    .entry(
        "2024/2024-03-17-letters.md",
        "title: Alphabets\nmode: IC\nenergy: 5",
        &format!("{}\n", letters()),
    )
    .entry(
        "2024/2024-03-18-secret.md",
        "title: Hidden\nprivate: true",
        "秘密の計画 with Ꝁ.\n",
    );
    j
}

#[test]
fn search_finds_words_in_every_script_and_says_when_nothing_matches() {
    let Some(chrome) = chromium() else {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "CI must install chromium (see .ci/run)"
        );
        eprintln!("skipping the search test: chromium is not installed");
        return;
    };
    let j = journal();
    let s = Served::start(j.root(), &[]);
    let browser = launch(chrome);
    let tab = browser.new_tab().expect("tab");
    let eval = |js: &str, wait: bool| -> String {
        tab.evaluate(js, wait)
            .ok()
            .and_then(|r| r.value)
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default()
    };
    // Shows the results of `query` once the page has any.
    let search = |query: &str| -> (String, String) {
        let url = format!(
            "http://{}/search/?q={}",
            s.addr,
            query
                .bytes()
                .map(|b| format!("%{b:02X}"))
                .collect::<String>()
        );
        tab.navigate_to(&url)
            .and_then(|t| t.wait_until_navigated())
            .expect("open the search page");
        let started = Instant::now();
        loop {
            let status = eval("document.getElementById('search-status').innerText", false);
            if !status.is_empty() {
                let results = eval("document.getElementById('search-results').innerText", false);
                return (status, results);
            }
            assert!(started.elapsed() < DEADLINE, "no answer for {query:?}");
            std::thread::sleep(Duration::from_millis(50));
        }
    };

    for (query, title) in [
        ("日本語", "Practice notes"),
        ("テスト", "Practice notes"),
        ("会議", "Room booked"),
        ("会議室", "Room booked"),
        ("議", "Room booked"),
        ("café", "Morning coffee"),
        ("cafe", "Morning coffee"),
        ("CAFÉ", "Morning coffee"),
        ("cafe\u{301}", "Morning coffee"),
    ] {
        let (status, results) = search(query);
        assert!(
            results.contains(title) && status.contains("1 entry"),
            "{query:?} should find {title:?}: {status:?} {results:?}"
        );
    }
    for query in ["xqzzyv", "日本語会議", "秘密", "!!", "a"] {
        let (status, results) = search(query);
        assert!(
            status.contains("Nothing found") && results.is_empty(),
            "{query:?} should find nothing: {status:?} {results:?}"
        );
    }

    // The page splits every sample exactly as the index does.
    let samples = samples();
    let js = format!(
        "Promise.all({}.map(t => window.ebbSearchTerms(t))).then(r => JSON.stringify(r))",
        serde_json::to_string(&samples).expect("json")
    );
    let browser_terms: Vec<Vec<String>> =
        serde_json::from_str(&eval(&js, true)).expect("the page's terms");
    assert_eq!(browser_terms.len(), samples.len());
    for (text, page) in samples.iter().zip(&browser_terms) {
        let index = ebb::search::terms(text);
        if &index != page {
            let diff: Vec<_> = index
                .iter()
                .zip(page)
                .filter(|(a, b)| a != b)
                .take(5)
                .collect();
            panic!(
                "{text:?}: the index has {index:?}, the page {page:?}; first differences {diff:?}"
            );
        }
    }

    // Nothing from the private entry is in the index, its letters included.
    let letters = eval("fetch('/search/letters.json').then(r => r.text())", true);
    assert!(letters.contains("\"é\":\"e\""), "{letters}");
    assert!(!letters.contains('Ꝁ'), "{letters}");
}
