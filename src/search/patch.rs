//! Patching the search index where a few documents changed, for a cached
//! build: only the shards that held a changed document's terms, or now
//! hold them, are read back, changed and written again; the others stay.
//! The result is what [`super::build`] would make, byte for byte.

use std::collections::{BTreeMap, BTreeSet};

use super::{
    Document, Trace, chunk_postings, docs_file, flat, shard_file, shard_key, shards_file, term_sum,
};
use crate::urls::Urls;

/// What patching made: the files to write, every file of the index (in
/// the order [`super::build`] lists them), and the changed documents'
/// new traces.
#[derive(Debug)]
pub struct Patched {
    pub write: Vec<(String, String)>,
    pub files: Vec<String>,
    pub traces: Vec<(usize, Trace)>,
}

/// The index of `documents` from the last one, where the documents at
/// `changed` (with `old` traces, in the same order) are all that changed,
/// their number included. `previous` reads a file of the last index;
/// `shards` are its shard keys, in order. `None` when the patch cannot be
/// made exactly (a letter that folds is involved, or a shard is missing
/// or unreadable): the whole index is built then. `search/docs.json` is
/// made again only when `remake_docs` (a changed document's title, place,
/// date, summary or mode may have changed).
pub fn patch(
    documents: &[Document<'_>],
    changed: &[usize],
    old: &[Trace],
    shards: &[String],
    previous: &dyn Fn(&str) -> Option<Vec<u8>>,
    urls: Urls<'_>,
    remake_docs: bool,
) -> Option<Patched> {
    if old.len() != changed.len() || old.iter().any(|t| t.folds) {
        return None;
    }
    // The changed documents' postings, by shard.
    let mut new: BTreeMap<String, BTreeMap<String, Vec<(u32, u32)>>> = BTreeMap::new();
    let mut traces = Vec::with_capacity(changed.len());
    for &i in changed {
        let doc = documents.get(i)?;
        let (postings, letters) = chunk_postings(std::slice::from_ref(doc), i);
        if !letters.is_empty() {
            return None;
        }
        let mut keys: BTreeMap<String, u64> = BTreeMap::new();
        for (term, docs) in postings {
            let key = shard_key(&term);
            let hashed = crate::hash::hash_bytes(term.as_bytes());
            let sum = docs
                .iter()
                .fold(0u64, |s, &(_, w)| s.wrapping_add(term_sum(hashed, w)));
            let total = keys.entry(key.clone()).or_default();
            *total = total.wrapping_add(sum);
            new.entry(key)
                .or_default()
                .entry(term)
                .or_default()
                .extend(docs);
        }
        let mut trace = Trace::default();
        for (key, sum) in &keys {
            trace.push(key, *sum);
        }
        traces.push((i, trace));
    }
    let gone: BTreeSet<u32> = changed.iter().map(|&i| i as u32).collect();
    // Only the shards where a changed document's terms or weights differ.
    let mut touched: BTreeSet<String> = BTreeSet::new();
    for (was, (_, now)) in old.iter().zip(&traces) {
        let was: BTreeMap<&str, u64> = was.shards().collect();
        let now: BTreeMap<&str, u64> = now.shards().collect();
        let differ = |(k, s): (&&str, &u64), other: &BTreeMap<&str, u64>| {
            (other.get(k) != Some(s)).then(|| (*k).to_owned())
        };
        touched.extend(was.iter().filter_map(|p| differ(p, &now)));
        touched.extend(now.iter().filter_map(|p| differ(p, &was)));
    }
    let known: BTreeSet<&str> = shards.iter().map(String::as_str).collect();
    let mut write = Vec::new();
    if remake_docs {
        write.push(docs_file(documents, urls));
    }
    let mut emptied = BTreeSet::new();
    for key in &touched {
        let key = key.as_str();
        let mut terms: BTreeMap<String, Vec<(u32, u32)>> = if known.contains(key) {
            read_shard(&previous(&format!("search/{key}.json"))?)?
        } else {
            BTreeMap::new()
        };
        for docs in terms.values_mut() {
            docs.retain(|(d, _)| !gone.contains(d));
        }
        for (term, docs) in new.remove(key).unwrap_or_default() {
            let list = terms.entry(term).or_default();
            list.extend(docs);
            list.sort_unstable_by_key(|(d, _)| *d);
        }
        terms.retain(|_, docs| !docs.is_empty());
        if terms.is_empty() {
            emptied.insert(key.to_owned());
            continue;
        }
        let flat: BTreeMap<String, Vec<u32>> =
            terms.into_iter().map(|(t, d)| (t, flat(&d))).collect();
        write.push(shard_file(key, &flat));
    }
    let mut keys: BTreeSet<String> = shards
        .iter()
        .filter(|k| !emptied.contains(*k))
        .cloned()
        .collect();
    keys.extend(touched.into_iter().filter(|k| !emptied.contains(k)));
    let listed: Vec<&String> = keys.iter().collect();
    let list = shards_file(&listed);
    let mut files = vec![
        "search/docs.json".to_owned(),
        list.0.clone(),
        "search/letters.json".to_owned(),
    ];
    files.extend(keys.iter().map(|k| format!("search/{k}.json")));
    write.insert(usize::from(remake_docs), list);
    Some(Patched {
        write,
        files,
        traces,
    })
}

/// A shard's file read back: each term's postings, ids no longer deltas.
fn read_shard(bytes: &[u8]) -> Option<BTreeMap<String, Vec<(u32, u32)>>> {
    let flat: BTreeMap<String, Vec<u32>> = serde_json::from_slice(bytes).ok()?;
    flat.into_iter()
        .map(|(term, numbers)| {
            if numbers.len() % 2 != 0 {
                return None;
            }
            let mut docs = Vec::with_capacity(numbers.len() / 2);
            let mut last: u32 = 0;
            for pair in numbers.chunks_exact(2) {
                last = last.checked_add(pair[0])?;
                docs.push((last, pair[1]));
            }
            Some((term, docs))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::build_traced;

    fn doc<'a>(n: usize, text: &'a str) -> Document<'a> {
        Document {
            title: format!("Day {n}").into(),
            dir: format!("2024/01/{n:02}/day/").into(),
            date: chrono::NaiveDate::from_ymd_opt(2024, 1, n as u32 + 1).expect("a day"),
            summary: None,
            mode: None,
            tags: &[],
            text,
        }
    }

    #[test]
    fn a_patched_index_is_the_index_built_whole() {
        let texts = [
            "alpha beta gamma",
            "beta delta zulu",
            "gamma epsilon",
            "zeta eta theta",
        ];
        let urls = Urls::new("/");
        let before: Vec<Document<'_>> = texts.iter().enumerate().map(|(n, t)| doc(n, t)).collect();
        let (files, traces) = build_traced(&before, urls);
        let old: BTreeMap<String, String> = files.into_iter().collect();
        let shards: Vec<String> = old
            .keys()
            .filter_map(|k| k.strip_prefix("search/")?.strip_suffix(".json"))
            .filter(|k| !["docs", "shards", "letters"].contains(k))
            .map(str::to_owned)
            .collect();
        // One document loses `zulu` (its only shard goes) and gains `omega`.
        let mut after = before.clone();
        after[1] = doc(1, "beta delta omega words");
        after[2] = doc(2, "gamma epsilon beta");
        let previous = |rel: &str| old.get(rel).map(|s| s.as_bytes().to_vec());
        let changed = [1, 2];
        let was = [traces[1].clone(), traces[2].clone()];
        let patched =
            patch(&after, &changed, &was, &shards, &previous, urls, true).expect("patched");
        let (whole, new_traces) = build_traced(&after, urls);
        let mut expected: Vec<String> = whole.iter().map(|(rel, _)| rel.clone()).collect();
        let mut listed = patched.files.clone();
        expected.sort();
        listed.sort();
        assert_eq!(listed, expected);
        let mut made = old.clone();
        for rel in old.keys() {
            if !patched.files.contains(rel) {
                made.remove(rel);
            }
        }
        made.extend(patched.write.iter().cloned());
        let whole: BTreeMap<String, String> = whole.into_iter().collect();
        assert_eq!(made, whole);
        for (i, t) in &patched.traces {
            assert_eq!(t, &new_traces[*i]);
        }
        // A letter that folds, or a missing shard: no patch.
        after[1] = doc(1, "café");
        assert!(patch(&after, &[1], &was[..1], &shards, &previous, urls, true).is_none());
        after[1] = doc(1, "beta");
        assert!(patch(&after, &[1], &was[..1], &shards, &|_| None, urls, true).is_none());
    }

    #[test]
    fn only_the_shards_where_a_document_changed_are_written() {
        let urls = Urls::new("/");
        let before: Vec<Document<'_>> = ["alpha beta", "gamma delta theta", "zeta"]
            .iter()
            .enumerate()
            .map(|(n, t)| doc(n, t))
            .collect();
        let (files, traces) = build_traced(&before, urls);
        let old: BTreeMap<String, String> = files.into_iter().collect();
        let shards = ["al", "be", "da", "de", "ga", "th", "ze"].map(str::to_owned);
        assert!(
            shards
                .iter()
                .all(|k| old.contains_key(&format!("search/{k}.json")))
        );
        let previous = |rel: &str| old.get(rel).map(|s| s.as_bytes().to_vec());
        // `theta` counts twice now; `gamma` and `delta` are as they were,
        // and so are the title, date and place (docs.json stays).
        let mut after = before.clone();
        after[1] = doc(1, "theta gamma delta theta");
        let was = [traces[1].clone()];
        let patched = patch(&after, &[1], &was, &shards, &previous, urls, false).expect("patched");
        let written: Vec<&str> = patched.write.iter().map(|(rel, _)| rel.as_str()).collect();
        assert_eq!(written, ["search/shards.json", "search/th.json"]);
        let (whole, _) = build_traced(&after, urls);
        let whole: BTreeMap<String, String> = whole.into_iter().collect();
        assert_eq!(patched.write[1].1, whole["search/th.json"]);
        assert_eq!(old["search/docs.json"], whole["search/docs.json"]);
        assert_ne!(old["search/th.json"], whole["search/th.json"]);
    }
}
