//! What a published site needs beside its pages: Atom feeds, a sitemap and
//! robots.txt. Built from the index, so they hold public entries only.

use std::fmt::Write as _;

use chrono::{Datelike, NaiveDate};

use super::Site;
use super::pages::{PageSpec, output_path};
use super::shared::Shared;
use crate::feed::{Feed, Item, absolutize, atom, timestamp};
use crate::index::Index;
use crate::output::{OutputError, Sink};
use crate::render::views::Links;

/// Writes `atom.xml` (the latest entries, in full) and `tags/<slug>/atom.xml`
/// (each tag's latest entries, with their summaries).
pub fn write_feeds(
    site: &Site,
    index: &Index<'_>,
    urls: Links<'_>,
    shared: &Shared,
    sink: &dyn Sink,
) -> Result<(), OutputError> {
    let config = &site.config;
    let limit = config.feed_limit;
    // In `serve`, a feed whose entries did not change is kept as it was.
    let unchanged = |rel: &str, name: &str, ids: &[usize], full: bool| {
        let (Some(cache), Some(parts)) = (site.cache(), shared.parts.as_ref()) else {
            return false;
        };
        let bodies: Vec<u64> = match full {
            true => ids.iter().map(|&i| site.body_key(i)).collect(),
            false => Vec::new(),
        };
        let hash = parts.feed(shared.site_hash(), name, ids, &bodies);
        if cache.unchanged(rel, hash) {
            sink.keep(rel);
            return true;
        }
        false
    };
    let item = |i: usize, full: bool| {
        let e = index.entries[i];
        let url = config.absolute(&urls.entry(e));
        let content =
            full.then(|| absolutize(&site.render_body(i).html, &config.absolute(""), &url));
        let card = urls.card(e);
        Item {
            entry: e,
            url,
            tags: card.tags.into_iter().map(|t| t.title).collect(),
            content,
        }
    };
    let updated = |items: &[Item<'_>]| {
        items
            .first()
            .map_or_else(|| "1970-01-01T00:00:00Z".to_owned(), |i| timestamp(i.entry))
    };
    let latest: Vec<usize> = (0..index.entries.len()).rev().take(limit).collect();
    let feed = Feed {
        title: &config.title,
        subtitle: config.description.as_deref(),
        language: &config.language,
        authors: &config.authors,
        alternate: config.absolute(&urls.at("")),
        self_url: config.absolute(&urls.at("atom.xml")),
    };
    if !unchanged("atom.xml", "", &latest, true) {
        let items: Vec<Item<'_>> = latest.iter().map(|&i| item(i, true)).collect();
        sink.write("atom.xml", atom(&feed, &items, &updated(&items)).as_bytes())?;
    }
    for tag in &index.tags {
        let rel = format!("tags/{}/atom.xml", tag.slug);
        let latest: Vec<usize> = tag.entries.iter().rev().take(limit).copied().collect();
        if unchanged(&rel, &tag.name, &latest, false) {
            continue;
        }
        let items: Vec<Item<'_>> = latest.iter().map(|&i| item(i, false)).collect();
        let title = format!("{} · #{}", config.title, tag.name);
        let feed = Feed {
            title: &title,
            alternate: config.absolute(&urls.tag(&tag.slug)),
            self_url: config.absolute(&urls.at(&rel)),
            ..feed.clone()
        };
        sink.write(&rel, atom(&feed, &items, &updated(&items)).as_bytes())?;
    }
    Ok(())
}

/// Writes `sitemap.xml` (every page but the 404, with the date it last
/// changed: an entry's own date, else the newest entry's) and, unless the
/// journal's `static/` has one, `robots.txt` pointing to it.
pub fn write_sitemap(
    site: &Site,
    index: &Index<'_>,
    shared: &Shared,
    specs: &[PageSpec],
    sink: &dyn Sink,
) -> Result<(), OutputError> {
    let config = &site.config;
    let base = config.base_path();
    let newest = shared.now().or_else(|| index.days.last().map(|d| d.date));
    let kept = match (site.cache(), shared.parts.as_ref()) {
        (Some(cache), Some(parts)) => {
            let hash = parts.sitemap(shared.site_hash(), index, specs.len(), newest);
            cache.unchanged("sitemap.xml", hash)
        }
        _ => false,
    };
    if kept {
        sink.keep("sitemap.xml");
    } else {
        write_urls(site, index, specs, &base, newest, sink)?;
    }
    if !config.root.join("static/robots.txt").exists() {
        let sitemap = config.absolute(&format!("{base}sitemap.xml"));
        let robots = if site.visibility.is_personal() {
            // A personal copy is for its author alone.
            "User-agent: *\nDisallow: /\n".to_owned()
        } else {
            format!("User-agent: *\nAllow: /\n\nSitemap: {sitemap}\n")
        };
        sink.write("robots.txt", robots.as_bytes())?;
    }
    Ok(())
}

/// The `<urlset>` of every page but the 404.
fn write_urls(
    site: &Site,
    index: &Index<'_>,
    specs: &[PageSpec],
    base: &str,
    newest: Option<NaiveDate>,
    sink: &dyn Sink,
) -> Result<(), OutputError> {
    let config = &site.config;
    // Every address starts with the site's: escaped once.
    let prefix = crate::html::escape(&config.absolute(base));
    let mut x = String::with_capacity(specs.len() * 100 + 256);
    x.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for spec in specs {
        if *spec == PageSpec::NotFound {
            continue;
        }
        let rel = output_path(site, index, spec);
        let lastmod: Option<NaiveDate> = match spec {
            PageSpec::Entry(i) => Some(index.entries[*i].date),
            _ => newest,
        };
        x.push_str("  <url><loc>");
        x.push_str(&prefix);
        crate::html::escape_into(&mut x, rel.trim_end_matches("index.html"));
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
    sink.write("sitemap.xml", x.as_bytes())
}
