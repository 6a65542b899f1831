//! The pages of a site: which ones exist (the plan) and how each is rendered
//! from its view. A page's output depends only on its view.

use rayon::prelude::*;

use super::Site;
use super::fingerprint::fingerprint;
use super::lists::{archive, list, tag_figures};
pub use super::shared::Shared;
use crate::content::Mode;
use crate::diagnostics::Diagnostic;
use crate::index::Index;
use crate::index::stats::one_decimal;
use crate::render::Theme;
use crate::render::views::{EntryView, Link, PageView, SiteView, TagsView, Links, entry_dir};
use crate::render::{render_card, render_page};

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
    Search,
}

impl PageSpec {
    /// Whether the page shows the whole journal at once, so that it takes
    /// many times longer to render than an entry.
    pub fn is_long(&self) -> bool {
        matches!(
            self,
            PageSpec::Archive | PageSpec::Trends | PageSpec::Weeks | PageSpec::Tags
        )
    }
}

/// Every page the site has.
pub fn plan(site: &Site, index: &Index<'_>) -> Vec<PageSpec> {
    let size = site.config.page_size;
    let mut specs = Vec::with_capacity(index.entries.len() + index.tags.len() + 16);
    specs.extend((1..=page_count(index.entries.len(), size)).map(PageSpec::Home));
    specs.extend((0..index.entries.len()).map(PageSpec::Entry));
    specs.push(PageSpec::Tags);
    for (t, tag) in index.tags.iter().enumerate() {
        specs.extend((1..=page_count(tag.entries.len(), size)).map(|n| PageSpec::Tag(t, n)));
    }
    for mode in Mode::ALL {
        let count = index
            .entries
            .iter()
            .filter(|e| e.mode == Some(mode))
            .count();
        specs.extend((1..=page_count(count, size)).map(|n| PageSpec::Mode(mode, n)));
    }
    specs.push(PageSpec::Archive);
    specs.push(PageSpec::Trends);
    specs.push(PageSpec::Weeks);
    specs.push(PageSpec::Search);
    specs.extend((0..index.weeks.len()).map(PageSpec::Week));
    specs.extend((0..site.pages().count()).map(PageSpec::Page));
    specs.push(PageSpec::NotFound);
    specs
}

/// The pages of `specs` whose view changed since the cached build; the
/// others are kept in `staging` as they are. Every page without a cache.
pub fn changed<'s>(
    site: &Site,
    index: &Index<'_>,
    shared: &Shared,
    specs: &'s [PageSpec],
    staging: &dyn crate::output::Sink,
) -> Vec<&'s PageSpec> {
    let (Some(cache), Some(parts)) = (site.cache(), shared.parts.as_ref()) else {
        return specs.iter().collect();
    };
    // Fingerprints in parallel, then one comparison with the last build.
    let prints: Vec<(String, u64)> = specs
        .par_iter()
        .map(|spec| {
            let rel = output_path(site, index, spec);
            (rel, fingerprint(site, index, shared, parts, spec))
        })
        .collect();
    let same = cache.unchanged_all(&prints);
    let kept: Vec<&str> = prints
        .iter()
        .zip(&same)
        .filter(|(_, same)| **same)
        .map(|((rel, _), _)| rel.as_str())
        .collect();
    staging.keep_all(&kept);
    specs
        .iter()
        .zip(same)
        .filter(|(_, same)| !same)
        .map(|(spec, _)| spec)
        .collect()
}

