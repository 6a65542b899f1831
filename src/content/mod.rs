//! Loading a journal: walk the content folder, read every entry in parallel,
//! validate it, and check what only the whole journal can show (duplicates,
//! near-duplicate tags).

pub mod date;
pub mod entry;
pub mod frontmatter;
pub mod keys;
pub mod page;
pub mod validate;

use std::collections::HashMap;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use rayon::prelude::*;

use crate::diagnostics::{Diagnostic, Diagnostics, Pos, display_path};
pub use entry::{CheckIns, Energy, Entry, EntryTime, Level, Mode, Moment, Visibility};
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
    pub diagnostics: Diagnostics,
    /// The content paths of entry files that have errors, so a link to one
    /// says so rather than that no entry has that path.
    pub invalid: Vec<String>,
}

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
    fn get(&self, path: &Path, stamp: Stamp) -> Option<validate::Parsed> {
        let files = self.files.lock().ok()?;
        let (seen, parsed) = files.get(path.as_os_str())?;
        (*seen == stamp && stamp.0.is_some()).then(|| parsed.clone())
    }

    fn put(&self, path: &Path, stamp: Stamp, parsed: &validate::Parsed) {
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
    fn quick_list(&self, content_dir: &Path) -> Option<(Vec<PathBuf>, Diagnostics)> {
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

    fn remember_walk(&self, files: &[PathBuf], diagnostics: &Diagnostics) {
        if let Ok(mut walked) = self.walked.lock() {
            *walked = Some((files.to_vec(), diagnostics.clone()));
        }
        if let Ok(mut hint) = self.hint.lock() {
            *hint = None;
        }
    }

    /// The cached readings of `paths` without looking at the files (the watcher
    /// vouches that it did not change).
    fn get_trusted(&self, paths: &[PathBuf]) -> Vec<Option<validate::Parsed>> {
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
    fn retain(&self, present: &[PathBuf]) {
        if let Ok(mut files) = self.files.lock() {
            let keep: crate::hash::FastSet<&std::ffi::OsStr> =
                present.iter().map(|p| p.as_os_str()).collect();
            files.retain(|p, _| keep.contains(p.as_os_str()));
        }
    }
}

/// Reads every entry under `content_dir` and every page under `pages_dir`.
pub fn load(content_dir: &Path, pages_dir: &Path) -> Journal {
    load_with(content_dir, pages_dir, None)
}

/// Like [`load`], re-reading only the files that changed since they went into `cache`.
pub fn load_with(content_dir: &Path, pages_dir: &Path, cache: Option<&FileCache>) -> Journal {
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
                return read_entry(content_dir, path);
            };
            if let Some(parsed) = known {
                return parsed;
            }
            let stamp = std::fs::metadata(path)
                .map(|m| (m.modified().ok(), m.len()))
                .unwrap_or((None, 0));
            cache.get(path, stamp).unwrap_or_else(|| {
                let parsed = read_entry(content_dir, path);
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
        diagnostics,
        invalid,
    }
}

fn read_entry(content_dir: &Path, path: &Path) -> validate::Parsed {
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
    });
    if let Some(entry) = parsed.entry.as_mut().map(Arc::make_mut) {
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

/// Two entries with one date and one slug would share a URL.
fn duplicates(entries: &[Arc<Entry>]) -> Vec<Diagnostic> {
    // Usually there are none: find the clashing dates and slugs first, and
    // sort only their entries by path, so the first one named stays quiet.
    let key = |e: &Entry| (e.date, e.slug.clone());
    let mut first: crate::hash::FastSet<(chrono::NaiveDate, &str)> = Default::default();
    let clashes: crate::hash::FastSet<(chrono::NaiveDate, String)> = entries
        .iter()
        .filter(|e| !first.insert((e.date, e.slug.as_str())))
        .map(|e| key(e))
        .collect();
    if clashes.is_empty() {
        return Vec::new();
    }
    let mut seen: HashMap<(chrono::NaiveDate, &str), &Entry> = HashMap::new();
    let mut out = Vec::new();
    let mut by_path: Vec<&Entry> = entries
        .iter()
        .map(|e| &**e)
        .filter(|e| clashes.contains(&key(e)))
        .collect();
    by_path.sort_by(|a, b| a.display_path.cmp(&b.display_path));
    for e in by_path {
        if let Some(first) = seen.get(&(e.date, e.slug.as_str())) {
            // `é` can be one character or `e` and a combining accent: two
            // names that look the same, which the message must explain.
            let combining = |p: &str| p.chars().any(|c| ('\u{300}'..='\u{36F}').contains(&c));
            let looks_alike = match (combining(&e.display_path), combining(&first.display_path)) {
                (true, false) => format!(
                    " (`{}` writes an accent as a separate combining character, so the names look alike)",
                    e.display_path
                ),
                (false, true) => format!(
                    " (`{}` writes an accent as a separate combining character, so the names look alike)",
                    first.display_path
                ),
                _ => String::new(),
            };
            out.push(Diagnostic::error(
                &e.display_path,
                Pos::START,
                format!(
                    "`{}` has the same date ({}) and slug (`{}`) as `{}`{looks_alike}; change one slug",
                    e.display_path, e.date, e.slug, first.display_path
                ),
            ));
        } else {
            seen.insert((e.date, &e.slug), e);
        }
    }
    out
}

/// Tags that are likely one tag spelt two ways (`one-on-one`, `one-on-ones`):
/// one warning per pair, at the first use of the rarer spelling. `entries`
/// are in journal order, each with the positions of its tags.
fn near_duplicate_tags(entries: &[(Arc<Entry>, Vec<Pos>)]) -> Vec<Diagnostic> {
    // Per slug: how many entries use it, and its first use (entry, tag).
    let mut uses: crate::hash::FastMap<&str, (usize, (usize, usize))> = Default::default();
    for (i, (entry, _)) in entries.iter().enumerate() {
        for (t, slug) in entry.tag_slugs.iter().enumerate() {
            uses.entry(slug.as_str()).or_insert((0, (i, t))).0 += 1;
        }
    }
    let mut slugs: Vec<_> = uses.iter().collect();
    slugs.sort_unstable_by_key(|(slug, _)| **slug);
    let names: Vec<&str> = slugs.iter().map(|(s, _)| **s).collect();
    // Each entry's lines, read once however many warnings it gets.
    let mut sources: HashMap<usize, Vec<String>> = HashMap::new();
    let mut out = Vec::new();
    for (a, b) in near_pairs(&names) {
        let (slug_a, &(count_a, first_a)) = slugs[a];
        let (slug_b, &(count_b, first_b)) = slugs[b];
        // Flag the rarer spelling; on a tie, the later one alphabetically.
        let ((i, t), common, count) = if count_b > count_a {
            (first_a, slug_b, count_b)
        } else {
            (first_b, slug_a, count_a)
        };
        let (entry, positions) = &entries[i];
        let used = match count {
            1 => "once".to_owned(),
            n => format!("{n} times"),
        };
        let pos = positions.get(t).copied().unwrap_or(Pos::START);
        let mut warning = Diagnostic::warning(
            &entry.display_path,
            pos,
            format!(
                "tag `{}` looks like `{common}` (used {used}); use one spelling",
                entry.tags[t]
            ),
        );
        let lines = sources.entry(i).or_insert_with(|| {
            std::fs::read_to_string(&entry.source)
                .map(|text| {
                    validate::normalize(&text)
                        .lines()
                        .map(str::to_owned)
                        .collect()
                })
                .unwrap_or_default()
        });
        warning.source_line = lines.get(pos.line.saturating_sub(1)).cloned();
        out.push(warning);
    }
    out
}

/// The pairs `(i, j)`, `i < j`, of `slugs` (sorted, distinct) that are
/// [`near_tags`], in order. Two slugs one edit apart share a key (the slug
/// itself, or the slug less one character), so only slugs that share a key
/// are compared: comparing all pairs takes minutes for 100,000 tags.
fn near_pairs(slugs: &[&str]) -> Vec<(usize, usize)> {
    let mut by_key: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, slug) in slugs.iter().enumerate() {
        let mut keys = vec![(*slug).to_owned()];
        for (at, c) in slug.char_indices() {
            keys.push(format!("{}{}", &slug[..at], &slug[at + c.len_utf8()..]));
        }
        keys.sort();
        keys.dedup();
        for key in keys {
            by_key.entry(key).or_default().push(i);
        }
    }
    let mut pairs: Vec<(usize, usize)> = by_key
        .values()
        .flat_map(|group| {
            group
                .iter()
                .enumerate()
                .flat_map(move |(n, &a)| group[n + 1..].iter().map(move |&b| (a.min(b), a.max(b))))
        })
        .filter(|&(a, b)| near_tags(slugs[a], slugs[b]))
        .collect();
    pairs.sort_unstable();
    pairs.dedup();
    pairs
}

/// Are two different tag slugs likely one tag: a trailing `s` apart, or one
/// edit apart when both are words of five characters or more?
fn near_tags(a: &str, b: &str) -> bool {
    if a.strip_suffix('s') == Some(b) || b.strip_suffix('s') == Some(a) {
        return true;
    }
    // Digits usually count something (`q1-2024`, `sprint-12`): one digit apart is two tags.
    let digits = a.bytes().chain(b.bytes()).any(|c| c.is_ascii_digit());
    a.len() >= 5
        && b.len() >= 5
        && !digits
        && a.len().abs_diff(b.len()) <= 1
        && strsim::damerau_levenshtein(a, b) <= 1
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

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(name: &str, tags: &str) -> (Arc<Entry>, Vec<Pos>) {
        let text = format!("---\ntitle: T\ntags: [{tags}]\n---\n");
        let p = parse_entry(SourceFile {
            path: Path::new(name),
            display: name,
            content_path: name,
            bytes: text.as_bytes(),
        });
        (p.entry.expect("a valid entry"), p.tag_positions)
    }

    #[test]
    fn near_duplicate_tags_are_reported_once_at_the_rarer_spelling() {
        let entries = [
            entry("2024-01-01-a.md", "one-on-ones, deep-work"),
            entry("2024-01-02-b.md", "walk, One on One"),
            entry("2024-01-03-c.md", "one-on-ones, deepwork, walks"),
            entry("2024-01-04-d.md", "one-on-ones, q1-2024, q2-2024, walks"),
        ];
        let mut got: Vec<String> = near_duplicate_tags(&entries)
            .iter()
            .map(|d| format!("{}:{}:{}: {}", d.path, d.line, d.column, d.message))
            .collect();
        got.sort();
        assert_eq!(
            got,
            [
                "2024-01-02-b.md:3:14: tag `One on One` looks like `one-on-ones` (used 3 times); use one spelling",
                "2024-01-02-b.md:3:8: tag `walk` looks like `walks` (used 2 times); use one spelling",
                "2024-01-03-c.md:3:21: tag `deepwork` looks like `deep-work` (used once); use one spelling",
            ]
        );
    }

    #[test]
    fn near_pairs_finds_what_comparing_every_pair_finds() {
        let words = [
            "walk",
            "walks",
            "hiring",
            "hirign",
            "hiring-loop",
            "team",
            "tram",
            "sprint-12",
            "sprint-13",
            "one-on-one",
            "one-on-ones",
            "deep-work",
            "deepwork",
            "abcde",
            "bacde",
            "abcdef",
            "abcd",
            "abdce",
            "xbcde",
            "s",
            "ss",
            "a",
        ];
        let mut slugs: Vec<&str> = words.to_vec();
        slugs.sort_unstable();
        let mut every = Vec::new();
        for a in 0..slugs.len() {
            for b in a + 1..slugs.len() {
                if near_tags(slugs[a], slugs[b]) {
                    every.push((a, b));
                }
            }
        }
        assert!(every.len() > 8);
        assert_eq!(near_pairs(&slugs), every);
    }

    #[test]
    fn near_tags_examples() {
        assert!(near_tags("one-on-one", "one-on-ones"));
        assert!(near_tags("walk", "walks"));
        assert!(near_tags("hiring", "hirign"));
        assert!(!near_tags("hiring", "hiring-loop"));
        assert!(!near_tags("team", "tram"), "short words need a trailing s");
        assert!(!near_tags("sprint-12", "sprint-13"));
    }
}
