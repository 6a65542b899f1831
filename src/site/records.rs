//! The file format of what the build cache keeps per entry (its reading,
//! its Markdown scan) and per search document: a format line, then one or
//! more segments, each a key, records of a few numbers and a blob each, and
//! a checksum of the segment. [`save`] writes a file of one segment through
//! a temporary file renamed into place; [`append`] adds a segment to a file
//! read before, so a build that changed a few records writes only those.
//! A reader takes the segments in order and stops at the first one that is
//! not whole (a build killed while appending), which the next append
//! writes over. Blobs are left where they lie in the bytes read.

use std::io::{Seek, Write};
use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

use super::disk_cache::Reader;
use crate::hash::hash_bytes;

/// A blob: a part of a file read back (not copied), or bytes of its own.
#[derive(Debug, Clone)]
pub struct Blob(Arc<[u8]>, Range<usize>);

impl Blob {
    pub fn new(bytes: Vec<u8>) -> Blob {
        let len = bytes.len();
        Blob(bytes.into(), 0..len)
    }

    pub fn bytes(&self) -> &[u8] {
        self.0.get(self.1.clone()).unwrap_or_default()
    }

    /// `part` (a slice of [`Blob::bytes`]) as text sharing the blob's
    /// buffer; `None` if it is not such a slice or not UTF-8.
    pub fn text(&self, part: &[u8]) -> Option<crate::text::Text> {
        let start = (part.as_ptr() as usize).checked_sub(self.0.as_ptr() as usize)?;
        let range = start..start.checked_add(part.len())?;
        (self.1.start <= range.start && range.end <= self.1.end)
            .then(|| crate::text::Text::part(&self.0, range))
            .flatten()
    }
}

/// One record: its numbers (as many as the file's kind has) and its blob.
pub type Record = (Vec<u64>, Blob);

/// What was read of a file: its records, segment after segment, and the
/// length of the whole segments (where an append goes).
#[derive(Debug, Default)]
pub struct Found {
    pub records: Vec<Record>,
    pub len: u64,
}

/// Writes `records` (each with `fields` numbers) to `path` under `magic`
/// and `key`, as a file of one segment; returns its length.
pub fn save(
    path: &Path,
    magic: &[u8],
    key: u64,
    fields: usize,
    records: &[Record],
) -> std::io::Result<u64> {
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let temp = path.with_file_name(format!(".{name}.tmp-{}", std::process::id()));
    let mut out = std::io::BufWriter::with_capacity(1 << 20, std::fs::File::create(&temp)?);
    out.write_all(magic)?;
    let len = magic.len() as u64 + segment(&mut out, key, fields, records)?;
    out.into_inner().map_err(|e| e.into_error())?;
    std::fs::rename(&temp, path)?;
    Ok(len)
}

/// Adds a segment of `records` to the file at `path`, whose whole segments
/// end at `len` (anything after them is written over); returns the new length.
pub fn append(
    path: &Path,
    len: u64,
    key: u64,
    fields: usize,
    records: &[Record],
) -> std::io::Result<u64> {
    let mut file = std::fs::OpenOptions::new().write(true).open(path)?;
    file.set_len(len)?;
    file.seek(std::io::SeekFrom::Start(len))?;
    let mut out = std::io::BufWriter::with_capacity(1 << 20, file);
    let added = segment(&mut out, key, fields, records)?;
    out.into_inner().map_err(|e| e.into_error())?;
    Ok(len + added)
}

