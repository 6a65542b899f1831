//! Hashes, of two kinds. What is kept on disk or stands for some content (the
//! output manifest, an entry body, a page's view) is hashed with xxh3 (64
//! bits, seed 0): a published algorithm whose values are the same on every
//! machine, in every run and every version of ebb. Maps that live in one
//! process only hash their keys with FxHash, which is faster for small keys.

use std::hash::{Hash, Hasher};

use serde::Serialize;
use xxhash_rust::xxh3::{Xxh3Default, xxh3_64};

/// The xxh3 hash of a serializable value: of its JSON text, streamed without
/// building it. Not cryptographic: it only tells a view from the one before.
pub fn hash_of<T: Serialize + ?Sized>(value: &T) -> u64 {
    let mut w = Stream::default();
    // Serializing plain views into a hasher cannot fail; a failure only
    // makes the hash differ, which renders the page again.
    let _ = serde_json::to_writer(&mut w, value);
    w.finish()
}

/// A hash of plain hashable parts, for comparing within one process: what
/// [`Hash`] feeds the hasher (integers in native byte order, the length of
/// a slice) may differ between machines and Rust versions, so such a hash
/// is never written to disk.
pub fn hash_parts(parts: impl Hash) -> u64 {
    let mut h = Stream::default();
    parts.hash(&mut h);
    h.finish()
}

/// The xxh3 hash of bytes: what the output manifest keeps for each file.
pub fn hash_bytes(bytes: &[u8]) -> u64 {
    xxh3_64(bytes)
}

/// xxh3 over bytes given piece by piece; the same value as [`hash_bytes`]
/// of all the pieces joined.
#[derive(Default, Clone)]
pub struct Stream(Xxh3Default);

impl Hasher for Stream {
    fn write(&mut self, bytes: &[u8]) {
        self.0.update(bytes);
    }

    fn finish(&self) -> u64 {
        self.0.digest()
    }
}

impl std::io::Write for Stream {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.update(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A hash map with FxHash hashing, for keys that live in one process.
pub type FastMap<K, V> = rustc_hash::FxHashMap<K, V>;

/// A hash set with FxHash hashing.
pub type FastSet<K> = rustc_hash::FxHashSet<K>;

#[cfg(test)]
mod tests {
    use super::*;

    /// `n` bytes that are not all alike: `(7i + 3) mod 256`.
    fn sample(n: usize) -> Vec<u8> {
        (0..n).map(|i| (i * 7 + 3) as u8).collect()
    }

    #[test]
    fn hashes_are_xxh3_of_the_published_algorithm() {
        // Values from the reference implementation (Python's `xxhash`,
        // `xxh3_64_intdigest`); the empty one is xxHash's own test vector.
        // Lengths cover each of xxh3's code paths: 0, 1–3, 4–8, 9–16,
        // 17–128, 129–240 and long inputs of one and several blocks.
        let known: [(&[u8], u64); 5] = [
            (b"", 0x2D06_8005_38D3_94C2),
            (b"a", 0xE6C6_32B6_1E96_4E1F),
            (b"abc", 0x78AF_5F94_892F_3950),
            (b"abcdefgh", 0x6F45_A768_42A9_6483),
            (b"0123456789abcdef", 0x6443_9946_D8FA_212D),
        ];
        for (bytes, want) in known {
            assert_eq!(
                hash_bytes(bytes),
                want,
                "{:?}",
                String::from_utf8_lossy(bytes)
            );
        }
        let long = [
            (100, 0xB593_7857_F0D7_8C9F),
            (200, 0x746C_D002_5327_BF5B),
            (2048, 0xABE6_0481_3BA6_2ED1),
            (5000, 0x799A_ADDD_7339_581D),
        ];
        for (n, want) in long {
            assert_eq!(hash_bytes(&sample(n)), want, "{n} bytes");
        }
    }

    #[test]
    fn a_value_hashes_as_its_json_text() {
        assert_eq!(hash_of(&("a", 1, true)), 0xBF54_5C8D_C040_568B);
        assert_eq!(hash_of(&("a", 1, true)), hash_bytes(br#"["a",1,true]"#));
    }

    #[test]
    fn streamed_pieces_hash_as_the_whole() {
        let bytes = sample(5000);
        for cut in [0, 1, 17, 240, 241, 1024, 4999] {
            let mut s = Stream::default();
            for piece in bytes[..cut].chunks(7).chain([&bytes[cut..]]) {
                Hasher::write(&mut s, piece);
            }
            assert_eq!(s.finish(), hash_bytes(&bytes), "cut at {cut}");
        }
    }

    #[test]
    fn parts_are_told_apart() {
        assert_eq!(hash_parts((1, "a")), hash_parts((1, "a")));
        assert_ne!(hash_parts((1, "a")), hash_parts((1, "b")));
        assert_ne!(hash_parts(("ab", "c")), hash_parts(("a", "bc")));
        assert_ne!(hash_bytes(b"abc"), hash_bytes(b"abc\0"));
    }
}
