//! Rebuilding the preview in memory: re-read what changed, re-render the
//! pages whose view changed, keep the rest as they were.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use crate::config::Config;
use crate::content::Visibility;
use crate::diagnostics::Diagnostics;
use crate::index::Index;
use crate::output::{OutputError, Sink};
use crate::render::Theme;
use crate::site::{BuildError, Cache, Site, write_site};
use crate::watch::{Changes, Inputs};

use super::Body;
use rayon::prelude::*;

/// The files of a rendered site, by path inside it; each kept compressed
/// when that makes it smaller.
pub type Files = BTreeMap<Arc<str>, Body>;

/// One file of a site: its path inside the site and its bytes.
type File = (Arc<str>, Body);

/// What one rebuild did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    pub entries: usize,
    /// Pages rendered again.
    pub rendered: usize,
    /// Pages kept from the previous build, their views unchanged.
    pub kept: usize,
    pub millis: u128,
}

/// Keeps what a preview needs between rebuilds.
pub struct Builder {
    root: PathBuf,
    visibility: Visibility,
    base_url: String,
    config: Option<Config>,
    theme: Option<Theme>,
    cache: Arc<Cache>,
    /// The site of the last successful rebuild, for the search index.
    last: Option<Site>,
    /// `config` was read for the next rebuild, which need not read it again.
    config_fresh: bool,
}

impl Builder {
    /// A builder for the journal at `root`, served at `base_url`.
    pub fn new(root: &Path, visibility: Visibility, base_url: &str) -> Builder {
        Builder {
            root: root.to_path_buf(),
            visibility,
            base_url: crate::config::normalize_base_url(base_url),
            config: None,
            theme: None,
            cache: Arc::new(Cache::default()),
            last: None,
            config_fresh: false,
        }
    }

    /// Reads book.toml (again), forgetting the theme and every cache. The
    /// next rebuild uses what was read, so the caller can follow the folders
    /// it names first. On failure the last good configuration stays.
    pub fn load_config(&mut self) -> Result<(), String> {
        let mut config = Config::load(&self.root).map_err(|d| report(&d))?;
        config.base_url = Some(self.base_url.clone());
        self.config = Some(config);
        self.theme = None;
        self.cache = Arc::new(Cache::default());
        self.config_fresh = true;
        Ok(())
    }

    /// The folders and files the site is made from, as the configuration
    /// last read names them (the defaults while none could be read).
    pub fn inputs(&self) -> Inputs {
        Inputs::of(&self.root, self.config.as_ref())
    }

    /// The site of the last successful rebuild, handed over once (to build
    /// its search index on another thread).
    pub fn take_site(&mut self) -> Option<Site> {
        self.last.take()
    }

    /// Rebuilds after `changes`, starting from the files of the last good
    /// build. On failure the error text says what is wrong, with positions.
    pub fn rebuild(
        &mut self,
        changes: &Changes,
        previous: &Files,
    ) -> Result<(Files, Report), String> {
        let started = Instant::now();
        let mut phases = crate::timings::Phases::start();
        // Lost events (a rescan) may hide any change, one the file cache's
        // sizes and times cannot see included: everything is read again.
        let fresh = std::mem::take(&mut self.config_fresh);
        if ((changes.config || changes.rescan) && !fresh) || self.config.is_none() {
            self.load_config()?;
            self.config_fresh = false;
        }
        let Some(config) = self.config.clone() else {
            return Err("no configuration".to_owned());
        };
        if changes.theme || self.theme.is_none() {
            self.theme = Some(Theme::load(&config).map_err(|d| report(&d))?);
            self.cache.forget_views();
        }
        let Some(theme) = self.theme.as_ref() else {
            return Err("no theme".to_owned());
        };
        // The watcher knows which files changed: only those are looked at.
        self.cache.files.changed(
            (!changes.config && !changes.rescan && changes.any()).then(|| changes.paths.clone()),
        );
        phases.mark("config, theme, changes");
        let site = Site::load_with(config, self.visibility, Some(Arc::clone(&self.cache)));
        phases.mark("load");
        if site.diagnostics.has_errors() {
            return Err(report(&site.diagnostics));
        }
        let outcome = self.write(&site, theme, previous, started);
        if outcome.is_ok() {
            self.last = Some(site);
        }
        outcome
    }

