//! A search index for static hosting: documents in one small file, and an
//! inverted index sharded by the first two letters of each term, so a
//! browser loads only the shards its query needs. Built from the entries a
//! build shows, so nothing hidden is ever searchable.

use std::collections::BTreeMap;

use rayon::prelude::*;

use serde::Serialize;

use crate::content::Entry;
use crate::hash::FastMap;
use crate::render::dates;
use crate::render::views::Urls;

/// How much a term counts, by where it occurs.
const TITLE: u32 = 8;
const TAG: u32 = 6;
const SUMMARY: u32 = 3;
const BODY: u32 = 1;
/// Entries whose postings are gathered together before being joined.
const CHUNK: usize = 512;
/// Terms shorter than this are not indexed (and not searched).
pub const MIN_TERM: usize = 2;
/// Longer terms are cut to this length (queries are cut the same way), so
/// one enormous word cannot make an enormous shard.
pub const MAX_TERM: usize = 32;

/// One search result's data.
#[derive(Debug, Serialize)]
struct Doc<'a> {
    /// Title, URL, date, summary, mode.
    t: &'a str,
    u: String,
    d: String,
    s: String,
    m: Option<&'static str>,
}

/// An entry to index, with the plain text of its body
/// ([`crate::markdown::scan`] makes it).
#[derive(Clone, Copy)]
pub struct Document<'a> {
    pub entry: &'a Entry,
    pub text: &'a str,
}

