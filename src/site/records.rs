//! The file format of what the build cache keeps per entry (its reading,
//! its Markdown scan): a format line, a key, then records of a few numbers
//! and a blob each, and a checksum of everything before it. Written in a
//! stream to a temporary file renamed into place; read back whole, checked,
//! with each blob left where it lies in the bytes read.

use std::io::Write;
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
}

/// One record: its numbers (as many as the file's kind has) and its blob.
pub type Record = (Vec<u64>, Blob);

/// Writes `records` (each with `fields` numbers) to `path` under `magic` and `key`.
pub fn save(
    path: &Path,
    magic: &[u8],
    key: u64,
    fields: usize,
    records: &[Record],
) -> std::io::Result<()> {
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let temp = path.with_file_name(format!(".{name}.tmp-{}", std::process::id()));
    let mut out = Checksummed {
        out: std::io::BufWriter::with_capacity(1 << 20, std::fs::File::create(&temp)?),
        sum: crate::hash::Stream::default(),
    };
    out.write_all(magic)?;
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
    out.out.into_inner().map_err(|e| e.into_error())?;
    std::fs::rename(&temp, path)
}

/// Reads a file [`save`] wrote; `None` if it is not one written under
/// `magic` and `key` with `fields` numbers a record, or it is damaged.
pub fn read(file: Arc<[u8]>, magic: &[u8], key: u64, fields: usize) -> Option<Vec<Record>> {
    let (body, sum) = file.split_last_chunk::<8>()?;
    if u64::from_le_bytes(*sum) != hash_bytes(body) {
        return None;
    }
    let mut r = Reader(body.strip_prefix(magic)?);
    if r.u64()? != key {
        return None;
    }
    let n = r.count(8 * (fields + 1))?;
    let mut records = Vec::with_capacity(n);
    for _ in 0..n {
        let numbers = (0..fields).map(|_| r.u64()).collect::<Option<Vec<u64>>>()?;
        let size = r.count(1)?;
        let start = body.len() - r.0.len();
        r.take(size)?;
        records.push((numbers, Blob(Arc::clone(&file), start..start + size)));
    }
    r.0.is_empty().then_some(records)
}

/// Appends numbers as little-endian bytes.
pub fn put_u64s(out: &mut Vec<u8>, values: &[u64]) {
    for v in values {
        out.extend_from_slice(&v.to_le_bytes());
    }
}

/// A file being written and the checksum of what was written so far.
struct Checksummed<W> {
    out: W,
    sum: crate::hash::Stream,
}

impl<W: Write> Write for Checksummed<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.out.write(buf)?;
        std::hash::Hasher::write(&mut self.sum, &buf[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_read_back_only_whole_and_under_their_key() {
        let tmp = tempfile::tempdir().expect("temp dir");
        let path = tmp.path().join("kept");
        let records = vec![
            (vec![1, 2], Blob::new(b"one".to_vec())),
            (vec![3, 4], Blob::new(Vec::new())),
        ];
        save(&path, b"test 1\n", 9, 2, &records).expect("saved");
        let bytes = std::fs::read(&path).expect("written");
        let back = |b: &[u8], key| read(b.into(), b"test 1\n", key, 2);
        let found = back(&bytes, 9).expect("reads back");
        assert_eq!(found.len(), 2);
        assert_eq!(
            (&found[0].0[..], found[0].1.bytes()),
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
}
