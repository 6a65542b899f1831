//! Writing a site safely: everything goes into a fresh folder beside the
//! output folder, which is swapped in only when the build has succeeded.
//! An existing output folder is replaced only if ebb wrote it (or it is empty),
//! and never if it is, or holds, the journal itself.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// The file that marks a folder as written by ebb, so it may be replaced.
pub const MARKER: &str = ".ebb-build";
/// The hash of every file of a build, so the next build can carry unchanged
/// files over (same bytes, same modification time) instead of rewriting them.
pub const MANIFEST: &str = ".ebb-manifest";
/// The first line of a manifest: its format and hash. A manifest without it
/// (written before file hashes were xxh3) is not read, so no file is carried
/// over on a hash of another algorithm.
const MANIFEST_HEADER: &str = "ebb-manifest 3 xxh3-64";
const MARKER_TEXT: &str =
    "This folder was written by ebb. The next `ebb build` replaces it whole.\n";

/// Why an output folder cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    #[error("refusing to write the site to {0}: it is or contains {1}, which would be replaced")]
    Protected(PathBuf, PathBuf),
    #[error(
        "refusing to replace {0}: it is not empty and was not written by ebb (it has no {MARKER} file); \
         move it away or choose another folder with -o"
    )]
    NotOurs(PathBuf),
    #[error("{0} exists and is not a folder")]
    NotAFolder(PathBuf),
    #[error("{0} is a symbolic link; give the real folder instead")]
    Symlink(PathBuf),
    #[error("{action} {path}: {source}")]
    Io {
        action: &'static str,
        path: PathBuf,
        source: io::Error,
    },
}

fn io_err<'a>(action: &'static str, path: &'a Path) -> impl FnOnce(io::Error) -> OutputError + 'a {
    move |source| OutputError::Io {
        action,
        path: path.to_path_buf(),
        source,
    }
}

/// Where a site's files go: a staging folder on disk for `build`, memory for `serve`.
pub trait Sink: Sync {
    /// Writes `bytes` at `rel` (a `/`-separated path inside the site).
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), OutputError>;

    /// Copies a file into the site at `rel`.
    fn copy(&self, from: &Path, rel: &str) -> Result<(), OutputError>;

    /// Keeps the file at `rel` as the previous build left it (its page did not change).
    fn keep(&self, _rel: &str) {}

    /// The bytes the previous build left at `rel`, where the sink knows
    /// them (for `EBB_VERIFY`).
    fn previous(&self, _rel: &str) -> Option<Vec<u8>> {
        None
    }

    /// Whether the file at `rel` may be kept as the previous build left it
    /// (a folder being written from scratch keeps nothing).
    fn can_keep(&self, _rel: &str) -> bool {
        true
    }

    /// Keeps every file of `rels`, as [`Sink::keep`] does one.
    fn keep_all(&self, rels: &[&str]) {
        for rel in rels {
            self.keep(rel);
        }
    }
}

/// A new site being written beside the output folder.
#[derive(Debug)]
pub struct Staging {
    dir: PathBuf,
    target: PathBuf,
    committed: bool,
    /// The previous build's files and their hashes.
    previous: HashMap<String, u64>,
    /// This build's files and their hashes.
    written: Mutex<HashMap<String, u64>>,
}

impl Staging {
    /// Checks that `target` may be replaced (never one of `protected`, or a
    /// folder containing one) and creates a fresh staging folder beside it.
    pub fn begin(target: &Path, protected: &[&Path]) -> Result<Staging, OutputError> {
        let (parent, name, target) = checked_target(target, protected)?;
        let dir = parent.join(format!(".{name}.ebb-new-{}", std::process::id()));
        if dir.exists() {
            // Left by a crashed build of this same process id: ours to clear.
            fs::remove_dir_all(&dir).map_err(io_err("cannot clear", &dir))?;
        }
        fs::create_dir(&dir).map_err(io_err("cannot create", &dir))?;
        let previous = read_manifest(&target.join(MANIFEST)).files;
        let staging = Staging {
            dir,
            target,
            committed: false,
            previous,
            written: Mutex::new(HashMap::new()),
        };
        staging.write(MARKER, MARKER_TEXT.as_bytes())?;
        Ok(staging)
    }

    /// The folder being written.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Swaps the new site in, atomically where the file system allows, and
    /// removes the old one. Returns the new site's id (see [`Manifest`]).
    pub fn commit(mut self) -> Result<u64, OutputError> {
        let written = std::mem::take(&mut *self.written.lock().map_err(|_| poisoned())?);
        let (manifest, id) = manifest_text(&written);
        let path = self.dir.join(MANIFEST);
        fs::write(&path, manifest).map_err(io_err("cannot write", &path))?;
        if fs::symlink_metadata(&self.target).is_ok() {
            swap(&self.dir, &self.target)?;
            // `dir` now holds the previous site.
            fs::remove_dir_all(&self.dir)
                .map_err(io_err("cannot remove the previous site at", &self.dir))?;
        } else {
            fs::rename(&self.dir, &self.target)
                .map_err(io_err("cannot move the new site to", &self.target))?;
        }
        self.committed = true;
        Ok(id)
    }
}

