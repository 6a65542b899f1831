//! How each page is rendered from its view. A page's output depends only on
//! its view; which pages exist, and where they go, is the plan's.

use super::lists::{archive, list, tag_figures};
use super::plan::PageSpec;
use super::shared::Ctx;
use crate::content::Mode;
use crate::diagnostics::Diagnostic;
use crate::numbers::one_decimal;
use crate::render::trend_views::TrendsPage;
use crate::render::views::{EntryView, Link, PageView, TagsView};
use crate::render::{render_card, render_page};
use crate::urls;

/// Renders the page `spec`, whose file is `path` inside the site.
pub fn render(ctx: &Ctx<'_>, spec: &PageSpec, path: &str) -> Result<Vec<u8>, Diagnostic> {
    let Ctx {
        site,
        index,
        shared,
        theme,
        view: site_view,
        links: urls,
    } = *ctx;
    let size = site.config.page_size;
    // The page's own URL: its folder, or the file itself for `404.html`.
    let own = urls.at(path.strip_suffix("index.html").unwrap_or(path));
    // A list's cards, each rendered by `card.html` once per build.
    let card = |i: usize| {
        let mut card = urls.card(index.entries[i]);
        let html = shared.card_html(i, || render_card(theme, site_view, &card))?;
        card.html = Some(html);
        Ok(card)
    };
    match spec {
        PageSpec::Home(n) => {
            let mut view = list(urls, card, shared.all(), *n, size, "", "home")?;
            view.heading = site.config.title.clone();
            view.figures = shared.home_figures().to_vec();
            if *n == 1 {
                view.chart = shared.recent().cloned();
                view.this_week = shared.this_week().cloned();
            }
            render_page(theme, "list.html", site_view, &view, &own, "home")
        }
        PageSpec::Entry(i) => {
            let e = index.entries[*i];
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
                metrics: crate::render::views::metric_facts(&site.config.metrics, &e.metrics),
                published: crate::feed::timestamp(e),
            };
            render_page(theme, "entry.html", site_view, &view, &own, "home")
        }
        PageSpec::Tags => {
            let (rare, mut common): (Vec<_>, Vec<_>) = index.tags.iter().partition(|t| t.is_rare());
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
            render_page(theme, "tags.html", site_view, &view, &own, "tags")
        }
        PageSpec::Tag(t, n) => {
            let tag = &index.tags[*t];
            let dir = urls::tag_dir(&tag.slug);
            let mut view = list(urls, card, &tag.entries, *n, size, &dir, "tag")?;
            view.heading = format!("#{}", tag.name);
            view.figures = tag_figures(index, tag);
            if *n == 1 {
                view.chart = super::weeks::tag_chart(index, urls, tag);
            }
            view.feed = Some(urls.at(&urls::tag_feed(&tag.slug)));
            let rare = tag.is_rare().then(|| {
                format!(
                    "Seen on {} so far: too few for its energy figures to say much.",
                    crate::numbers::count(tag.days, "day", "days")
                )
            });
            // Hour by hour: how the hours the tag ends went, when it ends any.
            let hours = super::trends::tag_line(
                &tag.name,
                index.hours.tag(&tag.slug),
                index.hours.effect(&tag.slug),
            );
            view.note = match (rare, hours) {
                (Some(rare), Some(hours)) => Some(format!("{rare} {hours}")),
                (rare, hours) => rare.or(hours),
            };
            render_page(theme, "list.html", site_view, &view, &own, "tags")
        }
        PageSpec::Mode(mode, n) => {
            let dir = urls::mode_dir(mode.slug());
            let mut view = list(
                urls,
                card,
                shared.mode_entries(*mode),
                *n,
                size,
                &dir,
                "mode",
            )?;
            view.heading = format!("{} days", mode.label());
            view.note = Some(match mode {
                Mode::Ic => "Entries written on individual-contributor days. Figures count only days worked wholly as IC.".to_owned(),
                Mode::Em => "Entries written on engineering-manager days. Figures count only days worked wholly as EM.".to_owned(),
            });
            view.figures = shared.mode_figures(*mode).to_vec();
            render_page(theme, "list.html", site_view, &view, &own, mode.slug())
        }
        PageSpec::Archive => {
            let view = archive(index, urls);
            render_page(theme, "archive.html", site_view, &view, &own, "archive")
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
            render_page(theme, "page.html", site_view, &view, &own, &page.slug)
        }
        PageSpec::Trends => {
            let view = TrendsPage {
                trends: super::trends::trends_view(index, urls, shared.now(), &site.config),
                years: super::years::year_links(index, urls),
            };
            render_page(theme, "trends.html", site_view, &view, &own, "trends")
        }
        PageSpec::Weeks => {
            let view = super::weeks::weeks_view(index, urls, site);
            render_page(theme, "weeks.html", site_view, &view, &own, "weeks")
        }
        PageSpec::Week(n) => {
            let view = super::weeks::week_view(index, urls, *n, site);
            render_page(theme, "week.html", site_view, &view, &own, "weeks")
        }
        PageSpec::Year(year) => {
            let view = super::years::year_view(index, urls, *year, site);
            render_page(theme, "year.html", site_view, &view, &own, "years")
        }
        PageSpec::Search => {
            let view = serde_json::json!({});
            render_page(theme, "search.html", site_view, &view, &own, "search")
        }
        PageSpec::NotFound => {
            let view = serde_json::json!({});
            render_page(theme, "404.html", site_view, &view, &own, "404")
        }
    }
}

/// `09:30 +01:00`, when an entry's date had a time.
pub fn entry_time(e: &crate::content::Entry) -> Option<String> {
    e.time.map(|t| match t.offset {
        Some(o) => format!("{} {}", t.time.format("%H:%M"), o),
        None => t.time.format("%H:%M").to_string(),
    })
}
