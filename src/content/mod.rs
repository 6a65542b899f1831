//! Loading a journal: walk the content folder, read every entry in parallel,
//! validate it, and check what only the whole journal can show (duplicates,
//! near-duplicate tags).

pub mod date;
pub mod entry;
pub mod frontmatter;
pub mod keys;
pub mod note;
pub mod page;
pub mod validate;

mod cache;
mod checks;

pub use cache::FileCache;
use checks::{duplicates, near_duplicate_tags};

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::Metric;
use crate::diagnostics::{Diagnostic, Diagnostics, Pos, display_path};
pub use entry::{Activity, CheckIns, Energy, Entry, EntryTime, Level, Mode, Moment, Visibility};
pub use note::WeekNote;
pub use page::PageSource;
use page::parse_page;
use validate::{SourceFile, parse_entry};

/// Slugs that a standalone page cannot take, because the site uses them.
const RESERVED_PAGE_SLUGS: &[&str] = crate::urls::RESERVED;

/// Everything read from a journal's files, valid or not.
#[derive(Debug, Default)]
pub struct Journal {
    /// Valid entries, in journal order (see [`Entry::sort_key`]).
    pub entries: Vec<Arc<Entry>>,
    /// Valid standalone pages, by slug.
    pub pages: Vec<PageSource>,
    /// Valid weekly notes, oldest week first (read by [`note::load_notes`]).
    pub notes: Vec<WeekNote>,
    pub diagnostics: Diagnostics,
    /// The content paths of entry files that have errors, so a link to one
    /// says so rather than that no entry has that path.
    pub invalid: Vec<String>,
}

/// Reads every entry under `content_dir` and every page under `pages_dir`,
/// with the metrics book.toml declares.
pub fn load(content_dir: &Path, pages_dir: &Path, metrics: &[Metric]) -> Journal {
    load_with(content_dir, pages_dir, metrics, None, None)
}

/// Readings of entry files kept by an earlier build (the build cache on
/// disk): a file whose reading is kept is neither read nor validated again.
pub trait Kept: Sync {
    /// The reading of the file at `path`, if it is kept and the file has not
    /// changed since.
    fn get(&self, path: &Path) -> Option<validate::Parsed>;
    /// Keeps the reading of the file at `path`, whose bytes hash to `content`.
    fn put(&self, path: &Path, content: u64, parsed: &validate::Parsed);
}

/// Like [`load`], re-reading only the files that changed since they went
/// into `cache` (`serve`'s) or into `kept` (a build's on disk).
pub fn load_with(
    content_dir: &Path,
    pages_dir: &Path,
    metrics: &[Metric],
    cache: Option<&FileCache>,
    kept: Option<&dyn Kept>,
) -> Journal {
    let quick = cache.and_then(|c| c.quick_list(content_dir));
    let trusted = quick.is_some();
    let (files, mut diagnostics) = match quick {
        Some(found) => found,
        None => {
            let mut diagnostics = Diagnostics::default();
            let mut files = markdown_files(content_dir, &mut diagnostics);
            files.sort();
            if let Some(cache) = cache {
                cache.remember_walk(&files, &diagnostics);
            }
            (files, diagnostics)
        }
    };
    // What the watcher vouches for is taken from the cache under one lock.
    let mut known: Vec<Option<validate::Parsed>> = match cache.filter(|_| trusted) {
        Some(cache) => cache.get_trusted(&files),
        None => Vec::new(),
    };
    known.resize_with(files.len(), || None);
    let parsed: Vec<_> = files
        .par_iter()
        .zip(known)
        .map(|(path, known)| {
            let Some(cache) = cache else {
                return read_entry(content_dir, path, metrics, kept);
            };
            if let Some(parsed) = known {
                return parsed;
            }
            let stamp = std::fs::metadata(path)
                .map(|m| (m.modified().ok(), m.len()))
                .unwrap_or((None, 0));
            cache.get(path, stamp).unwrap_or_else(|| {
                let parsed = read_entry(content_dir, path, metrics, None);
                cache.put(path, stamp, &parsed);
                parsed
            })
        })
        .collect();
    if let Some(cache) = cache.filter(|_| !trusted) {
        // After a walk, forget files that are gone (the quick path removes them itself).
        cache.retain(&files);
    }
    let mut entries = Vec::with_capacity(parsed.len());
    let mut invalid = Vec::new();
    for (path, p) in files.iter().zip(parsed) {
        if p.entry.is_none() {
            invalid.push(content_relative(content_dir, path));
        }
        diagnostics.extend(p.diagnostics);
        entries.extend(p.entry.map(|e| (e, p.tag_positions)));
    }
    entries.sort_by(|a, b| a.0.sort_key().cmp(&b.0.sort_key()));
    diagnostics.extend(near_duplicate_tags(&entries));
    let entries: Vec<Arc<Entry>> = entries.into_iter().map(|(e, _)| e).collect();
    diagnostics.extend(duplicates(&entries));

    let pages = if pages_dir.is_dir() {
        load_pages(pages_dir, &mut diagnostics)
    } else {
        Vec::new()
    };
    diagnostics.sort();
    Journal {
        entries,
        pages,
        notes: Vec::new(),
        diagnostics,
        invalid,
    }
}

