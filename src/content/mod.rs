//! Loading a journal: walk the content folder, read every entry in parallel,
//! validate it, and check what only the whole journal can show (duplicates).

pub mod date;
pub mod entry;
pub mod frontmatter;
pub mod keys;
pub mod page;
pub mod slug;
pub mod validate;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::SystemTime;

use rayon::prelude::*;

use crate::diagnostics::{Diagnostic, Diagnostics, Pos, display_path};
pub use entry::{CheckIns, Energy, Entry, EntryTime, Level, Mode, Moment, Visibility};
pub use page::PageSource;
use page::parse_page;
use validate::{SourceFile, parse_entry};

/// Slugs that a standalone page cannot take, because the site uses them.
const RESERVED_PAGE_SLUGS: &[&str] = &[
    "tags", "modes", "weeks", "trends", "archive", "data", "page", "assets", "search", "404",
];

/// Everything read from a journal's files, valid or not.
#[derive(Debug, Default)]
pub struct Journal {
    /// Valid entries, in journal order (see [`Entry::sort_key`]).
    pub entries: Vec<Entry>,
    /// Valid standalone pages, by slug.
    pub pages: Vec<PageSource>,
    pub diagnostics: Diagnostics,
}

/// Entries read earlier, by file, with the modification time and size they had:
/// `serve` re-reads only files that changed since.
#[derive(Debug, Default)]
pub struct FileCache {
    files: Mutex<HashMap<PathBuf, (Stamp, validate::Parsed)>>,
}

/// A file's modification time and size, to tell whether it changed.
type Stamp = (Option<SystemTime>, u64);

impl FileCache {
    /// The cached reading of `path`, if the file has not changed since.
    fn get(&self, path: &Path, stamp: Stamp) -> Option<validate::Parsed> {
        let files = self.files.lock().ok()?;
        let (seen, parsed) = files.get(path)?;
        (*seen == stamp && stamp.0.is_some()).then(|| parsed.clone())
    }

    fn put(&self, path: &Path, stamp: Stamp, parsed: &validate::Parsed) {
        if let Ok(mut files) = self.files.lock() {
            files.insert(path.to_path_buf(), (stamp, parsed.clone()));
        }
    }

    /// Forgets files that are gone.
    fn retain(&self, present: &[PathBuf]) {
        if let Ok(mut files) = self.files.lock() {
            let keep: std::collections::HashSet<&PathBuf> = present.iter().collect();
            files.retain(|p, _| keep.contains(p));
        }
    }
}

/// Reads every entry under `content_dir` and every page under `pages_dir`.
pub fn load(content_dir: &Path, pages_dir: &Path) -> Journal {
    load_with(content_dir, pages_dir, None)
}

/// Like [`load`], re-reading only the files that changed since they went into `cache`.
pub fn load_with(content_dir: &Path, pages_dir: &Path, cache: Option<&FileCache>) -> Journal {
    let mut diagnostics = Diagnostics::default();
    let files = markdown_files(content_dir, &mut diagnostics);
    let parsed: Vec<_> = files
        .par_iter()
        .map(|path| match cache {
            None => read_entry(content_dir, path),
            Some(cache) => {
                let stamp = std::fs::metadata(path)
                    .map(|m| (m.modified().ok(), m.len()))
                    .unwrap_or((None, 0));
                cache.get(path, stamp).unwrap_or_else(|| {
                    let parsed = read_entry(content_dir, path);
                    cache.put(path, stamp, &parsed);
                    parsed
                })
            }
        })
        .collect();
    if let Some(cache) = cache {
        cache.retain(&files);
    }
    let mut entries = Vec::with_capacity(parsed.len());
    for p in parsed {
        diagnostics.extend(p.diagnostics);
        entries.extend(p.entry);
    }
    entries.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
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
        diagnostics,
    }
}

fn read_entry(content_dir: &Path, path: &Path) -> validate::Parsed {
    let display = display_path(path);
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            return validate::Parsed {
                entry: None,
                diagnostics: vec![Diagnostic::error(
                    &display,
                    Pos::START,
                    format!("cannot read this file: {e}"),
                )],
            };
        }
    };
    let content_path = content_relative(content_dir, path);
    let mut parsed = parse_entry(SourceFile {
        path,
        display: &display,
        content_path: &content_path,
        bytes: &bytes,
    });
    if let Some(entry) = parsed.entry.as_mut() {
        if path.file_name().is_some_and(|n| n == "index.md") {
            entry.assets = assets_beside(path);
        }
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
                let is_md = e.path().extension().is_some_and(|x| x == "md");
                if is_md && e.file_type().is_file() {
                    files.push(e.into_path());
                }
            }
            Err(e) => {
                let path = e
                    .path()
                    .map_or_else(|| dir.to_path_buf(), Path::to_path_buf);
                let why = if e.loop_ancestor().is_some() {
                    "a symbolic link here loops back to a folder that contains it; it is skipped"
                        .to_owned()
                } else {
                    format!(
                        "cannot read: {}",
                        e.io_error()
                            .map_or_else(|| e.to_string(), |io| io.to_string())
                    )
                };
                diagnostics.push(Diagnostic::error(&display_path(&path), Pos::START, why));
            }
        }
    }
    files
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

/// Two entries with one date and one slug would share a URL.
fn duplicates(entries: &[Entry]) -> Vec<Diagnostic> {
    let mut seen: HashMap<(chrono::NaiveDate, &str), &Entry> = HashMap::new();
    let mut out = Vec::new();
    let mut by_path: Vec<&Entry> = entries.iter().collect();
    by_path.sort_by(|a, b| a.display_path.cmp(&b.display_path));
    for e in by_path {
        if let Some(first) = seen.get(&(e.date, e.slug.as_str())) {
            out.push(Diagnostic::error(
                &e.display_path,
                Pos::START,
                format!(
                    "`{}` has the same date ({}) and slug (`{}`) as `{}`; change one slug",
                    e.display_path, e.date, e.slug, first.display_path
                ),
            ));
        } else {
            seen.insert((e.date, &e.slug), e);
        }
    }
    out
}

fn load_pages(dir: &Path, diagnostics: &mut Diagnostics) -> Vec<PageSource> {
    let mut pages: Vec<PageSource> = Vec::new();
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
        let (page, found) = parse_page(SourceFile {
            path: &path,
            display: &display,
            content_path: "",
            bytes: &bytes,
        });
        diagnostics.extend(found);
        let Some(page) = page else { continue };
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
