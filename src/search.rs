//! A search index for static hosting: documents in one small file, and an
//! inverted index sharded by the first two letters of each term, so a
//! browser loads only the shards its query needs. Built from the entries a
//! build shows, so nothing hidden is ever searchable.

use std::collections::BTreeMap;

use rayon::prelude::*;

use pulldown_cmark::{Event, Parser};
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

/// The files of the index: `search/docs.json` and `search/<xx>.json` shards.
pub fn build(entries: &[&Entry], urls: Urls<'_>) -> Vec<(String, String)> {
    let mut phases = crate::timings::Phases::start();
    // Each chunk of entries gets its postings in parallel; the chunks' postings
    // are then joined in order, so every term's documents stay sorted by id.
    let postings = entries
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
    let docs: Vec<Doc<'_>> = entries
        .iter()
        .map(|e| Doc {
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
fn chunk_postings(entries: &[&Entry], first: usize) -> FastMap<String, Vec<(u32, u32)>> {
    let mut postings: FastMap<String, Vec<(u32, u32)>> = FastMap::default();
    for (k, e) in entries.iter().enumerate() {
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
        add(&plain_text(&e.body), BODY);
    }
    postings
}

/// Calls `f` with each searchable word of a text: ASCII, lowercase, at least
/// two characters. The browser splits queries the same way (`assets/search.js`).
pub fn each_term(text: &str, mut f: impl FnMut(&str)) {
    let mut folded = String::new();
    let mut rest = text;
    while let Some(start) = rest.find(char::is_alphanumeric) {
        rest = &rest[start..];
        let end = rest
            .find(|c: char| !c.is_alphanumeric())
            .unwrap_or(rest.len());
        let (word, after) = rest.split_at(end);
        rest = after;
        folded.clear();
        if word.is_ascii() {
            // The common case: one term, already split.
            if word.len() >= MIN_TERM {
                folded.push_str(&word[..word.len().min(MAX_TERM)]);
                folded.make_ascii_lowercase();
                f(&folded);
            }
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

/// The text of a Markdown body, without markup.
fn plain_text(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len());
    for event in Parser::new(markdown) {
        match event {
            Event::Text(t) | Event::Code(t) => {
                out.push_str(&t);
                out.push(' ');
            }
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            _ => {}
        }
    }
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

    #[test]
    fn text_drops_markup() {
        let text = plain_text("# Hi\n\n*a* `b` [c](x.md)");
        assert_eq!(
            text.split_whitespace().collect::<Vec<_>>(),
            ["Hi", "a", "b", "c"]
        );
    }
}
