//! A search index for static hosting: documents in one small file, and an
//! inverted index sharded by the first letters of each term ([`shard_key`]),
//! so a browser loads only the shards its query needs. Built from the entries a
//! build shows, so nothing hidden is ever searchable.

use std::collections::BTreeMap;

use rayon::prelude::*;

use serde::Serialize;

use crate::content::Entry;
use crate::hash::{FastMap, FastSet};
use crate::render::dates;
use crate::urls::Urls;

pub mod patch;

/// How much a term counts, by where it occurs.
const TITLE: u32 = 8;
const TAG: u32 = 6;
const SUMMARY: u32 = 3;
const BODY: u32 = 1;
/// Entries whose postings are gathered together before being joined.
const CHUNK: usize = 512;
/// Words shorter than this are not indexed (and not searched); CJK
/// characters count alone (see [`each_term`]).
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

/// A page to index (an entry, or a week's note), with the plain text of its
/// body ([`crate::markdown::scan`] makes it).
#[derive(Clone)]
pub struct Document<'a> {
    pub title: std::borrow::Cow<'a, str>,
    /// The page's folder in the site, as `Urls::at` takes it.
    pub dir: std::borrow::Cow<'a, str>,
    pub date: chrono::NaiveDate,
    pub summary: Option<&'a str>,
    pub mode: Option<crate::content::Mode>,
    pub tags: &'a [String],
    pub text: &'a str,
}

impl<'a> Document<'a> {
    /// An entry and the plain text of its body.
    pub fn entry(e: &'a Entry, text: &'a str) -> Document<'a> {
        Document {
            title: e.title.as_str().into(),
            dir: e.dir.as_str().into(),
            date: e.date,
            summary: e.summary.as_deref(),
            mode: e.mode,
            tags: &e.tags,
            text,
        }
    }
}

