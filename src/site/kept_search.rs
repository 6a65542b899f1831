//! What the build cache keeps of each document of the search index
//! (`search` in a kind of build's folder): its fingerprint and its
//! [`Trace`], in the index's order, so a build where a few documents
//! changed patches the index ([`crate::search::patch`]) instead of
//! building it whole. Only the documents a build shows are indexed.

use std::path::Path;
use std::sync::Mutex;

use super::records::{self, Blob, Log};
use crate::search::Trace;

/// The first bytes of the file: its format.
const MAGIC: &[u8] = b"ebb-search 4\n";
/// The file in each kind of build's cache folder.
pub const FILE: &str = "search";
/// The numbers of a record: the document's place in the index, its two
/// fingerprints (see [`crate::site::Site::search_prints`]), whether it
/// has letters that fold, and how many shards its trace holds.
const FIELDS: usize = 5;

/// One document: its fingerprints, whether it has letters that fold, its
/// number of shards and its encoded trace, and whether the file lacks it.
#[derive(Debug, Clone)]
struct Doc {
    prints: [u64; 2],
    folds: bool,
    count: u64,
    trace: Blob,
    new: bool,
}

/// The documents of the last build's index, and of this one's.
#[derive(Debug)]
pub struct KeptSearch {
    key: u64,
    known: Vec<Doc>,
    log: Log,
    /// This build's documents; `None` when they are the last build's.
    now: Mutex<Option<Vec<Doc>>>,
}

impl KeptSearch {
    /// Nothing kept yet, for a build keyed by `key` (see [`KeptSearch::read`]).
    pub fn new(key: u64) -> KeptSearch {
        KeptSearch {
            key,
            known: Vec::new(),
            log: Log::default(),
            now: Mutex::new(Some(Vec::new())),
        }
    }

    /// Reads what the last build kept in `dir` (nothing if the file is
    /// missing, damaged or written under another key, or lacks a document).
    pub fn read(&mut self, dir: &Path) {
        let found = std::fs::read(dir.join(FILE))
            .ok()
            .and_then(|bytes| records::read(bytes.into(), MAGIC, self.key, FIELDS));
        let (log, records) = Log::of(found);
        let mut docs: Vec<(u64, Doc)> = Vec::with_capacity(records.len());
        for (n, (numbers, trace)) in records {
            let [_, print, folds, shown, count] = numbers[..] else {
                return;
            };
            let Some(folds) = flag(folds) else { return };
            let prints = [print, shown];
            let new = false;
            docs.push((
                n,
                Doc {
                    prints,
                    folds,
                    count,
                    trace,
                    new,
                },
            ));
        }
        docs.sort_unstable_by_key(|(n, _)| *n);
        // Documents 0, 1, 2… with none missing, or none at all.
        if docs.iter().enumerate().any(|(i, (n, _))| *n != i as u64) {
            return;
        }
        self.known = docs.into_iter().map(|(_, d)| d).collect();
        self.log = log;
    }

    /// The fingerprints of the last build's documents, in order.
    pub fn prints(&self) -> Vec<[u64; 2]> {
        self.known.iter().map(|d| d.prints).collect()
    }

    /// The trace of the last build's `n`th document, if it reads back.
    pub fn trace(&self, n: usize) -> Option<Trace> {
        let d = self.known.get(n)?;
        Trace::from_parts(d.trace.bytes(), usize::try_from(d.count).ok()?, d.folds)
    }

    /// This build's index is the last one's: the file stays as it is.
    pub fn same(&self) {
        if let Ok(mut now) = self.now.lock() {
            *now = None;
        }
    }

    /// This build's documents: their fingerprints and traces.
    pub fn made(&self, prints: &[[u64; 2]], traces: Vec<Trace>) {
        let docs = prints.iter().zip(traces).map(|(p, t)| doc(*p, t)).collect();
        if let Ok(mut now) = self.now.lock() {
            *now = Some(docs);
        }
    }

    /// This build's documents: the last build's, with the `changed` ones new.
    pub fn patched(&self, prints: &[[u64; 2]], changed: Vec<(usize, Trace)>) {
        let mut docs = self.known.clone();
        for (n, t) in changed {
            if let (Some(d), Some(p)) = (docs.get_mut(n), prints.get(n)) {
                *d = doc(*p, t);
            }
        }
        if let Ok(mut now) = self.now.lock() {
            *now = Some(docs);
        }
    }

    /// Writes this build's documents to `path`: only the changed ones are
    /// added to the file when the index was patched.
    pub fn save(&self, path: &Path) -> std::io::Result<()> {
        let now = self
            .now
            .lock()
            .map_err(|_| std::io::Error::other("poisoned"))?;
        let Some(now) = now.clone() else {
            return Ok(());
        };
        // A document the file has beyond this build's would read back as one of its.
        let whole = self.known.len() != now.len();
        let records = now
            .into_iter()
            .enumerate()
            .map(|(n, d)| {
                let numbers = vec![
                    n as u64,
                    d.prints[0],
                    u64::from(d.folds),
                    d.prints[1],
                    d.count,
                ];
                ((numbers, d.trace), d.new)
            })
            .collect();
        self.log
            .save(path, (MAGIC, self.key, FIELDS), records, whole)
    }
}

fn doc(prints: [u64; 2], trace: Trace) -> Doc {
    let folds = trace.folds;
    let (bytes, count) = trace.into_parts();
    Doc {
        prints,
        folds,
        count: count as u64,
        trace: Blob::new(bytes),
        new: true,
    }
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
        let mut trace = Trace::default();
        for (key, sum) in [("ab", 7), (long.as_str(), u64::MAX), ("会", 0)] {
            trace.push(key, sum);
        }
        trace.folds = true;
        let tmp = tempfile::tempdir().expect("temp dir");
        let made = KeptSearch::new(4);
        made.made(&[[1, 2]], vec![trace.clone()]);
        made.save(&tmp.path().join(FILE)).expect("saved");
        let mut back = KeptSearch::new(4);
        back.read(tmp.path());
        assert_eq!(back.prints(), [[1, 2]]);
        assert_eq!(back.trace(0).as_ref(), Some(&trace));
        let shards: Vec<(&str, u64)> = trace.shards().collect();
        assert_eq!(shards, [("ab", 7), (long.as_str(), u64::MAX), ("会", 0)]);
        let (bytes, count) = trace.parts();
        for len in 0..bytes.len() {
            assert_eq!(Trace::from_parts(&bytes[..len], count, true), None, "{len}");
        }
        // A patch adds the changed document to the file; it reads back.
        let mut other = Trace::default();
        other.push("zz", 9);
        back.patched(&[[3, 2]], vec![(0, other.clone())]);
        back.save(&tmp.path().join(FILE)).expect("saved");
        let mut again = KeptSearch::new(4);
        again.read(tmp.path());
        assert_eq!(
            (again.prints(), again.trace(0)),
            (vec![[3, 2]], Some(other))
        );
    }
}
