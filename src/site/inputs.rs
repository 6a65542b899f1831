//! What a build reads besides book.toml and the theme's templates (which
//! the cache's key holds): every file under the content folder, `pages/`,
//! `weeks/`, `static/` and the theme's folder, by path, size, modification time and
//! inode, and the day (pages show "today"). When none of it changed since
//! the build that the cache describes, that build's site is this build's
//! site, and a build has nothing to do.
//!
//! A file changed within the clock's granularity of being looked at keeps
//! its stamp, so a file modified shortly before a build is "racy" (as Git
//! calls it): its content hash is kept too, and a later build compares that.

use std::path::Path;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use rayon::prelude::*;

use crate::config::Config;
use crate::hash::{Stream, hash_bytes};

/// How recently a file must have changed to be checked by its content:
/// wider than any file system's timestamp granularity (FAT's is 2 s).
const RACY: Duration = Duration::from_secs(3);

/// A file's path (hashed), size, modification time (ns), inode, and
/// whether it changed shortly before it was looked at.
type Stamp = (u64, u64, u64, u64, bool);

/// A survey of a build's input files.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Inputs {
    /// A hash of every file's stamp and the day; 0 when some file could
    /// not be looked at (never equal to a survey then).
    pub stamp: u64,
    /// The files changed shortly before the survey: a hash of the path and
    /// of the content.
    pub racy: Vec<(u64, u64)>,
    /// The files surveyed, by the hash of their path (not kept on disk).
    files: Vec<(u64, std::path::PathBuf)>,
    /// Each file's stamp, by the hash of its path (not kept on disk).
    stamps: crate::hash::FastMap<u64, FileStamp>,
}

/// What the survey saw of one file: its size, modification time (ns) and
/// inode, and the hash of its content when it changed shortly before.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileStamp {
    pub len: u64,
    pub nanos: u64,
    pub inode: u64,
    pub racy: Option<u64>,
}

impl Inputs {
    /// Looks at every input file of a build of `config` now.
    pub fn survey(config: &Config) -> Inputs {
        let now = SystemTime::now();
        let mut files = Vec::new();
        let mut ok = true;
        // The content and pages folders as the loader reads them (it skips
        // editor files and hidden folders); the others whole.
        walk(&config.content_dir, true, &mut files, &mut ok);
        walk(&config.root.join("pages"), true, &mut files, &mut ok);
        walk(
            &config.root.join(super::WEEKS_DIR),
            true,
            &mut files,
            &mut ok,
        );
        walk(&config.root.join("static"), false, &mut files, &mut ok);
        walk(
            &Config::theme_dir(&config.root, &config.theme),
            false,
            &mut files,
            &mut ok,
        );
        let stamps: Vec<Option<Stamp>> = files
            .par_iter()
            .map(|path| {
                let meta = std::fs::metadata(path).ok()?;
                let modified = meta.modified().ok()?;
                // Only a regular file's content is read (a named pipe's would block).
                let racy =
                    meta.is_file() && now.duration_since(modified).map_or(true, |age| age < RACY);
                let nanos = modified.duration_since(UNIX_EPOCH).ok()?.as_nanos() as u64;
                let path_hash = hash_bytes(path.as_os_str().as_encoded_bytes());
                Some((path_hash, meta.len(), nanos, inode(&meta), racy))
            })
            .collect();
        let mut h = Stream::default();
        let cwd = std::env::current_dir().unwrap_or_default();
        // Messages name files relative to the current folder.
        std::hash::Hash::hash(&(cwd, crate::clock::today()), &mut h);
        let mut racy = Vec::new();
        let mut hashed = Vec::with_capacity(files.len());
        let mut seen = crate::hash::FastMap::default();
        for (stamp, path) in stamps.iter().zip(files) {
            let Some((path_hash, len, nanos, inode, is_racy)) = *stamp else {
                ok = false;
                continue;
            };
            std::hash::Hash::hash(&(path_hash, len, nanos, inode), &mut h);
            let mut content = None;
            if is_racy {
                match std::fs::read(&path) {
                    Ok(bytes) => {
                        content = Some(hash_bytes(&bytes));
                        racy.push((path_hash, hash_bytes(&bytes)));
                    }
                    Err(_) => ok = false,
                }
            }
            let stamp = FileStamp {
                len,
                nanos,
                inode,
                racy: content,
            };
            seen.insert(path_hash, stamp);
            hashed.push((path_hash, path));
        }
        let stamp = std::hash::Hasher::finish(&h);
        Inputs {
            stamp: if ok { stamp | 1 } else { 0 },
            racy,
            files: hashed,
            stamps: seen,
        }
    }

    /// What the survey saw of the file at `path`, if it saw it.
    pub fn file(&self, path: &Path) -> Option<FileStamp> {
        let key = hash_bytes(path.as_os_str().as_encoded_bytes());
        self.stamps.get(&key).copied()
    }

    /// Whether nothing `earlier` surveyed changed since: the same stamps,
    /// and the files that were racy then still have the content they had.
    pub fn same_as(&self, earlier: &Inputs) -> bool {
        if self.stamp == 0 || self.stamp != earlier.stamp {
            return false;
        }
        // By path, once: after a fresh checkout every file was racy.
        let files: crate::hash::FastMap<u64, &std::path::PathBuf> = match earlier.racy.is_empty() {
            true => Default::default(),
            false => self.files.iter().map(|(p, f)| (*p, f)).collect(),
        };
        earlier.racy.par_iter().all(|(path, content)| {
            let now = match self.stamps.get(path).and_then(|s| s.racy) {
                Some(c) => Some(c),
                None => files
                    .get(path)
                    .filter(|file| file.is_file())
                    .and_then(|file| std::fs::read(file).ok())
                    .map(|bytes| hash_bytes(&bytes)),
            };
            now == Some(*content)
        })
    }

    /// What a state file keeps of a survey.
    pub fn kept(stamp: u64, racy: Vec<(u64, u64)>) -> Inputs {
        Inputs {
            stamp,
            racy,
            files: Vec::new(),
            stamps: Default::default(),
        }
    }
}

/// Every file under `dir`, sorted; `loader`: as the content loader sees them.
fn walk(dir: &Path, loader: bool, files: &mut Vec<std::path::PathBuf>, ok: &mut bool) {
    if !dir.exists() {
        return;
    }
    let walker = walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            !loader
                || e.depth() == 0
                || !crate::content::is_editor_temp(&e.file_name().to_string_lossy())
        });
    for item in walker {
        match item {
            Ok(e) if e.file_type().is_dir() => {}
            Ok(e) => files.push(e.into_path()),
            Err(_) => *ok = false,
        }
    }
}

#[cfg(unix)]
fn inode(meta: &std::fs::Metadata) -> u64 {
    std::os::unix::fs::MetadataExt::ino(meta)
}

#[cfg(not(unix))]
fn inode(_: &std::fs::Metadata) -> u64 {
    0
}
