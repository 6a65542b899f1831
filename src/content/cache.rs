//! Entries read earlier, for `serve`: a file is read again only when it changed.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::SystemTime;

use super::{is_editor_temp, validate};
use crate::diagnostics::Diagnostics;

/// Entries read earlier, by file, with the modification time and size they had:
/// `serve` re-reads only files that changed since.
#[derive(Debug, Default)]
pub struct FileCache {
    /// Keyed by the path's bytes, which hash faster than its components.
    files: Mutex<crate::hash::FastMap<OsString, (Stamp, validate::Parsed)>>,
    /// The files of the last walk of the content folder, and what it reported.
    walked: Mutex<Option<(Vec<PathBuf>, Diagnostics)>>,
    /// The files the watcher says changed since the last load: only they
    /// need a look. `None`: walk and check every file.
    hint: Mutex<Option<Vec<PathBuf>>>,
}

/// A file's modification time and size, to tell whether it changed.
type Stamp = (Option<SystemTime>, u64);

impl FileCache {
    /// The cached reading of `path`, if the file has not changed since.
    pub(super) fn get(&self, path: &Path, stamp: Stamp) -> Option<validate::Parsed> {
        let files = self.files.lock().ok()?;
        let (seen, parsed) = files.get(path.as_os_str())?;
        (*seen == stamp && stamp.0.is_some()).then(|| parsed.clone())
    }

    pub(super) fn put(&self, path: &Path, stamp: Stamp, parsed: &validate::Parsed) {
        if let Ok(mut files) = self.files.lock() {
            files.insert(path.as_os_str().to_owned(), (stamp, parsed.clone()));
        }
    }

    /// Tells the cache which files changed since the last load (`None`: unknown).
    pub fn changed(&self, paths: Option<Vec<PathBuf>>) {
        if let Ok(mut hint) = self.hint.lock() {
            *hint = paths;
        }
    }

    /// The entry files, from the last walk and the changed paths, when that is
    /// enough; `None` when the folder must be walked again (a folder or a file
    /// beside an entry changed, or nothing is known).
    pub(super) fn quick_list(&self, content_dir: &Path) -> Option<(Vec<PathBuf>, Diagnostics)> {
        let hint = self.hint.lock().ok()?.take()?;
        let mut walked = self.walked.lock().ok()?;
        let (files, diagnostics) = walked.as_mut()?;
        for path in &hint {
            if !path.starts_with(content_dir) {
                continue;
            }
            let is_md = path.extension().is_some_and(|x| x == "md");
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy())
                .unwrap_or_default();
            if is_editor_temp(&name) {
                continue;
            }
            if !is_md || path.is_dir() {
                return None;
            }
            // Read it again, or forget it if it is gone.
            if let Ok(mut cached) = self.files.lock() {
                cached.remove(path.as_os_str());
            }
            let known = files.binary_search(path);
            match (path.is_file(), known) {
                (true, Err(at)) => files.insert(at, path.clone()),
                (false, Ok(at)) => {
                    files.remove(at);
                }
                _ => {}
            }
        }
        Some((files.clone(), diagnostics.clone()))
    }

    pub(super) fn remember_walk(&self, files: &[PathBuf], diagnostics: &Diagnostics) {
        if let Ok(mut walked) = self.walked.lock() {
            *walked = Some((files.to_vec(), diagnostics.clone()));
        }
        if let Ok(mut hint) = self.hint.lock() {
            *hint = None;
        }
    }

    /// The cached readings of `paths` without looking at the files (the watcher
    /// vouches that it did not change).
    pub(super) fn get_trusted(&self, paths: &[PathBuf]) -> Vec<Option<validate::Parsed>> {
        let Ok(files) = self.files.lock() else {
            return Vec::new();
        };
        paths
            .iter()
            .map(|path| {
                files
                    .get(path.as_os_str())
                    .map(|(_, parsed)| parsed.clone())
            })
            .collect()
    }

    /// Forgets files that are gone.
    pub(super) fn retain(&self, present: &[PathBuf]) {
        if let Ok(mut files) = self.files.lock() {
            let keep: crate::hash::FastSet<&std::ffi::OsStr> =
                present.iter().map(|p| p.as_os_str()).collect();
            files.retain(|p, _| keep.contains(p.as_os_str()));
        }
    }
}
