//! What the build cache keeps of each document of the search index
//! (`search` in a kind of build's folder): its fingerprint and its
//! [`Trace`], in the index's order, so a build where a few documents
//! changed patches the index ([`crate::search::patch`]) instead of
//! building it whole. Only the documents a build shows are indexed.

use std::path::Path;
use std::sync::Mutex;

use super::records::{self, Blob};
use crate::search::Trace;

/// The first bytes of the file: its format.
const MAGIC: &[u8] = b"ebb-search 1\n";
/// The file in each kind of build's cache folder.
pub const FILE: &str = "search";

/// One document: its fingerprint, whether it has letters that fold, and its shard keys.
type Doc = (u64, bool, Blob);

/// The documents of the last build's index, and of this one's.
#[derive(Debug)]
pub struct KeptSearch {
    key: u64,
    known: Vec<Doc>,
    now: Mutex<Vec<Doc>>,
}

impl KeptSearch {
    /// Nothing kept yet, for a build keyed by `key` (see [`KeptSearch::read`]).
    pub fn new(key: u64) -> KeptSearch {
        KeptSearch {
            key,
            known: Vec::new(),
            now: Mutex::new(Vec::new()),
        }
    }

    /// Reads what the last build kept in `dir` (nothing if the file is
    /// missing, damaged or written under another key).
    pub fn read(&mut self, dir: &Path) {
        let found = std::fs::read(dir.join(FILE))
            .ok()
            .and_then(|bytes| records::read(bytes.into(), MAGIC, self.key, 2));
        let docs: Option<Vec<Doc>> = found.and_then(|records| {
            records
                .into_iter()
                .map(|(n, blob)| Some((n[0], flag(n[1])?, blob)))
                .collect()
        });
        self.known = docs.unwrap_or_default();
    }

    /// The fingerprints of the last build's documents, in order.
    pub fn prints(&self) -> Vec<u64> {
        self.known.iter().map(|(p, _, _)| *p).collect()
    }

    /// The trace of the last build's `n`th document, if it reads back.
    pub fn trace(&self, n: usize) -> Option<Trace> {
        let (_, folds, blob) = self.known.get(n)?;
        let text = std::str::from_utf8(blob.bytes()).ok()?;
        let shards = text
            .split('\n')
            .filter(|k| !k.is_empty())
            .map(str::to_owned)
            .collect();
        Some(Trace {
            shards,
            folds: *folds,
        })
    }

    /// This build's index is the last one's.
    pub fn same(&self) {
        if let Ok(mut now) = self.now.lock() {
            *now = self.known.clone();
        }
    }

    /// This build's documents: their fingerprints and traces.
    pub fn made(&self, prints: &[u64], traces: Vec<Trace>) {
        let docs = prints
            .iter()
            .zip(traces)
            .map(|(p, t)| doc(*p, &t))
            .collect();
        if let Ok(mut now) = self.now.lock() {
            *now = docs;
        }
    }

    /// This build's documents: the last build's, with the `changed` ones new.
    pub fn patched(&self, prints: &[u64], changed: Vec<(usize, Trace)>) {
        let mut docs = self.known.clone();
        for (n, t) in changed {
            if let (Some(d), Some(p)) = (docs.get_mut(n), prints.get(n)) {
                *d = doc(*p, &t);
            }
        }
        if let Ok(mut now) = self.now.lock() {
            *now = docs;
        }
    }

    /// Writes this build's documents to `path`.
    pub fn save(&self, path: &Path) -> std::io::Result<()> {
        let now = self.now.lock().map(|n| n.clone()).unwrap_or_default();
        let records: Vec<records::Record> = now
            .into_iter()
            .map(|(p, folds, blob)| (vec![p, u64::from(folds)], blob))
            .collect();
        records::save(path, MAGIC, self.key, 2, &records)
    }
}

fn doc(print: u64, trace: &Trace) -> Doc {
    (
        print,
        trace.folds,
        Blob::new(trace.shards.join("\n").into_bytes()),
    )
}

fn flag(n: u64) -> Option<bool> {
    match n {
        0 => Some(false),
        1 => Some(true),
        _ => None,
    }
}