impl Sink for Staging {
    fn can_keep(&self, _rel: &str) -> bool {
        false
    }

    fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), OutputError> {
        let path = self.dir.join(rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(io_err("cannot create", parent))?;
        }
        let hash = crate::hash::hash_bytes(bytes);
        let again = self
            .written
            .lock()
            .map_err(|_| poisoned())?
            .insert(rel.to_owned(), hash)
            .is_some();
        // Unchanged since the last build: the same file, by hard link, keeps
        // its bytes and modification time, so uploads can skip it.
        let old = self.target.join(rel);
        let unchanged = self.previous.get(rel) == Some(&hash)
            && fs::metadata(&old).is_ok_and(|m| m.len() == bytes.len() as u64);
        // A file written earlier in this build (a theme asset that static/
        // overrides) may be a hard link into the previous site: unlink it
        // first, so nothing is ever written through into that site.
        if again {
            let _ = fs::remove_file(&path);
        }
        if unchanged && fs::hard_link(&old, &path).is_ok() {
            return Ok(());
        }
        fs::write(&path, bytes).map_err(io_err("cannot write", &path))
    }

    fn copy(&self, from: &Path, rel: &str) -> Result<(), OutputError> {
        let bytes = fs::read(from).map_err(io_err("cannot read", from))?;
        self.write(rel, &bytes)
    }
}

/// Resolves `target` (its parent made canonical, so no link can hide where
/// it is) and checks that it may be replaced: never one of `protected` or a
/// folder holding one, never a link or a file, and only if ebb wrote it or
/// it is empty. Clears what killed builds left beside it on the way.
/// Returns its parent, its name and its resolved path.
fn checked_target(
    target: &Path,
    protected: &[&Path],
) -> Result<(PathBuf, String, PathBuf), OutputError> {
    let mut target = absolute(target);
    if target.file_name().is_none() {
        // `..` or `/`: only an existing folder can be named this way.
        target = fs::canonicalize(&target).map_err(io_err("cannot resolve", &target))?;
    }
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .ok_or_else(|| OutputError::Protected(target.clone(), target.clone()))?;
    let parent = target.parent().unwrap_or(Path::new("/")).to_path_buf();
    fs::create_dir_all(&parent).map_err(io_err("cannot create", &parent))?;
    let parent = fs::canonicalize(&parent).map_err(io_err("cannot resolve", &parent))?;
    let target = parent.join(&name);

    // The first protected folder is the journal root, which may hold the
    // output (public/); the others may neither hold it nor be held by it.
    for (i, p) in protected.iter().enumerate() {
        let Ok(p) = fs::canonicalize(p) else { continue };
        if p.starts_with(&target) || (i > 0 && target.starts_with(&p)) {
            return Err(OutputError::Protected(target, p));
        }
    }
    clear_leftovers(&parent, &name, &target);
    match fs::symlink_metadata(&target) {
        Ok(m) if m.file_type().is_symlink() => return Err(OutputError::Symlink(target)),
        Ok(m) if !m.is_dir() => return Err(OutputError::NotAFolder(target)),
        Ok(_) => {
            let ours = target.join(MARKER).is_file();
            let empty = fs::read_dir(&target)
                .map_err(io_err("cannot read", &target))?
                .next()
                .is_none();
            if !ours && !empty {
                return Err(OutputError::NotOurs(target));
            }
        }
        Err(_) => {}
    }
    Ok((parent, name, target))
}

/// What a manifest says: each file's hash, and an id of the whole (a hash
/// of those lines), which the build cache records so that it is trusted
/// only with the output folder it describes.
#[derive(Debug, Default)]
pub(crate) struct Manifest {
    pub id: u64,
    pub files: HashMap<String, u64>,
}

/// Reads a manifest (its header, the build's id, then `hash path` lines); a
/// missing or damaged one, or one of another format, is empty.
pub(crate) fn read_manifest(path: &Path) -> Manifest {
    let text = fs::read_to_string(path).unwrap_or_default();
    let mut lines = text.lines();
    if lines.next() != Some(MANIFEST_HEADER) {
        return Manifest::default();
    }
    let Some(id) = lines
        .next()
        .and_then(|l| l.strip_prefix("id "))
        .and_then(|h| u64::from_str_radix(h, 16).ok())
    else {
        return Manifest::default();
    };
    let files = lines
        .filter_map(|line| {
            let (hash, rel) = line.split_once(' ')?;
            Some((rel.to_owned(), u64::from_str_radix(hash, 16).ok()?))
        })
        .collect();
    Manifest { id, files }
}