/// The files of the index: `search/docs.json`, the `search/<key>.json`
/// shards and their list `search/shards.json`, and `search/letters.json`:
/// how each letter beyond ASCII that the entries use is folded, so the
/// browser folds a query's letters exactly as they were indexed.
pub fn build(documents: &[Document<'_>], urls: Urls<'_>) -> Vec<(String, String)> {
    build_with(documents, urls, false).0
}

/// Like [`build`], with each document's [`Trace`], so a later build can
/// patch the index where a few documents changed ([`patch::patch`]).
pub fn build_traced(
    documents: &[Document<'_>],
    urls: Urls<'_>,
) -> (Vec<(String, String)>, Vec<Trace>) {
    build_with(documents, urls, true)
}

fn build_with(
    documents: &[Document<'_>],
    urls: Urls<'_>,
    traced: bool,
) -> (Vec<(String, String)>, Vec<Trace>) {
    let mut phases = crate::timings::Phases::start();
    // Each chunk of entries gets its postings in parallel; the chunks' postings
    // are then joined in order, so every term's documents stay sorted by id.
    let (postings, letters) = documents
        .par_chunks(CHUNK)
        .enumerate()
        .map(|(c, chunk)| chunk_postings(chunk, c * CHUNK))
        .reduce(
            Default::default,
            |(mut joined, mut letters), (later, more)| {
                for (term, docs) in later {
                    match joined.get_mut(&term) {
                        Some(earlier) => earlier.extend(docs),
                        None => {
                            joined.insert(term, docs);
                        }
                    }
                }
                letters.extend(more);
                (joined, letters)
            },
        );
    phases.mark("  search terms");
    let docs = docs_file(documents, urls);
    phases.mark("  search docs");
    let mut by_key: ByKey = BTreeMap::new();
    for (term, docs) in postings {
        by_key
            .entry(shard_key(&term))
            .or_default()
            .push((term, docs));
    }
    let traces = if traced {
        traces(documents, &by_key)
    } else {
        Vec::new()
    };
    let shards: BTreeMap<String, BTreeMap<String, Vec<u32>>> = by_key
        .into_iter()
        .map(|(key, terms)| {
            let terms = terms
                .into_iter()
                .map(|(t, docs)| (t, flat(&docs)))
                .collect();
            (key, terms)
        })
        .collect();
    phases.mark("  search shards");
    let mut files = vec![docs];
    let keys: Vec<&String> = shards.keys().collect();
    files.push(shards_file(&keys));
    let letters: BTreeMap<char, String> = letters
        .into_iter()
        .map(|c| {
            let mut folded = String::new();
            fold(c, &mut folded);
            (c, folded)
        })
        .collect();
    files.push((
        "search/letters.json".to_owned(),
        crate::html::web_json(serde_json::to_string(&letters).unwrap_or_else(|_| "{}".to_owned())),
    ));
    let shard_files: Vec<(String, String)> = shards
        .par_iter()
        .map(|(key, terms)| shard_file(key, terms))
        .collect();
    files.extend(shard_files);
    phases.mark("  search json");
    (files, traces)
}

/// What the index keeps of one document, to patch the index later: the
/// shards its terms fall in, each with a sum of the document's terms and
/// weights in it ([`term_sum`]), and whether it has letters that fold
/// (which `search/letters.json` lists). A shard whose sum is the same after
/// an edit holds the same postings of the document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Trace {
    /// The shards in order of their keys, encoded: a key's length in a
    /// byte (255: eight more), the key, its sum.
    bytes: Vec<u8>,
    count: usize,
    pub folds: bool,
}

impl Trace {
    /// Adds a shard after those added so far (keys come in order).
    pub fn push(&mut self, key: &str, sum: u64) {
        match u8::try_from(key.len()) {
            Ok(len) if len < 255 => self.bytes.push(len),
            _ => {
                self.bytes.push(255);
                self.bytes
                    .extend_from_slice(&(key.len() as u64).to_le_bytes());
            }
        }
        self.bytes.extend_from_slice(key.as_bytes());
        self.bytes.extend_from_slice(&sum.to_le_bytes());
        self.count += 1;
    }

    /// Its shards and their sums.
    pub fn shards(&self) -> impl Iterator<Item = (&str, u64)> {
        let mut rest = &self.bytes[..];
        std::iter::from_fn(move || {
            let (item, after) = next_shard(rest)?;
            rest = after;
            Some(item)
        })
    }

    /// Its encoded shards and their number, as kept.
    pub fn parts(&self) -> (&[u8], usize) {
        (&self.bytes, self.count)
    }

    /// Its encoded shards and their number, as kept, taken out.
    pub fn into_parts(self) -> (Vec<u8>, usize) {
        (self.bytes, self.count)
    }

    /// A trace from [`Trace::parts`]; `None` unless `bytes` are `count`
    /// shards exactly.
    pub fn from_parts(bytes: &[u8], count: usize, folds: bool) -> Option<Trace> {
        let mut rest = bytes;
        for _ in 0..count {
            rest = next_shard(rest)?.1;
        }
        rest.is_empty().then(|| Trace {
            bytes: bytes.to_vec(),
            count,
            folds,
        })
    }
}

/// The first shard of encoded shards, and the rest.
fn next_shard(bytes: &[u8]) -> Option<((&str, u64), &[u8])> {
    let (&len, rest) = bytes.split_first()?;
    let (len, rest) = match len {
        255 => {
            let (n, rest) = rest.split_first_chunk::<8>()?;
            (usize::try_from(u64::from_le_bytes(*n)).ok()?, rest)
        }
        short => (usize::from(short), rest),
    };
    let (key, rest) = rest.split_at_checked(len)?;
    let (sum, rest) = rest.split_first_chunk::<8>()?;
    Some((
        (std::str::from_utf8(key).ok()?, u64::from_le_bytes(*sum)),
        rest,
    ))
}

/// What one term (by its [`crate::hash::hash_bytes`]) and its weight in a
/// document add to the document's sum for the term's shard (sums are taken
/// with wrapping addition, so the order of terms does not matter).
pub(crate) fn term_sum(term: u64, weight: u32) -> u64 {
    crate::hash::hash_parts((term, weight))
}

/// Each document's trace, from the postings of all of them by shard key.
fn traces(documents: &[Document<'_>], by_key: &ByKey) -> Vec<Trace> {
    let mut traces: Vec<Trace> = documents
        .iter()
        .map(|doc| Trace {
            folds: has_folding_letters(doc),
            ..Trace::default()
        })
        .collect();
    // Each document's sum in the current shard, and whether it has one.
    let mut sums: Vec<Option<u64>> = vec![None; documents.len()];
    let mut touched: Vec<usize> = Vec::new();
    for (key, terms) in by_key {
        for (term, docs) in terms {
            let term = crate::hash::hash_bytes(term.as_bytes());
            for &(doc, weight) in docs {
                let Some(sum) = sums.get_mut(doc as usize) else {
                    continue;
                };
                let add = term_sum(term, weight);
                *sum = Some(match *sum {
                    Some(s) => s.wrapping_add(add),
                    None => {
                        touched.push(doc as usize);
                        add
                    }
                });
            }
        }
        for doc in touched.drain(..) {
            if let Some(sum) = sums[doc].take() {
                traces[doc].push(key, sum);
            }
        }
    }
    traces
}

/// Whether a document has a letter that [`folds`] in any text indexed.
fn has_folding_letters(doc: &Document<'_>) -> bool {
    let texts = [&*doc.title, doc.summary.unwrap_or(""), doc.text];
    texts
        .into_iter()
        .chain(doc.tags.iter().map(String::as_str))
        .any(|t| !t.is_ascii() && t.chars().any(folds))
}

/// A term's postings as a shard writes them: document ids delta-encoded,
/// each followed by its weight (compact as JSON).
fn flat(docs: &[(u32, u32)]) -> Vec<u32> {
    // Ids are in order, so the deltas are never negative.
    let mut flat = Vec::with_capacity(docs.len() * 2);
    let mut last = 0;
    for &(doc, weight) in docs {
        flat.push(doc - last);
        flat.push(weight);
        last = doc;
    }
    flat
}

/// `search/docs.json`: each document's title, URL, date, summary and mode.
fn docs_file(documents: &[Document<'_>], urls: Urls<'_>) -> (String, String) {
    let docs: Vec<Doc<'_>> = documents
        .iter()
        .map(|e| Doc {
            t: &e.title,
            u: urls.at(&e.dir),
            d: dates::iso(e.date),
            s: e.summary
                .map(|s| s.chars().take(200).collect())
                .unwrap_or_default(),
            m: e.mode.map(|m| m.label()),
        })
        .collect();
    let json = serde_json::to_string(&docs).unwrap_or_else(|_| "[]".to_owned());
    ("search/docs.json".to_owned(), crate::html::web_json(json))
}

/// `search/shards.json`: the keys of the shards there are.
fn shards_file(keys: &[&String]) -> (String, String) {
    let json = serde_json::to_string(keys).unwrap_or_else(|_| "[]".to_owned());
    ("search/shards.json".to_owned(), json)
}

/// One shard's file.
fn shard_file(key: &str, terms: &BTreeMap<String, Vec<u32>>) -> (String, String) {
    let json = serde_json::to_string(terms).unwrap_or_else(|_| "{}".to_owned());
    (format!("search/{key}.json"), crate::html::web_json(json))
}

/// For each term, the entries that have it and how much it counts in each.
type Postings = FastMap<String, Vec<(u32, u32)>>;

/// Postings by the key of the shard their term falls in.
type ByKey = BTreeMap<String, Vec<(String, Vec<(u32, u32)>)>>;

/// The postings of a run of entries, the first with id `first`: for each
/// term, the entries that have it, in order, and how much it counts in each;
/// and the letters beyond ASCII that fold.
fn chunk_postings(documents: &[Document<'_>], first: usize) -> (Postings, FastSet<char>) {
    let mut postings = Postings::default();
    let mut letters = FastSet::default();
    for (k, e) in documents.iter().enumerate() {
        let id = u32::try_from(first + k).unwrap_or(u32::MAX);
        let mut add = |text: &str, weight: u32| {
            if !text.is_ascii() {
                letters.extend(text.chars().filter(|&c| folds(c)));
            }
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
        for t in e.tags {
            add(t, TAG);
        }
        if let Some(s) = e.summary {
            add(s, SUMMARY);
        }
        add(e.text, BODY);
    }
    (postings, letters)
}

/// Calls `f` with each search term of a text, in order. The browser splits
/// queries the same way (`assets/search.js`), so a query finds what this
/// indexed; a test in a real browser checks that they agree.
///
/// The rule, for every script alike:
/// - Combining diacritics (U+0300–U+036F) are dropped first, so `cafe\u{301}`
///   reads as `café`.
/// - Han, Hiragana, Katakana and Hangul ([`is_cjk`]) have no spaces between
///   words, so a run of them is indexed by overlapping bigrams plus its last
///   character alone: `会議室` → `会議`, `議室`, `室`. Every character then
///   starts a term, so a one-character query finds it by prefix, and a
///   longer word is found as the bigrams it is made of.
/// - Any other run of alphanumeric characters is a word: lowercased, with
///   its letters beyond ASCII folded ([`fold`]: `Café` → `cafe`, `Straße` →
///   `strasse`), kept if it then has at least [`MIN_TERM`] characters, and
///   cut to [`MAX_TERM`].
///
/// Most text is ASCII, so it is read byte by byte; only a word with other
/// characters takes the slower path.
pub fn each_term(text: &str, mut f: impl FnMut(&str)) {
    let bytes = text.as_bytes();
    let mut buf = String::new();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii_alphanumeric() {
            let start = i;
            while i < bytes.len() && bytes[i].is_ascii_alphanumeric() {
                i += 1;
            }
            if bytes.get(i).is_none_or(u8::is_ascii) {
                if i - start >= MIN_TERM {
                    buf.clear();
                    buf.push_str(&text[start..i.min(start + MAX_TERM)]);
                    buf.make_ascii_lowercase();
                    f(&buf);
                }
            } else {
                i = word(text, start, &mut buf, &mut f);
            }
        } else if b.is_ascii() {
            i += 1;
        } else {
            let c = char_at(text, i);
            if is_cjk(c) && c.is_alphanumeric() {
                i = cjk_run(text, i, &mut buf, &mut f);
            } else if c.is_alphanumeric() || is_mark(c) {
                i = word(text, i, &mut buf, &mut f);
            } else {
                i += c.len_utf8();
            }
        }
    }
}

/// The character at byte `i` (a char boundary).
fn char_at(text: &str, i: usize) -> char {
    text[i..].chars().next().unwrap_or(' ')
}

/// A combining diacritic: dropped, neither part of a word nor a break in one.
fn is_mark(c: char) -> bool {
    ('\u{300}'..='\u{36f}').contains(&c)
}

/// Han, Hiragana, Katakana and Hangul, with their radicals, marks and
/// half-width forms: the scripts written without spaces between words
/// (Korean has spaces, but its words take particles, so bigrams find them
/// better). By block, so `search.js` can test the same ranges.
fn is_cjk(c: char) -> bool {
    matches!(
        c,
        '\u{1100}'..='\u{11ff}'
            | '\u{2e80}'..='\u{9fff}'
            | '\u{a960}'..='\u{a97f}'
            | '\u{ac00}'..='\u{d7ff}'
            | '\u{f900}'..='\u{faff}'
            | '\u{ff66}'..='\u{ffdc}'
            | '\u{1aff0}'..='\u{1b16f}'
            | '\u{20000}'..='\u{3ffff}'
    )
}

/// A letter or digit that [`fold`] spells: neither ASCII nor CJK.
fn folds(c: char) -> bool {
    !c.is_ascii() && c.is_alphanumeric() && !is_cjk(c)
}

/// Pushes how a letter or digit that [`folds`] is searched: spelled in ASCII
/// the way deunicode spells it (`é` → `e`, `ß` → `ss`, `Ł` → `l`, `ж` → `zh`,
/// `ά` → `a`), which folds diacritics in every script it knows, or, if it
/// has no spelling, lowercased. The browser cannot spell letters the same
/// way by itself, so the index lists those its entries use (`letters.json`).
fn fold(c: char, out: &mut String) {
    match deunicode::deunicode_char(c) {
        Some(ascii) => out.extend(
            ascii
                .chars()
                .filter(char::is_ascii_alphanumeric)
                .map(|a| a.to_ascii_lowercase()),
        ),
        None => out.extend(c.to_lowercase()),
    }
}

/// The word that starts at byte `start`, folded; returns where it ends.
fn word(text: &str, start: usize, buf: &mut String, f: &mut impl FnMut(&str)) -> usize {
    buf.clear();
    let mut end = start;
    for c in text[start..].chars() {
        if !is_mark(c) {
            if !c.is_alphanumeric() || is_cjk(c) {
                break;
            }
            // Past the cut (32 characters take at most 128 bytes), the rest
            // of the word is read but not kept.
            if buf.len() < MAX_TERM * 4 {
                if c.is_ascii() {
                    buf.push(c.to_ascii_lowercase());
                } else {
                    fold(c, buf);
                }
            }
        }
        end += c.len_utf8();
    }
    if let Some((cut, _)) = buf.char_indices().nth(MAX_TERM) {
        buf.truncate(cut);
    }
    if buf.chars().nth(MIN_TERM - 1).is_some() {
        f(buf);
    }
    end
}

/// The run of CJK characters that starts at byte `start`, as bigrams and its
/// last character; returns where it ends.
fn cjk_run(text: &str, start: usize, buf: &mut String, f: &mut impl FnMut(&str)) -> usize {
    let mut end = start;
    let mut last: Option<char> = None;
    for c in text[start..].chars() {
        if is_cjk(c) && c.is_alphanumeric() {
            if let Some(p) = last {
                buf.clear();
                buf.push(p);
                buf.push(c);
                f(buf);
            }
            last = Some(c);
        } else if !is_mark(c) {
            break;
        }
        end += c.len_utf8();
    }
    if let Some(p) = last {
        buf.clear();
        buf.push(p);
        f(buf);
    }
    end
}

/// The shard a term is kept in, which is also its file name: the first
/// [`MIN_TERM`] characters of a word, or the first character of a CJK term
/// (so a one-character query needs one shard). ASCII letters and digits
/// stand for themselves; any other character is written `u` and at least
/// four hex digits, so every name is a safe file name. (Were two prefixes
/// ever to share a name, they would share a file, which the browser reads
/// term by term: no harm.) `search.js` names shards the same way.
fn shard_key(term: &str) -> String {
    let b = term.as_bytes();
    if b.len() >= MIN_TERM && b[..MIN_TERM].iter().all(u8::is_ascii) {
        return term[..MIN_TERM].to_owned();
    }
    let mut key = String::new();
    let take = if term.chars().next().is_some_and(is_cjk) {
        1
    } else {
        MIN_TERM
    };
    for c in term.chars().take(take) {
        if c.is_ascii_alphanumeric() {
            key.push(c);
        } else {
            key.push_str(&format!("u{:04x}", u32::from(c)));
        }
    }
    key
}

/// The searchable words of a text, collected.
pub fn terms(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    each_term(text, |t| out.push(t.to_owned()));
    out
}

#[cfg(test)]
mod tests;
