//! The plan of outputs: every file a build writes, with its path, decided in
//! one place before anything is rendered. `build` and `serve` walk this one
//! list (`write::write_site`); what each output is made of is its
//! fingerprint (`fingerprint`), how it is made is its render (`make`).
//! Adding a kind of page touches this file, a view and a template.

use std::path::PathBuf;

use super::Site;
use crate::content::Mode;
use crate::index::Index;
use crate::render::Theme;
use crate::urls;

/// One page of the site.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum PageSpec {
    /// Page `n` (from 1) of the latest entries.
    Home(usize),
    /// The `n`th entry of the index.
    Entry(usize),
    Tags,
    /// Page `n` of the tag at this index.
    Tag(usize, usize),
    /// Page `n` of a mode's entries.
    Mode(Mode, usize),
    Archive,
    /// The `n`th standalone page.
    Page(usize),
    NotFound,
    Trends,
    Weeks,
    /// The `n`th week of the index.
    Week(usize),
    /// A year in review: a calendar year with entries.
    Year(i32),
    Search,
}

/// One file a build writes (or, for the search index, one group of files).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Output {
    Page(PageSpec),
    /// The site's Atom feed (`None`), or the feed of the tag at this index.
    Feed(Option<usize>),
    Sitemap,
    /// Written unless the journal's `static/` has its own.
    Robots,
    /// `data/entries.json`.
    Data,
    /// `data/figures.json`.
    Figures,
    /// The search index. It is written apart from the walk: by `build`
    /// before the pages, so its text is freed before they are rendered, and
    /// by `serve` when a search first asks for it.
    Search,
    /// The highlighting stylesheet.
    SyntaxCss,
    /// The theme's asset at this index of `Theme::assets`.
    ThemeAsset(usize),
    /// A file copied as it is: from `static/`, or from beside an entry's `index.md`.
    Copy(PathBuf),
}

/// An output and where it goes inside the site.
#[derive(Debug, Clone)]
pub struct Planned {
    /// The `/`-separated path inside the site.
    pub path: String,
    pub output: Output,
}

impl Planned {
    /// Whether making it takes many times longer than an entry page (it
    /// shows the whole journal), so it should start first.
    pub fn is_long(&self) -> bool {
        matches!(
            self.output,
            Output::Page(PageSpec::Archive | PageSpec::Trends | PageSpec::Weeks | PageSpec::Tags)
                | Output::Feed(None)
        )
    }
}

/// How many list pages `count` entries make (at least one, so empty lists still have a page).
pub fn page_count(count: usize, size: usize) -> usize {
    count.div_ceil(size.max(1)).max(1)
}

/// The calendar years with entries, oldest first: each has a year in review.
pub fn years(index: &Index<'_>) -> Vec<i32> {
    use chrono::Datelike;
    let mut years: Vec<i32> = index.days.iter().map(|d| d.date.year()).collect();
    years.dedup();
    years
}

/// Every file the site has, in the order they are best made: files copied
/// as they are, then the pages, then feeds, the sitemap and the data file.
pub fn plan(site: &Site, index: &Index<'_>, theme: &Theme) -> Vec<Planned> {
    let mut out = Vec::with_capacity(index.entries.len() * 2 + index.tags.len() * 2 + 32);
    let mut add = |path: String, output: Output| out.push(Planned { path, output });

    for (i, (rel, _)) in theme.assets.iter().enumerate() {
        add(rel.clone(), Output::ThemeAsset(i));
    }
    add("assets/syntax.css".to_owned(), Output::SyntaxCss);
    let static_dir = site.config.root.join("static");
    for path in crate::render::theme::files_under(&static_dir) {
        let rel = crate::content::content_relative(&static_dir, &path);
        add(rel, Output::Copy(path));
    }
    for e in &index.entries {
        for asset in &e.assets {
            if let Some(name) = asset.file_name() {
                let rel = format!("{}{}", e.dir, name.to_string_lossy());
                add(rel, Output::Copy(asset.clone()));
            }
        }
    }
    add(urls::SEARCH.to_owned(), Output::Search);

    for (path, spec) in pages(site, index) {
        add(path, Output::Page(spec));
    }

    add(urls::FEED.to_owned(), Output::Feed(None));
    for (t, tag) in index.tags.iter().enumerate() {
        add(urls::tag_feed(&tag.slug), Output::Feed(Some(t)));
    }
    add(urls::SITEMAP.to_owned(), Output::Sitemap);
    if !static_dir.join(urls::ROBOTS).exists() {
        add(urls::ROBOTS.to_owned(), Output::Robots);
    }
    add(urls::DATA.to_owned(), Output::Data);
    add(urls::FIGURES.to_owned(), Output::Figures);
    out
}

/// Every page of the site and the file it is written to, in the order the
/// sitemap lists them.
fn pages(site: &Site, index: &Index<'_>) -> Vec<(String, PageSpec)> {
    let size = site.config.page_size;
    let mut pages: Vec<(String, PageSpec)> =
        Vec::with_capacity(index.entries.len() + index.tags.len() + 16);
    let list = |pages: &mut Vec<_>, dir: &str, count: usize, spec: &dyn Fn(usize) -> PageSpec| {
        for n in 1..=page_count(count, size) {
            pages.push((urls::index_file(&urls::paged(dir, n)), spec(n)));
        }
    };
    let one = |dir: &str, spec: PageSpec| (urls::index_file(dir), spec);
    list(&mut pages, "", index.entries.len(), &PageSpec::Home);
    for (i, e) in index.entries.iter().enumerate() {
        pages.push(one(&e.dir, PageSpec::Entry(i)));
    }
    pages.push(one(urls::TAGS, PageSpec::Tags));
    for (t, tag) in index.tags.iter().enumerate() {
        let dir = urls::tag_dir(&tag.slug);
        list(&mut pages, &dir, tag.entries.len(), &|n| {
            PageSpec::Tag(t, n)
        });
    }
    for mode in Mode::ALL {
        let count = index
            .entries
            .iter()
            .filter(|e| e.mode == Some(mode))
            .count();
        let dir = urls::mode_dir(mode.slug());
        list(&mut pages, &dir, count, &|n| PageSpec::Mode(mode, n));
    }
    pages.push(one(urls::ARCHIVE, PageSpec::Archive));
    pages.push(one(urls::TRENDS, PageSpec::Trends));
    pages.push(one(urls::WEEKS, PageSpec::Weeks));
    pages.push(one(urls::SEARCH, PageSpec::Search));
    for (n, week) in index.weeks.iter().enumerate() {
        pages.push(one(&urls::week_dir(&week.id()), PageSpec::Week(n)));
    }
    for year in years(index) {
        pages.push(one(&urls::year_dir(year), PageSpec::Year(year)));
    }
    for (p, (page, _)) in site.pages().enumerate() {
        pages.push(one(&urls::page_dir(&page.slug), PageSpec::Page(p)));
    }
    pages.push((urls::NOT_FOUND.to_owned(), PageSpec::NotFound));
    pages
}
