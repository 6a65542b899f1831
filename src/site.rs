//! Orchestrates a build: config → load → privacy filter → Markdown → index →
//! pages → output. The privacy filter is applied once, right after loading:
//! every later stage sees only the entries this build may show.

use std::path::PathBuf;
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::Config;
use crate::content::{self, Entry, Journal, PageSource, Visibility, WeekNote};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::markdown::{self, LinkMap, LinkTarget, Rendered};
use crate::output::OutputError;
use crate::render::views::SiteView;
use crate::urls::Urls;

/// The folder of weekly notes, in the journal root.
pub const WEEKS_DIR: &str = "weeks";

mod body_pack;
mod cache;
mod disk_cache;
mod figures;
mod fingerprint;
mod inputs;
mod kept_entries;
mod kept_scans;
mod kept_search;
mod lists;
mod pages;
mod plan;
mod publish;
mod records;
mod shared;
mod trends;
mod weeks;
mod write;
mod years;

pub use cache::Cache;
pub use plan::{Output, PageSpec, Planned};
pub use write::{build, write_site};

/// What to build and where.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// The output folder; by default the config's `build-dir` (or `<build-dir>-private`).
    pub output: Option<PathBuf>,
    pub visibility: Visibility,
    /// Overrides `base-url` from book.toml.
    pub base_url: Option<String>,
    /// Neither reads nor writes the build cache.
    pub no_cache: bool,
}

/// What a successful build did.
#[derive(Debug)]
pub struct BuildReport {
    pub entries: usize,
    pub tags: usize,
    pub pages: usize,
    pub output: PathBuf,
    /// Warnings found on the way (the build succeeded despite them).
    pub warnings: Diagnostics,
}

/// Why a build failed. The previous output is untouched in every case.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    #[error("the journal has {} error(s)", .0.error_count())]
    Journal(Diagnostics),
    #[error(transparent)]
    Output(#[from] OutputError),
    #[error("{0}")]
    Options(String),
}

/// A journal loaded and rendered to HTML fragments, ready to become pages.
#[derive(Debug)]
pub struct Site {
    pub config: Config,
    pub visibility: Visibility,
    pub journal: Journal,
    /// Indexes into `journal.entries` of the entries this build shows, in journal order.
    visible: Vec<usize>,
    /// Where internal links lead in this build.
    links: LinkMap,
    /// What the first pass over each visible entry's Markdown found, in the
    /// order of `visible`: its headings, links and plain text.
    scans: Vec<Arc<Rendered>>,
    /// Standalone pages this build shows, with their rendered bodies.
    pages: Vec<(usize, Rendered)>,
    /// Weekly notes this build shows, with their rendered bodies.
    notes: Vec<(usize, Rendered)>,
    /// Warnings and errors of the whole journal.
    pub diagnostics: Diagnostics,
    /// What `serve` carries between rebuilds; `None` for a one-off build.
    cache: Option<Arc<Cache>>,
    /// A hash of `links`, part of every rendered body's cache key.
    links_hash: u64,
    /// Whether `scans` hold their plain text; else the search index scans
    /// the bodies again for it.
    texts: bool,
}

impl Site {
    /// Loads and renders the journal described by `config`.
    pub fn load(config: Config, visibility: Visibility) -> Site {
        Site::load_with(config, visibility, None)
    }

