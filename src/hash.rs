//! A fast, stable, non-cryptographic hash: it tells a page, a view or a file
//! from the one before, across runs (no random seed), and nothing more.

use std::hash::{Hash, Hasher};

use serde::Serialize;

/// A hash of a serializable value, streamed without building the JSON text.
/// Not cryptographic: it only tells a view from the one before.
pub fn hash_of<T: Serialize + ?Sized>(value: &T) -> u64 {
    let mut w = Fast::default();
    // Serializing plain views into a hasher cannot fail; a failure only
    // makes the hash differ, which renders the page again.
    let _ = serde_json::to_writer(&mut w, value);
    w.digest()
}

/// A fast 64-bit hash over bytes, eight at a time (multiply and rotate).
#[derive(Default)]
pub struct Fast {
    state: u64,
    len: u64,
}

impl Fast {
    const K: u64 = 0x9e37_79b9_7f4a_7c15;

    fn mix(&mut self, word: u64) {
        self.state = (self.state.rotate_left(5) ^ word).wrapping_mul(Self::K);
    }

    fn digest(&self) -> u64 {
        let mut h = self.state ^ self.len;
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^ (h >> 33)
    }
}

impl Hasher for Fast {
    fn write(&mut self, bytes: &[u8]) {
        let _ = std::io::Write::write(self, bytes);
    }

    // Whole numbers are one word each: fingerprints hash many of them.
    fn write_u64(&mut self, n: u64) {
        self.mix(n);
        self.len = self.len.wrapping_add(8);
    }

    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }

    fn write_u32(&mut self, n: u32) {
        self.write_u64(u64::from(n));
    }

    fn write_u8(&mut self, n: u8) {
        self.write_u64(u64::from(n));
    }

    fn finish(&self) -> u64 {
        self.digest()
    }
}

impl std::io::Write for Fast {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let mut chunks = buf.chunks_exact(8);
        for c in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(c);
            self.mix(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0u8; 8];
            word[..rest.len()].copy_from_slice(rest);
            self.mix(u64::from_le_bytes(word) ^ ((rest.len() as u64) << 56));
        }
        self.len = self.len.wrapping_add(buf.len() as u64);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A hash map with [`Fast`] hashing, for keys that come from the journal itself.
pub type FastMap<K, V> = std::collections::HashMap<K, V, std::hash::BuildHasherDefault<Fast>>;

/// A hash set with [`Fast`] hashing.
pub type FastSet<K> = std::collections::HashSet<K, std::hash::BuildHasherDefault<Fast>>;

/// A hash of plain hashable parts.
pub fn hash_parts(parts: impl Hash) -> u64 {
    let mut h = Fast::default();
    parts.hash(&mut h);
    Hasher::finish(&h)
}

/// A hash of bytes.
pub fn hash_bytes(bytes: &[u8]) -> u64 {
    let mut h = Fast::default();
    let _ = std::io::Write::write(&mut h, bytes);
    h.digest()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stable_and_discriminating() {
        assert_eq!(hash_bytes(b"abc"), hash_bytes(b"abc"));
        assert_ne!(hash_bytes(b"abc"), hash_bytes(b"abd"));
        assert_ne!(hash_bytes(b"abc"), hash_bytes(b"abc\0"));
        assert_eq!(hash_parts((1, "a")), hash_parts((1, "a")));
    }
}