/// The text of a manifest of `files`, and its id: the same files give the
/// same bytes, so two builds of one site leave identical folders.
fn manifest_text(files: &HashMap<String, u64>) -> (String, u64) {
    let mut sorted: Vec<_> = files.iter().collect();
    sorted.sort();
    let mut lines = String::new();
    for (rel, h) in sorted {
        let _ = writeln!(lines, "{h:016x} {rel}");
    }
    // Never 0, which stands for no manifest.
    let id = crate::hash::hash_bytes(lines.as_bytes()).max(1);
    (format!("{MANIFEST_HEADER}\nid {id:016x}\n{lines}"), id)
}

fn poisoned() -> OutputError {
    OutputError::Io {
        action: "cannot finish",
        path: PathBuf::from(MANIFEST),
        source: io::Error::other("a writing thread panicked"),
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}

/// Clears what killed builds of `target` left beside it: staging folders
/// (`.NAME.ebb-new-PID`, which may also hold a previous site not yet removed)
/// and, from the two-rename fallback of [`swap`], a previous site moved aside
/// (`.NAME.ebb-old-PID`), which is put back if `target` is missing. Only the
/// folders of processes no longer running are touched, so a build running at
/// the same time keeps its own.
fn clear_leftovers(parent: &Path, name: &str, target: &Path) {
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    for e in entries.flatten() {
        let file = e.file_name();
        let Some(rest) = file
            .to_str()
            .and_then(|f| f.strip_prefix('.'))
            .and_then(|f| f.strip_prefix(name))
        else {
            continue;
        };
        let (aside, pid) = match (
            rest.strip_prefix(".ebb-new-"),
            rest.strip_prefix(".ebb-old-"),
        ) {
            (Some(pid), _) => (false, pid),
            (_, Some(pid)) => (true, pid),
            _ => continue,
        };
        let Ok(pid) = pid.parse::<u32>() else {
            continue;
        };
        if pid == std::process::id() || running(pid) {
            continue;
        }
        let path = e.path();
        if aside && fs::symlink_metadata(target).is_err() {
            let _ = fs::rename(&path, target);
        } else {
            let _ = fs::remove_dir_all(&path);
        }
    }
}

/// Whether process `pid` may still be running: a signal-0 `kill` on Unix
/// (a process of another user counts as running). Windows cannot be asked
/// without unsafe code, so there every process counts as running and its
/// folders are left alone.
fn running(pid: u32) -> bool {
    #[cfg(unix)]
    {
        use rustix::io::Errno;
        use rustix::process::{Pid, test_kill_process};
        let Some(pid) = i32::try_from(pid).ok().and_then(Pid::from_raw) else {
            return true;
        };
        test_kill_process(pid) != Err(Errno::SRCH)
    }
    #[cfg(not(unix))]
    {
        let _ = pid;
        true
    }
}

/// Exchanges two folders in one step: `renameat2(RENAME_EXCHANGE)` on Linux,
/// `renameatx_np(RENAME_SWAP)` on macOS. Elsewhere (Windows), or on file
/// systems without it (HFS+, some network and FUSE file systems), two renames.
fn swap(new: &Path, current: &Path) -> Result<(), OutputError> {
    #[cfg(any(target_os = "linux", target_os = "android", target_vendor = "apple"))]
    {
        use rustix::fs::{CWD, RenameFlags, renameat_with};
        if renameat_with(CWD, new, CWD, current, RenameFlags::EXCHANGE).is_ok() {
            return Ok(());
        }
    }
    two_renames(new, current)
}

/// The swap where the file system has no exchange: move the current site
/// aside, move the new one in, then put the old one where the caller expects
/// it. A crash between the renames leaves the previous site intact under its
/// aside name, which the next build puts back.
fn two_renames(new: &Path, current: &Path) -> Result<(), OutputError> {
    let aside = current.with_file_name(format!(
        ".{}.ebb-old-{}",
        current
            .file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default(),
        std::process::id()
    ));
    fs::rename(current, &aside).map_err(io_err("cannot move aside", current))?;
    if let Err(e) = fs::rename(new, current) {
        let _ = fs::rename(&aside, current);
        return Err(io_err("cannot move the new site to", current)(e));
    }
    fs::rename(&aside, new).map_err(io_err("cannot move", &aside))
}

fn absolute(path: &Path) -> PathBuf {
    if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()
            .map(|cwd| cwd.join(path))
            .unwrap_or_else(|_| path.to_path_buf())
    }
}

mod in_place;
pub use in_place::InPlace;

#[cfg(test)]
mod tests;