/// Writes one segment; returns its length.
fn segment(
    out: &mut impl Write,
    key: u64,
    fields: usize,
    records: &[Record],
) -> std::io::Result<u64> {
    let mut out = Checksummed {
        out,
        sum: crate::hash::Stream::default(),
        len: 0,
    };
    let mut head = Vec::with_capacity(8 * (fields + 2));
    put_u64s(&mut head, &[key, records.len() as u64]);
    out.write_all(&head)?;
    for (numbers, blob) in records {
        if numbers.len() != fields {
            return Err(std::io::Error::other("a cache record of the wrong shape"));
        }
        head.clear();
        put_u64s(&mut head, numbers);
        put_u64s(&mut head, &[blob.bytes().len() as u64]);
        out.write_all(&head)?;
        out.write_all(blob.bytes())?;
    }
    let sum = std::hash::Hasher::finish(&out.sum);
    out.out.write_all(&sum.to_le_bytes())?;
    Ok(out.len + 8)
}

/// Reads a file [`save`] wrote and [`append`] added to; `None` if it is not
/// one written under `magic` and `key` with `fields` numbers a record, or
/// its first segment is damaged.
pub fn read(file: Arc<[u8]>, magic: &[u8], key: u64, fields: usize) -> Option<Found> {
    let mut at = file.strip_prefix(magic)?.as_ptr() as usize - file.as_ptr() as usize;
    let mut found = Found::default();
    while at < file.len() {
        match read_segment(&file, at, key, fields, &mut found.records) {
            Some(end) => at = end,
            None if at == magic.len() => return None,
            None => break,
        }
    }
    if at == magic.len() {
        return None;
    }
    found.len = at as u64;
    Some(found)
}

/// Reads the segment at `start` into `records`; returns where it ends, or
/// `None` (and adds nothing) if it is not whole or not under `key`.
fn read_segment(
    file: &Arc<[u8]>,
    start: usize,
    key: u64,
    fields: usize,
    records: &mut Vec<Record>,
) -> Option<usize> {
    let mut r = Reader(file.get(start..)?);
    if r.u64()? != key {
        return None;
    }
    let n = r.count(8 * (fields + 1))?;
    let mut segment = Vec::with_capacity(n);
    for _ in 0..n {
        let numbers = (0..fields).map(|_| r.u64()).collect::<Option<Vec<u64>>>()?;
        let size = r.count(1)?;
        let at = file.len() - r.0.len();
        r.take(size)?;
        segment.push((numbers, Blob(Arc::clone(file), at..at + size)));
    }
    let end = file.len() - r.0.len();
    let sum = r.u64()?;
    if sum != hash_bytes(&file[start..end]) {
        return None;
    }
    records.append(&mut segment);
    Some(end + 8)
}

/// A file of records keyed by their first number, as read: where an
/// append goes and the size of each key's last record, to tell whether
/// the file is mostly records no key has any more.
#[derive(Debug, Default)]
pub struct Log {
    /// The length of the whole segments; `None` when there is no file to
    /// add to (missing, damaged, or written under another key).
    len: Option<u64>,
    sizes: crate::hash::FastMap<u64, u64>,
}

impl Log {
    /// The log of `found`, and its records by key (the last of each).
    pub fn of(found: Option<Found>) -> (Log, crate::hash::FastMap<u64, Record>) {
        let Some(found) = found else {
            return (Log::default(), Default::default());
        };
        let mut sizes = crate::hash::FastMap::default();
        let mut records = crate::hash::FastMap::default();
        for record in found.records {
            let Some(&key) = record.0.first() else {
                continue;
            };
            sizes.insert(key, size(&record));
            records.insert(key, record);
        }
        let log = Log {
            len: Some(found.len),
            sizes,
        };
        (log, records)
    }

    /// Whether a record of the file has no key among `keys`.
    pub fn has_other_than(&self, keys: impl Fn(u64) -> bool) -> bool {
        self.sizes.keys().any(|&k| !keys(k))
    }

