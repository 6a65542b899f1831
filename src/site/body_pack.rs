//! Rendered entry bodies kept by the build cache, in one file a kind of
//! build appends to (`bodies-<generation>.pack`): one file written in a
//! stream costs a first build little, where a file per body cost it
//! thousands of creations. Where each body lies, and its checksum, is kept
//! in the state file, which is checksummed itself; a body is read back only
//! when its bytes still have that checksum.
//!
//! Bodies are only ever appended, so the bodies a saved state names stay
//! where it says while a later build adds its own, and a build killed half
//! way leaves at most bytes that no state names. When most of the file is
//! bodies no entry has any more, the live ones are copied into a new
//! generation, which the next state names; the old file goes once that
//! state is saved.

use std::fs::{self, File};
use std::io::{BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::hash::{FastMap, FastSet, hash_bytes};

/// Where one body lies in a pack, and the checksum of its bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    pub offset: u64,
    pub len: u64,
    pub sum: u64,
}

/// The pack of one kind of build's cache, open for reading the bodies the
/// last build left and appending this build's.
#[derive(Debug)]
pub struct Pack {
    dir: PathBuf,
    generation: u64,
    /// The bodies the last build's state names.
    known: FastMap<u64, Place>,
    reader: Mutex<Option<File>>,
    writer: Mutex<Option<Appender>>,
    /// Bodies appended by this build.
    added: Mutex<Vec<(u64, Place)>>,
}

#[derive(Debug)]
struct Appender {
    out: BufWriter<File>,
    end: u64,
}

/// What a saved state records of the pack.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Saved {
    pub generation: u64,
    pub bodies: Vec<(u64, Place)>,
}

impl Pack {
    /// The pack in `dir` that `saved` describes, or a new generation when
    /// there is none to trust.
    pub fn open(dir: &Path, saved: Option<&Saved>) -> Pack {
        let (generation, known) = match saved {
            Some(s) if s.generation != 0 => (s.generation, s.bodies.iter().copied().collect()),
            _ => (new_generation(), FastMap::default()),
        };
        Pack {
            dir: dir.to_path_buf(),
            generation,
            known,
            reader: Mutex::new(None),
            writer: Mutex::new(None),
            added: Mutex::new(Vec::new()),
        }
    }

    fn path(&self, generation: u64) -> PathBuf {
        self.dir.join(format!("bodies-{generation:016x}.pack"))
    }

    /// The body kept under `key`, if its bytes are intact.
    pub fn get(&self, key: u64) -> Option<String> {
        let place = *self.known.get(&key)?;
        let mut reader = self.reader.lock().ok()?;
        if reader.is_none() {
            *reader = Some(File::open(self.path(self.generation)).ok()?);
        }
        let bytes = read_at(reader.as_mut()?, place)?;
        String::from_utf8(bytes).ok()
    }

    /// Appends the body of `key` (nothing is kept when the file cannot be written).
    pub fn put(&self, key: u64, html: &str) {
        let Ok(mut writer) = self.writer.lock() else {
            return;
        };
        if writer.is_none() {
            *writer = self.appender().ok();
        }
        let Some(w) = writer.as_mut() else { return };
        let bytes = html.as_bytes();
        if w.out.write_all(bytes).is_err() {
            // What was buffered may be half written: append no more.
            *writer = None;
            return;
        }
        let place = Place {
            offset: w.end,
            len: bytes.len() as u64,
            sum: hash_bytes(bytes),
        };
        w.end += place.len;
        if let Ok(mut added) = self.added.lock() {
            added.push((key, place));
        }
    }

    fn appender(&self) -> std::io::Result<Appender> {
        fs::create_dir_all(&self.dir)?;
        let file = fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(self.path(self.generation))?;
        let end = file.metadata()?.len();
        Ok(Appender {
            out: BufWriter::with_capacity(1 << 20, file),
            end,
        })
    }

    /// Writes out what was appended, and returns what the next state
    /// records: the bodies of `live`, copied into a new generation when most
    /// of the file is bodies no longer live, or when `whole` asks for it.
    pub fn finish(&self, live: &FastSet<u64>, whole: bool) -> std::io::Result<Saved> {
        let mut writer = self.writer.lock().map_err(|_| poisoned())?;
        if let Some(mut w) = writer.take() {
            w.out.flush()?;
        }
        let added = std::mem::take(&mut *self.added.lock().map_err(|_| poisoned())?);
        let mut bodies: FastMap<u64, Place> = self
            .known
            .iter()
            .filter(|(k, _)| live.contains(k))
            .map(|(k, p)| (*k, *p))
            .collect();
        bodies.extend(added.into_iter().filter(|(k, _)| live.contains(k)));
        let mut bodies: Vec<(u64, Place)> = bodies.into_iter().collect();
        bodies.sort_unstable_by_key(|(_, p)| p.offset);
        let size = fs::metadata(self.path(self.generation)).map_or(0, |m| m.len());
        let live_bytes: u64 = bodies.iter().map(|(_, p)| p.len).sum();
        if whole || size > 2 * live_bytes + (4 << 20) {
            return self.compact(&bodies);
        }
        Ok(Saved {
            generation: self.generation,
            bodies,
        })
    }