/// The files of the index: `search/docs.json` and `search/<xx>.json` shards.
pub fn build(documents: &[Document<'_>], urls: Urls<'_>) -> Vec<(String, String)> {
    let mut phases = crate::timings::Phases::start();
    // Each chunk of entries gets its postings in parallel; the chunks' postings
    // are then joined in order, so every term's documents stay sorted by id.
    let postings = documents
        .par_chunks(CHUNK)
        .enumerate()
        .map(|(c, chunk)| chunk_postings(chunk, c * CHUNK))
        .reduce(FastMap::default, |mut joined, later| {
            for (term, docs) in later {
                match joined.get_mut(&term) {
                    Some(earlier) => earlier.extend(docs),
                    None => {
                        joined.insert(term, docs);
                    }
                }
            }
            joined
        });
    phases.mark("  search terms");
    let docs: Vec<Doc<'_>> = documents
        .iter()
        .map(|&Document { entry: e, .. }| Doc {
            t: &e.title,
            u: urls.entry(e),
            d: dates::iso(e.date),
            s: e.summary
                .as_deref()
                .map(|s| s.chars().take(200).collect())
                .unwrap_or_default(),
            m: e.mode.map(|m| m.label()),
        })
        .collect();
    phases.mark("  search docs");
    let mut shards: BTreeMap<String, BTreeMap<String, Vec<u32>>> = BTreeMap::new();
    for (term, docs) in postings {
        // Ids were pushed in order, so the deltas below are never negative.
        let key: String = term.chars().take(MIN_TERM).collect();
        // Doc ids delta-encoded, each followed by its weight: compact as JSON.
        let mut flat = Vec::with_capacity(docs.len() * 2);
        let mut last = 0;
        for (doc, weight) in docs {
            flat.push(doc - last);
            flat.push(weight);
            last = doc;
        }
        shards.entry(key).or_default().insert(term, flat);
    }
    phases.mark("  search shards");
    let mut files = vec![(
        "search/docs.json".to_owned(),
        crate::html::web_json(serde_json::to_string(&docs).unwrap_or_else(|_| "[]".to_owned())),
    )];
    let keys: Vec<&String> = shards.keys().collect();
    files.push((
        "search/shards.json".to_owned(),
        serde_json::to_string(&keys).unwrap_or_else(|_| "[]".to_owned()),
    ));
    let shard_files: Vec<(String, String)> = shards
        .par_iter()
        .map(|(key, terms)| {
            let json = serde_json::to_string(terms).unwrap_or_else(|_| "{}".to_owned());
            (format!("search/{key}.json"), crate::html::web_json(json))
        })
        .collect();
    files.extend(shard_files);
    phases.mark("  search json");
    files
}

/// The postings of a run of entries, the first with id `first`: for each
/// term, the entries that have it, in order, and how much it counts in each.
fn chunk_postings(documents: &[Document<'_>], first: usize) -> FastMap<String, Vec<(u32, u32)>> {
    let mut postings: FastMap<String, Vec<(u32, u32)>> = FastMap::default();
    for (k, &Document { entry: e, text }) in documents.iter().enumerate() {
        let id = u32::try_from(first + k).unwrap_or(u32::MAX);
        let mut add = |text: &str, weight: u32| {
            each_term(text, |term| match postings.get_mut(term) {
                Some(docs) => match docs.last_mut() {
                    Some((last, w)) if *last == id => *w += weight,
                    _ => docs.push((id, weight)),
                },
                None => {
                    postings.insert(term.to_owned(), vec![(id, weight)]);
                }
            });
        };
        add(&e.title, TITLE);
        for t in &e.tags {
            add(t, TAG);
        }
        if let Some(s) = &e.summary {
            add(s, SUMMARY);
        }
        add(text, BODY);
    }
    postings
}

/// Calls `f` with each searchable word of a text: ASCII, lowercase, at least
/// two characters. The browser splits queries the same way (`assets/search.js`).
///
/// A word is a run of alphanumeric characters. Most are ASCII, so the text is
/// read byte by byte; a word with other letters is folded to ASCII
/// (`Café` → `cafe`) and may become several terms.
pub fn each_term(text: &str, mut f: impl FnMut(&str)) {
    let bytes = text.as_bytes();
    let mut folded = String::new();
    let mut i = 0;
    while i < bytes.len() {
        // Find the next word and whether it is all ASCII.
        let start = i;
        let mut ascii = true;
        while i < bytes.len() {
            let b = bytes[i];
            if b.is_ascii() {
                if !b.is_ascii_alphanumeric() {
                    break;
                }
                i += 1;
            } else {
                let c = text[i..].chars().next().unwrap_or(' ');
                if !c.is_alphanumeric() {
                    break;
                }
                ascii = false;
                i += c.len_utf8();
            }
        }
        let word = &text[start..i];
        // Step over the separator that ended the word.
        match bytes.get(i) {
            None => {}
            Some(b) if b.is_ascii() => i += 1,
            Some(_) => i += text[i..].chars().next().map_or(1, char::len_utf8),
        }
        // (A word with other letters has at least two bytes.)
        if ascii && word.len() < MIN_TERM {
            continue;
        }
        folded.clear();
        if ascii {
            folded.push_str(&word[..word.len().min(MAX_TERM)]);
            folded.make_ascii_lowercase();
            f(&folded);
            continue;
        }
        folded.push_str(&deunicode::deunicode(word).to_lowercase());
        for part in folded.split(|c: char| !c.is_ascii_alphanumeric()) {
            if part.len() >= MIN_TERM {
                f(&part[..part.len().min(MAX_TERM)]);
            }
        }
    }
}

/// The searchable words of a text, collected.
pub fn terms(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    each_term(text, |t| out.push(t.to_owned()));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms_are_folded_and_split() {
        let t = terms("Über-Café: one-on-ones, a 1:1 & Q3!");
        assert_eq!(t, ["uber", "cafe", "one", "on", "ones", "q3"]);
    }

    /// The rule, written plainly: split at every character that is not
    /// alphanumeric, then fold each word.
    fn reference_terms(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        for word in text.split(|c: char| !c.is_alphanumeric()) {
            let folded = deunicode::deunicode(word).to_lowercase();
            for part in folded.split(|c: char| !c.is_ascii_alphanumeric()) {
                if part.len() >= MIN_TERM {
                    out.push(part[..part.len().min(MAX_TERM)].to_owned());
                }
            }
        }
        out
    }

    #[test]
    fn byte_reader_follows_the_rule() {
        let alphabet: Vec<char> = "aZ09 -_.,é—…ßΩ字\u{301}\t\n'ǅ①Ⅻ🙂".chars().collect();
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        for _ in 0..2_000 {
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
    }
}