    fn write(
        &self,
        site: &Site,
        theme: &Theme,
        previous: &Files,
        started: Instant,
    ) -> Result<(Files, Report), String> {
        let mut phases = crate::timings::Phases::start();
        let index = Index::new(site.entries()).with_weeks(&site.note_weeks());
        phases.mark("index");
        let mut attempt = 0;
        loop {
            let sink = Memory::new(previous);
            match write_site(site, &index, theme, &sink) {
                Err(e) => {
                    self.cache.abandon();
                    return Err(match e {
                        BuildError::Journal(d) => report(&d),
                        other => other.to_string(),
                    });
                }
                Ok(_) if sink.lost() && attempt == 0 => {
                    // A page kept from a build we no longer have: render all.
                    self.cache.abandon();
                    self.cache.forget_views();
                    attempt += 1;
                }
                Ok(_) => {
                    phases.mark("write_site");
                    self.cache.commit();
                    // The search index being served stays until the new one
                    // is ready: `State::publish` carries it over.
                    let (files, rendered, kept) = sink.finish();
                    phases.mark("gather");
                    let report = Report {
                        entries: index.entries.len(),
                        rendered,
                        kept,
                        millis: started.elapsed().as_millis(),
                    };
                    return Ok((files, report));
                }
            }
        }
    }
}

/// The search index of a site, as files (compressed in parallel).
pub fn search_files(site: &Site) -> Files {
    site.search_files()
        .into_par_iter()
        .map(|(rel, text)| {
            let body = Body::of_owned(&rel, text.into_bytes());
            (Arc::from(rel), body)
        })
        .collect::<Vec<_>>()
        .into_iter()
        .collect()
}

/// Every error of `diagnostics`, as the terminal shows them.
fn report(diagnostics: &Diagnostics) -> String {
    diagnostics
        .errors()
        .map(|d| d.render(false))
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// A site being written in memory, on top of the previous one.
struct Memory<'a> {
    previous: &'a Files,
    /// Files as written, in order (one written twice is in twice: the last counts).
    files: Mutex<Vec<File>>,
    rendered: Mutex<usize>,
    kept: Mutex<usize>,
    lost: Mutex<bool>,
}

impl<'a> Memory<'a> {
    fn new(previous: &'a Files) -> Memory<'a> {
        Memory {
            previous,
            files: Mutex::new(Vec::new()),
            rendered: Mutex::new(0),
            kept: Mutex::new(0),
            lost: Mutex::new(false),
        }
    }

    fn put(&self, rel: Arc<str>, bytes: Body) -> Result<(), OutputError> {
        let mut files = self.files.lock().map_err(|_| poisoned(&rel))?;
        files.push((rel, bytes));
        Ok(())
    }

    fn lost(&self) -> bool {
        self.lost.lock().map(|l| *l).unwrap_or(true)
    }

    /// Notes that a file asked to be kept was not in the previous build.
    fn lose(&self) {
        if let Ok(mut l) = self.lost.lock() {
            *l = true;
        }
    }

    /// The files, and how many pages were rendered and kept.
    fn finish(self) -> (Files, usize, usize) {
        let rendered = self.rendered.into_inner().unwrap_or(0);
        let kept = self.kept.into_inner().unwrap_or(0);
        let mut files = self.files.into_inner().unwrap_or_default();
        // Latest first, then by path (a stable sort keeps that order among
        // equals), then one per path: the last written.
        files.reverse();
        files.sort_by(|a, b| a.0.cmp(&b.0));
        files.dedup_by(|later, first| later.0 == first.0);
        (files.into_iter().collect(), rendered, kept)
    }
}

fn poisoned(rel: &str) -> OutputError {
    OutputError::Io {
        action: "cannot keep",
        path: PathBuf::from(rel),
        source: std::io::Error::other("a rendering thread panicked"),
    }
}

impl Sink for Memory<'_> {
    fn previous(&self, rel: &str) -> Option<Vec<u8>> {
        self.previous.get(rel).map(Body::to_vec)
    }

    fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), OutputError> {
        if rel.ends_with(".html") {
            if let Ok(mut n) = self.rendered.lock() {
                *n += 1;
            }
        }
        // Made here, on the thread that rendered it: pages are compressed
        // in parallel, and only those a rebuild makes.
        self.put(Arc::from(rel), Body::of(rel, bytes))
    }

    fn copy(&self, from: &Path, rel: &str) -> Result<(), OutputError> {
        let bytes = std::fs::read(from).map_err(|source| OutputError::Io {
            action: "cannot read",
            path: from.to_path_buf(),
            source,
        })?;
        self.put(Arc::from(rel), Body::of_owned(rel, bytes))
    }

    fn keep_all(&self, rels: &[&str]) {
        // Many files (most of a site, after a save): one walk over the
        // previous files, in order, rather than a search for each path;
        // paths share long prefixes, which makes each search compare a lot.
        let many = rels.len() > self.previous.len() / 16;
        let found: Vec<File> = if many {
            let wanted: crate::hash::FastSet<&str> = rels.iter().copied().collect();
            let found: Vec<File> = self
                .previous
                .iter()
                .filter(|(path, _)| wanted.contains(&***path))
                .map(|(path, old)| (Arc::clone(path), old.clone()))
                .collect();
            if found.len() < wanted.len() {
                self.lose();
            }
            found
        } else {
            let found: Vec<File> = rels
                .iter()
                .filter_map(|rel| self.previous.get_key_value(*rel))
                .map(|(path, old)| (Arc::clone(path), old.clone()))
                .collect();
            if found.len() < rels.len() {
                self.lose();
            }
            found
        };
        let kept = found.len();
        let Ok(mut files) = self.files.lock() else {
            return;
        };
        files.extend(found);
        drop(files);
        if let Ok(mut n) = self.kept.lock() {
            *n += kept;
        }
    }

    fn keep(&self, rel: &str) {
        self.keep_all(&[rel]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn memory_keeps_the_last_write_and_what_was_kept() {
        let mut previous = Files::new();
        previous.insert("kept.html".into(), Body::plain(&b"old"[..]));
        previous.insert("gone.html".into(), Body::plain(&b"gone"[..]));
        let sink = Memory::new(&previous);
        sink.write("b.css", b"first").unwrap_or_default();
        sink.write("a.html", b"page").unwrap_or_default();
        sink.write("b.css", b"second").unwrap_or_default();
        sink.keep("kept.html");
        assert!(!sink.lost());
        let (files, rendered, kept) = sink.finish();
        let names: Vec<&str> = files.keys().map(|k| &**k).collect();
        assert_eq!(names, ["a.html", "b.css", "kept.html"]);
        assert_eq!(files["b.css"].decoded(), &b"second"[..]);
        assert_eq!(files["kept.html"].decoded(), &b"old"[..]);
        assert_eq!((rendered, kept), (1, 1));
    }

    #[test]
    fn keeping_many_files_or_few_finds_each_and_notes_those_lost() {
        let previous: Files = (0..40)
            .map(|i| {
                (
                    Arc::from(format!("p/{i:02}/index.html")),
                    Body::plain(vec![i]),
                )
            })
            .collect();
        let rels: Vec<String> = (0..40).map(|i| format!("p/{i:02}/index.html")).collect();
        let mut many: Vec<&str> = rels.iter().rev().map(String::as_str).collect();
        let sink = Memory::new(&previous);
        sink.keep_all(&many);
        assert!(!sink.lost());
        let (files, _, kept) = sink.finish();
        assert_eq!((files, kept), (previous.clone(), 40));

        many.push("p/gone/index.html");
        let sink = Memory::new(&previous);
        sink.keep_all(&many);
        assert!(sink.lost(), "one of many was not there");

        let sink = Memory::new(&previous);
        sink.keep_all(&["p/07/index.html"]);
        assert!(!sink.lost());
        sink.keep_all(&["p/gone/index.html"]);
        assert!(sink.lost(), "the one asked for was not there");
        let (files, _, kept) = sink.finish();
        assert_eq!(kept, 1);
        assert_eq!(files["p/07/index.html"].decoded(), &[7u8][..]);
    }

    /// Whether any page of `files` holds `text`.
    fn shows(files: &Files, text: &str) -> bool {
        files.iter().any(|(rel, bytes)| {
            rel.ends_with(".html") && String::from_utf8_lossy(&bytes.decoded()).contains(text)
        })
    }

    #[test]
    fn the_search_index_has_the_words_of_bodies_kept_without_their_text() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        std::fs::write(root.join("book.toml"), "[book]\ntitle = \"T\"\n").unwrap();
        std::fs::create_dir_all(root.join("content")).unwrap();
        let entry = |name: &str, word: &str| {
            let text = format!("---\ntitle: {name}\nenergy: 5\nmode: IC\n---\nSaid {word}.\n");
            std::fs::write(root.join(format!("content/2024-01-02-{name}.md")), text).unwrap();
        };
        entry("a", "zanzibar");
        entry("b", "quixotic");
        let visibility = Visibility {
            drafts: true,
            private: false,
        };
        let mut builder = Builder::new(root, visibility, "http://127.0.0.1:1/");
        let (first, _) = builder.rebuild(&Changes::default(), &Files::new()).unwrap();
        entry("b", "xylophone");
        let changed = Changes {
            content: true,
            paths: vec![root.join("content/2024-01-02-b.md")],
            ..Changes::default()
        };
        builder.rebuild(&changed, &first).unwrap();
        let site = builder.take_site().unwrap();
        let titles: Vec<String> = site.entries().iter().map(|e| e.title.clone()).collect();
        assert_eq!(titles, ["a", "b"]);

        let index = search_files(&site);
        let words = |files: &Files| {
            files
                .values()
                .map(|b| String::from_utf8_lossy(&b.decoded()).into_owned())
                .collect::<String>()
        };
        let served = words(&index);
        for word in ["zanzibar", "xylophone"] {
            assert!(served.contains(word), "{word} is found");
        }
        assert!(!served.contains("quixotic"), "the old text is gone");
        // The same index as a build's, whose scans keep their text.
        let config = site.config.clone();
        let fresh = crate::site::Site::load(config, visibility);
        let built: Files = fresh
            .search_files()
            .into_iter()
            .map(|(rel, text)| (Arc::from(rel), Body::plain(text.into_bytes())))
            .collect();
        assert_eq!(index, built);
    }

    #[test]
    fn a_rescan_reads_files_changed_behind_the_watchers_back() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        std::fs::write(root.join("book.toml"), "[book]\ntitle = \"T\"\n").unwrap();
        std::fs::create_dir_all(root.join("content")).unwrap();
        let entry = root.join("content/2024-01-02-a.md");
        let text = |word: &str| format!("---\ntitle: A\nenergy: 5\nmode: IC\n---\nWord {word}\n");
        std::fs::write(&entry, text("AAAAAAAA")).unwrap();
        let visibility = Visibility {
            drafts: true,
            private: false,
        };
        let mut builder = Builder::new(root, visibility, "http://127.0.0.1:1/");
        let (first, _) = builder.rebuild(&Changes::default(), &Files::new()).unwrap();
        assert!(shows(&first, "AAAAAAAA"));

        // Same size, modification time put back: nothing the cache can see.
        let modified = std::fs::metadata(&entry).unwrap().modified().unwrap();
        std::fs::write(&entry, text("BBBBBBBB")).unwrap();
        std::fs::File::options()
            .write(true)
            .open(&entry)
            .unwrap()
            .set_modified(modified)
            .unwrap();
        let nothing_named = Changes {
            content: true,
            ..Changes::default()
        };
        let (trusted, _) = builder.rebuild(&nothing_named, &first).unwrap();
        assert!(
            shows(&trusted, "AAAAAAAA"),
            "without a rescan the cache is trusted"
        );

        let (rescanned, report) = builder.rebuild(&Changes::rescan(), &trusted).unwrap();
        assert!(shows(&rescanned, "BBBBBBBB") && !shows(&rescanned, "AAAAAAAA"));
        assert_eq!(report.kept, 0, "every page is rendered again");
    }
}