fn read_entry(
    content_dir: &Path,
    path: &Path,
    metrics: &[Metric],
    kept: Option<&dyn Kept>,
) -> validate::Parsed {
    if let Some(parsed) = kept.and_then(|k| k.get(path)) {
        return parsed;
    }
    let display = display_path(path);
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            return validate::Parsed {
                diagnostics: vec![Diagnostic::error(
                    &display,
                    Pos::START,
                    format!("cannot read this file: {e}"),
                )],
                ..validate::Parsed::default()
            };
        }
    };
    let content_path = content_relative(content_dir, path);
    let mut parsed = parse_entry(SourceFile {
        path,
        display: &display,
        content_path: &content_path,
        bytes: &bytes,
        metrics,
    });
    if let Some(entry) = parsed.entry.as_mut().map(Arc::make_mut) {
        if path.file_name().is_some_and(|n| n == "index.md") {
            entry.assets = assets_beside(path);
        }
    }
    if let Some(kept) = kept {
        kept.put(path, crate::hash::hash_bytes(&bytes), &parsed);
    }
    parsed
}

/// The `/`-separated path of `path` inside `content_dir`.
pub fn content_relative(content_dir: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(content_dir).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Is this a file an editor leaves behind while saving (swap, backup, lock)?
pub fn is_editor_temp(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || (name.starts_with('#') && name.ends_with('#'))
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name.contains("___jb_")
}

/// Every `*.md` file under `dir`, sorted, skipping hidden and editor temp files.
fn markdown_files(dir: &Path, diagnostics: &mut Diagnostics) -> Vec<PathBuf> {
    let mut files = Vec::new();
    if !dir.is_dir() {
        diagnostics.push(Diagnostic::error(
            &display_path(dir),
            Pos::START,
            "the content folder does not exist (set `content-dir` in book.toml, or create it)",
        ));
        return files;
    }
    let walker = walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_editor_temp(&e.file_name().to_string_lossy()));
    for item in walker {
        match item {
            Ok(e) => {
                let extension = e.path().extension().map(|x| x.to_string_lossy());
                match extension.as_deref() {
                    Some("md") if e.file_type().is_file() => files.push(e.into_path()),
                    Some("md") if !e.file_type().is_dir() => {
                        diagnostics.push(Diagnostic::warning(
                            &display_path(e.path()),
                            Pos::START,
                            "not read: this is not a regular file (a named pipe, socket or device)",
                        ));
                    }
                    Some(x) if e.file_type().is_file() && is_other_markdown(x) => {
                        diagnostics.push(Diagnostic::warning(
                            &display_path(e.path()),
                            Pos::START,
                            format!("not read: only `.md` files are read, and this one ends in `.{x}`; rename it to end in `.md`"),
                        ));
                    }
                    _ => {}
                }
            }
            Err(e) => {
                let path = e
                    .path()
                    .map_or_else(|| dir.to_path_buf(), Path::to_path_buf);
                let shown = display_path(&path);
                if e.loop_ancestor().is_some() {
                    // Whatever the loop leads to is read by its own path.
                    diagnostics.push(Diagnostic::warning(
                        &shown,
                        Pos::START,
                        "a symbolic link here loops back to a folder that contains it; it is skipped",
                    ));
                    continue;
                }
                let why = match std::fs::read_link(&path) {
                    Ok(target) if !path.exists() => format!(
                        "a symbolic link to `{}`, which does not exist",
                        target.to_string_lossy()
                    ),
                    _ => format!(
                        "cannot read: {}",
                        e.io_error()
                            .map_or_else(|| e.to_string(), |io| io.to_string())
                    ),
                };
                diagnostics.push(Diagnostic::error(&shown, Pos::START, why));
            }
        }
    }
    files
}