    /// Writes `records` (each with whether the file lacks it as it is) to
    /// `path`: only the new ones, appended, unless the file must be written
    /// whole, because there is none, `whole` asks for it, or most of it
    /// would be records no key has any more.
    pub fn save(
        &self,
        path: &Path,
        (magic, key, fields): (&[u8], u64, usize),
        records: Vec<(Record, bool)>,
        whole: bool,
    ) -> std::io::Result<()> {
        let live: u64 = records.iter().map(|(r, _)| size(r)).sum();
        let added: u64 = records
            .iter()
            .filter(|(_, new)| *new)
            .map(|(r, _)| size(r))
            .sum();
        let grown = self.len.map(|len| len + added);
        if let Some(grown) = grown {
            // Nothing kept of the file (every record new): written whole.
            if !whole && added < live && grown <= 2 * live + (1 << 20) {
                let new: Vec<Record> = records
                    .iter()
                    .filter(|(_, new)| *new)
                    .map(|(r, _)| r.clone())
                    .collect();
                if new.is_empty() {
                    return Ok(());
                }
                // A file gone or not writable since it was read is written whole.
                if append(path, self.len.unwrap_or_default(), key, fields, &new).is_ok() {
                    return Ok(());
                }
            }
        }
        let mut all: Vec<Record> = records.into_iter().map(|(r, _)| r).collect();
        all.sort_unstable_by_key(|(numbers, _)| numbers.first().copied());
        save(path, magic, key, fields, &all).map(drop)
    }
}

/// The bytes a record takes in a file.
fn size((numbers, blob): &Record) -> u64 {
    8 * (numbers.len() as u64 + 1) + blob.bytes().len() as u64
}

/// Appends numbers as little-endian bytes.
pub fn put_u64s(out: &mut Vec<u8>, values: &[u64]) {
    for v in values {
        out.extend_from_slice(&v.to_le_bytes());
    }
}

/// A file being written, the checksum of what was written so far, and its length.
struct Checksummed<W> {
    out: W,
    sum: crate::hash::Stream,
    len: u64,
}