    /// Like [`Site::load`], reusing what `cache` kept from earlier builds.
    pub fn load_with(config: Config, visibility: Visibility, cache: Option<Arc<Cache>>) -> Site {
        let mut phases = crate::timings::Phases::start();
        let pages_dir = config.root.join("pages");
        // A build reads every file once: only `serve` keeps them.
        let files = cache
            .as_deref()
            .filter(|c| c.disk().is_none())
            .map(|c| &c.files);
        let kept = cache
            .as_deref()
            .and_then(Cache::disk)
            .map(|d| d.entries() as &dyn content::Kept);
        let mut journal = content::load_with(
            &config.content_dir,
            &pages_dir,
            &config.metrics,
            files,
            kept,
        );
        let mut found = Diagnostics::default();
        journal.notes = content::note::load_notes(&config.root.join(WEEKS_DIR), &mut found);
        journal.diagnostics.extend(found);
        phases.mark("  content");
        let mut diagnostics = journal.diagnostics.clone();
        let visible: Vec<usize> = (0..journal.entries.len())
            .filter(|&i| journal.entries[i].is_visible(visibility))
            .collect();
        let base = config.base_path();
        let urls = Urls::new(&base);
        let mut links: LinkMap = journal
            .invalid
            .iter()
            .map(|path| (path.clone(), LinkTarget::Broken))
            .collect();
        links.extend(journal.entries.iter().map(|e| {
            let target = if e.is_visible(visibility) {
                LinkTarget::Published(urls.at(&e.dir))
            } else {
                LinkTarget::Unpublished
            };
            (e.content_path.clone(), target)
        }));
        let mut sorted_links: Vec<(&String, &LinkTarget)> = links.iter().collect();
        sorted_links.sort();
        let links_hash = cache::hash_parts(&sorted_links);
        // A first pass over the Markdown finds dead links, headings and the
        // text to search; the HTML is made when each entry page is written, so
        // it never all sits in memory.
        let scans: Vec<Arc<Rendered>> = visible
            .par_iter()
            .map(|&i| {
                let e = &journal.entries[i];
                let scan = || markdown::scan(&e.body, e.body_line, &e.content_path, &links);
                match &cache {
                    Some(c) => c.scan(body_key(e, links_hash), scan),
                    None => Arc::new(scan()),
                }
            })
            .collect();
        phases.mark("  links, scans");
        let tags: std::collections::HashSet<String> = visible
            .iter()
            .flat_map(|&i| journal.entries[i].tag_slugs.iter().cloned())
            .collect();
        // Heading ids of each visible entry, for links to `#anchors`.
        let headings: std::collections::HashMap<&str, Vec<&str>> = visible
            .iter()
            .zip(&scans)
            .map(|(&i, scan)| {
                let ids = scan.headings.iter().map(|h| h.id.as_str()).collect();
                (journal.entries[i].content_path.as_str(), ids)
            })
            .collect();
        let mut anchor_warnings = Vec::new();
        for (&i, scan) in visible.iter().zip(&scans) {
            let e = &journal.entries[i];
            for a in &scan.anchors {
                let target = a.target.as_deref().unwrap_or(&e.content_path);
                let found = headings
                    .get(target)
                    .is_none_or(|ids| ids.contains(&a.id.as_str()));
                if !found {
                    anchor_warnings.push(Diagnostic::warning(
                        &e.display_path,
                        a.pos,
                        format!(
                            "link to `#{}`: `{target}` has no heading with that id",
                            a.id
                        ),
                    ));
                }
            }
        }
        diagnostics.extend(anchor_warnings);
        let today = crate::clock::today();
        for &i in &visible {
            let e = &journal.entries[i];
            if e.date > today {
                diagnostics.push(Diagnostic::warning(
                    &e.display_path,
                    e.date_pos,
                    format!(
                        "{} is after today ({today}): the entry is published, but the home \
                         page, the 90-day chart and \"this week\" stay at the latest entry \
                         up to today (is the year right?)",
                        e.date
                    ),
                ));
            }
        }
        for (&i, body) in visible.iter().zip(&scans) {
            let entry = &journal.entries[i];
            diagnostics.extend(dead_link_warnings(&entry.display_path, body));
            diagnostics.extend(link_hints(entry, body, &base, &journal.entries));
            for (pos, slug) in body.tag_links.iter().filter(|(_, s)| !tags.contains(s)) {
                diagnostics.push(Diagnostic::warning(
                    &entry.display_path,
                    *pos,
                    format!(
                        "link to tag `{slug}` leads nowhere: no entry in this build has that tag"
                    ),
                ));
            }
        }
        // Hidden entries are never rendered: their text need not stay in memory.
        // (A cached entry is shared with the cache, which keeps its text anyway.)
        for entry in journal
            .entries
            .iter_mut()
            .filter(|e| !e.is_visible(visibility))
            .filter_map(Arc::get_mut)
        {
            entry.body = "".into();
        }
        let pages: Vec<(usize, Rendered)> = journal
            .pages
            .iter()
            .enumerate()
            .filter(|(_, p)| visibility.shows(p.private, p.draft))
            .map(|(i, p)| {
                let body = markdown::render(&p.body, p.body_line, "", &links);
                diagnostics.extend(dead_link_warnings(&p.display_path, &body));
                (i, body)
            })
            .collect();
        let notes: Vec<(usize, Rendered)> = journal
            .notes
            .iter()
            .enumerate()
            .filter(|(_, n)| visibility.shows(n.private, n.draft))
            .map(|(i, n)| {
                let body = markdown::render(&n.body, n.body_line, "", &links);
                diagnostics.extend(dead_link_warnings(&n.display_path, &body));
                (i, body)
            })
            .collect();
        diagnostics.sort();
        phases.mark("  checks, pages");
        Site {
            config,
            visibility,
            journal,
            visible,
            links,
            scans,
            pages,
            notes,
            diagnostics,
            texts: cache.as_deref().is_none_or(Cache::keeps_texts),
            cache,
            links_hash,
        }
    }