/// Renders one page: its output path (inside the site) and its HTML.
pub fn render(
    site: &Site,
    index: &Index<'_>,
    shared: &Shared,
    theme: &Theme,
    site_view: &SiteView<'_>,
    urls: Links<'_>,
    spec: &PageSpec,
) -> Result<(String, Vec<u8>), Diagnostic> {
    let size = site.config.page_size;
    // A list's cards, each rendered by `card.html` once per build.
    let card = |i: usize| {
        let mut card = urls.card(index.entries[i]);
        let html = shared.card_html(i, || render_card(theme, site_view, &card))?;
        card.html = Some(html);
        Ok(card)
    };
    let (dir, html) = match spec {
        PageSpec::Home(n) => {
            let mut view = list(urls, card, &shared.all, *n, size, "", "home")?;
            view.heading = site.config.title.clone();
            view.figures = shared.home_figures.clone();
            if *n == 1 {
                view.chart = shared.recent.clone();
                view.this_week = shared.this_week.clone();
            }
            let dir = paged("", *n);
            (
                dir.clone(),
                render_page(theme, "list.html", site_view, &view, &urls.at(&dir), "home"),
            )
        }
        PageSpec::Entry(i) => {
            let e = index.entries[*i];
            let dir = entry_dir(e).to_owned();
            let path = urls.at(&dir);
            let neighbour = |j: usize| {
                index.entries.get(j).map(|n| Link {
                    title: n.title.clone(),
                    url: urls.entry(n),
                })
            };
            let body = site.render_body(*i);
            let view = EntryView {
                entry: urls.card(e),
                content: &body.html,
                time: entry_time(e),
                prev: i.checked_sub(1).and_then(neighbour),
                next: neighbour(i + 1),
                on_this_day: index
                    .on_this_day(*i)
                    .into_iter()
                    .map(|j| urls.year_link(index.entries[j]))
                    .collect(),
                extra: &e.extra,
                published: crate::feed::timestamp(e),
            };
            let html = render_page(theme, "entry.html", site_view, &view, &path, "home");
            (dir, html)
        }
        PageSpec::Tags => {
            let (rare, common): (Vec<_>, Vec<_>) = index.tags.iter().partition(|t| t.is_rare());
            let mut common = common;
            common.sort_by(|a, b| {
                b.entries
                    .len()
                    .cmp(&a.entries.len())
                    .then(a.slug.cmp(&b.slug))
            });
            let view = TagsView {
                tags: common.into_iter().map(|t| urls.tag_row(t)).collect(),
                rare: rare.into_iter().map(|t| urls.tag_row(t)).collect(),
                mean_energy: index.mean_energy.map(one_decimal),
                rare_days: crate::index::RARE_TAG_DAYS,
            };
            let dir = "tags/".to_owned();
            (
                dir.clone(),
                render_page(theme, "tags.html", site_view, &view, &urls.at(&dir), "tags"),
            )
        }
        PageSpec::Tag(t, n) => {
            let tag = &index.tags[*t];
            let base = format!("tags/{}/", tag.slug);
            let mut view = list(urls, card, &tag.entries, *n, size, &base, "tag")?;
            view.heading = format!("#{}", tag.name);
            view.figures = tag_figures(index, tag);
            if *n == 1 {
                view.chart = super::weeks::tag_chart(index, urls, tag);
            }
            view.feed = Some(urls.at(&format!("tags/{}/atom.xml", tag.slug)));
            if tag.is_rare() {
                view.note = Some(format!(
                    "Seen on {} so far: too few for its energy figures to say much.",
                    crate::render::words::count(tag.days, "day", "days")
                ));
            }
            let dir = paged(&base, *n);
            (
                dir.clone(),
                render_page(theme, "list.html", site_view, &view, &urls.at(&dir), "tags"),
            )
        }
        PageSpec::Mode(mode, n) => {
            let base = format!("modes/{}/", mode.slug());
            let (entries, figures) = shared.mode(*mode);
            let mut view = list(urls, card, entries, *n, size, &base, "mode")?;
            view.heading = match mode {
                Mode::Ic => "IC days".to_owned(),
                Mode::Em => "EM days".to_owned(),
            };
            view.note = Some(match mode {
                Mode::Ic => "Entries written on individual-contributor days. Figures count only days worked wholly as IC.".to_owned(),
                Mode::Em => "Entries written on engineering-manager days. Figures count only days worked wholly as EM.".to_owned(),
            });
            view.figures = figures.clone();
            let dir = paged(&base, *n);
            let section = mode.slug();
            (
                dir.clone(),
                render_page(
                    theme,
                    "list.html",
                    site_view,
                    &view,
                    &urls.at(&dir),
                    section,
                ),
            )
        }
        PageSpec::Archive => {
            let view = archive(index, urls);
            let dir = "archive/".to_owned();
            (
                dir.clone(),
                render_page(
                    theme,
                    "archive.html",
                    site_view,
                    &view,
                    &urls.at(&dir),
                    "archive",
                ),
            )
        }
        PageSpec::Page(p) => {
            let (page, body) = site
                .pages()
                .nth(*p)
                .ok_or_else(|| theme.problem(format!("page {p} is missing")))?;
            let view = PageView {
                title: &page.title,
                content: &body.html,
            };
            let dir = format!("{}/", page.slug);
            let html = render_page(
                theme,
                "page.html",
                site_view,
                &view,
                &urls.at(&dir),
                &page.slug,
            );
            (dir, html)
        }
        PageSpec::Trends => {
            let view = super::trends::trends_view(index, urls, shared.now);
            let dir = "trends/".to_owned();
            let html = render_page(
                theme,
                "trends.html",
                site_view,
                &view,
                &urls.at(&dir),
                "trends",
            );
            (dir, html)
        }
        PageSpec::Weeks => {
            let view = super::weeks::weeks_view(index, urls);
            let dir = "weeks/".to_owned();
            let html = render_page(
                theme,
                "weeks.html",
                site_view,
                &view,
                &urls.at(&dir),
                "weeks",
            );
            (dir, html)
        }
        PageSpec::Week(n) => {
            let view = super::weeks::week_view(index, urls, *n);
            let dir = format!("weeks/{}/", view.id);
            let html = render_page(
                theme,
                "week.html",
                site_view,
                &view,
                &urls.at(&dir),
                "weeks",
            );
            (dir, html)
        }
        PageSpec::Search => {
            let dir = "search/".to_owned();
            let view = serde_json::json!({});
            let html = render_page(
                theme,
                "search.html",
                site_view,
                &view,
                &urls.at(&dir),
                "search",
            );
            (dir, html)
        }
        PageSpec::NotFound => {
            let view = serde_json::json!({});
            let html = render_page(
                theme,
                "404.html",
                site_view,
                &view,
                &urls.at("404.html"),
                "404",
            );
            return html.map(|h| ("404.html".to_owned(), h));
        }
    };
    html.map(|h| (format!("{dir}index.html"), h))
}