impl<W: Write> Write for Checksummed<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.out.write(buf)?;
        std::hash::Hasher::write(&mut self.sum, &buf[..n]);
        self.len += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blob(b: &[u8]) -> Blob {
        Blob::new(b.to_vec())
    }

    #[test]
    fn records_read_back_only_whole_and_under_their_key() {
        let tmp = tempfile::tempdir().expect("temp dir");
        let path = tmp.path().join("kept");
        let records = vec![(vec![1, 2], blob(b"one")), (vec![3, 4], blob(b""))];
        let len = save(&path, b"test 1\n", 9, 2, &records).expect("saved");
        let bytes = std::fs::read(&path).expect("written");
        assert_eq!(len, bytes.len() as u64);
        let back = |b: &[u8], key| read(b.into(), b"test 1\n", key, 2);
        let found = back(&bytes, 9).expect("reads back");
        assert_eq!((found.records.len(), found.len), (2, len));
        assert_eq!(
            (&found.records[0].0[..], found.records[0].1.bytes()),
            (&[1, 2][..], &b"one"[..])
        );
        assert!(back(&bytes, 8).is_none(), "another key");
        for len in 0..bytes.len() {
            assert!(back(&bytes[..len], 9).is_none(), "{len}");
        }
        for at in 0..bytes.len() {
            let mut garbled = bytes.clone();
            garbled[at] ^= 0x5a;
            assert!(back(&garbled, 9).is_none(), "byte {at}");
        }
    }

    #[test]
    fn appended_segments_read_in_order_and_a_torn_one_is_written_over() {
        let tmp = tempfile::tempdir().expect("temp dir");
        let path = tmp.path().join("kept");
        let magic = b"test 2\n";
        let first = save(&path, magic, 5, 1, &[(vec![1], blob(b"a"))]).expect("saved");
        let second = append(&path, first, 5, 1, &[(vec![2], blob(b"bb"))]).expect("appended");
        let bytes = std::fs::read(&path).expect("written");
        assert_eq!(second, bytes.len() as u64);
        let found = read(bytes.clone().into(), magic, 5, 1).expect("reads back");
        let seen: Vec<(u64, &[u8])> = found
            .records
            .iter()
            .map(|(n, b)| (n[0], b.bytes()))
            .collect();
        assert_eq!(seen, [(1, &b"a"[..]), (2, &b"bb"[..])]);
        // A build killed while appending: the whole segments before still
        // read, and the next append goes where they end.
        for cut in first as usize..bytes.len() {
            let found = read(bytes[..cut].into(), magic, 5, 1).expect("the first segment");
            assert_eq!((found.records.len(), found.len), (1, first), "{cut}");
        }
        for at in first as usize..bytes.len() {
            let mut garbled = bytes.clone();
            garbled[at] ^= 0x5a;
            let found = read(garbled.into(), magic, 5, 1).expect("the first segment");
            assert_eq!(found.records.len(), 1, "byte {at}");
        }
        std::fs::write(&path, &bytes[..bytes.len() - 3]).expect("torn");
        let found = read(std::fs::read(&path).unwrap().into(), magic, 5, 1).unwrap();
        let third = append(&path, found.len, 5, 1, &[(vec![3], blob(b"c"))]).expect("appended");
        let found = read(std::fs::read(&path).unwrap().into(), magic, 5, 1).unwrap();
        let seen: Vec<u64> = found.records.iter().map(|(n, _)| n[0]).collect();
        assert_eq!((seen, found.len), (vec![1, 3], third));
    }

    #[test]
    fn a_log_adds_what_is_new_and_writes_whole_when_it_must() {
        let tmp = tempfile::tempdir().expect("temp dir");
        let path = tmp.path().join("kept");
        let spec: (&[u8], u64, usize) = (b"log 1\n", 3, 1);
        let rec = |k: u64, text: &str| (vec![k], blob(text.as_bytes()));
        let read_back = || {
            let bytes = std::fs::read(&path).ok()?;
            let found = read(bytes.into(), spec.0, spec.1, spec.2)?;
            Some(Log::of(Some(found)))
        };
        let keys = |log: &(Log, crate::hash::FastMap<u64, Record>)| {
            let mut k: Vec<(u64, Vec<u8>)> = log
                .1
                .values()
                .map(|(n, b)| (n[0], b.bytes().to_vec()))
                .collect();
            k.sort();
            k
        };
        // No file yet: written whole.
        let big = "x".repeat(4000);
        let first: Vec<(Record, bool)> = (0..4).map(|k| (rec(k, &big), true)).collect();
        Log::default()
            .save(&path, spec, first, false)
            .expect("saved");
        let one_segment = std::fs::metadata(&path).unwrap().len();
        let log = read_back().expect("reads");
        // One changed record of four: added, and it wins over the old one.
        let kept: Vec<(Record, bool)> = (0..4)
            .map(|k| match k {
                2 => (rec(2, "new"), true),
                k => (log.1[&k].clone(), false),
            })
            .collect();
        log.0.save(&path, spec, kept.clone(), false).expect("added");
        let grown = std::fs::metadata(&path).unwrap().len();
        assert!(grown > one_segment && grown < one_segment + 100, "{grown}");
        let log = read_back().expect("reads");
        assert_eq!(keys(&log)[2], (2, b"new".to_vec()));
        assert!(!log.0.has_other_than(|k| k < 4));
        assert!(log.0.has_other_than(|k| k < 3), "key 3 would have left");
        // Asked for whole (an entry left): the old bytes are gone.
        let mut fewer = kept.clone();
        fewer.truncate(3);
        log.0.save(&path, spec, fewer, true).expect("whole");
        let log = read_back().expect("reads");
        assert_eq!(log.1.len(), 3);
        assert!(std::fs::metadata(&path).unwrap().len() < grown);
        // The file gone since it was read: written whole again.
        std::fs::remove_file(&path).unwrap();
        log.0.save(&path, spec, kept, false).expect("whole");
        assert_eq!(read_back().expect("reads").1.len(), 4);
    }
}