    /// A fingerprint of everything the search index is made of: each
    /// document's (`prints`, from [`Site::search_prints`]) and where the
    /// site lives.
    pub fn search_fingerprint(&self, prints: &[[u64; 2]]) -> u64 {
        cache::hash_parts(("search", self.config.base_path(), prints))
    }

    /// A fingerprint of each document of the search index, in its order,
    /// in two parts: of what `search/docs.json` shows of it (title, place,
    /// date, summary and mode), and of all of it (that, its tags and its
    /// text). Entries first, then weekly notes.
    pub fn search_prints(&self) -> Vec<[u64; 2]> {
        let entries = self.visible.iter().enumerate().map(|(n, &i)| {
            let e = &self.journal.entries[i];
            let shown = cache::hash_parts((&e.title, &e.dir, e.date, e.time, &e.summary, e.mode));
            [cache::hash_parts((shown, &e.tags, self.body_key(n))), shown]
        });
        let notes = self.notes().map(|(n, body)| {
            let shown = cache::hash_parts((&n.id, &n.title));
            [cache::hash_parts((shown, &body.text)), shown]
        });
        entries.chain(notes).collect()
    }

    /// The keys of every visible entry's body: what a build's cache keeps.
    pub fn body_keys(&self) -> crate::hash::FastSet<u64> {
        (0..self.visible.len()).map(|n| self.body_key(n)).collect()
    }

    /// What this site carries between rebuilds, if anything.
    pub fn cache(&self) -> Option<&Cache> {
        self.cache.as_deref()
    }

    /// The entries this build shows, in journal order.
    pub fn entries(&self) -> Vec<&Entry> {
        self.visible
            .iter()
            .map(|&i| &*self.journal.entries[i])
            .collect()
    }

    /// The plain text of each visible entry's body, in the order of
    /// `visible`: from the scans, or from scanning the bodies again where
    /// the scans were kept without it.
    fn search_texts(&self) -> Vec<crate::text::Text> {
        if self.texts {
            return self.scans.iter().map(|s| s.text.clone()).collect();
        }
        self.visible
            .par_iter()
            .map(|&i| {
                let e = &self.journal.entries[i];
                markdown::scan(&e.body, e.body_line, &e.content_path, &self.links).text
            })
            .collect()
    }

