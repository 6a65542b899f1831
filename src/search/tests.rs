use super::*;

#[test]
fn terms_are_folded_and_split() {
    let t = terms("Über-Café: one-on-ones, a 1:1 & Q3!");
    assert_eq!(t, ["uber", "cafe", "one", "on", "ones", "q3"]);
    // Decomposed accents, letters with no decomposition, other scripts.
    let t = terms("cafe\u{301} Straße ŁÓDŹ Ørsted ΟΔΟΣ οδός Москва");
    assert_eq!(
        t,
        [
            "cafe", "strasse", "lodz", "orsted", "odos", "odos", "moskva"
        ]
    );
}

#[test]
fn cjk_runs_are_bigrams_and_a_last_character() {
    assert_eq!(
        terms("日本語のテスト"),
        ["日本", "本語", "語の", "のテ", "テス", "スト", "ト"]
    );
    assert_eq!(terms("会議"), ["会議", "議"]);
    assert_eq!(terms("会"), ["会"]);
    // Punctuation ends a run; a word next to one is a word of its own.
    assert_eq!(
        terms("Q3会議、来週。한국어 ok"),
        ["q3", "会議", "議", "来週", "週", "한국", "국어", "어", "ok"]
    );
    // A word in a query is found as the bigrams it is made of.
    let entry = terms("明日の会議室で");
    for t in terms("会議室") {
        assert!(entry.iter().any(|e| e.starts_with(&t)), "{t}");
    }
}

#[test]
fn shard_keys_are_safe_file_names() {
    assert_eq!(shard_key("cafe"), "ca");
    assert_eq!(shard_key("会議"), "u4f1a");
    assert_eq!(shard_key("会"), "u4f1a");
    assert_eq!(shard_key("𠀋x"), "u2000b");
    assert_eq!(shard_key("aя"), "au044f");
    for text in [
        "日本語のテスト",
        "Café Ωμέγα 한국어 \u{1F600}",
        "x\u{E000}y",
    ] {
        for t in terms(text) {
            let key = shard_key(&t);
            assert!(
                !key.is_empty() && key.bytes().all(|b| b.is_ascii_alphanumeric()),
                "{t} → {key}"
            );
        }
    }
}

/// The rule, written plainly: drop combining diacritics, cut the text
/// into runs of CJK characters and runs of other alphanumeric ones, and
/// make terms of each.
fn reference_terms(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().filter(|&c| !is_mark(c)).collect();
    let class = |c: char| match (c.is_alphanumeric(), is_cjk(c)) {
        (false, _) => 0,
        (true, false) => 1,
        (true, true) => 2,
    };
    let mut out = Vec::new();
    for run in chars.chunk_by(|&a, &b| class(a) == class(b)) {
        match class(run[0]) {
            1 => {
                let mut word = String::new();
                for &c in run {
                    fold(c, &mut word);
                }
                let word: String = word.chars().take(MAX_TERM).collect();
                if word.chars().count() >= MIN_TERM {
                    out.push(word);
                }
            }
            2 => {
                out.extend(run.windows(2).map(|w| w.iter().collect()));
                out.extend(run.last().map(char::to_string));
            }
            _ => {}
        }
    }
    out
}

#[test]
fn byte_reader_follows_the_rule() {
    let alphabet: Vec<char> = "aZ09 -_.,é—…ßΩ字\u{301}\t\n'ǅ①Ⅻ🙂日本のテスト。한ーＡｶ𠀋ΣςЖ\u{E000}"
        .chars()
        .collect();
    let mut seed = 0x2545_f491_4f6c_dd1d_u64;
    for _ in 0..4_000 {
        let mut text = String::new();
        for _ in 0..(seed % 24) {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            text.push(alphabet[(seed % alphabet.len() as u64) as usize]);
        }
        assert_eq!(terms(&text), reference_terms(&text), "{text:?}");
    }
}

#[test]
fn long_words_are_cut() {
    let word = "x".repeat(1_000_000);
    assert_eq!(
        terms(&format!("a {word} b{word}")),
        [
            "x".repeat(MAX_TERM),
            format!("b{}", "x".repeat(MAX_TERM - 1))
        ]
    );
    let long = "é".repeat(100);
    assert_eq!(terms(&long), ["e".repeat(MAX_TERM)]);
    let long = "ж".repeat(100);
    assert_eq!(terms(&long), ["zh".repeat(MAX_TERM / 2)]);
}
