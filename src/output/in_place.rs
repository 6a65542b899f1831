//! Bringing an existing output folder up to date in place, for a build with
//! a cache: only the files that changed are written. Each is written to a
//! scratch folder beside the output while the build runs, and renamed into
//! place once the whole build has succeeded, so a failed build changes
//! nothing and no reader ever sees half a file. Files that no longer belong
//! go only after every new one is in place.
//!
//! Before the first rename, the paths about to be replaced are written to
//! `.ebb-pending`, which goes only once the build cache that describes the
//! folder is saved. A build killed half way leaves that list, and the next
//! build makes every file on it again (it does not trust the cache for
//! them): the folder is rolled forward, never left half old and half new.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use super::{
    MANIFEST, MARKER, OutputError, Sink, checked_target, io_err, manifest_text, poisoned,
    read_manifest,
};

/// The paths being replaced by a build that has not finished.
pub const PENDING: &str = ".ebb-pending";

/// An output folder being brought up to date in place.
#[derive(Debug)]
pub struct InPlace {
    target: PathBuf,
    /// Beside the target, on the same file system: temporary files are
    /// written here and renamed into place, so none is ever left in the site.
    scratch: PathBuf,
    /// The files the last build left, with their hashes.
    previous: HashMap<String, u64>,
    /// Files a killed build may have replaced: never kept, always made.
    unsure: HashSet<String>,
    /// This build's files and their hashes.
    written: Mutex<HashMap<String, u64>>,
    /// Files made in the scratch folder, to be renamed into place.
    staged: Mutex<Vec<(String, PathBuf)>>,
    temps: AtomicU64,
    /// The target, opened once to look up the files of the last build.
    files: Files,
}

/// Files inside a folder, looked up relative to it: opened once, so each
/// of thousands of lookups walks only the path inside.
struct Files {
    root: PathBuf,
    #[cfg(unix)]
    dir: Option<std::os::fd::OwnedFd>,
}

impl Files {
    fn open(root: &Path) -> Files {
        #[cfg(unix)]
        let dir = {
            use rustix::fs::{Mode, OFlags};
            let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC;
            rustix::fs::open(root, flags, Mode::empty()).ok()
        };
        Files {
            root: root.to_path_buf(),
            #[cfg(unix)]
            dir,
        }
    }

    /// Whether `rel` is a file (a link to one counts, as it does for a
    /// path's `is_file`).
    fn is_file(&self, rel: &str) -> bool {
        #[cfg(unix)]
        if let Some(dir) = &self.dir {
            use rustix::fs::{AtFlags, FileType};
            return rustix::fs::statat(dir, rel, AtFlags::empty())
                .is_ok_and(|st| FileType::from_raw_mode(st.st_mode) == FileType::RegularFile);
        }
        self.root.join(rel).is_file()
    }
}

impl std::fmt::Debug for Files {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("Files").field(&self.root).finish()
    }
}

impl InPlace {
    /// Opens `target` for an update in place, if it is ebb's and was last
    /// written by the build `id` (the one the cache describes); `None` when
    /// it must be written whole instead. The same checks as a full build's
    /// come first.
    pub fn begin(
        target: &Path,
        protected: &[&Path],
        id: u64,
    ) -> Result<Option<InPlace>, OutputError> {
        let (parent, name, target) = checked_target(target, protected)?;
        if !target.join(MARKER).is_file() {
            return Ok(None);
        }
        let manifest = read_manifest(&target.join(MANIFEST));
        if manifest.id != id || id == 0 {
            return Ok(None);
        }
        let unsure = fs::read_to_string(target.join(PENDING))
            .unwrap_or_default()
            .lines()
            .map(str::to_owned)
            .collect();
        let scratch = parent.join(format!(".{name}.ebb-new-{}", std::process::id()));
        if scratch.exists() {
            fs::remove_dir_all(&scratch).map_err(io_err("cannot clear", &scratch))?;
        }
        fs::create_dir(&scratch).map_err(io_err("cannot create", &scratch))?;
        // The marker stays as it is, and in the manifest, as a full build lists it.
        let written: HashMap<String, u64> = manifest
            .files
            .get_key_value(MARKER)
            .map(|(k, v)| (k.clone(), *v))
            .into_iter()
            .collect();
        Ok(Some(InPlace {
            files: Files::open(&target),
            target,
            scratch,
            previous: manifest.files,
            unsure,
            written: Mutex::new(written),
            staged: Mutex::new(Vec::new()),
            temps: AtomicU64::new(0),
        }))
    }

    /// Whether `target` is the whole output of the build `id`, as that
    /// build left it: ebb's, named by `id` in its manifest, with no update
    /// pending and every file of the manifest there.
    pub fn is_intact(target: &Path, id: u64) -> bool {
        use rayon::prelude::*;
        if id == 0 || !target.join(MARKER).is_file() || target.join(PENDING).exists() {
            return false;
        }
        let manifest = read_manifest(&target.join(MANIFEST));
        let files = Files::open(target);
        manifest.id == id && manifest.files.par_iter().all(|(rel, _)| files.is_file(rel))
    }