    /// The documents of the search index: the visible entries with the
    /// plain text of their bodies (`texts`, from [`Site::search_texts`]),
    /// then the weekly notes.
    fn search_documents<'a>(
        &'a self,
        texts: &'a [crate::text::Text],
    ) -> Vec<crate::search::Document<'a>> {
        use crate::search::Document;
        let mut documents: Vec<Document<'a>> = self
            .visible
            .iter()
            .zip(texts)
            .map(|(&i, text)| Document::entry(&self.journal.entries[i], text))
            .collect();
        // Weekly notes after the entries, each found at its week's review.
        documents.extend(self.notes().map(|(n, body)| Document {
            title: note_title(n).into(),
            dir: crate::urls::week_dir(&n.id).into(),
            date: n.monday,
            summary: None,
            mode: None,
            tags: &[],
            text: &body.text,
        }));
        documents
    }

    /// The files of the search index (`search/…`), made from the visible
    /// entries and the plain text of their bodies.
    pub fn search_files(&self) -> Vec<(String, String)> {
        let base = self.config.base_path();
        let texts = self.search_texts();
        crate::search::build(&self.search_documents(&texts), Urls::new(&base))
    }

    /// [`Site::search_files`] with each document's trace, for the cache.
    pub fn search_files_traced(&self) -> (Vec<(String, String)>, Vec<crate::search::Trace>) {
        let base = self.config.base_path();
        let texts = self.search_texts();
        crate::search::build_traced(&self.search_documents(&texts), Urls::new(&base))
    }

    /// The search index patched from the last one, where only the
    /// documents at `changed` (whose traces were `old`) changed; see
    /// [`crate::search::patch::patch`].
    pub fn search_patch(
        &self,
        changed: &[usize],
        old: &[crate::search::Trace],
        shards: &[String],
        previous: &dyn Fn(&str) -> Option<Vec<u8>>,
        remake_docs: bool,
    ) -> Option<crate::search::patch::Patched> {
        let base = self.config.base_path();
        let texts = self.search_texts();
        let documents = self.search_documents(&texts);
        let urls = Urls::new(&base);
        crate::search::patch::patch(
            &documents,
            changed,
            old,
            shards,
            previous,
            urls,
            remake_docs,
        )
    }

    /// Frees the plain text kept for the search index, once it is built: a
    /// build's memory peaks later, while its pages are written. (Text shared
    /// with `serve`'s cache stays there.)
    pub fn drop_search_texts(&mut self) {
        for scan in &mut self.scans {
            if let Some(scan) = Arc::get_mut(scan) {
                scan.text = crate::text::Text::default();
            }
        }
    }

    /// The body of the `n`th visible entry as HTML (from the cache when `serve` has it).
    pub fn render_body(&self, n: usize) -> Arc<Rendered> {
        let e = &self.journal.entries[self.visible[n]];
        let render = || markdown::render(&e.body, e.body_line, &e.content_path, &self.links);
        match &self.cache {
            Some(c) => c.body(self.body_key(n), render),
            None => Arc::new(render()),
        }
    }

    /// The body of the `n`th visible entry as HTML for a feed, its Markdown
    /// links and images made absolute from the entry's own URL `page`.
    pub fn render_feed_body(&self, n: usize, page: &str) -> Arc<Rendered> {
        let e = &self.journal.entries[self.visible[n]];
        let origin = self.config.absolute("");
        let base = markdown::Absolute {
            origin: &origin,
            page,
        };
        let render =
            || markdown::render_absolute(&e.body, e.body_line, &e.content_path, &self.links, base);
        match &self.cache {
            Some(c) => c.feed_body(cache::hash_parts(("feed", self.body_key(n), page)), render),
            None => Arc::new(render()),
        }
    }

    /// A weekly note's body as HTML for a feed, its links made absolute from
    /// its week page's URL `page`.
    pub fn render_note_feed_body(&self, note: &WeekNote, page: &str) -> Rendered {
        let origin = self.config.absolute("");
        let base = markdown::Absolute {
            origin: &origin,
            page,
        };
        markdown::render_absolute(&note.body, note.body_line, "", &self.links, base)
    }

    /// A key of the `n`th visible entry's body that changes whenever its HTML can.
    pub fn body_key(&self, n: usize) -> u64 {
        body_key(&self.journal.entries[self.visible[n]], self.links_hash)
    }

    /// The weekly notes this build shows, oldest week first, with their bodies.
    /// (Their bodies' text stays: notes are few.)
    pub fn notes(&self) -> impl Iterator<Item = (&WeekNote, &Rendered)> {
        self.notes.iter().map(|(i, r)| (&self.journal.notes[*i], r))
    }

    /// The note of the week whose Monday is `monday`, if this build shows one.
    pub fn note(&self, monday: chrono::NaiveDate) -> Option<(&WeekNote, &Rendered)> {
        // Notes are loaded oldest week first, one per week: every week row
        // and page asks, so this is a search, not a walk.
        let at = self
            .notes
            .binary_search_by(|(i, _)| self.journal.notes[*i].monday.cmp(&monday))
            .ok()?;
        let (i, body) = &self.notes[at];
        Some((&self.journal.notes[*i], body))
    }

    /// The Mondays of the weeks a note gives a review page to: its own, and
    /// the following one when it plans anything.
    pub fn note_weeks(&self) -> Vec<chrono::NaiveDate> {
        let mut mondays: Vec<chrono::NaiveDate> = self
            .notes()
            .flat_map(|(n, _)| {
                let next = (!n.next.is_empty()).then(|| n.following_monday());
                std::iter::once(n.monday).chain(next)
            })
            .collect();
        mondays.sort();
        mondays.dedup();
        mondays
    }

    /// The standalone pages this build shows, with their bodies.
    pub fn pages(&self) -> impl Iterator<Item = (&PageSource, &Rendered)> {
        self.pages.iter().map(|(i, r)| (&self.journal.pages[*i], r))
    }

    /// What every page knows about the site.
    pub fn site_view<'a>(&'a self, base: &'a str) -> SiteView<'a> {
        let urls = Urls::new(base);
        SiteView {
            title: &self.config.title,
            description: self.config.description.as_deref(),
            lang: &self.config.language,
            authors: &self.config.authors,
            base,
            base_url: self.config.base_url.as_deref(),
            noindex: self.visibility.is_personal(),
            pages: self
                .pages()
                .map(|(p, _)| crate::render::views::Link {
                    title: p.title.clone(),
                    url: urls.at(&format!("{}/", p.slug)),
                })
                .collect(),
            extra: &self.config.extra,
        }
    }
}

