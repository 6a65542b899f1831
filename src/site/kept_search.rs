//! What the build cache keeps of each document of the search index
//! (`search` in a kind of build's folder): its fingerprint and its
//! [`Trace`], in the index's order, so a build where a few documents
//! changed patches the index ([`crate::search::patch`]) instead of
//! building it whole. Only the documents a build shows are indexed.

use std::path::Path;
use std::sync::Mutex;

use super::disk_cache::Reader;
use super::records::{self, Blob, put_u64s};
use crate::search::Trace;

/// The first bytes of the file: its format.
const MAGIC: &[u8] = b"ebb-search 3\n";
/// The file in each kind of build's cache folder.
pub const FILE: &str = "search";

/// One document: its fingerprints (see [`crate::site::Site::search_prints`]),
/// whether it has letters that fold, and its shards with their sums.
type Doc = ([u64; 2], bool, Blob);

/// The documents of the last build's index, and of this one's.
#[derive(Debug)]
pub struct KeptSearch {
    key: u64,
    known: Vec<Doc>,
    /// This build's documents; `None` when they are the last build's.
    now: Mutex<Option<Vec<Doc>>>,
}

impl KeptSearch {
    /// Nothing kept yet, for a build keyed by `key` (see [`KeptSearch::read`]).
    pub fn new(key: u64) -> KeptSearch {
        KeptSearch {
            key,
            known: Vec::new(),
            now: Mutex::new(Some(Vec::new())),
        }
    }

    /// Reads what the last build kept in `dir` (nothing if the file is
    /// missing, damaged or written under another key).
    pub fn read(&mut self, dir: &Path) {
        let found = std::fs::read(dir.join(FILE))
            .ok()
            .and_then(|bytes| records::read(bytes.into(), MAGIC, self.key, 3));
        let docs: Option<Vec<Doc>> = found.and_then(|found| {
            found
                .records
                .into_iter()
                .map(|(n, blob)| Some(([n[0], n[2]], flag(n[1])?, blob)))
                .collect()
        });
        self.known = docs.unwrap_or_default();
    }

    /// The fingerprints of the last build's documents, in order.
    pub fn prints(&self) -> Vec<[u64; 2]> {
        self.known.iter().map(|(p, _, _)| *p).collect()
    }

    /// The trace of the last build's `n`th document, if it reads back.
    pub fn trace(&self, n: usize) -> Option<Trace> {
        let (_, folds, blob) = self.known.get(n)?;
        let mut r = Reader(blob.bytes());
        let n = r.count(9)?;
        let mut shards = Vec::with_capacity(n);
        for _ in 0..n {
            let (&len, rest) = r.0.split_first()?;
            r.0 = rest;
            let len = match len {
                255 => r.count(1)?,
                short => usize::from(short),
            };
            let key = std::str::from_utf8(r.take(len)?).ok()?.to_owned();
            shards.push((key, r.u64()?));
        }
        if !r.0.is_empty() {
            return None;
        }
        Some(Trace {
            shards,
            folds: *folds,
        })
    }

    /// This build's index is the last one's: the file stays as it is.
    pub fn same(&self) {
        if let Ok(mut now) = self.now.lock() {
            *now = None;
        }
    }

    /// This build's documents: their fingerprints and traces.
    pub fn made(&self, prints: &[[u64; 2]], traces: Vec<Trace>) {
        let docs = prints
            .iter()
            .zip(traces)
            .map(|(p, t)| doc(*p, &t))
            .collect();
        if let Ok(mut now) = self.now.lock() {
            *now = Some(docs);
        }
    }

    /// This build's documents: the last build's, with the `changed` ones new.
    pub fn patched(&self, prints: &[[u64; 2]], changed: Vec<(usize, Trace)>) {
        let mut docs = self.known.clone();
        for (n, t) in changed {
            if let (Some(d), Some(p)) = (docs.get_mut(n), prints.get(n)) {
                *d = doc(*p, &t);
            }
        }
        if let Ok(mut now) = self.now.lock() {
            *now = Some(docs);
        }
    }

    /// Writes this build's documents to `path`.
    pub fn save(&self, path: &Path) -> std::io::Result<()> {
        let now = self
            .now
            .lock()
            .map_err(|_| std::io::Error::other("poisoned"))?;
        let Some(now) = now.clone() else {
            return Ok(());
        };
        let records: Vec<records::Record> = now
            .into_iter()
            .map(|(p, folds, blob)| (vec![p[0], u64::from(folds), p[1]], blob))
            .collect();
        records::save(path, MAGIC, self.key, 3, &records).map(drop)
    }
}

fn doc(print: [u64; 2], trace: &Trace) -> Doc {
    // Keys are a few letters: their length takes a byte (255: eight more).
    let mut bytes = Vec::with_capacity(8 + 12 * trace.shards.len());
    put_u64s(&mut bytes, &[trace.shards.len() as u64]);
    for (key, sum) in &trace.shards {
        match u8::try_from(key.len()) {
            Ok(len) if len < 255 => bytes.push(len),
            _ => {
                bytes.push(255);
                put_u64s(&mut bytes, &[key.len() as u64]);
            }
        }
        bytes.extend_from_slice(key.as_bytes());
        put_u64s(&mut bytes, &[*sum]);
    }
    (print, trace.folds, Blob::new(bytes))
}

fn flag(n: u64) -> Option<bool> {
    match n {
        0 => Some(false),
        1 => Some(true),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn traces_read_back_as_made_and_garbled_ones_are_refused() {
        let long = "k".repeat(300);
        let trace = Trace {
            shards: vec![("ab".into(), 7), (long, u64::MAX), ("会".into(), 0)],
            folds: true,
        };
        let tmp = tempfile::tempdir().expect("temp dir");
        let made = KeptSearch::new(4);
        made.made(&[[1, 2]], vec![trace.clone()]);
        made.save(&tmp.path().join(FILE)).expect("saved");
        let mut back = KeptSearch::new(4);
        back.read(tmp.path());
        assert_eq!(back.prints(), [[1, 2]]);
        assert_eq!(back.trace(0), Some(trace));
        let (_, _, blob) = &back.known[0];
        let bytes = blob.bytes().to_vec();
        for len in 0..bytes.len() {
            let mut cut = KeptSearch::new(4);
            cut.known = vec![([1, 2], true, Blob::new(bytes[..len].to_vec()))];
            assert_eq!(cut.trace(0), None, "{len}");
        }
    }
}