    /// Copies `bodies` into a new generation.
    fn compact(&self, bodies: &[(u64, Place)]) -> std::io::Result<Saved> {
        let generation = new_generation();
        let mut from = File::open(self.path(self.generation))?;
        let mut out = BufWriter::new(File::create(self.path(generation))?);
        let mut moved = Vec::with_capacity(bodies.len());
        let mut end = 0;
        for (key, place) in bodies {
            // A damaged body is left behind: the next build renders it again.
            let Some(bytes) = read_at(&mut from, *place) else {
                continue;
            };
            out.write_all(&bytes)?;
            moved.push((
                *key,
                Place {
                    offset: end,
                    ..*place
                },
            ));
            end += place.len;
        }
        out.into_inner().map_err(|e| e.into_error())?.sync_data()?;
        Ok(Saved {
            generation,
            bodies: moved,
        })
    }

    /// Removes every pack in `dir` but the one of `generation` (once the
    /// state that names it is saved).
    pub fn remove_others(dir: &Path, generation: u64) {
        let keep = format!("bodies-{generation:016x}.pack");
        let Ok(files) = fs::read_dir(dir) else { return };
        for file in files.flatten() {
            let name = file.file_name();
            let name = name.to_string_lossy();
            if name.starts_with("bodies-") && name.ends_with(".pack") && name != keep {
                let _ = fs::remove_file(file.path());
            }
        }
    }
}

/// The bytes at `place`, if they have its checksum.
fn read_at(file: &mut File, place: Place) -> Option<Vec<u8>> {
    file.seek(SeekFrom::Start(place.offset)).ok()?;
    let len = usize::try_from(place.len).ok()?;
    let mut bytes = Vec::new();
    // Never more than the file holds, whatever a garbled length says.
    file.take(place.len).read_to_end(&mut bytes).ok()?;
    (bytes.len() == len && hash_bytes(&bytes) == place.sum).then_some(bytes)
}

/// A generation no other build of this cache picked: the time and process.
fn new_generation() -> u64 {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    crate::hash::hash_parts((nanos, std::process::id())) | 1
}

fn poisoned() -> std::io::Error {
    std::io::Error::other("a thread writing the build cache panicked")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_read_back_only_when_intact_and_named() {
        let tmp = tempfile::tempdir().unwrap();
        let pack = Pack::open(tmp.path(), None);
        pack.put(1, "<p>one</p>");
        pack.put(2, "<p>two</p>");
        let live: FastSet<u64> = [1, 2].into_iter().collect();
        let saved = pack.finish(&live, false).unwrap();
        assert_eq!(saved.bodies.len(), 2);

        let pack = Pack::open(tmp.path(), Some(&saved));
        assert_eq!(pack.get(1).as_deref(), Some("<p>one</p>"));
        assert_eq!(pack.get(2).as_deref(), Some("<p>two</p>"));
        assert_eq!(pack.get(3), None);
        // A body appended later does not move the others.
        pack.put(3, "<p>three</p>");
        let live: FastSet<u64> = [2, 3].into_iter().collect();
        let again = pack.finish(&live, false).unwrap();
        let pack = Pack::open(tmp.path(), Some(&again));
        assert_eq!(pack.get(1), None, "no longer live");
        assert_eq!(pack.get(3).as_deref(), Some("<p>three</p>"));

        // A changed byte, a truncated file, a lying length: nothing is trusted.
        let path = pack.path(again.generation);
        let mut bytes = fs::read(&path).unwrap();
        let at = again.bodies[0].1.offset as usize;
        bytes[at] ^= 1;
        fs::write(&path, &bytes).unwrap();
        let pack = Pack::open(tmp.path(), Some(&again));
        assert_eq!(pack.get(again.bodies[0].0), None);
        let mut lying = again.clone();
        lying.bodies[1].1.len = u64::MAX;
        let pack = Pack::open(tmp.path(), Some(&lying));
        assert_eq!(pack.get(lying.bodies[1].0), None);
        fs::write(&path, b"short").unwrap();
        let pack = Pack::open(tmp.path(), Some(&again));
        assert_eq!(pack.get(3), None);
    }

    #[test]
    fn a_pack_of_mostly_dead_bodies_is_compacted() {
        let tmp = tempfile::tempdir().unwrap();
        let pack = Pack::open(tmp.path(), None);
        let big = "x".repeat(1 << 20);
        for k in 0..8 {
            pack.put(k, &format!("{k}{big}"));
        }
        let live: FastSet<u64> = [7].into_iter().collect();
        let saved = pack.finish(&live, false).unwrap();
        assert_ne!(saved.generation, pack.generation, "a new generation");
        assert_eq!(saved.bodies[0].1.offset, 0);
        Pack::remove_others(tmp.path(), saved.generation);
        assert_eq!(fs::read_dir(tmp.path()).unwrap().count(), 1);
        let pack = Pack::open(tmp.path(), Some(&saved));
        assert_eq!(pack.get(7), Some(format!("7{big}")));
    }
}
