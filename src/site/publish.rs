//! What a published site needs beside its pages: Atom feeds, a sitemap,
//! robots.txt and the entries' data. Made from the index, so they hold
//! public entries only; where each goes is the plan's.

use std::fmt::Write as _;

use chrono::{Datelike, NaiveDate};

use super::plan::{Output, PageSpec, Planned};
use super::shared::Ctx;
use crate::feed::{Feed, Item, atom, timestamp};
use crate::urls;

/// The site's feed (`tag` is `None`: the latest entries, in full) or a
/// tag's (its latest entries, with their summaries).
pub fn feed(ctx: &Ctx<'_>, tag: Option<usize>) -> String {
    let Ctx {
        site, index, links, ..
    } = *ctx;
    let config = &site.config;
    let full = tag.is_none();
    let item = |i: usize| {
        let e = index.entries[i];
        let url = config.absolute(&links.entry(e));
        let content = full.then(|| site.render_feed_body(i, &url).html.clone());
        let card = links.card(e);
        Item {
            title: e.title.as_str().into(),
            stamp: timestamp(e),
            summary: e.summary.as_deref(),
            url,
            tags: card.tags.into_iter().map(|t| t.title).collect(),
            content,
        }
    };
    let mut feed = Feed {
        title: &config.title,
        subtitle: config.description.as_deref(),
        language: &config.language,
        authors: &config.authors,
        alternate: config.absolute(&links.at("")),
        self_url: config.absolute(&links.at(urls::FEED)),
    };
    let title;
    let listed: &[usize] = match tag {
        None => ctx.shared.all(),
        Some(t) => {
            let tag = &index.tags[t];
            title = format!("{} · #{}", config.title, tag.name);
            feed.title = &title;
            feed.alternate = config.absolute(&links.tag(&tag.slug));
            feed.self_url = config.absolute(&links.at(&urls::tag_feed(&tag.slug)));
            &tag.entries
        }
    };
    let mut items: Vec<Item<'_>> = listed
        .iter()
        .rev()
        .take(config.feed_limit)
        .map(|&i| item(i))
        .collect();
    if full {
        // The site's feed also carries the weekly notes, newest first among
        // the entries; a note is dated on its week's Sunday, or "now" while
        // the week is still running.
        let now = ctx.shared.now();
        for (n, _) in site.notes() {
            let sunday = n.monday + chrono::Duration::days(6);
            let day = now.map_or(sunday, |now| sunday.min(now).max(n.monday));
            let url = config.absolute(&links.at(&urls::week_dir(&n.id)));
            let content = site.render_note_feed_body(n, &url).html;
            items.push(Item {
                title: crate::site::note_title(n).into(),
                stamp: format!("{}T23:59:59Z", crate::render::dates::iso(day)),
                summary: None,
                url,
                tags: Vec::new(),
                content: Some(content),
            });
        }
        items.sort_by(|a, b| b.stamp.cmp(&a.stamp));
        items.truncate(config.feed_limit);
    }
    let updated = items
        .first()
        .map_or_else(|| "1970-01-01T00:00:00Z".to_owned(), |i| i.stamp.clone());
    atom(&feed, &items, &updated)
}

/// `robots.txt`, pointing to the sitemap; a personal copy keeps every
/// crawler out.
pub fn robots(ctx: &Ctx<'_>) -> String {
    if ctx.site.visibility.is_personal() {
        // A personal copy is for its author alone.
        return "User-agent: *\nDisallow: /\n".to_owned();
    }
    let sitemap = ctx.site.config.absolute(&ctx.links.at(urls::SITEMAP));
    format!("User-agent: *\nAllow: /\n\nSitemap: {sitemap}\n")
}

/// `data/entries.json`: the entries' metadata.
pub fn data(ctx: &Ctx<'_>) -> String {
    let records: Vec<crate::export::Record<'_>> = ctx
        .index
        .entries
        .iter()
        .map(|e| crate::export::record(e, ctx.links.urls, ctx.site.config.base_url.as_deref()))
        .collect();
    crate::export::to_json(&records)
}

/// `sitemap.xml`: every page of `plan` but the 404, with the date it last
/// changed (an entry's own date, else the newest entry's).
pub fn sitemap(ctx: &Ctx<'_>, plan: &[Planned]) -> String {
    let Ctx { site, index, .. } = *ctx;
    let newest = ctx
        .shared
        .now()
        .or_else(|| index.days.last().map(|d| d.date));
    // Every address starts with the site's: escaped once.
    let prefix = crate::html::escape(&site.config.absolute(ctx.links.urls.base()));
    let mut x = String::with_capacity(plan.len() * 100 + 256);
    x.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for planned in plan {
        let Output::Page(spec) = &planned.output else {
            continue;
        };
        let lastmod: Option<NaiveDate> = match spec {
            PageSpec::NotFound => continue,
            PageSpec::Entry(i) => Some(index.entries[*i].date),
            _ => newest,
        };
        x.push_str("  <url><loc>");
        x.push_str(&prefix);
        crate::html::escape_into(&mut x, planned.path.trim_end_matches("index.html"));
        x.push_str("</loc>");
        if let Some(d) = lastmod {
            let _ = write!(
                x,
                "<lastmod>{:04}-{:02}-{:02}</lastmod>",
                d.year(),
                d.month(),
                d.day()
            );
        }
        x.push_str("</url>\n");
    }
    x.push_str("</urlset>\n");
    x
}