/// The cache key of an entry's rendered body: everything the HTML depends on.
fn body_key(e: &Entry, links_hash: u64) -> u64 {
    cache::hash_parts((&e.content_path, e.body_hash, e.body_line, links_hash))
}

/// Warnings about links that are probably not what the writer meant (see
/// [`markdown::LinkHint`]); a link from the root is only a problem when the
/// site lives under a sub-path (`base`, like `/notes/`).
fn link_hints(
    entry: &Entry,
    body: &Rendered,
    base: &str,
    entries: &[Arc<Entry>],
) -> Vec<Diagnostic> {
    use markdown::HintKind;
    let titled = |path: &str| {
        let link = markdown::relative_link(&entry.content_path, path);
        match entries.iter().find(|e| e.content_path == path) {
            Some(e) => format!("`{link}` (\"{}\")", e.title),
            None => format!("`{link}`"),
        }
    };
    body.hints
        .iter()
        .filter_map(|h| {
            let message = match &h.kind {
                HintKind::NoExtension(meant) => format!(
                    "link to `{}` has no `.md`, so it leads to no page; it probably means {}",
                    h.written,
                    titled(meant)
                ),
                HintKind::Wiki(Some(meant)) => format!(
                    "`{}` is not a link in Markdown and shows as plain text; it probably means \
                     {}: write `[text]({})`",
                    h.written,
                    titled(meant),
                    markdown::relative_link(&entry.content_path, meant)
                ),
                HintKind::Wiki(None) => format!(
                    "`{}` is not a link in Markdown and shows as plain text, and no entry file \
                     has that name; link to an entry with `[text](path/to/entry.md)`",
                    h.written
                ),
                HintKind::FromRoot if base != "/" && !h.written.starts_with(base) => format!(
                    "link to `{}` starts at the server's root, but the site lives under `{base}` \
                     (base-url); link to the entry's `.md` file instead, or write `{base}{}`",
                    h.written,
                    h.written.trim_start_matches('/')
                ),
                HintKind::FromRoot => return None,
            };
            Some(Diagnostic::warning(&entry.display_path, h.pos, message))
        })
        .collect()
}

fn dead_link_warnings(path: &str, body: &Rendered) -> Vec<Diagnostic> {
    body.dead_links
        .iter()
        .map(|l| {
            let why = if l.broken {
                "that entry has errors (see above), so it is not part of the site"
            } else if l.unpublished {
                "that entry is a draft or private and not part of this build"
            } else {
                "no entry has that path"
            };
            Diagnostic::warning(
                path,
                l.pos,
                format!(
                    "link to `{}` leads nowhere: {why}; it is shown as plain text",
                    l.target
                ),
            )
        })
        .collect()
}

/// A weekly note's title: its own, else its week's (`Week 11, 2024`).
pub fn note_title(n: &WeekNote) -> String {
    n.title
        .clone()
        .unwrap_or_else(|| format!("Week {}, {}", n.week, n.year))
}