/// Where a page is written inside the site.
pub fn output_path(site: &Site, index: &Index<'_>, spec: &PageSpec) -> String {
    let dir = match spec {
        PageSpec::Home(n) => paged("", *n),
        PageSpec::Entry(i) => entry_dir(index.entries[*i]).to_owned(),
        PageSpec::Tags => "tags/".to_owned(),
        PageSpec::Tag(t, n) => paged(&format!("tags/{}/", index.tags[*t].slug), *n),
        PageSpec::Mode(mode, n) => paged(&format!("modes/{}/", mode.slug()), *n),
        PageSpec::Archive => "archive/".to_owned(),
        PageSpec::Page(p) => site
            .pages()
            .nth(*p)
            .map(|(page, _)| format!("{}/", page.slug))
            .unwrap_or_default(),
        PageSpec::Trends => "trends/".to_owned(),
        PageSpec::Weeks => "weeks/".to_owned(),
        PageSpec::Search => "search/".to_owned(),
        PageSpec::Week(n) => format!("weeks/{}/", index.weeks[*n].id()),
        PageSpec::NotFound => return "404.html".to_owned(),
    };
    format!("{dir}index.html")
}

/// `09:30 +01:00`, when an entry's date had a time.
pub fn entry_time(e: &crate::content::Entry) -> Option<String> {
    e.time.map(|t| match t.offset {
        Some(o) => format!("{} {}", t.time.format("%H:%M"), o),
        None => t.time.format("%H:%M").to_string(),
    })
}

/// How many list pages `count` entries make (at least one, so empty lists still have a page).
pub fn page_count(count: usize, size: usize) -> usize {
    count.div_ceil(size.max(1)).max(1)
}

/// The folder of page `n` of a list at `base`: `base` itself, then `base/page/N/`.
pub fn paged(base: &str, n: usize) -> String {
    if n <= 1 {
        base.to_owned()
    } else {
        format!("{base}page/{n}/")
    }
}