    /// Moves the new files into place (their paths written to the pending
    /// list first), removes the files of the last build that this one did
    /// not write or keep and the folders they leave empty, then writes the
    /// manifest, returning its id. The pending list stays until
    /// [`InPlace::finish`].
    pub fn commit(&self) -> Result<u64, OutputError> {
        let mut staged = std::mem::take(&mut *self.staged.lock().map_err(|_| poisoned())?);
        // A path written twice (a theme asset that static/ overrides): the last write counts.
        let mut seen = HashSet::new();
        staged.reverse();
        staged.retain(|(rel, _)| seen.insert(rel.clone()));
        if !staged.is_empty() {
            let mut list: Vec<&str> = self.unsure.iter().map(String::as_str).collect();
            list.extend(staged.iter().map(|(rel, _)| rel.as_str()));
            let mut text = list.join("\n");
            text.push('\n');
            self.replace(PENDING, text.as_bytes())?;
        }
        for (rel, temp) in &staged {
            let path = self.target.join(rel);
            if let Some(parent) = path.parent() {
                fs::create_dir_all(parent).map_err(io_err("cannot create", parent))?;
            }
            fs::rename(temp, &path).map_err(io_err("cannot write", &path))?;
        }
        let written = self.written.lock().map_err(|_| poisoned())?;
        let mut gone: Vec<&String> = self
            .previous
            .keys()
            .filter(|rel| !written.contains_key(*rel) && !is_ours(rel))
            .collect();
        gone.sort();
        for rel in gone.iter().rev() {
            let path = self.target.join(rel);
            match fs::remove_file(&path) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(io_err("cannot remove", &path)(e)),
            }
            // Folders it leaves empty go too (removing one that is not empty fails).
            let mut dir = path.parent();
            while let Some(d) = dir.filter(|d| *d != self.target) {
                if fs::remove_dir(d).is_err() {
                    break;
                }
                dir = d.parent();
            }
        }
        let (text, id) = manifest_text(&written);
        self.replace(MANIFEST, text.as_bytes())?;
        Ok(id)
    }

    /// Ends the update: the build cache that describes the folder is saved,
    /// so the list of pending paths is no longer needed.
    pub fn finish(self) -> Result<(), OutputError> {
        let path = self.target.join(PENDING);
        match fs::remove_file(&path) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(io_err("cannot remove", &path)(e)),
        }
    }

    /// Writes `bytes` to a new file in the scratch folder.
    fn scratch_file(&self, bytes: &[u8]) -> Result<PathBuf, OutputError> {
        let n = self.temps.fetch_add(1, Ordering::Relaxed);
        let temp = self.scratch.join(n.to_string());
        fs::write(&temp, bytes).map_err(io_err("cannot write", &temp))?;
        Ok(temp)
    }

    /// Writes `bytes` to a temporary file and renames it to `rel`.
    fn replace(&self, rel: &str, bytes: &[u8]) -> Result<(), OutputError> {
        let temp = self.scratch_file(bytes)?;
        let path = self.target.join(rel);
        fs::rename(&temp, &path).map_err(io_err("cannot write", &path))
    }
}

/// The files ebb keeps in an output folder for itself.
fn is_ours(rel: &str) -> bool {
    rel == MARKER || rel == MANIFEST || rel == PENDING
}

impl Sink for InPlace {
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), OutputError> {
        let hash = crate::hash::hash_bytes(bytes);
        let same = self.previous.get(rel) == Some(&hash)
            && !self.unsure.contains(rel)
            && fs::metadata(self.target.join(rel)).is_ok_and(|m| m.len() == bytes.len() as u64);
        self.written
            .lock()
            .map_err(|_| poisoned())?
            .insert(rel.to_owned(), hash);
        // The same bytes as the file already there: it keeps its
        // modification time, so uploads can skip it.
        if same {
            return Ok(());
        }
        let temp = self.scratch_file(bytes)?;
        self.staged
            .lock()
            .map_err(|_| poisoned())?
            .push((rel.to_owned(), temp));
        Ok(())
    }

    fn copy(&self, from: &Path, rel: &str) -> Result<(), OutputError> {
        let bytes = fs::read(from).map_err(io_err("cannot read", from))?;
        self.write(rel, &bytes)
    }

    fn can_keep(&self, rel: &str) -> bool {
        self.previous.contains_key(rel) && !self.unsure.contains(rel) && self.files.is_file(rel)
    }

    fn keep_all(&self, rels: &[&str]) {
        let Ok(mut written) = self.written.lock() else {
            return;
        };
        for rel in rels {
            if let Some(h) = self.previous.get(*rel) {
                written.insert((*rel).to_owned(), *h);
            }
        }
    }

    fn keep(&self, rel: &str) {
        self.keep_all(&[rel]);
    }

    fn previous(&self, rel: &str) -> Option<Vec<u8>> {
        fs::read(self.target.join(rel)).ok()
    }
}

impl Drop for InPlace {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.scratch);
    }
}
