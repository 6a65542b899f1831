//! A small, deterministic journal generator for tests: public entries plus
//! private and draft ones whose every field carries a canary string.

use super::support::TestJournal;

/// The string every private and draft entry carries.
pub const CANARY: &str = "LEAK-CANARY";

/// What was generated.
pub struct Generated {
    pub public: usize,
    pub private: usize,
    pub drafts: usize,
    /// Weekly notes that are private or drafts (they carry the canary too).
    pub secret_notes: usize,
    pub public_notes: usize,
}

/// Writes `n` entries, every `private_every`th private and every `draft_every`th a draft.
pub fn generate(j: &TestJournal, n: usize, private_every: usize, draft_every: usize) -> Generated {
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move |m: u64| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed % m
    };
    let tags = [
        "deep-work",
        "one-on-ones",
        "hiring",
        "incident",
        "pairing",
        "planning",
    ];
    let start = chrono::NaiveDate::from_ymd_opt(2024, 1, 1).expect("date");
    let mut out = Generated {
        public: 0,
        private: 0,
        drafts: 0,
        secret_notes: 0,
        public_notes: 0,
    };
    for i in 0..n {
        let date = start + chrono::Duration::days(i as i64 * 2 / 3);
        let private = i % private_every == private_every - 1;
        let draft = !private && i % draft_every == draft_every - 1;
        let secret = private || draft;
        let title = if secret {
            format!("Entry {i} {CANARY}")
        } else {
            format!("Entry {i}")
        };
        let mut entry_tags = vec![tags[next(6) as usize], tags[next(6) as usize]];
        if secret {
            entry_tags.push("leak-canary-tag");
        }
        let energy = if next(2) == 0 {
            format!("{}", 1 + next(10))
        } else {
            // The evening check-in says what came before it; a secret
            // entry's carries the canary in its tags and its note.
            let (evening_tag, note) = match secret {
                true => ("leak-canary-tag", CANARY),
                false => (tags[i % tags.len()], "plain"),
            };
            format!(
                "{{ morning: {}, midday: {}, evening: {{ score: {}, tags: [{evening_tag}], note: \"{note}\" }} }}",
                1 + next(10),
                1 + next(10),
                1 + next(10)
            )
        };
        let mode = if next(2) == 0 { "IC" } else { "EM" };
        let flags = match (private, draft) {
            (true, _) => "private: true\n",
            (_, true) => "draft: true\n",
            _ => "",
        };
        let summary = if secret {
            format!("About {CANARY}")
        } else {
            "A day".to_owned()
        };
        let body = if secret {
            format!(
                "Notes on a {CANARY} conversation.\n\n```rust\nlet {} = 1;\n```\n",
                CANARY.to_lowercase().replace('-', "_")
            )
        } else {
            "An ordinary day.\n\n```rust\nfn main() {}\n```\n".to_owned()
        };
        j.write(
            &format!("content/{}/{}-entry-{i}.md", date.format("%Y"), date.format("%Y-%m-%d")),
            format!(
                "---\ntitle: {title}\nmode: {mode}\nenergy: {energy}\nfocus_hours: {}\nmeeting_hours: {}\ntags: [{}]\nsummary: {summary}\nnote: {}\n{flags}---\n{body}",
                next(8),
                next(8),
                entry_tags.join(", "),
                if secret { CANARY } else { "plain" },
            ),
        );
        match (private, draft) {
            (true, _) => out.private += 1,
            (_, true) => out.drafts += 1,
            _ => out.public += 1,
        }
    }
    // A weekly note on every other week, one in four of them private and
    // one in four a draft, with the canary in its title, intentions and body.
    let last = start + chrono::Duration::days(n.saturating_sub(1) as i64 * 2 / 3);
    let mut monday = start
        - chrono::Duration::days(i64::from(
            chrono::Datelike::weekday(&start).num_days_from_monday(),
        ));
    let mut k = 0;
    while monday <= last {
        if k % 2 == 0 {
            let iso = chrono::Datelike::iso_week(&monday);
            let rel = format!("weeks/{:04}-W{:02}.md", iso.year(), iso.week());
            let text = match k % 8 {
                2 => format!(
                    "---\ntitle: Week {k} {CANARY}\nnext: [\"{CANARY} intention\"]\nprivate: true\n---\nA look-back on a {CANARY} talk.\n"
                ),
                6 => format!(
                    "---\ntitle: Week {k} {CANARY}\nnext: [\"{CANARY} plan\"]\ndraft: true\n---\nUnfinished {CANARY} thoughts.\n"
                ),
                _ => format!(
                    "---\ntitle: Week {k}\nnext: [a plain intention]\n---\nA plain look-back.\n"
                ),
            };
            if matches!(k % 8, 2 | 6) {
                out.secret_notes += 1;
            } else {
                out.public_notes += 1;
            }
            j.write(&rel, text);
        }
        monday += chrono::Duration::days(7);
        k += 1;
    }
    out
}