/// An extension that says Markdown but is not the `.md` ebb reads
/// (`.markdown`, `.MD`): such a file would be left out without a word.
fn is_other_markdown(extension: &str) -> bool {
    let lower = extension.to_ascii_lowercase();
    extension != "md" && matches!(lower.as_str(), "md" | "markdown" | "mdown" | "mkd" | "mkdn")
}

/// The files beside an entry's `index.md` (its images and attachments).
fn assets_beside(index: &Path) -> Vec<PathBuf> {
    let Some(dir) = index.parent() else {
        return Vec::new();
    };
    let mut assets: Vec<PathBuf> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .map(|e| e.path())
        .filter(|p| {
            let name = p
                .file_name()
                .map(|n| n.to_string_lossy())
                .unwrap_or_default();
            !is_editor_temp(&name) && p.extension().is_none_or(|x| x != "md")
        })
        .collect();
    assets.sort();
    assets
}

/// Reads every Markdown file under `dir` with `parse` (pages, weekly notes),
/// adding what it reports to `diagnostics`; what could be read, in file order.
fn read_all<T>(
    dir: &Path,
    diagnostics: &mut Diagnostics,
    parse: fn(SourceFile<'_>) -> (Option<T>, Vec<Diagnostic>),
) -> Vec<T> {
    let mut found = Vec::new();
    for path in markdown_files(dir, diagnostics) {
        let display = display_path(&path);
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) => {
                diagnostics.push(Diagnostic::error(
                    &display,
                    Pos::START,
                    format!("cannot read this file: {e}"),
                ));
                continue;
            }
        };
        let (item, reported) = parse(SourceFile {
            path: &path,
            display: &display,
            content_path: "",
            bytes: &bytes,
            metrics: &[],
        });
        diagnostics.extend(reported);
        found.extend(item);
    }
    found
}

fn load_pages(dir: &Path, diagnostics: &mut Diagnostics) -> Vec<PageSource> {
    let mut pages: Vec<PageSource> = Vec::new();
    for page in read_all(dir, diagnostics, parse_page) {
        let display = page.display_path.clone();
        let reserved = RESERVED_PAGE_SLUGS.contains(&page.slug.as_str())
            || page.slug.bytes().all(|b| b.is_ascii_digit());
        if reserved {
            diagnostics.push(Diagnostic::error(
                &display,
                Pos::START,
                format!(
                    "a page cannot be called `{}`: the site uses /{}/; rename the file",
                    page.slug, page.slug
                ),
            ));
        } else if let Some(other) = pages.iter().find(|p| p.slug == page.slug) {
            diagnostics.push(Diagnostic::error(
                &display,
                Pos::START,
                format!("same URL /{}/ as `{}`", page.slug, other.display_path),
            ));
        } else {
            pages.push(page);
        }
    }
    pages
}

#[cfg(test)]
mod tests;
